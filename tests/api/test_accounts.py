"""Server mode: accounts, sessions, CSRF, rate limit, refusing weak secrets, and per-user diaries."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.errors import InputError

from .conftest import EPISODE, SECRET, TestClient, drop_user_schemas, make_client, server_settings


def csrf(client: TestClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_up(client: TestClient, name: str, password: str = "correct horse battery") -> None:
    response = client.post(
        "/register",
        data={"csrf_token": csrf(client, "/register"), "username": name, "password": password},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


@pytest.fixture
def server(db_url: str) -> Iterator[Settings]:
    yield server_settings(db_url)
    if db_url.startswith("postgresql"):
        drop_user_schemas(db_url)


@pytest.mark.parametrize("secret", [None, "", "changeme", "secret", "short-but-not-default"])
def test_server_mode_refuses_a_missing_default_or_short_secret(secret: str | None) -> None:
    settings = Settings(host="0.0.0.0", secret_key=secret or "")
    with pytest.raises(InputError) as caught:
        create_app(settings)
    assert caught.value.field == "CRAMPCARE_SECRET_KEY"


def test_from_env_refuses_server_mode_without_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRAMPCARE_SECRET_KEY", raising=False)
    with pytest.raises(InputError, match="CRAMPCARE_SECRET_KEY"):
        Settings.from_env(host="192.0.2.10")
    assert not Settings.from_env(host="127.0.0.1").server_mode


def test_from_env_names_a_bad_database_variable_not_the_db_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRAMPCARE_DATABASE_URL", "nonsense")
    with pytest.raises(InputError) as caught:
        Settings.from_env(host="127.0.0.1")
    assert caught.value.field == "CRAMPCARE_DATABASE_URL"
    monkeypatch.setenv("CRAMPCARE_DATABASE_URL", "")
    assert Settings.from_env(host="127.0.0.1").database_url is None  # empty counts as unset


def test_session_cookie_is_secure_and_httponly_in_server_mode(sqlite_url: str) -> None:
    settings = Settings(host="0.0.0.0", database_url=sqlite_url, secret_key=SECRET, allowed_hosts=("testserver",))
    with make_client(create_app(settings)) as c:
        cookie = c.get("/register").headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def test_diary_needs_sign_in(server: Settings) -> None:
    with make_client(create_app(server)) as c:
        api = c.get("/api/v1/diary/episodes")
        page = c.get("/diary", follow_redirects=False)
    assert api.status_code == 401
    assert api.json()["error"]["code"] == "unauthorized"
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_a_user_can_never_read_or_change_another_users_diary(server: Settings) -> None:
    app = create_app(server)
    with make_client(app) as alice, make_client(app) as bob:
        sign_up(alice, "alice")
        sign_up(bob, "bob")
        eid = alice.post("/api/v1/diary/episodes", json=EPISODE).json()["id"]
        alice.put("/api/v1/diary/profile", json={"age_years": 41})
        assert bob.get("/api/v1/diary/episodes").json()["count"] == 0
        assert bob.get(f"/api/v1/diary/episodes/{eid}").status_code == 404
        assert bob.patch(f"/api/v1/diary/episodes/{eid}", json={"pain": 1}).status_code == 404
        assert bob.delete(f"/api/v1/diary/episodes/{eid}").status_code == 404
        assert bob.get("/api/v1/diary/profile").status_code == 404
        assert bob.get("/api/v1/diary/stats").json()["episodes"] == 0
        assert "episode-" not in bob.get("/diary").text
        token = csrf(bob, "/diary")
        bob.post(f"/diary/episodes/{eid}/delete", data={"csrf_token": token})
        mine = alice.get("/api/v1/diary/episodes").json()
    assert mine["count"] == 1 and mine["items"][0]["pain"] == 6


def test_forms_without_the_csrf_token_are_refused(server: Settings) -> None:
    with make_client(create_app(server)) as c:
        sign_up(c, "carol")
        response = c.post("/diary/episodes", data={"muscle": "calf", "side": "left", "setting": "other", "pain": "3"})
        assert response.status_code == 403
        assert c.get("/api/v1/diary/episodes").json()["count"] == 0


def test_every_form_post_without_the_csrf_token_is_refused(server: Settings) -> None:
    from crampcare.web import auth_pages, diary_pages, pages

    app = create_app(server)
    routes = [r for router in (pages.router, auth_pages.router, diary_pages.router) for r in router.routes]
    posts = [r.path for r in routes if "POST" in (getattr(r, "methods", None) or set())]
    forms = sorted(path.replace("{episode_id}", "1") for path in posts)
    assert len(forms) >= 8  # the web's forms: assess, profile, diary log/delete/check-in, login, register, logout
    with make_client(app) as c:
        sign_up(c, "erin")
        c.post("/diary/episodes", data={"csrf_token": csrf(c, "/diary"), **EPISODE})
        for path in forms:
            response = c.post(path, data={"csrf_token": "forged", "username": "erin", "password": "x"})
            assert response.status_code == 403, path
            assert "did not come from this site" in response.text, path  # the web's error page, in words
        assert c.get("/api/v1/diary/episodes").json()["count"] == 1  # the forged delete did nothing


def test_login_is_rate_limited(server: Settings) -> None:
    with make_client(create_app(server)) as c:
        sign_up(c, "dave")
        c.post("/logout", data={"csrf_token": csrf(c, "/")})
        codes = []
        for _ in range(server.login_attempts + 1):
            token = csrf(c, "/login")
            codes.append(
                c.post("/login", data={"csrf_token": token, "username": "dave", "password": "wrong"}).status_code
            )
        assert codes[:-1] == [401] * server.login_attempts
        assert codes[-1] == 429
        token = csrf(c, "/login")
        right = c.post("/login", data={"csrf_token": token, "username": "dave", "password": "correct horse battery"})
        assert right.status_code == 429  # even the right password waits: the limit is per name and address


def test_login_with_the_right_password_and_safe_redirect(server: Settings) -> None:
    with make_client(create_app(server)) as c:
        sign_up(c, "erin")
        c.post("/logout", data={"csrf_token": csrf(c, "/")})
        token = csrf(c, "/login")
        response = c.post(
            "/login",
            data={
                "csrf_token": token,
                "username": "erin",
                "password": "correct horse battery",
                "next": "//evil.example",
            },
            follow_redirects=False,
        )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_weak_password_and_taken_name_are_explained(server: Settings) -> None:
    with make_client(create_app(server)) as c:
        short = c.post("/register", data={"csrf_token": csrf(c, "/register"), "username": "frank", "password": "x"})
        assert short.status_code == 422 and "password" in short.text
        sign_up(c, "frank")
    with make_client(create_app(server)) as other:
        taken = other.post(
            "/register",
            data={"csrf_token": csrf(other, "/register"), "username": "frank", "password": "violet tractor puddle"},
        )
    assert taken.status_code == 422 and "taken" in taken.text


def test_local_mode_has_no_accounts(client: TestClient) -> None:
    assert client.get("/login").status_code == 404
    assert client.get("/api/v1/diary/episodes").status_code == 200


@pytest.mark.parametrize(
    "secret",
    [
        "a" * 32,
        "changeme" * 4,
        "abcdefgh" * 6,
        "0123456789" * 4,
        "changeme" * 4 + "1",
        "aaaabbbbccccddddeeeeffffgggghhhh",
        "abcdefghijklmnopqrstuvwxyz012345",  # 32 different characters, still a run
        "zyxwvutsrqponmlkjihgfedcba9876543210",
        "acegikmoqsuwy02468bdfhjlnprtvxz13",  # runs in steps of two
        "qwertyuiopasdfghjklzxcvbnm123456",  # keyboard rows
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,",  # keyboard columns
    ],
)
def test_low_entropy_secrets_are_refused(secret: str) -> None:
    with pytest.raises(InputError) as caught:
        Settings(host="192.0.2.10", secret_key=secret).check()
    assert caught.value.field == "CRAMPCARE_SECRET_KEY" and "secrets.token_urlsafe" in (caught.value.valid or "")


def test_generated_secrets_are_accepted() -> None:
    import secrets

    # 2,000 draws: the estimate once refused 1 in 100 fresh 32-hex-digit secrets, which 50 draws rarely showed
    for _ in range(2000):
        Settings(host="192.0.2.10", secret_key=secrets.token_urlsafe(48)).check()
        Settings(host="192.0.2.10", secret_key=secrets.token_hex(16)).check()  # 32 hex digits: 128 bits
