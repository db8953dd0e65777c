"""The time a record is read at, and the span of times at which it would be read the same way.

Reading a FHIR record depends on the time in four ways only: the age (birthDate against today's date in UTC),
whether a result is older than the age limit (`max_age_days` in data/fhir/codes.yaml) or dated in the future
(beyond `future_grace_hours`), and the gestational week,
counted on in whole days from when it was measured. Each of these questions is asked through `ReadAt`, which
narrows its span [start, end) to the times that give the same answer to every question asked so far. A reading
kept with its span is therefore the reading of any time inside the span (fhir/remembered.py), and of no other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)
TICK = timedelta(microseconds=1)  # datetime's resolution: `a > b` is `a >= b + TICK`
DAY = timedelta(days=1)


def _plus(moment: datetime, delta: timedelta) -> datetime:
    """`moment + delta`, or the end of the calendar that way when that is past year 1 or 9999."""
    try:
        return moment + delta
    except OverflowError:
        return LATEST if delta > timedelta(0) else EARLIEST


@dataclass
class ReadAt:
    """The reference time `now` and the span [start, end) of times that answer every question asked alike."""

    now: datetime
    start: datetime = EARLIEST
    end: datetime = LATEST

    def _within(self, start: datetime, end: datetime) -> None:
        self.start = max(self.start, start)
        self.end = min(self.end, end)

    def today(self) -> date:
        """Today's date in UTC: the same all that UTC day."""
        today = self.now.astimezone(UTC).date()
        midnight = datetime.combine(today, time(), tzinfo=UTC)
        self._within(midnight, _plus(midnight, DAY))
        return today

    def older_than(self, when: datetime, limit: timedelta) -> bool:
        """`now - when > limit`: false up to `when + limit` itself, true from the next microsecond on."""
        edge = _plus(_plus(when, limit), TICK)
        if self.now >= edge:
            self._within(edge, LATEST)
            return True
        self._within(EARLIEST, edge)
        return False

    def before(self, when: datetime, grace: timedelta) -> bool:
        """`now < when - grace` (a time still in the future, beyond the grace): true until that moment."""
        edge = _plus(when, -grace)
        if self.now < edge:
            self._within(EARLIEST, edge)
            return True
        self._within(edge, LATEST)
        return False

    def days_since(self, when: datetime) -> int:
        """`(now - when).days`, whole days (rounded down): the same until the next whole day since `when`."""
        days = (self.now - when).days
        self._within(_plus(when, timedelta(days=days)), _plus(when, timedelta(days=days + 1)))
        return days

    def holds(self, moment: datetime) -> bool:
        """Whether a reading at `moment` answers every question asked so far as it was answered at `now`."""
        return self.start <= moment < self.end
