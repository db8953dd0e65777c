"""The care plan as an A4 PDF a person can download, print or hand to a GP or pharmacist (issue 12 §4).

The same content as the plan page, in the same order: the level with what to do, its safety net and reasons,
what to do now, the person's medicines with why, the options the answers change with their reasons and numbered
sources, every other option by name in its status group, lab results with ranges and sources, contributing
factors, whom to see, food, prevention, what was entered and the disclaimer, then the numbered source list.
Nothing is left out to make it fit: the type gets smaller (down to 6.5 pt) until it fits on two pages, and a
plan that still does not fit runs on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from crampcare.web.plan_view import (
    BASELINE_AGE,
    condition_rows,
    lab_rows,
    layout,
    medicine_notes,
    medicine_rows,
    split_warnings,
    top_warnings,
)
from crampcare.web.render import LEVEL_LABELS, STATUS_LABELS, symptom_label

if TYPE_CHECKING:
    from crampcare.assessment.plan import CarePlan, Option
    from crampcare.assessment.profile import Profile
    from crampcare.knowledge.loader import KnowledgeBase

MAX_PAGES = 2
SIZES = (8.0, 7.5, 7.0, 6.5)  # points: the largest that fits MAX_PAGES is used
MARGIN = 9.0  # mm
INK, GREY, BLUE, RED = (17, 17, 17), (68, 68, 68), (11, 83, 148), (161, 26, 26)
STATUS_ORDER = ("avoid", "not_recommended", "discuss_with_doctor", "self_care")
PLAIN_STATUS = {  # the web's labels start with a symbol the PDF font may lack; the words are the same
    status: label.split(" ", 1)[1] for status, label in STATUS_LABELS.items()
}


class _Sources:
    """Source ids numbered in the order they are first cited."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb, self.numbers = kb, dict[str, int]()

    def cite(self, ids: list[str]) -> str:
        found = [self.numbers.setdefault(sid, len(self.numbers) + 1) for sid in ids]
        return f" [{', '.join(str(n) for n in sorted(set(found)))}]" if found else ""

    def listing(self) -> list[str]:
        rows = []
        for sid, number in self.numbers.items():
            source = self.kb.sources.get(sid)
            title = source.title if source else sid
            url = f" {source.url}" if source and source.url else ""
            rows.append(f"[{number}] {title}.{url}")
        return rows


class _Writer:
    """Two newspaper columns on A4 (most of a plan is short lines), paragraphs with a bold lead and bullets that
    hang; the title spans the page."""

    def __init__(self, size: float) -> None:
        import matplotlib
        from fpdf import FPDF

        fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        self.size = size
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_auto_page_break(True, margin=MARGIN)
        self.pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        self.pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.pdf.set_title("crampcare care plan")
        self.pdf.set_creator("crampcare")
        self.pdf.add_page()
        self.style(True, INK, 1.8)
        self.pdf.cell(0, size * 0.8, "Care plan", new_x="LMARGIN", new_y="NEXT")
        self.cols = self.pdf.text_columns(ncols=2, gutter=4.5, line_height=1.18)
        self.cols.__enter__()

    def finish(self) -> bytes:
        self.cols.__exit__(None, None, None)
        return bytes(self.pdf.output())

    def style(self, bold: bool = False, color: tuple[int, int, int] = INK, scale: float = 1.0) -> None:
        self.pdf.set_font("DejaVu", "B" if bold else "", self.size * scale)
        self.pdf.set_text_color(*color)

    def heading(self, text: str) -> None:
        with self.cols.paragraph(top_margin=self.size * 0.25, bottom_margin=self.size * 0.06) as par:
            self.style(True, BLUE, 1.15)
            par.write(text)

    def para(
        self, label: str, text: str = "", *, indent: float = 0.0, color: tuple[int, int, int] = INK, bullet: str = ""
    ) -> None:
        """A paragraph that starts with a bold label; a bullet hangs to the left of it."""
        self.style(False, color)  # the bullet takes the paragraph's own type, not the heading's before it
        with self.cols.paragraph(indent=indent, bullet_string=bullet, top_margin=self.size * 0.04) as par:
            if label:
                self.style(True, color)
                par.write(label + (" " if text else ""))
            if text:
                self.style(False, color)
                par.write(text)

    def bullet(self, text: str, label: str = "", indent: float = 3.0, color: tuple[int, int, int] = INK) -> None:
        self.style(False, color)
        self.para(label, text, indent=indent, color=color, bullet="•")


def _options_line(options: list[Option]) -> str:
    return "; ".join(o.name for o in options)


def _draw(w: _Writer, plan: CarePlan, profile: Profile, kb: KnowledgeBase, made: dt.date, sources: _Sources) -> None:
    first, rest = top_warnings(plan.warnings)
    _top(w, plan, made, first)
    _medicines(w, plan, profile, kb, medicine_notes(rest))
    _options(w, plan, sources)
    _findings(w, plan, profile, kb, sources)
    _advice(w, plan, split_warnings(rest)[1])
    _entered(w, plan, profile, kb)
    w.heading("Medical disclaimer")
    w.para("", plan.disclaimer, color=GREY)
    if sources.numbers:
        w.heading("Sources")
        for row in sources.listing():
            w.para("", row, color=GREY)


def _top(w: _Writer, plan: CarePlan, made: dt.date, first: list[str]) -> None:
    made_by = f"Made {made.isoformat()} by crampcare from the answers of one check-up (knowledge version "
    w.para(
        "", made_by + f"{plan.knowledge_version}). General information from cited sources; not a diagnosis.", color=GREY
    )
    w.heading(LEVEL_LABELS[plan.triage.level])
    w.para("What to do:", plan.triage.action)
    w.para("Safety net:", plan.triage.safety_net)
    for reason in plan.triage.reasons:
        w.bullet(reason)
    for flag in plan.red_flags:
        w.bullet(flag.action, label=f"Warning sign: {flag.title}.", color=RED)
    for warning in first:
        w.bullet(warning, label="Read this first:", color=RED)
    if plan.first_aid:
        top = plan.first_aid[0]
        w.heading(f"What to do now: {top.title}")
        for number, step in enumerate(top.steps, start=1):
            w.para("", step, indent=3.0, bullet=f"{number}.")
        for reason in top.reasons:
            w.bullet(reason, color=GREY)


def _medicines(w: _Writer, plan: CarePlan, profile: Profile, kb: KnowledgeBase, notes: list[str]) -> None:
    rows = [r for r in medicine_rows(plan, profile, kb) if r.flagged]
    if not rows and not notes:
        return
    w.heading("Your medicines")
    for row in rows:
        resolved = f" ({', '.join(row.inns or row.classes)})" if row.known and (row.inns or row.classes) else ""
        w.para(f"{row.name}{resolved}")
        if not row.known:
            w.bullet("not recognised, so its interactions were not checked; ask a pharmacist.")
        if row.own_option is not None:
            reason = row.own_option.reasons[0] if row.own_option.reasons else ""
            marked = f"Marked {PLAIN_STATUS[row.own_option.status].lower()} for you:"
            w.bullet(f"{reason} Do not stop a prescribed medicine on your own.", label=marked)
        for cause in row.causes:
            w.bullet(cause, label="May add to the cramps:")
        if row.makes_unsafe:
            names = ", ".join(f"{o.name} ({PLAIN_STATUS[o.status].lower()})" for o in row.makes_unsafe)
            w.bullet(names, label="Because you take it:")
    for note in notes:
        w.bullet(note)


def _options(w: _Writer, plan: CarePlan, sources: _Sources) -> None:
    from crampcare import assess

    arranged = layout(plan)
    # The reasons this person's answers add (the rest every adult's plan says too, on the option's own page).
    general = {o.id: set(o.reasons) for o in assess({"age_years": BASELINE_AGE}).options}
    if arranged.personal:
        w.heading("What your answers change, and why")
        for status in STATUS_ORDER:
            # Options of one status for the very same reasons read as one line naming them all.
            same: dict[tuple[str, ...], list[Option]] = {}
            for option in (o for o in arranged.personal if o.status == status):
                own = [r for r in option.reasons if r not in general.get(option.id, set())] or option.reasons
                same.setdefault(tuple(own), []).append(option)
            for reasons, options in same.items():
                why = "; ".join(reasons) + sources.cite([s for o in options for s in o.evidence.sources])
                label = f"{PLAIN_STATUS[status]}: {', '.join(o.name for o in options)}."
                w.bullet(why, label=label, color=RED if status == "avoid" else INK)
    if arranged.best_self_care:
        cited = sources.cite([s for o in arranged.best_self_care for s in o.evidence.sources])
        w.para("Best-supported things to do yourself:", _options_line(arranged.best_self_care) + cited)
    w.heading(f"Every option ({len(plan.options)}), by how it is marked for you")
    for group in sorted(arranged.groups, key=lambda g: STATUS_ORDER.index(g.status)):
        w.para(f"{PLAIN_STATUS[group.status]} ({len(group.options)}):", _options_line(group.options))
    w.para(
        "",
        "Each option's grade, all its reasons and its sources are on its page in crampcare's Knowledge section.",
        color=GREY,
    )


def _findings(w: _Writer, plan: CarePlan, profile: Profile, kb: KnowledgeBase, sources: _Sources) -> None:
    labs = lab_rows(plan, kb)
    if labs:
        w.heading("Lab results")
        for lab in labs:
            cited = sources.cite(kb.labs[lab.name].sources)
            shown = f"{_lab_name(lab.name)}: {lab.value:g} {lab.unit} ({lab.status})."
            w.para(shown, f"Usual adult range {lab.reference}{cited}")
    said = {c for row in medicine_rows(plan, profile, kb) for c in row.causes}
    factors = [f for f in plan.contributing_factors if not (f.kind == "medication" and set(f.because) <= said)]
    if factors:
        w.heading(
            "What may contribute"
            + (" (medicines: see Your medicines)" if len(factors) < len(plan.contributing_factors) else "")
        )
        for factor in factors:
            w.bullet("; ".join(factor.because), label=f"{factor.title}:")
    if plan.specialists:
        w.heading("Whom to see")
        for specialist in plan.specialists:
            w.bullet("; ".join(specialist.because), label=f"{specialist.title}:")


def _advice(w: _Writer, plan: CarePlan, notes: list[str]) -> None:
    if plan.diet.advice or plan.diet.foods or plan.diet.limits:
        w.heading("Food and drink")
        for advice in [*plan.diet.advice, *plan.diet.limits]:
            w.bullet(advice)
        for food in plan.diet.foods:
            nutrient = food.nutrient.replace("_", " ").capitalize()
            w.bullet(f"{', '.join(food.foods)} — {food.because}", label=f"{nutrient}:")
    if plan.prevention:
        w.heading("Prevention")
        for item in plan.prevention:
            w.bullet(item)
    if notes:
        w.heading("Notes")
        for note in notes:
            w.bullet(note)


def _entered(w: _Writer, plan: CarePlan, profile: Profile, kb: KnowledgeBase) -> None:
    w.heading("What was entered")
    w.para("Age:", f"{profile.age_years:g} years" + (f"; sex {profile.sex}" if profile.sex else ""))
    if profile.pregnancy_weeks:
        w.para("Pregnancy:", f"week {profile.pregnancy_weeks}")
    if profile.breastfeeding:
        w.para("Breastfeeding:", "yes")
    if profile.symptoms:
        w.para("Warning signs:", "; ".join(symptom_label(s) for s in profile.symptoms))
    conditions = [f"{c.name} → {c.resolved or 'not recognised'}" for c in condition_rows(profile, kb)]
    w.para("Conditions:", "; ".join(conditions) or "none given")
    medicines = [
        f"{m.name} → {', '.join((*m.inns, *m.classes)) if m.known else 'not recognised, not checked'}"
        for m in medicine_rows(plan, profile, kb)
    ]
    w.para("Medicines:", "; ".join(medicines) or "none given")
    if profile.allergies:
        w.para("Drug allergies:", ", ".join(profile.allergies))


def _lab_name(name: str) -> str:
    from crampcare.web.render import field_label

    return field_label(f"labs.{name}")


def render_plan_pdf(plan: CarePlan, profile: Profile, kb: KnowledgeBase, made: dt.date | None = None) -> bytes:
    """The plan as PDF bytes, in the largest type (8 to 6.5 pt) that fits two A4 pages."""
    day = made or dt.date.today()
    output = b""
    for size in SIZES:
        writer = _Writer(size)
        _draw(writer, plan, profile, kb, day, _Sources(kb))
        output = writer.finish()
        if writer.pdf.page_no() <= MAX_PAGES:
            break
    return output
