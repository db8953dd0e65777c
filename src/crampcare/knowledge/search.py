"""Full-text search over the knowledge base (SQLite FTS5, in memory, built once per knowledge base).

Every record family a person may look for is indexed: interventions (name,
aliases, INN, summary, details, first-aid steps), causes, red flags,
specialists, conditions (with synonyms) and drug classes (with member INNs and
brands). Results are ranked by bm25 with names weighted above body text.

A query is split into words, so punctuation never reaches the FTS5 query
parser ("No-shpa?" is the words "no" and "shpa"); each word matches as a
prefix. A `keys` column holds every name squeezed the way `lookup.normalise`
does, so "noshpa" also finds "No-shpa". When no record contains every word,
records containing any word are returned instead.

Russian (issue 15): a query with a Cyrillic letter, or any query while Russian is the language, searches the
records' Russian texts (their `ru` blocks, English where a record has none) together with their English names.
A `stems` column holds the Snowball Russian stem of every Cyrillic word, and each Cyrillic query word also
matches by its whole stem, so «судороги икр» finds what speaks of «судорога икры» and «магнием» finds «магний».
Stems are matched whole, never as prefixes: Snowball's stems are short («калия» → «кал»), and a prefix would
let «калия» find every record that speaks of «кальций» («кальц»); the query word itself still matches as a
prefix, so a word being typed («магн») finds its records.
A `name_stems` column holds the stems of the names alone, weighted like a name, so every case of a word ranks
a record named by it alike («магния» finds «Магний ниже 0,50 ммоль/л» as high as «магний» does, not below the
records that merely use the genitive in their text). It matches whole stems, not prefixes, so «калия» (stem
«кал») does not rank the records named «кальций» as if they were named by it.
Russian generic names and condition names (local_names/ru.yaml) are aliases of the records they name.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import snowballstemmer  # type: ignore[import-untyped]
import yaml

from crampcare import i18n
from crampcare.errors import InputError
from crampcare.knowledge.language import localize
from crampcare.knowledge.loader import DATA_DIR, KnowledgeBase
from crampcare.knowledge.lookup import normalise

# Column order of the FTS table; bm25 weights below follow it.
_COLUMNS = ("name", "aliases", "keys", "summary", "details", "stems", "name_stems")
_WEIGHTS = (10.0, 8.0, 8.0, 2.0, 1.0, 1.0, 8.0)
# FTS column numbers (after family, rid, kind) of name, aliases, summary, details: the ones a person reads.
_SHOWN = (3, 4, 6, 7)
_WORD = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яё]")
_STEMMER = snowballstemmer.stemmer("russian")
_STEM_LOCK = threading.Lock()  # a Snowball stemmer object is not safe to share between threads
MAX_QUERY_WORDS = 12


@dataclass(frozen=True)
class SearchHit:
    """One matching record: its family ("intervention", "cause"…), id, title, kind and a text snippet."""

    family: str
    id: str
    title: str
    kind: str
    snippet: str
    score: float  # bm25: lower is a better match


@dataclass(frozen=True)
class _Doc:
    family: str
    id: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    summary: str
    details: str


def _stems(text: str) -> str:
    """The Russian stem of every Cyrillic word in `text` (Latin words and numbers are left to the other columns)."""
    words = [w for w in _WORD.findall(text.casefold().replace("ё", "е")) if _CYRILLIC.search(w)]
    with _STEM_LOCK:
        return " ".join(dict.fromkeys(_STEMMER.stemWords(words)))


def _local_aliases(kb: KnowledgeBase) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Russian generic names by INN and Russian condition names by condition id (local_names/ru.yaml)."""
    by_inn: dict[str, list[str]] = {}
    by_condition: dict[str, list[str]] = {}
    for local in kb.local_names.values():
        for name, inn in local.drugs.items():
            by_inn.setdefault(inn, []).append(name)
        for name, cid in local.conditions.items():
            by_condition.setdefault(cid, []).append(name)
    return by_inn, by_condition


def _documents(kb: KnowledgeBase, english: KnowledgeBase) -> Iterator[_Doc]:
    """Documents of `kb` (English or Russian texts); `english` adds the English names as aliases."""
    by_inn, by_condition = _local_aliases(kb) if kb is not english else ({}, {})
    for r in kb.interventions.values():
        local = [n for inn in (r.inn or "").split(" + ") for n in by_inn.get(inn.strip(), [])]
        other = english.interventions[r.id].name if kb is not english else r.name
        aliases = tuple(dict.fromkeys((*r.aliases, *((r.inn,) if r.inn else ()), *local, other)))
        details = " ".join([r.details, *r.steps, r.evidence.summary])
        yield _Doc("intervention", r.id, r.kind, r.name, aliases, r.summary, details)
    for c in kb.causes.values():
        yield _Doc("cause", c.id, c.kind, c.title, (), c.summary, c.rule.reason)
    for f in kb.red_flags.values():
        yield _Doc("red_flag", f.id, f.level, f.title, (), f.action, f"{f.possible_cause} {f.rule.reason}")
    for s in kb.specialists.values():
        yield _Doc("specialist", s.id, "specialist", s.title, (), s.summary, "")
    for cond in kb.conditions.values():
        other = english.conditions[cond.id].name if kb is not english else cond.name
        names = tuple(dict.fromkeys((*cond.synonyms, *by_condition.get(cond.id, []), other)))
        yield _Doc("condition", cond.id, "condition", cond.name, names, "", "")
    for cls in kb.drug_classes.values():
        members = (n for m in cls.members for n in (m.inn, *by_inn.get(m.inn, []), *m.brands))
        other_name = english.drug_classes[cls.id].name if kb is not english else cls.name
        names = tuple(dict.fromkeys((*cls.synonyms, *members, other_name)))
        if kb is not english:  # the snippet a Russian page shows starts at the match: the Cyrillic names first
            names = tuple(sorted(names, key=lambda n: not _CYRILLIC.search(n.casefold())))
        yield _Doc("drug_class", cls.id, "drug_class", cls.name, names, "", "")


class _Index:
    def __init__(self, kb: KnowledgeBase, english: KnowledgeBase) -> None:
        # One connection shared by threads (the web app); the lock serialises queries on it.
        self.lock = threading.Lock()
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute(
            f"CREATE VIRTUAL TABLE doc USING fts5(family UNINDEXED, rid UNINDEXED, kind UNINDEXED, "
            f"{', '.join(_COLUMNS)}, tokenize='unicode61 remove_diacritics 2')"
        )
        self.db.executemany(
            "INSERT INTO doc VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    d.family,
                    d.id,
                    d.kind,
                    d.name,
                    " · ".join(d.aliases),
                    _keys(d),
                    d.summary,
                    d.details,
                    _doc_stems(d),
                    _stems(" ".join((d.name, *d.aliases))),
                )
                for d in _documents(kb, english)
            ],
        )

    def query(self, match: str, limit: int) -> list[SearchHit]:
        weights = ", ".join(str(w) for w in _WEIGHTS)
        # One snippet per readable column; the squeezed `keys` column is for matching only, never shown.
        snippets = ", ".join(f"snippet(doc, {col}, '[', ']', '…', 12)" for col in _SHOWN)
        sql = (
            f"SELECT family, rid, kind, name, bm25(doc, 0, 0, 0, {weights}) AS s, {snippets} "
            "FROM doc WHERE doc MATCH ? ORDER BY s LIMIT ?"
        )
        with self.lock:
            rows = self.db.execute(sql, (match, limit)).fetchall()
        return [
            SearchHit(family=f, id=i, title=n, kind=k, snippet=_best_snippet(rest), score=s)
            for f, i, k, n, s, *rest in rows
        ]


def _best_snippet(snippets: list[str]) -> str:
    """The first snippet with a highlighted word (summary, aliases, details, name), else the summary."""
    ordered = [snippets[2], snippets[1], snippets[3], snippets[0]]
    return next((text for text in ordered if "[" in text), snippets[2] or snippets[0])


def _doc_stems(doc: _Doc) -> str:
    return _stems(" ".join((doc.name, *doc.aliases, doc.summary, doc.details)))


def _keys(doc: _Doc) -> str:
    return " ".join(normalise(name) for name in (doc.id, doc.name, *doc.aliases))


_INDEXES: dict[tuple[int, bool], tuple[KnowledgeBase, _Index]] = {}


def _index(kb: KnowledgeBase, russian: bool) -> _Index:
    entry = _INDEXES.get((id(kb), russian))
    if entry is not None and entry[0] is kb:
        return entry[1]
    if len(_INDEXES) >= 4:
        _INDEXES.pop(next(iter(_INDEXES)))
    built = _Index(localize(kb, "ru"), kb) if russian else _Index(kb, kb)
    _INDEXES[(id(kb), russian)] = (kb, built)
    return built


def _quoted(word: str) -> str:
    # Words are \w+ only, so they hold no quote; quoting keeps FTS5 from reading AND/OR/NEAR as operators.
    return f'"{word}"*'


@cache
def _same_meaning() -> dict[str, tuple[str, ...]]:
    """Stem → the stems a reader means the same by (data/search_ru.yaml), itself first."""
    raw = yaml.safe_load((DATA_DIR / "search_ru.yaml").read_text(encoding="utf-8"))
    groups: list[list[str]] = raw["same_meaning_stems"]
    return {stem: (stem, *(other for other in group if other != stem)) for group in groups for stem in group}


def _term(word: str) -> str:
    """A query word as an FTS5 term: a prefix, and for a Cyrillic word its Russian stem (and the stems of the same
    meaning: «ночью» finds «ночные») as well."""
    if not _CYRILLIC.search(word):
        return _quoted(word)
    stem = _stems(word) or word
    stems = " OR ".join(f'stems:"{s}" OR name_stems:"{s}"' for s in _same_meaning().get(stem, (stem,)))
    return f"({_quoted(word)} OR {stems})"


def search(kb: KnowledgeBase, query: str, *, limit: int = 20, lang: str | None = None) -> list[SearchHit]:
    """Records matching `query`, best first; InputError when the query has no words.

    In Russian (`lang`, by default the active interface language, or any query with a Cyrillic letter) the
    records' Russian texts are searched, with Russian word forms matched by their stem."""
    words = [w.casefold().replace("ё", "е") for w in _WORD.findall(query)][:MAX_QUERY_WORDS]
    if not words:
        raise InputError(i18n._("the search query has no letters or digits"), field="query")
    if limit < 1:
        raise InputError(i18n._("limit must be at least 1, not %(limit)s") % {"limit": limit}, field="limit")
    russian = (lang or i18n.current()) == "ru" or any(_CYRILLIC.search(w) for w in words)
    index = _index(kb, russian)
    squeezed = _quoted(normalise(query))
    every = " AND ".join(_term(w) for w in words)
    hits = index.query(f"({every}) OR keys:{squeezed}", limit)
    if not hits and len(words) > 1:
        hits = index.query(" OR ".join(_term(w) for w in words), limit)
    return hits
