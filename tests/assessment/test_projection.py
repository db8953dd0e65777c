"""Options shared between people with the same projection (projection.py) equal a fresh full evaluation."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from scenario_cases import load_scenario, scenario_files
from test_properties import KB

from crampcare.assessment import index as index_module
from crampcare.assessment.facts import derive
from crampcare.assessment.index import option_index
from crampcare.assessment.options import mark_all, mark_every
from crampcare.assessment.projection import READER_MAKERS
from crampcare.assessment.triage import red_flags
from crampcare.assessment.triggers import MATCHERS, field_of, match_trigger
from crampcare.assessment.validation import parse_profile
from crampcare.errors import InputError
from crampcare.knowledge.models import LabThreshold, Trigger


def _valid_scenario_profiles() -> list[dict[str, Any]]:
    return [s.profile for s in map(load_scenario, scenario_files()) if s.error is None]


# Changes that keep a person's facts but alter what an explanation quotes, or a fact a rule compares.
MUTATIONS: list[tuple[str, Any]] = [
    ("labs", {"potassium": 5.6, "magnesium": 0.6, "egfr": 25, "calcium": 2.0}),
    ("labs", {"potassium": 5.9, "magnesium": 0.55, "egfr": 28, "calcium": 1.9}),
    ("medications", ["Lasix", "atorvastatin"]),
    ("medications", ["furosemide", "Lipitor"]),
    ("medications", ["atorvastatin", "furosemide"]),
    ("conditions", ["CKD"]),
    ("conditions", ["chronic kidney disease", "dialysis"]),
    ("allergies", ["ibuprofen"]),
    ("allergies", ["Nurofen"]),
    ("age_years", 9),
    ("age_years", 12),
    ("age_years", 80),
    ("pregnancy_weeks", 12),
    ("pregnancy_weeks", 30),
    ("breastfeeding", True),
    ("episode", {"muscle": "calf", "setting": "swimming", "duration_minutes": 12}),
    ("episode", {"muscle": "calf", "setting": "bed_night", "duration_minutes": 20}),
    ("lifestyle", {"caffeine_cups_per_day": 6, "alcohol_units_per_week": 30}),
    ("lifestyle", {"caffeine_cups_per_day": 8, "alcohol_units_per_week": 40}),
    ("vitals", {"systolic_bp": 85, "heart_rate": 45}),
    ("vitals", {"systolic_bp": 80, "heart_rate": 40}),
]


def _facts(profile: dict[str, Any]) -> Any:
    try:
        return derive(KB, parse_profile(profile))
    except InputError:
        return None  # a mutation that makes the profile invalid (pregnancy at age 9, a male pregnancy…)


def test_every_trigger_field_has_a_reader() -> None:
    assert set(READER_MAKERS) == set(MATCHERS)


def test_shared_options_equal_a_full_evaluation_for_people_who_differ_in_one_quoted_fact() -> None:
    option_index(KB).explained.clear()
    checked = 0
    for base in _valid_scenario_profiles():
        for field, value in MUTATIONS:
            facts = _facts({**copy.deepcopy(base), field: value})
            if facts is None:
                continue
            flags = [flag for flag, _, _ in red_flags(facts, KB)]
            shared, shared_warnings = mark_all(facts, KB, flags)
            full, full_warnings = mark_every(facts, KB, flags)
            assert [o.model_dump_json() for o in shared] == [o.model_dump_json() for o in full], (base, field)
            assert shared_warnings == full_warnings
            checked += 1
    assert checked > 1000
    assert len(option_index(KB).explained) > 100  # the comparison really went through shared options


def test_the_store_starts_again_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    index = option_index(KB)
    index.explained.clear()
    index.explained_json.clear()
    monkeypatch.setattr(index_module, "EXPLAINED_LIMIT", 3)
    people = [{"age_years": 40, "labs": {"potassium": 5.5 + i / 10}, "medications": ["furosemide"]} for i in range(4)]
    for person in people:
        facts = derive(KB, parse_profile(person))
        mark_all(facts, KB)
        assert len(index.explained) <= 3
        assert len(index.explained_json) <= len(index.explained)


# One trigger of every field (some no record uses yet), for the reader soundness check below.
TRIGGERS = [
    Trigger(condition="ckd"),
    Trigger(condition="kidney_failure"),
    Trigger(population="pregnancy"),
    Trigger(population="child"),
    Trigger(population="older_adult"),
    Trigger(age_below_years=12),
    Trigger(age_at_least_years=65),
    Trigger(lab=LabThreshold(name="potassium", op=">", value=5.0, unit="mmol/L")),
    Trigger(lab=LabThreshold(name="magnesium", op="<", value=0.7, unit="mmol/L")),
    Trigger(symptom="calf_swelling"),
    Trigger(drug_class="loop_diuretics"),
    Trigger(inn="furosemide"),
    Trigger(lifestyle="caffeine_high"),
    Trigger(lifestyle="alcohol_high"),
    Trigger(episode_setting="swimming"),
    Trigger(episode_longer_than_minutes=10),
    Trigger(systolic_bp_below=90),
    Trigger(heart_rate_below=50),
]


def test_a_reader_tells_apart_any_two_people_its_trigger_explains_differently() -> None:
    people = []
    for base in _valid_scenario_profiles():
        for field, value in [("age_years", base.get("age_years", 40)), *MUTATIONS]:
            facts = _facts({**copy.deepcopy(base), field: value})
            if facts is not None:
                people.append(facts)
    assert {field_of(t) for t in TRIGGERS} == set(MATCHERS)
    for trigger in TRIGGERS:
        read = READER_MAKERS[field_of(trigger)](trigger)
        phrases_by_reading: dict[object, list[str]] = {}
        for facts in people:
            phrases = match_trigger(trigger, facts, KB)
            seen = phrases_by_reading.setdefault(read(facts), phrases)
            assert seen == phrases, (trigger, read(facts))
        assert len({tuple(p) for p in phrases_by_reading.values()}) > 1, trigger  # the trigger matched someone
