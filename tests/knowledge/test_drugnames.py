"""The drug dictionary's whole-name matches read from the table (issue 17 §4) equal the package's own answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from crampcare.knowledge import drugnames
from crampcare.knowledge.lookup import _generic_names


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("cache")
    path = drugnames.table_path(cache)
    assert path is not None
    drugnames.build(path)
    return path


def _read(path: Path, tokens: list[str]) -> tuple[str, ...]:
    import json
    import sqlite3

    key = drugnames.key_of(tokens)
    if key is None:
        return ()
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT names FROM names WHERE key = ?", (key,)).fetchone()
    return tuple(json.loads(row[0])) if row else ()


def test_every_hundredth_key_and_other_spellings_read_as_the_package_answers(table: Path) -> None:
    from drug_named_entity_recognition import drugs_finder

    keys = sorted(drugs_finder.drug_variant_to_canonical)[::100]
    names = [
        *keys,
        *(k.upper() for k in keys[::5]),
        *(k.title() for k in keys[::7]),
        *(f"{k} extra words" for k in keys[::11]),
        "Lasix",
        "Magne B6",
        "penicillin",
        "Co-codamol",
        "not a medicine at all",
        "Aspirin Cardio",
    ]
    found = 0
    for name in names:
        tokens = name.split()
        expected = drugnames.whole_match_names(tokens)
        assert _read(table, tokens) == expected, name
        found += bool(expected)
    assert found > len(keys) // 2  # the check compares real answers, not two empty ones


def test_lookups_use_the_table_and_fall_back_to_the_package_without_a_cache(
    table: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for cache in (str(table.parent), "off"):
        monkeypatch.setenv("CRAMPCARE_CACHE_DIR", cache)
        monkeypatch.setattr(drugnames, "_connection", None)
        monkeypatch.setattr(drugnames, "_unavailable", False)
        _generic_names.cache_clear()
        assert "furosemide" in _generic_names("Lasix 40 mg")
        assert _generic_names("penicillin")
        assert _generic_names("zzzz not a drug") == ()
        assert (drugnames._connection is not None) == (cache != "off")
    _generic_names.cache_clear()
    monkeypatch.setattr(drugnames, "_connection", None)
