"""A record's rules and interactions, compiled to positions in the person's readings (index.Readings).

`triggers.match_rule` asks each trigger's matcher about the person, and the matchers write their phrases anew
each time; but a plan's readings already hold the phrases of every trigger that holds for the person (each
trigger worked out once per plan, issue 17). A rule compiled here to the positions of its triggers among the
index's probes is decided by looking those phrases up: the same verdict and the same phrases as `match_rule`,
because a trigger missing from the readings gives no phrases for the person (triggers.trigger_key).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from crampcare.assessment.triggers import without_repeats
from crampcare.knowledge.models import Intervention, Rule, Trigger
from crampcare.knowledge.vocab import Status

Phrases = tuple[str, ...]
NO_PHRASES: Phrases = ()


@dataclass(frozen=True, slots=True)
class ReadRule:
    """One rule by the probe positions of its triggers (see `triggers.match_rule` for what each part means)."""

    rule: Rule
    status: Status | None  # the status a contraindication, caution or not_for rule supports
    when: frozenset[int]  # its rule cannot match unless one of these holds
    when_order: tuple[int, ...]  # `when` in the rule's order (the phrases keep it)
    when_all: tuple[int, ...]
    groups: tuple[tuple[int, ...], ...]  # `and_one_of`, then each `when_each` group
    unless: tuple[int, ...]
    unless_any: tuple[int, ...]

    def phrases(self, held: Mapping[int, Phrases]) -> list[str]:
        """What `match_rule` gives for the person whose triggers that hold are `held` (probe → phrases)."""
        found = [p for probe in self.when_order for p in held.get(probe, NO_PHRASES)]
        if not found:
            return []
        for probe in self.when_all:
            also = held.get(probe)
            if not also:
                return []
            found.extend(also)
        for group in self.groups:  # one alternative of every group must hold too; each that holds is named
            in_group = [p for probe in group for p in held.get(probe, NO_PHRASES)]
            if not in_group:
                return []
            found.extend(in_group)
        found = without_repeats(found)
        return [] if self._switched_off(held) else found

    def _switched_off(self, held: Mapping[int, Phrases]) -> bool:
        """`unless_any`: one that holds; `unless`: every one holds."""
        if any(probe in held for probe in self.unless_any):
            return True
        return bool(self.unless) and all(probe in held for probe in self.unless)


@dataclass(frozen=True, slots=True)
class ReadInteraction:
    """An interaction by the positions of its INNs and classes among its record's interaction keys
    (index.OptionIndex.record_interactions), INNs first as `options._apply_interactions` names them."""

    inns_then_classes: tuple[int, ...]

    def phrases(self, per_key: tuple[Phrases, ...]) -> list[str]:
        return list(dict.fromkeys(p for key in self.inns_then_classes for p in per_key[key]))


@dataclass(frozen=True, slots=True)
class ReadRecord:
    """A record's rules in the order `options.evaluate` applies them, and its interactions."""

    discuss_when: tuple[ReadRule, ...]
    keyed: tuple[ReadRule, ...]  # contraindications, cautions, not_for
    use_only_when: tuple[ReadRule, ...]
    interactions: tuple[ReadInteraction, ...]


def compile_record(
    record: Intervention, probe_of: Mapping[str, int], interaction_keys: tuple[tuple[bool, str], ...]
) -> ReadRecord:
    """`probe_of`: each distinct trigger's position by its JSON (index._probes); `interaction_keys`: the record's
    (is it an INN, name) in the order of its readings' interaction phrases."""
    families: tuple[tuple[list[Rule], Status], ...] = (
        (record.contraindications, "avoid"),
        (record.cautions, "discuss_with_doctor"),
        (record.not_for, "not_recommended"),
    )
    key_pos = {key: pos for pos, key in enumerate(interaction_keys)}
    return ReadRecord(
        discuss_when=tuple(_compile_rule(rule, None, probe_of) for rule in record.discuss_when),
        keyed=tuple(_compile_rule(rule, status, probe_of) for rules_, status in families for rule in rules_),
        use_only_when=tuple(_compile_rule(rule, None, probe_of) for rule in record.use_only_when),
        interactions=tuple(
            ReadInteraction(
                inns_then_classes=(
                    *(key_pos[(True, inn)] for inn in inter.with_inns),
                    *(key_pos[(False, cls)] for cls in inter.with_classes),
                )
            )
            for inter in record.interactions
        ),
    )


def _compile_rule(rule: Rule, status: Status | None, probe_of: Mapping[str, int]) -> ReadRule:
    def at(triggers: Iterable[Trigger]) -> tuple[int, ...]:
        return tuple(probe_of[trigger.model_dump_json()] for trigger in triggers)

    groups = ([rule.and_one_of] if rule.and_one_of else []) + rule.when_each
    return ReadRule(
        rule=rule,
        status=status,
        when=frozenset(at(rule.when)),
        when_order=at(rule.when),
        when_all=at(rule.when_all),
        groups=tuple(at(group) for group in groups),
        unless=at(rule.unless),
        unless_any=at(rule.unless_any),
    )
