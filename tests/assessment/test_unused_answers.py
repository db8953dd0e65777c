"""Issue 19 §1: an answer that changes nothing in the plan is not silently dropped; the plan says it was not used and
why. The list follows input_effects.yaml: every answer documented there as `no_effect` only has its note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from crampcare.assessment.config import ASSESSMENT_DATA, texts
from crampcare.assessment.engine import assess

EFFECTS: dict[str, Any] = yaml.safe_load(Path(ASSESSMENT_DATA, "input_effects.yaml").read_text(encoding="utf-8"))
NOT_USED = texts().not_used
assert NOT_USED is not None
PLAN_EFFECTS = {"triage", "red_flags", "causes", "options", "first_aid", "specialists", "diet", "labs", "warnings"}
# The side's values are covered by the field's own note ("episode.side").
COVERED_BY_FIELD = {"episode.side=left", "episode.side=right", "episode.side=both"}


def test_every_answer_the_plan_does_not_use_has_a_note() -> None:
    silent = [
        key
        for key, entry in EFFECTS.items()
        if "no_effect" in entry and not {e["area"] for e in entry.get("effects", [])} & PLAN_EFFECTS
    ]
    assert silent, "input_effects.yaml lists no answer without effect: the test would check nothing"
    missing = [key for key in silent if key not in NOT_USED.items and key not in COVERED_BY_FIELD]
    assert not missing, f"answers with no effect on the plan and no 'not used' note: {missing}"
    stale = [key for key in NOT_USED.items if key not in EFFECTS]
    assert not stale, f"'not used' notes for keys input_effects.yaml does not have: {stale}"


PROFILES: dict[str, dict[str, Any]] = {
    "weight_kg": {"weight_kg": 82},
    "episode.side": {"episode": {"muscle": "calf", "side": "right"}},
    "episode.pain": {"episode": {"muscle": "calf", "pain": 8}},
    "episode.ongoing": {"episode": {"muscle": "calf", "ongoing": True}},
    "lifestyle.exercise=moderate": {"lifestyle": {"exercise": "moderate"}},
}


@pytest.mark.parametrize("key", sorted(NOT_USED.items))
def test_the_plan_says_an_unused_answer_was_not_used(key: str) -> None:
    plan = assess({"age_years": 45, **PROFILES[key]})
    notes = [w for w in plan.warnings if w.startswith("not used in this plan:")]
    assert len(notes) == 1 and NOT_USED.items[key] in notes[0], plan.warnings


def test_nothing_is_said_when_the_answers_are_not_given() -> None:
    plan = assess({"age_years": 45, "episode": {"muscle": "calf", "ongoing": False}, "lifestyle": {"exercise": "none"}})
    assert not any(w.startswith("not used in this plan:") for w in plan.warnings)


def test_several_unused_answers_make_one_note() -> None:
    plan = assess({"age_years": 45, "weight_kg": 60, "episode": {"muscle": "foot", "side": "left", "pain": 3}})
    notes = [w for w in plan.warnings if w.startswith("not used in this plan:")]
    assert len(notes) == 1
    assert all(NOT_USED.items[k] in notes[0] for k in ("weight_kg", "episode.side", "episode.pain"))
