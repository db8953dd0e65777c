"""The care plan made from a clinical record as an A4 PDF for the clinician (fpdf2; FHIR out: issue 14).

Everything the plan decided is printed with the reasons that triggered it: the triage, red flags, likely causes,
whom to see, the labs used, and every option grouped by status (avoid first) with its reasons, evidence grade
and sources; then what the record held that was not used. The words come from the caller (data/fhir/texts.yaml),
so this module holds layout only. The text flows on to as many pages as it needs.

The document is written in the plan's language (`plan.lang`, issue 15). In Russian the ids an English document
prints as they are (urgency level, factor kind, lab status, evidence grade, source ids) are words from the
catalogue, names come from the knowledge base's Russian, numbers take the decimal comma, the date is Babel's,
and sources are cited by number; an English document cites their ids. Both list the sources cited at the end with
their titles and addresses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crampcare import i18n
from crampcare.assessment.config import speaking
from crampcare.assessment.flag_groups import flag_entries
from crampcare.assessment.labs import HIGH_IS_EXCLUSIVE, reference_text
from crampcare.assessment.plan import CarePlan
from crampcare.assessment.profile import Profile
from crampcare.diary.text import day_text
from crampcare.i18n import N_, Labels, _
from crampcare.knowledge.describe import inn_name
from crampcare.knowledge.language import for_reader, language
from crampcare.knowledge.loader import KnowledgeBase, knowledge
from crampcare.labels import FACTOR_KIND_LABELS, GRADE_LABELS, LAB_STATUS_LABELS
from crampcare.reports.pdf import GREY, LEVEL_WORDS, MARGIN, ORANGE, WIDTH, _Page

STATUS_ORDER = ("avoid", "not_recommended", "discuss_with_doctor", "self_care")
SEX_WORDS = Labels({"female": N_("female"), "male": N_("male"), "other": N_("other")})


class _Words:
    """The ids and names the document prints, in the active language: English keeps its ids and names as it
    always printed them; another language gets words from the catalogue and the knowledge base's texts."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb, self.english = kb, i18n.current() == "en"
        self.reader = for_reader(kb)
        self.names = {c.name: self.reader.conditions[cid].name for cid, c in kb.conditions.items()}
        self.sources: dict[str, int] = {}

    def id_text(self, value: str, labels: Labels) -> str:
        return value.replace("_", " ") if self.english or value not in labels else labels[value]

    def number(self, value: float) -> str:
        return f"{value:g}" if self.english else i18n.format_number(value)

    def condition(self, name: str) -> str:
        return name if self.english else self.names.get(name, name)

    def medicine(self, name: str) -> str:
        return inn_name(self.kb, name)

    def cite(self, ids: list[str]) -> str:
        """Source ids as English prints them, or numbered ("[1, 2]"); either way listed at the end with their titles
        and addresses, so that a reader outside crampcare can find them."""
        numbers = sorted({self.sources.setdefault(sid, len(self.sources) + 1) for sid in ids})
        if self.english:
            return ", ".join(ids)
        return f"[{', '.join(str(n) for n in numbers)}]" if numbers else ""

    def lab(self, name: str, value: float, unit: str, status: str, reference: str) -> str:
        lab = self.kb.labs.get(name)
        if self.english:
            self.cite(lab.sources if lab else [])  # the reference names them: listed at the end
            return f"{name}: {value:g} {unit}, {status} ({reference})"
        if lab is None:
            return f"{name}: {self.number(value)} {_(unit)}, {LAB_STATUS_LABELS[status]} ({reference})"
        usual = reference_text(lab.low, lab.high, lab.unit, high_exclusive=name in HIGH_IS_EXCLUSIVE)
        title = self.reader.labs[name].title
        return (
            f"{title}: {self.number(value)} {_(unit)}, {LAB_STATUS_LABELS[status]} ({usual} {self.cite(lab.sources)})"
        )

    def listing(self) -> list[str]:
        rows = []
        for sid, number in self.sources.items():
            source = self.kb.sources.get(sid)
            url = f" {source.url}" if source and source.url else ""
            label = sid if self.english else f"[{number}]"
            rows.append(f"{label}{':' if self.english else ''} {source.title if source else sid}.{url}")
        return rows


def _bullets(page: _Page, lines: list[str], size: float = 8.5, indent: float = 3.0) -> None:
    for line in lines:
        page.text(f"•  {line}", MARGIN + indent, WIDTH - indent, size)


def _patient_lines(profile: Profile, words: dict[str, str], say: _Words) -> list[str]:
    first = [words["age"].format(age=say.number(profile.age_years))]
    if profile.sex:
        first.append(str(profile.sex) if say.english else SEX_WORDS[profile.sex])
    if profile.pregnancy_weeks is not None:
        first.append(words["pregnancy"].format(weeks=profile.pregnancy_weeks))
    lines = [", ".join(first)]
    for key, items in (
        ("conditions", [say.condition(name) for name in profile.conditions]),
        ("medicines", [say.medicine(name) for name in profile.medications]),
        ("allergies", [say.medicine(name) for name in profile.allergies]),
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
    lists what the record held that the plan could not use (each with why). Written in the plan's language."""
    with i18n.use(plan.lang), speaking(language(plan.lang)):
        return _render(plan, profile, words, patient, not_used, prepared, _Words(knowledge()))


def _render(
    plan: CarePlan,
    profile: Profile,
    words: dict[str, str],
    patient: str,
    not_used: list[str],
    prepared: dt.date,
    say: _Words,
) -> bytes:
    page = _Page()
    page.pdf.set_title(words["title"])
    page.pdf.set_auto_page_break(True, MARGIN)
    page.style(14, True, (26, 54, 93))
    page.pdf.multi_cell(WIDTH, 6.5, words["title"], new_x="LMARGIN", new_y="NEXT")
    prepared_line = words["prepared"].format(date=day_text(prepared), patient=patient, version=plan.knowledge_version)
    page.text(prepared_line, MARGIN, WIDTH, 8.5, color=GREY)

    page.heading(words["patient"], MARGIN, WIDTH)
    _bullets(page, _patient_lines(profile, words, say))

    page.heading(words["triage"], MARGIN, WIDTH)
    level = say.id_text(plan.triage.level, LEVEL_WORDS)
    page.text(f"{level}: {plan.triage.action}", MARGIN, WIDTH, 9.5, bold=True)
    _bullets(page, [*plan.triage.reasons, plan.triage.safety_net])

    # A lab result that raises nested flags (sodium below 135, 130, 125) is one line, as on the CDS card.
    flags = [
        f"{e.hit.title}: {e.hit.action}"
        + (f" {words['flag_also']} " + " ".join(f"{hit.title} — {why}." for hit, why in e.also) if e.also else "")
        for e in flag_entries(plan)
    ]
    _section(page, words["red_flags"], flags, words)
    causes = [
        f"{f.title} ({say.id_text(f.kind, FACTOR_KIND_LABELS)}): {'; '.join(f.because)}"
        for f in plan.contributing_factors
    ]
    _section(page, words["causes"], causes, words)
    seen = [f"{s.title}: {'; '.join(s.because)}" for s in plan.specialists]
    _section(page, words["specialists"], seen, words)
    labs = [say.lab(lab.name, lab.value, lab.unit, lab.status, lab.reference) for lab in plan.labs]
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
            grade = say.id_text(option.evidence.grade, GRADE_LABELS)
            evidence = words["evidence"].format(
                grade=grade if say.english else grade.lower(),
                sources=say.cite(option.evidence.sources) or words["none"],
            )
            page.text(evidence, MARGIN + 3, WIDTH - 3, 7.5, color=GREY)

    _section(page, words["not_used"], not_used, words)
    page.pdf.set_y(page.pdf.get_y() + 2)
    page.text(plan.disclaimer, MARGIN, WIDTH, 7.5, color=GREY)
    if say.sources:
        page.heading(_("Sources"), MARGIN, WIDTH)
        for row in say.listing():
            page.text(row, MARGIN, WIDTH, 7.5, color=GREY)
    return bytes(page.pdf.output())


def _section(page: _Page, title: str, lines: list[str], words: dict[str, str]) -> None:
    page.heading(title, MARGIN, WIDTH)
    _bullets(page, lines or [words["none"]])
