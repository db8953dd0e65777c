"""The care plan made from a clinical record as an A4 PDF for the clinician (fpdf2; FHIR out: issue 14).

Everything the plan decided is printed with the reasons that triggered it: the triage, red flags, likely causes,
whom to see, the labs used, and every option grouped by status (avoid first) with its reasons, evidence grade
and sources; then what the record held that was not used. The words come from the caller (data/fhir/texts.yaml),
so this module holds layout only. The text flows on to as many pages as it needs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crampcare.assessment.plan import CarePlan
from crampcare.assessment.profile import Profile
from crampcare.reports.pdf import GREY, MARGIN, ORANGE, WIDTH, _Page

STATUS_ORDER = ("avoid", "not_recommended", "discuss_with_doctor", "self_care")


def _bullets(page: _Page, lines: list[str], size: float = 8.5, indent: float = 3.0) -> None:
    for line in lines:
        page.text(f"•  {line}", MARGIN + indent, WIDTH - indent, size)


def _patient_lines(profile: Profile, words: dict[str, str]) -> list[str]:
    first = [words["age"].format(age=f"{profile.age_years:g}")]
    if profile.sex:
        first.append(str(profile.sex))
    if profile.pregnancy_weeks is not None:
        first.append(words["pregnancy"].format(weeks=profile.pregnancy_weeks))
    lines = [", ".join(first)]
    for key, items in (
        ("conditions", profile.conditions),
        ("medicines", profile.medications),
        ("allergies", profile.allergies),
    ):
        lines.append(words[key].format(items=", ".join(items) if items else words["none"]))
    return lines


def render_plan_pdf(
    plan: CarePlan,
    profile: Profile,
    *,
    words: dict[str, str],
    patient: str,
    not_used: list[str],
    prepared: dt.date,
) -> bytes:
    """The plan as PDF bytes. `words` are the document texts, `patient` names the record's patient, `not_used`
    lists what the record held that the plan could not use (each with why)."""
    page = _Page()
    page.pdf.set_title(words["title"])
    page.pdf.set_auto_page_break(True, MARGIN)
    page.style(14, True, (26, 54, 93))
    page.pdf.multi_cell(WIDTH, 6.5, words["title"], new_x="LMARGIN", new_y="NEXT")
    prepared_line = words["prepared"].format(date=prepared.isoformat(), patient=patient, version=plan.knowledge_version)
    page.text(prepared_line, MARGIN, WIDTH, 8.5, color=GREY)

    page.heading(words["patient"], MARGIN, WIDTH)
    _bullets(page, _patient_lines(profile, words))

    page.heading(words["triage"], MARGIN, WIDTH)
    page.text(f"{plan.triage.level.replace('_', ' ')}: {plan.triage.action}", MARGIN, WIDTH, 9.5, bold=True)
    _bullets(page, [*plan.triage.reasons, plan.triage.safety_net])

    _section(page, words["red_flags"], [f"{hit.title}: {hit.action}" for hit in plan.red_flags], words)
    causes = [f"{f.title} ({f.kind}): {'; '.join(f.because)}" for f in plan.contributing_factors]
    _section(page, words["causes"], causes, words)
    seen = [f"{s.title}: {'; '.join(s.because)}" for s in plan.specialists]
    _section(page, words["specialists"], seen, words)
    labs = [f"{lab.name}: {lab.value:g} {lab.unit}, {lab.status} ({lab.reference})" for lab in plan.labs]
    _section(page, words["labs"], labs, words)

    for status in STATUS_ORDER:
        options = [option for option in plan.options if option.status == status]
        if not options:
            continue
        page.heading(words[status], MARGIN, WIDTH)
        for option in options:
            color: Any = ORANGE if status in ("avoid", "not_recommended") else (26, 32, 44)
            page.text(option.name, MARGIN, WIDTH, 8.5, bold=True, color=color)
            _bullets(page, option.reasons, 8.0)
            evidence = words["evidence"].format(
                grade=option.evidence.grade.replace("_", " "),
                sources=", ".join(option.evidence.sources) or words["none"],
            )
            page.text(evidence, MARGIN + 3, WIDTH - 3, 7.5, color=GREY)

    _section(page, words["not_used"], not_used, words)
    page.pdf.set_y(page.pdf.get_y() + 2)
    page.text(plan.disclaimer, MARGIN, WIDTH, 7.5, color=GREY)
    return bytes(page.pdf.output())


def _section(page: _Page, title: str, lines: list[str], words: dict[str, str]) -> None:
    page.heading(title, MARGIN, WIDTH)
    _bullets(page, lines or [words["none"]])
