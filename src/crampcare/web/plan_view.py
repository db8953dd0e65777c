"""How the plan page arranges the engine's plan: medicine warnings and a short "for you" summary go near
the top, and the long option list is grouped by status. Pure functions over the plan; no new clinical text.

The engine gives plain sentences (plan.warnings) built from the templates in
data/assessment/texts.yaml; the medicine ones are recognised by those very
templates, so a reworded text still lands in the right box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import TYPE_CHECKING

from crampcare.assessment.plan import CarePlan, Option
from crampcare.i18n import N_, _
from crampcare.knowledge.vocab import Status

if TYPE_CHECKING:
    from crampcare.assessment.profile import Profile
    from crampcare.knowledge.loader import KnowledgeBase
    from crampcare.knowledge.lookup import ResolvedDrug

# The texts.yaml warning templates about a person's medicines (unknown names, interactions).
MEDICINE_TEMPLATES = (
    "taken_but_avoid",
    "taken_not_recommended",
    "taken_cause",
    "unknown_medication",
    "medicine_without_advice",
    "ambiguous_medicine",
    "unknown_allergy",
    "minor_interaction",
)
# Said by the "Your medicines" rows themselves (MedicineRow), so not repeated under them.
SAID_BY_ROWS = ("unknown_medication", "taken_not_recommended", "taken_cause")


def _pattern(template: str) -> re.Pattern[str]:
    """A template such as "not checked: {name} (…)" as a regex that matches what it formats to."""
    parts = [
        re.escape(literal) + (".+?" if field is not None else "")
        for literal, field, _, _ in Formatter().parse(template)
    ]
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


@cache
def _patterns(keys: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The warning templates `keys` in every language the engine writes: a plan in Russian has Russian warnings,
    and one cache must not hold only the language of the first page served."""
    from typing import get_args

    from crampcare.assessment.config import speaking, texts
    from crampcare.knowledge.language import Language

    words = []
    for lang in get_args(Language):
        with speaking(lang):
            words.append(texts().warnings)
    return tuple(_pattern(found[key]) for found in words for key in keys if key in found)


@cache
def _because_openings(lang: str) -> tuple[str, ...]:
    """How the engine's "because …" phrases (texts.yaml `because`) open in `lang`, capitalised as a reason's first
    phrase is ("Because you have ", "Так как у вас ", "Из-за возраста ("): the words before the first placeholder."""
    from crampcare.assessment.config import speaking, texts
    from crampcare.knowledge.language import language

    with speaking(language(lang)):
        phrases = texts().because
    openings = {template.split("{", 1)[0] for template in phrases.values() if "{" in template}
    return tuple(sorted(o[:1].upper() + o[1:] for o in openings if o.strip()))


def _takes(drug: ResolvedDrug, lang: str) -> str:
    """The engine's "because you take <drug>" in `lang` ("так как вы принимаете <drug>"), the medicine named as the
    engine names it there (furosemide typed on a Russian page: «фуросемид»)."""
    from crampcare.assessment.config import speaking, texts
    from crampcare.assessment.triggers import drug_words
    from crampcare.knowledge.language import language

    with speaking(language(lang)):
        return texts().because["takes"].format(drug=drug_words(drug))


def _medicine_patterns() -> tuple[re.Pattern[str], ...]:
    return _patterns(MEDICINE_TEMPLATES)


# Warnings that must be seen first: a typed name that reads as an emergency, a condition that was not checked.
TOP_TEMPLATES = ("emergency_words", "unchecked_condition", "kept_unchecked_condition", "ambiguous_condition")


def _top_patterns() -> tuple[re.Pattern[str], ...]:
    return _patterns(TOP_TEMPLATES)


def split_warnings(warnings: list[str]) -> tuple[list[str], list[str]]:
    """(warnings about the person's medicines, every other warning), each in the engine's order."""
    patterns = _medicine_patterns()
    medicines = [w for w in warnings if any(p.match(w) for p in patterns)]
    return medicines, [w for w in warnings if w not in medicines]


def top_warnings(warnings: list[str]) -> tuple[list[str], list[str]]:
    """(warnings shown at the top, under the triage: emergency words and unchecked conditions; the rest)."""
    patterns = _top_patterns()
    top = [w for w in warnings if any(p.match(w) for p in patterns)]
    return top, [w for w in warnings if w not in top]


def medicine_notes(warnings: list[str]) -> list[str]:
    """The medicine warnings the "Your medicines" rows do not already say: an unknown medicine, one not recommended
    for the person and one that may add to the cramps have rows of their own."""
    said = _patterns(SAID_BY_ROWS)
    return [w for w in split_warnings(warnings)[0] if not any(p.match(w) for p in said)]


# --- the "for you" summary and the grouped option list -------------------------------------------------
#
# Built only from the plan (and the profile's own values): the summary repeats what the option cards say,
# shorter, so a person on a phone sees what to avoid and what they can do without scrolling 20 screens.

AVOID_SHOWN = 6  # more than this and the box stops being short; the rest are one link away
SELF_CARE_SHOWN = 3


@dataclass(frozen=True)
class AvoidLine:
    """An option marked avoid, with the first (strictest) of its reasons, which names the condition or drug."""

    id: str
    name: str
    reason: str


@dataclass(frozen=True)
class OptionGroup:
    status: Status
    options: list[Option]

    @property
    def anchor(self) -> str:
        return f"group-{self.status}"


@dataclass(frozen=True)
class Summary:
    heading: str
    avoid: list[AvoidLine]
    avoid_total: int
    self_care: list[Option]
    self_care_total: int

    @property
    def more_avoid(self) -> int:
        return self.avoid_total - len(self.avoid)


def group_options(options: list[Option]) -> list[OptionGroup]:
    """The options by status, groups in the order their first option appears (the plan's order: self-care
    first, avoid last), options in plan order within each group; every option lands in exactly one group."""
    groups: dict[Status, list[Option]] = {}
    for option in options:
        groups.setdefault(option.status, []).append(option)
    return [OptionGroup(status, found) for status, found in groups.items()]


def situation(profile: Profile) -> list[str]:
    """The profile's values that change what is safe (pregnancy, breastfeeding, childhood), in its own words.

    The populations are the engine's own (assessment.facts.populations), so the heading never disagrees with
    the reasons on the cards.
    """
    from crampcare.assessment.facts import populations

    found = populations(profile)
    out = []
    if "pregnancy" in found:
        out.append(_("pregnancy, week %(week)s") % {"week": profile.pregnancy_weeks})
    if "breastfeeding" in found:
        out.append(_("breastfeeding"))
    if "child" in found:
        out.append(_("child, age %(age)s") % {"age": f"{profile.age_years:g}"})
    return out


def summarise(plan: CarePlan, profile: Profile, someone_else: bool = False) -> Summary:
    """The short box at the top of the plan: what is marked avoid (with why) and the best self-care.

    `someone_else`: the check-up is about another person (a parent asking for a child), so the heading names
    them rather than the reader ("For you (child, age 9)" read as if the parent were the child)."""
    avoid = [o for o in plan.options if o.status == "avoid"]
    self_care = [o for o in plan.options if o.status == "self_care"]
    words = situation(profile)
    if someone_else:
        heading = (
            _("For this person (%(situation)s)") % {"situation": "; ".join(words)} if words else _("For this person")
        )
    else:
        heading = _("For you (%(situation)s)") % {"situation": "; ".join(words)} if words else _("For you")
    return Summary(
        heading=heading,
        avoid=[AvoidLine(o.id, o.name, o.reasons[0] if o.reasons else "") for o in avoid[:AVOID_SHOWN]],
        avoid_total=len(avoid),
        self_care=self_care[:SELF_CARE_SHOWN],
        self_care_total=len(self_care),
    )


# --- the phone-first plan: what matters for this person first, the rest grouped and collapsed ----------------

BEST_SELF_CARE_SHOWN = 3
GRADE_ORDER = ("effective", "possibly_effective", "consensus", "insufficient", "ineffective", "not_recommended")
BASELINE_AGE = 40.0  # an adult with nothing stated: what every option says when the profile changes nothing


PERSONAL_ORDER: tuple[Status, ...] = ("avoid", "not_recommended", "discuss_with_doctor", "self_care")


@dataclass(frozen=True)
class ReasonGroup:
    """Options of one status that share the first reason's "Because …" (e.g. "Because you have heart failure"),
    so six calcium and muscle-relaxant cards read as one line naming the condition once."""

    status: Status
    because: str | None  # None: the options' own reasons differ; each card says why
    options: list[Option]


@dataclass(frozen=True)
class PlanLayout:
    personal: list[Option]  # status or reasons differ from an adult with nothing stated
    best_self_care: list[Option]  # the best-graded self-care not already among the personal ones
    groups: list[OptionGroup]  # every option, grouped by status (the cards the short lists link to)
    lang: str = "en"  # the plan's language: its reasons open with that language's "because …" phrases

    @property
    def personal_groups(self) -> list[ReasonGroup]:
        out: list[ReasonGroup] = []
        for status in PERSONAL_ORDER:
            found: dict[str | None, list[Option]] = {}
            for option in (o for o in self.personal if o.status == status):
                first = option.reasons[0] if option.reasons else ""
                shared = first.startswith(_because_openings(self.lang)) and ": " in first
                key = first.split(": ", 1)[0] if shared else None
                found.setdefault(key, []).append(option)
            # the shared reasons first, the options with reasons of their own last
            out.extend(ReasonGroup(status, key, opts) for key, opts in found.items() if key is not None)
            out.extend(ReasonGroup(status, None, opts) for key, opts in found.items() if key is None)
        return out


@cache
def _english_names() -> dict[str, str]:
    """Every intervention's English name by id (the knowledge base's own language)."""
    from crampcare.knowledge.loader import knowledge

    return {record.id: record.name for record in knowledge().interventions.values()}


def layout(plan: CarePlan) -> PlanLayout:
    """Split the options: those this person's answers change come first (compared with the same engine's plan
    for an adult with nothing stated, so nothing is guessed), then the best-graded self-care, then the rest."""
    from crampcare import assess

    baseline = {o.id: (o.status, o.reasons) for o in assess({"age_years": BASELINE_AGE}, lang=plan.lang).options}
    personal = [o for o in plan.options if baseline.get(o.id) != (o.status, o.reasons)]
    taken = {o.id for o in personal}
    # Equal grades are taken in the order of the options' English names, whatever the plan's language: the plan
    # lists options by name in the reader's language, so a Russian plan picked other "best-supported" options than
    # the English one for the same person (paracetamol for a pregnant woman in Russian only).
    english = _english_names()
    self_care = sorted(
        (o for o in plan.options if o.status == "self_care" and o.id not in taken),
        key=lambda o: (
            GRADE_ORDER.index(o.evidence.grade) if o.evidence.grade in GRADE_ORDER else len(GRADE_ORDER),
            english.get(o.id, o.id).casefold(),
        ),
    )[:BEST_SELF_CARE_SHOWN]
    return PlanLayout(personal, self_care, group_options(plan.options), plan.lang)


@dataclass(frozen=True)
class MedicineRow:
    """One medicine the person takes, what it resolved to, and what the plan says about it."""

    name: str
    inns: tuple[str, ...]
    classes: tuple[str, ...]  # the most specific class names (not their parents)
    known: bool
    own_option: Option | None  # its own option when that is avoid / not_recommended for this person
    causes: list[str]  # the contributing-factor reasons that name it
    makes_unsafe: list[Option]  # options avoided or not recommended because the person takes it
    taken_reason: str | None = None  # its own option's reason for someone already taking it (quinine: MHRA review)

    @property
    def flagged(self) -> bool:
        return not self.known or bool(self.own_option or self.causes or self.makes_unsafe)


def _specific(kb: KnowledgeBase, classes: tuple[str, ...]) -> tuple[str, ...]:
    """The most specific of a medicine's drug classes (not their parents), named in the reader's language."""
    from crampcare.knowledge.language import for_reader

    named = for_reader(kb).drug_classes
    parents = {kb.drug_classes[c].parent for c in classes if c in kb.drug_classes}
    return tuple(named[c].name for c in classes if c in named and c not in parents)


def _inns(kb: KnowledgeBase, inns: tuple[str, ...]) -> tuple[str, ...]:
    """A medicine's INNs as the reader names them (дротаверин for drotaverine in Russian)."""
    from crampcare.knowledge.describe import inn_name

    return tuple(inn_name(kb, inn) for inn in inns)


def medicine_rows(plan: CarePlan, profile: Profile, kb: KnowledgeBase) -> list[MedicineRow]:
    from crampcare.knowledge.lookup import resolve_drug

    marked = {o.id: o for o in plan.options}
    rows = []
    for name in profile.medications:
        drug = resolve_drug(kb, name)
        if drug is None:
            rows.append(MedicineRow(name.strip(), (), (), False, None, [], []))
            continue
        own = marked.get(drug.intervention_id or "")
        own = own if own is not None and own.status in ("avoid", "not_recommended") else None
        takes = _takes(drug, plan.lang)  # "because you take X" as the plan's language says it
        said = tuple(f"{takes.lower()}{end}" for end in (" (", ":", ","))
        causes = [
            b
            for f in plan.contributing_factors
            if f.kind == "medication"
            for b in f.because
            if any(s in b.lower() for s in said)
        ]
        unsafe = [
            o
            for o in plan.options
            if o.status in ("avoid", "not_recommended")
            and o is not own
            and any(s in r.lower() for r in o.reasons for s in said)
        ]
        named = [r.split(": ", 1)[-1] for r in own.reasons[1:] if r.lower().startswith(takes.lower())] if own else []
        rows.append(
            MedicineRow(
                drug.name,
                _inns(kb, drug.inns),
                _specific(kb, drug.classes),
                True,
                own,
                causes,
                unsafe,
                named[0] if named else None,
            )
        )
    return rows


@dataclass(frozen=True)
class MedicineAlert:
    """The one-paragraph gist of "Your medicines" for the plan's first phone screen; the box below has the why."""

    unsafe_by: list[str]  # the medicines that make other options unsafe
    unsafe: int  # how many options they make unsafe, each counted once
    own: list[str]  # medicines themselves marked not recommended / avoid for this person
    causing: list[str]  # medicines that may add to the cramps
    unknown: list[str]  # names not recognised, so not checked


def medicine_alert(rows: list[MedicineRow]) -> MedicineAlert | None:
    flagged = [r for r in rows if r.flagged]
    if not flagged:
        return None
    unsafe = {o.id for r in flagged for o in r.makes_unsafe}
    return MedicineAlert(
        unsafe_by=[r.name for r in flagged if r.makes_unsafe],
        unsafe=len(unsafe),
        own=[r.name for r in flagged if r.own_option],
        causing=[r.name for r in flagged if r.causes],
        unknown=[r.name for r in flagged if not r.known],
    )


@dataclass(frozen=True)
class NameCheck:
    """One typed name and what it resolved to: "Lasix" -> "furosemide (Loop diuretics)", or not recognised
    with close known names, so a person sees before the plan what will and will not be checked."""

    typed: str
    resolved: str | None
    suggestions: tuple[str, ...] = ()
    kept: bool = False  # a likely misspelling the person chose to keep unchecked (issue 11 §5)


def check_names(
    kb: KnowledgeBase, conditions: list[str], medicines: list[str], keep_unchecked: list[str] | None = None
) -> dict[str, list[NameCheck]]:
    from crampcare.errors import UnknownNameError
    from crampcare.knowledge.lookup import check_condition, misspelt_condition, normalise, resolve_drug

    kept = {normalise(name) for name in keep_unchecked or []}
    found: dict[str, list[NameCheck]] = {"conditions": [], "medications": []}
    for name in conditions:
        # The engine's own rule: a close misspelling of a known condition is refused with the name it is close
        # to, unless the person chose to keep it unchecked; any other unknown name is listed as not checked.
        keep = normalise(name) in kept
        try:
            condition = check_condition(kb, name, keep_unchecked=keep)
        except UnknownNameError as exc:
            found["conditions"].append(NameCheck(name, None, tuple(exc.suggestions)))
            continue
        chosen = keep and condition is None and bool(misspelt_condition(kb, name))
        found["conditions"].append(
            NameCheck(name, _condition_name(kb, condition.id) if condition else None, kept=chosen)
        )
    for name in medicines:
        drug = resolve_drug(kb, name)
        if drug is None:
            found["medications"].append(NameCheck(name, None, _close_medicines(kb, name)))
            continue
        classes = ", ".join(_specific(kb, drug.classes))
        shown = ", ".join(_inns(kb, drug.inns)) + (f" ({classes})" if classes and drug.inns else classes)
        found["medications"].append(NameCheck(name, shown or drug.name))
    return found


def _close_medicines(kb: KnowledgeBase, name: str) -> tuple[str, ...]:
    """Known medicines close to an unknown name ("Пананген" → "Панангин"), offered beside "not checked", never
    instead of it. The drug names suggested include the options' names, so only those naming a medicine count
    ("Lasics" is close to "gymnastics"); one spelling each ("Фуросемид", "фуросемид")."""
    from crampcare.knowledge.lookup import normalise, resolve_drug, suggest

    close: dict[str, str] = {}
    for known in suggest(kb, "drug", name):
        drug = resolve_drug(kb, known)
        if drug is not None and (drug.inns or drug.classes):  # an option such as gymnastics has neither
            close.setdefault(normalise(known), known)
    return tuple(close.values())


def _condition_name(kb: KnowledgeBase, condition_id: str) -> str:
    """A known condition's name in the reader's language («Хроническая болезнь почек (ХБП)» for "ХБП")."""
    from crampcare.knowledge.language import for_reader

    return for_reader(kb).conditions[condition_id].name


@dataclass(frozen=True)
class ConditionRow:
    name: str
    resolved: str | None  # the knowledge base's name for it


def condition_rows(profile: Profile, kb: KnowledgeBase) -> list[ConditionRow]:
    from crampcare.errors import UnknownNameError
    from crampcare.knowledge.lookup import resolve_condition

    rows = []
    for name in profile.conditions:
        try:
            rows.append(ConditionRow(name, _condition_name(kb, resolve_condition(kb, name).id)))
        except UnknownNameError:
            rows.append(ConditionRow(name, None))
    return rows


@dataclass(frozen=True)
class LabRow:
    name: str  # the lab's id ("egfr"): the template prints the form's label for it
    value: float
    unit: str
    status: str
    reference: str  # the range only, without source ids
    sources: list[tuple[int, str, str | None]]  # (number, title, url)


def lab_rows(plan: CarePlan, kb: KnowledgeBase) -> list[LabRow]:
    """The lab table: the range on its own and the sources as numbered links, never the sources' raw ids."""
    from crampcare.assessment.config import speaking, texts
    from crampcare.assessment.labs import HIGH_IS_EXCLUSIVE, SAMPLE, reference_text

    rows: list[LabRow] = []
    numbers: dict[str, int] = {}
    for result in plan.labs:
        lab = kb.labs[result.name]
        with speaking(plan.lang):  # the range in the plan's language (3,5–5,3 ммоль/л), as its other texts
            text = reference_text(lab.low, lab.high, lab.unit, high_exclusive=lab.name in HIGH_IS_EXCLUSIVE)
            sample = texts().lab_reference.get(f"{lab.name}_sample", "") if lab.name in SAMPLE else ""
        if sample:
            text += f" ({sample.rstrip('; ')})"
        cited = []
        for sid in lab.sources:
            number = numbers.setdefault(sid, len(numbers) + 1)
            source = kb.sources.get(sid)
            cited.append((number, source.title if source else sid, source.url if source else None))
        rows.append(LabRow(result.name, result.value, result.unit, result.status, text, cited))
    return rows


# The triage's sentences (texts.yaml `triage`) that speak to the reader as the patient, as a plan for someone else
# says them (a carer for a parent, a parent for a child): the same steps, about that person. Only the page and the
# PDF show them; the engine's plan is unchanged. A sentence not listed (self-care's stretching steps, the child
# safety nets) already reads right for a helper.
SOMEONE_ELSE_TRIAGE: dict[tuple[str, str], str] = {
    ("emergency", "action"): N_(
        "Call your local emergency number now (112 in Europe, 911 in North America) or get them to the emergency "
        "department; they must not drive themselves."
    ),
    ("emergency", "safety_net"): N_(
        "While you wait, they should keep still; do not massage or rub a leg that is swollen, red, pale or cold, and "
        "tell the crew which medicines they take."
    ),
    ("urgent", "action"): N_(
        "Get them seen by a doctor today: call their doctor's practice for a same-day appointment, an urgent care "
        "service or a medical helpline."
    ),
    ("urgent", "safety_net"): N_(
        "If they become short of breath, have chest pain, seem confused, or the leg turns pale, cold or very swollen, "
        "call emergency services straight away."
    ),
    ("see_doctor", "action"): N_(
        "Book an appointment with their doctor in the next days to weeks to look for a cause, and bring this plan and "
        "a list of their medicines."
    ),
    ("see_doctor", "safety_net"): N_(
        "If a cramp lasts over 10 minutes without easing, the calf swells or turns red and warm, or their muscles "
        "become weak or wasted, get them seen the same day."
    ),
    ("self_care", "safety_net"): N_(
        "If a cramp lasts over 10 minutes, keeps coming back often, disturbs their sleep, or the calf swells or turns "
        "red and warm, get them seen by a doctor (the same day for the swelling or the long cramp)."
    ),
}


def triage_words(plan: CarePlan, someone_else: bool = False) -> tuple[str, str]:
    """(what to do, safety net) as the page and the PDF show them: the engine's, or for someone else the same
    sentences about that person. Only the engine's very sentence is replaced (a setting note before the action,
    such as the swimmer's, stays), so a reworded texts.yaml sentence shows as the engine wrote it, never an old one."""
    action, net = plan.triage.action, plan.triage.safety_net
    if not someone_else:
        return action, net
    from crampcare import i18n
    from crampcare.assessment.config import speaking, texts
    from crampcare.knowledge.language import language

    level = plan.triage.level
    with speaking(language(plan.lang)):
        words = texts().triage[level]
    with i18n.use(plan.lang):
        theirs = {field: _(text) for (lvl, field), text in SOMEONE_ELSE_TRIAGE.items() if lvl == level}
    if "action" in theirs and action.endswith(words.action):
        action = action[: len(action) - len(words.action)] + theirs["action"]
    if "safety_net" in theirs and net == words.safety_net:
        net = theirs["safety_net"]
    return action, net
