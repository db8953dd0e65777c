"""Sign-in and registration limits, shared by every worker process, and password hashing off the event loop.

Attempts are rows in the accounts database (`attempts`: a key and a time), so N
worker processes share one budget instead of giving an attacker N. Keys are the
client address (`addr:…`) and the account name (`user:…`): a flood of new
names from one address is stopped by the address, a guess spread over many
addresses by the account. The client address is the socket's peer; a
`X-Forwarded-For` is only believed when it comes from a configured proxy
(uvicorn rewrites the peer then, see `cli.serve`), never from anyone else.

Argon2 takes tens of milliseconds of CPU by design; run on the event loop it
stalls every other request. It runs in a small thread pool instead (argon2
releases the GIL), and when more sign-ins wait than the pool can catch up with,
the next one is told to come back (429) rather than queued without end.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import math
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar, TypeVar

from sqlalchemy import DateTime, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from crampcare.api.accounts import _accounts_session, _Base
from crampcare.api.errors import ApiError
from crampcare.api.settings import Settings
from crampcare.i18n import N_, _

# What a refusal says for each kind of attempt, in the reader's language.
_TOO_MANY = {
    "sign-in": N_("too many sign-in attempts; try again in %(wait)s s"),
    "sign-up": N_("too many sign-up attempts; try again in %(wait)s s"),
    "password": N_("too many password attempts; try again in %(wait)s s"),
}


def _too_many_said(action: str, wait: int) -> str:
    said = _TOO_MANY.get(action)
    return _(said) % {"wait": wait} if said else f"too many {action} attempts; try again in {wait} s"


def _budget(allowed: int, seconds: int) -> str:
    return _("at most %(count)s attempts per %(seconds)s s") % {"count": allowed, "seconds": seconds}


T = TypeVar("T")

# Per worker process: at most this many argon2 computations at once. One leaves the other core to the event
# loop (measured in benchmarks/bench_login_flood.py: two let a flood take /health below half its throughput).
HASH_THREADS = 1
MAX_WAITING = 16  # sign-ins queued for the pool beyond which the next is refused (429)


class Attempt(_Base):
    __tablename__ = "attempts"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), index=True)
    at_utc: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def client_address(host: str | None) -> str:
    """The key a client's attempts are counted under. An IPv6 client is its /64 network: one home or server is
    handed a whole /64, and counting each of its 2^64 addresses apart would give it an unlimited budget."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host  # not an address (a test client's name): counted as it is
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


# Keys this process has refused, and until when (monotonic): a refused key stays refused until then whatever
# happens (nothing but time frees a budget), so a flood of refused requests costs no database round trip.
_blocked: dict[str, tuple[float, str]] = {}  # key -> (until, what would be valid)
_blocked_lock = threading.Lock()


def _memo(settings: Settings, key: str) -> str:
    return f"{settings.database_url}|{key}"  # each accounts database has its own budgets


def blocked_for(settings: Settings, key: str) -> int:
    """Seconds this process still refuses `key` (0: not refused)."""
    with _blocked_lock:
        until = _blocked.get(_memo(settings, key), (0.0, ""))[0]
    return max(0, math.ceil(until - time.monotonic()))


class EarlyRefusal:
    """Answer a sign-in or sign-up from an address this process already refuses before reading its body: a
    flood of refused requests then costs less than a /health request (no form parsing, no page rendering)."""

    PATHS: ClassVar[dict[str, str]] = {"/login": "sign-in", "/register": "sign-up"}

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        action = self.PATHS.get(scope.get("path", "")) if scope["type"] == "http" else None
        if action is None or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        prefix = "addr" if action == "sign-in" else "register"
        wait = blocked_for(self.settings, f"{prefix}:{client_address(client[0] if client else None)}")
        if not wait:
            await self.app(scope, receive, send)
            return
        body = (
            f"<!doctype html><title>Too many attempts</title><h1>Too many {action} attempts</h1>"
            f"<p>Try again in {wait} s.</p>"
        ).encode()
        headers = [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(wait).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _still_blocked(settings: Settings, limits: list[tuple[str, int]], action: str) -> None:
    now = time.monotonic()
    with _blocked_lock:
        for key, _allowed in limits:
            until, valid = _blocked.get(_memo(settings, key), (0.0, ""))
            if until > now:
                wait = max(1, math.ceil(until - now))
                raise too_many(_too_many_said(action, wait), valid, wait)
        if len(_blocked) > 10_000:  # forget the expired ones now and then
            for key in [k for k, (until, _valid) in _blocked.items() if until <= now]:
                del _blocked[key]


def check_and_record(
    settings: Settings,
    limits: list[tuple[str, int]],
    action: str,
    *,
    window_seconds: float | None = None,
    record: bool = True,
) -> list[int]:
    """Refuse (429 with Retry-After) when any key has used its budget in the window; else record one attempt per
    key (unless `record` is False: only checked) and return the new rows' ids (`forget` them when the attempt
    succeeds)."""
    _still_blocked(settings, limits, action)
    window = dt.timedelta(seconds=settings.login_window_seconds if window_seconds is None else window_seconds)
    now = _now()
    with _accounts_session(settings) as session, session.begin():
        # Old rows go (indexed); the longest window any budget uses decides what is old.
        keep = max(window, dt.timedelta(seconds=settings.taken_name_window_seconds))
        session.execute(delete(Attempt).where(Attempt.at_utc < now - keep))
        for key, allowed in limits:
            used, oldest = session.execute(
                select(func.count(), func.min(Attempt.at_utc)).where(Attempt.key == key, Attempt.at_utc >= now - window)
            ).one()
            if used >= allowed:
                wait = max(1, math.ceil((oldest + window - now).total_seconds()))
                valid = _budget(allowed, int(window.total_seconds()))
                with _blocked_lock:
                    _blocked[_memo(settings, key)] = (time.monotonic() + wait, valid)
                raise too_many(_too_many_said(action, wait), valid, wait)
        if not record:
            return []
        rows = [Attempt(key=key, at_utc=now) for key, _allowed in limits]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


# Server-wide count of sign-ups answered "that user name is taken". That answer cannot be avoided (the person
# must pick another name and there is no e-mail to confirm through), so its number is what is bounded: once the
# budget is used, EVERY sign-up is refused with the same 429 until the window frees, whatever its name, so the
# refusal itself says nothing about which names exist. Addresses can be many; this budget is one.
TAKEN_KEY = "register-taken"


async def taken_names_allowed(settings: Settings) -> None:
    """429 (Retry-After) for any sign-up while the server-wide budget of "name taken" answers is used up."""
    await run_in_threadpool(
        check_and_record,
        settings,
        [(TAKEN_KEY, settings.taken_names_per_window)],
        "sign-up",
        window_seconds=settings.taken_name_window_seconds,
        record=False,
    )


def record_taken_name(settings: Settings) -> None:
    with _accounts_session(settings) as session, session.begin():
        session.add(Attempt(key=TAKEN_KEY, at_utc=_now()))


def forget(settings: Settings, ids: list[int]) -> None:
    """Remove recorded attempts (a sign-in that succeeded no longer counts against its account)."""
    if ids:
        with _accounts_session(settings) as session, session.begin():
            session.execute(delete(Attempt).where(Attempt.id.in_(ids)))


def forget_key(settings: Settings, key: str) -> None:
    with _accounts_session(settings) as session, session.begin():
        session.execute(delete(Attempt).where(Attempt.key == key))


def too_many(message: str, valid: str, wait: int) -> ApiError:
    return ApiError(429, message, valid=valid, headers={"Retry-After": str(wait)})


async def limited(settings: Settings, limits: list[tuple[str, int]], action: str) -> list[int]:
    """`check_and_record` in a worker thread: a database round trip does not hold up the event loop either."""
    return await run_in_threadpool(check_and_record, settings, limits, action)


def _lower_priority() -> None:
    """Hashing threads run at a lower CPU priority (Linux: per thread): under a flood of sign-ins the event
    loop, which answers every other request, gets the CPU first; argon2 still runs whenever a core is free."""
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or not allowed: the pool still bounds the work
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


_pool = ThreadPoolExecutor(max_workers=HASH_THREADS, thread_name_prefix="crampcare-argon2", initializer=_lower_priority)
_waiting = 0
_waiting_lock = threading.Lock()


async def hashing(work: Callable[[], T]) -> T:
    """Run password work (argon2) in the bounded pool; 429 when too many already wait for it."""
    global _waiting
    with _waiting_lock:
        if _waiting >= MAX_WAITING:
            raise too_many(_("too many sign-ins at this moment; try again in a second"), _("a moment later"), 1)
        _waiting += 1
    try:
        return await asyncio.get_running_loop().run_in_executor(_pool, work)
    finally:
        with _waiting_lock:
            _waiting -= 1
