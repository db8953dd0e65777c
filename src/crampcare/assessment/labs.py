"""Lab values against the usual adult reference intervals of the knowledge base (nutrition-and-labs.md §2)."""

from __future__ import annotations

from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.plan import LabResult
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.vocab import LAB_NAMES


def reference_text(low: float | None, high: float | None, unit: str) -> str:
    if low is not None and high is not None:
        return f"{low:g}–{high:g} {unit}"
    if low is not None:
        return f"≥ {low:g} {unit}"
    return f"≤ {high:g} {unit}" if high is not None else "none stated"


def interpret(facts: PersonFacts, kb: KnowledgeBase) -> tuple[list[LabResult], list[str]]:
    """Results for adults, and the names without a reference range.

    Under 18 adult intervals do not apply (§2.6: route to a clinician), so no
    result is interpreted; the engine warns instead.
    """
    if facts.is_child:
        return [], []
    results: list[LabResult] = []
    missing: list[str] = []
    for name in LAB_NAMES:
        if name not in facts.labs:
            continue
        value = facts.labs[name]
        lab = kb.labs.get(name)
        if lab is None:
            missing.append(name)
            continue
        status = "normal"
        if lab.low is not None and value < lab.low:
            status = "low"
        elif lab.high is not None and value > lab.high:
            status = "high"
        reference = f"{reference_text(lab.low, lab.high, lab.unit)} (usual adult range; {', '.join(lab.sources)})"
        results.append(LabResult(name=name, value=value, unit=lab.unit, status=status, reference=reference))
    return results, missing
