"""Sign-in pages for server mode: register, log in (rate limited), log out. Local mode has no accounts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from crampcare.api import sessions, throttle
from crampcare.api.accounts import NameTaken, authenticate, change_password, current_user, register
from crampcare.api.errors import ApiError
from crampcare.errors import InputError
from crampcare.web.render import checked_form, render, settings_of

router = APIRouter()


def _address(request: Request) -> str:
    # The socket's peer: uvicorn replaces it with X-Forwarded-For only for a configured proxy (cli.serve).
    return throttle.client_address(request.client.host if request.client else None)


def _require_server_mode(request: Request) -> None:
    if not settings_of(request).server_mode:
        raise ApiError(404, "a local crampcare has no accounts: nothing to sign in to")


def _safe_next(target: str) -> str:
    # Only same-site paths: "//evil.example" or "https://…" would turn the login into an open redirect.
    return target if target.startswith("/") and not target.startswith("//") else "/"


async def _sign_in(request: Request, user_id: int, target: str) -> Response:
    request.session.clear()  # a fresh session on sign-in: no fixation of a token planted before
    request.session["uid"] = user_id
    request.session["sid"] = await run_in_threadpool(sessions.open_session, settings_of(request), user_id)
    return RedirectResponse(_safe_next(target), status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    _require_server_mode(request)
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    _require_server_mode(request)
    form = await checked_form(request)
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    target = str(form.get("next", "/"))
    settings = settings_of(request)
    # Escaped: a typed name may hold anything (a NUL cannot even be stored by PostgreSQL).
    account_key = "user:" + username.strip().casefold().encode("unicode_escape").decode("ascii")[:100]
    limits = [
        (f"addr:{_address(request)}", settings.login_attempts_per_address),
        (account_key, settings.login_attempts),
    ]
    attempt = await throttle.limited(settings, limits, "sign-in")
    user = await throttle.hashing(lambda: authenticate(settings, username, password))
    if user is None:
        context = {"next": _safe_next(target), "error": "User name or password is wrong.", "username": username}
        return render(request, "login.html", context, status=401)
    # A success does not count, and the account's failed count starts again (the address keeps its failures).
    await run_in_threadpool(throttle.forget, settings, attempt)
    await run_in_threadpool(throttle.forget_key, settings, account_key)
    return await _sign_in(request, user.id, target)


@router.get("/register", response_class=HTMLResponse)
def register_page(request: Request) -> HTMLResponse:
    _require_server_mode(request)
    return render(request, "register.html", {"error": None})


@router.post("/register", response_class=HTMLResponse)
async def register_submit(request: Request) -> Response:
    _require_server_mode(request)
    form = await checked_form(request)
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    settings = settings_of(request)
    await throttle.limited(settings, [(f"register:{_address(request)}", settings.registrations_per_address)], "sign-up")
    await throttle.taken_names_allowed(settings)  # checked for every name: the refusal says nothing about one
    try:
        user = await throttle.hashing(lambda: register(settings, username, password))
    except NameTaken as exc:
        await run_in_threadpool(throttle.record_taken_name, settings)
        return render(request, "register.html", {"error": exc.one_line(), "username": username}, status=422)
    except InputError as exc:
        return render(request, "register.html", {"error": exc.one_line(), "username": username}, status=422)
    return await _sign_in(request, user.id, "/")


@router.post("/logout")
async def logout(request: Request) -> Response:
    await checked_form(request)
    token = request.session.get("sid")
    if isinstance(token, str) and settings_of(request).server_mode:
        await run_in_threadpool(sessions.close_session, settings_of(request), token)  # a copied cookie dies too
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request) -> HTMLResponse:
    _require_server_mode(request)
    user = current_user(request, settings_of(request))
    return render(request, "account.html", {"account": user, "error": None, "done": request.query_params.get("done")})


@router.post("/account/password", response_class=HTMLResponse)
async def new_password(request: Request) -> Response:
    """A new password ends every other session of the account (a thief's copied cookie among them)."""
    _require_server_mode(request)
    settings = settings_of(request)
    user = current_user(request, settings)
    form = await checked_form(request)
    current, new = str(form.get("current_password", "")), str(form.get("new_password", ""))
    attempt = await throttle.limited(settings, [(f"user:{user.name}", settings.login_attempts)], "password")
    try:
        changed = await throttle.hashing(lambda: change_password(settings, user, current, new))
    except InputError as exc:
        await run_in_threadpool(throttle.forget, settings, attempt)
        return render(request, "account.html", {"account": user, "error": exc.one_line(), "done": None}, status=422)
    if not changed:
        context = {"account": user, "error": "The current password is wrong; nothing was changed.", "done": None}
        return render(request, "account.html", context, status=401)
    await run_in_threadpool(throttle.forget, settings, attempt)
    await run_in_threadpool(sessions.close_all, settings, user.id)
    response = await _sign_in(request, user.id, "/account?done=password")
    return response


@router.post("/account/sign-out-everywhere")
async def sign_out_everywhere(request: Request) -> Response:
    _require_server_mode(request)
    settings = settings_of(request)
    user = current_user(request, settings)
    await checked_form(request)
    await run_in_threadpool(sessions.close_all, settings, user.id)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
