"""What of a person's facts one intervention's evaluation reads: the key under which its explained option is kept.

`options.evaluate(record, facts, …)` is a pure function, and any one record
reads only a few facts: the conditions, medicines, lab values, populations…
that its own rules and interactions name, the person's allergies that match
its names, and the red-flag policy for home treatments. `readers(record)`
compiles, once per record, small functions that pull exactly those facts
(with every value an explanation quotes: the medicine names as given, the lab
value, the age, the week of pregnancy, the stated condition names). Two people
with the same projection get the same option and the same warnings, word for
word, so the option is explained once and then shared (`OptionIndex.explained`).

Soundness rests on one rule: a reader returns everything its matcher in
`triggers` formats or compares. `tests/assessment/test_projection.py` checks
every trigger field has a reader, and that options shared this way equal a
fresh full evaluation for many varied people.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.triggers import field_of, lifestyle_phrase
from crampcare.knowledge.models import Intervention, Trigger

Reader = Callable[[PersonFacts], Hashable]


def _condition(cid: str) -> Reader:
    # The phrase names the conditions the person stated (and which of them imply this one).
    return lambda f: tuple(f.stated_conditions.items()) if cid in f.conditions else None


def _population(pop: str) -> Reader:
    # The phrase quotes the week of pregnancy or the age.
    return lambda f: (f.profile.pregnancy_weeks, f.age) if pop in f.populations else None


def _age(_: Trigger) -> Reader:
    return lambda f: f.age


def _lab(name: str) -> Reader:
    return lambda f: f.labs.get(name)


def _symptom(symptom: str) -> Reader:
    return lambda f: symptom in f.symptoms


def _drugs(inns: Iterable[str], classes: Iterable[str]) -> Reader:
    # The person's medicines with one of these INNs or classes, in their order, with the names they gave.
    wanted_inns, wanted_classes = frozenset(inns), frozenset(classes)

    def read(f: PersonFacts) -> Hashable:
        if f.inns.isdisjoint(wanted_inns) and f.classes.isdisjoint(wanted_classes):
            return ()
        return tuple(
            d for d in f.drugs if not (wanted_inns.isdisjoint(d.inns) and wanted_classes.isdisjoint(d.classes))
        )

    return read


def _lifestyle(flag: str) -> Reader:
    return lambda f: lifestyle_phrase(flag, f) if flag in f.lifestyle else None


def _episode(_: Trigger) -> Reader:
    return lambda f: (f.profile.episode.setting, f.profile.episode.duration_minutes) if f.profile.episode else None


def _vitals(_: Trigger) -> Reader:
    return lambda f: (f.profile.vitals.systolic_bp, f.profile.vitals.heart_rate)


# One reader maker per Trigger field (the fields of triggers.MATCHERS), given the trigger.
READER_MAKERS: dict[str, Callable[[Trigger], Reader]] = {
    "condition": lambda t: _condition(str(t.condition)),
    "population": lambda t: _population(str(t.population)),
    "age_below_years": _age,
    "age_at_least_years": _age,
    "lab": lambda t: _lab(t.lab.name if t.lab else ""),
    "symptom": lambda t: _symptom(str(t.symptom)),
    "drug_class": lambda t: _drugs((), (str(t.drug_class),)),
    "inn": lambda t: _drugs((str(t.inn),), ()),
    "lifestyle": lambda t: _lifestyle(str(t.lifestyle)),
    "episode_setting": _episode,
    "episode_longer_than_minutes": _episode,
    "systolic_bp_below": _vitals,
    "heart_rate_below": _vitals,
}


def _trigger_id(trigger: Trigger) -> tuple[str, str]:
    name = field_of(trigger)
    if name in ("age_below_years", "age_at_least_years"):
        return ("age", "")  # both read only the age
    if name in ("episode_setting", "episode_longer_than_minutes"):
        return ("episode", "")
    if name in ("systolic_bp_below", "heart_rate_below"):
        return ("vitals", "")
    return (name, str(getattr(trigger, name)))


def _allergies(names: frozenset[str]) -> Reader:
    return lambda f: tuple(sorted({f.allergies[k] for k in names if k in f.allergies})) if f.allergies else ()


def _populations(f: PersonFacts) -> Hashable:
    # The untouched option's evidence, and the child / pregnancy / breastfeeding texts (age, week) of medicines.
    return (f.populations, f.age if f.is_child else None, f.profile.pregnancy_weeks)


def readers(record: Intervention, allergy_names: frozenset[str]) -> tuple[Reader, ...]:
    """The readers whose results, together with the red-flag policy, decide the record's option for a person."""
    found: dict[tuple[str, str], Reader] = {}
    rule_lists = (record.contraindications, record.cautions, record.not_for, record.use_only_when)
    for rule in (rule for rules_ in rule_lists for rule in rules_):
        for trigger in (*rule.when, *rule.when_all):
            ident = _trigger_id(trigger)
            if ident not in found:
                found[ident] = READER_MAKERS[field_of(trigger)](trigger)
    if record.interactions:
        inns = [inn for inter in record.interactions for inn in inter.with_inns]
        classes = [cls for inter in record.interactions for cls in inter.with_classes]
        found[("interactions", "")] = _drugs(inns, classes)
    return (_populations, _allergies(allergy_names), *found.values())
