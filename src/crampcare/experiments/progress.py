"""Where an experiment stands: its phase, each period's counts from the diary, warning signs, and the analysis.

Pure functions over rows already read; `service` reads them in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from crampcare.assessment.engine import assess
from crampcare.experiments.analysis import PeriodCounts, Result, analyse
from crampcare.experiments.config import protocol
from crampcare.experiments.design import Design, Period
from crampcare.experiments.models import ExperimentDayRow, ExperimentEventRow, ExperimentRow


def stopped_day(events: list[ExperimentEventRow]) -> dt.date | None:
    return next((e.day for e in events if e.kind in ("stop", "adverse")), None)


def period_counts(
    design: Design,
    checkins: dict[dt.date, ExperimentDayRow],
    episodes: list[dict[str, Any]],
    *,
    cutoff: dt.date,
) -> list[PeriodCounts]:
    """Each A/B period's counts; a period has ended when `cutoff` (today, or the day it was stopped) is after it."""
    by_day: dict[dt.date, list[dict[str, Any]]] = defaultdict(list)
    for episode in episodes:
        by_day[episode["diary_day"]].append(episode)
    first_pair = design.start + dt.timedelta(days=design.run_in_days)
    result = []
    for period in design.periods():
        if period.arm == "baseline":
            continue
        counted = [d for d in _days(period) if period.counts(d) and d in checkins]
        result.append(
            PeriodCounts(
                number=period.number,
                pair=period.pair,
                arm=period.arm,
                midpoint_weeks=((period.first - first_pair).days + period.days / 2) / 7,
                counted_days=period.counted_days,
                observed_days=len(counted),
                cramp_nights=sum(1 for d in counted if by_day.get(d)),
                ended=period.last < cutoff,
                adherent_days=sum(1 for d in counted if checkins[d].done == (period.arm == "A")),
                pains=tuple(e["pain"] for d in counted for e in by_day.get(d, [])),
                sleep=tuple(
                    e["sleep_disturbance"]
                    for d in counted
                    for e in by_day.get(d, [])
                    if e["sleep_disturbance"] is not None
                ),
            )
        )
    return result


def _days(period: Period) -> list[dt.date]:
    return [period.first + dt.timedelta(days=i) for i in range(period.days)]


def red_flag_episodes(
    profile: dict[str, Any], episodes: list[dict[str, Any]], acknowledged: set[int]
) -> list[dict[str, Any]]:
    """Warning signs that pause the experiment: those of the stored profile itself (no episode: they stay until
    the profile changes), then episodes during the experiment that raise one the profile does not (until
    acknowledged by a resume)."""
    own_flags = assess(profile).red_flags
    own = {flag.id for flag in own_flags}
    found: list[dict[str, Any]] = [
        {"episode_id": None, "day": None, "title": f.title, "action": f.action} for f in own_flags
    ]
    seen: dict[tuple[Any, ...], list[Any]] = {}  # episodes with the same facts raise the same flags: assess once
    for episode in episodes:
        if episode["id"] in acknowledged:
            continue
        facts = {k: episode[k] for k in ("muscle", "side", "setting", "duration_minutes", "pain")}
        key = tuple(facts.values())
        if key not in seen:
            seen[key] = [flag for flag in assess(profile | {"episode": facts}).red_flags if flag.id not in own]
        new = seen[key]
        if new:
            day = episode["diary_day"].isoformat()
            found += [{"episode_id": episode["id"], "day": day, "title": f.title, "action": f.action} for f in new]
    return found


def phase(row: ExperimentRow, design: Design, today: dt.date, red_flags: list[dict[str, Any]]) -> str:
    if row.stopped_utc is not None:
        return "stopped"
    if today > design.end:
        return "finished"
    if red_flags:
        return "paused"
    if today < design.start:
        return "scheduled"
    period = design.period_of(today)
    return "run_in" if period is not None and period.arm == "baseline" else "running"


def arm_text(arm: str, name: str) -> str:
    return protocol().text("arm", arm, name=name)


def schedule(design: Design, name: str) -> list[dict[str, Any]]:
    return [
        {
            "number": p.number,
            "pair": p.pair,
            "arm": p.arm,
            "arm_text": arm_text(p.arm, name),
            "first": p.first.isoformat(),
            "last": p.last.isoformat(),
            "counted_from": p.counted_from.isoformat(),
        }
        for p in design.periods()
    ]


def baseline(design: Design, checkins: dict[dt.date, Any], episodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    run_in = next((p for p in design.periods() if p.arm == "baseline"), None)
    if run_in is None:
        return None
    observed = [d for d in _days(run_in) if d in checkins]
    nights = {e["diary_day"] for e in episodes if e["diary_day"] in observed}
    rate = 7 * len(nights) / len(observed) if observed else None
    return {"observed_days": len(observed), "cramp_nights": len(nights), "per_week": rate}


def unchecked_nights(design: Design, checkins: dict[dt.date, Any], episodes: list[dict[str, Any]]) -> int:
    """Cramp nights on days inside the experiment without a check-in: listed, not counted."""
    return len(
        {e["diary_day"] for e in episodes if e["diary_day"] not in checkins and design.period_of(e["diary_day"])}
    )


def result_dict(result: Result) -> dict[str, Any]:
    estimate = result.estimate
    numbers: dict[str, Any] = {"rate_ratio": None, "low": None, "high": None, "p_value": None, "method": None}
    if estimate is not None:
        numbers = {
            "rate_ratio": _finite(estimate.rate_ratio),
            "low": _finite(estimate.low),
            "high": _finite(estimate.high),
            "p_value": estimate.p_value,
            "method": estimate.method,
            "dispersion": estimate.dispersion,
            "df": estimate.df,
            "rate_without_per_week": estimate.rate_b_per_week,
        }
    return {
        "verdict": result.verdict,
        "label": result.label,
        "reasons": result.reasons,
        "minimum": result.minimum,
        "complete_pairs": result.complete_pairs,
        **numbers,
        "probability_reduction_at_least_mid": result.probability_mid,
        "probability_any_reduction": result.probability_any,
        "mid_per_week": result.mid,
        "prior": result.prior,
        "cramp_nights_per_week": result.rates,
        "adherence": result.adherence,
        "secondary": result.secondary,
    }


def _finite(value: float) -> float | None:
    """JSON has no infinity: an unbounded upper limit is null (the text says ∞)."""
    return None if value == float("inf") else value


def analysis(periods: list[PeriodCounts], name: str, mid: float) -> dict[str, Any]:
    return result_dict(analyse(periods, name=name, mid=mid))
