"""Every intervention of the knowledge base, marked for this person, with the reason for every mark.

The status starts at the record's `base_status` and only ever becomes stricter
(avoid > not_recommended > discuss_with_doctor > self_care); see docs in
notes/KB_PLAN.md "How the engine reads an intervention".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crampcare.assessment.config import rules, texts
from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.triggers import class_phrases, describe, explain, inn_phrases, match_rule, trigger_key
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import inn_components, normalise
from crampcare.knowledge.models import Evidence, Intervention, Rule
from crampcare.knowledge.vocab import GRADES, STATUS_SEVERITY, Status

OptionData = dict[str, Any]  # the fields of plan.Option
UNVERIFIED = " [not yet confirmed against a retrieved source]"

INTERACTION_STATUS: dict[str, Status] = {
    "contraindicated": "avoid",
    "major": "avoid",
    "moderate": "discuss_with_doctor",
}


@dataclass
class Marking:
    """The status so far and the reasons, each tagged with the severity of the status it supports."""

    status: Status
    reasons: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, status: Status, reason: str) -> None:
        if STATUS_SEVERITY[status] > STATUS_SEVERITY[self.status]:
            self.status = status
        self.reasons.append((STATUS_SEVERITY[status], reason))

    def sorted_reasons(self) -> list[str]:
        # The reasons for the final (strictest) status come first; ties keep the order they were found in.
        ordered = sorted(enumerate(self.reasons), key=lambda item: (-item[1][0], item[0]))
        return list(dict.fromkeys(text for _, (_, text) in ordered))


def _rule_text(phrases: list[str], rule: Rule) -> str:
    return explain(phrases, rule.reason) + (UNVERIFIED if rule.unverified else "")


def _apply_rules(record: Intervention, facts: PersonFacts, kb: KnowledgeBase, mark: Marking) -> None:
    families: tuple[tuple[list[Rule], Status], ...] = (
        (record.contraindications, "avoid"),
        (record.cautions, "discuss_with_doctor"),
        (record.not_for, "not_recommended"),
    )
    for rule_list, status in families:
        for rule in rule_list:
            phrases = match_rule(rule, facts, kb)
            if phrases:
                mark.add(status, _rule_text(phrases, rule))


def _apply_use_only_when(record: Intervention, facts: PersonFacts, kb: KnowledgeBase, mark: Marking) -> None:
    if not record.use_only_when:
        return
    matched = [(rule, match_rule(rule, facts, kb)) for rule in record.use_only_when]
    hits = [(rule, phrases) for rule, phrases in matched if phrases]
    if hits:
        for rule, phrases in hits:
            mark.add(mark.status, _rule_text(phrases, rule))
        return
    for rule in record.use_only_when:
        condition = " or ".join(describe(trigger, kb) for trigger in rule.when)
        mark.add("not_recommended", f"Only when {condition}, which is not documented for you: {rule.reason}")


def _apply_interactions(record: Intervention, facts: PersonFacts, kb: KnowledgeBase, mark: Marking) -> None:
    if not facts.drugs:
        return
    for inter in record.interactions:
        phrases = [
            *(p for inn in inter.with_inns for p in inn_phrases(inn, facts)),
            *(p for cls in inter.with_classes for p in class_phrases(cls, facts, kb)),
        ]
        phrases = list(dict.fromkeys(phrases))
        if not phrases:
            continue
        text = explain(phrases, f"{inter.severity} interaction. {inter.advice}") + (
            UNVERIFIED if inter.unverified else ""
        )
        status = INTERACTION_STATUS.get(inter.severity)
        if status is None:
            mark.warnings.append(
                texts()
                .warnings["minor_interaction"]
                .format(option=record.name, because=" and ".join(phrases), advice=inter.advice)
            )
        else:
            mark.add(status, text)


def _mentions_population(record: Intervention, population: str) -> bool:
    rule_lists = (record.contraindications, record.cautions, record.not_for, record.use_only_when)
    for rule in (rule for rules_ in rule_lists for rule in rules_):
        if any(t.population == population for t in (*rule.when, *rule.when_all)):
            return True
    return any(pop.population == population for pop in record.evidence.by_population)


def _apply_populations(record: Intervention, facts: PersonFacts, mark: Marking) -> None:
    if record.kind not in rules().medicinal_kinds:
        return
    if facts.is_child:
        if record.min_age_years is None:
            mark.add(
                "discuss_with_doctor",
                f"Because of age {facts.age:g} (a child, under 18): no safe use in children is stated for this "
                "product, so a doctor should decide.",
            )
        elif facts.age < record.min_age_years:
            mark.add(
                "avoid",
                f"Because of age {facts.age:g}: a safe use is stated only from age {record.min_age_years:g}.",
            )
    weeks = facts.profile.pregnancy_weeks
    unstated = {
        "pregnancy": f"Because of pregnancy (week {weeks}): nothing specific on use in pregnancy is recorded for "
        "this product, so check with your doctor or midwife first.",
        "breastfeeding": "Because you are breastfeeding: nothing specific on use while breastfeeding is recorded "
        "for this product, so check with your doctor first.",
    }
    for population, text in unstated.items():
        if population in facts.populations and not _mentions_population(record, population):
            mark.add("discuss_with_doctor", text)


def _allergy_names(record: Intervention) -> set[str]:
    names = {record.id, record.name, *record.aliases}
    if record.inn:
        names.update({record.inn, *inn_components(record.inn)})
    if record.drug_class:
        names.add(record.drug_class)
    return {normalise(name) for name in names}


def _apply_allergies(record: Intervention, facts: PersonFacts, mark: Marking) -> None:
    if not facts.allergies:
        return
    hits = sorted({facts.allergies[key] for key in _allergy_names(record) if key in facts.allergies})
    for given in hits:
        mark.add("avoid", f"Because you reported an allergy to {given}: do not use this product.")


def evidence_for(record: Intervention, facts: PersonFacts) -> dict[str, Any]:
    """The record's evidence, or the population-specific evidence when the person belongs to that population."""
    for pop in record.evidence.by_population:
        if pop.population in facts.populations:
            return {"grade": pop.grade, "summary": pop.summary, "sources": list(pop.sources)}
    ev: Evidence = record.evidence
    return {"grade": ev.grade, "summary": ev.summary, "sources": list(ev.sources)}


def _record_keys(record: Intervention) -> frozenset[str] | None:
    """Every fact key a rule or interaction of the record tests; None if some rule must always be evaluated."""
    keys: set[str] = set()
    for rule in (*record.contraindications, *record.cautions, *record.not_for, *record.use_only_when):
        for trigger in rule.when:
            key = trigger_key(trigger)
            if key is None:
                return None
            keys.add(key)
    for inter in record.interactions:
        keys.update(f"inn:{inn}" for inn in inter.with_inns)
        keys.update(f"drug_class:{cls}" for cls in inter.with_classes)
    return frozenset(keys)


# Per record, keyed by id(record); the record is kept so a recycled id is never trusted.
_KEYS: dict[int, tuple[Intervention, frozenset[str] | None]] = {}


def _untouched(record: Intervention, facts: PersonFacts) -> bool:
    """True when nothing about this person can change the record's base status (the common case)."""
    entry = _KEYS.get(id(record))
    if entry is None or entry[0] is not record:
        entry = (record, _record_keys(record))
        _KEYS[id(record)] = entry
    keys = entry[1]
    if keys is None or record.use_only_when or facts.allergies:
        return False
    if record.kind in rules().medicinal_kinds and facts.populations & {"child", "pregnancy", "breastfeeding"}:
        return False
    return keys.isdisjoint(facts.keys)


def _option(record: Intervention, facts: PersonFacts, status: Status, reasons: list[str]) -> OptionData:
    return {
        "id": record.id,
        "name": record.name,
        "kind": record.kind,
        "inn": record.inn,
        "atc": record.atc.code if record.atc else None,
        "status": status,
        "reasons": reasons,
        "evidence": evidence_for(record, facts),
    }


def mark_option(record: Intervention, facts: PersonFacts, kb: KnowledgeBase) -> tuple[OptionData, list[str]]:
    """The option for one record (the fields of `plan.Option`) and any warnings it raises (minor interactions).

    Plain dicts: the care plan validates all of them in one pass, which is several times
    faster than building ~100 small models one by one.
    """
    base = record.base_status
    if _untouched(record, facts):
        return _option(record, facts, base.status, [base.reason]), []
    mark = Marking(status=base.status)
    mark.add(base.status, base.reason)
    _apply_rules(record, facts, kb, mark)
    _apply_use_only_when(record, facts, kb, mark)
    _apply_interactions(record, facts, kb, mark)
    _apply_populations(record, facts, mark)
    _apply_allergies(record, facts, mark)
    return _option(record, facts, mark.status, mark.sorted_reasons()), mark.warnings


def sort_key(option: OptionData) -> tuple[int, int, str, str]:
    """Self-care first, then discuss, not recommended, avoid; within each, the best evidence first, then name."""
    grade = GRADES.index(option["evidence"]["grade"])
    return (STATUS_SEVERITY[option["status"]], grade, option["name"].casefold(), option["id"])


def mark_all(facts: PersonFacts, kb: KnowledgeBase) -> tuple[list[OptionData], list[str]]:
    """Every intervention's option, in plan order, and the warnings they raise."""
    options: list[OptionData] = []
    warnings: list[str] = []
    for record in kb.interventions.values():
        option, found = mark_option(record, facts, kb)
        options.append(option)
        warnings.extend(found)
    options.sort(key=sort_key)
    return options, warnings
