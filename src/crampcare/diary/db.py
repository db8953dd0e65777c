"""Engines, sessions and automatic migrations for the diary.

The database is chosen, first match wins: an explicit URL (`--db`), the
`CRAMPCARE_DATABASE_URL` environment variable, else a SQLite file in the
user data directory. SQLite runs in WAL mode (readers never block the writer,
a crash never corrupts the file) with foreign keys on; every write is one
transaction that takes the write lock up front (`BEGIN IMMEDIATE`), so two
writers queue instead of failing half-way. The first use of a database
applies the Alembic migrations shipped in the package, under a lock so that
two processes starting together do not both create the tables.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from crampcare.errors import ConflictError, InputError, StorageError
from crampcare.i18n import N_, _, os_reason

ENV_VAR = "CRAMPCARE_DATABASE_URL"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 0x63_72_61_6D  # "cram": an arbitrary advisory-lock key shared by every crampcare process

_engines: dict[str, Engine] = {}
_migrated: set[str] = set()
_lock = threading.Lock()


def default_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("crampcare"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'diary.db'}"


URL_EXAMPLES = N_("a SQLAlchemy URL such as sqlite:///path/diary.db or postgresql+psycopg://user@host/db")


def resolve_url(url: str | None) -> str:
    """The URL to use: the argument (`--db`), else the environment, else the default SQLite file.

    An empty `--db` is a mistake, not a request for the default: silently opening another diary would
    look like lost entries. An empty environment variable counts as unset (the shell convention).
    """
    if url is not None:
        return _openable(checked_url(url, field="--db"), field="--db")
    from_env = os.environ.get(ENV_VAR, "")
    if from_env.strip():
        return _openable(checked_url(from_env, field=ENV_VAR), field=ENV_VAR)
    return default_url()


def _openable(url: str, *, field: str) -> str:
    # Checked once per process: an open engine means the file was fine (this runs for every session).
    return url if url in _engines else usable_file(url, field=field)


def cli_url(url: str | None, *, must_exist: bool) -> str:
    """The diary a command-line command opens, checked more strictly than a server's.

    An empty CRAMPCARE_DATABASE_URL is an error like an empty `--db` (a person who sets it means a diary);
    an in-memory SQLite database is refused (everything logged would vanish when the command ends); and a
    command that only reads (`must_exist`) never creates a new empty diary at a mistyped path.
    """
    field = "--db"
    if url is None and ENV_VAR in os.environ:
        url, field = os.environ[ENV_VAR], ENV_VAR
    if url is None:
        return default_url()
    checked = checked_url(url, field=field)
    path = sqlite_path(checked)
    if is_sqlite(checked) and (path is None or str(path) == ":memory:"):
        raise InputError(
            _("an in-memory database keeps nothing after the command ends"), field=field, valid=_(SQLITE_FILE_EXAMPLE)
        )
    if not is_sqlite(checked):
        return _reachable(checked, field=field)
    return usable_file(checked, field=field, must_exist=must_exist)


def _reachable(url: str, *, field: str) -> str:
    """`url` once its PostgreSQL server answers: a server that cannot be reached is the URL's mistake (naming
    `field`), not an internal failure with the driver's text."""
    try:
        engine_for(url)
    except UnreachableError as exc:
        raise InputError(
            _("cannot connect to the PostgreSQL server at %(where)s (%(reason)s); nothing was read or written")
            % {"where": exc.where, "reason": exc.reason},
            field=field,
            valid=_(
                "the URL of a running server you can log in to, e.g. postgresql+psycopg://user:password@host:5432/"
                "db, or a diary file such as sqlite:///path/diary.db"
            ),
        ) from None
    return url


SQLITE_FILE_EXAMPLE = N_("a diary file such as sqlite:///path/diary.db, or a postgresql+psycopg:// URL")
_SQLITE_HEADER = b"SQLite format 3\x00"


def usable_file(url: str, *, field: str, must_exist: bool = False) -> str:
    """`url` unless it names a SQLite file that cannot be a diary: a folder, another kind of file, a path
    under a file, or (with `must_exist`) no file at all. The error names `field` and what would be valid."""
    path = sqlite_path(url)
    if path is None or str(path) == ":memory:":
        return url
    if path.is_dir():
        raise InputError(
            _("%(path)s is a folder, not a diary file") % {"path": path}, field=field, valid=_(SQLITE_FILE_EXAMPLE)
        )
    if path.exists():
        try:
            with path.open("rb") as file:
                header = file.read(len(_SQLITE_HEADER))
        except OSError as exc:
            raise InputError(
                _("cannot read %(path)s: %(reason)s") % {"path": path, "reason": os_reason(exc)},
                field=field,
                valid=_(SQLITE_FILE_EXAMPLE),
            ) from None
        if header and header != _SQLITE_HEADER:  # an empty file is a new SQLite database
            raise InputError(
                _("%(path)s is not a SQLite database") % {"path": path}, field=field, valid=_(SQLITE_FILE_EXAMPLE)
            )
        return url
    if must_exist:
        raise InputError(
            _("there is no diary file at %(path)s (nothing was created)") % {"path": path},
            field=field,
            valid=_("the path of an existing diary; `crampcare diary log` creates a new one"),
        )
    folder = next((parent for parent in path.parents if parent.exists()), None)
    if folder is not None and not folder.is_dir():
        raise InputError(
            _("%(path)s is a file, not a folder") % {"path": folder}, field=field, valid=_(SQLITE_FILE_EXAMPLE)
        )
    return url


@lru_cache(maxsize=256)
def checked_url(url: str, *, field: str) -> str:
    """`url` if it names a supported database (PostgreSQL gets the psycopg 3 driver); InputError naming `field`.

    Kept per (url, field) (a pure function of its text): every request of a server resolves its database's URL,
    and parsing it cost a tenth of a CDS Hooks call's write of its cards. A refused URL is not kept."""
    if not url.strip():
        raise InputError(_("a database URL is required (the value is empty)"), field=field, valid=_(URL_EXAMPLES))
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: e.g. an unclosed IPv6 bracket in the host
        raise InputError(
            _("not a database URL: %(url)s") % {"url": repr(url)}, field=field, valid=_(URL_EXAMPLES)
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(
            _("unsupported database %(name)s") % {"name": repr(parsed.get_backend_name())},
            field=field,
            valid=_(URL_EXAMPLES),
        )
    unknown = sorted(set(parsed.query) - (POSTGRES_OPTIONS if parsed.get_backend_name() == "postgresql" else set()))
    if unknown:
        # An option nobody reads would be silently ignored: `?mode=ro` on SQLite opened the diary for writing.
        raise InputError(
            _("unknown database URL option %(option)s") % {"option": repr(unknown[0])},
            field=field,
            valid=_("no options for SQLite; for PostgreSQL libpq's, e.g. sslmode, connect_timeout, options"),
        )
    if parsed.get_backend_name() == "postgresql" and parsed.drivername != "postgresql+psycopg":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


# libpq connection parameters psycopg passes on (https://www.postgresql.org/docs/current/libpq-connect.html)
POSTGRES_OPTIONS = frozenset(
    {
        "host",
        "hostaddr",
        "port",
        "dbname",
        "user",
        "password",
        "passfile",
        "require_auth",
        "channel_binding",
        "connect_timeout",
        "client_encoding",
        "options",
        "application_name",
        "fallback_application_name",
        "keepalives",
        "keepalives_idle",
        "keepalives_interval",
        "keepalives_count",
        "tcp_user_timeout",
        "sslmode",
        "sslnegotiation",
        "sslcompression",
        "sslcert",
        "sslkey",
        "sslpassword",
        "sslcertmode",
        "sslrootcert",
        "sslcrl",
        "sslcrldir",
        "sslsni",
        "requirepeer",
        "ssl_min_protocol_version",
        "ssl_max_protocol_version",
        "gssencmode",
        "krbsrvname",
        "gsslib",
        "gssdelegation",
        "service",
        "target_session_attrs",
        "load_balance_hosts",
    }
)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def _sqlite_engine(url: str) -> Engine:
    path = sqlite_path(url)
    if path is not None and str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver so that BEGIN is ours (SQLAlchemy's documented recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # Switching a new file to WAL needs a lock that SQLite does not wait for: when another process is
        # creating or migrating the same new diary at that moment, it answers "database is locked" at once.
        _retry_while_locked(lambda: cursor.execute("PRAGMA journal_mode=WAL"))
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # in WAL mode: durable across crashes of the process
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = "IMMEDIATE" if connection.get_execution_options().get("crampcare_write") else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _retry_while_locked(action: Callable[[], object], seconds: float = 30.0) -> None:
    """Run `action`, again after a short pause while SQLite says the database is locked (up to `seconds`)."""
    deadline = time.monotonic() + seconds
    pause = 0.01
    while True:
        try:
            action()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def engine_for(url: str | None = None) -> Engine:
    """The (cached) engine for a database, migrated to the newest schema."""
    resolved = resolve_url(url)
    with _lock:
        engine = _engines.get(resolved)
        if engine is None:
            try:
                engine = new_engine(resolved)
            except (SQLAlchemyError, ImportError) as exc:
                raise StorageError(_("cannot open the diary database: %(reason)s") % {"reason": exc}) from exc
            _engines[resolved] = engine
        if resolved not in _migrated:
            migrate(engine)
            _migrated.add(resolved)
    return engine


CONNECT_TIMEOUT_SECONDS = 10  # an unroutable host would otherwise hang a command for minutes


def new_engine(resolved: str) -> Engine:
    """A fresh engine (not cached, not migrated) for a resolved URL; `engine_for` is what the application uses."""
    if is_sqlite(resolved):
        return _sqlite_engine(resolved)
    timeout = {} if "connect_timeout" in make_url(resolved).query else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    return create_engine(resolved, pool_pre_ping=True, connect_args=timeout)


class UnreachableError(StorageError):
    """The PostgreSQL server of a URL could not be connected to (down, wrong host or port, login refused).

    A storage error to a server (its configured database is down); a command line turns it into bad input
    naming `--db`, since there the URL is what the person typed."""

    def __init__(self, url: str, reason: str) -> None:
        parsed = make_url(url)
        self.where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
        self.reason = reason
        super().__init__(
            _("cannot connect to the PostgreSQL server at %(where)s (%(reason)s)")
            % {"where": self.where, "reason": reason}
        )


def _connect_failure(url: str, exc: BaseException) -> UnreachableError | None:
    """An UnreachableError when `exc` is PostgreSQL failing to connect at all; None for any other failure."""
    if is_sqlite(url) or not isinstance(exc, OperationalError):
        return None
    text = str(exc.orig) if exc.orig is not None else str(exc)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    if "connection" not in first.lower() and "host" not in first.lower():
        return None
    # psycopg: 'connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused'
    reason = first.rsplit(" failed: ", 1)[-1].strip().removeprefix("FATAL:").strip()
    return UnreachableError(url, reason or first)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Apply every shipped migration up to `revision` not yet applied (a no-op when the schema is current)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))

    def upgrade() -> None:
        with engine.execution_options(crampcare_write=True).begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    try:
        if engine.dialect.name == "sqlite":
            # Another process may be creating the same new diary: its transaction is rolled back or committed
            # whole, so trying again after it is safe.
            _retry_while_locked(_unwrapped(upgrade))
        else:
            upgrade()
    except (SQLAlchemyError, sqlite3.OperationalError) as exc:
        unreachable = _connect_failure(engine.url.render_as_string(hide_password=False), exc)
        if unreachable is not None:
            raise unreachable from exc
        raise StorageError(_("cannot open the diary database: %(reason)s") % {"reason": _short(exc)}) from exc


def _unwrapped(action: Callable[[], None]) -> Callable[[], None]:
    """`action` raising the driver's sqlite3 error instead of SQLAlchemy's wrapper (for _retry_while_locked)."""

    def run() -> None:
        try:
            action()
        except OperationalError as exc:
            if isinstance(exc.orig, sqlite3.OperationalError):
                raise exc.orig from exc
            raise

    return run


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0]


@contextmanager
def session_scope(url: str | None = None, *, write: bool = False) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on any error."""
    engine = engine_for(url)
    bind = engine.execution_options(crampcare_write=True) if write else engine
    try:
        with Session(bind, expire_on_commit=False) as session, session.begin():
            yield session
    except IntegrityError as exc:
        # A concurrent write took the same unique value first; this transaction was rolled back whole.
        raise ConflictError(_("the diary changed at the same moment; nothing was saved, try again")) from exc
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) in _RETRYABLE:
            raise ConflictError(_("the diary changed at the same moment; nothing was saved, try again")) from exc
        raise StorageError(_("the diary database failed: %(reason)s") % {"reason": _short(exc)}) from exc
    except SQLAlchemyError as exc:
        raise StorageError(_("the diary database failed: %(reason)s") % {"reason": _short(exc)}) from exc


_RETRYABLE = frozenset({"40001", "40P01"})  # PostgreSQL: serialization failure, deadlock detected


def dispose_engines() -> None:
    """Close every pooled connection (tests and forked children call this)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _migrated.clear()
