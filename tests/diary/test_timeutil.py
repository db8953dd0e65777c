from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from crampcare.diary.timeutil import diary_day, from_stored, parse_time, to_utc_naive, zone_label
from crampcare.errors import InputError

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (dt.datetime(2024, 5, 7, 23, 59), dt.date(2024, 5, 7)),
        (dt.datetime(2024, 5, 8, 0, 0), dt.date(2024, 5, 7)),  # midnight belongs to the evening before
        (dt.datetime(2024, 5, 8, 5, 59), dt.date(2024, 5, 7)),
        (dt.datetime(2024, 5, 8, 6, 0), dt.date(2024, 5, 8)),
        (dt.datetime(2024, 1, 1, 2, 0), dt.date(2023, 12, 31)),  # across a year boundary
    ],
)
def test_day_rule_puts_the_night_on_the_evening_date(local: dt.datetime, expected: dt.date) -> None:
    assert diary_day(local) == expected


def test_spring_forward_night_lands_on_the_saturday() -> None:
    # Europe/Berlin jumps 02:00 → 03:00 on 2024-03-31; 03:30 local is 01:30 UTC.
    moment, assumed = parse_time("2024-03-31T03:30", zone=BERLIN)
    assert assumed
    assert to_utc_naive(moment) == dt.datetime(2024, 3, 31, 1, 30)
    assert diary_day(moment.replace(tzinfo=None)) == dt.date(2024, 3, 30)


def test_a_time_in_the_spring_gap_is_an_error_with_a_time_that_exists() -> None:
    with pytest.raises(InputError) as caught:
        parse_time("2024-03-31T02:30", zone=BERLIN)  # does not exist on the wall clock: no silent shift
    assert caught.value.field == "--at" and "does not exist in Europe/Berlin" in caught.value.message
    assert "2024-03-31T03:30+02:00" in caught.value.one_line()


def test_a_repeated_fall_back_time_is_an_error_offering_both_offsets() -> None:
    with pytest.raises(InputError) as caught:
        parse_time("2024-10-27T02:30", zone=BERLIN)  # happens twice: which one is not ours to guess
    line = caught.value.one_line()
    assert line.startswith("--at: 2024-10-27T02:30 happens twice in Europe/Berlin")
    assert "2024-10-27T02:30+02:00" in line and "2024-10-27T02:30+01:00" in line


def test_fall_back_time_with_an_offset_keeps_wall_clock_day() -> None:
    moment, assumed = parse_time("2024-10-27T02:30+01:00", zone=BERLIN)
    assert not assumed and diary_day(moment.replace(tzinfo=None)) == dt.date(2024, 10, 26)
    stored = from_stored(to_utc_naive(moment), zone_label(moment))
    assert stored.replace(tzinfo=None) == dt.datetime(2024, 10, 27, 2, 30)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "is empty"), ("   ", "is empty"), ("2024-01-01", "a date without a time"), ("20240101", "without a time")],
)
def test_empty_and_date_only_times_are_refused(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_time(text, zone=BERLIN)
    assert caught.value.field == "--at" and fragment in caught.value.message


def test_an_unknown_tz_gets_a_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    from crampcare.diary.timeutil import zone_notice

    monkeypatch.setenv("TZ", "Nowhere/Land")
    notice = zone_notice()
    assert notice is not None and "TZ='Nowhere/Land'" in notice
    assert "local times are read as +00:00" in notice  # the offset actually used, not only the hint
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert zone_notice() is None


def test_explicit_offset_is_kept_and_not_flagged_as_assumed() -> None:
    moment, assumed = parse_time("2024-05-01T23:40+02:00")
    assert not assumed
    assert zone_label(moment) == "+02:00"
    assert from_stored(to_utc_naive(moment), "+02:00") == moment


def test_bad_time_names_the_field() -> None:
    with pytest.raises(InputError) as caught:
        parse_time("yesterday-ish")
    assert caught.value.field == "--at"
