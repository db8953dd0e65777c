"""Issue 19 §5: an abbreviation with several meanings ("MS", "RA", "SCD") is not silently read as one of them; the
plan lists it as not checked and names the meanings, so the person can write the name out."""

from __future__ import annotations

import pytest

from crampcare.assessment.config import ambiguous_meanings, ambiguous_names
from crampcare.assessment.engine import assess
from crampcare.knowledge.loader import knowledge
from crampcare.knowledge.lookup import find_condition, resolve_drug

KB = knowledge()


def test_the_sources_of_the_ambiguous_names_exist() -> None:
    assert set(ambiguous_names().sources) <= set(KB.sources)


@pytest.mark.parametrize("name", sorted(ambiguous_names().conditions))
def test_an_ambiguous_condition_name_names_no_condition(name: str) -> None:
    assert find_condition(KB, name) is None, f"{name} still resolves to one meaning"


@pytest.mark.parametrize("name", sorted(ambiguous_names().medicines))
def test_every_medicine_meaning_is_a_medicine_crampcare_knows(name: str) -> None:
    for meaning in ambiguous_names().medicines[name]:
        assert resolve_drug(KB, meaning) is not None, meaning


@pytest.mark.parametrize(
    ("typed", "meaning", "known_as"),
    [
        ("MS", "multiple sclerosis", "multiple_sclerosis"),
        ("RA", "rheumatoid arthritis", "rheumatoid_arthritis"),
        ("SCD", "sickle cell disease", "sickle_cell_disease"),
    ],
)
def test_a_typed_abbreviation_is_listed_with_its_meanings(typed: str, meaning: str, known_as: str) -> None:
    found = find_condition(KB, meaning)
    assert found is not None and found.id == known_as  # written out, the meaning is checked
    for spelling in (typed, typed.lower(), ".".join(typed) + "."):
        plan = assess({"age_years": 40, "conditions": [spelling]}, KB)
        assert plan.unchecked_conditions == [spelling]
        notes = [w for w in plan.warnings if w.startswith(f'condition not checked: "{spelling}" can mean')]
        assert len(notes) == 1, plan.warnings
        assert all(m in notes[0] for m in ambiguous_meanings("conditions", typed))
        assert "did not guess" in notes[0]
        assert not any("does not know this condition" in w for w in plan.warnings)


def test_sickle_cell_written_out_is_checked_while_scd_is_not() -> None:
    written = assess({"age_years": 30, "conditions": ["sickle cell disease"]}, KB)
    abbreviated = assess({"age_years": 30, "conditions": ["SCD"]}, KB)
    assert "haematologist" in {s.id for s in written.specialists}
    assert "haematologist" not in {s.id for s in abbreviated.specialists}
    assert any("sickle cell disease" in w and "SCD" in w for w in abbreviated.warnings)


@pytest.mark.parametrize("typed", ["MS", "ms", "MSO4", "MgSO4"])
def test_an_ambiguous_medicine_name_is_not_guessed(typed: str) -> None:
    plan = assess({"age_years": 40, "medications": [typed]}, KB)
    notes = [w for w in plan.warnings if w.startswith(f'not checked: "{typed}" can mean')]
    assert len(notes) == 1, plan.warnings
    assert "morphine sulfate" in notes[0] and "magnesium sulfate" in notes[0]
    assert not any("does not know this medicine" in w for w in plan.warnings)


def test_the_web_shows_an_ambiguous_condition_at_the_top_and_an_ambiguous_medicine_with_the_medicines() -> None:
    from crampcare.web.plan_view import split_warnings, top_warnings

    plan = assess({"age_years": 40, "conditions": ["MS"], "medications": ["MS"]}, KB)
    top, _ = top_warnings(plan.warnings)
    medicines, _ = split_warnings(plan.warnings)
    assert len(top) == 1 and "multiple sclerosis" in top[0]
    assert len(medicines) == 1 and "morphine sulfate" in medicines[0]
