"""One error shape for every 4xx and 5xx, and the one place exceptions become responses.

    {"error": {"status": 422, "code": "invalid_input", "message": "…",
               "field": "labs.potassium", "valid": "1.0 to 10.0", "details": [...]}}

`field` names the input (dotted path, as in the profile contract) and `valid`
says what would be accepted; `details` lists every problem when there are
several. Paths under /api answer JSON; every other path gets an HTML error
page (the web layer registers its renderer through `html_renderer`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from crampcare.api.validation import Problem, problems_from_pydantic
from crampcare.errors import (
    BusyError,
    ConflictError,
    CrampcareError,
    InputError,
    NotFoundError,
    StateError,
    UnknownNameError,
)
from crampcare.i18n import _, kind_of_name

log = logging.getLogger("crampcare.api")

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    500: "internal_error",
    503: "busy",
}

HtmlRenderer = Callable[[Request, "ApiError"], Response]


class ErrorBody(BaseModel):
    """The documented error object (also used in the OpenAPI schema)."""

    status: int
    code: str
    message: str
    field: str | None = None
    valid: str | None = None
    details: list[Problem] = []


class ErrorResponse(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    """An error the API answers with; raise it from routes for 4xx that are not core errors."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        field: str | None = None,
        valid: str | None = None,
        code: str | None = None,
        details: list[Problem] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.body = ErrorBody(
            status=status,
            code=code or CODES.get(status, "error"),
            message=message,
            field=field,
            valid=valid,
            details=details or [],
        )
        self.headers = headers or {}

    @property
    def status(self) -> int:
        return self.body.status


def error_json(error: ApiError) -> JSONResponse:
    content = ErrorResponse(error=error.body).model_dump(mode="json")
    return JSONResponse(content, status_code=error.status, headers=error.headers)


# --- translation ------------------------------------------------------------------


def from_crampcare(exc: CrampcareError) -> ApiError:
    if isinstance(exc, NotFoundError):
        return ApiError(404, exc.message, field=exc.field, valid=exc.valid)
    if isinstance(exc, BusyError):
        return ApiError(503, exc.message, valid=_("the same request again in a moment"), headers={"Retry-After": "5"})
    if isinstance(exc, ConflictError):
        return ApiError(409, exc.message, valid=_("the same request again"))
    if isinstance(exc, StateError):
        return ApiError(409, exc.message, field=exc.field, valid=exc.valid)
    if isinstance(exc, UnknownNameError):
        known = _("a known %(kind)s, e.g. %(names)s")
        valid = exc.valid or (
            known % {"kind": kind_of_name(exc.kind), "names": ", ".join(exc.suggestions)} if exc.suggestions else None
        )
        return ApiError(422, exc.message, field=exc.field, valid=valid, code="unknown_name")
    if isinstance(exc, InputError):
        return ApiError(422, exc.message, field=exc.field, valid=exc.valid)
    # Knowledge and storage errors are ours, not the caller's: log the detail, answer plainly.
    log.error("internal error: %s", exc.one_line())
    return ApiError(
        500, _("the server could not complete the request; nothing you saved was lost"), code="internal_error"
    )


def from_validation(problems: list[Problem]) -> ApiError:
    first = problems[0] if problems else Problem(field=None, message=_("invalid input"), valid=None)
    more = _(" (and %(count)s more problem(s))") % {"count": len(problems) - 1}
    message = first.message if len(problems) <= 1 else first.message + more
    return ApiError(422, message, field=first.field, valid=first.valid, details=problems)


def from_http(exc: StarletteHTTPException) -> ApiError:
    message = str(exc.detail) if exc.detail else CODES.get(exc.status_code, "error").replace("_", " ")
    if exc.status_code == 404 and message == "Not Found":
        message = _("no such page or endpoint")
    elif exc.status_code == 405:
        message = _("this method is not allowed here")
    elif exc.status_code == 400 and message == "There was an error parsing the body":
        # FastAPI's words when the JSON decoder itself fails (nesting too deep, a number thousands of digits
        # long, bytes that are not UTF-8): name the body, as for any other broken JSON.
        return ApiError(
            400,
            _("the request body could not be read as JSON (nested too deeply, a number too long, or not UTF-8)"),
            field="body",
            valid='a JSON object in UTF-8, e.g. {"age_years": 40}',
        )
    return ApiError(exc.status_code, message, valid=getattr(exc, "valid", None), headers=dict(exc.headers or {}))


# --- wiring -------------------------------------------------------------------------


def wants_json(request: Request) -> bool:
    path = request.url.path
    # /cds-services: CDS Hooks clients (EHRs) read JSON, never a web page.
    return path.startswith(("/api/", "/cds-services")) or path in ("/openapi.json", "/docs")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the error shape (or an HTML page)."""

    def respond(request: Request, error: ApiError) -> Response:
        renderer: HtmlRenderer | None = getattr(app.state, "html_error_renderer", None)
        if renderer is not None and not wants_json(request):
            return renderer(request, error)
        return error_json(error)

    def handler(translate: Callable[[Request, Any], ApiError]) -> Callable[[Request, Any], Awaitable[Response]]:
        async def handle(request: Request, exc: Any) -> Response:
            return respond(request, translate(request, exc))

        return handle

    app.add_exception_handler(ApiError, handler(lambda _req, exc: exc))
    app.add_exception_handler(CrampcareError, handler(lambda _req, exc: from_crampcare(exc)))
    app.add_exception_handler(RequestValidationError, handler(_request_problems))
    app.add_exception_handler(
        ValidationError, handler(lambda _req, exc: from_validation(problems_from_pydantic(exc.errors())))
    )
    app.add_exception_handler(StarletteHTTPException, handler(lambda req, exc: _with_allow(req, from_http(exc))))
    app.add_exception_handler(Exception, handler(lambda _req, exc: _internal(exc)))


NOT_AN_OBJECT = ("model_attributes_type", "model_type", "dict_type")


def _request_problems(request: Request, exc: RequestValidationError) -> ApiError:
    """The problems of a request; a body sent as something other than JSON is said to be that, not "not an object"."""
    errors = exc.errors()
    sent = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    whole_body = [e for e in errors if tuple(e.get("loc", ())) == ("body",) and e.get("type") in NOT_AN_OBJECT]
    if whole_body and sent != "application/json":
        return ApiError(
            415,
            _("the body must be JSON, but it was sent as %(sent)s") % {"sent": sent or _("no content type")},
            field="Content-Type",
            valid="application/json",
        )
    return from_validation(problems_from_pydantic(errors, root=_body_model(request), params=_parameters(request)))


def _parameters(request: Request) -> dict[tuple[str, str], Any]:
    """The route's query and path parameters by (where, name), to read their ranges from ("limit": 1 to 10000)."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    found: dict[tuple[str, str], Any] = {}
    for where in ("query", "path"):
        for param in getattr(dependant, f"{where}_params", []) or []:
            found[where, param.alias] = param.field_info
    return found


def _body_model(request: Request) -> type[BaseModel] | None:
    """The pydantic model the route's JSON body is validated against, to read field ranges from."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    params = list(getattr(dependant, "body_params", []) or [])
    if len(params) != 1:
        return None
    annotation = params[0].field_info.annotation
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app accepts at this path (Starlette's own 405 names only one route's).

    Asked of the router itself (a full match per method), so nested and included routers count too.
    """
    from starlette.routing import Match

    allowed = []
    for method in METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def _with_allow(request: Request, error: ApiError) -> ApiError:
    if error.status == 405:
        allowed = allowed_methods(request)
        error.headers["Allow"] = ", ".join(allowed)
        error.body.valid = ", ".join(allowed)
    return error


def _internal(exc: Exception) -> ApiError:
    log.exception("unhandled error", exc_info=exc)
    return ApiError(500, _("the server could not complete the request; nothing you saved was lost"))
