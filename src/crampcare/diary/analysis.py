"""Patterns in a cramp diary: pure functions over plain data (no database in the math).

Days follow the day rule (see `timeutil`): a night's cramps belong to the
evening's date. Every association is reported with its uncertainty (a 95 %
confidence interval and an exact test) and only when enough days exist to say
anything; otherwise the result says what is missing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from crampcare.diary.timeutil import DAY_RULE, diary_day

NIGHT_START_HOUR = 22  # with the 06:00 day boundary: 22:00–06:00 local counts as night
MIN_DAYS_PER_GROUP = 3  # a factor is compared only with ≥ 3 check-in days with it and ≥ 3 without (cf. Bearable)
MIN_WEEKS_FOR_TREND = 4

# "Regular cramps", per ../shared/reference/nutrition-and-labs.md §3.4 — a DERIVED rule, no guideline states it.
REGULAR_COUNT, REGULAR_WINDOW_DAYS, REGULAR_MIN_DATA_DAYS = 4, 14, 14
MONTHLY_COUNT, MONTHLY_WINDOW_DAYS = 6, 30
REGULAR_BASIS = (
    "Derived threshold (no single guideline states it): ≥ 4 cramps in any 14 days over at least 2 weeks of records, "
    "after the entry criterion of Roguin Maor et al., JAMA Intern Med 2017 (≥ 4 night cramps in 2 weeks); "
    "NHS inform and NICE CKS advise a GP visit for frequent cramps or cramps that disturb sleep."
)

REGULAR_SOURCES = ("roguin_maor_2017", "cks_leg_cramps", "nhs_inform_leg_cramps")  # ids in data/sources.yaml


@dataclass(slots=True)
class EpisodeFact:
    local_start: dt.datetime  # wall-clock time where it happened (naive)
    muscle: str
    side: str
    setting: str
    pain: int
    sleep_disturbance: int | None = None
    duration_minutes: float = 0.0
    triggers: Sequence[str] = ()
    tried: Sequence[dict[str, Any]] = ()
    day: dt.date = field(init=False)

    def __post_init__(self) -> None:
        self.day = diary_day(self.local_start)

    @property
    def nocturnal(self) -> bool:
        hour = self.local_start.hour
        return self.setting == "bed_night" or hour >= NIGHT_START_HOUR or hour < 6


@dataclass(frozen=True)
class CheckinFact:
    day: dt.date
    water_litres: float | None = None
    caffeine_cups: float | None = None
    alcohol_units: float | None = None
    exercise: str | None = None
    unusual_exercise: bool | None = None
    tight_shoes: bool | None = None
    heat: bool | None = None
    medicines: Sequence[str] = ()


# --- counts and windows ------------------------------------------------------------------


def weekly_counts(episodes: Sequence[EpisodeFact], first: dt.date, last: dt.date) -> list[tuple[dt.date, int]]:
    """Episodes per week (Monday-based weeks) from the week of `first` to the week of `last`, zeros included."""
    start = first - dt.timedelta(days=first.weekday())
    weeks = (last - start).days // 7 + 1
    counts = [0] * max(weeks, 1)
    for episode in episodes:
        index = (episode.day - start).days // 7
        if 0 <= index < len(counts):
            counts[index] += 1
    return [(start + dt.timedelta(weeks=i), n) for i, n in enumerate(counts)]


def max_in_window(days: Sequence[dt.date], window: int) -> tuple[int, dt.date | None]:
    """The most episodes in any `window` consecutive days, and the first day of that window."""
    ordered = sorted(days)
    best, best_start, lo = 0, None, 0
    for hi, day in enumerate(ordered):
        while (day - ordered[lo]).days >= window:
            lo += 1
        if hi - lo + 1 > best:
            best, best_start = hi - lo + 1, ordered[lo]
    return best, best_start


def regular_rule(episodes: Sequence[EpisodeFact], data_days: int) -> dict[str, Any]:
    """Whether the diary meets the derived "regular cramps" rule (≥ 4 in any 14 days, ≥ 2 weeks of data)."""
    days = [e.day for e in episodes]
    most, start = max_in_window(days, REGULAR_WINDOW_DAYS)
    monthly, _ = max_in_window(days, MONTHLY_WINDOW_DAYS)
    met = most >= REGULAR_COUNT and data_days >= REGULAR_MIN_DATA_DAYS
    if met:
        message = (
            f"Regular cramps: {most} in the 14 days from {start}. This meets the derived rule; "
            "consider a GP review and run `crampcare assess --from-diary`."
        )
    elif data_days < REGULAR_MIN_DATA_DAYS:
        message = f"Too early to tell: {data_days} day(s) of records; the rule needs at least 14."
    else:
        message = f"Not regular by the derived rule: at most {most} cramp(s) in any 14 days (the rule needs 4)."
    return {
        "met": met,
        "max_in_14_days": most,
        "window_start": start.isoformat() if start and most else None,
        "max_in_30_days": monthly,
        "monthly_alternative_met": monthly >= MONTHLY_COUNT,
        "data_days": data_days,
        "message": message,
        "basis": REGULAR_BASIS,
        "sources": list(REGULAR_SOURCES),
    }


def window_figures(episodes: Sequence[EpisodeFact], today: dt.date, days: int, data_days: int) -> dict[str, Any]:
    """Figures for the last `days` diary days up to `today` (or the whole record if shorter)."""
    since = today - dt.timedelta(days=days - 1)
    chosen = [e for e in episodes if since <= e.day <= today]
    covered = max(1, min(days, data_days))
    return {
        "days": days,
        "days_covered": covered,
        "episodes": len(chosen),
        "per_week": round(len(chosen) / covered * 7, 2),
        "cramp_days": len({e.day for e in chosen}),
        "nocturnal_share": _share(sum(e.nocturnal for e in chosen), len(chosen)),
        "mean_pain": _mean([e.pain for e in chosen]),
        "mean_sleep_disturbance": _mean([e.sleep_disturbance for e in chosen if e.sleep_disturbance is not None]),
        "median_duration_minutes": _median([e.duration_minutes for e in chosen]),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def distribution(values: Iterable[str]) -> list[dict[str, Any]]:
    """Counts and shares, most frequent first (ties by name)."""
    counts = Counter(values)
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"name": name, "count": n, "share": round(n / total, 3)} for name, n in ranked]


def time_of_day(episodes: Sequence[EpisodeFact]) -> list[int]:
    """Episodes per local clock hour, 0–23."""
    hours = [0] * 24
    for episode in episodes:
        hours[episode.local_start.hour] += 1
    return hours


# --- trends --------------------------------------------------------------------------------


def poisson_trend(counts: Sequence[int]) -> dict[str, Any]:
    """Change in weekly cramp count as a rate ratio per 4 weeks (Poisson regression, Wald 95 % CI)."""
    if len(counts) < MIN_WEEKS_FOR_TREND:
        return {"available": False, "missing": f"needs at least {MIN_WEEKS_FOR_TREND} weeks (have {len(counts)})"}
    if sum(1 for n in counts if n) < 2:
        # With cramps in a single week the best-fitting slope is infinite: there is no trend to estimate.
        return {"available": False, "missing": "needs cramps in at least 2 different weeks"}
    import numpy as np

    x = np.arange(len(counts), dtype=float)
    y = np.asarray(counts, dtype=float)
    design = np.column_stack([np.ones_like(x), x])
    beta = np.array([math.log(max(y.mean(), 1e-9)), 0.0])
    info = np.eye(2)
    for _ in range(50):  # Newton–Raphson on the Poisson log-likelihood (converges in a few steps)
        mu = np.exp(design @ beta)
        info = design.T @ (design * mu[:, None])
        step = np.linalg.solve(info, design.T @ (y - mu))
        beta = beta + step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    se = math.sqrt(float(np.linalg.inv(info)[1, 1]))
    slope = float(beta[1])
    if not math.isfinite(slope) or not math.isfinite(se) or abs(slope) * 4 > 50:
        return {"available": False, "missing": "the weekly counts are too uneven to fit a trend"}
    per4 = [math.exp(4 * value) for value in (slope, slope - 1.96 * se, slope + 1.96 * se)]
    return {
        "available": True,
        "rate_ratio_per_4_weeks": round(per4[0], 3),
        "ci95": [round(per4[1], 3), round(per4[2], 3)],
        "weeks": len(counts),
        "direction": _direction(per4[1], per4[2], 1.0),
        "method": "Poisson regression of weekly counts on week number",
    }


def _direction(low: float, high: float, null: float) -> str:
    if low > null:
        return "increasing"
    if high < null:
        return "decreasing"
    return "no clear change"


def theil_sen_trend(weekly: Sequence[tuple[int, float]], unit: str) -> dict[str, Any]:
    """Theil–Sen slope per 4 weeks of a weekly summary (mean pain, median duration), with its 95 % CI."""
    if len(weekly) < MIN_WEEKS_FOR_TREND:
        return {"available": False, "missing": f"needs episodes in at least {MIN_WEEKS_FOR_TREND} weeks"}
    from scipy.stats import theilslopes

    result = theilslopes([v for _, v in weekly], [w for w, _ in weekly], alpha=0.95)
    slope, low, high = (float(result[0]) * 4, float(result[2]) * 4, float(result[3]) * 4)
    return {
        "available": True,
        "slope_per_4_weeks": round(slope, 3),
        "ci95": [round(low, 3), round(high, 3)],
        "unit": unit,
        "direction": _direction(low, high, 0.0),
        "method": "Theil–Sen slope of weekly values",
    }


def weekly_summary(
    episodes: Sequence[EpisodeFact], first: dt.date, value: Callable[[EpisodeFact], float], summary: str
) -> list[tuple[int, float]]:
    start = first - dt.timedelta(days=first.weekday())
    groups: dict[int, list[float]] = defaultdict(list)
    for episode in episodes:
        groups[(episode.day - start).days // 7].append(value(episode))
    pick = _median if summary == "median" else _mean
    return [(week, float(pick(values) or 0.0)) for week, values in sorted(groups.items())]


# --- what helped ----------------------------------------------------------------------------


def what_helped(episodes: Sequence[EpisodeFact]) -> list[dict[str, Any]]:
    """Tried interventions ranked by mean rated effect (0–3), then by how often they were tried."""
    effects: dict[str, list[int]] = defaultdict(list)
    for episode in episodes:
        for item in episode.tried:
            effects[str(item["id"])].append(int(item["effect"]))
    ranked = [
        {"id": key, "times": len(values), "mean_effect": round(sum(values) / len(values), 2)}
        for key, values in effects.items()
    ]
    return sorted(ranked, key=lambda row: (-row["mean_effect"], -row["times"], row["id"]))


__all__ = [
    "DAY_RULE",
    "CheckinFact",
    "EpisodeFact",
    "distribution",
    "max_in_window",
    "poisson_trend",
    "regular_rule",
    "theil_sen_trend",
    "time_of_day",
    "weekly_counts",
    "what_helped",
    "window_figures",
]
