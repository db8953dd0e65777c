"""The language of each request: `?lang=`, else the web's remembered choice (cookie), else Accept-Language, else en.

One ASGI middleware for the API and the web: it makes the language active (crampcare.i18n.use) for everything
the request runs, error pages included, and says which one it used (Content-Language; Vary, since the same
address answers in either language). On a web page, `?lang=ru` is the visible switch: the choice is kept in a
long-lived cookie of its own, like the emergency number. A `lang` that crampcare does not have is refused,
naming the field and the valid codes (never a silent fallback to English).
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crampcare import i18n
from crampcare.api.errors import ApiError, error_json, wants_json
from crampcare.errors import InputError

COOKIE = "crampcare_lang"
MAX_AGE = 10 * 365 * 24 * 3600


def _query_lang(scope: Scope) -> str | None:
    # keep_blank_values: an empty `lang=` is a mistake to name, not "no choice" (the schema says so too).
    values = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True).get("lang")
    return values[-1] if values else None


def _cookie_lang(headers: dict[bytes, bytes]) -> str | None:
    raw = headers.get(b"cookie")
    if not raw:
        return None
    cookie: SimpleCookie = SimpleCookie()
    try:
        cookie.load(raw.decode("latin-1"))
    except Exception:  # a malformed Cookie header is the browser's problem, not a reason to refuse the page
        return None
    morsel = cookie.get(COOKIE)
    return morsel.value if morsel is not None and morsel.value in i18n.LANGUAGES else None


def choose(scope: Scope) -> tuple[str, bool]:
    """(language, whether the web should remember it); InputError when `?lang=` names no language we have."""
    asked = _query_lang(scope)
    if asked is not None:
        with i18n.use(fallback(scope)):  # a refusal is said in the language the reader would otherwise get
            return i18n.check(asked), not scope.get("path", "").startswith("/api/")
    return fallback(scope), False


def fallback(scope: Scope) -> str:
    """The language without `?lang=`: the web's remembered choice, then Accept-Language, then English."""
    headers = dict(scope.get("headers") or [])
    remembered = _cookie_lang(headers)
    if remembered:
        return remembered
    return i18n.negotiate(headers.get(b"accept-language", b"").decode("latin-1")) or i18n.DEFAULT


class Language:
    def __init__(self, app: ASGIApp, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            lang, remember = choose(scope)
        except InputError as exc:
            with i18n.use(fallback(scope)):
                await self._refuse(scope, receive, send, exc)
            return

        async def with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers.append((b"content-language", lang.encode()))
                headers.append((b"vary", b"Accept-Language, Cookie"))
                if remember:
                    secure = "; Secure" if self.secure else ""
                    value = f"{COOKIE}={lang}; Max-Age={MAX_AGE}; Path=/; SameSite=Lax{secure}"
                    headers.append((b"set-cookie", value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        with i18n.use(lang):
            await self.app(scope, receive, with_language)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, exc: InputError) -> None:
        error = ApiError(422, exc.message, field=exc.field, valid=exc.valid)
        request = Request(scope, receive)
        renderer = getattr(request.app.state, "html_error_renderer", None)
        if scope.get("path", "").startswith("/api/") or wants_json(request) or renderer is None:
            response = error_json(error)
        else:
            response = renderer(request, error)
        await response(scope, receive, send)
