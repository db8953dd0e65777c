"""Sign-in sessions the server can revoke.

The signed cookie alone cannot be taken back: a copied cookie would work for
its whole lifetime. So a sign-in also stores a random token's SHA-256 here and
puts the token in the cookie; a request is signed in only while its token's
row exists. Logging out deletes the row; changing the password or "sign out
everywhere" deletes every row of the account.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import DateTime, Integer, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from crampcare.api.accounts import Account, User, _accounts_session, _Base
from crampcare.api.settings import Settings

MAX_AGE = dt.timedelta(days=14)  # as the cookie's


class LoginSession(_Base):
    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(Integer, index=True)
    created_utc: Mapped[dt.datetime] = mapped_column(DateTime)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(settings: Settings, account_id: int) -> str:
    """A new session for the account; returns the token the cookie carries."""
    token = secrets.token_urlsafe(32)
    with _accounts_session(settings) as session, session.begin():
        session.execute(delete(LoginSession).where(LoginSession.created_utc < _now() - MAX_AGE))
        session.add(LoginSession(token_hash=_hash(token), account_id=account_id, created_utc=_now()))
    return token


def session_user(settings: Settings, account_id: int, token: str) -> User | None:
    """The account of a live session (this token, this account, not expired), else None."""
    query = (
        select(Account)
        .join(LoginSession, LoginSession.account_id == Account.id)
        .where(
            LoginSession.token_hash == _hash(token),
            Account.id == account_id,
            LoginSession.created_utc >= _now() - MAX_AGE,
        )
    )
    with _accounts_session(settings) as session:
        account = session.scalars(query).first()
        return User(id=account.id, name=account.username) if account else None


def close_session(settings: Settings, token: str) -> None:
    with _accounts_session(settings) as session, session.begin():
        session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))


def close_all(settings: Settings, account_id: int) -> int:
    """End every session of the account (on every device); returns how many there were."""
    with _accounts_session(settings) as session, session.begin():
        result = session.execute(delete(LoginSession).where(LoginSession.account_id == account_id))
        return int(getattr(result, "rowcount", 0) or 0)
