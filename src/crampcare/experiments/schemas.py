"""What a new experiment and a day's check-in may contain (the API's field names; the CLI maps its options)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from crampcare.assessment.profile import Strict


class ExperimentIn(Strict):
    intervention: str = Field(min_length=1, max_length=200)
    start: dt.date | None = None  # default: today's diary day
    period_weeks: int | None = None  # default and limits: data/experiments/protocol.yaml
    pairs: int | None = None
    run_in: bool = True
    washout_days: int = 0
    seed: int | None = None
    mid_per_week: float | None = None  # minimal important difference, cramp nights per week
    doctor_agreed: dt.date | None = None
    clinician: str | None = Field(None, min_length=1, max_length=200)
    signed: dt.date | None = None


class DayIn(Strict):
    day: dt.date | None = None  # default: today's diary day
    done: bool | None = None  # A: did it this evening; B: left it out -> false
    note: str = Field("", max_length=2000)
    adverse: str | None = Field(None, min_length=1, max_length=2000)  # an adverse effect: stops the experiment
