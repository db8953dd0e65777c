"""Times as people type them, the local zone, and the day rule.

The day rule: a night's cramps belong to the evening's date. An episode that
starts before 06:00 local wall-clock time counts for the previous calendar day,
so a cramp at 02:30 on Tuesday is Monday night's. The rule reads the local
wall-clock time (converted with zoneinfo, so DST changes and midnight land on
the right day), never the UTC instant.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crampcare.errors import InputError

DAY_STARTS_AT = dt.time(6, 0)  # whole hours only: diary_day compares the hour (it runs for every episode)
_ONE_DAY = dt.timedelta(days=1)
DAY_RULE = (
    "A night's cramps belong to the evening's date: an episode starting before 06:00 local time "
    "counts for the previous day."
)


def diary_day(local_start: dt.datetime) -> dt.date:
    """The diary day of an episode from its local wall-clock start (the day rule above)."""
    day = local_start.date()
    return day - _ONE_DAY if local_start.hour < DAY_STARTS_AT.hour else day


def local_zone() -> dt.tzinfo:
    """The machine's zone: $TZ or /etc/localtime as an IANA zone when possible, else its fixed offset."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        link = Path("/etc/localtime")
        if link.is_symlink():
            name = str(link.resolve()).split("zoneinfo/", 1)[-1]
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    zone = dt.datetime.now().astimezone().tzinfo
    return zone if zone is not None else dt.UTC


def zone_label(moment: dt.datetime) -> str:
    """An IANA name when the time carries one, else its offset as ±HH:MM."""
    if isinstance(moment.tzinfo, ZoneInfo):
        return moment.tzinfo.key
    offset = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def zone_from_label(label: str) -> dt.tzinfo:
    if label[:1] in "+-" and len(label) == 6:
        sign = -1 if label[0] == "-" else 1
        return dt.timezone(sign * dt.timedelta(hours=int(label[1:3]), minutes=int(label[4:6])))
    try:
        return ZoneInfo(label)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown time zone {label!r}", field="tz", valid="an IANA name such as Europe/Berlin"
        ) from None


def parse_time(text: str, *, field: str = "--at", zone: dt.tzinfo | None = None) -> tuple[dt.datetime, bool]:
    """An aware datetime from "now" or ISO 8601; the flag is True when the local zone was assumed."""
    value = text.strip()
    zone = zone or local_zone()
    if value.lower() == "now":
        return dt.datetime.now(zone).replace(microsecond=0), False
    try:
        moment = dt.datetime.fromisoformat(value.replace(" ", "T", 1) if len(value) > 10 else value)
    except ValueError:
        raise InputError(
            f"not a time: {text!r}", field=field, valid="now or ISO 8601 such as 2024-05-01T23:40"
        ) from None
    if moment.tzinfo is not None:
        return moment, False
    return _localize(moment, zone), True


def _localize(naive: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """Attach a zone to a wall-clock time; in a DST gap the time moves forward, in a repeat the first wins."""
    aware = naive.replace(tzinfo=zone, fold=0)
    round_trip = aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:  # a wall-clock time that does not exist (spring forward): read it with the old offset
        aware = aware.astimezone(dt.UTC).astimezone(zone)  # 02:30 in a 02:00→03:00 jump becomes 03:30
    return aware


def to_utc_naive(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def from_stored(utc_naive: dt.datetime, tz: str) -> dt.datetime:
    """The aware local time of a stored instant, in the zone it was recorded in."""
    return utc_naive.replace(tzinfo=dt.UTC).astimezone(zone_from_label(tz))
