"""The offline drug dictionary's whole-name matches, as a small read-only table on disk (issue 17 §4).

`drug_named_entity_recognition` keeps its whole dictionary in memory: loading it costs a process about 340 MB
and several seconds, which every server worker paid. crampcare uses one thing from it: the generic names the
dictionary gives for a name that matches one of its entries exactly and as a whole (lookup._generic_names). A
whole match is one dictionary key: the name's one or two tokens, joined by a space and lower-cased (the package
tries single tokens and pairs of tokens, never three). So the answers for every key are worked out once, in a
separate process, by the package itself (`whole_match_names`, the code crampcare used before), and written to an
SQLite file in the cache folder named after the package's version. A lookup is then one indexed read; the
dictionary is never loaded into a server worker. With the cache off (CRAMPCARE_CACHE_DIR=off) or unwritable, the
package is asked directly, as before.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

PACKAGE = "drug-named-entity-recognition"
FORMAT = "1"  # bump when the table's meaning changes
MAX_TOKENS = 2  # the package matches single tokens and pairs of tokens only

_lock = threading.Lock()
_connection: sqlite3.Connection | None = None
_unavailable = False


def whole_match_names(tokens: list[str]) -> tuple[str, ...]:
    """The generic names (and synonyms) the package gives for `tokens` matched exactly and as a whole; () if
    none. This loads the package's dictionary (see the module docstring)."""
    from drug_named_entity_recognition import find_drugs

    names: list[str] = []
    for drug, start, end in find_drugs(tokens, is_ignore_case=True):
        if start == 0 and end == len(tokens):
            names.extend(_drug_names(drug))
    return tuple(dict.fromkeys(names))


def _drug_names(drug: dict[str, Any]) -> list[str]:
    synonyms = drug.get("synonyms") or []
    return [str(drug.get("name", "")), *(str(s) for s in synonyms if isinstance(s, str))]


def key_of(tokens: list[str]) -> str | None:
    """The dictionary key a whole match of these tokens needs; None when no key can match them as a whole."""
    if not tokens or len(tokens) > MAX_TOKENS:
        return None
    return " ".join(tokens).lower()


def table_path(cache: Path) -> Path | None:
    try:
        package = version(PACKAGE)
    except PackageNotFoundError:
        return None
    return cache / f"drug-names-{package}-{FORMAT}.sqlite"


def build(path: Path) -> None:
    """Write the table of every key's whole-match names (run in its own process: see `ensure`)."""
    from drug_named_entity_recognition import drugs_finder

    rows = []
    for key in drugs_finder.drug_variant_to_canonical:
        tokens = key.split()
        if key != key.lower() or key != " ".join(tokens) or key_of(tokens) != key:
            continue  # a key no whole name can reach (upper case, odd spacing, three or more tokens)
        names = whole_match_names(tokens)
        if names:
            rows.append((key, json.dumps(names, ensure_ascii=False)))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(partial) as db:
        db.execute("CREATE TABLE names (key TEXT PRIMARY KEY, names TEXT NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT INTO names VALUES (?, ?)", rows)
    db.close()
    os.replace(partial, path)


def _cache_dir() -> Path | None:
    """The cache folder the food table uses too (nutrition.foods: CRAMPCARE_CACHE_DIR, "off" disables it)."""
    chosen = os.environ.get("CRAMPCARE_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("crampcare"))


def _open() -> sqlite3.Connection | None:
    """The table, built first if missing (in a child process, one builder at a time); None if it cannot be."""
    cache = _cache_dir()
    path = table_path(cache) if cache is not None else None
    if path is None:
        return None
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            import fcntl

            with open(path.with_suffix(".lock"), "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be building it: wait for that one
                if not path.exists():
                    command = [sys.executable, "-m", "crampcare.knowledge.drugnames", str(path)]
                    subprocess.run(command, check=True, capture_output=True, timeout=600)
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error, subprocess.SubprocessError):
        return None


def generic_names(tokens: list[str]) -> tuple[str, ...]:
    """`whole_match_names(tokens)`, read from the table (the package itself when the table cannot be had)."""
    global _connection, _unavailable
    key = key_of(tokens)
    if key is None:
        return ()
    with _lock:
        if _connection is None and not _unavailable:
            _connection = _open()
            _unavailable = _connection is None
        if _connection is not None:
            try:
                row = _connection.execute("SELECT names FROM names WHERE key = ?", (key,)).fetchone()
                return tuple(json.loads(row[0])) if row else ()
            except (sqlite3.Error, ValueError):  # a damaged file: ask the package, as without a cache
                _connection, _unavailable = None, True
    return whole_match_names(tokens)


def ensure() -> None:
    """Build the table now if it is missing (server start-up: before the first request needs it)."""
    generic_names(["penicillin"])


if __name__ == "__main__":
    build(Path(sys.argv[1]))
