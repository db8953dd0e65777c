"""Lab values against the usual adult reference intervals of the knowledge base (nutrition-and-labs.md §2)."""

from __future__ import annotations

from collections.abc import Mapping

from crampcare.assessment.config import number, spoken, texts, unit
from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.plan import LabResult
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import LabRange
from crampcare.knowledge.vocab import LAB_NAMES

# What LabRange cannot state yet (its low/high are inclusive, and it names no sample type). The ADA calls a
# fasting glucose normal only BELOW 5.6 mmol/L, so 5.6 itself is impaired fasting glucose
# (nutrition-and-labs.md §2; ada_standards_2024); and the glucose upper limit holds only for a fasting sample (the
# low limit, ADA level 1 hypoglycaemia below 3.9, holds for any sample).
HIGH_IS_EXCLUSIVE: frozenset[str] = frozenset({"glucose"})
SAMPLE: dict[str, str] = {"glucose": "upper limit for a fasting sample"}  # in the plan: texts.yaml lab_reference


def reference_text(low: float | None, high: float | None, unit_name: str, *, high_exclusive: bool = False) -> str:
    """The range in the plan's language (texts.yaml lab_reference): "3.5–5.3 mmol/L", "≤ 5.6 mmol/L"."""
    say = texts().lab_reference
    shown = {"low": None if low is None else number(low), "high": None if high is None else number(high)}
    if low is not None and high is not None:
        return say["range_below" if high_exclusive else "range"].format(unit=unit(unit_name), **shown)
    if low is not None:
        return say["at_least"].format(unit=unit(unit_name), **shown)
    if high is None:
        return say["none"]
    return say["below" if high_exclusive else "at_most"].format(unit=unit(unit_name), **shown)


def status_of(value: float, lab: LabRange) -> str:
    """low / normal / high against the range; an exclusive upper limit counts as high when reached."""
    if lab.low is not None and value < lab.low:
        return "low"
    if lab.high is not None and (value >= lab.high if lab.name in HIGH_IS_EXCLUSIVE else value > lab.high):
        return "high"
    return "normal"


def describe_range(lab: LabRange) -> str:
    """The reference shown next to a result: the range, the sample it holds for, and its sources."""
    text = reference_text(lab.low, lab.high, lab.unit, high_exclusive=lab.name in HIGH_IS_EXCLUSIVE)
    say = texts().lab_reference
    sample = say[f"{lab.name}_sample"] if lab.name in SAMPLE else ""
    return say["described"].format(range=text, sample=sample, sources=", ".join(lab.sources))


# interpret's answers by (id of the knowledge base, the language written in, the lab values), the knowledge base
# kept with them (a recycled id is never trusted); bounded.
_INTERPRETED: dict[
    tuple[int, str, tuple[tuple[str, float], ...]], tuple[KnowledgeBase, list[LabResult], list[str]]
] = {}
INTERPRETED_LIMIT = 256  # small: each kept answer is memory in every server worker (issue 17 §4)


def interpret(facts: PersonFacts, kb: KnowledgeBase) -> tuple[list[LabResult], list[str]]:
    """Results for adults, and the names without a reference range.

    Under 18 adult intervals do not apply (§2.6: route to a clinician), so no
    result is interpreted; the engine warns instead. The same values give the same (shared, read-only) results.
    """
    if facts.is_child:
        return [], []
    key = (id(kb), spoken(), tuple(facts.labs.items()))
    entry = _INTERPRETED.get(key)
    if entry is None or entry[0] is not kb:
        if len(_INTERPRETED) >= INTERPRETED_LIMIT:
            _INTERPRETED.clear()
        entry = _INTERPRETED[key] = (kb, *_interpret(facts.labs, kb))
    return list(entry[1]), list(entry[2])


def _interpret(labs: Mapping[str, float], kb: KnowledgeBase) -> tuple[list[LabResult], list[str]]:
    results: list[LabResult] = []
    missing: list[str] = []
    for name in LAB_NAMES:
        if name not in labs:
            continue
        value = labs[name]
        lab = kb.labs.get(name)
        if lab is None:
            missing.append(name)
            continue
        results.append(
            LabResult(
                name=name, value=value, unit=lab.unit, status=status_of(value, lab), reference=describe_range(lab)
            )
        )
    return results, missing
