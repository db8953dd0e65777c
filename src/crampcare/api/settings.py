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
from crampcare.i18n import _, ngettext

SECRET_ENV = "CRAMPCARE_SECRET_KEY"
DATABASE_ENV = "CRAMPCARE_DATABASE_URL"
HOST_ENV = "CRAMPCARE_HOST"
MIN_SECRET_LENGTH = 32
# Values people copy from examples; a key anyone can read is no key.
DEFAULT_SECRETS = frozenset({"", "changeme", "change-me", "secret", "dev", "development", "crampcare", "default"})
DEFAULT_MAX_BODY_BYTES = 64 * 1024


ALLOWED_HOSTS_ENV = "CRAMPCARE_ALLOWED_HOSTS"
PROXIES_ENV = "CRAMPCARE_TRUSTED_PROXIES"
SERVER_MODE_ENV = "CRAMPCARE_SERVER_MODE"
LOGIN_ATTEMPTS_ENV = "CRAMPCARE_LOGIN_ATTEMPTS"  # failed sign-ins per account per 5 minutes
ADDRESS_ATTEMPTS_ENV = "CRAMPCARE_LOGIN_ATTEMPTS_PER_ADDRESS"  # sign-ins per client address per 5 minutes
TAKEN_NAMES_ENV = "CRAMPCARE_TAKEN_NAMES"  # "name taken" answers per hour, server-wide
# The Host header values a local server answers (with any port): a page on another site that rebinds its own
# name to 127.0.0.1 sends its own name as Host, and is refused.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """True only for an address nobody else can reach: 127.0.0.0/8, ::1, or `localhost` resolving to those.

    Everything else is not: "" and 0.0.0.0 and :: (every interface), and any other name, whatever it
    resolves to today (a name can be pointed elsewhere later).
    """
    literal = host.strip("[]")
    if host.casefold() == "localhost":
        return _resolves_to_loopback_only(host)
    try:
        return ipaddress.ip_address(literal).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """True for the hosts that bind every interface: "", 0.0.0.0, ::."""
    try:
        return host == "" or ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def _resolves_to_loopback_only(name: str) -> bool:
    import socket

    try:
        found = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except OSError:
        return False
    return bool(found) and all(ipaddress.ip_address(str(item[4][0]).split("%")[0]).is_loopback for item in found)


def host_name(value: str) -> str:
    """A Host header or configured name without its port, in lower case, IPv6 without brackets."""
    value = value.strip().casefold().rstrip(".")
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    name, colon, port = value.rpartition(":")
    if colon and port.isdigit() and ":" not in name:
        return name
    return value


@dataclass(frozen=True)
class Settings:
    """Everything the app factory needs; build with `from_env` or directly in tests."""

    host: str = "127.0.0.1"
    database_url: str | None = None  # None: the diary's SQLite default in the user data directory
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    login_attempts: int = 5  # failed sign-ins per account per window before 429
    login_attempts_per_address: int = 20  # sign-ins per client address per window (several people may share one)
    registrations_per_address: int = 5  # new accounts per client address per window
    # Sign-ups answered "name taken", server-wide, per taken_name_window_seconds: beyond it every sign-up waits
    # (CRAMPCARE_TAKEN_NAMES), so many addresses together still cannot list who has an account.
    taken_names_per_window: int = 30
    taken_name_window_seconds: float = 3600.0
    login_window_seconds: float = 300.0
    # Proxies whose X-Forwarded-For is believed (CRAMPCARE_TRUSTED_PROXIES); anyone else's is ignored.
    trusted_proxies: tuple[str, ...] = ()
    # Server mode on a loopback address too (CRAMPCARE_SERVER_MODE=1, `serve --server-mode`): behind a proxy on
    # the same machine, 127.0.0.1 is reachable by everyone the proxy serves.
    force_server_mode: bool = False
    https_only_cookies: bool | None = None  # None: follow the mode (server mode → True)
    # Host names the server answers to (CRAMPCARE_ALLOWED_HOSTS); a server bound to one name or address
    # answers that one too, a local server always its loopback names.
    allowed_hosts: tuple[str, ...] = ()

    @property
    def server_mode(self) -> bool:
        return self.force_server_mode or not is_loopback(self.host)

    @property
    def secure_cookies(self) -> bool:
        return self.server_mode if self.https_only_cookies is None else self.https_only_cookies

    @property
    def accepted_hosts(self) -> frozenset[str]:
        """The Host header names (without port) this server answers; any other is refused (DNS rebinding)."""
        names = {host_name(name) for name in self.allowed_hosts if name.strip()}
        if not self.server_mode:
            names.update(LOOPBACK_NAMES)
        elif not is_wildcard(self.host):
            names.add(host_name(self.host))
        return frozenset(names)

    def check(self) -> Settings:
        """Raise InputError naming the setting when server mode would be unsafe."""
        if self.server_mode:
            check_secret(self.secret_key)
            if not self.accepted_hosts:
                raise InputError(
                    _(
                        "a server bound to every interface (%(host)s) must be told the names it is reached by; any "
                        "other Host header is refused"
                    )
                    % {"host": self.host or _("an empty --host")},
                    field=ALLOWED_HOSTS_ENV,
                    valid=_("comma-separated host names, e.g. diary.example.org,192.0.2.10"),
                )
        if self.max_body_bytes < 1024:
            raise InputError(_("too small to carry a profile"), field="max_body_bytes", valid=_("at least 1024"))
        return self

    @classmethod
    def from_env(cls, *, host: str | None = None, database_url: str | None = None) -> Settings:
        """Settings from arguments, then the environment; a local server invents its own secret."""
        # An empty host is not "the default": uvicorn binds it to every interface, so it is server mode.
        chosen_host = host if host is not None else os.environ.get(HOST_ENV, "127.0.0.1")
        secret = os.environ.get(SECRET_ENV)
        url = database_url if database_url is not None else _env_database_url()
        hosts = _names(os.environ.get(ALLOWED_HOSTS_ENV, ""))
        proxies = _names(os.environ.get(PROXIES_ENV, ""))
        forced = os.environ.get(SERVER_MODE_ENV, "").strip() == "1"
        common = {
            "host": chosen_host,
            "database_url": url,
            "allowed_hosts": hosts,
            "trusted_proxies": proxies,
            "login_attempts": _count(LOGIN_ATTEMPTS_ENV, 5),
            "login_attempts_per_address": _count(ADDRESS_ATTEMPTS_ENV, 20),
            "taken_names_per_window": _count(TAKEN_NAMES_ENV, 30),
        }
        if secret is None and is_loopback(chosen_host) and not forced:
            return cls(**common).check()  # type: ignore[arg-type]
        return cls(**common, secret_key=secret or "", force_server_mode=forced).check()  # type: ignore[arg-type]


def _count(variable: str, default: int) -> int:
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= 1_000_000:
        raise InputError(
            _("not a count: %(text)s") % {"text": repr(text)},
            field=variable,
            valid=_("a whole number from 1 to 1000000"),
        )
    return int(text)


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


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


GENERATE = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
# Estimated from the characters' frequencies with the Miller-Madow correction (the plain estimate is biased low
# for short strings: 1 in 100 fresh 32-hex-digit secrets read below 100 bits). Random 32 hex digits (128 bits)
# estimate at 101 or more in 200,000 draws; 90 still refuses short alphabets and patterns.
MIN_SECRET_BITS = 90


def check_secret(secret: str) -> None:
    if secret.strip().casefold() in DEFAULT_SECRETS:
        raise InputError(
            _("missing or a well-known default; a server reachable from other machines needs its own secret"),
            field=SECRET_ENV,
            valid=ngettext(
                "a random string of at least %(num)s characters, e.g. from `%(command)s`",
                "a random string of at least %(num)s characters, e.g. from `%(command)s`",
                MIN_SECRET_LENGTH,
            )
            % {"num": MIN_SECRET_LENGTH, "command": GENERATE},
        )
    if len(secret) < MIN_SECRET_LENGTH:
        raise InputError(
            _("too short (%(num)s characters)") % {"num": len(secret)},
            field=SECRET_ENV,
            valid=ngettext("at least %(num)s characters", "at least %(num)s characters", MIN_SECRET_LENGTH)
            % {"num": MIN_SECRET_LENGTH},
        )
    problem = _guessable(secret)
    if problem:
        raise InputError(
            _("too easy to guess: %(problem)s") % {"problem": problem},
            field=SECRET_ENV,
            valid=_("a random string, e.g. from `%(command)s`") % {"command": GENERATE},
        )


def _guessable(secret: str) -> str | None:
    """Why a long secret is still guessable ("a"×32, "changeme"×4, "abcd…", "qwerty…"), or None."""
    import math
    from collections import Counter
    from itertools import pairwise

    for period in range(1, len(secret) // 2 + 1):
        # Mostly repeating ("changeme" four times and a "1") counts as repeating; random text matches itself
        # shifted by one in 16 places (hex digits) or fewer.
        same = sum(secret[i] == secret[i - period] for i in range(period, len(secret)))
        if same >= 0.75 * (len(secret) - period):
            return _("it repeats %(text)s") % {"text": repr(secret[:period])}
    counts = Counter(secret)
    # 8, not more: 1 in 10,000 random 32-hex-digit secrets has only 9 different digits.
    if len(counts) < 8:
        kinds = len(counts)
        return ngettext("only %(num)s different characters", "only %(num)s different characters", kinds) % {
            "num": kinds
        }
    runs = 1 + sum(a != b for a, b in pairwise(secret))
    if runs < len(secret) / 2:  # "aaaabbbbcccc…": random text changes character at almost every step
        return _("long runs of the same character")
    bits = -sum(n * math.log2(n / len(secret)) for n in counts.values()) + (len(counts) - 1) / (2 * math.log(2))
    if bits < MIN_SECRET_BITS:
        return _("about %(bits)s bits of randomness, %(needed)s needed") % {
            "bits": f"{bits:.0f}",
            "needed": MIN_SECRET_BITS,
        }
    walked = _runs_and_walks(secret)
    if walked >= MAX_SECRET_WALKED * len(secret):
        return _("%(walked)s of its %(num)s characters are alphabet or digit runs or keyboard walks") % {
            "walked": walked,
            "num": len(secret),
        }
    return None


# A character count cannot see order: "abcdefghijklmnopqrstuvwxyz012345" has 32 different characters. zxcvbn's
# run and keyboard-walk matchers can (well under a millisecond; its full estimate takes tens). Stretches of 4 or
# more cover at most 59 % of a random 32-hex-digit secret and 27 % of token_urlsafe(48) (20,000 draws each).
MAX_SECRET_WALKED = 0.75


def _runs_and_walks(secret: str) -> int:
    """How many characters of `secret` lie in an alphabet or digit run (abcd, 9876, aceg) or a keyboard walk
    (qwer, 1qaz) of at least 4."""
    from zxcvbn import matching

    covered: set[int] = set()
    for match in [*matching.sequence_match(secret), *matching.spatial_match(secret)]:
        if match["j"] - match["i"] + 1 >= 4:
            covered.update(range(match["i"], match["j"] + 1))
    return len(covered)
