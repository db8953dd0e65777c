"""What the engine knows about a person, derived once from the profile.

`PersonFacts` is the profile resolved against the knowledge base: populations,
condition ids with everything they imply, the INNs and drug classes of each
medicine, lab values and lifestyle flags. Rules are matched against it, never
against the raw profile, so that every rule sees the same interpretation.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal, TypeVar

from crampcare.assessment.config import ambiguous_meanings, reads_as_emergency, rules
from crampcare.assessment.profile import Profile
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import (
    ResolvedDrug,
    check_condition,
    condition_closure,
    known_drug_name,
    misspelt_condition,
    normalise,
    resolve_drug,
)

OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}

T = TypeVar("T")
CHILD_BELOW_YEARS = 18.0
INFANT_BELOW_YEARS = 1.0
OLDER_ADULT_FROM_YEARS = 65.0


@dataclass(frozen=True)
class PersonFacts:
    profile: Profile
    age: float
    populations: frozenset[str]
    conditions: frozenset[str]  # ids, with implied ones
    stated_conditions: MappingProxyType[str, str]  # id → the name the person gave (for explanations)
    unchecked_conditions: tuple[str, ...]  # names that match no known condition: the plan goes on without them
    # Typed names that are abbreviations with several meanings ("MS"), with those meanings: not guessed, not checked
    # (the condition ones are in unchecked_conditions too).
    ambiguous_conditions: tuple[tuple[str, tuple[str, ...]], ...]
    ambiguous_medicines: tuple[tuple[str, tuple[str, ...]], ...]
    drugs: tuple[ResolvedDrug, ...]
    inns: frozenset[str]
    classes: frozenset[str]
    unknown_medications: tuple[str, ...]
    allergies: MappingProxyType[str, str]  # normalised allergy name, or an INN/class it resolves to → name given
    unknown_allergies: tuple[str, ...]  # allergy names that match no medicine: a warning, they protect nothing
    emergency_names: tuple[str, ...]  # typed names that read as an emergency ("chest pain"): call for help now
    labs: MappingProxyType[str, float]
    lifestyle: frozenset[str]
    symptoms: frozenset[str]
    keys: frozenset[str]  # "condition:ckd", "inn:furosemide", … — lets a rule that cannot match be skipped cheaply
    # Issue 11 §5: names the person chose to keep unchecked although they look like a misspelling of a known
    # condition, with the names they declined (in unchecked_conditions too); and kept names that are themselves
    # known conditions (name → the condition's id), which were checked all the same.
    kept_unchecked: tuple[tuple[str, tuple[str, ...]], ...] = ()
    kept_but_known: tuple[tuple[str, str], ...] = ()

    @property
    def is_child(self) -> bool:
        return "child" in self.populations

    def drugs_with_inn(self, inn: str) -> list[ResolvedDrug]:
        return [drug for drug in self.drugs if inn in drug.inns]

    def drugs_in_class(self, class_id: str) -> list[ResolvedDrug]:
        return [drug for drug in self.drugs if class_id in drug.classes]


def populations(profile: Profile) -> frozenset[str]:
    found = set()
    if profile.pregnancy_weeks is not None:
        found.add("pregnancy")
    if profile.breastfeeding:
        found.add("breastfeeding")
    if profile.age_years < CHILD_BELOW_YEARS:
        found.add("child")
    if profile.age_years < INFANT_BELOW_YEARS:
        found.add("infant")
    if profile.age_years >= OLDER_ADULT_FROM_YEARS:
        found.add("older_adult")
    return frozenset(found)


def _ambiguous(kind: Literal["conditions", "medicines"], names: list[str]) -> dict[str, tuple[str, ...]]:
    """Name as given → its meanings, for the names that are ambiguous abbreviations (ambiguous_names.yaml)."""
    found: dict[str, tuple[str, ...]] = {}
    for name in names:
        meanings = ambiguous_meanings(kind, name)
        if meanings:
            found.setdefault(name.strip(), meanings)
    return found


@dataclass(frozen=True)
class _ConditionNames:
    ids: frozenset[str]  # with what they imply
    stated: dict[str, str]  # id → the name the person gave
    unchecked: list[str]
    kept: dict[str, tuple[str, ...]]  # kept-unchecked name → the known names it looked like
    kept_but_known: dict[str, str]  # kept name that is a known condition → that condition's id


def _conditions(kb: KnowledgeBase, names: list[str], keep_unchecked: list[str]) -> _ConditionNames:
    """Condition ids (with what they imply), id → name given, and the names crampcare does not know.

    An unknown name does not stop the plan (first aid and the safety net matter more than one condition);
    a very probable misspelling of a known condition does (UnknownNameError naming the suggestion), unless the
    person listed it in keep_unchecked: then it is not checked, and the warning says they chose that rather than
    the suggestion. An ambiguous abbreviation ("MS") is not resolved to any one meaning and is listed as not
    checked."""
    kept_keys = {normalise(name) for name in keep_unchecked}
    stated: dict[str, str] = {}
    unchecked: list[str] = []
    kept: dict[str, tuple[str, ...]] = {}
    kept_but_known: dict[str, str] = {}
    for i, name in enumerate(names):
        if reads_as_emergency(name) or ambiguous_meanings("conditions", name):
            unchecked.append(name.strip())  # no "did you mean" stop: the emergency advice or the meanings must come
            continue
        keep = normalise(name) in kept_keys
        cond = check_condition(kb, name, field=f"conditions[{i}]", keep_unchecked=keep)
        if cond is None:
            unchecked.append(name.strip())
            declined = tuple(misspelt_condition(kb, name)) if keep else ()
            if declined:
                kept.setdefault(name.strip(), declined)
        else:
            stated.setdefault(cond.id, name.strip())
            if keep:
                # A name crampcare knows exactly is used even when asked to keep it unchecked: leaving out a known
                # condition would drop every warning the rules give for it (NSAIDs in kidney disease), which is the
                # unsafe side; the plan says so, so the choice is not silently overruled.
                kept_but_known.setdefault(name.strip(), cond.id)
    return _ConditionNames(condition_closure(kb, stated), stated, list(dict.fromkeys(unchecked)), kept, kept_but_known)


def _drugs(kb: KnowledgeBase, names: list[str]) -> tuple[list[ResolvedDrug], list[str]]:
    drugs: list[ResolvedDrug] = []
    unknown: list[str] = []
    for name in names:
        if not name.strip() or ambiguous_meanings("medicines", name):
            continue  # an ambiguous abbreviation is listed with its meanings (PersonFacts.ambiguous_medicines)
        drug = resolve_drug(kb, name)
        if drug is None:
            unknown.append(name.strip())
        else:
            drugs.append(drug)
    return drugs, unknown


_RECORD_NAMES: dict[str, frozenset[str]] = {}


def record_names(kb: KnowledgeBase) -> frozenset[str]:
    """Normalised ids, names, aliases and INNs of the knowledge base's interventions (once per version)."""
    names = _RECORD_NAMES.get(kb.version)
    if names is None:
        found: set[str] = set()
        for record in kb.interventions.values():
            found.update(normalise(n) for n in (record.id, record.name, *record.aliases, record.inn or ""))
        names = _RECORD_NAMES[kb.version] = frozenset(found - {""})
    return names


def _allergies(kb: KnowledgeBase, names: list[str]) -> tuple[dict[str, str], list[str]]:
    """Normalised keys an allergy can match (its own name, its INNs and classes) → name given; and the names
    that resolve to no medicine at all (a misspelling would otherwise protect nothing, silently)."""
    keys: dict[str, str] = {}
    unknown: list[str] = []
    for name in names:
        given = name.strip()
        keys.setdefault(normalise(given), given)
        drug = resolve_drug(kb, given)
        if drug is not None:
            for key in (*drug.inns, *drug.classes):
                keys.setdefault(normalise(key), given)
        elif normalise(given) not in record_names(kb) and not known_drug_name(given):
            unknown.append(given)  # a real medicine crampcare has no option for (penicillin) needs no warning
    keys.pop("", None)
    return keys, unknown


def lifestyle_flags(profile: Profile) -> frozenset[str]:
    life = profile.lifestyle
    if life is None:
        return frozenset()
    flags = {
        name
        for name in (
            "new_or_unusual_exercise",
            "tight_or_high_heeled_shoes",
            "prolonged_sitting_or_standing",
            "hot_weather",
            "stress",
        )
        if getattr(life, name)
    }
    if life.exercise in ("none", "intense"):
        flags.add(f"exercise_{life.exercise}")
    for flag, threshold in rules().lifestyle_thresholds.items():
        value = getattr(life, threshold.field)
        if value is not None and OPS[threshold.op](value, threshold.value):
            flags.add(flag)
    return frozenset(flags)


def fact_keys(
    profile: Profile,
    pops: frozenset[str],
    conditions: frozenset[str],
    drugs: list[ResolvedDrug],
    lifestyle: frozenset[str],
) -> frozenset[str]:
    """Every fact a keyed trigger can test (see triggers.trigger_key), as "kind:value" strings."""
    keys = {f"population:{p}" for p in pops}
    keys.update(f"condition:{c}" for c in conditions)
    keys.update(f"symptom:{s}" for s in profile.symptoms)
    keys.update(f"inn:{inn}" for drug in drugs for inn in drug.inns)
    keys.update(f"drug_class:{cls}" for drug in drugs for cls in drug.classes)
    keys.update(f"lifestyle:{flag}" for flag in lifestyle)
    # The models' field values as stored (plain numbers, in field order): what model_dump() gives, without its cost.
    keys.update(f"lab:{name}" for name, value in profile.labs.__dict__.items() if value is not None)
    keys.update(f"vital:{name}" for name, value in profile.vitals.__dict__.items() if value is not None)
    episode = profile.episode
    if episode is not None:
        if episode.setting is not None:
            keys.add(f"episode_setting:{episode.setting}")
        if episode.duration_minutes is not None:
            keys.add("episode:duration")
    if profile.pattern is not None and profile.pattern.mostly_at_night:
        keys.add("pattern:mostly_at_night")
    return frozenset(keys)


# What a list of typed names resolves to, by (which list, id of the knowledge base, the names), the knowledge base
# kept with it (a recycled id is never trusted): the resolvers are pure and the same names recur in many profiles;
# their answers are only read. Names that raise (a likely misspelling) are never stored, so they raise again.
# Bounded: emptied when full.
_RESOLVED: dict[tuple[str, int, tuple[object, ...]], tuple[KnowledgeBase, Any]] = {}
RESOLVED_LIMIT = 1_024  # small: each kept answer is memory in every server worker (issue 17 §4)


def _resolved(kind: str, kb: KnowledgeBase, names: tuple[object, ...], resolve: Callable[[], T]) -> T:
    key = (kind, id(kb), names)
    entry = _RESOLVED.get(key)
    if entry is None or entry[0] is not kb:
        found = resolve()
        if len(_RESOLVED) >= RESOLVED_LIMIT:
            _RESOLVED.clear()
        entry = _RESOLVED[key] = (kb, found)
    return entry[1]


def derive(kb: KnowledgeBase, profile: Profile) -> PersonFacts:
    """Resolve the profile's names and derive every flag; unknown conditions and drugs are listed, a misspelt
    known condition raises."""
    named = _resolved(
        "conditions",
        kb,
        (tuple(profile.conditions), tuple(profile.keep_unchecked)),
        lambda: _conditions(kb, profile.conditions, profile.keep_unchecked),
    )
    conditions, stated, unchecked = named.ids, named.stated, named.unchecked
    drugs, unknown = _resolved("medications", kb, tuple(profile.medications), lambda: _drugs(kb, profile.medications))
    allergies, unknown_allergies = _resolved(
        "allergies", kb, tuple(profile.allergies), lambda: _allergies(kb, profile.allergies)
    )
    labs: dict[str, Any] = {k: v for k, v in profile.labs.__dict__.items() if v is not None}
    pops = populations(profile)
    lifestyle = lifestyle_flags(profile)
    return PersonFacts(
        profile=profile,
        age=profile.age_years,
        populations=pops,
        conditions=conditions,
        stated_conditions=MappingProxyType(stated),
        unchecked_conditions=tuple(unchecked),
        ambiguous_conditions=tuple(_ambiguous("conditions", profile.conditions).items()),
        ambiguous_medicines=tuple(_ambiguous("medicines", profile.medications).items()),
        drugs=tuple(drugs),
        inns=frozenset(inn for drug in drugs for inn in drug.inns),
        classes=frozenset(cls for drug in drugs for cls in drug.classes),
        unknown_medications=tuple(unknown),
        allergies=MappingProxyType(allergies),
        unknown_allergies=tuple(unknown_allergies),
        emergency_names=tuple(
            dict.fromkeys(n for n in (*unchecked, *unknown, *unknown_allergies) if reads_as_emergency(n))
        ),
        labs=MappingProxyType(labs),
        lifestyle=lifestyle,
        symptoms=frozenset(profile.symptoms),
        keys=fact_keys(profile, pops, conditions, drugs, lifestyle),
        kept_unchecked=tuple(named.kept.items()),
        kept_but_known=tuple(named.kept_but_known.items()),
    )
