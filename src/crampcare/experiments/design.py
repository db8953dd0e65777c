"""The schedule of an N-of-1 experiment: an optional run-in week, then pairs of periods, each pair's order
(A then B, or B then A) drawn at random from a stored seed.

Everything is in diary days (dates, the diary's day rule), never in clock time, so a change to or from summer
time cannot move a day into another period, and the whole schedule is rebuilt identically from the stored
design (the seed and the numbers) on any machine.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Literal

import numpy as np

from crampcare.errors import InputError
from crampcare.experiments.config import protocol
from crampcare.i18n import _, ngettext

Arm = Literal["A", "B", "baseline"]
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Design:
    """What is stored; the schedule follows from it."""

    start: dt.date
    period_days: int
    pairs: int
    run_in_days: int
    washout_days: int
    seed: int

    def orders(self) -> list[str]:
        """Each pair's order, "AB" or "BA", drawn independently with probability 1/2 from the seed.

        NumPy's PCG64 generator is specified to give the same stream for the same seed on every platform and
        version (NEP 19), which keeps a stored experiment's schedule reproducible."""
        rng = np.random.default_rng(self.seed)
        return ["AB" if bit else "BA" for bit in rng.integers(0, 2, size=self.pairs)]

    def periods(self) -> list[Period]:
        result: list[Period] = []
        if self.run_in_days:
            end = self.start + (self.run_in_days - 1) * ONE_DAY
            result.append(Period(0, 0, "baseline", self.start, end, self.start))
        first = self.start + self.run_in_days * ONE_DAY
        for pair, order in enumerate(self.orders(), start=1):
            for position, arm in enumerate(order):
                end = first + (self.period_days - 1) * ONE_DAY
                counted = first + self.washout_days * ONE_DAY
                number = 2 * (pair - 1) + position + 1
                result.append(Period(number, pair, "A" if arm == "A" else "B", first, end, counted))
                first = end + ONE_DAY
        return result

    @property
    def end(self) -> dt.date:
        return self.start + (self.run_in_days + 2 * self.pairs * self.period_days - 1) * ONE_DAY

    def period_of(self, day: dt.date) -> Period | None:
        """The period `day` falls in, or None before the start and after the end."""
        if not self.start <= day <= self.end:
            return None
        return next(period for period in self.periods() if period.first <= day <= period.last)


@dataclass(frozen=True)
class Period:
    number: int  # 0 for the run-in, then 1, 2, ...
    pair: int  # 0 for the run-in
    arm: Arm
    first: dt.date
    last: dt.date
    counted_from: dt.date  # after the washout: the days before this are lived in the arm but not counted

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def counted_days(self) -> int:
        return (self.last - self.counted_from).days + 1

    def counts(self, day: dt.date) -> bool:
        return self.counted_from <= day <= self.last


def new_seed() -> int:
    """A fresh random seed (stored with the experiment, so the schedule can be rebuilt and checked)."""
    return secrets.randbits(32)


def make_design(
    *,
    start: dt.date,
    period_weeks: int | None = None,
    pairs: int | None = None,
    run_in: bool = True,
    washout_days: int = 0,
    seed: int | None = None,
) -> Design:
    """A checked design; each bad value is an InputError naming its option and the valid range."""
    limits = protocol().limits
    weeks = int(limits.period_weeks.default) if period_weeks is None else period_weeks
    low, high = int(limits.period_weeks.min), int(limits.period_weeks.max)
    _within("period_weeks", weeks, low, high, ngettext("%(low)s to %(high)s week", "%(low)s to %(high)s weeks", high))
    count = int(limits.pairs.default) if pairs is None else pairs
    low, high = int(limits.pairs.min), int(limits.pairs.max)
    unit = ngettext("%(low)s to %(high)s pair of periods", "%(low)s to %(high)s pairs of periods", high)
    _within("pairs", count, low, high, unit)
    longest = int(weeks * 7 * limits.washout_days_max_share)
    unit = ngettext(
        "%(low)s to %(high)s day (at most half of a %(weeks)s-week period)",
        "%(low)s to %(high)s days (at most half of a %(weeks)s-week period)",
        longest,
    )
    _within("washout_days", washout_days, 0, longest, unit, weeks=weeks)
    if seed is not None and not 0 <= seed < 2**63:
        raise InputError(
            _("%(seed)s is not a usable seed") % {"seed": seed},
            field="seed",
            valid=_("a whole number from 0 to 2^63-1"),
        )
    return Design(
        start=start,
        period_days=weeks * 7,
        pairs=count,
        run_in_days=limits.run_in_days if run_in else 0,
        washout_days=washout_days,
        seed=new_seed() if seed is None else seed,
    )


def _within(field: str, value: int, low: int, high: int, valid: str, **values: object) -> None:
    """`valid` is the range in words, with %(low)s and %(high)s (and `values`) to fill in."""
    if not low <= value <= high:
        raise InputError(
            _("%(value)s is out of range") % {"value": value},
            field=field,
            valid=valid % {"low": low, "high": high, **values},
        )
