"""Bad input becomes one InputError naming the field and what would be valid."""

from __future__ import annotations

from typing import Any

import pytest

from crampcare.assessment.validation import parse_profile
from crampcare.errors import InputError, UnknownNameError


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        (
            {"age_years": 30, "labs": {"potassium": 50}},
            "labs.potassium",
            "must be between 1.0 and 10.0 mmol/L (got 50)",
        ),
        ({"age_years": -5}, "age_years", "between 0 and 120"),
        ({"age_years": 30, "labs": {"egfr": 0}}, "labs.egfr", "mL/min/1.73 m²"),
        ({"age_years": 30, "sex": "male", "pregnancy_weeks": 10}, "pregnancy_weeks", "male"),
        ({"age_years": 30, "episode": {"pain": 12}}, "episode.pain", "between 0 and 10"),
        ({"age_years": 30, "episode": {"muscle": "elbow"}}, "episode.muscle", "calf"),
        ({"age_years": 30, "weight": 80}, "weight", "weight_kg"),
        ({}, "age_years", "required"),
    ],
)
def test_implausible_values_name_the_field_and_range(data: dict[str, Any], field: str, text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_profile(data)
    assert caught.value.field == field
    assert text in caught.value.one_line()
    assert "\n" not in caught.value.one_line()


def test_everyday_symptom_words_are_accepted() -> None:
    profile = parse_profile({"age_years": 30, "symptoms": ["Swollen calf", "dark-urine", "numbness"]})
    assert profile.symptoms == ["calf_swelling", "dark_urine", "numbness_tingling"]


def test_unknown_symptom_offers_close_matches() -> None:
    with pytest.raises(UnknownNameError) as caught:
        parse_profile({"age_years": 30, "symptoms": ["fever", "dark urin"]})
    assert caught.value.field == "symptoms[1]"
    assert "dark_urine" in caught.value.suggestions


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        ({"age_years": True}, "age_years"),
        ({"age_years": 40, "episode": {"pain": False}}, "episode.pain"),
        ({"age_years": 40, "labs": {"potassium": True}}, "labs.potassium"),
    ],
)
def test_true_or_false_is_not_read_as_a_number(profile: dict[str, object], field: str) -> None:
    with pytest.raises(InputError, match="must be a number") as caught:
        parse_profile(profile)
    assert caught.value.field == field


def test_booleans_and_numeric_strings_still_validate_where_they_belong() -> None:
    profile = parse_profile({"age_years": 40, "breastfeeding": True, "labs": {"potassium": "4.1"}})
    assert profile.breastfeeding is True and profile.labs.potassium == 4.1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"age_years": 50, "conditions": "diabetes"},
            "conditions: must be a list, e.g. [\"diabetes\"] (got 'diabetes')",
        ),
        ({"age_years": "fifty"}, "age_years: must be a number (got 'fifty')"),
        ({"age_years": 50, "labs": 5}, "labs: must be an object with named fields (got 5)"),
        ({"age_years": 50, "sex": "x"}, "sex: unknown sex 'x' (valid: female, male, other)"),
    ],
)
def test_type_and_choice_errors_are_in_plain_words(data: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_profile(data)
    assert caught.value.one_line() == expected


def test_every_symptom_has_a_label_in_words() -> None:
    from typing import get_args

    from crampcare.assessment.config import texts
    from crampcare.knowledge.vocab import Symptom

    labels = texts().symptom_labels
    assert set(labels) == set(get_args(Symptom))
    assert all(label and "_" not in label for label in labels.values())
