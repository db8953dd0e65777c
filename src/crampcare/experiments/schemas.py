"""What a new experiment and a day's check-in may contain (the API's field names; the CLI maps its options)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from crampcare.assessment.profile import Strict
from crampcare.experiments.config import protocol

_LIMITS = protocol().limits  # the schema states the protocol's ranges (the design checks them too)


class ExperimentIn(Strict):
    intervention: str = Field(min_length=1, max_length=200)
    start: dt.date | None = None  # default: today's diary day
    # default and limits: data/experiments/protocol.yaml
    period_weeks: int | None = Field(None, ge=_LIMITS.period_weeks.min, le=_LIMITS.period_weeks.max)
    pairs: int | None = Field(None, ge=_LIMITS.pairs.min, le=_LIMITS.pairs.max)
    run_in: bool = True
    # at most half a period: the longest period's half here, the chosen period's half in the design
    washout_days: int = Field(0, ge=0, le=int(_LIMITS.period_weeks.max * 7 * _LIMITS.washout_days_max_share))
    seed: int | None = Field(None, ge=0, le=2**53 - 1)  # exact in every JSON reader (a fresh seed has 32 bits)
    # minimal important difference, cramp nights per week
    mid_per_week: float | None = Field(
        None,
        ge=_LIMITS.minimal_important_difference.min,
        le=_LIMITS.minimal_important_difference.max,
        allow_inf_nan=False,
    )
    doctor_agreed: dt.date | None = None
    clinician: str | None = Field(None, min_length=1, max_length=200)
    signed: dt.date | None = None


class DayIn(Strict):
    day: dt.date | None = None  # default: today's diary day
    done: bool | None = None  # A: did it this evening; B: left it out -> false
    note: str = Field("", max_length=2000)
    adverse: str | None = Field(None, min_length=1, max_length=2000)  # an adverse effect: stops the experiment
