"""The care plan as an A4 PDF a person can download, print or hand to a GP or pharmacist (issue 12 §4).

The same content as the plan page, in the same order: the level with what to do, its safety net and reasons,
what to do now, the person's medicines with why, the options the answers change with their reasons and numbered
sources, every other option by name in its status group, lab results with ranges and sources, contributing
factors, whom to see, food, prevention, what was entered and the disclaimer, then the numbered source list.
Nothing is left out to make it fit: the type gets smaller (down to 6.5 pt) until it fits on two pages, and a
plan that still does not fit runs on.

It is written in the plan's own language (`plan.lang`, issue 15): the frame from the catalogue, dates through
Babel, numbers with the reader's decimal mark, and the names of conditions, medicine classes and labs from the
knowledge base's Russian; an English plan prints as it always has.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from crampcare import i18n
from crampcare.assessment.config import speaking
from crampcare.assessment.flag_groups import flag_entries
from crampcare.diary.text import day_text
from crampcare.i18n import N_, Labels, _, ngettext
from crampcare.knowledge.describe import inn_name
from crampcare.knowledge.language import for_reader, language
from crampcare.labels import LAB_STATUS_LABELS
from crampcare.nutrition.foods import BY_ID
from crampcare.reports.pdf import add_fonts
from crampcare.reports.plan_pdf import STATUS_ORDER
from crampcare.web.plan_view import (
    BASELINE_AGE,
    condition_rows,
    lab_rows,
    layout,
    medicine_notes,
    medicine_rows,
    split_warnings,
    top_warnings,
    triage_words,
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
SEX_WORDS = Labels({"female": N_("Female"), "male": N_("Male"), "other": N_("Other")})  # the profile form's choices


def _status(status: str) -> str:
    """A status in words: the web's label (in the active language) without its leading symbol, which the PDF
    font may lack."""
    return STATUS_LABELS[status].split(" ", 1)[1]


def _english() -> bool:
    return i18n.current() == "en"


def _number(value: float) -> str:
    """A number as English always printed it (`:g`), with the reader's decimal comma in Russian."""
    return f"{value:g}" if _english() else i18n.format_number(value)


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
        from fpdf import FPDF

        self.size = size
        self.chars = self.paragraphs = 0  # what went into the columns: the first guess of the size that fits
        self.pdf = FPDF(format="A4", unit="mm")
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_auto_page_break(True, margin=MARGIN)
        add_fonts(self.pdf)
        self.pdf.set_title(_("crampcare care plan"))
        self.pdf.set_creator("crampcare")
        self.pdf.add_page()
        self.style(True, INK, 1.8)
        self.pdf.cell(0, size * 0.8, _("Care plan"), new_x="LMARGIN", new_y="NEXT")
        self.cols = self.pdf.text_columns(ncols=2, gutter=4.5, line_height=1.18)
        self.cols.__enter__()

    def lay_out(self) -> int:
        """Set the columns' text on pages; the number of pages it took."""
        self.cols.__exit__(None, None, None)
        return int(self.pdf.page_no())

    def finish(self) -> bytes:
        return bytes(self.pdf.output())  # writing out closes the font files

    def discard(self) -> None:
        """Close the font files of a lay-out that is not written out (fontTools reads them lazily)."""
        for font in self.pdf.fonts.values():
            if hasattr(font, "close"):
                font.close()

    def style(self, bold: bool = False, color: tuple[int, int, int] = INK, scale: float = 1.0) -> None:
        self.pdf.set_font("DejaVu", "B" if bold else "", self.size * scale)
        self.pdf.set_text_color(*color)

    def heading(self, text: str) -> None:
        with self.cols.paragraph(top_margin=self.size * 0.25, bottom_margin=self.size * 0.06) as par:
            self.style(True, BLUE, 1.15)
            par.write(text)
            self.chars += len(text)
            self.paragraphs += 1

    def para(
        self, label: str, text: str = "", *, indent: float = 0.0, color: tuple[int, int, int] = INK, bullet: str = ""
    ) -> None:
        """A paragraph that starts with a bold label; a bullet hangs to the left of it."""
        self.style(False, color)  # the bullet takes the paragraph's own type, not the heading's before it
        with self.cols.paragraph(indent=indent, bullet_string=bullet, top_margin=self.size * 0.04) as par:
            if label:
                self.style(True, color)
                par.write(label + (" " if text else ""))
                self.chars += len(label) + 1
            if text:
                self.style(False, color)
                par.write(text)
                self.chars += len(text)
            self.paragraphs += 1

    def bullet(self, text: str, label: str = "", indent: float = 3.0, color: tuple[int, int, int] = INK) -> None:
        self.style(False, color)
        self.para(label, text, indent=indent, color=color, bullet="•")


def _options_line(options: list[Option]) -> str:
    return "; ".join(o.name for o in options)


def _draw(
    w: _Writer,
    plan: CarePlan,
    profile: Profile,
    kb: KnowledgeBase,
    made: dt.date,
    sources: _Sources,
    theirs: bool = False,
) -> None:
    first, rest = top_warnings(plan.warnings)
    _top(w, plan, made, first, theirs)
    _medicines(w, plan, profile, kb, medicine_notes(rest), theirs)
    _options(w, plan, sources, theirs)
    _findings(w, plan, profile, kb, sources, theirs)
    _advice(w, plan, split_warnings(rest)[1])
    _entered(w, plan, profile, kb)
    w.heading(_("Medical disclaimer"))
    w.para("", plan.disclaimer, color=GREY)
    if sources.numbers:
        w.heading(_("Sources"))
        for row in sources.listing():
            w.para("", row, color=GREY)


def _top(w: _Writer, plan: CarePlan, made: dt.date, first: list[str], theirs: bool) -> None:
    made_by = _(
        "Made %(date)s by crampcare from the answers of one check-up (knowledge version %(version)s). "
        "General information from cited sources; not a diagnosis."
    ) % {"date": day_text(made), "version": plan.knowledge_version}
    w.para("", made_by, color=GREY)
    w.heading(LEVEL_LABELS[plan.triage.level])
    action, safety_net = triage_words(plan, someone_else=theirs)
    w.para(_("What to do:"), action)
    w.para(_("Safety net:"), safety_net)
    for reason in plan.triage.reasons:
        w.bullet(reason)
    for entry in flag_entries(plan):  # a lab result that raises nested flags once, the narrowest first
        w.bullet(entry.hit.action, label=_("Warning sign: %(title)s.") % {"title": entry.hit.title}, color=RED)
        if entry.also:
            w.para(_("This result is also:"), indent=6.0, color=RED)
        for hit, reason in entry.also:
            w.para("", f"{hit.title}: {reason}", indent=9.0, color=RED, bullet="–")
    for warning in first:
        w.bullet(warning, label=_("Read this first:"), color=RED)
    if plan.first_aid:
        top = plan.first_aid[0]
        w.heading(_("What to do now: %(title)s") % {"title": top.title})
        for number, step in enumerate(top.steps, start=1):
            w.para("", step, indent=3.0, bullet=f"{number}.")
        for reason in top.reasons:
            w.bullet(reason, color=GREY)


def _class_names(kb: KnowledgeBase) -> dict[str, str]:
    """The knowledge base's English name of each drug class and condition -> its name in the active language."""
    reader = for_reader(kb)
    names = {c.name: reader.drug_classes[cid].name for cid, c in kb.drug_classes.items()}
    names.update({c.name: reader.conditions[cid].name for cid, c in kb.conditions.items()})
    return names


def _resolved(kb: KnowledgeBase, inns: tuple[str, ...], classes: tuple[str, ...]) -> list[str]:
    """What a medicine resolved to (its INNs, else its classes) in the reader's words."""
    names = _class_names(kb)
    return [inn_name(kb, inn) for inn in inns] + [names.get(c, c) for c in classes]


def _do_not_stop(theirs: bool) -> str:
    if theirs:
        return _("Do not stop a medicine prescribed for them without asking their doctor.")
    return _("Do not stop a prescribed medicine on your own.")


def _medicines(w: _Writer, plan: CarePlan, profile: Profile, kb: KnowledgeBase, notes: list[str], theirs: bool) -> None:
    rows = [r for r in medicine_rows(plan, profile, kb) if r.flagged]
    if not rows and not notes:
        return
    w.heading(_("Their medicines") if theirs else _("Your medicines"))
    for row in rows:
        shown = _resolved(kb, row.inns, () if row.inns else row.classes)
        resolved = f" ({', '.join(shown)})" if row.known and shown else ""
        w.para(f"{row.name}{resolved}")
        if not row.known:
            w.bullet(_("not recognised, so its interactions were not checked; ask a pharmacist."))
        if row.own_option is not None:
            reason = row.own_option.reasons[0] if row.own_option.reasons else ""
            marked = _("Marked %(status)s for them:") if theirs else _("Marked %(status)s for you:")
            marked %= {"status": _status(row.own_option.status).lower()}
            w.bullet(f"{reason} " + _do_not_stop(theirs), label=marked)
        for cause in row.causes:
            w.bullet(cause, label=_("May add to the cramps:"))
        if row.makes_unsafe:
            names = ", ".join(f"{o.name} ({_status(o.status).lower()})" for o in row.makes_unsafe)
            w.bullet(names, label=_("Because they take it:") if theirs else _("Because you take it:"))
    if any(r.causes for r in rows) and not any(r.own_option is not None for r in rows):
        w.para(_do_not_stop(theirs))  # as the page says: once, not per row
    for note in notes:
        w.bullet(note)


def _options(w: _Writer, plan: CarePlan, sources: _Sources, theirs: bool) -> None:
    from crampcare import assess

    arranged = layout(plan)
    # The reasons this person's answers add (the rest every adult's plan says too, on the option's own page).
    general = {o.id: set(o.reasons) for o in assess({"age_years": BASELINE_AGE}).options}
    if arranged.personal:
        w.heading(_("What your answers change, and why"))
        for status in STATUS_ORDER:
            # Options of one status for the very same reasons read as one line naming them all.
            same: dict[tuple[str, ...], list[Option]] = {}
            for option in (o for o in arranged.personal if o.status == status):
                own = [r for r in option.reasons if r not in general.get(option.id, set())] or option.reasons
                same.setdefault(tuple(own), []).append(option)
            for reasons, options in same.items():
                why = "; ".join(reasons) + sources.cite([s for o in options for s in o.evidence.sources])
                label = f"{_status(status)}: {', '.join(o.name for o in options)}."
                w.bullet(why, label=label, color=RED if status == "avoid" else INK)
    if arranged.best_self_care:
        cited = sources.cite([s for o in arranged.best_self_care for s in o.evidence.sources])
        best = _("Best-supported things to do at home:") if theirs else _("Best-supported things to do yourself:")
        w.para(best, _options_line(arranged.best_self_care) + cited)
    every = (
        _("Every option (%(count)s), by how it is marked for them")
        if theirs
        else _("Every option (%(count)s), by how it is marked for you")
    )
    w.heading(every % {"count": len(plan.options)})
    for group in sorted(arranged.groups, key=lambda g: STATUS_ORDER.index(g.status)):
        w.para(f"{_status(group.status)} ({len(group.options)}):", _options_line(group.options))
    w.para(
        "",
        _("Each option's grade, all its reasons and its sources are on its page in crampcare's Knowledge section."),
        color=GREY,
    )


def _findings(w: _Writer, plan: CarePlan, profile: Profile, kb: KnowledgeBase, sources: _Sources, theirs: bool) -> None:
    labs = lab_rows(plan, kb)
    if labs:
        w.heading(_("Lab results"))
        for lab in labs:
            cited = sources.cite(kb.labs[lab.name].sources)
            if _english():
                shown = f"{_lab_name(lab.name)}: {lab.value:g} {lab.unit} ({lab.status})."
            else:
                title = for_reader(kb).labs[lab.name].title
                status = LAB_STATUS_LABELS[lab.status]
                shown = f"{title}: {_number(lab.value)} {_(lab.unit)} ({status})."
            w.para(shown, _("Usual adult range %(range)s") % {"range": lab.reference} + cited)
    said = {c for row in medicine_rows(plan, profile, kb) for c in row.causes}
    factors = [f for f in plan.contributing_factors if not (f.kind == "medication" and set(f.because) <= said)]
    if factors:
        see = _(" (medicines: see Their medicines)") if theirs else _(" (medicines: see Your medicines)")
        w.heading(_("What may contribute") + (see if len(factors) < len(plan.contributing_factors) else ""))
        for factor in factors:
            w.bullet("; ".join(factor.because), label=f"{factor.title}:")
    if plan.specialists:
        w.heading(_("Whom to see"))
        for specialist in plan.specialists:
            w.bullet("; ".join(specialist.because), label=f"{specialist.title}:")


def _advice(w: _Writer, plan: CarePlan, notes: list[str]) -> None:
    if plan.diet.advice or plan.diet.foods or plan.diet.limits:
        w.heading(_("Food and drink"))
        for advice in [*plan.diet.advice, *plan.diet.limits]:
            w.bullet(advice)
        for food in plan.diet.foods:
            nutrient = food.nutrient.replace("_", " ").capitalize()
            if not _english() and food.nutrient in BY_ID:
                nutrient = _(BY_ID[food.nutrient].label)
            w.bullet(f"{'; '.join(food.foods)} — {food.because}", label=f"{nutrient}:")  # names have commas
    if plan.prevention:
        w.heading(_("Prevention"))
        for item in plan.prevention:
            w.bullet(item)
    if notes:
        w.heading(_("Notes"))
        for note in notes:
            w.bullet(note)


def _entered(w: _Writer, plan: CarePlan, profile: Profile, kb: KnowledgeBase) -> None:
    w.heading(_("What was entered"))
    age = ngettext("%(age)s year", "%(age)s years", profile.age_years) % {"age": _number(profile.age_years)}
    if profile.sex:
        age += _("; sex %(sex)s") % {"sex": profile.sex if _english() else SEX_WORDS[profile.sex].lower()}
    w.para(_("Age:"), age)
    if profile.pregnancy_weeks:
        w.para(_("Pregnancy:"), _("week %(week)s") % {"week": profile.pregnancy_weeks})
    if profile.breastfeeding:
        w.para(_("Breastfeeding:"), _("yes"))
    if profile.symptoms:
        w.para(_("Warning signs:"), "; ".join(symptom_label(s) for s in profile.symptoms))
    names = _class_names(kb)
    conditions = [
        f"{c.name} → {names.get(c.resolved, c.resolved) if c.resolved else _('not recognised')}"
        for c in condition_rows(profile, kb)
    ]
    w.para(_("Conditions:"), "; ".join(conditions) or _("none given"))
    medicines = [
        f"{m.name} → {', '.join(_resolved(kb, m.inns, m.classes)) if m.known else _('not recognised, not checked')}"
        for m in medicine_rows(plan, profile, kb)
    ]
    w.para(_("Medicines:"), "; ".join(medicines) or _("none given"))
    if profile.allergies:
        w.para(_("Drug allergies:"), ", ".join(profile.allergies))


def _lab_name(name: str) -> str:
    from crampcare.web.render import field_label

    return field_label(f"labs.{name}")


def render_plan_pdf(
    plan: CarePlan, profile: Profile, kb: KnowledgeBase, made: dt.date | None = None, someone_else: bool = False
) -> bytes:
    """The plan as PDF bytes, in the largest type (8 to 6.5 pt) that fits two A4 pages, in the plan's language.

    `someone_else`: the check-up is about another person (a carer for a parent), so the frame speaks of their
    medicines ("Their medicines"), not of the reader's; the plan itself is the same."""
    day = made or dt.date.today()
    with i18n.use(plan.lang), speaking(language(plan.lang)):
        drawn: dict[int, _Writer] = {}
        pages: dict[int, int] = {}

        def writer(index: int) -> _Writer:
            if index not in drawn:
                drawn[index] = _Writer(SIZES[index])
                _draw(drawn[index], plan, profile, kb, day, _Sources(kb), someone_else)
            return drawn[index]

        def fits(index: int) -> bool:
            if index not in pages:
                pages[index] = writer(index).lay_out()
            return pages[index] <= MAX_PAGES

        # Laying out a size is the cost (0.2-0.4 s of fpdf's line breaking a try), and trying every size from the
        # largest took an older person's long plan over 2 s. Smaller type never takes more pages, so the search can
        # start at a guess from the text's length and go up while the larger size fits, down while it does not:
        # the same size (so the same bytes) as trying them one by one, in one or two lay-outs for most plans.
        index = _guess(writer(0).chars, plan.lang)
        if fits(index):
            while index > 0 and fits(index - 1):
                index -= 1
        else:
            while index < len(SIZES) - 1 and not fits(index):
                index += 1
            fits(index)  # the smallest is used even when it runs on; it must be laid out to be written
        try:
            return drawn[index].finish()
        finally:
            for other in (drawn[i] for i in drawn if i != index):
                other.discard()


# About how many characters two pages hold at 8 pt (measured on the scenarios' plans: English 15,400-15,900, Russian
# 14,000-14,400, its words being longer); the type's area goes with its square. A wrong guess costs a lay-out, never
# a different size.
CHARS_AT_LARGEST = {"en": 15_600, "ru": 14_200}


def _guess(chars: int, lang: str) -> int:
    """The index of the largest size whose two pages should hold `chars` characters (the smallest if none)."""
    capacity = CHARS_AT_LARGEST.get(lang, min(CHARS_AT_LARGEST.values()))
    for index, size in enumerate(SIZES):
        if chars <= capacity * (SIZES[0] / size) ** 2:
            return index
    return len(SIZES) - 1
