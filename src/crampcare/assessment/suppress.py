"""What a red flag holds back is held back everywhere: the options a raised flag forbids (rules.yaml
red_flag_suppressions) get the stricter status and the reason, so first aid, the option list, the For-you box, the
prevention tips and the reports, which all read the same option, never still offer it as self-care (issue 11 §3).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Sequence

from crampcare.assessment.config import rules, texts
from crampcare.assessment.index import sort_key
from crampcare.assessment.plan import Option
from crampcare.knowledge.models import RedFlag
from crampcare.knowledge.vocab import STATUS_SEVERITY


def suppressed(options: list[Option], flags: Sequence[RedFlag]) -> list[Option]:
    """`options` with every suppression of a raised flag applied, in plan order (unchanged when none applies)."""
    if not flags:  # most people: nothing raised, nothing held back (the rules' walk was ~10 µs a plan, issue 17 §2)
        return options
    raised = {flag.id: flag.title for flag in flags}
    found: dict[str, list[tuple[str, str]]] = {}  # option id → [(status, reason)]
    for rule in rules().red_flag_suppressions:
        titles = [raised[f] for f in rule.flags if f in raised]
        if not titles:
            continue
        reason = rule.said().format(flags="; ".join(dict.fromkeys(titles)))
        reason += texts().because["unverified"] if rule.unverified else ""
        for oid in rule.interventions:
            found.setdefault(oid, []).append((rule.status, reason))
    if not found:
        return options
    # `options` are in plan order and only the few changed ones move: each is put in its place (sort keys end with
    # the option id, so no two are equal and the order is the full sort's) instead of every option's key being
    # worked out again.
    ranked = [o for o in options if o.id not in found]
    for option in options:
        if option.id in found:
            insort(ranked, _apply(option, found[option.id]), key=sort_key)
    return ranked


def _apply(option: Option, hits: list[tuple[str, str]]) -> Option:
    status = max([option.status, *(s for s, _ in hits)], key=STATUS_SEVERITY.__getitem__)
    reasons = [r for _, r in hits]
    # The suppression's reason leads when it decides the status; otherwise the option's own stricter reason does.
    ordered = [*reasons, *option.reasons] if status != option.status else [*option.reasons, *reasons]
    return option.model_copy(update={"status": status, "reasons": list(dict.fromkeys(ordered))})
