"""The diary's statistics as short plain-text lines (the CLI prints them; the report reuses pieces)."""

from __future__ import annotations

from typing import Any


def _fmt(value: float | None, suffix: str = "") -> str:
    return "–" if value is None else f"{value:g}{suffix}"


# Fewer diary days than this give no weekly rate: one cramp on the first day is not "7 per week".
MIN_DAYS_FOR_RATE = 7


def weekly_rate(window: dict[str, Any]) -> str:
    """ "2.5 per week", or why there is no rate yet."""
    covered = window["days_covered"]
    if covered < MIN_DAYS_FOR_RATE:
        return f"no weekly rate yet ({covered} day(s) of records, {MIN_DAYS_FOR_RATE} needed)"
    return f"{window['per_week']:g} per week"


def window_line(label: str, window: dict[str, Any]) -> str:
    return (
        f"{label}: {window['episodes']} cramp(s), {weekly_rate(window)}, on {window['cramp_days']} day(s); "
        f"at night {_fmt(_percent(window['nocturnal_share']), ' %')}; mean pain {_fmt(window['mean_pain'])}/10; "
        f"median duration {_fmt(window['median_duration_minutes'], ' min')}"
    )


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100)


def trend_line(label: str, trend: dict[str, Any]) -> str:
    if not trend["available"]:
        return f"{label}: not enough data ({trend['missing']})"
    if "rate_ratio_per_4_weeks" in trend:
        low, high = trend["ci95"]
        return (
            f"{label}: {trend['direction']} — ×{trend['rate_ratio_per_4_weeks']:g} per 4 weeks "
            f"(95 % CI {low:g}–{high:g}, {trend['weeks']} weeks)"
        )
    low, high = trend["ci95"]
    return (
        f"{label}: {trend['direction']} — {trend['slope_per_4_weeks']:+g} {trend['unit']} per 4 weeks "
        f"(95 % CI {low:+g} to {high:+g})"
    )


def distribution_line(label: str, rows: list[dict[str, Any]]) -> str:
    parts = [f"{r['name'].replace('_', ' ')} {r['count']} ({round(r['share'] * 100)} %)" for r in rows[:5]]
    return f"{label}: {', '.join(parts) if parts else '–'}"


def helped_lines(rows: list[dict[str, Any]], names: dict[str, str] | None = None) -> list[str]:
    names = names or {}
    return [
        f"  {names.get(r['id'], r['id'])}: mean effect {r['mean_effect']:g}/3 over {r['times']} time(s)" for r in rows
    ]


def stats_lines(stats: dict[str, Any]) -> list[str]:
    """A readable summary of `compute_stats` output."""
    lines = [
        f"Diary: {stats['episodes']} episode(s), {stats['checkins']} check-in(s) over {stats['data_days']} day(s).",
        window_line("Last 30 days", stats["last_30_days"]),
        window_line("Last 90 days", stats["last_90_days"]),
        trend_line("Frequency trend", stats["frequency_trend"]),
        trend_line("Pain trend", stats["pain_trend"]),
        trend_line("Duration trend", stats["duration_trend"]),
        distribution_line("Muscles", stats["muscles"]),
        distribution_line("Sides", stats["sides"]),
        "Triggers compared with check-ins (cramps on the day and the night after):",
        *(f"  {row['summary']}" for row in stats["associations"]),
        f"  {stats['associations_caveat']}",
    ]
    if stats["what_helped"]:
        lines += ["What helped (your ratings):", *helped_lines(stats["what_helped"])]
    lines += [stats["regular"]["message"], f"Day rule: {stats['day_rule']}"]
    return lines
