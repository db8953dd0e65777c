"""Wording shared by the HTML and PDF reports, so that both say the same thing."""

from __future__ import annotations

from typing import Any

from crampcare.diary.text import MIN_DAYS_FOR_RATE, trend_line

FIGURE_ROWS = (
    ("Cramps", "episodes", ""),
    ("Per week", "per_week", ""),
    ("Days with cramps", "cramp_days", ""),
    ("At night", "nocturnal_share", "%"),
    ("Mean pain (0–10)", "mean_pain", ""),
    ("Mean sleep disturbance (0–10)", "mean_sleep_disturbance", ""),
    ("Median duration", "median_duration_minutes", " min"),
)


def cell(value: Any, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "%":
        return f"{round(value * 100)} %"
    return f"{value:g}{unit}"


def figures(stats: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, last 30 days, last 90 days) rows."""
    a, b = stats["last_30_days"], stats["last_90_days"]
    return [(label, _cell(a, key, unit), _cell(b, key, unit)) for label, key, unit in FIGURE_ROWS]


NO_RATE = "–*"  # a figure cell is 25 mm wide in the PDF: the reason goes under the table (figures_note)


def _cell(window: dict[str, Any], key: str, unit: str) -> str:
    if key == "per_week" and window["days_covered"] < MIN_DAYS_FOR_RATE:
        return NO_RATE  # a rate from a few days would mislead
    return cell(window[key], unit)


def figures_note(stats: dict[str, Any]) -> str:
    """The footnote of a "–*" rate: why there is none, and how many days there are so far; "" when every
    window has a rate."""
    short = [w["days_covered"] for w in (stats["last_30_days"], stats["last_90_days"])]
    if min(short) >= MIN_DAYS_FOR_RATE:
        return ""
    return f"* No weekly rate from fewer than {MIN_DAYS_FOR_RATE} days of records ({min(short)} so far)."


def profile_line(profile: dict[str, Any] | None) -> str:
    if not profile:
        return "No profile stored."
    parts = [f"Age {profile['age_years']:g}"]
    if profile.get("sex"):
        parts.append(str(profile["sex"]))
    if profile.get("pregnancy_weeks"):
        parts.append(f"pregnant, week {profile['pregnancy_weeks']}")
    if profile.get("breastfeeding"):
        parts.append("breastfeeding")
    if profile.get("weight_kg"):
        parts.append(f"{profile['weight_kg']:g} kg")
    return ", ".join(parts)


def lab_line(profile: dict[str, Any] | None) -> str:
    labs = (profile or {}).get("labs") or {}
    return ", ".join(f"{name.replace('_', ' ')} {value:g}" for name, value in labs.items() if value is not None)


def medicine_text(row: dict[str, Any]) -> str:
    if not row["checked"]:
        return "not found in the knowledge base — not checked"
    said = [row["marked"]] if row.get("marked") else []
    if row["flags"]:
        said.append("cramp risk: " + "; ".join(row["flags"]))
    # Never "no flag" for a medicine the knowledge base holds as a cramp treatment (issue 11 §3): `marked` says it.
    return "; ".join(said) or "no cramp-risk flag in the knowledge base"


SIGN_WORDS = {"swelling": "swelling", "weakness": "weakness"}


def warning_signs_line(found: dict[str, Any] | None) -> str:
    """The cramps logged with swelling or weakness (issue 12 §6): how many, and the newest with their dates."""
    if not found or not found["total"]:
        return "No cramp logged with swelling or weakness."
    shown = [
        f"{e['started'][:10]} ({' and '.join(word for key, word in SIGN_WORDS.items() if e.get(key))})"
        for e in found["latest"]
    ]
    more = found["total"] - len(shown)
    return (
        f"Logged with swelling or weakness: {found['total']} cramp{'s' if found['total'] != 1 else ''}, "
        + ", ".join(shown)
        + (f" and {more} earlier" if more > 0 else "")
        + "."
    )


def labels(data: dict[str, Any]) -> dict[str, Any]:
    stats = data["stats"]
    regular = stats["regular"]
    return {
        "profile": profile_line(data["profile"]),
        "conditions": ", ".join((data["profile"] or {}).get("conditions", [])) or "none recorded",
        "allergies": ", ".join((data["profile"] or {}).get("allergies", [])) or "none recorded",
        "labs": lab_line(data["profile"]) or "none recorded",
        "figures": figures(stats),
        "figures_note": figures_note(stats),
        "warning_signs": warning_signs_line(data.get("warning_signs")),
        "warning_signs_found": bool((data.get("warning_signs") or {}).get("total")),
        "frequency_trend": trend_line("Frequency trend", stats["frequency_trend"]),
        "pain_trend": trend_line("Pain trend", stats["pain_trend"]),
        "regular": regular["message"].replace(" and run `crampcare assess --from-diary`", ""),
        "regular_basis": regular["basis"],
        "period": f"{stats['first_day']} to {stats['today']} ({stats['data_days']} days, {stats['episodes']} cramps, "
        f"{stats['checkins']} daily check-ins)",
        "medicines": [(m["name"], ", ".join(m["classes"]) or "–", medicine_text(m)) for m in data["medicines"]],
    }
