"""Every intervention of the knowledge base, marked for this person, with the reason for every mark.

The status starts at the record's `base_status` and only ever becomes stricter
(avoid > not_recommended > discuss_with_doctor > self_care); see docs in
notes/KB_PLAN.md "How the engine reads an intervention".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from crampcare.assessment import index as index_module
from crampcare.assessment.config import current_language, number, rules, texts
from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.index import (
    MEDICINE_POPULATIONS,
    BaseOptions,
    Builder,
    Entry,
    Fired,
    KeyedRule,
    OptionIndex,
    Readings,
    SortKey,
    allergy_names,
    base_option,
    bounded,
    evidence_for,
    is_medicinal,
    keyed_rules,
    option_index,
    readings,
    sort_key,
)
from crampcare.assessment.plan import Option, constructed
from crampcare.assessment.read_rules import Phrases, ReadRule
from crampcare.assessment.triggers import (
    class_phrases,
    describe,
    explain,
    inn_phrases,
    match_rule,
    medicine_words,
    stated_name,
)
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import Interaction, Intervention, RedFlag, Rule
from crampcare.knowledge.vocab import STATUS_SEVERITY, Status

NOTHING: tuple[()] = ()

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
        # The reasons for the final (strictest) status come first; ties keep the order they were found in
        # (a reversed sort is still stable).
        ordered = sorted(self.reasons, key=itemgetter(0), reverse=True)
        return list(dict.fromkeys([text for _, text in ordered]))


def _rule_text(phrases: list[str], rule: Rule) -> str:
    return explain(phrases, rule.reason) + (texts().because["unverified"] if rule.unverified else "")


def _apply_rules(
    facts: PersonFacts, kb: KnowledgeBase, mark: Marking, family_rules: tuple[KeyedRule, ...], indexed: bool = True
) -> None:
    for status, rule, keys in family_rules:
        if indexed and keys is not None and keys.isdisjoint(facts.keys):
            continue  # none of the facts this rule tests is present
        phrases = match_rule(rule, facts, kb, indexed=indexed)
        if phrases:
            mark.add(status, _rule_text(phrases, rule))


def _apply_use_only_when(
    record: Intervention, facts: PersonFacts, kb: KnowledgeBase, mark: Marking, indexed: bool = True
) -> None:
    if not record.use_only_when:
        return
    matched = [(rule, match_rule(rule, facts, kb, indexed=indexed)) for rule in record.use_only_when]
    hits = [(rule, phrases) for rule, phrases in matched if phrases]
    if hits:
        for rule, phrases in hits:
            mark.add(mark.status, _rule_text(phrases, rule))
        return
    _not_documented(record, kb, mark)


# The "only when …" reasons of a record by (id(record), language); they depend on the record, its knowledge base
# and the language only (record and knowledge base kept with them, so a recycled id is never trusted).
_NOT_DOCUMENTED: dict[tuple[int, str], tuple[Intervention, KnowledgeBase, tuple[str, ...]]] = {}


def _not_documented(record: Intervention, kb: KnowledgeBase, mark: Marking) -> None:
    key = (id(record), current_language())
    entry = _NOT_DOCUMENTED.get(key)
    if entry is None or entry[0] is not record or entry[1] is not kb:
        say, either = texts().option_reasons["only_when"], texts().because["or"]
        texts_ = tuple(
            say.format(conditions=either.join(describe(trigger, kb) for trigger in rule.when), reason=rule.reason)
            for rule in record.use_only_when
        )
        entry = _NOT_DOCUMENTED[key] = (record, kb, texts_)
    for text in entry[2]:
        mark.add("not_recommended", text)


def _apply_interactions(
    record: Intervention, facts: PersonFacts, kb: KnowledgeBase, mark: Marking, indexed: bool = True
) -> None:
    if indexed and not facts.drugs:
        return
    for inter in record.interactions:
        if indexed and facts.inns.isdisjoint(inter.with_inns) and facts.classes.isdisjoint(inter.with_classes):
            continue  # the person takes nothing this interaction is about
        phrases = [
            *(p for inn in inter.with_inns for p in inn_phrases(inn, facts)),
            *(p for cls in inter.with_classes for p in class_phrases(cls, facts, kb)),
        ]
        _add_interaction(record, inter, list(dict.fromkeys(phrases)), mark)


def _add_interaction(record: Intervention, inter: Interaction, phrases: list[str], mark: Marking) -> None:
    """The interaction's status and reason, or its warning (a minor one), for the person's medicines `phrases`."""
    if not phrases:
        return
    severity = texts().interaction_severity.get(inter.severity, inter.severity)
    text = explain(phrases, texts().option_reasons["interaction"].format(severity=severity, advice=inter.advice))
    text += texts().because["unverified"] if inter.unverified else ""
    status = INTERACTION_STATUS.get(inter.severity)
    if status is None:
        mark.warnings.append(
            texts()
            .warnings["minor_interaction"]
            .format(option=record.name, because=texts().because["and"].join(phrases), advice=inter.advice)
        )
    else:
        mark.add(status, text)


def _mentions_population(record: Intervention, population: str) -> bool:
    rule_lists = (record.contraindications, record.cautions, record.not_for, record.use_only_when)
    for rule in (rule for rules_ in rule_lists for rule in rules_):
        if any(t.population == population for t in (*rule.when, *rule.when_all, *rule.and_one_of)):
            return True
    # Evidence for the population counts only if something besides the seed article backs it: the article's own
    # "safe in pregnancy" is a claim to check, not a stated safe use (troxerutin gel).
    return any(
        pop.population == population and any(source != "article" for source in pop.sources)
        for pop in record.evidence.by_population
    )


def _apply_populations(record: Intervention, facts: PersonFacts, kb: KnowledgeBase, mark: Marking) -> None:
    if not is_medicinal(record):
        return
    say = texts().option_reasons
    if facts.is_child:
        if record.min_age_years is None:
            mark.add("discuss_with_doctor", say["child_no_safe_age"].format(age=number(facts.age)))
        elif facts.age < record.min_age_years:
            mark.add("avoid", say["below_safe_age"].format(age=number(facts.age), min_age=number(record.min_age_years)))
    spoken = _spoken_for(record)
    for population in ("pregnancy", "breastfeeding"):
        if population in facts.populations and population not in spoken:
            mark.add("discuss_with_doctor", _unstated(population, facts))
    # Liver disease is a population for every medicine too (issue 19): where no record rule names it, the person is
    # told that nothing is recorded, never left with a plain self-care.
    liver = LIVER_CONDITIONS & facts.conditions
    if liver and "liver" not in spoken:
        stated = [
            stated_name(cid, name, kb) for cid, name in facts.stated_conditions.items() if cid in LIVER_CONDITIONS
        ]
        given = ", ".join(stated) or say["liver_unnamed"]
        mark.add("discuss_with_doctor", say["liver"].format(given=given))


LIVER_CONDITIONS = frozenset({"liver_disease", "severe_liver_disease", "cirrhosis"})

# `_spoken_for` by id(record), the record kept with it: records never change, and a person with liver disease
# reaches every medicine, each of whose rules would otherwise be walked again for every such person.
_SPOKEN_FOR: dict[int, tuple[Intervention, frozenset[str]]] = {}


def _spoken_for(record: Intervention) -> frozenset[str]:
    """Which of "pregnancy", "breastfeeding" and "liver" (a liver condition) the record speaks to."""
    entry = _SPOKEN_FOR.get(id(record))
    if entry is None or entry[0] is not record:
        populations = [pop for pop in ("pregnancy", "breastfeeding") if _mentions_population(record, pop)]
        liver = ["liver"] if _mentions_conditions(record, LIVER_CONDITIONS) else []
        entry = _SPOKEN_FOR[id(record)] = (record, frozenset(populations + liver))
    return entry[1]


def _mentions_conditions(record: Intervention, conditions: frozenset[str]) -> bool:
    rule_lists = (record.contraindications, record.cautions, record.not_for, record.use_only_when)
    return any(
        t.condition in conditions
        for rules_ in rule_lists
        for rule in rules_
        for t in (*rule.when, *rule.when_all, *rule.and_one_of)
    )


def _unstated(population: str, facts: PersonFacts) -> str:
    say = texts().option_reasons
    if population == "pregnancy":
        return say["pregnancy"].format(weeks=facts.profile.pregnancy_weeks)
    return say["breastfeeding"]


def _apply_allergies(record: Intervention, facts: PersonFacts, mark: Marking) -> None:
    if not facts.allergies:
        return
    hits = sorted({facts.allergies[key] for key in allergy_names(record) if key in facts.allergies})
    for given in hits:
        mark.add("avoid", texts().option_reasons["allergy"].format(given=medicine_words(given)))


def red_flag_reason(flags: Sequence[RedFlag]) -> str | None:
    """The policy's reason when a red flag at a triggering level is present (rules.yaml red_flag_policy)."""
    levels = rules().red_flag_policy.levels
    titles = [flag.title for flag in flags if flag.level in levels]
    if not titles:
        return None
    return texts().reasons["red_flag_home_care"].format(flags="; ".join(dict.fromkeys(titles)))


def _apply_red_flag_policy(record: Intervention, mark: Marking, reason: str | None) -> None:
    # A home treatment would otherwise read as "do this now" while something needs checking first.
    if reason and mark.status == "self_care" and record.kind in rules().red_flag_policy.kinds:
        mark.add("discuss_with_doctor", reason)


def _start(record: Intervention, facts: PersonFacts, kb: KnowledgeBase, indexed: bool) -> Marking:
    """Where the status starts: the base status, or discuss_with_doctor when a `discuss_when` condition holds (a
    guideline names the product as a specialist-guided option there), that reason first."""
    hits = [(rule, match_rule(rule, facts, kb, indexed=indexed)) for rule in record.discuss_when]
    found = [(rule, phrases) for rule, phrases in hits if phrases]
    if not found:
        return Marking(status=record.base_status.status)
    mark = Marking(status="discuss_with_doctor")
    for rule, phrases in found:
        mark.add("discuss_with_doctor", _rule_text(phrases, rule))
    return mark


def evaluate(
    record: Intervention,
    facts: PersonFacts,
    kb: KnowledgeBase,
    policy: str | None = None,
    family_rules: tuple[KeyedRule, ...] | None = None,
    base_option: Option | None = None,
    *,
    indexed: bool = True,
) -> tuple[Option, list[str]]:
    """The full evaluation of one record for this person, and any warnings it raises (minor interactions).

    `family_rules` is the record's precompiled `index.keyed_rules` (computed here when not given);
    `base_option` its ready-made untouched option for the person's populations, returned when nothing changed.
    `indexed=False` skips no rule or interaction for want of a fact key (the unindexed reference path).
    """
    base = record.base_status
    mark = _start(record, facts, kb, indexed)
    mark.add(mark.status, base.reason)
    _apply_rules(facts, kb, mark, keyed_rules(record) if family_rules is None else family_rules, indexed)
    _apply_use_only_when(record, facts, kb, mark, indexed)
    _apply_interactions(record, facts, kb, mark, indexed)
    _apply_populations(record, facts, kb, mark)
    _apply_allergies(record, facts, mark)
    _apply_red_flag_policy(record, mark, policy)
    return _finished(record, facts, mark, base_option), mark.warnings


def _finished(record: Intervention, facts: PersonFacts, mark: Marking, base_option: Option | None) -> Option:
    if base_option is not None and len(mark.reasons) == 1 and not record.use_only_when:
        return base_option  # only the base reason: the same option as the untouched one
    # Values from the validated record and the marking (a Status, strings, the record's evidence model): made without
    # validating them again (options of new people are built on every plan).
    return constructed(
        Option,
        id=record.id,
        name=record.name,
        kind=record.kind,
        inn=record.inn,
        atc=record.atc.code if record.atc else None,
        status=mark.status,
        reasons=mark.sorted_reasons(),
        evidence=base_option.evidence if base_option is not None else evidence_for(record, facts.populations),
    )


def evaluate_read(
    pos: int, held: Fired, reads: Readings, facts: PersonFacts, kb: KnowledgeBase, policy: str | None, base: Option
) -> tuple[Option, list[str]]:
    """`evaluate` of the record at `pos` from the person's readings: its rules decided by the phrases of its
    triggers that hold (`held`, Readings.records) and its interactions by the phrases of the person's medicines,
    instead of asking every trigger's matcher again (see read_rules). The same option and warnings."""
    index = option_index(kb)
    record, program = index.records[pos], index.read_records[pos]
    phrases = dict(held)
    mark = _start_read(record, program.discuss_when, phrases)
    mark.add(mark.status, record.base_status.reason)
    if phrases:
        for rule in program.keyed:
            if not rule.when.isdisjoint(phrases):  # else none of its alternatives holds
                _add_read_rule(rule, rule.status or mark.status, phrases, mark)
    if record.use_only_when:
        _use_only_when_read(record, program.use_only_when, phrases, kb, mark)
    per_key = reads.record_interactions.get(pos)
    if per_key is not None:
        for inter, read in zip(record.interactions, program.interactions, strict=True):
            _add_interaction(record, inter, read.phrases(per_key), mark)
    if pos in index.medicinal:
        _apply_populations(record, facts, kb, mark)
    _apply_allergies(record, facts, mark)
    _apply_red_flag_policy(record, mark, policy)
    return _finished(record, facts, mark, base), mark.warnings


def _add_read_rule(rule: ReadRule, status: Status, held: dict[int, Phrases], mark: Marking) -> bool:
    """Mark `status` with the rule's reason if it matches; whether it did."""
    if rule.when.isdisjoint(held):
        return False  # none of its alternatives holds
    phrases = rule.phrases(held)
    if phrases:
        mark.add(status, _rule_text(phrases, rule.rule))
    return bool(phrases)


def _start_read(record: Intervention, discuss_when: tuple[ReadRule, ...], held: dict[int, Phrases]) -> Marking:
    """`_start` from the readings."""
    if discuss_when and held:
        mark = Marking(status="discuss_with_doctor")
        if any([_add_read_rule(rule, "discuss_with_doctor", held, mark) for rule in discuss_when]):
            return mark
    return Marking(status=record.base_status.status)


def _use_only_when_read(
    record: Intervention,
    use_only_when: tuple[ReadRule, ...],
    held: dict[int, Phrases],
    kb: KnowledgeBase,
    mark: Marking,
) -> None:
    """`_apply_use_only_when` from the readings."""
    found = [_add_read_rule(rule, mark.status, held, mark) for rule in use_only_when]
    if not any(found):
        _not_documented(record, kb, mark)


def untouched_option(kb: KnowledgeBase) -> Builder:
    """What `evaluate` gives for a record when none of the person's facts touches it (see `index`)."""

    def build(record: Intervention, populations: frozenset[str]) -> Option:
        option = base_option(record, populations)
        if not record.use_only_when:
            return option
        mark = Marking(status=record.base_status.status)
        mark.add(mark.status, record.base_status.reason)
        _not_documented(record, kb, mark)
        return option.model_copy(update={"status": mark.status, "reasons": mark.sorted_reasons()})

    return build


def mark_every(facts: PersonFacts, kb: KnowledgeBase, flags: Sequence[RedFlag] = ()) -> tuple[list[Option], list[str]]:
    """Every rule of every record evaluated, none skipped by the index and nothing shared between plans, in plan
    order: the reference that `mark_all` must agree with (engine.plan_for(indexed=False), tests)."""
    policy = red_flag_reason(flags)
    found = [evaluate(record, facts, kb, policy, indexed=False) for record in kb.interventions.values()]
    return sorted((option for option, _ in found), key=sort_key), [w for _, warnings in found for w in warnings]


def mark_all(facts: PersonFacts, kb: KnowledgeBase, flags: Sequence[RedFlag] = ()) -> tuple[list[Option], list[str]]:
    """Every intervention's option, in plan order, and the warnings they raise.

    Only the records the person's facts can change are evaluated (see `index`); the others are the
    ready-made base options, already in plan order.
    """
    index = option_index(kb)
    policy = red_flag_reason(flags)
    touched = index.touched(facts.keys, facts.allergies)
    contextual = index.contextual(facts.populations, policy is not None, touched)
    ready = index.base_options(facts.populations, untouched_option(kb))
    by_pos = ready.by_pos
    reads = _Reads(index, facts, kb, policy)
    # Knowledge-base order, so warnings keep the order of the knowledge base.
    positions = sorted(touched | contextual)
    entries = reads.entries(positions, contextual, by_pos)
    # Whoever gets the same entries (shared objects: see _Reads) over the same base options gets the same list; the
    # cached value keeps the entries and base alive, so their ids in the key are never recycled while it is kept.
    key = (id(ready), *map(id, entries))
    made = index.marked.get(key)
    if made is None:
        made = bounded(index.marked)[key] = (
            ready,
            entries,
            _ranked(ready, positions, entries),
            [warning for entry in entries for warning in entry[2]],
        )
    return list(made[2]), list(made[3])


def _ranked(ready: BaseOptions, positions: list[int], entries: tuple[Entry, ...]) -> list[Option]:
    """The options in plan order: the untouched options in their slots, each entry whose option is not its untouched
    one moved to the slot of its status (see BaseOptions; sort keys end with the option id, so no two are equal and
    the order is the full sort's)."""
    slots, by_pos, rank_of, base_rank = ready.slots.copy(), ready.by_pos, ready.rank_of, ready.base_rank
    for pos, (sort, option, _) in zip(positions, entries, strict=True):
        if option is not by_pos[pos]:
            slots[base_rank[pos]] = None
            slots[rank_of[sort]] = option
    return list(filter(None, slots))  # an option is never false


# The medicine context (see _Reads) that changes nothing: an adult, not pregnant or breastfeeding, no liver disease.
NO_MEDICINE_CONTEXT = (frozenset[str](), None, None, NOTHING, NOTHING)


class _Reads:
    """A record's option for one person, shared by everyone who gives the same readings (OptionIndex.evaluated_store):
    evaluate() makes its verdicts and texts from the phrases of the record's triggers and interactions
    (index.Readings), the allergies that name the record, the evidence variant of the person's populations and,
    for a medicine-like record, the populations the engine checks every medicine for (a child's age, the week of
    pregnancy, breastfeeding, a liver condition and its stated names), for a home treatment the red-flag policy
    text; from nothing else."""

    def __init__(self, index: OptionIndex, facts: PersonFacts, kb: KnowledgeBase, policy: str | None) -> None:
        self.index, self.facts, self.kb, self.policy = index, facts, kb, policy
        read = self.read = readings(index, facts, kb)
        self.fired, self.interactions = read.records, read.record_interactions
        liver = LIVER_CONDITIONS & facts.conditions
        self.variant = facts.populations & index.evidence_populations
        self.medicine_context = (
            facts.populations & MEDICINE_POPULATIONS,
            facts.age if facts.is_child else None,
            facts.profile.pregnancy_weeks if "pregnancy" in facts.populations else None,
            tuple(sorted(liver)),
            tuple((cid, name) for cid, name in facts.stated_conditions.items() if cid in liver),
        )

    def entries(
        self, positions: list[int], contextual: set[int], by_pos: dict[int, Option]
    ) -> tuple[tuple[SortKey, Option, list[str]], ...]:
        """The option entry of each position (in that order): a contextual record's from its context (_in_context),
        any other's by what its evaluation reads (see the class), evaluated only when no one gave the same."""
        index, facts, policy = self.index, self.facts, self.policy
        fired, interactions, variant = self.fired, self.interactions, self.variant
        policy_kinds, allergies, base_entries = index.policy_kinds, facts.allergies, index.base_entries
        # A medicine's evaluation reads the person's context; an adult's with none of its populations adds nothing.
        context = self.medicine_context
        medicinal = index.medicinal if context != NO_MEDICINE_CONTEXT else NO_POSITIONS
        store, limit = index.evaluated, index_module.EVALUATED_LIMIT
        in_context: dict[int, Entry] | None = None  # the options shared in the person's context
        found: list[tuple[SortKey, Option, list[str]]] = []
        for pos in positions:
            if pos in contextual:
                if in_context is None:
                    in_context = _context_store(index, facts, policy)
                entry = in_context.get(pos)
                if entry is None:
                    entry = in_context[pos] = _in_context(index, pos, facts, self.kb, policy, by_pos[pos])
                found.append(entry)
                continue
            named = (
                tuple(sorted({allergies[k] for k in allergy_names(index.records[pos]) if k in allergies}))
                if allergies
                else ()
            )
            held, read = fired.get(pos, NOTHING), interactions.get(pos, NOTHING)
            reached = context if pos in medicinal else None
            in_policy = policy if pos in policy_kinds else None
            if not (held or read or named or in_policy or reached):
                # Nothing about the person reaches the record (an age rule that does not hold, say): its
                # evaluation is the untouched option.
                found.append(base_entries[id(by_pos[pos])])
                continue
            key = (pos, held, read, variant, reached, in_policy, named)
            entry = store.newer.get(key) or store.get(key, limit)  # most are found in the newer half
            if entry is None:
                option, warnings = evaluate_read(pos, held, self.read, facts, self.kb, policy, by_pos[pos])
                entry = store.put(key, (sort_key(option), option, warnings), limit)
            found.append(entry)
        return tuple(found)


NO_POSITIONS = frozenset[int]()


def _context_store(index: OptionIndex, facts: PersonFacts, policy: str | None) -> dict[int, Entry]:
    """The options shared by everyone in the person's context (see _in_context), by position."""
    return index.context_store(
        (facts.populations, facts.age if facts.is_child else None, facts.profile.pregnancy_weeks, policy)
    )


def _in_context(
    index: OptionIndex, pos: int, facts: PersonFacts, kb: KnowledgeBase, policy: str | None, base: Option
) -> Entry:
    """The option of a record none of the person's own facts touches: what evaluate() gives in their context.

    evaluate() then reads only the populations, the age of a child and the week of pregnancy (quoted in the
    population texts) and the red-flag policy text, so the option is shared by everyone in the same context
    (_context_store).
    """
    option, found = evaluate(index.records[pos], facts, kb, policy, index.rules[pos], base)
    return (sort_key(option), option, found)
