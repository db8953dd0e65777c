"""Who is asking, and where their diary lives.

Local mode (a loopback host): one person, no login; the diary is the
configured database. Server mode: accounts with argon2 password hashes; the
user id sits in the signed session cookie.

Isolation is by storage, not by a filter a query could forget: in server mode
every account has its own diary database — a SQLite file under
`users/<id>/` next to the main file, or a PostgreSQL schema `crampcare_u<id>`
(`<schema>_u<id>` when the URL's search_path names a schema)
selected through the connection's search_path. No route can reach another
account's rows because no connection it gets can see them.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request
from sqlalchemy import DateTime, Integer, String, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from crampcare.api.errors import ApiError
from crampcare.api.settings import Settings
from crampcare.errors import InputError
from crampcare.i18n import _

USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,39}$")
_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    id: int
    name: str
    local: bool = False


LOCAL_USER = User(id=0, name="local", local=True)


class NameTaken(InputError):
    """A sign-up for a name an account already has (counted server-wide: see throttle.TAKEN_KEY)."""


class _Base(DeclarativeBase):
    pass


class Account(_Base):
    __tablename__ = "accounts"
    __table_args__ = ({"sqlite_autoincrement": True},)  # an id is never handed out twice

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_utc = mapped_column(DateTime, server_default=func.now())


_ready: set[str] = set()
_ready_lock = threading.Lock()


def _accounts_session(settings: Settings) -> Session:
    from crampcare.diary.db import engine_for, resolve_url

    url = resolve_url(settings.database_url)
    engine = engine_for(url)
    with _ready_lock:
        if url not in _ready:
            # Every table of the accounts database is declared before it is created (they import this module).
            from crampcare.api import sessions, throttle  # noqa: F401

            _Base.metadata.create_all(engine)
            _ready.add(url)
    return Session(engine, expire_on_commit=False)


def register(settings: Settings, username: str, password: str) -> User:
    """Create an account; InputError naming the field when the name or password is not acceptable."""
    name = username.strip().casefold()
    if not USERNAME.match(name):
        raise InputError(
            _("not an acceptable user name"), field="username", valid=_("3–40 characters: a–z, 0–9, '.', '_', '-'")
        )
    from crampcare.api.passwords import check_password

    check_password(password, username=name)
    with _accounts_session(settings) as session, session.begin():
        account = Account(username=name, password_hash=_hasher.hash(password))
        session.add(account)
        try:
            session.flush()
        except IntegrityError:
            raise NameTaken(_("that user name is taken"), field="username", valid=_("another user name")) from None
        return User(id=account.id, name=account.username)


def authenticate(settings: Settings, username: str, password: str) -> User | None:
    name = username.strip().casefold()
    with _accounts_session(settings) as session:
        # A name no account can have is never looked up: `bob\0` would make PostgreSQL drop the connection.
        account = (
            session.scalars(select(Account).where(Account.username == name)).first() if USERNAME.match(name) else None
        )
        if account is None:
            _hasher.hash(password)  # same work as a real check, so timing does not reveal which names exist
            return None
        try:
            _hasher.verify(account.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return User(id=account.id, name=account.username)


def change_password(settings: Settings, user: User, current: str, new: str) -> bool:
    """Set a new password after checking the current one; False when the current one is wrong."""
    from crampcare.api.passwords import check_password

    check_password(new, username=user.name)
    with _accounts_session(settings) as session, session.begin():
        account = session.get(Account, user.id, with_for_update=True)
        if account is None:
            return False
        try:
            _hasher.verify(account.password_hash, current)
        except (VerificationError, InvalidHashError):
            return False
        account.password_hash = _hasher.hash(new)
    return True


def user_by_id(settings: Settings, user_id: int) -> User | None:
    with _accounts_session(settings) as session:
        account = session.get(Account, user_id)
        return User(id=account.id, name=account.username) if account else None


def current_user(request: Request, settings: Settings) -> User:
    """The local user, or the signed-in account; 401 in server mode without a valid session."""
    if not settings.server_mode:
        return LOCAL_USER
    cached = request.scope.get("crampcare.user")
    if isinstance(cached, User):
        return cached
    from crampcare.api.sessions import session_user

    uid, token = request.session.get("uid"), request.session.get("sid")
    # Only a session the server still holds: logging out, a new password or "sign out everywhere" ends it.
    user = session_user(settings, uid, token) if isinstance(uid, int) and isinstance(token, str) else None
    if user is None:
        raise ApiError(401, _("sign in first"), valid=_("a session from /login"))
    request.scope["crampcare.user"] = user
    return user


def optional_user(request: Request, settings: Settings) -> User | None:
    try:
        return current_user(request, settings)
    except ApiError:
        return None


# --- per-user diary storage -----------------------------------------------------------------

_schemas: set[str] = set()


def diary_url_for(user: User, settings: Settings) -> str | None:
    """The diary database of this user: the configured one locally, a private one per account on a server."""
    if user.local:
        return settings.database_url
    from crampcare.diary.db import resolve_url

    base = make_url(resolve_url(settings.database_url))
    if base.get_backend_name() == "sqlite":
        main = Path(base.database or "diary.db")
        private = main.parent / "users" / str(user.id) / main.name
        private.parent.mkdir(parents=True, exist_ok=True)
        return str(base.set(database=str(private)))
    schema = f"{_base_schema(base.query.get('options'))}_u{user.id}"
    _ensure_schema(base.render_as_string(hide_password=False), schema)
    return base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def _base_schema(options: object) -> str:
    """`crampcare`, or the schema the configured URL's search_path names (so test databases stay apart)."""
    text_options = options if isinstance(options, str) else ""
    found = re.search(r"search_path=([a-z0-9_]+)", text_options)
    return found.group(1) if found else "crampcare"


def _ensure_schema(url: str, schema: str) -> None:
    key = f"{url}#{schema}"
    if key in _schemas:
        return
    from crampcare.diary.db import engine_for

    with engine_for(url).begin() as connection:
        connection.execute(
            text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        )  # schema is [a-z0-9_]+_u<int>: safe to quote
    _schemas.add(key)
