"""Wording shared by the HTML and PDF reports, so that both say the same thing."""

from __future__ import annotations

from typing import Any

from crampcare.diary.text import MIN_DAYS_FOR_RATE, day_text, trend_line
from crampcare.i18n import N_, Labels, _, current, format_number, ngettext

FIGURE_ROWS = (
    (N_("Cramps"), "episodes", ""),
    (N_("Per week"), "per_week", ""),
    (N_("Days with cramps"), "cramp_days", ""),
    (N_("At night"), "nocturnal_share", "%"),
    (N_("Mean pain (0–10)"), "mean_pain", ""),
    (N_("Mean sleep disturbance (0–10)"), "mean_sleep_disturbance", ""),
    (N_("Median duration"), "median_duration_minutes", " min"),
)


def cell(value: Any, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "%":
        return f"{round(value * 100)} %"
    number = format_number(value, digits=2)  # 1.5 / 1,5
    return _("%(number)s min") % {"number": number} if unit == " min" else number


def figures(stats: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, last 30 days, last 90 days) rows."""
    a, b = stats["last_30_days"], stats["last_90_days"]
    return [(_(label), _cell(a, key, unit), _cell(b, key, unit)) for label, key, unit in FIGURE_ROWS]


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
    return _("* No weekly rate from fewer than %(days)s days of records (%(so_far)s so far).") % {
        "days": MIN_DAYS_FOR_RATE,
        "so_far": min(short),
    }


SEX_WORDS = Labels({"female": N_("female"), "male": N_("male")})


def profile_line(profile: dict[str, Any] | None) -> str:
    if not profile:
        return _("No profile stored.")
    parts = [_("Age %(age)s") % {"age": format_number(profile["age_years"])}]
    if profile.get("sex"):
        parts.append(SEX_WORDS.get(str(profile["sex"]), str(profile["sex"])))
    if profile.get("pregnancy_weeks"):
        parts.append(_("pregnant, week %(week)s") % {"week": profile["pregnancy_weeks"]})
    if profile.get("breastfeeding"):
        parts.append(_("breastfeeding"))
    if profile.get("weight_kg"):
        parts.append(_("%(weight)s kg") % {"weight": format_number(profile["weight_kg"])})
    return ", ".join(parts)


def lab_line(profile: dict[str, Any] | None) -> str:
    labs = (profile or {}).get("labs") or {}
    return ", ".join(_lab_result(name, value) for name, value in labs.items() if value is not None)


def _lab_result(name: str, value: float) -> str:
    """A stored result as the plan names it, with its unit ("eGFR 38 mL/min/1.73 m²", «СКФ 38 мл/мин/1,73 м²»):
    the report is read by a doctor, and a bare id with no unit ("egfr 38") left the value's scale to guesswork."""
    from crampcare.assessment.config import speaking, unit
    from crampcare.assessment.triggers import lab_words
    from crampcare.knowledge.language import knowledge_in, language

    lang = language(current())
    record = knowledge_in(lang).labs.get(name)
    with speaking(lang):
        words = lab_words(name)
        return (
            f"{words} {_lab_value(value)} {unit(record.unit)}" if record is not None else f"{words} {_lab_value(value)}"
        )


def _lab_value(value: float) -> str:
    return f"{value:g}" if current() == "en" else format_number(value, digits=3)


def medicine_text(row: dict[str, Any]) -> str:
    if not row["checked"]:
        return _("not found in the knowledge base — not checked")
    said = [row["marked"]] if row.get("marked") else []
    if row["flags"]:
        said.append(_("cramp risk: %(flags)s") % {"flags": "; ".join(row["flags"])})
    # Never "no flag" for a medicine the knowledge base holds as a cramp treatment (issue 11 §3): `marked` says it.
    return "; ".join(said) or _("no cramp-risk flag in the knowledge base")


SIGN_WORDS = Labels({"swelling": N_("swelling"), "weakness": N_("weakness")})


def warning_signs_line(found: dict[str, Any] | None) -> str:
    """The cramps logged with swelling or weakness (issue 12 §6): how many, and the newest with their dates."""
    if not found or not found["total"]:
        return _("No cramp logged with swelling or weakness.")
    both = _(" and ")
    shown = [
        f"{day_text(e['started'][:10])} ({both.join(word for key, word in SIGN_WORDS.items() if e.get(key))})"
        for e in found["latest"]
    ]
    more = found["total"] - len(shown)
    total = ngettext(
        "Logged with swelling or weakness: %(num)s cramp",
        "Logged with swelling or weakness: %(num)s cramps",
        found["total"],
    ) % {"num": found["total"]}
    earlier = _(" and %(num)s earlier") % {"num": more} if more > 0 else ""
    return f"{total}, " + ", ".join(shown) + earlier + "."


def period_line(stats: dict[str, Any]) -> str:
    """ "2026-11-01 to 2026-12-05 (35 days, 12 cramps, 20 daily check-ins)", with the reader's plural forms."""
    counts = ", ".join(
        (
            ngettext("%(num)s day", "%(num)s days", stats["data_days"]) % {"num": stats["data_days"]},
            ngettext("%(num)s cramp", "%(num)s cramps", stats["episodes"]) % {"num": stats["episodes"]},
            ngettext("%(num)s daily check-in", "%(num)s daily check-ins", stats["checkins"])
            % {"num": stats["checkins"]},
        )
    )
    return _("%(first)s to %(last)s (%(counts)s)") % {
        "first": day_text(stats["first_day"]),
        "last": day_text(stats["today"]),
        "counts": counts,
    }


def regular_line(regular: dict[str, Any]) -> str:
    """The regular-cramps verdict for whoever reads the report: no command-line instruction in it (issue 12 §4)."""
    if not regular["met"]:
        return str(regular["message"])
    start = regular["window_start"]
    return _(
        "Regular cramps: %(num)s in the 14 days from %(start)s. This meets the derived rule; consider a GP review."
    ) % {
        "num": regular["max_in_14_days"],
        "start": day_text(start) if start else "–",
    }


def labels(data: dict[str, Any]) -> dict[str, Any]:
    stats = data["stats"]
    regular = stats["regular"]
    return {
        "profile": profile_line(data["profile"]),
        "conditions": ", ".join((data["profile"] or {}).get("conditions", [])) or _("none recorded"),
        "allergies": ", ".join((data["profile"] or {}).get("allergies", [])) or _("none recorded"),
        "labs": lab_line(data["profile"]) or _("none recorded"),
        "figures": figures(stats),
        "figures_note": figures_note(stats),
        "warning_signs": warning_signs_line(data.get("warning_signs")),
        "warning_signs_found": bool((data.get("warning_signs") or {}).get("total")),
        "frequency_trend": trend_line(_("Frequency trend"), stats["frequency_trend"]),
        "pain_trend": trend_line(_("Pain trend"), stats["pain_trend"]),
        "regular": regular_line(regular),
        "regular_basis": regular["basis"],
        "period": period_line(stats),
        "medicines": [
            (m["name"], ", ".join(m["classes"]) or ", ".join(m.get("ingredients", [])) or "–", medicine_text(m))
            for m in data["medicines"]
        ],
    }
