"""Patterns in a cramp diary: pure functions over plain data (no database in the math).

Days follow the day rule (see `timeutil`): a night's cramps belong to the
evening's date. Every association is reported with its uncertainty (a 95 %
confidence interval and an exact test) and only when enough days exist to say
anything; otherwise the result says what is missing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from crampcare.diary.facts import NIGHT_START_HOUR, CheckinFact, EpisodeFact, Summary, as_summary
from crampcare.diary.text import day_text
from crampcare.diary.timeutil import DAY_RULE
from crampcare.i18n import N_, _, ngettext

Episodes = Summary | Sequence[EpisodeFact]  # every function takes the aggregate summary or the episodes themselves

MIN_DAYS_PER_GROUP = 3  # a factor is compared only with ≥ 3 check-in days with it and ≥ 3 without (cf. Bearable)
MIN_WEEKS_FOR_TREND = 4

# "Regular cramps", per ../shared/reference/nutrition-and-labs.md §3.4 — a DERIVED rule, no guideline states it.
REGULAR_COUNT, REGULAR_WINDOW_DAYS, REGULAR_MIN_DATA_DAYS = 4, 14, 14
MONTHLY_COUNT, MONTHLY_WINDOW_DAYS = 6, 30
REGULAR_BASIS = N_(
    "Derived threshold (no single guideline states it): ≥ 4 cramps in any 14 days over at least 2 weeks of records, "
    "after the entry criterion of Roguin Maor et al., JAMA Intern Med 2017 (≥ 4 night cramps in 2 weeks); "
    "NHS inform and NICE CKS advise a GP visit for frequent cramps or cramps that disturb sleep."
)

REGULAR_SOURCES = ("roguin_maor_2017", "cks_leg_cramps", "nhs_inform_leg_cramps")  # ids in data/sources.yaml


# --- counts and windows ------------------------------------------------------------------


def _week_start(first: dt.date) -> dt.date:
    return first - dt.timedelta(days=first.weekday())


def weekly_counts(episodes: Episodes, first: dt.date, last: dt.date) -> list[tuple[dt.date, int]]:
    """Episodes per week (Monday-based weeks) from the week of `first` to the week of `last`, zeros included."""
    start = _week_start(first)
    weeks = (last - start).days // 7 + 1
    counts = [0] * max(weeks, 1)
    for day, n in as_summary(episodes).day_counts().items():
        index = (day - start).days // 7
        if 0 <= index < len(counts):
            counts[index] += n
    return [(start + dt.timedelta(weeks=i), n) for i, n in enumerate(counts)]


def max_in_window(days: Sequence[dt.date] | Mapping[dt.date, int], window: int) -> tuple[int, dt.date | None]:
    """The most episodes in any `window` consecutive days, and the first day of that window.

    `days` is one date per episode, or episodes per date. The earliest busiest window wins.
    """
    counts = sorted((days if isinstance(days, Mapping) else Counter(days)).items())
    best, best_start, lo, inside = 0, None, 0, 0
    for day, n in counts:
        inside += n
        while (day - counts[lo][0]).days >= window:
            inside -= counts[lo][1]
            lo += 1
        if inside > best:
            best, best_start = inside, counts[lo][0]
    return best, best_start


def regular_rule(episodes: Episodes, data_days: int) -> dict[str, Any]:
    """Whether the diary meets the derived "regular cramps" rule (≥ 4 in any 14 days, ≥ 2 weeks of data)."""
    days = as_summary(episodes).day_counts()
    most, start = max_in_window(days, REGULAR_WINDOW_DAYS)
    monthly, _monthly_start = max_in_window(days, MONTHLY_WINDOW_DAYS)
    met = most >= REGULAR_COUNT and data_days >= REGULAR_MIN_DATA_DAYS
    if met:
        message = _(
            "Regular cramps: %(num)s in the 14 days from %(start)s. This meets the derived rule; "
            "consider a GP review and run `crampcare assess --from-diary`."
        ) % {"num": most, "start": day_text(start) if start else start}
    elif data_days < REGULAR_MIN_DATA_DAYS:
        message = ngettext(
            "Too early to tell: %(num)s day of records; the rule needs at least 14.",
            "Too early to tell: %(num)s days of records; the rule needs at least 14.",
            data_days,
        ) % {"num": data_days}
    else:
        message = ngettext(
            "Not regular by the derived rule: at most %(num)s cramp in any 14 days (the rule needs 4).",
            "Not regular by the derived rule: at most %(num)s cramps in any 14 days (the rule needs 4).",
            most,
        ) % {"num": most}
    return {
        "met": met,
        "max_in_14_days": most,
        "window_start": start.isoformat() if start and most else None,
        "max_in_30_days": monthly,
        "monthly_alternative_met": monthly >= MONTHLY_COUNT,
        "data_days": data_days,
        "message": message,
        "basis": _(REGULAR_BASIS),
        "sources": list(REGULAR_SOURCES),
    }


def window_figures(episodes: Episodes, today: dt.date, days: int, data_days: int) -> dict[str, Any]:
    """Figures for the last `days` diary days up to `today` (or the whole record if shorter)."""
    since = today - dt.timedelta(days=days - 1)
    chosen = [f for day, f in as_summary(episodes).days.items() if since <= day <= today and f.episodes]
    covered = max(1, min(days, data_days))
    count = sum(f.episodes for f in chosen)
    durations: Counter[float] = Counter()
    for figures in chosen:
        durations.update(figures.durations)
    return {
        "days": days,
        "days_covered": covered,
        "episodes": count,
        "per_week": round(count / covered * 7, 2),
        "cramp_days": len(chosen),
        "nocturnal_share": _share(sum(f.nocturnal for f in chosen), count),
        "mean_pain": _ratio(sum(f.pain_sum for f in chosen), count),
        "mean_sleep_disturbance": _ratio(sum(f.sleep_sum for f in chosen), sum(f.sleep_count for f in chosen)),
        "median_duration_minutes": _median_of_counts(durations),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _ratio(total: float, count: int) -> float | None:
    """A mean from its sum and count, rounded to 2 decimals (sums of whole numbers are exact)."""
    return round(total / count, 2) if count else None


def _median_of_counts(counts: Mapping[float, int]) -> float | None:
    """The median of values given with their multiplicity (the same as the median of the expanded list)."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(counts.items())

    def nth(k: int) -> float:  # the k-th smallest value (0-based)
        seen = 0
        for value, n in ordered:
            seen += n
            if k < seen:
                return value
        raise IndexError(k)

    mid = total // 2
    return float(nth(mid)) if total % 2 else (nth(mid - 1) + nth(mid)) / 2


def distribution(values: Iterable[str] | Mapping[str, int]) -> list[dict[str, Any]]:
    """Counts and shares, most frequent first (ties by name); `values` are names, or counts per name."""
    counts = Counter(values)
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"name": name, "count": n, "share": round(n / total, 3)} for name, n in ranked]


def time_of_day(episodes: Episodes) -> list[int]:
    """Episodes per local clock hour, 0–23."""
    return list(as_summary(episodes).hours)


# --- trends --------------------------------------------------------------------------------


def poisson_trend(counts: Sequence[int]) -> dict[str, Any]:
    """Change in weekly cramp count as a rate ratio per 4 weeks (Poisson regression, Wald 95 % CI)."""
    if len(counts) < MIN_WEEKS_FOR_TREND:
        wanted = {"weeks": MIN_WEEKS_FOR_TREND, "have": len(counts)}
        return {"available": False, "missing": _("needs at least %(weeks)s weeks (have %(have)s)") % wanted}
    if sum(1 for n in counts if n) < 2:
        # With cramps in a single week the best-fitting slope is infinite: there is no trend to estimate.
        return {"available": False, "missing": _("needs cramps in at least 2 different weeks")}
    import numpy as np

    x = np.arange(len(counts), dtype=float)
    y = np.asarray(counts, dtype=float)
    design = np.column_stack([np.ones_like(x), x])
    beta = np.array([math.log(max(y.mean(), 1e-9)), 0.0])
    info = np.eye(2)
    for _iteration in range(50):  # Newton–Raphson on the Poisson log-likelihood (converges in a few steps)
        mu = np.exp(design @ beta)
        info = design.T @ (design * mu[:, None])
        step = np.linalg.solve(info, design.T @ (y - mu))
        beta = beta + step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    se = math.sqrt(float(np.linalg.inv(info)[1, 1]))
    slope = float(beta[1])
    if not math.isfinite(slope) or not math.isfinite(se) or abs(slope) * 4 > 50:
        return {"available": False, "missing": _("the weekly counts are too uneven to fit a trend")}
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
        wanted = {"weeks": MIN_WEEKS_FOR_TREND}
        return {"available": False, "missing": _("needs episodes in at least %(weeks)s weeks") % wanted}
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


def weekly_mean_pain(episodes: Episodes, first: dt.date) -> list[tuple[int, float]]:
    """(week number from the week of `first`, mean pain) for every week with episodes."""
    start = _week_start(first)
    sums: dict[int, list[int]] = {}
    for day, figures in as_summary(episodes).days.items():
        if figures.episodes:
            week = sums.setdefault((day - start).days // 7, [0, 0])
            week[0] += figures.pain_sum
            week[1] += figures.episodes
    return [(week, float(_ratio(total, n) or 0.0)) for week, (total, n) in sorted(sums.items())]


def weekly_median_duration(episodes: Episodes, first: dt.date) -> list[tuple[int, float]]:
    """(week number from the week of `first`, median duration in minutes) for every week with episodes."""
    start = _week_start(first)
    weeks: dict[int, Counter[float]] = {}
    for day, figures in as_summary(episodes).days.items():
        if figures.episodes:
            weeks.setdefault((day - start).days // 7, Counter()).update(figures.durations)
    return [(week, float(_median_of_counts(values) or 0.0)) for week, values in sorted(weeks.items())]


# --- what helped ----------------------------------------------------------------------------


def what_helped(episodes: Episodes) -> list[dict[str, Any]]:
    """Tried interventions ranked by mean rated effect (0–3), then by how often they were tried."""
    ranked = []
    for key, effects in as_summary(episodes).effects.items():
        times = sum(effects.values())
        if times:
            total = sum(effect * n for effect, n in effects.items())
            ranked.append({"id": key, "times": times, "mean_effect": round(total / times, 2)})
    return sorted(ranked, key=lambda row: (-row["mean_effect"], -row["times"], row["id"]))


__all__ = [
    "DAY_RULE",
    "NIGHT_START_HOUR",
    "CheckinFact",
    "EpisodeFact",
    "Episodes",
    "distribution",
    "max_in_window",
    "poisson_trend",
    "regular_rule",
    "theil_sen_trend",
    "time_of_day",
    "weekly_counts",
    "weekly_mean_pain",
    "weekly_median_duration",
    "what_helped",
    "window_figures",
]
