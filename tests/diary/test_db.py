"""Choosing the diary database: an explicit URL, then CRAMPCARE_DATABASE_URL, then the default file."""

from __future__ import annotations

import pytest

from crampcare.diary import db
from crampcare.errors import InputError


@pytest.mark.parametrize("url", ["", "  "])
def test_an_empty_db_option_is_an_error_not_the_default_diary(url: str) -> None:
    with pytest.raises(InputError) as caught:
        db.resolve_url(url)
    assert caught.value.field == "--db"
    assert caught.value.one_line() == (
        "--db: a database URL is required (the value is empty) "
        "(valid: a SQLAlchemy URL such as sqlite:///path/diary.db or postgresql+psycopg://user@host/db)"
    )


@pytest.mark.parametrize(("value", "wrong"), [("nonsense", "not a database URL"), ("mysql://h/d", "unsupported")])
def test_a_bad_environment_url_names_the_variable(monkeypatch: pytest.MonkeyPatch, value: str, wrong: str) -> None:
    monkeypatch.setenv(db.ENV_VAR, value)
    with pytest.raises(InputError) as caught:
        db.resolve_url(None)
    assert caught.value.field == "CRAMPCARE_DATABASE_URL" and wrong in caught.value.message
    assert caught.value.valid is not None and "sqlite:///path/diary.db" in caught.value.valid


def test_a_bad_db_option_names_the_option_even_with_the_variable_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(db.ENV_VAR, "sqlite:////tmp/never-used.db")
    with pytest.raises(InputError) as caught:
        db.resolve_url("nonsense")
    assert caught.value.field == "--db"


def test_an_empty_environment_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(db.ENV_VAR, "")
    assert db.resolve_url(None) == db.default_url()


def test_postgresql_urls_get_the_psycopg_driver() -> None:
    assert db.resolve_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"


def test_a_locked_sqlite_database_is_tried_again_then_reported() -> None:
    import sqlite3

    from crampcare.diary.db import _retry_while_locked

    calls: list[int] = []

    def locked_twice() -> None:
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")

    _retry_while_locked(locked_twice)
    assert len(calls) == 3

    def broken() -> None:
        raise sqlite3.OperationalError("no such table: x")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        _retry_while_locked(broken)  # not a lock: reported at once

    def always_locked() -> None:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _retry_while_locked(always_locked, seconds=0.05)


def test_an_unreachable_postgresql_server_is_a_storage_error_saying_where() -> None:
    from crampcare.diary.db import UnreachableError, dispose_engines, engine_for
    from crampcare.errors import StorageError

    with pytest.raises(UnreachableError) as caught:
        engine_for("postgresql+psycopg://u:p@127.0.0.1:1/x")
    dispose_engines()
    assert isinstance(caught.value, StorageError)  # a server's configured database being down is not bad input
    assert caught.value.where == "127.0.0.1:1" and "127.0.0.1:1" in str(caught.value)
