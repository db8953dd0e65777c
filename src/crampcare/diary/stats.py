"""The diary's statistics in one JSON-able dict (what `diary stats --json`, the report and the web show)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from crampcare.diary.analysis import (
    DAY_RULE,
    Episodes,
    distribution,
    poisson_trend,
    regular_rule,
    theil_sen_trend,
    time_of_day,
    weekly_counts,
    weekly_mean_pain,
    weekly_median_duration,
    what_helped,
    window_figures,
)
from crampcare.diary.associations import CAVEAT, associations
from crampcare.diary.facts import CheckinFact, Summary, as_summary
from crampcare.i18n import N_, _


def record_span(episodes: Episodes, checkins: Sequence[CheckinFact], today: dt.date) -> tuple[dt.date, int]:
    """The first recorded day and how many days the record covers up to today (the diary is assumed kept since)."""
    days = [*as_summary(episodes).day_counts(), *(c.day for c in checkins)]
    first = min(days) if days else today
    last = max([*days, today])
    return first, (last - first).days + 1


def pattern(episodes: Episodes, checkins: Sequence[CheckinFact], today: dt.date) -> dict[str, Any]:
    """The profile's `pattern` block: episodes per week over the last 4 weeks (or the whole record if shorter)."""
    summary = as_summary(episodes)
    _first, data_days = record_span(summary, checkins, today)
    recent = window_figures(summary, today, 28, data_days)
    total = summary.total
    return {
        "episodes_per_week": min(recent["per_week"], 200.0),
        "weeks": round(min(data_days / 7, 520.0), 1),
        "mostly_at_night": bool(total) and summary.nocturnal * 2 > total,
    }


def compute_stats(episodes: Episodes, checkins: Sequence[CheckinFact], *, today: dt.date) -> dict[str, Any]:
    """Every figure of the diary. Pure: the same data (episodes or their summary) and `today` give the same result."""
    summary: Summary = as_summary(episodes)
    total = summary.total
    first, data_days = record_span(summary, checkins, today)
    weeks = weekly_counts(summary, first, max(today, first))
    pain_weeks = weekly_mean_pain(summary, first)
    duration_weeks = weekly_median_duration(summary, first)
    return {
        "day_rule": _(DAY_RULE),
        "today": today.isoformat(),
        "first_day": first.isoformat(),
        "data_days": data_days,
        "episodes": total,
        "checkins": len(checkins),
        "last_30_days": window_figures(summary, today, 30, data_days),
        "last_90_days": window_figures(summary, today, 90, data_days),
        "all_time": window_figures(summary, today, data_days, data_days),
        "weekly_counts": [{"week_start": start.isoformat(), "episodes": n} for start, n in weeks],
        "frequency_trend": poisson_trend([n for _, n in weeks]),
        "pain_trend": theil_sen_trend(pain_weeks, N_("pain points (0–10)")),
        "duration_trend": theil_sen_trend(duration_weeks, N_("minutes")),
        "severity_by_week": [{"week": w, "mean_pain": v} for w, v in pain_weeks],
        "nocturnal_share": round(summary.nocturnal / total, 3) if total else None,
        "muscles": distribution(summary.muscles),
        "sides": distribution(summary.sides),
        "settings": distribution(summary.settings),
        "time_of_day": time_of_day(summary),
        "reported_triggers": distribution(summary.triggers),
        "associations": associations(summary, checkins),
        "associations_caveat": _(CAVEAT),
        "what_helped": what_helped(summary),
        "regular": regular_rule(summary, data_days),
        "pattern": pattern(summary, checkins, today),
    }


def busiest_hours(hours: Sequence[int], top: int = 3) -> list[int]:
    counts = Counter(dict(enumerate(hours)))
    return [hour for hour, n in counts.most_common(top) if n]
