"""Contributing factors (causes.yaml rules) and the specialists who look after them."""

from __future__ import annotations

from typing import get_args

from crampcare.assessment.config import rules, texts
from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.index import option_index, readings
from crampcare.assessment.plan import Factor, RedFlagHit, SpecialistHit, constructed
from crampcare.assessment.triggers import explain, match_rule, match_trigger, stated_name
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import Cause, RedFlag, Trigger
from crampcare.knowledge.vocab import FactorKind

KIND_ORDER: tuple[str, ...] = get_args(FactorKind)


def matched_causes(facts: PersonFacts, kb: KnowledgeBase, *, indexed: bool = True) -> list[tuple[Cause, Factor]]:
    """Every cause whose rule applies, with the factor the plan shows; medication first, then by kind and id.

    `indexed=False` tries every cause's rule in full (the engine's unindexed reference path)."""
    found: list[tuple[Cause, Factor]] = []
    if not indexed:
        for cause in kb.causes.values():
            if not (cause.kind == "lab" and facts.is_child):
                factor = _factor(cause, match_rule(cause.rule, facts, kb, indexed=False))
                if factor is not None:
                    found.append((cause, factor))
    else:
        index = option_index(kb)
        read = readings(index, facts, kb)
        store = index.cause_store()  # (emptied when full, as on every miss below)
        # Only a cause one of whose triggers holds can match (its rule needs one); the factor and its text follow
        # from the phrases of those triggers alone, so they are made once and shared.
        for pos, fired in read.causes.items():
            cause = index.causes[pos][0]
            if cause.kind == "lab" and facts.is_child:
                continue  # adult reference ranges do not apply under 18 (§2.6): a doctor reads a child's results
            key = (pos, fired)
            if key in store:
                factor = store[key]
            else:
                factor = index.cause_store()[key] = _factor(cause, match_rule(cause.rule, facts, kb))
            if factor is not None:
                found.append((cause, factor))
    found.sort(key=lambda pair: (KIND_ORDER.index(pair[0].kind), pair[0].id))
    return found


def _factor(cause: Cause, phrases: list[str]) -> Factor | None:
    if not phrases:
        return None
    because = explain(phrases, cause.rule.reason) + (texts().because["unverified"] if cause.rule.unverified else "")
    return Factor(id=cause.id, title=cause.title, kind=cause.kind, because=[because])


# The trigger of each population, validated once (a Trigger is checked for exactly one field when made).
_POPULATION_TRIGGERS: dict[str, Trigger] = {}


def _population_words(population: str, facts: PersonFacts, kb: KnowledgeBase) -> str:
    """ "pregnancy (week 30)", "age 6 (a child, under 18)": the same words as the reasons on the options."""
    trigger = _POPULATION_TRIGGERS.get(population)
    if trigger is None:
        trigger = _POPULATION_TRIGGERS[population] = Trigger(population=population)
    phrases = match_trigger(trigger, facts, kb)
    return phrases[0].removeprefix(texts().because["specialist_lead"]) if phrases else population.replace("_", " ")


def specialists(
    facts: PersonFacts,
    kb: KnowledgeBase,
    flags: list[tuple[RedFlag, RedFlagHit]],
    causes: list[tuple[Cause, Factor]],
) -> list[SpecialistHit]:
    """Whom to see: for each red flag and cause (in that order), then for the person's populations."""
    because: dict[str, list[str]] = {}
    reasons_ = texts().reasons
    for flag, _ in flags:
        for sid in flag.specialists:
            because.setdefault(sid, []).append(reasons_["specialist_red_flag"].format(title=flag.title))
    for cause, _ in causes:
        for sid in cause.specialists:
            because.setdefault(sid, []).append(reasons_["specialist_cause"].format(title=cause.title))
    for entry in rules().condition_specialists:
        for cid in entry.conditions:
            if cid in facts.conditions:
                known = kb.conditions[cid].name if cid in kb.conditions else cid
                given = facts.stated_conditions.get(cid)
                name = known if given is None else stated_name(cid, given, kb)
                for sid in entry.specialists:
                    because.setdefault(sid, []).append(entry.said().format(name=name))
    for population, ids in sorted(rules().population_specialists.items()):
        if population in facts.populations:
            for sid in ids:
                because.setdefault(sid, []).append(_population_words(population, facts, kb))
    # Strings from validated records and texts.yaml: built without validating them again (several per plan).
    return [
        constructed(SpecialistHit, id=sid, title=kb.specialists[sid].title, because=list(dict.fromkeys(reasons)))
        for sid, reasons in because.items()
        if sid in kb.specialists
    ]
