"""The diary's statistics as short plain-text lines (the CLI prints them; the report reuses pieces), in the reader's
language (crampcare.i18n: plural forms, decimal comma)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crampcare.i18n import N_, Labels, _, current, format_number, ngettext, pgettext

DIRECTION_LABELS = Labels(
    {"increasing": N_("increasing"), "decreasing": N_("decreasing"), "no clear change": N_("no clear change")}
)


def day_text(day: dt.date | str) -> str:
    """A diary date as the reader writes it (Babel, with the pattern from the catalogue): English keeps the ISO date
    a report has always shown ("2026-12-05"), Russian writes "5 декабря 2026 г."."""
    from babel.dates import format_date

    when = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return str(format_date(when, format=pgettext("Babel date pattern", "yyyy-MM-dd"), locale=current()))


# The source pattern says ISO 8601; English shows the ISO text itself, as it always has: a Babel pattern cannot keep
# what that text may carry (a fraction of a second only when there is one, "Z" after a stored UTC time).
MOMENT_ISO = "yyyy-MM-dd'T'HH:mm:ssxxx"


def moment_text(moment: str) -> str:
    """A moment with its time (ISO 8601 text, "Z" or an offset; naive means UTC) as the reader writes it, always with
    its UTC offset, since a time without one is ambiguous: English keeps the ISO text ("2026-12-01T03:00:00+00:00"),
    Russian writes «1 декабря 2026, 03:00 UTC+00:00» (Babel, with the pattern from the catalogue)."""
    from babel.dates import format_datetime

    pattern = pgettext("Babel date-time pattern (with the UTC offset)", "yyyy-MM-dd'T'HH:mm:ssxxx")
    if pattern == MOMENT_ISO:
        return moment
    when = dt.datetime.fromisoformat(moment)
    when = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    # Babel miscounts a negative offset that is not whole hours (-03:30 comes out -04:30), so the offset (the
    # pattern's xxx) is written here, between the pieces Babel formats.
    pieces = [
        str(format_datetime(when, format=piece, locale=current())) if piece else "" for piece in pattern.split("xxx")
    ]
    return _offset(when).join(pieces)


def _offset(when: dt.datetime) -> str:
    minutes = round((when.utcoffset() or dt.timedelta(0)).total_seconds() / 60)
    return f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def week_text(day: dt.date | str) -> str:
    """The first day of a week under a chart's bar, day and month only ("12-02" / "02.12")."""
    from babel.dates import format_date

    when = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return str(format_date(when, format=pgettext("Babel pattern of a chart's week label", "MM-dd"), locale=current()))


def _fmt(value: float | None, suffix: str = "") -> str:
    return "–" if value is None else f"{format_number(value, digits=3)}{suffix}"


# Fewer diary days than this give no weekly rate: one cramp on the first day is not "7 per week".
MIN_DAYS_FOR_RATE = 7


def weekly_rate(window: dict[str, Any]) -> str:
    """ "2.5 per week", or why there is no rate yet."""
    covered = window["days_covered"]
    if covered < MIN_DAYS_FOR_RATE:
        return ngettext(
            "no weekly rate yet (%(num)s day of records, %(needed)s needed)",
            "no weekly rate yet (%(num)s days of records, %(needed)s needed)",
            covered,
        ) % {"num": covered, "needed": MIN_DAYS_FOR_RATE}
    return _("%(rate)s per week") % {"rate": format_number(window["per_week"], digits=3)}


def _label(name: str) -> str:
    """A muscle or side id as the reader says it (its id when it has no label)."""
    from crampcare.labels import MUSCLE_LABELS, SIDE_LABELS

    for labels in (MUSCLE_LABELS, SIDE_LABELS):
        if name in labels:
            return labels[name].lower()
    return name.replace("_", " ")


def window_line(label: str, window: dict[str, Any]) -> str:
    cramps = ngettext("%(num)s cramp", "%(num)s cramps", window["episodes"]) % {"num": window["episodes"]}
    days = ngettext("on %(num)s day", "on %(num)s days", window["cramp_days"]) % {"num": window["cramp_days"]}
    return _(
        "%(label)s: %(cramps)s, %(rate)s, %(days)s; at night %(night)s; mean pain %(pain)s/10; "
        "median duration %(duration)s"
    ) % {
        "label": label,
        "cramps": cramps,
        "rate": weekly_rate(window),
        "days": days,
        "night": _fmt(_percent(window["nocturnal_share"]), " %"),
        "pain": _fmt(window["mean_pain"]),
        "duration": _fmt(window["median_duration_minutes"], " " + _("min")),
    }


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100)


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + format_number(value, digits=3)


def trend_line(label: str, trend: dict[str, Any]) -> str:
    if not trend["available"]:
        return _("%(label)s: not enough data (%(missing)s)") % {"label": label, "missing": trend["missing"]}
    low, high = trend["ci95"]
    unit = str(trend.get("unit", ""))  # a catalogue text (diary/stats.py marks it)
    direction = DIRECTION_LABELS.get(trend["direction"], trend["direction"])
    if "rate_ratio_per_4_weeks" in trend:
        return _("%(label)s: %(direction)s — ×%(ratio)s per 4 weeks (95 %% CI %(low)s–%(high)s, %(weeks)s weeks)") % {
            "label": label,
            "direction": direction,
            "ratio": format_number(trend["rate_ratio_per_4_weeks"], digits=3),
            "low": format_number(low, digits=3),
            "high": format_number(high, digits=3),
            "weeks": trend["weeks"],
        }
    return _("%(label)s: %(direction)s — %(slope)s %(unit)s per 4 weeks (95 %% CI %(low)s to %(high)s)") % {
        "label": label,
        "direction": direction,
        "slope": _signed(trend["slope_per_4_weeks"]),
        "unit": _(unit),
        "low": _signed(low),
        "high": _signed(high),
    }


def distribution_line(label: str, rows: list[dict[str, Any]]) -> str:
    parts = [f"{_label(r['name'])} {r['count']} ({round(r['share'] * 100)} %)" for r in rows[:5]]
    return f"{label}: {', '.join(parts) if parts else '–'}"


def helped_lines(rows: list[dict[str, Any]], names: dict[str, str] | None = None) -> list[str]:
    names = names or {}
    return [
        "  "
        + ngettext(
            "%(name)s: mean effect %(effect)s/3 over %(num)s time",
            "%(name)s: mean effect %(effect)s/3 over %(num)s times",
            r["times"],
        )
        % {"name": names.get(r["id"], r["id"]), "effect": format_number(r["mean_effect"], digits=2), "num": r["times"]}
        for r in rows
    ]


def stats_lines(stats: dict[str, Any], names: dict[str, str] | None = None) -> list[str]:
    """A readable summary of `compute_stats` output; `names` maps intervention ids to the names the reader reads."""
    counts = {
        "episodes": ngettext("%(num)s episode", "%(num)s episodes", stats["episodes"]) % {"num": stats["episodes"]},
        "checkins": ngettext("%(num)s check-in", "%(num)s check-ins", stats["checkins"]) % {"num": stats["checkins"]},
        "days": ngettext("%(num)s day", "%(num)s days", stats["data_days"]) % {"num": stats["data_days"]},
    }
    lines = [
        _("Diary: %(episodes)s, %(checkins)s over %(days)s.") % counts,
        window_line(_("Last 30 days"), stats["last_30_days"]),
        window_line(_("Last 90 days"), stats["last_90_days"]),
        trend_line(_("Frequency trend"), stats["frequency_trend"]),
        trend_line(_("Pain trend"), stats["pain_trend"]),
        trend_line(_("Duration trend"), stats["duration_trend"]),
        distribution_line(_("Muscles"), stats["muscles"]),
        distribution_line(_("Sides"), stats["sides"]),
        _("Triggers compared with check-ins (cramps on the day and the night after):"),
        *(f"  {row['summary']}" for row in stats["associations"]),
        f"  {stats['associations_caveat']}",
    ]
    if stats["what_helped"]:
        lines += [_("What helped (your ratings):"), *helped_lines(stats["what_helped"], names)]
    lines += [stats["regular"]["message"], _("Day rule: %(rule)s") % {"rule": stats["day_rule"]}]
    return lines
