"""The app factory: one FastAPI app serving the REST API (/api/v1), the web pages and static files.

`create_app(settings)` is what tests call; `app_from_env()` is the import
string uvicorn uses when it starts several worker processes
(`crampcare.api.app:app_from_env`, with `factory=True`), each reading the same
settings from the environment.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from crampcare.api import errors, issued_cards
from crampcare.api.headers import SecurityHeaders, docs_csp
from crampcare.api.hosts import HostCheck
from crampcare.api.language import Language
from crampcare.api.limits import BodySizeLimit
from crampcare.api.routes import router as api_router
from crampcare.api.settings import Settings

SESSION_COOKIE = "crampcare_session"
FHIR_MAX_BODY_BYTES = 4 * 1024 * 1024
GC_THRESHOLDS = (100_000, 50, 1_000)  # a server worker's, after warm-up (see warm_up)


def package_version() -> str:
    try:
        return version("crampcare")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    yield
    # The cards CDS calls handed out are stored just after each answer; a stopping worker stores what is queued.
    await run_in_threadpool(issued_cards.flush_all)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; refuses (InputError) settings that would be unsafe in server mode."""
    settings = (settings or Settings.from_env()).check()
    app = FastAPI(
        title="crampcare",
        version=package_version(),
        summary="Leg-cramp first aid, an explained assessment, a knowledge base and a cramp diary.",
        description="Not a diagnosis: the care plan explains its reasons and says when to see a doctor.",
        docs_url=None,  # served below with a nonce for its inline script (api.headers)
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=_lifespan,
    )
    app.state.settings = settings
    errors.install(app)
    _docs(app)
    # CDS Hooks lives at the root: EHRs look for {base}/cds-services.
    from crampcare.api.routes import ERRORS
    from crampcare.api.routes.cds import router as cds_router

    app.include_router(cds_router, responses=ERRORS)
    app.include_router(api_router, prefix="/api/v1")
    # Imported here: the web layer is optional for an API-only consumer of the factory.
    from crampcare.web import install as install_web

    install_web(app)
    _document_lang(app)
    # Inside the session (an error page it renders has one), outside every route and error handler.
    app.add_middleware(Language, secure=settings.secure_cookies)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=SESSION_COOKIE,
        https_only=settings.secure_cookies,
        same_site="lax",
        max_age=14 * 24 * 3600,
    )
    # A patient's FHIR record (POST /api/v1/assess/fhir, a CDS Hooks call with its prefetch) may be far larger than
    # a profile; every other body keeps the small limit.
    record_bytes = max(settings.max_body_bytes, FHIR_MAX_BODY_BYTES)
    larger = (("/api/v1/assess/fhir", record_bytes), ("/cds-services", record_bytes))
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, larger=larger)
    if settings.server_mode:
        from crampcare.api.throttle import EarlyRefusal

        app.add_middleware(EarlyRefusal, settings=settings)
    app.add_middleware(SecurityHeaders, hsts=settings.server_mode)
    app.add_middleware(HostCheck, accepted=settings.accepted_hosts)  # outermost: before anything reads the request
    return app


# What api/language.py accepts in `?lang=` (i18n.check: a code crampcare has, any case, an optional region or
# encoding after it), written as JSON Schema so the schema refuses exactly what the middleware refuses.
LANG_PARAMETER: dict[str, Any] = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "Language of the answer's texts: en (default) or ru. Wins over Accept-Language; "
    "an unknown code is refused with 422 naming `lang`.",
    "schema": {"type": "string", "pattern": r"^\s*([eE][nN]|[rR][uU])(\s*|[-_.@].*)$", "examples": ["ru"]},
}


def _document_lang(app: FastAPI) -> None:
    """Every operation takes `?lang=` (the Language middleware reads it for all of them): say so in the schema."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("name") == "lang" and p.get("in") == "query" for p in parameters):
                    parameters.append(dict(LANG_PARAMETER))
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _docs(app: FastAPI) -> None:
    """/docs: Swagger UI, its inline script allowed by a nonce made for each request (no 'unsafe-inline')."""
    import secrets

    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        page = get_swagger_ui_html(openapi_url="/openapi.json", title="crampcare API")
        body = bytes(page.body).decode().replace("<script", f'<script nonce="{nonce}"')
        return HTMLResponse(body, headers={"Content-Security-Policy": docs_csp(nonce)})


def app_from_env() -> FastAPI:
    """The factory uvicorn workers call; settings come from CRAMPCARE_* environment variables."""
    app = create_app(Settings.from_env())
    warm_up()
    return app


def warm_up() -> None:
    """Load the knowledge base, the lookup indexes and the drug dictionary before the first request, then freeze them.

    `gc.freeze()` moves everything alive at start-up (the knowledge base is tens of
    thousands of objects) out of the collector's sight: full collections during
    requests no longer walk it, which removes the long pauses that otherwise set
    the p99 latency.
    """
    import gc

    from crampcare import assess

    # "penicillin" is not in the knowledge base: resolving it loads the offline drug dictionary (over a second),
    # which would otherwise stall the first request that names an unknown medicine or allergy.
    assess({"age_years": 40, "medications": ["furosemide"], "conditions": ["diabetes"], "allergies": ["penicillin"]})
    gc.collect()
    gc.freeze()
    # A plan leaves no cyclic garbage (tests/api/test_gc_threshold.py), so the collector only costs time: at the
    # default thresholds it ran every 700 allocations and walked the engine's caches of recent options, 0.15 ms
    # per new person and pauses of up to 100 ms (/api/v1/assess p99 84-115 ms against the floor route's 7 ms at
    # 10 clients). Young cycles (an exception's frames) are still collected every 100,000 allocations.
    gc.set_threshold(*GC_THRESHOLDS)
