"""Resolve what a person types (a brand, an INN, a synonym, a typo) to knowledge-base records.

Names are compared after `normalise`: case-folded, with spaces, hyphens,
apostrophes and other punctuation removed, so "No-shpa", "no shpa" and
"Noshpa" are one name, as are "brewer's yeast" and "brewers yeast". The
indexes are built once per knowledge base and reused.

`resolve_drug` answers "what is this medicine, pharmacologically?" for the
assessment engine: its INNs, every drug class it belongs to (with the parent
classes) and the intervention record, if there is one. When the knowledge base
does not know a brand, the offline `drug_named_entity_recognition` package maps
it to a generic and the lookup is retried; if that fails too, `None` tells the
engine to warn that the drug could not be checked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from crampcare.errors import UnknownNameError
from crampcare.i18n import N_, _
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import Condition, Intervention

NameKind = Literal["intervention", "condition", "drug"]
NAME_KINDS: tuple[str, ...] = ("intervention", "condition", "drug")

MAX_SUGGESTIONS = 3
# WRatio score (0-100) below which a name is too far off to suggest; "Mydokalm" → "Mydocalm" scores ~88.
SUGGESTION_CUTOFF = 75.0

# A condition name is "very probably a misspelling" of a known one when it is this many edits (insertions,
# deletions, substitutions, swaps of neighbours) away: 1 from 4 letters, 2 from 12 (letters and digits only).
# Measured on 50 real typos of known conditions and 57 real conditions crampcare does not know
# (tests/knowledge/condition_typos.yaml): every typo is 1 edit away except "periferal neuropathy" (2, 19 letters);
# the nearest unrelated names are HIV (2 edits, 3 letters), "arthritis" → arthrosis (2, 9 letters) and,
# at 3 edits, sarcoidosis → acidosis, hypoglycaemia → hypocalcaemia, lymphoedema → lymphoma.
MISSPELLING_EDITS = ((12, 2), (4, 1))  # (at least this many letters, at most this many edits), longest first

_NOT_ALNUM = re.compile(r"[\W_]+")
# Dose and pack-size words people append to a brand ("Lasix 40 mg", "Мидокалм 150 мг"); they do not name the drug.
_UNITS = r"mg|mcg|µg|g|ml|iu|%|мг|мкг|г|мл|ме"
_DOSE_TOKEN = re.compile(
    rf"^\d+([.,]\d+)?({_UNITS})?$|^({_UNITS}|tablets?|caps(ules)?|units?|таб|табл|таблетки?|капс|капсулы?|шт|ед)$"
)
# Release forms and strengths written after a brand ("Панангин форте", "Arifon retard"): tried only when the
# whole name is unknown, so a brand whose listed name includes the word still matches as listed.
_FORM_WORDS = frozenset({"forte", "форте", "retard", "ретард", "long", "лонг", "sr", "mr", "xl", "cr", "мв"})
_CYRILLIC = re.compile(r"[а-яё]")
# Latin letters that look like Cyrillic ones: "Магне B6" is often typed with a Latin B. Folded only in a name
# that already holds Cyrillic letters, so English names keep their own letters.
_LOOK_ALIKE = str.maketrans("abcehkmoptxy", "авсенкмортху")
# "Heart rhythm disorder (arrhythmia)": a name's closing bracket holds another name people type on its own.
_TRAILING_ALIAS = re.compile(r"^(?P<head>.*?)\s*\((?P<alias>[^(),]+)\)\s*$")


@lru_cache(maxsize=8192)
def normalise(name: str) -> str:
    """The comparison key of a name: case-folded letters and digits only ("No-shpa" → "noshpa"); in a Cyrillic
    name, Latin look-alike letters become Cyrillic and ё becomes е ("Магне B6" = "Магне В6").

    Cached (a plan normalises the same few dozen names again and again; the function is pure)."""
    folded = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    if _CYRILLIC.search(folded):
        folded = folded.translate(_LOOK_ALIKE)
    return _NOT_ALNUM.sub("", folded)


def without_dose(name: str) -> str:
    """`name` without the dose, pack size or release form written after it ("ramipril 5 mg" → "ramipril");
    the name itself when nothing is left."""
    tokens = name.split()
    while len(tokens) > 1 and (_DOSE_TOKEN.match(tokens[-1].casefold()) or tokens[-1].casefold() in _FORM_WORDS):
        tokens.pop()
    if not tokens or _DOSE_TOKEN.match(tokens[0].casefold()):  # only a dose was typed: no name to keep
        return name
    return " ".join(tokens)


def inn_components(inn: str) -> tuple[str, ...]:
    """The INNs of a combination written "a + b"; a single INN is its own only component."""
    return tuple(part.strip() for part in inn.split("+") if part.strip())


@dataclass(frozen=True)
class ResolvedDrug:
    """A medicine a person takes, as the engine needs it.

    `name` is the name as given (trimmed); `inns` are single INNs (a combination
    yields each component); `classes` are drug-class ids including every parent
    class; `intervention_id` names the intervention record when there is one.
    """

    name: str
    inns: tuple[str, ...]
    classes: tuple[str, ...]
    intervention_id: str | None


# --- indexes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Index:
    interventions: dict[str, str]  # normalised id/name/alias/INN → intervention id
    conditions: dict[str, str]  # normalised id/name/synonym → condition id
    member_inns: dict[str, frozenset[str]]  # normalised INN or brand of a class member → its INN(s)
    inn_classes: dict[str, frozenset[str]]  # normalised INN → ids of the classes listing it (not parents)
    class_names: dict[str, str]  # normalised class id/name → class id
    inn_intervention: dict[str, str]  # normalised full INN → intervention id
    choices: dict[str, tuple[str, ...]]  # kind → display names offered as suggestions
    # resolve_drug's answers by the name as given: people name the same few hundred medicines again and again.
    resolved: dict[str, ResolvedDrug | None] = field(default_factory=dict)


RESOLVED_LIMIT = 20_000  # names kept per knowledge base; then the store starts again (bounded memory)


# Keyed by id(kb); the stored kb is compared by identity so a recycled id never returns stale data.
_INDEXES: dict[int, tuple[KnowledgeBase, _Index]] = {}
_MAX_CACHED = 8


def _index(kb: KnowledgeBase) -> _Index:
    entry = _INDEXES.get(id(kb))
    if entry is not None and entry[0] is kb:
        return entry[1]
    built = _build_index(kb)
    if len(_INDEXES) >= _MAX_CACHED:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[id(kb)] = (kb, built)
    return built


def _intervention_names(record: Intervention) -> Iterator[tuple[int, str]]:
    """(priority, name) pairs; a lower priority wins when two records share a name."""
    yield 0, record.id
    yield 1, record.name
    for alias in record.aliases:
        yield 2, alias
    if record.inn:
        yield 3, record.inn


def _first_wins(pairs: Iterable[tuple[int, str, str]]) -> dict[str, str]:
    """Map normalised name → target, the lowest priority (then the first seen) winning."""
    out: dict[str, str] = {}
    for _priority, name, target in sorted(pairs, key=lambda item: item[0]):
        key = normalise(name)
        if key:
            out.setdefault(key, target)
    return out


def _build_index(kb: KnowledgeBase) -> _Index:
    interventions = _first_wins(
        (prio, name, record.id) for record in kb.interventions.values() for prio, name in _intervention_names(record)
    )
    conditions = _first_wins(
        [
            *((prio, name, cond.id) for cond in kb.conditions.values() for prio, name in _condition_names(cond)),
            *((4, name, cid) for local in kb.local_names.values() for name, cid in local.conditions.items()),
        ]
    )
    member_inns: dict[str, set[str]] = {}
    inn_classes: dict[str, set[str]] = {}
    for cls in kb.drug_classes.values():
        for member in cls.members:
            inn_classes.setdefault(normalise(member.inn), set()).add(cls.id)
            for name in (member.inn, *member.brands):
                member_inns.setdefault(normalise(name), set()).add(member.inn)
    for local in kb.local_names.values():  # «аторвастатин» is atorvastatin, with all its classes
        for name, inn in local.drugs.items():
            member_inns.setdefault(normalise(name), set()).add(inn)
    class_names = _first_wins(
        (prio, name, cls.id)
        for cls in kb.drug_classes.values()
        for prio, name in [(0, cls.id), (1, cls.name), *((2, synonym) for synonym in cls.synonyms)]
    )
    inn_intervention = _first_wins((0, r.inn, r.id) for r in kb.interventions.values() if r.inn)
    return _Index(
        interventions=interventions,
        conditions=conditions,
        member_inns={key: frozenset(value) for key, value in member_inns.items()},
        inn_classes={key: frozenset(value) for key, value in inn_classes.items()},
        class_names=class_names,
        inn_intervention=inn_intervention,
        choices=_choices(kb),
    )


def _condition_names(cond: Condition) -> Iterator[tuple[int, str]]:
    """(priority, name) pairs of a condition: id, name, synonyms, then the two halves of "Name (alias)"."""
    yield 0, cond.id
    yield 1, cond.name
    for synonym in cond.synonyms:
        yield 2, synonym
    for name in (cond.name, *cond.synonyms):
        found = _TRAILING_ALIAS.match(name)
        if found:
            yield 3, found["head"]
            yield 3, found["alias"]


def _choices(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    # Ids are not offered: a person types names, and an id repeats its record's name.
    interventions = [n for r in kb.interventions.values() for prio, n in _intervention_names(r) if prio != 0]
    conditions = [n for c in kb.conditions.values() for prio, n in _condition_names(c) if prio != 0]
    conditions += [n for local in kb.local_names.values() for n in local.conditions]
    members = [n for cls in kb.drug_classes.values() for m in cls.members for n in (m.inn, *m.brands)]
    members += [n for cls in kb.drug_classes.values() for n in cls.synonyms]
    members += [n for local in kb.local_names.values() for n in local.drugs]
    # For typo checks the ids count too, in words ("diabetes", "obesity"): a person may type exactly those.
    spellings = [*(c.id.replace("_", " ") for c in kb.conditions.values()), *conditions]
    return {
        "intervention": tuple(dict.fromkeys(interventions)),
        "condition": tuple(dict.fromkeys(conditions)),
        "condition_spelling": tuple(dict.fromkeys(spellings)),
        "drug": tuple(dict.fromkeys([*interventions, *members])),
    }


# --- public API --------------------------------------------------------------------------


def suggest(kb: KnowledgeBase, kind: str, name: str) -> list[str]:
    """Up to three known names close to `name` ("Mydokalm" → ["Mydocalm", …]), best first."""
    if kind not in NAME_KINDS:
        raise ValueError(f"kind must be one of {', '.join(NAME_KINDS)}, not {kind!r}")
    choices = _index(kb).choices[kind]
    if not normalise(name) or not choices:
        return []
    found = process.extract(
        name,
        choices,
        scorer=fuzz.WRatio,
        processor=normalise,
        limit=MAX_SUGGESTIONS * 3,
        score_cutoff=SUGGESTION_CUTOFF,
    )
    # Several spellings of one record may match; offer distinct names only.
    out: list[str] = []
    for choice, _score, _pos in found:
        if choice not in out:
            out.append(choice)
    return out[:MAX_SUGGESTIONS]


def find_intervention(kb: KnowledgeBase, name: str) -> Intervention | None:
    """The intervention `name` names (id, name, alias or full INN), or None."""
    rid = _index(kb).interventions.get(normalise(name))
    return kb.interventions[rid] if rid else None


def resolve_intervention(kb: KnowledgeBase, name: str) -> Intervention:
    """The intervention named by its id, name, an alias or its INN; UnknownNameError otherwise.

    One component of a combination INN ("pyridoxine" of "magnesium + pyridoxine")
    does not name the combination: that would be a guess.
    """
    record = find_intervention(kb, name)
    if record is None:
        raise UnknownNameError("intervention", name, suggest(kb, "intervention", name))
    return record


def find_condition(kb: KnowledgeBase, name: str) -> Condition | None:
    """The condition named by its id, name, a synonym or the bracketed part of its name, or None."""
    cid = _index(kb).conditions.get(normalise(name))
    return kb.conditions[cid] if cid else None


def misspelt_condition(kb: KnowledgeBase, name: str) -> list[str]:
    """Known condition names that `name` very probably misspells (see MISSPELLING_EDITS), closest first.

    Empty for a name that is simply not known ("sarcoidosis" is not a typo of "acidosis"): the caller goes on
    without it and says so, while a likely typo stops, because going on would silently ignore a condition the
    rules cover."""
    key = normalise(name)
    allowed = next((edits for letters, edits in MISSPELLING_EDITS if len(key) >= letters), 0)
    if not allowed:
        return []
    choices = _index(kb).choices["condition_spelling"]
    found = process.extract(
        key, choices, scorer=OSA.distance, processor=normalise, score_cutoff=allowed, limit=MAX_SUGGESTIONS * 3
    )
    out: dict[str, str] = {}  # one spelling per normalised name ("Anaemia", "anaemia")
    for choice, _distance, _pos in sorted(found, key=lambda hit: (hit[1], hit[2])):
        out.setdefault(normalise(choice), choice)
    return list(out.values())[:MAX_SUGGESTIONS]


# What the misspelling error offers besides the suggestion: the person may know better (a rare condition that
# happens to be spelt like a known one), and then says so in `keep_unchecked` rather than being stuck.
KEEP_UNCHECKED_HINT = N_("or list the name in keep_unchecked to go on without it being checked")


def check_condition(
    kb: KnowledgeBase, name: str, *, field: str | None = None, keep_unchecked: bool = False
) -> Condition | None:
    """The condition `name` names; None for a name crampcare does not know (the caller lists it as unchecked);
    UnknownNameError, naming the suggestion, for a very probable misspelling of a known condition, unless the
    person chose to keep that name unchecked (`keep_unchecked`): then None too, and the caller says so."""
    found = find_condition(kb, name)
    if found is not None:
        return found
    close = misspelt_condition(kb, name)
    if close and not keep_unchecked:
        valid = f"{_(' or ').join(repr(s) for s in close)}, {_(KEEP_UNCHECKED_HINT)}"
        raise UnknownNameError("condition", name, close, field=field, valid=valid)
    return None


def resolve_condition(kb: KnowledgeBase, name: str) -> Condition:
    """The condition named by its id, name or a synonym; UnknownNameError otherwise."""
    cid = _index(kb).conditions.get(normalise(name))
    if cid is None:
        raise UnknownNameError("condition", name, suggest(kb, "condition", name))
    return kb.conditions[cid]


def condition_closure(kb: KnowledgeBase, ids: Iterable[str]) -> frozenset[str]:
    """The given condition ids plus every condition they imply, transitively (dialysis → kidney_failure → ckd)."""
    seen: set[str] = set()
    stack = list(ids)
    while stack:
        cid = stack.pop()
        if cid in seen:
            continue
        seen.add(cid)
        cond = kb.conditions.get(cid)
        if cond is not None:
            stack.extend(cond.implies)
    return frozenset(seen)


def class_ancestors(kb: KnowledgeBase, class_ids: Iterable[str]) -> tuple[str, ...]:
    """The classes plus their parents, grandparents…, sorted; a cycle in the data cannot loop forever."""
    seen: set[str] = set()
    for cid in class_ids:
        current: str | None = cid
        while current is not None and current not in seen:
            seen.add(current)
            parent = kb.drug_classes.get(current)
            current = parent.parent if parent is not None else None
    return tuple(sorted(seen))


def _classes_of(kb: KnowledgeBase, inns: Iterable[str]) -> set[str]:
    index = _index(kb)
    found: set[str] = set()
    for inn in inns:
        # A combination carries the classes of the whole ("a + b" listed as a member) and of each part.
        for key in {normalise(inn), *(normalise(part) for part in inn_components(inn))}:
            found.update(index.inn_classes.get(key, ()))
    return found


def _resolved(
    kb: KnowledgeBase, name: str, inns: Iterable[str], classes: Iterable[str], rid: str | None
) -> ResolvedDrug:
    inn_list = sorted(set(inns))
    components = tuple(dict.fromkeys(part for inn in inn_list for part in inn_components(inn)))
    all_classes = class_ancestors(kb, {*classes, *_classes_of(kb, inn_list)})
    if rid is None and len(inn_list) == 1:
        rid = _index(kb).inn_intervention.get(normalise(inn_list[0]))
    return ResolvedDrug(name=name.strip(), inns=components, classes=all_classes, intervention_id=rid)


def _resolve_known(kb: KnowledgeBase, name: str) -> ResolvedDrug | None:
    """Resolve from the knowledge base alone: interventions, class members and brands, class names."""
    index = _index(kb)
    key = normalise(name)
    if not key:
        return None
    rid = index.interventions.get(key)
    if rid is not None:
        record = kb.interventions[rid]
        inns = [record.inn] if record.inn else []
        classes = [record.drug_class] if record.drug_class else []
        return _resolved(kb, name, inns, classes, rid)
    if key in index.member_inns:
        return _resolved(kb, name, index.member_inns[key], [], None)
    if key in index.class_names:  # "a statin", "diuretics": the class is known, the INN is not
        return _resolved(kb, name, [], [index.class_names[key]], None)
    return None


def resolve_from_data(kb: KnowledgeBase, name: str) -> ResolvedDrug | None:
    """What the knowledge base alone makes of `name`, as written (no dose stripping, no offline dictionary): the
    answer the brand register (knowledge/brands.py) reviews."""
    return _resolve_known(kb, name)


def resolve_drug(kb: KnowledgeBase, name: str) -> ResolvedDrug | None:
    """The INNs and drug classes of a medicine named by brand, INN, alias or class; None when unknown."""
    known = _index(kb).resolved
    if name in known:
        return known[name]
    if len(known) >= RESOLVED_LIMIT:
        known.clear()
    found = known[name] = _resolve_drug(kb, name)
    return found


def _resolve_drug(kb: KnowledgeBase, name: str) -> ResolvedDrug | None:
    found = _resolve_known(kb, name)
    if found is None and (bare := without_dose(name.strip())) != name.strip():
        found = _resolve_known(kb, bare)
        if found is not None:  # the dose is not part of the name the person sees back
            found = ResolvedDrug(name.strip(), found.inns, found.classes, found.intervention_id)
    if found is not None:
        return found
    for generic in _generic_names(name.strip()):
        found = _resolve_known(kb, generic)
        if found is not None:
            return ResolvedDrug(
                name=name.strip(), inns=found.inns, classes=found.classes, intervention_id=found.intervention_id
            )
    return None


def known_drug_name(name: str) -> bool:
    """Whether the offline drug dictionary knows `name` as a medicine (exactly), e.g. penicillin."""
    return bool(_generic_names(name.strip()))


@lru_cache(maxsize=1024)
def _generic_names(name: str) -> tuple[str, ...]:
    """Generic names (and their synonyms) the offline drug dictionary gives for a brand; () when none.

    Only an exact, whole-name match counts: a partial or fuzzy match could tie a
    person's medicine to the wrong drug and hide a real interaction.
    """
    tokens = [tok for tok in name.split() if not _DOSE_TOKEN.match(tok.casefold())]
    if not tokens:
        return ()
    # The dictionary's answers are read from a small table made once (drugnames): loading the dictionary itself
    # takes seconds and ~340 MB in every process that would otherwise need it.
    from crampcare.knowledge.drugnames import generic_names

    return generic_names(tokens)
