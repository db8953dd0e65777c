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
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crampcare.errors import InputError
from crampcare.i18n import N_, _

DAY_STARTS_AT = dt.time(6, 0)  # whole hours only: diary_day compares the hour (it runs for every episode)
_ONE_DAY = dt.timedelta(days=1)
DAY_RULE = N_(
    "A night's cramps belong to the evening's date: an episode starting before 06:00 local time "
    "counts for the previous day."
)


def diary_day(local_start: dt.datetime) -> dt.date:
    """The diary day of an episode from its local wall-clock start (the day rule above)."""
    day = local_start.date()
    return day - _ONE_DAY if local_start.hour < DAY_STARTS_AT.hour else day


def local_zone() -> dt.tzinfo:
    """The machine's zone: $TZ or /etc/localtime as an IANA zone when possible, else its fixed offset."""
    name = _zone_name()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    zone = dt.datetime.now().astimezone().tzinfo
    return zone if zone is not None else dt.UTC


def _zone_name() -> str:
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        link = Path("/etc/localtime")
        if link.is_symlink():
            name = str(link.resolve()).split("zoneinfo/", 1)[-1]
    return name


def zone_notice() -> str | None:
    """A notice when $TZ names a zone this system does not know (the C library then silently uses UTC).

    Refusing would block reading the diary over an environment setting; staying silent would file local
    times under the wrong hour and day. So crampcare says what it does: the notice names TZ and the offset used.
    """
    name = os.environ.get("TZ", "").lstrip(":")
    if not name or name.startswith("/"):
        return None
    try:
        ZoneInfo(name)
        return None
    except (ZoneInfoNotFoundError, ValueError):
        used = zone_label(dt.datetime.now(local_zone()))
        return (
            f"notice: TZ={name!r} is not a time zone this system knows; local times are read as {used}. "
            "Set TZ to an IANA name such as Europe/Berlin, or give times with an offset."
        )


def zone_label(moment: dt.datetime) -> str:
    """An IANA name when the time carries one, else its offset as ±HH:MM."""
    if isinstance(moment.tzinfo, ZoneInfo):
        return moment.tzinfo.key
    offset = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def zone_from_label(label: str, *, field: str = "tz") -> dt.tzinfo:
    """A stored zone label: an offset such as +02:00 (at most ±14:00) or an IANA name; else an InputError."""
    match = re.fullmatch(r"([+-])(\d{2}):(\d{2})", label)
    if match:
        offset = dt.timedelta(hours=int(match[2]), minutes=int(match[3]))
        if offset > dt.timedelta(hours=14) or int(match[3]) >= 60:
            raise InputError(
                _("offset %(offset)s is out of range") % {"offset": repr(label)},
                field=field,
                valid=_("an offset from -14:00 to +14:00"),
            )
        return dt.timezone(-offset if match[1] == "-" else offset)
    return named_zone(label, field=field)


ZONE_EXAMPLE = N_("an IANA time zone name such as Europe/Berlin or America/New_York")


def named_zone(name: str, *, field: str = "time_zone") -> ZoneInfo:
    """The IANA zone `name`; an unknown or malformed name is an error naming `field`, never a fallback."""
    text = name.strip()
    try:
        if not text or len(text) > 64:  # the longest IANA name is about 30 characters
            raise ValueError(text)
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name the file system cannot even look up
        shown = text if len(text) <= 64 else text[:61] + "..."
        raise InputError(
            _("unknown time zone %(name)s") % {"name": repr(shown)}, field=field, valid=_(ZONE_EXAMPLE)
        ) from None


TIME_EXAMPLE = N_("now, or ISO 8601 with a time such as 2024-05-01T23:40 or 2024-05-01T23:40+02:00")


def parse_time(text: str, *, field: str = "--at", zone: dt.tzinfo | None = None) -> tuple[dt.datetime, bool]:
    """An aware datetime from "now" or ISO 8601; the flag is True when the local zone was assumed.

    Nothing is guessed: an empty value, a date without a time (which hour of that night?) and a wall-clock
    time that the local zone skips or repeats (DST) are errors that say how to write the time instead.
    """
    value = text.strip()
    if not value:
        raise InputError(_("is empty"), field=field, valid=_(TIME_EXAMPLE))
    zone = zone or local_zone()
    if value.lower() == "now":
        return dt.datetime.now(zone).replace(microsecond=0), False
    if is_date_only(value):
        raise InputError(
            _("%(text)s is a date without a time (which hour of that day or night?)") % {"text": repr(text)},
            field=field,
            valid=_("a date with a time, e.g. %(example)s") % {"example": f"{value[:10]}T22:30"},
        )
    try:
        moment = dt.datetime.fromisoformat(value.replace(" ", "T", 1) if len(value) > 10 else value)
    except ValueError:
        raise InputError(_("not a time: %(text)s") % {"text": repr(text)}, field=field, valid=_(TIME_EXAMPLE)) from None
    if moment.tzinfo is not None:
        return moment, False
    return _localize(moment, zone, field), True


def is_date_only(value: str) -> bool:
    """True for "2024-05-03" (a date, no time): a diary time needs the hour, which decides the diary day."""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _offset_text(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _localize(naive: dt.datetime, zone: dt.tzinfo, field: str) -> dt.datetime:
    """Attach a zone to a wall-clock time; a time the zone skips or repeats (DST) is an error naming `field`."""
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    name = zone_label(first)
    shown = naive.isoformat(timespec="minutes")
    round_trip = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:  # spring forward: this wall-clock time never happened
        later = first.astimezone(dt.UTC).astimezone(zone)
        raise InputError(
            _("%(time)s does not exist in %(zone)s (the clocks jump forward that night)")
            % {"time": shown, "zone": name},
            field=field,
            valid=_("a time that exists, e.g. %(example)s") % {"example": _offset_text(later)},
        )
    if first.utcoffset() != second.utcoffset():  # fall back: this wall-clock time happened twice
        one, two = _offset_text(first), _offset_text(second)
        raise InputError(
            _("%(time)s happens twice in %(zone)s (the clocks go back that night); say which with its offset")
            % {"time": shown, "zone": name},
            field=field,
            valid=_("%(first)s (the first) or %(second)s (the second)") % {"first": one, "second": two},
        )
    return first


def to_utc_naive(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def from_stored(utc_naive: dt.datetime, tz: str) -> dt.datetime:
    """The aware local time of a stored instant, in the zone it was recorded in."""
    return utc_naive.replace(tzinfo=dt.UTC).astimezone(zone_from_label(tz))
