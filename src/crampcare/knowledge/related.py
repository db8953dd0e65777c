"""Which records name a condition or a drug class: the links between knowledge pages, read from the rules.

A cause whose rule is triggered by a drug class ("diuretics") is a way that class can bring on cramps; an
option whose contraindication, caution or interaction names a condition or class is changed by it. Nothing is
added: every link is a rule or an interaction that already exists, with its own reason and sources.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import DrugClass, Rule, Trigger

RULE_KINDS = ("contraindications", "cautions", "not_for", "use_only_when", "discuss_when")


@dataclass(frozen=True)
class OptionLink:
    intervention_id: str
    name: str
    how: str  # contraindications, cautions, not_for, use_only_when, discuss_when or interactions
    reason: str
    sources: tuple[str, ...]
    rule: Rule | None = None  # the option's rule, when the link is one (medicine pages say when it applies)


@dataclass
class Links:
    causes: list[str] = field(default_factory=list)  # cause ids whose rule names the record
    red_flags: list[str] = field(default_factory=list)
    options: list[OptionLink] = field(default_factory=list)


def triggers(rule: Rule) -> Iterator[Trigger]:
    yield from (*rule.when, *rule.when_all, *rule.and_one_of, *(t for group in rule.when_each for t in group))


def _named(trigger: Trigger) -> list[tuple[str, str]]:
    found = []
    if trigger.condition:
        found.append(("condition", trigger.condition))
    if trigger.drug_class:
        found.append(("drug_class", trigger.drug_class))
    return found


def _add_option(links: dict[tuple[str, str], Links], key: tuple[str, str], link: OptionLink) -> None:
    options = links.setdefault(key, Links()).options
    if link not in options:
        options.append(link)


# One map per knowledge base object (kept with it, so a recycled id() is never trusted), as option_index does.
_MAPS: dict[int, tuple[KnowledgeBase, dict[tuple[str, str], Links]]] = {}


def related(kb: KnowledgeBase) -> dict[tuple[str, str], Links]:
    """(family, id) of a condition or drug class → the causes, red flags and options that name it."""
    entry = _MAPS.get(id(kb))
    if entry is None or entry[0] is not kb:
        entry = (kb, _build(kb))
        _MAPS[id(kb)] = entry
    return entry[1]


def _build(kb: KnowledgeBase) -> dict[tuple[str, str], Links]:
    links: dict[tuple[str, str], Links] = {}
    _rules(kb, links)
    _options(kb, links)
    _members_and_subgroups(kb, links)
    # Whatever a condition implies (dialysis → kidney failure) applies to it as well.
    for condition in kb.conditions.values():
        for implied in condition.implies:
            _merge(links.setdefault(("condition", condition.id), Links()), links.get(("condition", implied)))
    return links


def _rules(kb: KnowledgeBase, links: dict[tuple[str, str], Links]) -> None:
    for cause in kb.causes.values():
        for key in {k for t in triggers(cause.rule) for k in _named(t)}:
            links.setdefault(key, Links()).causes.append(cause.id)
    for flag in kb.red_flags.values():
        for key in {k for t in triggers(flag.rule) for k in _named(t)}:
            links.setdefault(key, Links()).red_flags.append(flag.id)


def _options(kb: KnowledgeBase, links: dict[tuple[str, str], Links]) -> None:
    for record in kb.interventions.values():
        for how in RULE_KINDS:
            for rule in getattr(record, how):
                for key in {k for t in triggers(rule) for k in _named(t)}:
                    _add_option(links, key, OptionLink(record.id, record.name, how, rule.reason, tuple(rule.sources)))
        for interaction in record.interactions:
            for class_id in interaction.with_classes:
                link = OptionLink(
                    record.id, record.name, "interactions", interaction.advice, tuple(interaction.sources)
                )
                _add_option(links, ("drug_class", class_id), link)


def _members_and_subgroups(kb: KnowledgeBase, links: dict[tuple[str, str], Links]) -> None:
    """A drug class includes its members (rules naming one of its INNs) and its subgroups (loop diuretics are
    diuretics); each link keeps its own reason, so the page says which member or subgroup it is about."""
    by_inn: dict[str, list[tuple[str, str]]] = {}
    for drug_class in kb.drug_classes.values():
        for member in drug_class.members:
            by_inn.setdefault(member.inn.casefold(), []).append(("drug_class", drug_class.id))
    for cause in kb.causes.values():
        for key in {k for t in triggers(cause.rule) if t.inn for k in by_inn.get(t.inn.casefold(), [])}:
            if cause.id not in links.setdefault(key, Links()).causes:
                links[key].causes.append(cause.id)
    for drug_class in _children_first(kb):
        if drug_class.parent:
            parent = links.setdefault(("drug_class", drug_class.parent), Links())
            _merge(parent, links.get(("drug_class", drug_class.id)))


def _merge(own: Links, other: Links | None) -> None:
    if other is None:
        return
    own.causes.extend(c for c in other.causes if c not in own.causes)
    own.red_flags.extend(f for f in other.red_flags if f not in own.red_flags)
    own.options.extend(link for link in other.options if link not in own.options)


def _children_first(kb: KnowledgeBase) -> list[DrugClass]:
    """Drug classes, deepest first, so a grandparent collects what its children collected from theirs."""

    def depth(drug_class: DrugClass) -> int:
        seen, level = drug_class, 0
        while seen.parent and seen.parent in kb.drug_classes and level < len(kb.drug_classes):
            seen, level = kb.drug_classes[seen.parent], level + 1
        return level

    return sorted(kb.drug_classes.values(), key=depth, reverse=True)


def links_of(kb: KnowledgeBase, family: str, rid: str) -> Links:
    return related(kb).get((family, rid), Links())


def medicine_links(kb: KnowledgeBase, inns: tuple[str, ...], classes: tuple[str, ...]) -> Links:
    """What names one medicine (its INNs and its classes, parents included): the causes, red flags and option
    rules or interactions that would act on it in a plan. Unlike a class's page, a rule naming another member's INN
    (suxamethonium among the neuromuscular blockers) is not counted."""
    own_inns = {inn.casefold() for inn in inns}
    own_classes = set(classes)

    def names_it(trigger: Trigger) -> bool:
        return trigger.drug_class in own_classes or (trigger.inn or "").casefold() in own_inns

    links = Links()
    links.causes.extend(c.id for c in kb.causes.values() if any(names_it(t) for t in triggers(c.rule)))
    links.red_flags.extend(f.id for f in kb.red_flags.values() if any(names_it(t) for t in triggers(f.rule)))
    for record in kb.interventions.values():
        for how in RULE_KINDS:
            for rule in getattr(record, how):
                if any(names_it(t) for t in triggers(rule)):
                    link = OptionLink(record.id, record.name, how, rule.reason, tuple(rule.sources), rule)
                    if link not in links.options:
                        links.options.append(link)
        for interaction in record.interactions:
            named = own_classes & set(interaction.with_classes) or own_inns & {
                i.casefold() for i in interaction.with_inns
            }
            if named:
                link = OptionLink(
                    record.id, record.name, "interactions", interaction.advice, tuple(interaction.sources)
                )
                if link not in links.options:
                    links.options.append(link)
    return links
