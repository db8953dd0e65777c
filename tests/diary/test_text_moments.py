"""A moment with its time in the reader's language (issue 15): English keeps the ISO text it always showed, byte for
byte; Russian says the date and time with Babel and never drops the UTC offset (a time without it is ambiguous)."""

from __future__ import annotations

import pytest

from crampcare import i18n
from crampcare.diary.text import moment_text

ISO_AS_STORED = [
    "2026-12-01T03:00:00+00:00",  # an episode's start (isoformat)
    "2026-11-02T02:00:30.500000-03:30",  # a fraction, a negative half-hour offset
    "2026-12-06T03:14:15.123456Z",  # a stored UTC time ("saved" of a profile version)
    "2026-12-07T03:14+00:00",  # the "not after" bound (minutes)
]


@pytest.mark.parametrize("iso", ISO_AS_STORED)
def test_english_keeps_the_iso_text(iso: str) -> None:
    with i18n.use("en"):
        assert moment_text(iso) == iso


@pytest.mark.parametrize(
    ("iso", "russian"),
    [
        ("2026-12-01T03:00:00+00:00", "1 декабря 2026, 03:00 UTC+00:00"),
        ("2026-12-01T03:00:00+03:00", "1 декабря 2026, 03:00 UTC+03:00"),  # the person's own clock, not converted
        ("2026-11-02T02:00:30.500000-03:30", "2 ноября 2026, 02:00 UTC-03:30"),  # Babel alone says -04:30
        ("2026-05-06T23:59:59.999999+05:45", "6 мая 2026, 23:59 UTC+05:45"),
        ("2026-12-06T03:14:15.123456Z", "6 декабря 2026, 03:14 UTC+00:00"),
        ("2026-12-06T03:14:15", "6 декабря 2026, 03:14 UTC+00:00"),  # stored without a zone: UTC
    ],
)
def test_russian_says_the_date_the_time_and_the_offset(iso: str, russian: str) -> None:
    with i18n.use("ru"):
        assert moment_text(iso) == russian
