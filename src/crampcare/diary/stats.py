"""The diary's statistics in one JSON-able dict (what `diary stats --json`, the report and the web show)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from crampcare.diary.analysis import (
    DAY_RULE,
    CheckinFact,
    EpisodeFact,
    distribution,
    poisson_trend,
    regular_rule,
    theil_sen_trend,
    time_of_day,
    weekly_counts,
    weekly_summary,
    what_helped,
    window_figures,
)
from crampcare.diary.associations import CAVEAT, associations


def record_span(
    episodes: Sequence[EpisodeFact], checkins: Sequence[CheckinFact], today: dt.date
) -> tuple[dt.date, int]:
    """The first recorded day and how many days the record covers up to today (the diary is assumed kept since)."""
    days = [e.day for e in episodes] + [c.day for c in checkins]
    first = min(days) if days else today
    last = max([*days, today])
    return first, (last - first).days + 1


def pattern(episodes: Sequence[EpisodeFact], checkins: Sequence[CheckinFact], today: dt.date) -> dict[str, Any]:
    """The profile's `pattern` block: episodes per week over the last 4 weeks (or the whole record if shorter)."""
    _, data_days = record_span(episodes, checkins, today)
    recent = window_figures(episodes, today, 28, data_days)
    nocturnal = sum(e.nocturnal for e in episodes)
    return {
        "episodes_per_week": min(recent["per_week"], 200.0),
        "weeks": round(min(data_days / 7, 520.0), 1),
        "mostly_at_night": bool(episodes) and nocturnal * 2 > len(episodes),
    }


def compute_stats(
    episodes: Sequence[EpisodeFact], checkins: Sequence[CheckinFact], *, today: dt.date
) -> dict[str, Any]:
    """Every figure of the diary. Pure: the same data and `today` give the same result."""
    first, data_days = record_span(episodes, checkins, today)
    weeks = weekly_counts(episodes, first, max(today, first))
    pain_weeks = weekly_summary(episodes, first, lambda e: float(e.pain), "mean")
    duration_weeks = weekly_summary(episodes, first, lambda e: e.duration_minutes, "median")
    return {
        "day_rule": DAY_RULE,
        "today": today.isoformat(),
        "first_day": first.isoformat(),
        "data_days": data_days,
        "episodes": len(episodes),
        "checkins": len(checkins),
        "last_30_days": window_figures(episodes, today, 30, data_days),
        "last_90_days": window_figures(episodes, today, 90, data_days),
        "all_time": window_figures(episodes, today, data_days, data_days),
        "weekly_counts": [{"week_start": start.isoformat(), "episodes": n} for start, n in weeks],
        "frequency_trend": poisson_trend([n for _, n in weeks]),
        "pain_trend": theil_sen_trend(pain_weeks, "pain points (0–10)"),
        "duration_trend": theil_sen_trend(duration_weeks, "minutes"),
        "severity_by_week": [{"week": w, "mean_pain": v} for w, v in pain_weeks],
        "nocturnal_share": round(sum(e.nocturnal for e in episodes) / len(episodes), 3) if episodes else None,
        "muscles": distribution(e.muscle for e in episodes),
        "sides": distribution(e.side for e in episodes),
        "settings": distribution(e.setting for e in episodes),
        "time_of_day": time_of_day(episodes),
        "reported_triggers": distribution(t for e in episodes for t in e.triggers),
        "associations": associations(episodes, checkins),
        "associations_caveat": CAVEAT,
        "what_helped": what_helped(episodes),
        "regular": regular_rule(episodes, data_days),
        "pattern": pattern(episodes, checkins, today),
    }


def busiest_hours(hours: Sequence[int], top: int = 3) -> list[int]:
    counts = Counter(dict(enumerate(hours)))
    return [hour for hour, n in counts.most_common(top) if n]
