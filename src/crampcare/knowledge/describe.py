"""Plain-text descriptions of knowledge records, shared by the CLI, the API and the web pages.

No formatting library here: these functions return strings and JSON-ready
dicts; each interface decides how to show them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from crampcare import i18n
from crampcare.errors import InputError, UnknownNameError
from crampcare.i18n import N_, Labels, _
from crampcare.knowledge.language import for_reader
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import find_intervention, normalise, resolve_drug, suggest, without_dose
from crampcare.knowledge.models import Cause, Interaction, Intervention, RedFlag, Rule, Strict, Trigger
from crampcare.knowledge.related import medicine_links

POPULATION_TEXT = Labels(
    {
        "pregnancy": N_("pregnancy"),
        "breastfeeding": N_("breastfeeding"),
        "child": N_("children (under 18)"),
        "infant": N_("infants (under 1 year)"),
        "older_adult": N_("older adults (65 and over)"),
    }
)
# Vocabulary values a rule may name, in words, for a reader of another language (English shows the id with
# spaces, as it always has). Symptoms use the plan's own words (texts.yaml).
VALUE_WORDS = Labels(
    {
        "bed_night": N_("in bed at night"),
        "swimming": N_("swimming"),
        "exercise": N_("exercising"),
        "walking_standing": N_("walking or standing"),
        "sitting": N_("sitting"),
        "other": N_("elsewhere"),
        "alcohol_high": N_("a lot of alcohol"),
        "caffeine_high": N_("a lot of caffeine"),
        "exercise_intense": N_("intense exercise"),
        "exercise_none": N_("no regular exercise"),
        "high_water": N_("drinking a lot of water"),
        "low_water": N_("drinking little water"),
        "hot_weather": N_("hot weather"),
        "new_or_unusual_exercise": N_("new or unusual exercise"),
        "prolonged_sitting_or_standing": N_("long periods of sitting or standing"),
        "stress": N_("stress"),
        "tight_or_high_heeled_shoes": N_("tight or high-heeled shoes"),
    }
)


# Families `resolve_any` looks in after the interventions, with the attribute that titles a record.
OTHER_FAMILIES = {
    "cause": ("causes", "title"),
    "red_flag": ("red_flags", "title"),
    "specialist": ("specialists", "title"),
    "condition": ("conditions", "name"),
    "drug_class": ("drug_classes", "name"),
}


def is_unverified(record: Intervention) -> bool:
    """True when any fact of the record rests on background knowledge the reference marks [BK]."""
    rules = [*record.contraindications, *record.cautions, *record.not_for, *record.use_only_when, *record.discuss_when]
    return (
        record.evidence.unverified
        or any(rule.unverified for rule in rules)
        or any(i.unverified for i in record.interactions)
        or (record.atc is not None and not record.atc.verified)
    )


def _name(family: dict[str, Any], rid: str, attr: str) -> str:
    record = family.get(rid)
    return str(getattr(record, attr)) if record is not None else rid


def _english() -> bool:
    return i18n.current() == "en"


def _english_lab(name: str) -> str:
    """A lab as an English reason names it ("eGFR", "potassium"): the plan's own words, not its id ("egfr")."""
    from crampcare.assessment.config import speaking
    from crampcare.assessment.triggers import lab_words

    with speaking("en"):
        return lab_words(name)


def _number(value: float) -> str:
    """A rule's number: as it always showed in English (`:g`), with the reader's decimal comma otherwise."""
    return f"{value:g}" if _english() else i18n.format_number(value)


def inn_name(kb: KnowledgeBase, inn: str) -> str:
    """An INN (or a combination "a + b") in the reader's language where local_names gives one (аторвастатин),
    else the INN as written."""
    if _english():
        return inn
    local = kb.local_names.get(i18n.current())
    if local is None:
        return inn
    names: dict[str, str] = {}
    for name, named in local.drugs.items():
        names.setdefault(named.casefold(), name)
    return " + ".join(names.get(part.strip().casefold(), part.strip()) for part in inn.split(" + "))


# Units a lab rule may use, marked for the catalogue; a trigger's unit is shown through it.
LAB_UNITS = (N_("mmol/L"), N_("µmol/L"), N_("U/L"), N_("mIU/L"), N_("mL/min/1.73 m²"))


def describe_trigger(kb: KnowledgeBase, trigger: Trigger) -> str:
    """One trigger as a phrase: "Chronic kidney disease", "potassium > 5 mmol/L", "taking Loop diuretics".

    In the active language (crampcare.i18n); pass the knowledge base as the reader sees it
    (`language.for_reader`) so that condition, class and lab names are in that language too."""
    if trigger.condition is not None:
        return _name(kb.conditions, trigger.condition, "name")
    if trigger.population is not None:
        return POPULATION_TEXT[trigger.population]
    if trigger.lab is not None:
        lab = trigger.lab
        female = (
            ""
            if lab.female_value is None
            else _(" (%(value)s for women or when sex is not given)") % {"value": _number(lab.female_value)}
        )
        name = _english_lab(lab.name) if _english() else _name(kb.labs, lab.name, "title")
        return f"{name} {lab.op} {_number(lab.value)} {_(lab.unit)}{female}"
    if trigger.drug_class is not None:
        name = _name(kb.drug_classes, trigger.drug_class, "name")
        return _("taking %(name)s") % {"name": name.lower() if _english() else name}
    if trigger.inn is not None:
        return _("taking %(inn)s") % {"inn": inn_name(kb, trigger.inn)}
    return _describe_simple(trigger)


# Phrases for the numeric and vocabulary triggers; {v} is the value (a number as the reader writes it, a word
# from VALUE_WORDS or the plan's symptom labels).
_PHRASES = {
    "pregnancy_weeks_at_least": N_("pregnancy from week {v}"),
    "age_below_years": N_("age under {v}"),
    "age_at_least_years": N_("age {v} or over"),
    "symptom": "{v}",
    "lifestyle": "{v}",
    "episode_setting": N_("a cramp while {v}"),
    "episode_longer_than_minutes": N_("a cramp lasting over {v} min"),
    "pattern_mostly_at_night": N_("cramps mostly at night"),
    "systolic_bp_below": N_("systolic blood pressure below {v} mmHg"),
    "heart_rate_below": N_("heart rate below {v}/min"),
    "systolic_bp_at_least": N_("systolic blood pressure {v} mmHg or higher"),
    "diastolic_bp_at_least": N_("diastolic blood pressure {v} mmHg or higher"),
    "temperature_at_least": N_("body temperature {v} °C or higher"),
}


def _value_words(field: str, value: str) -> str:
    if _english():
        return value.replace("_", " ")
    if field == "symptom":
        from crampcare.assessment.config import speaking, texts
        from crampcare.knowledge.language import language

        with speaking(language(i18n.current())):
            label = next((text for sid, text in texts().symptom_labels.items() if sid == value), "")
        if label:
            return label[0].lower() + label[1:] if label[1:2].islower() else label
    return VALUE_WORDS[value] if value in VALUE_WORDS else value.replace("_", " ")


def _describe_simple(trigger: Trigger) -> str:
    for field, phrase in _PHRASES.items():
        value = getattr(trigger, field)
        if value is None:
            continue
        if isinstance(value, bool):
            shown = str(value)
        elif isinstance(value, str):
            shown = _value_words(field, value)
        else:
            shown = _number(value)
        return (_(phrase) if phrase != "{v}" else phrase).format(v=shown)
    return "?"


def describe_when(kb: KnowledgeBase, rule: Rule) -> str:
    """The condition part of a rule: "A or B", plus "and also C" for `when_all` (in the active language)."""

    def joined(triggers: list[Trigger], word: str) -> str:
        return word.join(describe_trigger(kb, t) for t in triggers)

    text = joined(rule.when, _(" or "))
    if rule.when_all:
        text += _(" — together with ") + joined(rule.when_all, _(" and "))
    if rule.and_one_of:
        text += _(" — and at least one of ") + joined(rule.and_one_of, _(" or "))
    for group in rule.when_each:
        text += _(" — together with ") + joined(group, _(" or "))
    if rule.unless:
        text += _(" — except with ") + joined(rule.unless, _(" and "))
    if rule.unless_any:
        text += _(" — except with any of ") + joined(rule.unless_any, ", ")
    return text


def describe_interaction(kb: KnowledgeBase, interaction: Interaction) -> str:
    """The other side of an interaction, by INN and by class name."""
    inns = (inn_name(kb, inn) for inn in interaction.with_inns)
    names = [*inns, *(_name(kb.drug_classes, c, "name") for c in interaction.with_classes)]
    return ", ".join(names)


def cited_sources(value: Any) -> list[str]:
    """Every source id cited anywhere in a dumped record, in first-cited order."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources" and isinstance(item, list):
                found.extend(str(s) for s in item)
            else:
                found.extend(cited_sources(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(cited_sources(item))
    return list(dict.fromkeys(found))


class MedicineClass(Strict):
    id: str
    name: str


class MedicineLink(Strict):
    """A record that acts on the medicine: a cause, a red flag, or an option's rule or interaction."""

    family: str  # cause, red_flag or intervention
    id: str
    title: str
    how: str | None = None  # for an option: contraindications, cautions, not_for, use_only_when or interactions
    when: str | None = None  # for an option's rule: when it applies ("taking ace inhibitors — and at least one of …")
    reason: str
    sources: list[str]
    unverified: bool = False


class MedicineEntry(Strict):
    """A medicine crampcare knows only as a drug-class member (no option of its own), as `kb show` shows it: what
    the name resolved to and every record that would act on it in a plan. Nothing here is new: each link is an
    existing rule or interaction with its own reason and sources."""

    id: str  # the INN, or the class id when the name names a whole class ("insulin")
    name: str  # as typed
    inns: list[str]
    brands: list[str]
    classes: list[MedicineClass]
    acts_on_it: list[MedicineLink]
    not_checked: str | None = None  # said when nothing in the knowledge base names it


NOT_NAMED = N_(
    "No rule, interaction or first-aid datum in crampcare's sources names this medicine, so a plan lists it as "
    "not checked: its interactions with the plan's medicines and supplements are not known to crampcare."
)


def _rule_link(family: str, rid: str, record: Cause | RedFlag) -> MedicineLink:
    """A cause or red flag that acts on a medicine: its title and its rule's reason, sources and doubt."""
    rule = record.rule
    return MedicineLink(
        family=family, id=rid, title=record.title, reason=rule.reason, sources=rule.sources, unverified=rule.unverified
    )


def _medicine_entry(kb: KnowledgeBase, name: str) -> MedicineEntry | None:
    drug = resolve_drug(kb, name)
    if drug is None or drug.intervention_id is not None:
        return None
    inns = {inn.casefold() for inn in drug.inns}
    brands = [b for c in kb.drug_classes.values() for m in c.members if m.inn.casefold() in inns for b in m.brands]
    classes = [MedicineClass(id=c, name=kb.drug_classes[c].name) for c in drug.classes if c in kb.drug_classes]
    links = medicine_links(kb, drug.inns, drug.classes)
    acts = [_rule_link("cause", c, kb.causes[c]) for c in links.causes]
    acts += [_rule_link("red_flag", f, kb.red_flags[f]) for f in links.red_flags]
    acts += [
        MedicineLink(
            family="intervention",
            id=o.intervention_id,
            title=o.name,
            how=o.how,
            when=describe_when(kb, o.rule) if o.rule is not None else None,
            reason=o.reason,
            sources=list(o.sources),
            unverified=o.rule.unverified if o.rule is not None else False,
        )
        for o in links.options
    ]
    # The first-aid order is the engine's data (assessment/first_aid_order.yaml); imported here, when needed, so the
    # knowledge package does not load the engine at import time.
    from crampcare.assessment.config import first_aid_order, speaking
    from crampcare.knowledge.language import language

    with speaking(language(i18n.current())):
        falls = first_aid_order().falls_risk
    acts += [
        MedicineLink(
            family="first_aid",
            id="falls_risk",
            title=_("First aid with a raised risk of falling: sitting and lying manoeuvres first"),
            reason=f"{kb.drug_classes[c].name}: {falls.drug_classes[c]}",
            sources=falls.sources,
            unverified=falls.unverified,
        )
        for c in drug.classes
        if c in falls.drug_classes and c in kb.drug_classes
    ]
    return MedicineEntry(
        id=drug.inns[0]
        if len(drug.inns) == 1
        else (", ".join(drug.inns) or (drug.classes[0] if drug.classes else name)),
        name=drug.name,
        inns=list(drug.inns),
        brands=list(dict.fromkeys(brands)),
        classes=classes,
        acts_on_it=acts,
        not_checked=None if acts else _(NOT_NAMED),
    )


def resolve_any(kb: KnowledgeBase, name: str, *, field: str | None = None) -> tuple[str, BaseModel]:
    """(family, record) for an intervention name/alias/INN, the id or title of another record, or a medicine
    that is a drug-class member (by INN, brand or local name: «омепразол»), shown as a `MedicineEntry`.

    `field` is what the caller calls the name (the CLI's NAME argument), so errors can point at it.
    """
    if not name.strip():  # nothing to look up, and "unknown record ''" would not say what is missing
        raise InputError(
            _("a name is required"),
            field=field,
            valid=_("an intervention's id, name, brand alias or INN, or another record's id, e.g. baclofen"),
        )
    record = find_intervention(kb, name)
    if record is not None:
        return "intervention", record
    key = normalise(name)
    for option in kb.interventions.values():  # a name in the record's Russian block («Магний с витамином B6»)
        if option.ru is not None and key == normalise(option.ru.name):
            return "intervention", option
    for family, (attr, title) in OTHER_FAMILIES.items():
        for rid, other in getattr(kb, attr).items():
            russian = getattr(other, "ru", None)
            names = (rid, str(getattr(other, title)), str(getattr(russian, title, "")))
            if key in (normalise(n) for n in names if n):
                return family, other
    medicine = _medicine_entry(kb, name)
    if medicine is not None:
        return "medicine", medicine
    bare = without_dose(name)  # "Мидокалм 150 мг" off the box: the name without its dose, as a profile reads it
    if bare != name:
        try:
            return resolve_any(kb, bare, field=field)
        except UnknownNameError:
            pass  # the error names what was typed
    raise UnknownNameError("record", name, suggest(kb, "intervention", bare), field=field)


def resolve_for_reader(kb: KnowledgeBase, name: str, *, field: str | None = None) -> tuple[str, BaseModel]:
    """`resolve_any`, with the record as the reader sees it: its texts in the active language where it has them
    (English per field where it has none); a medicine page is built from those records. Same ids, grades,
    statuses and sources as in English."""
    family, record = resolve_any(kb, name, field=field)
    shown = for_reader(kb)
    if shown is kb:
        return family, record
    if isinstance(record, MedicineEntry):
        return family, _medicine_entry(shown, name) or record
    attr = OTHER_FAMILIES.get(family, ("interventions", ""))[0]
    return family, getattr(shown, attr).get(getattr(record, "id", ""), record)


def record_json(kb: KnowledgeBase, family: str, record: BaseModel) -> dict[str, Any]:
    """The full record plus its family, file, cited sources (with titles) and section titles."""
    data: dict[str, Any] = {"family": family, **record.model_dump(mode="json")}
    attr = OTHER_FAMILIES.get(family, ("interventions", ""))[0]
    data["file"] = kb.files.get(f"{attr}/{getattr(record, 'id', '')}")
    data["cited_sources"] = [
        kb.sources[sid].model_dump(mode="json", exclude_none=True) for sid in cited_sources(data) if sid in kb.sources
    ]
    sections = data.get("article_sections") or []
    data["article_section_titles"] = {sid: kb.sections[sid].title for sid in sections if sid in kb.sections}
    return data
