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
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from crampcare.errors import InputError
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import normalise

# Column order of the FTS table; bm25 weights below follow it.
_COLUMNS = ("name", "aliases", "keys", "summary", "details")
_WEIGHTS = (10.0, 8.0, 8.0, 2.0, 1.0)
# FTS column numbers (after family, rid, kind) of name, aliases, summary, details: the ones a person reads.
_SHOWN = (3, 4, 6, 7)
_WORD = re.compile(r"\w+", re.UNICODE)
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


def _documents(kb: KnowledgeBase) -> Iterator[_Doc]:
    for r in kb.interventions.values():
        aliases = (*r.aliases, *((r.inn,) if r.inn else ()))
        details = " ".join([r.details, *r.steps, r.evidence.summary])
        yield _Doc("intervention", r.id, r.kind, r.name, aliases, r.summary, details)
    for c in kb.causes.values():
        yield _Doc("cause", c.id, c.kind, c.title, (), c.summary, c.rule.reason)
    for f in kb.red_flags.values():
        yield _Doc("red_flag", f.id, f.level, f.title, (), f.action, f"{f.possible_cause} {f.rule.reason}")
    for s in kb.specialists.values():
        yield _Doc("specialist", s.id, "specialist", s.title, (), s.summary, "")
    for cond in kb.conditions.values():
        yield _Doc("condition", cond.id, "condition", cond.name, tuple(cond.synonyms), "", "")
    for cls in kb.drug_classes.values():
        names = (*cls.synonyms, *(n for m in cls.members for n in (m.inn, *m.brands)))
        yield _Doc("drug_class", cls.id, "drug_class", cls.name, names, "", "")


class _Index:
    def __init__(self, kb: KnowledgeBase) -> None:
        # One connection shared by threads (the web app); the lock serialises queries on it.
        self.lock = threading.Lock()
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute(
            f"CREATE VIRTUAL TABLE doc USING fts5(family UNINDEXED, rid UNINDEXED, kind UNINDEXED, "
            f"{', '.join(_COLUMNS)}, tokenize='unicode61 remove_diacritics 2')"
        )
        self.db.executemany(
            "INSERT INTO doc VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (d.family, d.id, d.kind, d.name, " · ".join(d.aliases), _keys(d), d.summary, d.details)
                for d in _documents(kb)
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


def _keys(doc: _Doc) -> str:
    return " ".join(normalise(name) for name in (doc.id, doc.name, *doc.aliases))


_INDEXES: dict[int, tuple[KnowledgeBase, _Index]] = {}


def _index(kb: KnowledgeBase) -> _Index:
    entry = _INDEXES.get(id(kb))
    if entry is not None and entry[0] is kb:
        return entry[1]
    if len(_INDEXES) >= 4:
        _INDEXES.pop(next(iter(_INDEXES)))
    built = _Index(kb)
    _INDEXES[id(kb)] = (kb, built)
    return built


def _quoted(word: str) -> str:
    # Words are \w+ only, so they hold no quote; quoting keeps FTS5 from reading AND/OR/NEAR as operators.
    return f'"{word}"*'


def search(kb: KnowledgeBase, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Records matching `query`, best first; InputError when the query has no words."""
    words = [w.casefold() for w in _WORD.findall(query)][:MAX_QUERY_WORDS]
    if not words:
        raise InputError("the search query has no letters or digits", field="query")
    if limit < 1:
        raise InputError(f"limit must be at least 1, not {limit}", field="limit")
    index = _index(kb)
    squeezed = _quoted(normalise(query))
    every = " AND ".join(_quoted(w) for w in words)
    hits = index.query(f"({every}) OR keys:{squeezed}", limit)
    if not hits and len(words) > 1:
        hits = index.query(" OR ".join(_quoted(w) for w in words), limit)
    return hits
