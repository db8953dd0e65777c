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
