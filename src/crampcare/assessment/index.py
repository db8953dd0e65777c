"""The interventions compiled once per knowledge base: which facts can change each option, and the options
that nothing about a person changes, ready-made.

Most of the ~80 options are the same for almost everyone: only a record whose rules test one of the
person's facts (a condition id, a drug class, an INN, a population, a symptom, a lab, a lifestyle flag…),
whose name the person is allergic to, or that has an age rule (`touched`) needs the full evaluation in
`options.evaluate` for each person. Medicines for children, pregnancy or breastfeeding and home treatments
under the red-flag policy (`contextual`) depend only on that context (populations, a child's age, the week of
pregnancy, the policy text): they are evaluated once per context and shared. Every other option is what the
evaluation gives when no fact touches the record (the base status, reason and evidence; for a
`use_only_when` record, "only when …, which is not documented for you"): built and validated once per
population variant, then shared by every plan (plans are read-only), its JSON kept for `plan_json`.

A touched record's option, a red flag's verdict and a cause's factor are also shared (issue 17): each is made
from the phrases its rules' triggers give for the person (`Readings`: every trigger whose fact key the person
has is tried once per plan, though the same trigger recurs in many rules) and, for an option, the person's
context and allergies. Whoever gives the same readings gets the same, already made, object; the stores are
bounded (EVALUATED_LIMIT). engine.plan_for(indexed=False) shares and skips nothing: the tests compare the two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import repeat
from typing import Generic, TypeVar

from crampcare.assessment.config import current_language, rules
from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.plan import EvidenceOut, Factor, FirstAidStep, Option, RedFlagHit, SpecialistHit
from crampcare.assessment.read_rules import ReadRecord, compile_record
from crampcare.assessment.triggers import MATCHERS, Matcher, class_phrases, field_of, inn_phrases, trigger_key
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import inn_components, normalise
from crampcare.knowledge.models import Cause, Intervention, RedFlag, Rule, Trigger
from crampcare.knowledge.vocab import GRADES, STATUS_SEVERITY, Status

# Populations for which the engine checks every medicine-like record (engine rule, options._apply_populations).
MEDICINE_POPULATIONS = frozenset({"child", "pregnancy", "breastfeeding"})

K = TypeVar("K")
V = TypeVar("V")
SortKey = tuple[int, int, str, str]
Entry = tuple[SortKey, Option, list[str]]
Builder = Callable[[Intervention, frozenset[str]], Option]
CONTEXTS_LIMIT = 4_096
# Options evaluated for a person's facts, kept by what the evaluation read (see OptionIndex.evaluated), and the
# readings of a fact key: with 4,096, new people evaluated ~8 options each, with 16,384 (in two halves, Kept) ~2;
# ~10 MB of a worker (an option built for a person is ~0.5 KB; issue 17 §4).
EVALUATED_LIMIT = 16_384
# The stores of plan parts made from a few facts (`bounded`): small, as a server sees new people all day and each
# kept part is memory (the web benchmark's worker RSS, issue 17 §4) and a longer pause when the store is emptied.
PARTS_LIMIT = 256
# Whom-to-see lists kept by what they read (engine._specialists): at 4,096 new people find theirs about half the
# time (in a store of 256 emptied when full: almost never); ~2 MB of a worker, as the hits in them are shared.
SPECIALISTS_LIMIT = 4_096
# People whose readings are kept the next time they are seen (index.readings): hashes only, ~0.3 MB.
PEOPLE_SEEN_LIMIT = 4_096
# Options built for people whose JSON plan_json keeps (each ~0.8 KB), those still in use kept (Kept): as many as
# `evaluated` keeps options, so a shared option is serialised about once while it is shared. With 4,096 emptied
# whole, ~11 options a new person's plan showed were serialised again (~9 with their JSON dropped while the
# option was still kept); now ~4 (issue 17 §2: plan_json ~15 µs less per new person, a worker ~8 MB more).
MADE_JSON_LIMIT = 16_384
# Keys of an option's JSON (see OptionIndex._keep_json and plan_json).
STATUS_KEY = b',"status":'
EVIDENCE_KEY = b',"evidence":'


# Every liver condition implies liver_disease (conditions.yaml), so this one key marks them all.
LIVER_KEY = "condition:liver_disease"


def is_medicinal(record: Intervention) -> bool:
    """A medicine, or a product a person swallows or puts on the skin (see rules.yaml product_kinds)."""
    engine_rules = rules()
    if record.kind in engine_rules.medicinal_kinds:
        return True
    return record.kind in engine_rules.product_kinds and record.route != "none"


def sort_key(option: Option) -> SortKey:
    """Self-care first, then discuss, not recommended, avoid; within each, the best evidence first, then name."""
    grade = GRADES.index(option.evidence.grade)
    return (STATUS_SEVERITY[option.status], grade, option.name.casefold(), option.id)


def evidence_for(record: Intervention, populations: Iterable[str]) -> EvidenceOut:
    """The record's evidence, or the population-specific evidence when the person belongs to that population."""
    found = set(populations)
    for pop in record.evidence.by_population:
        if pop.population in found:
            return EvidenceOut(grade=pop.grade, summary=pop.summary, sources=list(pop.sources))
    ev = record.evidence
    return EvidenceOut(grade=ev.grade, summary=ev.summary, sources=list(ev.sources))


# allergy_names by id(record), the record kept with them: normalising a dozen names per record per plan was a
# tenth of the engine's time for a person with an allergy, and records never change.
_ALLERGY_NAMES: dict[int, tuple[Intervention, frozenset[str]]] = {}


def allergy_names(record: Intervention) -> frozenset[str]:
    """Every normalised name an allergy may give for this record: id, name, aliases, INN and its parts, class."""
    entry = _ALLERGY_NAMES.get(id(record))
    if entry is not None and entry[0] is record:
        return entry[1]
    names = _allergy_names(record)
    _ALLERGY_NAMES[id(record)] = (record, names)
    return names


def _allergy_names(record: Intervention) -> frozenset[str]:
    names = {record.id, record.name, *record.aliases}
    if record.inn:
        names.update({record.inn, *inn_components(record.inn)})
    if record.drug_class:
        names.add(record.drug_class)
    return frozenset(normalise(name) for name in names)


def keys_of(rule: Rule) -> frozenset[str] | None:
    """The fact keys of a rule's `when` triggers (one must be present for it to match); None: always try it."""
    keys = [trigger_key(trigger) for trigger in rule.when]
    return None if None in keys else frozenset(key for key in keys if key is not None)


# A rule with the status it supports and the fact keys it needs (see keys_of).
KeyedRule = tuple[Status, Rule, frozenset[str] | None]


def keyed_rules(record: Intervention) -> tuple[KeyedRule, ...]:
    """The record's contraindications, cautions and not_for rules, in that order, each with its keys."""
    families: tuple[tuple[list[Rule], Status], ...] = (
        (record.contraindications, "avoid"),
        (record.cautions, "discuss_with_doctor"),
        (record.not_for, "not_recommended"),
    )
    return tuple((status, rule, keys_of(rule)) for rules_, status in families for rule in rules_)


def record_rules(record: Intervention) -> tuple[Rule, ...]:
    """Every rule of the record that tests the person's facts."""
    return (*record.contraindications, *record.cautions, *record.not_for, *record.use_only_when, *record.discuss_when)


def rule_keys(record: Intervention) -> frozenset[str] | None:
    """Every fact key a rule or interaction of the record tests; None if some rule must always be evaluated."""
    keys: set[str] = set()
    for rule in record_rules(record):
        for trigger in rule.when:
            key = trigger_key(trigger)
            if key is None:
                return None
            keys.add(key)
    for inter in record.interactions:
        keys.update(f"inn:{inn}" for inn in inter.with_inns)
        keys.update(f"drug_class:{cls}" for cls in inter.with_classes)
    return frozenset(keys)


def _rule_triggers(rule: Rule) -> Iterable[Trigger]:
    yield from rule.when
    yield from rule.when_all
    yield from rule.and_one_of
    for group in rule.when_each:
        yield from group
    yield from rule.unless
    yield from rule.unless_any


def _probes(
    rule_lists: Iterable[Iterable[Rule]],
) -> tuple[tuple[tuple[Matcher, Trigger], ...], tuple[tuple[int, ...], ...]]:
    """Every distinct trigger the rules test (equal triggers of different rules once), and for each item (a record,
    red flag or cause: its rules) the positions of its triggers in that list."""
    found: dict[str, int] = {}
    probes: list[tuple[Matcher, Trigger]] = []
    per_item = []
    for rules_ in rule_lists:
        mine: dict[int, None] = {}
        for rule in rules_:
            for trigger in _rule_triggers(rule):
                key = trigger.model_dump_json()
                if key not in found:
                    found[key] = len(probes)
                    probes.append((MATCHERS[field_of(trigger)], trigger))
                mine[found[key]] = None
        per_item.append(tuple(mine))
    return tuple(probes), tuple(per_item)


def _probe_keys(probes: tuple[tuple[Matcher, Trigger], ...]) -> Iterable[tuple[str, int]]:
    for pos, (_, trigger) in enumerate(probes):
        key = trigger_key(trigger)
        if key is not None:
            yield key, pos


def base_option(record: Intervention, populations: frozenset[str]) -> Option:
    """The record's base status, base reason and evidence for these populations."""
    return Option(
        id=record.id,
        name=record.name,
        kind=record.kind,
        inn=record.inn,
        atc=record.atc.code if record.atc else None,
        status=record.base_status.status,
        reasons=[record.base_status.reason],
        evidence=evidence_for(record, populations),
    )


@dataclass(frozen=True, slots=True)
class BaseOptions:
    """Every record's untouched option for one population variant, by position, and the places of plan order.

    An option's place in the plan follows from its record and status alone: its evidence grade is the variant's
    (an evaluated option keeps its untouched option's evidence) and its name and id are the record's. So every
    (record, status) has a rank among all of them, worked out once, and a person's plan is the untouched options
    in their slots with each changed option moved to the slot of its status (options._ranked), instead of each
    being placed by comparing sort keys."""

    by_pos: dict[int, Option]
    slots: list[Option | None]  # per rank, the untouched option that has it, else None
    rank_of: dict[SortKey, int]  # the rank of each (status, grade, name, id) the variant's options can have
    base_rank: tuple[int, ...]  # per position, the rank of its untouched option

    @classmethod
    def of(cls, by_pos: dict[int, Option]) -> BaseOptions:
        severities = set(STATUS_SEVERITY.values())
        order = sorted({(severity, *sort_key(option)[1:]) for option in by_pos.values() for severity in severities})
        rank_of = {key: rank for rank, key in enumerate(order)}
        slots: list[Option | None] = [None] * len(order)
        for option in by_pos.values():
            slots[rank_of[sort_key(option)]] = option
        return cls(by_pos, slots, rank_of, tuple(rank_of[sort_key(by_pos[pos])] for pos in range(len(by_pos))))


class Kept(Generic[K, V]):
    """A bounded store that keeps what is still in use: two halves, the newer taking every new entry; when it is
    full it becomes the older half (the older one is dropped), and an entry found in the older half moves to the
    newer. New people share a few thousand readings and options (their age's, a common medicine's) among many
    rare ones; emptying the whole store when full dropped those with the rest, and the plans after it made them
    all again (issue 17: 8 options evaluated per new person instead of 2)."""

    __slots__ = ("newer", "older")

    def __init__(self) -> None:
        self.newer: dict[K, V] = {}
        self.older: dict[K, V] = {}

    def __len__(self) -> int:
        return len(self.newer) + len(self.older)

    def get(self, key: K, limit: int) -> V | None:
        found = self.newer.get(key)
        if found is None:
            found = self.older.get(key)
            if found is not None:
                self.put(key, found, limit)  # still in use: kept when the older half goes
        return found

    def put(self, key: K, value: V, limit: int) -> V:
        """Keep `value` (at most `limit` entries in all), and return it."""
        if len(self.newer) >= max(1, limit // 2):
            self.older, self.newer = self.newer, {}
        self.newer[key] = value
        return value

    def clear(self) -> None:
        self.newer, self.older = {}, {}


@dataclass
class OptionIndex:
    """Positions (in knowledge-base order) of the records each fact can touch, and the ready-made options."""

    records: tuple[Intervention, ...]
    by_key: dict[str, frozenset[int]]
    by_allergy: dict[str, frozenset[int]]
    always: frozenset[int]
    medicinal: frozenset[int]
    policy_kinds: frozenset[int]
    evidence_populations: frozenset[str]
    first_aid: tuple[Intervention, ...]
    prevention: tuple[Intervention, ...]
    rules: tuple[tuple[KeyedRule, ...], ...]  # per record position
    red_flags: tuple[tuple[RedFlag, frozenset[str] | None], ...]
    causes: tuple[tuple[Cause, frozenset[str] | None], ...]
    # Every distinct trigger of the records' rules, and per record position the triggers its rules test and the
    # (is it an INN, name) its interactions test: what a record's evaluation reads of the person besides the
    # context (see `evaluated`).
    probes: tuple[tuple[Matcher, Trigger], ...]
    probes_by_key: dict[str, tuple[int, ...]]  # the triggers that need each fact key (triggers.trigger_key)
    always_probes: tuple[int, ...]  # the triggers every person must be tried on (age)
    record_probes: tuple[tuple[int, ...], ...]
    flag_probes: tuple[tuple[int, ...], ...]  # per red flag, in `red_flags` order
    unless_flags: tuple[int, ...]  # the red flags a fact can set aside (an `unless` and its sentence), in order
    cause_probes: tuple[tuple[int, ...], ...]  # per cause, in `causes` order
    record_interactions: tuple[tuple[tuple[bool, str], ...], ...]
    # The inverse maps: per trigger, the records, red flags and causes whose rules test it; per interaction key,
    # the records whose interactions name it. A person's few triggers that hold lead straight to what they reach.
    probe_records: tuple[tuple[int, ...], ...]
    probe_flags: tuple[tuple[int, ...], ...]
    probe_causes: tuple[tuple[int, ...], ...]
    interaction_records: dict[tuple[bool, str], tuple[int, ...]]
    # The fact keys some trigger needs (`probes_by_key`) or some record's interaction names: the only ones read.
    read_keys: frozenset[str]
    # Per record position, its rules and interactions by probe position: decided from the person's readings.
    read_records: tuple[ReadRecord, ...]
    _base: dict[frozenset[str], BaseOptions] = field(default_factory=dict)
    # The entry (options._Reads.entries) of each ready-made option, by id(): kept as long as the option (never dropped).
    base_entries: dict[int, Entry] = field(default_factory=dict)
    # Ordered first-aid steps by (record ids shown, muscle, setting, helper, falls reason); see engine._first_aid.
    first_aid_plans: dict[tuple[tuple[str, ...], str | None, str | None, bool, str | None], list[FirstAidStep]] = field(
        default_factory=dict
    )
    # The JSON of every ready-made option, by id() (the option is kept with it, so a recycled id is never
    # trusted): plans share these objects, so their JSON is spliced in instead of serialised again (plan_json).
    option_json: dict[int, tuple[Option, bytes]] = field(default_factory=dict)
    # By id() of a ready-made option's evidence (kept with it): the option id, its JSON up to the status value
    # and the JSON of the evidence. An option built for a person shares its record's evidence object, so
    # plan_json serialises only its status and reasons.
    option_parts: dict[int, tuple[EvidenceOut, str, bytes, bytes]] = field(default_factory=dict)
    # The JSON of options built for a person, by id() (kept with it): the stores above share them between plans,
    # so each is serialised once while it is kept here. At most MADE_JSON_LIMIT, those still in use kept (Kept).
    made_json: Kept[int, tuple[Option, bytes]] = field(default_factory=Kept)
    # Options of records that only the person's population context changes (see `contextual`), by context and
    # position: evaluated once per context (populations, a child's age, the week of pregnancy, the red-flag
    # policy text), then shared. At most CONTEXTS_LIMIT contexts are kept, then the store starts again.
    context_options: dict[tuple[object, ...], dict[int, tuple[SortKey, Option, list[str]]]] = field(
        default_factory=dict
    )
    # Options evaluated for a person, by everything that evaluation reads: the record's position, the phrases each
    # of its triggers and interactions gives for the person (the rules' verdicts and texts are made from those
    # alone), the person's context (populations, a child's age, the week of pregnancy, a liver condition and its
    # stated names, the red-flag policy text) and the allergies that name the record. People who share these get
    # the same option, evaluated once (plans are read-only). At most EVALUATED_LIMIT, those still in use kept (Kept).
    evaluated: Kept[tuple[object, ...], Entry] = field(default_factory=Kept)
    # A red flag's or cause's verdict by (position, the phrases of its rule's triggers): the reason texts and the
    # models the plan shows are made from those alone, so they are made once and shared. Bounded as `evaluated`.
    flag_hits: dict[tuple[object, ...], tuple[RedFlagHit, str] | None] = field(default_factory=dict)
    # Likewise the sentence saying why a red flag was set aside (triage.set_aside_flags), or None.
    set_aside_hits: dict[tuple[object, ...], str | None] = field(default_factory=dict)
    cause_hits: dict[tuple[object, ...], Factor | None] = field(default_factory=dict)
    # Parts of a plan made from a few facts of the person and shared by everyone with the same ones (engine.plan_for):
    # whom to see, the notes on medicines a cause names, the falls-risk sentence. Bounded as `evaluated`.
    # mark_all's option list and warnings by (id of the base options, ids of the person's own entries), with them.
    marked: dict[tuple[int, ...], tuple[BaseOptions, tuple[Entry, ...], list[Option], list[str]]] = field(
        default_factory=dict
    )
    # Whom to see by what it reads (engine._specialists), and each distinct hit those lists hold, kept once. Kept as
    # `evaluated` (SPECIALISTS_LIMIT): emptying a small store whole left new people missing it every time.
    specialists_made: Kept[tuple[object, ...], list[SpecialistHit]] = field(default_factory=Kept)
    specialist_hits: Kept[tuple[str, ...], SpecialistHit] = field(default_factory=Kept)
    notes_made: dict[tuple[object, ...], list[str]] = field(default_factory=dict)
    falls_made: dict[tuple[object, ...], str | None] = field(default_factory=dict)
    # Readings' parts: the (trigger, phrases) that hold for one fact key, and the key's interaction (its key in
    # Readings.interactions, its phrases), by (language, fact key, what its triggers read of the person:
    # `_reader`). Bounded as `evaluated`. (The items a set of triggers reaches were kept too, by those triggers and
    # their phrases, but a new person's set was found there 1 time in 200: worked out each time now, issue 17 §2.)
    key_readings: Kept[tuple[object, ...], tuple[Fired, tuple[tuple[bool, str], tuple[str, ...]] | None]] = field(
        default_factory=Kept
    )
    # Whole readings by the language, the age and every fact key with what it reads (index.readings), kept only for
    # people seen before (`people_seen`: the hashes of those keys, at most PEOPLE_SEEN_LIMIT). Bounded as `marked`.
    person_readings: dict[tuple[object, ...], Readings] = field(default_factory=dict)
    people_seen: set[int] = field(default_factory=set)

    def touched(self, keys: frozenset[str], allergies: Iterable[str]) -> set[int]:
        """The records the person's own facts (conditions, medicines, labs, allergies…) may change."""
        found = set(self.always)
        if LIVER_KEY in keys:  # liver disease reaches every medicine (options._apply_populations)
            found.update(self.medicinal)
        for key in keys:
            hit = self.by_key.get(key)
            if hit:
                found.update(hit)
        for name in allergies:
            hit = self.by_allergy.get(name)
            if hit:
                found.update(hit)
        return found

    def contextual(self, populations: frozenset[str], policy: bool, touched: set[int]) -> set[int]:
        """The other records the person's context changes: medicines for children, pregnancy or breastfeeding,
        home treatments under the red-flag policy. Nothing else about the person reaches them."""
        found: set[int] = set()
        if populations & MEDICINE_POPULATIONS:
            found.update(self.medicinal)
        if policy:
            found.update(self.policy_kinds)
        return found - touched

    def context_store(self, context: tuple[object, ...]) -> dict[int, tuple[SortKey, Option, list[str]]]:
        store = self.context_options.get(context)
        if store is None:
            if len(self.context_options) >= CONTEXTS_LIMIT:
                self.context_options.clear()
            store = self.context_options[context] = {}
        return store

    def flag_store(self) -> dict[tuple[object, ...], tuple[RedFlagHit, str] | None]:
        if len(self.flag_hits) >= EVALUATED_LIMIT:
            self.flag_hits.clear()
        return self.flag_hits

    def set_aside_store(self) -> dict[tuple[object, ...], str | None]:
        if len(self.set_aside_hits) >= EVALUATED_LIMIT:
            self.set_aside_hits.clear()
        return self.set_aside_hits

    def cause_store(self) -> dict[tuple[object, ...], Factor | None]:
        if len(self.cause_hits) >= EVALUATED_LIMIT:
            self.cause_hits.clear()
        return self.cause_hits

    def _keep_json(self, option: Option, data: bytes) -> None:
        self.option_json[id(option)] = (option, data)
        # Fields serialise in declaration order, evidence last; inside JSON strings every quote is escaped, so
        # these keys occur only as the option's own.
        prefix = data[: data.index(STATUS_KEY) + len(STATUS_KEY)]
        evidence = data[data.rindex(EVIDENCE_KEY) + len(EVIDENCE_KEY) : -1]
        self.option_parts[id(option.evidence)] = (option.evidence, option.id, prefix, evidence)

    def base_options(self, populations: frozenset[str], untouched: Builder) -> BaseOptions:
        """Every record's untouched option for people in these populations, by position and in plan order.

        `untouched(record, populations)` builds one (options.untouched_option); each variant is built once.
        """
        variant = populations & self.evidence_populations
        ready = self._base.get(variant)
        if ready is None:
            by_pos = {pos: untouched(record, variant) for pos, record in enumerate(self.records)}
            ready = BaseOptions.of(by_pos)
            for option in by_pos.values():
                self._keep_json(option, option.model_dump_json().encode())
                self.base_entries[id(option)] = (sort_key(option), option, [])
            self._base[variant] = ready
        return ready


def bounded(store: dict[K, V]) -> dict[K, V]:
    """`store`, emptied first when it holds PARTS_LIMIT entries."""
    return bounded_to(store, PARTS_LIMIT)


def bounded_to(store: dict[K, V], limit: int) -> dict[K, V]:
    """`store`, emptied first when it holds `limit` entries."""
    if len(store) >= limit:
        store.clear()
    return store


def _positions(pairs: Iterable[tuple[str, int]]) -> dict[str, frozenset[int]]:
    grouped: dict[str, set[int]] = {}
    for key, pos in pairs:
        grouped.setdefault(key, set()).add(pos)
    return {key: frozenset(found) for key, found in grouped.items()}


def build(kb: KnowledgeBase) -> OptionIndex:
    records = tuple(kb.interventions.values())
    keys = [rule_keys(record) for record in records]
    engine_rules = rules()
    flags, causes = tuple(kb.red_flags.values()), tuple(kb.causes.values())
    probes, item_probes = _probes(
        [
            *(record_rules(r) for r in records),
            *((flag.rule,) for flag in flags),
            *((cause.rule,) for cause in causes),
        ]
    )
    record_interactions = tuple(
        tuple(
            dict.fromkeys(
                [(True, inn) for inter in r.interactions for inn in inter.with_inns]
                + [(False, cls) for inter in r.interactions for cls in inter.with_classes]
            )
        )
        for r in records
    )
    probe_of = {trigger.model_dump_json(): pos for pos, (_, trigger) in enumerate(probes)}
    probes_by_key = {key: tuple(sorted(found)) for key, found in _positions(_probe_keys(probes)).items()}
    interaction_records = {
        key: tuple(sorted(found))
        for key, found in _grouped((k, pos) for pos, keys in enumerate(record_interactions) for k in keys).items()
    }
    return OptionIndex(
        records=records,
        by_key=_positions((key, pos) for pos, found in enumerate(keys) for key in (found or ())),
        by_allergy=_positions((name, pos) for pos, record in enumerate(records) for name in allergy_names(record)),
        always=frozenset(pos for pos, found in enumerate(keys) if found is None),
        medicinal=frozenset(pos for pos, r in enumerate(records) if is_medicinal(r)),
        policy_kinds=frozenset(pos for pos, r in enumerate(records) if r.kind in engine_rules.red_flag_policy.kinds),
        evidence_populations=frozenset(pop.population for r in records for pop in r.evidence.by_population),
        first_aid=tuple(r for r in records if r.kind == "first_aid"),
        prevention=tuple(r for r in records if r.kind == "prevention"),
        rules=tuple(keyed_rules(record) for record in records),
        red_flags=tuple((flag, keys_of(flag.rule)) for flag in flags),
        causes=tuple((cause, keys_of(cause.rule)) for cause in causes),
        probes=probes,
        probes_by_key=probes_by_key,
        always_probes=tuple(pos for pos, (_, trigger) in enumerate(probes) if trigger_key(trigger) is None),
        record_probes=item_probes[: len(records)],
        flag_probes=item_probes[len(records) : len(records) + len(flags)],
        unless_flags=tuple(
            pos
            for pos, flag in enumerate(flags)
            if (flag.rule.unless or flag.rule.unless_any) and flag.rule.unless_reason
        ),
        cause_probes=item_probes[len(records) + len(flags) :],
        record_interactions=record_interactions,
        probe_records=_inverse(item_probes[: len(records)], len(probes)),
        probe_flags=_inverse(item_probes[len(records) : len(records) + len(flags)], len(probes)),
        probe_causes=_inverse(item_probes[len(records) + len(flags) :], len(probes)),
        interaction_records=interaction_records,
        read_keys=frozenset(
            [*probes_by_key, *(f"{'inn' if is_inn else 'drug_class'}:{name}" for is_inn, name in interaction_records)]
        ),
        read_records=tuple(
            compile_record(r, probe_of, keys) for r, keys in zip(records, record_interactions, strict=True)
        ),
    )


def _inverse(item_probes: tuple[tuple[int, ...], ...], count: int) -> tuple[tuple[int, ...], ...]:
    """Per trigger position, the items (in order) whose rules test it."""
    found: list[list[int]] = [[] for _ in range(count)]
    for pos, probes in enumerate(item_probes):
        for probe in probes:
            found[probe].append(pos)
    return tuple(tuple(items) for items in found)


def _grouped(pairs: Iterable[tuple[tuple[bool, str], int]]) -> dict[tuple[bool, str], set[int]]:
    grouped: dict[tuple[bool, str], set[int]] = {}
    for key, pos in pairs:
        grouped.setdefault(key, set()).add(pos)
    return grouped


# One index per knowledge base object (kept with it, so a recycled id() is never trusted).
_INDEXES: dict[int, tuple[KnowledgeBase, str, OptionIndex]] = {}


def option_index(kb: KnowledgeBase) -> OptionIndex:
    """The index of this knowledge base, built on first use and again only if its version changes."""
    entry = _INDEXES.get(id(kb))
    if entry is None or entry[0] is not kb or entry[1] != kb.version:
        entry = (kb, kb.version, build(kb))
        _INDEXES[id(kb)] = entry
    return entry[2]


NO_PHRASES: tuple[str, ...] = ()


Fired = tuple[tuple[int, tuple[str, ...]], ...]


class Readings:
    """What the rules can read of one person: the phrases of every trigger whose fact key the person has (and of
    the age triggers every person is tried on), each worked out once per plan though the same trigger recurs in
    many rules, and the phrases of the person's INNs and drug classes for interactions. A trigger or interaction
    missing here gives no phrases for this person (a trigger needs its fact key: triggers.trigger_key).

    Per record, red flag and cause (`records`, `flags`, `causes`, by position) the (trigger, phrases) of its
    triggers that hold, in trigger order, and per record (`record_interactions`) the phrases of each of its
    interactions when one of them names the person's medicines: with the item's position, everything its verdict
    and texts are made from. An item absent there has none (a red flag's or cause's rule then cannot match: a rule
    needs one of its triggers to hold). Built from the few triggers that hold, not by asking every item about
    every trigger."""

    __slots__ = ("causes", "fired", "flags", "interactions", "record_interactions", "records")

    def __init__(
        self, index: OptionIndex, facts: PersonFacts, kb: KnowledgeBase, reads: tuple[tuple[str, object], ...]
    ) -> None:
        """`reads`: each of the person's fact keys with what its triggers read of them (`_reader`)."""
        lang = current_language()
        store = index.key_readings
        newer = store.newer  # most keys are found here: looked up directly, without the method call
        pairs: list[tuple[int, tuple[str, ...]]] = []
        interactions: dict[tuple[bool, str], tuple[str, ...]] = {}
        for key, read in reads:
            if read is UNSHARED:  # a key no rule of `_reader` covers: read directly
                pairs.extend(_key_pairs(index, key, facts, kb))
                continue
            cache_key = (lang, key, read)
            entry = newer.get(cache_key)
            if entry is None:
                entry = store.get(cache_key, EVALUATED_LIMIT)
                if entry is None:
                    entry = store.put(cache_key, _key_reading(index, key, facts, kb), EVALUATED_LIMIT)
                newer = store.newer  # (either may have turned the halves over)
            pairs.extend(entry[0])
            if entry[1] is not None:
                interactions[entry[1][0]] = entry[1][1]
        # No fact key (the age triggers): never one of the keyed triggers above; they read the age alone.
        age_key = (lang, "age", repr(facts.age))
        entry = store.get(age_key, EVALUATED_LIMIT)
        if entry is None:
            entry = store.put(age_key, (_probe_pairs(index, index.always_probes, facts, kb), None), EVALUATED_LIMIT)
        pairs.extend(entry[0])
        pairs.sort()
        self.fired: Fired = tuple(pairs)
        self.records = _spread(self.fired, index.probe_records)
        self.flags = _spread(self.fired, index.probe_flags)
        self.causes = _spread(self.fired, index.probe_causes)
        self.interactions = interactions
        reached: set[int] = set()
        for ikey, iphrases in self.interactions.items():
            if iphrases:
                reached.update(index.interaction_records.get(ikey, NO_PROBES))
        # A record none of whose interactions names the person's medicines has none here (all would be empty).
        self.record_interactions: dict[int, tuple[tuple[str, ...], ...]] = {
            pos: self.of_interactions(index.record_interactions[pos]) for pos in reached
        }

    def of(self, probes: tuple[int, ...]) -> tuple[tuple[str, ...], ...]:
        """The phrases of these triggers for the person (empty for those that do not hold)."""
        return tuple(map(dict(self.fired).get, probes, repeat(NO_PHRASES)))

    def of_interactions(self, probes: tuple[tuple[bool, str], ...]) -> tuple[tuple[str, ...], ...]:
        return tuple(map(self.interactions.get, probes, repeat(NO_PHRASES)))


NO_PROBES: tuple[int, ...] = ()


# What `_reader` gives for the keys whose triggers are read directly each time.
UNSHARED = object()

Reader = Callable[[PersonFacts], object]
# `_reader` by fact key. The keys are the knowledge base's and the profile's vocabulary (condition ids, INNs, drug
# classes, lab and vital names…): a few hundred, so the limit is only a guard.
_READERS: dict[str, Reader] = {}
READERS_LIMIT = 4_096


def _reader(key: str) -> Reader:
    """What the triggers keyed by `key` (and, for a medicine's key, its interaction phrases) read of the person
    besides the key itself (see the matchers in `triggers`): people who give the same get the same phrases.
    Numbers by repr, so 55 and 55.0 (written differently) never share.

    Made once per key, its kind and value split once: a new person has a dozen keys, and splitting each and
    walking the kinds anew for every plan was a third of working out their readings (issue 17 §2)."""
    kind, _, value = key.partition(":")
    if kind == "lab":
        return lambda facts: (repr(facts.labs[value]), facts.profile.sex)
    if kind == "drug_class":
        return lambda facts: tuple([drug.name for drug in facts.drugs if value in drug.classes])
    if kind == "inn":
        return lambda facts: tuple([drug.name for drug in facts.drugs if value in drug.inns])
    if kind == "condition":
        return lambda facts: tuple(facts.stated_conditions.items())
    if kind == "population":
        return lambda facts: (repr(facts.age), facts.profile.pregnancy_weeks)
    if kind in ("symptom", "episode_setting", "pattern"):
        return lambda facts: ()  # the key says all its triggers read
    if kind == "lifestyle":
        return lambda facts: _lifestyle_read(value, facts)
    if kind == "episode" and value == "duration":
        return lambda facts: (
            repr(facts.profile.episode.duration_minutes) if facts.profile.episode is not None else UNSHARED
        )
    if kind == "vital":
        return lambda facts: repr(getattr(facts.profile.vitals, value))
    return lambda facts: UNSHARED


def _lifestyle_read(flag: str, facts: PersonFacts) -> object:
    """The value a lifestyle flag's threshold compares, quoted in the phrase."""
    threshold = rules().lifestyle_thresholds.get(flag)  # type: ignore[call-overload]
    life = facts.profile.lifestyle
    return repr(getattr(life, threshold.field)) if threshold is not None and life is not None else ()


def _reads(index: OptionIndex, facts: PersonFacts) -> tuple[tuple[str, object], ...]:
    """Each of the person's fact keys that some trigger or interaction tests (`read_keys`), in order, with what it
    reads (`_reader`); what every condition key reads (the stated names) made once for them all. A key nothing
    tests (the INN of a medicine no record's interaction names, say) gives no phrases: a fifth of a new person's
    keys, no longer read nor looked up."""
    conditions: object = None
    found: list[tuple[str, object]] = []
    readers, tested = _READERS, index.read_keys
    for key in sorted(facts.keys & tested):
        if key.startswith("condition:"):
            if conditions is None:
                conditions = tuple(facts.stated_conditions.items())
            found.append((key, conditions))
            continue
        reader = readers.get(key)
        if reader is None:
            reader = bounded_to(readers, READERS_LIMIT)[key] = _reader(key)
        found.append((key, reader(facts)))
    return tuple(found)


def _probe_pairs(
    index: OptionIndex, probes: Iterable[int], facts: PersonFacts, kb: KnowledgeBase
) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The (trigger, phrases) of these triggers that hold for the person."""
    found = []
    for probe in probes:
        matcher, trigger = index.probes[probe]
        phrases = matcher(trigger, facts, kb)
        if phrases:
            found.append((probe, tuple(phrases)))
    return tuple(found)


def _key_pairs(
    index: OptionIndex, key: str, facts: PersonFacts, kb: KnowledgeBase
) -> tuple[tuple[int, tuple[str, ...]], ...]:
    return _probe_pairs(index, index.probes_by_key.get(key, NO_PROBES), facts, kb)


def _key_reading(
    index: OptionIndex, key: str, facts: PersonFacts, kb: KnowledgeBase
) -> tuple[Fired, tuple[tuple[bool, str], tuple[str, ...]] | None]:
    """The (trigger, phrases) of a fact key's triggers that hold, and for a medicine's key ("inn:…",
    "drug_class:…") its key among the interactions (is it an INN, the name) with its phrases."""
    kind, _, value = key.partition(":")
    if kind == "inn":
        return _key_pairs(index, key, facts, kb), ((True, value), tuple(inn_phrases(value, facts)))
    if kind == "drug_class":
        return _key_pairs(index, key, facts, kb), ((False, value), tuple(class_phrases(value, facts, kb)))
    return _key_pairs(index, key, facts, kb), None


def _spread(fired: Fired, items_of: tuple[tuple[int, ...], ...]) -> dict[int, Fired]:
    """Item position → the (trigger, phrases) of its triggers that hold, in trigger order. Built as tuples at once:
    nearly every item is reached by one trigger (its tuple shared by the items that trigger reaches), and lists
    turned into tuples afterwards cost half the work."""
    found: dict[int, Fired] = {}
    for pair in fired:
        alone: Fired | None = None
        for pos in items_of[pair[0]]:
            hit = found.get(pos)
            if hit is None:
                if alone is None:
                    alone = (pair,)
                found[pos] = alone
            else:
                found[pos] = (*hit, pair)
    return found


# The last person's readings (the facts object kept with them): red flags, options and causes of one plan read
# the same triggers.
_last_readings: tuple[PersonFacts, OptionIndex, Readings] | None = None


def readings(index: OptionIndex, facts: PersonFacts, kb: KnowledgeBase) -> Readings:
    """The person's readings, worked out once for a plan (kept for the last facts object only; one read of the
    global, so another thread's plan can at worst make this one work them out again)."""
    global _last_readings
    last = _last_readings
    if last is not None and last[0] is facts and last[1] is index:
        return last[2]
    reads = _reads(index, facts)
    # Everyone who gives the same for every key (and the same age, read by the age triggers) gets the same readings:
    # kept from the second time they are seen. Keeping every new person's (~200 objects each, for the next 256
    # people) cost new people ~20 µs a plan (the collector walking them, memory no longer reused at once) though
    # almost none came back; someone assessed again, as the same profile often is, still finds theirs (issue 17 §2).
    person = (current_language(), repr(facts.age), reads)
    seen = hash(person)
    found = index.person_readings.get(person) if seen in index.people_seen else None
    if found is None:
        found = Readings(index, facts, kb, reads)
        if all(read is not UNSHARED for _, read in reads):
            if seen in index.people_seen:
                bounded(index.person_readings)[person] = found
            else:
                if len(index.people_seen) >= PEOPLE_SEEN_LIMIT:
                    index.people_seen.clear()
                index.people_seen.add(seen)
    _last_readings = (facts, index, found)
    return found
