"""`assess(profile) -> CarePlan`: the deterministic, pure heart of crampcare.

No clock, no randomness, no I/O beyond the cached knowledge and engine data:
the same profile always gives byte-identical JSON.
"""

from __future__ import annotations

from typing import Any

from crampcare import i18n
from crampcare.assessment import diet, factors, first_aid, labs, options, triage
from crampcare.assessment.config import first_aid_order, meaning_words, rules, speaking, spoken, texts
from crampcare.assessment.facts import PersonFacts, derive
from crampcare.assessment.index import SPECIALISTS_LIMIT, bounded, option_index, sort_key
from crampcare.assessment.plan import CarePlan, Factor, FirstAidStep, Option, RedFlagHit, SpecialistHit, constructed
from crampcare.assessment.profile import Profile
from crampcare.assessment.silent_conditions import medicines_without_advice, unused_answers, without_advice
from crampcare.assessment.suppress import suppressed
from crampcare.assessment.triggers import drug_words
from crampcare.assessment.validation import parse_profile
from crampcare.knowledge.language import Language, language, localize
from crampcare.knowledge.loader import KnowledgeBase, knowledge
from crampcare.knowledge.models import Cause, RedFlag

STOPPED = frozenset({"avoid", "not_recommended"})
FIRST_AID_PLANS_LIMIT = 2_048


def assess(
    profile: Profile | dict[str, Any], kb: KnowledgeBase | None = None, *, indexed: bool = True, lang: str | None = None
) -> CarePlan:
    """The care plan for a profile (a `Profile` or a dict) in `lang` ("en" or "ru"; by default the active interface
    language, crampcare.i18n); raises InputError on bad input.

    The facts are read and every decision is made on the same records in every language; only the texts differ
    (the records' Russian blocks, texts.ru.yaml), so the statuses, triage and order are the same in each.
    `indexed=False` takes the unindexed reference path (see `plan_for`): same plan, slower."""
    code = language(lang if lang is not None else i18n.current())
    kb = kb or knowledge()
    facts = derive(kb, parse_profile(profile))
    # English too is spoken explicitly: a caller already speaking Russian (a Russian page asking for the English
    # plan) would otherwise get Russian connecting phrases around the English records' texts.
    with speaking(code):
        return plan_for(facts, kb if code == "en" else _in_language(kb, code), indexed=indexed)


_LOCALIZED: dict[tuple[int, str], tuple[KnowledgeBase, KnowledgeBase]] = {}


def red_flag_reasons(
    profile: Profile | dict[str, Any], kb: KnowledgeBase | None = None, *, lang: str | None = None
) -> dict[str, tuple[RedFlag, str]]:
    """Each red flag `assess` finds for the profile, by id: its record (level, sources) and the reason sentence of
    that flag alone, in the same language (the plan's triage gives every flag's reasons together)."""
    code = language(lang if lang is not None else i18n.current())
    kb = kb or knowledge()
    facts = derive(kb, parse_profile(profile))
    with speaking(code):
        hits = triage.red_flags(facts, kb if code == "en" else _in_language(kb, code))
    return {flag.id: (flag, reason) for flag, _, reason in hits}


def _in_language(kb: KnowledgeBase, lang: Language) -> KnowledgeBase:
    """`kb` with its texts in `lang`, built once per knowledge base (the entry keeps `kb` alive, so its id stays
    its own)."""
    entry = _LOCALIZED.get((id(kb), lang))
    if entry is None or entry[0] is not kb:
        entry = _LOCALIZED[(id(kb), lang)] = (kb, localize(kb, lang))
    return entry[1]


def _either(meanings: tuple[str, ...]) -> str:
    """ "a, b or c" (the meanings of an ambiguous name, in the data's order)."""
    meanings = meaning_words(meanings)
    return meanings[0] if len(meanings) == 1 else f"{', '.join(meanings[:-1])}{texts().because['or']}{meanings[-1]}"


def _warnings(facts: PersonFacts, kb: KnowledgeBase, missing_labs: list[str], option_warnings: list[str]) -> list[str]:
    words = texts().warnings
    out = [words["emergency_words"].format(name=name) for name in facts.emergency_names]
    ambiguous = dict(facts.ambiguous_conditions)
    kept = dict(facts.kept_unchecked)
    for name in facts.unchecked_conditions:
        if name in ambiguous:
            out.append(words["ambiguous_condition"].format(name=name, meanings=_either(ambiguous[name])))
        elif name in kept:  # the closest known name, the one the check-up offered in its place
            out.append(words["kept_unchecked_condition"].format(name=name, suggestion=kept[name][0]))
        else:
            out.append(words["unchecked_condition"].format(name=name))
    out.extend(
        words["kept_but_known"].format(name=name, condition=kb.conditions[cid].name)
        for name, cid in facts.kept_but_known
    )
    out.extend(words["unknown_medication"].format(name=name) for name in facts.unknown_medications)
    out.extend(
        words["ambiguous_medicine"].format(name=name, meanings=_either(meanings))
        for name, meanings in facts.ambiguous_medicines
    )
    out.extend(words["unknown_allergy"].format(name=name) for name in facts.unknown_allergies)
    out.extend(words["condition_without_advice"].format(name=name) for name in without_advice(facts, kb))
    unused = medicines_without_advice(facts, kb)
    out.extend(words["medicine_without_advice"].format(name=name, what=what) for name, what in unused)
    if facts.is_child and facts.labs:
        out.append(words["child_labs"])
    out.extend(words["no_lab_range"].format(name=name) for name in missing_labs)
    out.extend(option_warnings)
    not_used = unused_answers(facts.profile)
    if not_used is not None:
        out.append(not_used)
    return list(dict.fromkeys(out))


def _first_aid(kb: KnowledgeBase, marked: dict[str, Option], facts: PersonFacts, indexed: bool) -> list[FirstAidStep]:
    # What a red flag holds back is already avoid in `marked` (suppress.py), so it never reaches first aid either.
    if not indexed:
        shown = [r for r in kb.interventions.values() if r.kind == "first_aid" and marked[r.id].status not in STOPPED]
        return first_aid.first_aid(shown, facts.profile.episode, first_aid.falls_reason(facts, kb))
    index = option_index(kb)
    records = tuple(r for r in index.first_aid if marked[r.id].status not in STOPPED)
    episode = facts.profile.episode
    # What falls_reason reads of the person, and only what counts (an age or week below the rule's threshold, a
    # medicine of no listed class, another condition or symptom changes nothing): most people share the sentence
    # (None for most), where the whole age, medicines and conditions made nearly every new person miss it.
    rule = first_aid_order().falls_risk
    weeks = facts.profile.pregnancy_weeks
    falls_key = (
        facts.age if facts.age >= rule.age_from_years else None,
        weeks if weeks is not None and weeks >= rule.pregnancy_from_week else None,
        tuple(drug for drug in facts.drugs if not rule.drug_classes.keys().isdisjoint(drug.classes)),
        tuple(cid for cid in rule.conditions if cid in facts.conditions),
        tuple(symptom for symptom in rule.symptoms if symptom in facts.symptoms),
    )
    if falls_key in index.falls_made:
        falls = index.falls_made[falls_key]
    else:
        falls = bounded(index.falls_made)[falls_key] = first_aid.falls_reason(facts, kb)
    key = (
        tuple(r.id for r in records),
        episode.muscle if episode else None,
        episode.setting if episode else None,
        episode.helper if episode else False,
        falls,  # the reasons name the person's age and medicines when their risk of falling is raised
    )
    steps = index.first_aid_plans.get(key)
    if steps is None:  # a few hundred muscle/setting/helper/record combinations, times the falls reasons
        if len(index.first_aid_plans) >= FIRST_AID_PLANS_LIMIT:
            index.first_aid_plans.clear()
        steps = index.first_aid_plans[key] = first_aid.first_aid(records, episode, falls)
    return list(steps)


def _taken(facts: PersonFacts, marked: dict[str, Option]) -> tuple[list[str], list[str]]:
    """A note for each medicine the person already takes whose own option is marked avoid or not recommended for
    them (avoid, not recommended): the status alone would read as "do not start", while they need to talk to
    whoever prescribed it, and must not stop it on their own (issue 11 §3)."""
    words = texts().warnings
    avoid: list[str] = []
    not_recommended: list[str] = []
    for drug in facts.drugs:
        option = marked.get(drug.intervention_id or "")
        if option is None or option.status not in STOPPED:
            continue
        reason = _lower_first(option.reasons[0].rstrip(".")) if option.reasons else texts().option_reasons["see_option"]
        if option.status == "avoid":
            avoid.append(words["taken_but_avoid"].format(drug=drug_words(drug), option=option.name, reason=reason))
            continue
        # A reason that names this very medicine ("Because you take quinine: …", e.g. the MHRA's review advice for
        # someone already on quinine) says what to ask; it follows the status's own reason.
        takes = texts().because["takes"].format(drug=drug_words(drug))
        named = [r for r in option.reasons[1:] if r.startswith(takes[:1].upper() + takes[1:])]
        also = f" {named[0].split(': ', 1)[-1]}" if named else ""
        not_recommended.append(
            words["taken_not_recommended"].format(drug=drug_words(drug), option=option.name, reason=reason, also=also)
        )
    return list(dict.fromkeys(avoid)), list(dict.fromkeys(not_recommended))


def _lower_first(text: str) -> str:
    """ "MHRA advises …" stays as it is; "Because you …" becomes "because you …" inside a sentence."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _taken_causes(facts: PersonFacts, causes: list[tuple[Cause, Factor]]) -> list[str]:
    """A note for each medicine the person takes that a medication cause names: it may add to the cramps, with the
    cause's reason; ask the prescriber, do not stop it on one's own (issue 11 §3, "Your medicines")."""
    template = texts().warnings["taken_cause"]
    named: dict[str, list[str]] = {}
    for cause, _ in causes:
        if cause.kind != "medication":
            continue
        rule = cause.rule
        triggers = [*rule.when, *rule.when_all, *rule.and_one_of, *(t for group in rule.when_each for t in group)]
        for drug in facts.drugs:
            if any(t.inn in drug.inns or t.drug_class in drug.classes for t in triggers):
                named.setdefault(drug_words(drug), []).append(f"{cause.title}: {rule.reason.rstrip('.')}")
    found = [template.format(drug=drug, causes="; ".join(dict.fromkeys(why))) for drug, why in named.items()]
    return list(dict.fromkeys(found))


def _shared_taken_causes(
    facts: PersonFacts, kb: KnowledgeBase, causes: list[tuple[Cause, Factor]], indexed: bool
) -> list[str]:
    """`_taken_causes`, made once for everyone with the same causes and medicines (indexed path)."""
    if not indexed:
        return _taken_causes(facts, causes)
    store = option_index(kb).notes_made
    key = (tuple(cause.id for cause, _ in causes), facts.drugs)
    found = store.get(key)
    if found is None:
        found = bounded(store)[key] = _taken_causes(facts, causes)
    return list(found)


def _specialists(
    facts: PersonFacts,
    kb: KnowledgeBase,
    flag_hits: list[tuple[RedFlag, RedFlagHit, str]],
    causes: list[tuple[Cause, Factor]],
    indexed: bool,
) -> list[SpecialistHit]:
    """factors.specialists, made once for everyone with the same flags, causes and what counts of the rest
    (indexed path): the conditions that point to a specialist by themselves with the names given for them, and
    the populations that do with the age and week of pregnancy their words quote. Other conditions, names and
    ages change nothing, and keying by them made nearly every new person miss."""
    flags = [(flag, hit) for flag, hit, _ in flag_hits]
    if not indexed:
        return factors.specialists(facts, kb, flags, causes)
    store = option_index(kb).specialists_made
    engine_rules = rules()
    stated = facts.stated_conditions
    populations = tuple(pop for pop in engine_rules.population_specialists if pop in facts.populations)
    key = (
        tuple(flag.id for flag, _ in flags),
        tuple(cause.id for cause, _ in causes),
        tuple(
            (cid, stated.get(cid))
            for entry in engine_rules.condition_specialists
            for cid in entry.conditions
            if cid in facts.conditions
        ),
        (populations, facts.age, facts.profile.pregnancy_weeks) if populations else None,
    )
    found = store.get(key, SPECIALISTS_LIMIT)
    if found is None:
        made = [_shared_hit(kb, hit) for hit in factors.specialists(facts, kb, flags, causes)]
        found = store.put(key, made, SPECIALISTS_LIMIT)
    return list(found)


def _shared_hit(kb: KnowledgeBase, hit: SpecialistHit) -> SpecialistHit:
    """The hit already kept that is equal to `hit`, else `hit`, kept: the lists of whom to see repeat the same
    few hundred hits (~600 distinct among ~11,000 kept), and each kept once makes the store ~5 × smaller."""
    hits = option_index(kb).specialist_hits
    key = (hit.id, *hit.because)  # the title follows from the id
    found = hits.get(key, SPECIALISTS_LIMIT)
    return found if found is not None else hits.put(key, hit, SPECIALISTS_LIMIT)


def _water_advice(marked: dict[str, Option]) -> bool:
    """False when the drinking-advice record is not self-care for this person (see rules.yaml red_flag_policy)."""
    record = rules().red_flag_policy.water_record
    return record is None or record not in marked or marked[record].status == "self_care"


def _no_more_water(marked_options: list[Option], flags: list[RedFlag]) -> list[Option]:
    """The options that say "drink more" marked avoid while a red flag says more water is harmful (a pattern with
    no sodium result: the records' own rules cover a low result)."""
    policy = rules().low_sodium_fluids
    titles = [flag.title for flag in flags if flag.id in policy.flags]
    if not titles:
        return marked_options
    reason = texts().reasons["no_more_water"].format(flags="; ".join(dict.fromkeys(titles)))
    changed = [
        option.model_copy(update={"status": "avoid", "reasons": list(dict.fromkeys([reason, *option.reasons]))})
        if option.id in policy.options and option.status != "avoid"
        else option
        for option in marked_options
    ]
    return sorted(changed, key=sort_key)


def plan_for(facts: PersonFacts, kb: KnowledgeBase, *, indexed: bool = True) -> CarePlan:
    """The plan for these facts.

    Indexed (the default): only the rules, red flags and causes whose fact keys the person has are tried, options
    no fact touches are the ready-made shared ones, first-aid orders are reused (see `index`). `indexed=False` is
    the reference path the index must agree with byte for byte (tests/assessment/test_index.py): every rule of
    every record, red flag and cause is evaluated and nothing is shared between plans.
    """
    flag_hits = triage.red_flags(facts, kb, indexed=indexed)
    flags = [flag for flag, _, _ in flag_hits]
    mark = options.mark_all if indexed else options.mark_every
    marked_options, option_warnings = mark(facts, kb, flags)
    marked_options = _no_more_water(suppressed(marked_options, flags), flags)
    marked = {option.id: option for option in marked_options}
    low_sodium = any(marked[oid].status == "avoid" for oid in rules().low_sodium_fluids.options if oid in marked)
    lab_results, missing_labs = labs.interpret(facts, kb)
    causes = factors.matched_causes(facts, kb, indexed=indexed)
    medication_factors = [factor for _, factor in causes if factor.kind == "medication"]
    taken, taken_not_recommended = _taken(facts, marked)
    taken_notes = [*taken, *taken_not_recommended, *_shared_taken_causes(facts, kb, causes, indexed)]
    prevention_records = (
        option_index(kb).prevention if indexed else [r for r in kb.interventions.values() if r.kind == "prevention"]
    )
    prevention_tips = [
        f"{record.name}: {record.summary}" for record in prevention_records if marked[record.id].status == "self_care"
    ]
    # Built without validating again: every part is a model the engine made (validated when made, or once and shared)
    # or a list of strings, so validating the plan would only walk ~80 options to check they are Options.
    return constructed(
        CarePlan,
        triage=triage.triage(
            facts, flag_hits, lab_results, medication_factors, triage.set_aside_flags(facts, kb, indexed=indexed), taken
        ),
        red_flags=[hit for _, hit, _ in flag_hits],
        first_aid=_first_aid(kb, marked, facts, indexed),
        contributing_factors=[factor for _, factor in causes],
        specialists=_specialists(facts, kb, flag_hits, causes, indexed),
        labs=lab_results,
        options=marked_options,  # Option models: validated when built (or once per knowledge base), not again
        diet=diet.build_diet(facts, kb, low_sodium),
        prevention=diet.prevention(facts, prevention_tips, water_advice=_water_advice(marked), low_sodium=low_sodium),
        warnings=_warnings(facts, kb, missing_labs, [*taken_notes, *option_warnings]),
        unchecked_conditions=list(facts.unchecked_conditions),
        disclaimer=texts().disclaimer,
        knowledge_version=kb.version,
        lang=spoken(),  # the field's default, given: model_construct would inspect the default factory each time
    )
