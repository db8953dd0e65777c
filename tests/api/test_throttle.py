"""Sign-in limits shared by all workers (in the database), per address and per account; X-Forwarded-For only
from configured proxies; argon2 off the event loop; 429 with Retry-After on every face."""

from __future__ import annotations

import dataclasses
import re
import threading
import time
from collections.abc import Iterator

import pytest

from crampcare.api import throttle
from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.cli.serve import uvicorn_config

from .conftest import TestClient, drop_user_schemas, make_client, server_settings
from .test_accounts import csrf, sign_up


@pytest.fixture
def server(db_url: str) -> Iterator[Settings]:
    yield server_settings(db_url)
    if db_url.startswith("postgresql"):
        drop_user_schemas(db_url)


def _login(c: TestClient, name: str, password: str = "wrong", **headers: str) -> object:
    token = csrf(c, "/login")
    data = {"csrf_token": token, "username": name, "password": password}
    return c.post("/login", data=data, headers=headers, follow_redirects=False)


def test_two_workers_share_one_budget_per_account(server: Settings) -> None:
    # Two apps on the same database stand for two worker processes.
    with make_client(create_app(server)) as first, make_client(create_app(server)) as second:
        sign_up(first, "alice")
        codes = [_login(first if i % 2 else second, "alice").status_code for i in range(server.login_attempts)]
        assert codes == [401] * server.login_attempts
        refused = _login(first, "alice")
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
        assert "too many sign-in attempts" in refused.text  # the web's error page, in words
        assert _login(second, "alice", "correct horse battery").status_code == 429  # the other worker too


def test_new_names_from_one_address_are_limited_by_the_address(server: Settings) -> None:
    settings = dataclasses.replace(server, login_attempts_per_address=6)
    with make_client(create_app(settings)) as c:
        codes = [_login(c, f"nobody{i}").status_code for i in range(7)]
        # a spoofed X-Forwarded-For does not make a new client: no proxy is configured
        spoofed = _login(c, "nobody99", **{"X-Forwarded-For": "203.0.113.7"})
    assert codes == [401] * 6 + [429]
    assert spoofed.status_code == 429 and "Retry-After" in spoofed.headers
    assert "Too many sign-in attempts" in spoofed.text  # refused before its form was read (EarlyRefusal)


def test_a_successful_sign_in_does_not_count_and_resets_the_account(server: Settings) -> None:
    with make_client(create_app(server)) as c:
        sign_up(c, "bert")
        c.post("/logout", data={"csrf_token": csrf(c, "/")})
        for _ in range(server.login_attempts - 1):
            assert _login(c, "bert").status_code == 401
        assert _login(c, "bert", "correct horse battery").status_code == 303
        c.post("/logout", data={"csrf_token": csrf(c, "/")})
        assert _login(c, "bert").status_code == 401  # a fresh budget, not the 429 of the sixth attempt


def test_registration_is_rate_limited_per_address(server: Settings) -> None:
    settings = dataclasses.replace(server, registrations_per_address=2)
    with make_client(create_app(settings)) as c:
        sign_up(c, "reg1")
        c.post("/logout", data={"csrf_token": csrf(c, "/")})
        sign_up(c, "reg2")
        c.post("/logout", data={"csrf_token": csrf(c, "/")})
        third = c.post(
            "/register",
            data={"csrf_token": csrf(c, "/register"), "username": "reg3", "password": "correct horse battery"},
        )
    assert third.status_code == 429 and "Retry-After" in third.headers


def test_sign_in_waits_for_argon2_in_a_pool_not_on_the_event_loop(
    server: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import crampcare.web.auth_pages as pages

    def slow(*_args: object) -> None:
        time.sleep(1.5)  # a very slow hash

    monkeypatch.setattr(pages, "authenticate", slow)
    with make_client(create_app(server)) as c:
        token = csrf(c, "/login")
        thread = threading.Thread(
            target=lambda: c.post("/login", data={"csrf_token": token, "username": "x", "password": "y"})
        )
        thread.start()
        time.sleep(0.2)
        started = time.monotonic()
        assert c.get("/api/v1/health").status_code == 200
        took = time.monotonic() - started
        thread.join()
    assert took < 1.0, f"/health waited {took:.2f} s behind a sign-in"


def test_too_many_waiting_sign_ins_are_told_to_come_back(server: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttle, "MAX_WAITING", 0)
    with make_client(create_app(server)) as c:
        refused = _login(c, "anyone")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"


def test_forwarded_headers_are_read_only_from_configured_proxies() -> None:
    plain = uvicorn_config(Settings(host="127.0.0.1"), 8000, 1)
    assert plain.proxy_headers is False
    proxied = uvicorn_config(Settings(host="127.0.0.1", trusted_proxies=("10.0.0.5",)), 8000, 1)
    assert proxied.proxy_headers is True and proxied.forwarded_allow_ips == ["10.0.0.5"]


def test_server_mode_can_be_forced_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    from crampcare.errors import InputError

    monkeypatch.setenv("CRAMPCARE_SERVER_MODE", "1")
    monkeypatch.delenv("CRAMPCARE_SECRET_KEY", raising=False)
    with pytest.raises(InputError, match="CRAMPCARE_SECRET_KEY"):
        Settings.from_env(host="127.0.0.1")
    monkeypatch.setenv("CRAMPCARE_SECRET_KEY", "Q7fz-9xLw2pR4tYb8nM3vC6hJ1dS5gA0kE2u")
    settings = Settings.from_env(host="127.0.0.1")
    assert settings.server_mode and "127.0.0.1" in settings.accepted_hosts


# --- account enumeration (issue 13 §9): no answer tells, at scale, which user names have an account ----------


def _register(c: TestClient, name: str) -> object:
    data = {"csrf_token": csrf(c, "/register"), "username": name, "password": "violet tractor puddle"}
    return c.post("/register", data=data, follow_redirects=False)


def test_name_taken_answers_are_capped_server_wide_then_every_sign_up_waits_alike(server: Settings) -> None:
    # Many addresses stand in for a botnet: the per-address budget is out of the way, the server-wide one is not.
    settings = dataclasses.replace(server, registrations_per_address=100, taken_names_per_window=2)
    with make_client(create_app(settings)) as owner:
        sign_up(owner, "carol")
    with make_client(create_app(settings)) as prober:
        first, second = _register(prober, "carol"), _register(prober, "carol")
        taken, fresh = _register(prober, "carol"), _register(prober, "newperson")
    assert [first.status_code, second.status_code] == [422, 422]  # type: ignore[attr-defined]
    assert "taken" in first.text  # type: ignore[attr-defined]
    # Budget used: a taken name and a free one get the same refusal, so the refusal is no oracle either.
    assert taken.status_code == fresh.status_code == 429  # type: ignore[attr-defined]
    assert "Retry-After" in taken.headers and "Retry-After" in fresh.headers  # type: ignore[attr-defined]
    seconds = re.compile(r"\d+ s\b")  # the wait may tick over a second between the two
    assert seconds.sub("N s", taken.text) == seconds.sub("N s", fresh.text)  # type: ignore[attr-defined]
    assert "taken" not in fresh.text  # type: ignore[attr-defined]


def test_free_names_do_not_use_the_taken_name_budget(server: Settings) -> None:
    settings = dataclasses.replace(server, registrations_per_address=100, taken_names_per_window=1)
    with make_client(create_app(settings)) as c:
        for name in ("dora1", "dora2", "dora3"):
            assert _register(c, name).status_code == 303  # type: ignore[attr-defined]
            c.post("/logout", data={"csrf_token": csrf(c, "/")})


def test_sign_in_answers_and_works_alike_for_a_name_without_an_account(
    server: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crampcare.api import accounts

    with make_client(create_app(server)) as c:
        sign_up(c, "erin")
        c.post("/logout", data={"csrf_token": csrf(c, "/")})
        calls: list[str] = []
        real = accounts._hasher

        class Counting:
            def hash(self, password: str) -> str:
                calls.append("hash")
                return real.hash(password)

            def verify(self, stored: str, password: str) -> bool:
                calls.append("verify")
                return real.verify(stored, password)

        monkeypatch.setattr(accounts, "_hasher", Counting())
        known = _login(c, "erin", "wrong password here")
        work_known, calls[:] = list(calls), []
        unknown = _login(c, "erik", "wrong password here")
        work_unknown = list(calls)
    assert known.status_code == unknown.status_code == 401  # type: ignore[attr-defined]
    # One argon2 computation each (a verify costs what a hash with the same parameters costs): no timing tell.
    assert len(work_known) == len(work_unknown) == 1
    message = "User name or password is wrong."
    assert message in known.text and message in unknown.text  # type: ignore[attr-defined]
    assert known.text.replace("erin", "NAME") == unknown.text.replace("erik", "NAME")  # type: ignore[attr-defined]


def test_the_account_limit_counts_names_without_an_account_too(server: Settings) -> None:
    # A 429 only for names that exist would itself list them.
    with make_client(create_app(server)) as c:
        sign_up(c, "fred")
        c.post("/logout", data={"csrf_token": csrf(c, "/")})
        real = [_login(c, "fred").status_code for _ in range(server.login_attempts + 1)]  # type: ignore[attr-defined]
        ghost = [_login(c, "fredx").status_code for _ in range(server.login_attempts + 1)]  # type: ignore[attr-defined]
    assert real == ghost == [401] * server.login_attempts + [429]


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("192.0.2.7", "192.0.2.7"),
        (None, "unknown"),
    ],
)
def test_an_ipv6_client_is_counted_as_its_64_network(host: str | None, key: str) -> None:
    assert throttle.client_address(host) == key
