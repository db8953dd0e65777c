"""Known conditions and medicines that no rule of the knowledge base uses yet: the plan says so instead of staying
silent.

A condition crampcare recognises (so the person is not told it is unknown) but for which no cited fact changes the
plan yet (issue 19: COPD, multiple sclerosis, dementia, ...) would otherwise read as "checked, nothing to say".
The same holds for a recognised medicine that no rule, interaction or first-aid datum names (methotrexate, insulin,
a bisphosphonate): its interactions with the plan's options were not checked, and the plan must say so.
"""

from __future__ import annotations

from crampcare.assessment.config import first_aid_order, rules, texts
from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.profile import Profile
from crampcare.assessment.triggers import drug_words, stated_name
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import ResolvedDrug, condition_closure, normalise
from crampcare.knowledge.models import Rule, Trigger

_USED: dict[str, frozenset[str]] = {}
_USED_DRUGS: dict[str, frozenset[str]] = {}


def _rules(kb: KnowledgeBase) -> list[Rule]:
    found: list[Rule] = []
    for record in kb.interventions.values():
        found.extend((*record.contraindications, *record.cautions, *record.not_for, *record.use_only_when))
        found.extend(record.discuss_when)
    found.extend(cause.rule for cause in kb.causes.values())
    found.extend(flag.rule for flag in kb.red_flags.values())
    return found


def _triggers(rule: Rule) -> tuple[Trigger, ...]:
    return (
        *rule.when,
        *rule.when_all,
        *rule.and_one_of,
        *(t for group in rule.when_each for t in group),
        *rule.unless,
        *rule.unless_any,
    )


def used_conditions(kb: KnowledgeBase) -> frozenset[str]:
    """Condition ids some rule names, or the first-aid ordering uses (once per knowledge-base version)."""
    used = _USED.get(kb.version)
    if used is None:
        named = {t.condition for rule in _rules(kb) for t in _triggers(rule) if t.condition}
        named.update(cid for entry in rules().condition_specialists for cid in entry.conditions)
        used = _USED[kb.version] = frozenset(named | set(first_aid_order().falls_risk.conditions))
    return used


def without_advice(facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    """The names, as given (in a Russian plan: from the Russian data when given in English), of stated conditions
    that no rule uses, directly or through what they imply."""
    if not facts.stated_conditions:
        return []
    return [stated_name(cid, name, kb) for cid, name in facts.stated_conditions.items() if not _condition_used(kb, cid)]


_CONDITION_USED: dict[tuple[str, str], bool] = {}
_MEDICINE_USED: dict[tuple[str, ResolvedDrug], bool] = {}
USED_LIMIT = 1_024


def _condition_used(kb: KnowledgeBase, cid: str) -> bool:
    """Whether a rule uses the condition or something it implies (once per knowledge-base version and id)."""
    key = (kb.version, cid)
    found = _CONDITION_USED.get(key)
    if found is None:
        if len(_CONDITION_USED) >= USED_LIMIT:
            _CONDITION_USED.clear()
        found = _CONDITION_USED[key] = bool(condition_closure(kb, [cid]) & used_conditions(kb))
    return found


def used_drug_keys(kb: KnowledgeBase) -> frozenset[str]:
    """The keys "class:<id>" and "inn:<normalised INN>" of every drug class and INN some rule, interaction or the
    first-aid ordering names (once per knowledge-base version)."""
    used = _USED_DRUGS.get(kb.version)
    if used is None:
        keys: set[str] = set()
        for rule in _rules(kb):
            for t in _triggers(rule):
                if t.drug_class:
                    keys.add(f"class:{t.drug_class}")
                if t.inn:
                    keys.add(f"inn:{normalise(t.inn)}")
        for record in kb.interventions.values():
            for interaction in record.interactions:
                keys.update(f"class:{cid}" for cid in interaction.with_classes)
                keys.update(f"inn:{normalise(inn)}" for inn in interaction.with_inns)
        keys.update(f"class:{cid}" for cid in first_aid_order().falls_risk.drug_classes)
        used = _USED_DRUGS[kb.version] = frozenset(keys)
    return used


def medicine_is_used(drug: ResolvedDrug, kb: KnowledgeBase) -> bool:
    """Whether anything in the knowledge base can act on this medicine: its own option, or a rule, interaction or
    first-aid datum naming one of its INNs or classes (a class includes its parents, as rules match them)."""
    if drug.intervention_id is not None:
        return True
    used = used_drug_keys(kb)
    return any(f"class:{cid}" in used for cid in drug.classes) or any(
        f"inn:{normalise(inn)}" in used for inn in drug.inns
    )


def medicines_without_advice(facts: PersonFacts, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(name as given, what it is) for each recognised medicine nothing in the knowledge base acts on."""
    found = []
    for drug in facts.drugs:
        key = (kb.version, drug)
        used = _MEDICINE_USED.get(key)
        if used is None:
            if len(_MEDICINE_USED) >= USED_LIMIT:
                _MEDICINE_USED.clear()
            used = _MEDICINE_USED[key] = medicine_is_used(drug, kb)
        if used:
            continue
        parents = {kb.drug_classes[cid].parent for cid in drug.classes if cid in kb.drug_classes}
        names = [kb.drug_classes[cid].name for cid in drug.classes if cid in kb.drug_classes and cid not in parents]
        what = "; ".join(names) or ", ".join(drug.inns)
        found.append((drug_words(drug), what[:1].lower() + what[1:] if what[1:2].islower() else what))
    return list(dict.fromkeys(found))


def _given(profile: Profile, key: str) -> bool:
    """Whether the answer an input_effects.yaml key names was given: "a.b" is set (true for a yes/no), "a.b=v"
    has that value."""
    path, _, value = key.partition("=")
    node: object = profile
    for part in path.split("."):
        node = getattr(node, part, None)
        if node is None:
            return False
    return str(node) == value if value else node is not False


def unused_answers(profile: Profile) -> str | None:
    """One note naming the answers given that change nothing in the plan (texts.yaml not_used), or None."""
    words = texts().not_used
    if words is None:
        return None
    items = [text for key, text in words.items.items() if _given(profile, key)]
    return words.template.format(items="; ".join(items)) if items else None
