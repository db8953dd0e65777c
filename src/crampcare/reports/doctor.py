"""The one-page doctor report: what a GP needs from a cramp diary, as data for the HTML and PDF renderers.

Contents: the profile in brief, current medicines with their cramp-risk flags
(from the knowledge base's medication causes), 30- and 90-day figures, charts,
trigger comparisons with their uncertainty, what helped, the latest assessment
summary, questions to ask, the day rule and a disclaimer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from crampcare.diary.timeutil import DAY_RULE
from crampcare.errors import InputError
from crampcare.i18n import N_, Labels, _, current

DISCLAIMER = N_(
    "Prepared by the person from their own crampcare diary; self-reported, not a diagnosis. "
    "Trigger comparisons show associations, not causes. Thresholds marked derived are not guideline text."
)
# NICE CKS "Leg cramps" lists these tests for when an underlying cause is suspected (reference §3.3).
CKS_TESTS = N_("electrolytes, calcium, magnesium, thyroid function, fasting glucose, liver tests and CK")
CHARTS = ("frequency", "time-of-day", "muscles", "severity")
# Said to whoever reads the report (a person or their GP): no command-line instructions in it (issue 12 §4).
NO_PROFILE = N_(
    "No profile stored, so no assessment. Add your profile (medicines, conditions) on crampcare's Profile page."
)


def _medication_flags(kb: Any, found: set[str] | None = None) -> dict[str, list[tuple[str, str]]]:
    """Drug class id or INN → [(cause title, reason)] from the knowledge base's medication causes; with `found` (the
    cause ids the person's plan matched), only those: a combination such as "low sodium with a thiazide" is not
    claimed for someone whose sodium is not low."""
    flags: dict[str, list[tuple[str, str]]] = {}
    for cause in kb.causes.values():
        if found is not None and cause.id not in found:
            continue
        for trigger in [*cause.rule.when, *cause.rule.when_all, *cause.rule.and_one_of]:
            key = trigger.drug_class or trigger.inn
            if key:
                flags.setdefault(key, []).append((cause.title, cause.rule.reason))
    return flags


STOPPED = ("avoid", "not_recommended")
STATUS_WORDS = Labels(
    {"avoid": N_("avoid"), "not_recommended": N_("not recommended"), "discuss_with_doctor": N_("discuss with a doctor")}
)


def medicines(names: list[str], plan: Any = None) -> list[dict[str, Any]]:
    """Each medicine with its drug classes and any cramp-risk flag; unknown names say they were not checked.

    With the person's plan, a medicine that is itself a cramp treatment in the knowledge base (quinine, magnesium…)
    says how it is marked for this person and why (issue 11 §3: never "no cramp-risk flag" for such a medicine).
    """
    from crampcare.knowledge.describe import inn_name
    from crampcare.knowledge.loader import knowledge
    from crampcare.knowledge.lookup import resolve_drug

    kb = knowledge()
    shown = _shown_knowledge()  # the same records with their texts in the reader's language
    flags = _medication_flags(shown, {f.id for f in plan.contributing_factors} if plan is not None else None)
    marked = {option.id: option for option in plan.options} if plan is not None else {}
    rows = []
    for name in names:
        resolved = resolve_drug(kb, name)
        if resolved is None:
            rows.append(
                {"name": name, "classes": [], "flags": [], "checked": False, "marked": None, "marked_status": None}
            )
            continue
        keys = [*resolved.classes, *resolved.inns]
        hits = list(dict.fromkeys(title for key in keys for title, _ in flags.get(key, [])))
        titles = [shown.drug_classes[c].name for c in resolved.classes if c in shown.drug_classes]
        option = marked.get(resolved.intervention_id or "")
        # What it contains, in the reader's language: shown for a medicine no drug class holds (Но-шпа: дротаверин),
        # which otherwise read «Но-шпа (–)» as if it had no ingredient.
        contains = [inn_name(shown, inn) for inn in resolved.inns]
        rows.append(
            {
                "name": name,
                "classes": titles,
                "ingredients": [i for i in contains if i.casefold() != name.strip().casefold()],
                "flags": hits,
                "checked": True,
                "marked": _marked(resolved.intervention_id, marked, shown),
                "marked_status": option.status if option is not None else None,
            }
        )
    return rows


def _marked(intervention_id: str | None, marked: dict[str, Any], kb: Any) -> str | None:
    """How the person's plan marks the medicine's own record, with the first reason; None if it has none."""
    if intervention_id is None:
        return None
    option = marked.get(intervention_id)
    if option is None:  # no plan: still never "no flag" for a cramp treatment
        name = kb.interventions[intervention_id].name if intervention_id in kb.interventions else intervention_id
        return _("%(name)s is a cramp treatment in crampcare's list (not assessed for this person)") % {"name": name}
    status = option.status
    if status == "self_care":
        return _("%(name)s is a cramp treatment in crampcare's list, self-care for this person") % {"name": option.name}
    reason = option.reasons[0].rstrip(".") if option.reasons else ""
    text = _("%(name)s is marked '%(status)s' for this person: %(reason)s") % {
        "name": option.name,
        "status": STATUS_WORDS[status],
        "reason": reason,
    }
    if status in STOPPED:
        text += _("; ask the prescriber or a pharmacist; a prescribed medicine is not stopped without the prescriber")
    return text


def _shown_knowledge() -> Any:
    """The knowledge base with its texts in the active language (the same records, ids and decisions)."""
    from crampcare.knowledge.language import knowledge_in, language

    return knowledge_in(language(current()))


def _plan(profile: dict[str, Any]) -> Any:
    """The person's plan, or None when it cannot be made (the report must still print)."""
    try:
        import crampcare

        return crampcare.assess(profile)
    except Exception:  # the engine is optional for the report; assessment_summary says why
        return None


def assessment_summary(profile: dict[str, Any]) -> dict[str, Any]:
    """The latest assessment in brief; on any failure, a note instead (the report must still print)."""
    try:
        import crampcare

        plan = crampcare.assess(profile)
    except Exception as exc:  # the engine is optional for the report: degrade, and say why
        note = _("The assessment could not be run (%(error)s).") % {"error": f"{type(exc).__name__}: {exc}"}
        return {"available": False, "note": note}
    return {
        "available": True,
        "level": plan.triage.level,
        "action": plan.triage.action,
        "reasons": plan.triage.reasons[:3],
        # Every factor and specialist, never the first few: the plan lists medicines before conditions, so a cut at
        # five dropped kidney disease (and the nephrologist) for an older person on four cramp-linked medicines.
        "factors": [f.title for f in plan.contributing_factors],
        "specialists": [s.title for s in plan.specialists],
    }


def questions(stats: dict[str, Any], meds: list[dict[str, Any]]) -> list[str]:
    """Questions worth asking, chosen from what the diary shows."""
    asked = []
    flagged = [m["name"] for m in meds if m["flags"]]
    if flagged:
        asked.append(
            _("Could %(names)s be contributing to my cramps, and is there an alternative?")
            % {"names": ", ".join(flagged)}
        )
    review = [m["name"] for m in meds if m.get("marked_status") in STOPPED]
    if review:
        asked.append(_("Should I go on taking %(names)s, and when should we review it?") % {"names": ", ".join(review)})
    if stats["regular"]["met"]:
        asked.append(
            _("My cramps are regular by the diary's rule: is a cause worth looking for, and what treatment fits me?")
        )
    asked.append(
        _("Are blood tests worth doing (NICE CKS suggests %(tests)s when a cause is suspected)?")
        % {"tests": _(CKS_TESTS)}
    )
    if (stats["last_30_days"]["mean_sleep_disturbance"] or 0) >= 5:
        asked.append(_("The cramps disturb my sleep: what can I do about that?"))
    asked.append(_("Which stretches or other measures should I keep doing, and when should I come back?"))
    return asked[:5]


def prepared_on() -> dt.date:
    """The calendar date the report is made, in local time: the diary-day rule (before 06:00 it is still
    yesterday's night) is for counting cramps, not for dating a document."""
    from crampcare.diary.timeutil import local_zone

    return dt.datetime.now(local_zone()).date()


def build(
    *, db_url: str | None = None, today: dt.date | None = None, prepared: dt.date | None = None
) -> dict[str, Any]:
    """Everything the report shows, as plain data (`today` is the diary day the figures end on)."""
    from crampcare.diary import service

    stats = service.stats(db_url=db_url, today=today)
    stored = service.current_profile(db_url=db_url)
    profile = dict(stored["profile"]) if stored else None
    meds = medicines(list(profile.get("medications", [])), _plan(profile)) if profile else []
    assessment = (
        assessment_summary(profile | {"pattern": stats["pattern"]})
        if profile
        else {"available": False, "note": _(NO_PROFILE)}
    )
    signs_total, signs = service.warning_sign_episodes(db_url=db_url)
    return {
        "generated": (prepared or prepared_on()).isoformat(),
        "warning_signs": {"total": signs_total, "latest": signs},
        "profile": profile,
        "profile_version": stored["version"] if stored else None,
        "medicines": meds,
        "stats": stats,
        "helped": _helped_names(stats["what_helped"][:4]),
        "associations": [a for a in stats["associations"] if a["available"]][:4],
        "assessment": assessment,
        "questions": questions(stats, meds),
        "day_rule": _(DAY_RULE),
        "disclaimer": _(DISCLAIMER),
    }


def _helped_names(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    interventions = _shown_knowledge().interventions
    return [r | {"name": interventions[r["id"]].name if r["id"] in interventions else r["id"]} for r in rows]


def chart_images(stats: dict[str, Any], fmt: str) -> dict[str, bytes]:
    from crampcare.diary.charts import render

    return {kind: render(kind, stats, fmt, size=(4.2, 2.0), font_size=9) for kind in CHARTS}


def write_report(out: Path, *, db_url: str | None = None, today: dt.date | None = None) -> list[str]:
    """Write the report as HTML or PDF (by the file's suffix); returns notes worth showing."""
    suffix = out.suffix.lower()
    if suffix not in (".html", ".pdf"):
        raise InputError(
            _("unsupported file type %(suffix)s") % {"suffix": repr(out.suffix or _("(none)"))},
            field="--out",
            valid=_(".html or .pdf"),
        )
    data = build(db_url=db_url, today=today)
    if suffix == ".html":
        from crampcare.reports.html import render_html

        content = render_html(data, chart_images(data["stats"], "svg")).encode("utf-8")
    else:
        from crampcare.reports.pdf import render_pdf

        content = render_pdf(data, chart_images(data["stats"], "png"))
    from crampcare.diary.outfile import write_new

    write_new(out, content, db_url)  # a new file only, never the diary itself (whichever face calls this)
    return [] if data["assessment"]["available"] else [data["assessment"]["note"]]
