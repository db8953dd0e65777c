"""Server settings, read once at start-up; unsafe values refuse to start.

Two modes follow from the host the server binds to:

- local (a loopback host, the default): one person on their own machine, no
  login; the diary belongs to a single local user.
- server (any other host): accounts, signed session cookies sent over HTTPS
  only, CSRF tokens on every form, a login rate limit — and a real secret key,
  because a guessable key lets anyone forge a session.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field

from crampcare.errors import InputError

SECRET_ENV = "CRAMPCARE_SECRET_KEY"
DATABASE_ENV = "CRAMPCARE_DATABASE_URL"
HOST_ENV = "CRAMPCARE_HOST"
MIN_SECRET_LENGTH = 32
# Values people copy from examples; a key anyone can read is no key.
DEFAULT_SECRETS = frozenset({"", "changeme", "change-me", "secret", "dev", "development", "crampcare", "default"})
DEFAULT_MAX_BODY_BYTES = 64 * 1024


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and `localhost`: nobody else can reach the server."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Settings:
    """Everything the app factory needs; build with `from_env` or directly in tests."""

    host: str = "127.0.0.1"
    database_url: str | None = None  # None: the diary's SQLite default in the user data directory
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    login_attempts: int = 5  # failed logins per window before 429
    login_window_seconds: float = 300.0
    https_only_cookies: bool | None = None  # None: follow the mode (server mode → True)

    @property
    def server_mode(self) -> bool:
        return not is_loopback(self.host)

    @property
    def secure_cookies(self) -> bool:
        return self.server_mode if self.https_only_cookies is None else self.https_only_cookies

    def check(self) -> Settings:
        """Raise InputError naming the setting when server mode would be unsafe."""
        if self.server_mode:
            check_secret(self.secret_key)
        if self.max_body_bytes < 1024:
            raise InputError("too small to carry a profile", field="max_body_bytes", valid="at least 1024")
        return self

    @classmethod
    def from_env(cls, *, host: str | None = None, database_url: str | None = None) -> Settings:
        """Settings from arguments, then the environment; a local server invents its own secret."""
        chosen_host = host or os.environ.get(HOST_ENV) or "127.0.0.1"
        secret = os.environ.get(SECRET_ENV)
        url = database_url if database_url is not None else _env_database_url()
        if secret is None and is_loopback(chosen_host):
            return cls(host=chosen_host, database_url=url).check()
        return cls(host=chosen_host, database_url=url, secret_key=secret or "").check()


def local_secret() -> str:
    """The local server's session secret, kept in the user data folder (owner-only) across restarts.

    A new secret on every start would void the session cookie and its CSRF token: a form opened before a
    restart would be refused and what was typed into it lost. A server-mode secret never comes from here.
    """
    from pathlib import Path

    from platformdirs import user_data_dir

    path = Path(user_data_dir("crampcare")) / "local-secret"
    try:
        info = path.stat()
        # Only a file nobody else can read is kept: a secret others could read would let them forge a session.
        if info.st_uid == os.getuid() and not info.st_mode & 0o077:
            kept = path.read_text(encoding="ascii").strip()
            if len(kept) >= MIN_SECRET_LENGTH:
                return kept
    except (OSError, UnicodeDecodeError):
        pass  # none yet, or unreadable: make a new one
    secret = secrets.token_urlsafe(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed into place: a second server starting at the same moment reads either the
        # old file or the whole new one, never an empty one.
        temporary = path.with_name(f"local-secret.{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secret)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only home: this run's secret still works, only a restart voids open forms
    return secret


def _env_database_url() -> str | None:
    """CRAMPCARE_DATABASE_URL checked here, so that a bad value names the variable rather than --db."""
    value = os.environ.get(DATABASE_ENV, "")
    if not value.strip():
        return None  # empty counts as unset, as in diary.db.resolve_url
    from crampcare.diary.db import checked_url

    checked_url(value, field=DATABASE_ENV)
    return value


def check_secret(secret: str) -> None:
    if secret.strip().casefold() in DEFAULT_SECRETS:
        raise InputError(
            "missing or a well-known default; a server reachable from other machines needs its own secret",
            field=SECRET_ENV,
            valid=f"a random string of at least {MIN_SECRET_LENGTH} characters, "
            "e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(48))'`",
        )
    if len(secret) < MIN_SECRET_LENGTH:
        raise InputError(
            f"too short ({len(secret)} characters)", field=SECRET_ENV, valid=f"at least {MIN_SECRET_LENGTH} characters"
        )
