"""Issue 19 §3-4: conditions that change the answer. Sickle cell disease points to the haematology team."""

from __future__ import annotations

import pytest

from crampcare.assessment.config import rules
from crampcare.assessment.engine import assess
from crampcare.knowledge.loader import knowledge

KB = knowledge()


def test_condition_specialists_name_known_conditions_specialists_and_sources() -> None:
    entries = rules().condition_specialists
    assert entries
    for entry in entries:
        assert set(entry.conditions) <= set(KB.conditions)
        assert set(entry.specialists) <= set(KB.specialists)
        assert set(entry.sources) <= set(KB.sources)
        assert "{name}" in entry.reason


@pytest.mark.parametrize("name", ["sickle cell disease", "sickle cell anaemia", "HbSS", "серповидноклеточная анемия"])
def test_sickle_cell_disease_points_to_the_haematology_team(name: str) -> None:
    plan = assess({"age_years": 30, "conditions": [name]}, KB)
    hits = {hit.id: hit for hit in plan.specialists}
    assert "haematologist" in hits
    assert any(name in reason and "care plan" in reason for reason in hits["haematologist"].because)
    assert not plan.unchecked_conditions
    assert not any(name in warning for warning in plan.warnings), plan.warnings


def test_a_sickle_cell_pain_crisis_names_the_haematology_team_too() -> None:
    plan = assess({"age_years": 30, "conditions": ["sickle cell disease"], "symptoms": ["severe_pain"]}, KB)
    assert plan.triage.level == "urgent"
    flag = next(f for f in plan.red_flags if f.id == "sickle_cell_leg_pain")
    assert flag
    assert "haematologist" in KB.red_flags["sickle_cell_leg_pain"].specialists
    hits = {hit.id: hit for hit in plan.specialists}
    assert any("red flag" in reason for reason in hits["haematologist"].because)


def test_without_sickle_cell_disease_no_haematologist_is_suggested() -> None:
    plan = assess({"age_years": 30, "conditions": ["diabetes"], "symptoms": ["severe_pain"]}, KB)
    assert "haematologist" not in {hit.id for hit in plan.specialists}
