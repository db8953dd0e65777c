"""Issue 19: the combined symptom code `tinnitus_visual_disturbance` (one answer for ringing ears, blurred vision and
flashing lights) keeps its name; what it triggers says that it is one answer, so a woman who only sees flashing
lights is not told "because of tinnitus", and in pregnancy it counts as a possible vision problem."""

from __future__ import annotations

from typing import Any

import pytest

from crampcare.assessment.engine import assess
from crampcare.assessment.validation import parse_profile
from crampcare.knowledge.loader import knowledge

KB = knowledge()
CODE = "tinnitus_visual_disturbance"
PREGNANT: dict[str, Any] = {"age_years": 31, "sex": "female", "pregnancy_weeks": 36}


@pytest.mark.parametrize("typed", ["visual_disturbance", "blurred_vision", "flashing_lights", "tinnitus", CODE])
def test_every_spelling_becomes_the_one_combined_code(typed: str) -> None:
    assert parse_profile({**PREGNANT, "symptoms": [typed]}).symptoms == [CODE]


def test_severe_pressure_with_vision_problems_in_pregnancy_is_an_emergency_explained_in_words() -> None:
    plan = assess({**PREGNANT, "vitals": {"systolic_bp": 164, "diastolic_bp": 112}, "symptoms": ["flashing_lights"]})
    assert plan.triage.level == "emergency"
    assert "pregnancy_severe_preeclampsia_signs" in {f.id for f in plan.red_flags}
    reasons = [r for r in plan.triage.reasons if "ringing in the ears, blurred vision or flashing lights" in r]
    assert reasons and all("one answer for all three" in r for r in reasons)
    assert not any("tinnitus visual disturbance" in r for r in plan.triage.reasons)


def test_on_quinine_the_same_answer_is_the_toxicity_flag() -> None:
    plan = assess({"age_years": 70, "medications": ["quinine"], "symptoms": [CODE]}, KB)
    assert "quinine_toxicity" in {f.id for f in plan.red_flags}
    assert any("flashing lights" in r for r in plan.triage.reasons)


def test_without_pregnancy_or_quinine_the_answer_raises_no_pregnancy_flag() -> None:
    plan = assess({"age_years": 40, "symptoms": [CODE]}, KB)
    assert not {f.id for f in plan.red_flags} & {
        "pregnancy_severe_preeclampsia_signs",
        "pregnancy_hypertension_with_symptoms",
        "pregnancy_preeclampsia_symptoms",
        "quinine_toxicity",
    }


def test_the_code_keeps_its_name_in_the_schema() -> None:
    from crampcare.assessment.profile import Profile

    schema = Profile.model_json_schema()
    assert CODE in schema["properties"]["symptoms"]["items"]["enum"]
