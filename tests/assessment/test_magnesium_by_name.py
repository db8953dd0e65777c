"""Walk-through (a pregnant woman who takes "a magnesium supplement"): the everyday ways of naming magnesium, with no
salt, are the magnesium class, so the plan checks it (and its warning signs) instead of calling it unknown."""

from __future__ import annotations

import pytest

from crampcare.assessment.engine import assess
from crampcare.knowledge.loader import knowledge
from crampcare.knowledge.lookup import resolve_drug

KB = knowledge()
UNKNOWN = "does not know this medicine"
NAMES = ["magnesium", "Magnesium", "magnesium supplement", "Magnesium 300mg", "magnesium tablets", "магний"]


@pytest.mark.parametrize("name", NAMES)
def test_magnesium_without_a_salt_resolves_to_the_class_without_an_ingredient(name: str) -> None:
    drug = resolve_drug(KB, name)
    assert drug is not None, name
    assert drug.classes == ("magnesium_supplements",) and drug.inns == ()


@pytest.mark.parametrize("name", NAMES)
def test_the_plan_checks_magnesium_named_so(name: str) -> None:
    plan = assess({"age_years": 31, "sex": "female", "pregnancy_weeks": 30, "medications": [name]}, KB)
    assert not any(UNKNOWN in w for w in plan.warnings), plan.warnings
    # A rule on the class now applies: a slow pulse while taking magnesium is its warning sign.
    slow = assess({"age_years": 70, "medications": [name], "vitals": {"heart_rate": 45}}, KB)
    assert "magnesium_toxicity_signs" in {flag.id for flag in slow.red_flags}


def test_a_salt_still_names_its_ingredient() -> None:
    drug = resolve_drug(KB, "magnesium citrate")
    assert drug is not None and drug.inns == ("magnesium citrate",)
