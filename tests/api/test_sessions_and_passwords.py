"""Revocable sessions (logout, a new password, sign out everywhere) and NIST SP 800-63B passwords."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crampcare.api.app import create_app
from crampcare.api.passwords import check_password
from crampcare.api.settings import Settings
from crampcare.errors import InputError

from .conftest import TestClient, drop_user_schemas, make_client, server_settings
from .test_accounts import csrf, sign_up

GOOD = "correct horse battery"


@pytest.fixture
def server(db_url: str) -> Iterator[Settings]:
    yield server_settings(db_url)
    if db_url.startswith("postgresql"):
        drop_user_schemas(db_url)


def _signed_in(c: TestClient) -> bool:
    return c.get("/api/v1/diary/episodes").status_code == 200


def _copy(c: TestClient, app: object) -> TestClient:
    """A second client carrying a copy of the first one's cookie (a stolen cookie)."""
    thief = make_client(app)  # type: ignore[arg-type]
    thief.cookies.set("crampcare_session", c.cookies["crampcare_session"])
    return thief


def test_logout_revokes_a_copied_cookie(server: Settings) -> None:
    app = create_app(server)
    with make_client(app) as c:
        sign_up(c, "gina")
        with _copy(c, app) as thief:
            assert _signed_in(thief)
            c.post("/logout", data={"csrf_token": csrf(c, "/")})
            assert not _signed_in(c)
            assert not _signed_in(thief)  # the copied cookie no longer works


def test_a_new_password_ends_other_sessions_but_keeps_this_one(server: Settings) -> None:
    app = create_app(server)
    with make_client(app) as c:
        sign_up(c, "hank")
        with _copy(c, app) as thief:
            wrong = c.post(
                "/account/password",
                data={"csrf_token": csrf(c, "/account"), "current_password": "nope nope nope", "new_password": "x"},
            )
            assert wrong.status_code == 422  # the new one is checked first: too short
            wrong = c.post(
                "/account/password",
                data={
                    "csrf_token": csrf(c, "/account"),
                    "current_password": "nope nope nope",
                    "new_password": "lantern wobble fig",
                },
            )
            assert wrong.status_code == 401 and _signed_in(thief)
            changed = c.post(
                "/account/password",
                data={
                    "csrf_token": csrf(c, "/account"),
                    "current_password": GOOD,
                    "new_password": "lantern wobble fig",
                },
                follow_redirects=False,
            )
            assert changed.status_code == 303
            assert _signed_in(c) and not _signed_in(thief)
        c.post("/logout", data={"csrf_token": csrf(c, "/")})
        old = c.post("/login", data={"csrf_token": csrf(c, "/login"), "username": "hank", "password": GOOD})
        assert old.status_code == 401
        new = c.post(
            "/login",
            data={"csrf_token": csrf(c, "/login"), "username": "hank", "password": "lantern wobble fig"},
            follow_redirects=False,
        )
        assert new.status_code == 303


def test_sign_out_everywhere(server: Settings) -> None:
    app = create_app(server)
    with make_client(app) as c:
        sign_up(c, "ivy")
        with _copy(c, app) as other_device:
            answer = c.post(
                "/account/sign-out-everywhere", data={"csrf_token": csrf(c, "/account")}, follow_redirects=False
            )
            assert answer.status_code == 303 and answer.headers["location"] == "/login"
            assert not _signed_in(c) and not _signed_in(other_device)


def test_the_account_page_needs_sign_in(server: Settings) -> None:
    with make_client(create_app(server)) as c:
        assert c.get("/account", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "password",
    ["password", "12345678", "qwertyuiop", "iloveyou", "aaaaaaaaaa", "passw0rd", "abcdefgh", "jordan23jordan23"],
)
def test_common_and_leaked_passwords_are_refused(password: str) -> None:
    with pytest.raises(InputError) as caught:
        check_password(password)
    assert caught.value.field == "password"


@pytest.mark.parametrize("password", ["correct horse battery", "lantern wobble fig", "xk3#p9LmQ2", "Tr0ub4dor&3x"])
def test_long_uncommon_passwords_need_no_composition_rules(password: str) -> None:
    check_password(password)


def test_length_limits_and_the_user_name() -> None:
    with pytest.raises(InputError, match="too short"):
        check_password("kq7#zP")
    check_password("kq7#zPw!")  # 8 characters are enough when nobody would guess them
    with pytest.raises(InputError, match="too long"):
        check_password("k" * 257)
    with pytest.raises(InputError):
        check_password("maxwell1990", username="maxwell")


@pytest.mark.parametrize("length", [72, 73, 100, 256])
def test_a_long_password_is_judged_not_a_crash(length: int) -> None:
    import secrets

    check_password(secrets.token_urlsafe(200)[:length])  # a password manager's long password is fine
    with pytest.raises(InputError) as caught:
        check_password(("password" * 40)[:length])  # long, yet a repeat of the commonest password
    assert caught.value.field == "password"


def test_signing_up_and_changing_to_a_long_password_works(server: Settings) -> None:
    first, second = "lantern wobble fig " * 6, "orchard plum river kite " * 10  # 114 and 240 characters
    with make_client(create_app(server)) as c:
        signed_up = c.post(
            "/register",
            data={"csrf_token": csrf(c, "/register"), "username": "longpass", "password": first},
            follow_redirects=False,
        )
        assert signed_up.status_code == 303 and _signed_in(c)
        changed = c.post(
            "/account/password",
            data={"csrf_token": csrf(c, "/account"), "current_password": first, "new_password": second},
            follow_redirects=False,
        )
        assert changed.status_code == 303
    with make_client(create_app(server)) as c:
        form = {"csrf_token": csrf(c, "/login"), "username": "longpass", "password": second}
        assert c.post("/login", data=form, follow_redirects=False).status_code == 303 and _signed_in(c)


def test_registration_explains_a_weak_password(server: Settings) -> None:
    with make_client(create_app(server)) as c:
        weak = c.post(
            "/register", data={"csrf_token": csrf(c, "/register"), "username": "jill", "password": "password1"}
        )
    assert weak.status_code == 422 and "too easy to guess" in weak.text
