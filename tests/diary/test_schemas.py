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
        ("1900-01-01T00:00+14:00", "1900-01-01T00:00+14:00 counts for the diary day 1899-12-31, outside 1900–2200"),
        ("1900-01-01T05:00+00:00", "counts for the diary day 1899-12-31"),  # before 06:00: the night of 1899-12-31
        ("1900-01-01T10:00+14:00", "1900-01-01T10:00+14:00 is 1899-12-31 in UTC, outside 1900–2200"),
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


@pytest.mark.parametrize("started", ["2024-05-01T23:00+14:30", "2024-05-01T23:00-14:30", "2024-05-01T23:00+20:00"])
def test_an_offset_no_time_zone_has_is_refused(started: str) -> None:
    with pytest.raises(InputError) as caught:
        validate(EpisodeIn, EPISODE | {"started": started})
    assert caught.value.field == "started" and "from UTC" in caught.value.message
    assert caught.value.valid == "an offset from -14:00 to +14:00"
    validate(EpisodeIn, EPISODE | {"started": "2024-05-01T23:00+14:00"})  # Kiribati's is real


@pytest.mark.parametrize("duration", [0, 0.0, -1, 1e-300, 0.04])
def test_a_cramp_lasts_some_time(duration: float) -> None:
    with pytest.raises(InputError) as caught:
        validate(EpisodeIn, EPISODE | {"duration_minutes": duration})
    said = "must be from 0.05 minutes (3 seconds) to 1440 minutes (24 hours) (got"
    assert caught.value.field == "duration_minutes" and said in caught.value.message


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_nan_and_infinity_are_not_numbers(value: float) -> None:
    with pytest.raises(InputError) as caught:
        validate(EpisodeIn, EPISODE | {"duration_minutes": value})
    assert caught.value.message == f"must be a number (got {value!r})"
    with pytest.raises(InputError) as caught:
        validate(CheckinIn, {"day": "2024-05-01", "water_litres": value})
    assert caught.value.field == "water_litres" and caught.value.message.startswith("must be a number")


def test_what_an_earlier_version_stored_is_still_read() -> None:
    """A 0-minute episode or a +14:30 offset in an older export restores (nothing saved is lost)."""
    from crampcare.diary.schemas import StoredEpisodeIn

    old = validate(StoredEpisodeIn, EPISODE | {"duration_minutes": 0, "started": "2024-05-01T23:00+14:30"})
    assert old.duration_minutes == 0
