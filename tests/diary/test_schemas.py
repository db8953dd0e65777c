"""`describe`: pydantic's errors about a diary entry, said the way a person reads them."""

from __future__ import annotations

from typing import Any

import pytest

from crampcare.diary.schemas import CheckinIn, EpisodeIn, validate
from crampcare.errors import InputError
from diary.sample import EPISODE


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("muscle", "arm", "muscle: unknown muscle 'arm' (valid: calf, shin, foot, toes, hamstring, quadriceps, "),
        ("side", "up", "side: unknown side 'up' (valid: left, right, both)"),
        ("setting", "beach", "setting: unknown setting 'beach' (valid: swimming, exercise, walking_standing, "),
    ],
)
def test_an_unknown_choice_lists_the_valid_ones(field: str, value: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        validate(EpisodeIn, EPISODE | {field: value})
    assert caught.value.field == field
    assert caught.value.one_line().startswith(expected)
    assert "Input should" not in caught.value.one_line()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"medicines": "ramipril"}, "medicines: must be a list, e.g. [\"ramipril\"] (got 'ramipril')"),
        ({"water_litres": "lots"}, "water_litres: must be a number (got 'lots')"),
        ({"note": 5}, "note: must be text (got 5)"),
        ({"day": "2024-13-01"}, "day: is not a date (got '2024-13-01') (valid: a date as YYYY-MM-DD, e.g. 2024-05-01)"),
    ],
)
def test_type_errors_are_in_plain_words(data: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputError) as caught:
        validate(CheckinIn, {"day": "2024-05-01"} | data)
    assert caught.value.one_line() == expected


def test_a_bad_start_time_says_what_a_valid_one_looks_like() -> None:
    with pytest.raises(InputError) as caught:
        validate(EpisodeIn, EPISODE | {"started": "noon"})
    assert caught.value.one_line().startswith("started: is not a date and time (got 'noon') (valid: ISO 8601")


@pytest.mark.parametrize(
    ("started", "fragment"),
    [
        (12345, "must be an ISO 8601 time as text"),  # pydantic alone would read Unix seconds: 1970-01-01
        ("12345", "must be an ISO 8601 time as text"),
        (1.7e9, "must be an ISO 8601 time as text"),
        ("2024-05-01", "a date without a time"),
        ("1900-01-01T00:00+14:00", "year 1899 is not plausible"),  # local diary day and UTC are in 1899
        ("1900-01-01T05:00+00:00", "year 1899 is not plausible"),  # before 06:00: the night of 1899-12-31
    ],
)
def test_a_start_must_be_iso_text_in_the_plausible_range(started: object, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        validate(EpisodeIn, EPISODE | {"started": started})
    assert caught.value.field == "started" and fragment in caught.value.message


def test_an_empty_medicine_name_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        validate(CheckinIn, {"day": "2024-05-01", "medicines": ["magnesium", " "]})
    assert caught.value.field == "medicines" and "empty" in caught.value.message
