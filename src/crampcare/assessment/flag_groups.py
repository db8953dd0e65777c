"""Lab red flags that nest (sodium below 135, 130 and 125) are one result: shown once, the narrowest flag first.

A red flag that is one lab threshold and nothing else lies inside the wider ones on the same lab and side: sodium
124 raises all three sodium flags, potassium 2.3 both low-potassium ones. The plan keeps every flag (its JSON and
the triage do not change); what a reader is shown is one entry per result, with the narrowest flag's title and
action (the most urgent of its group, which a test checks the data keeps so) and the other flags with their
reasons. The CDS cards and the person's own plan (web, CLI, PDFs) group from here, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crampcare.assessment.plan import CarePlan, RedFlagHit
from crampcare.knowledge.language import knowledge_in
from crampcare.knowledge.loader import KnowledgeBase, knowledge
from crampcare.knowledge.models import RedFlag


def nest_key(flag: RedFlag) -> tuple[str, bool] | None:
    """(lab, low?) for a flag that is one lab threshold and nothing else; such flags on the same lab and side nest
    (potassium below 2.5 lies inside below 3.0). A flag with more to it (a CK limit on a statin) stands alone."""
    rule = flag.rule
    if len(rule.when) != 1 or rule.when_all or rule.and_one_of or rule.when_each or rule.unless or rule.unless_any:
        return None
    lab = rule.when[0].lab
    return None if lab is None else (str(lab.name), lab.op in ("<", "<="))


def narrowness(flag: RedFlag) -> float:
    """How far out the flag's threshold lies: the larger, the fewer results it takes in."""
    lab = flag.rule.when[0].lab
    assert lab is not None  # only flags `nest_key` grouped
    return -lab.value if lab.op in ("<", "<=") else lab.value


def nested(ids: Sequence[str], kb: KnowledgeBase) -> list[list[str]]:
    """The flag ids in groups, one per lab result (a flag that does not nest is a group of its own), in the order
    each group's first flag comes; within a group the narrowest flag first."""
    groups: dict[object, list[str]] = {}
    for fid in ids:
        groups.setdefault(nest_key(kb.red_flags[fid]) or fid, []).append(fid)
    return [
        sorted(ids, key=lambda fid: narrowness(kb.red_flags[fid]), reverse=True) if len(ids) > 1 else ids
        for ids in groups.values()
    ]


@dataclass(frozen=True)
class FlagEntry:
    """What the reader is shown of one result: the narrowest flag, and the wider ones it includes with the reason
    each was raised (empty for a flag on its own)."""

    hit: RedFlagHit
    also: tuple[tuple[RedFlagHit, str], ...] = ()


def flag_entries(plan: CarePlan) -> list[FlagEntry]:
    """The plan's red flags as the reader sees them: one entry per lab result (see the module's docstring)."""
    hits = {hit.id: hit for hit in plan.red_flags}
    groups = nested(list(hits), knowledge())  # thresholds are the same in every language
    if all(len(group) == 1 for group in groups):
        return [FlagEntry(hits[group[0]]) for group in groups]
    local = knowledge_in(plan.lang)
    return [
        FlagEntry(hits[first], tuple((hits[fid], _reason(plan, local.red_flags[fid])) for fid in rest))
        for first, *rest in groups
    ]


def _reason(plan: CarePlan, flag: RedFlag) -> str:
    """The flag's reason as the triage gives it ("Because sodium 124 mmol/L < 130: <the rule's reason>"): the
    engine writes each raised flag's reason there, ending with its rule's reason."""
    rule_reason = " ".join(flag.rule.reason.split())
    return next((reason for reason in plan.triage.reasons if f": {rule_reason}" in reason), rule_reason)
