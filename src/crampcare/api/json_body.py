"""A route class that validates its one JSON body model straight from the request bytes.

FastAPI parses a JSON body with `json.loads` into dicts and lists and then
validates those; for a profile that is most of the request's cost outside the
engine. `JsonBodyRoute` hands the bytes to pydantic-core (`model_validate_json`,
one pass in Rust) instead. Everything else stays FastAPI's: the route is
declared as usual, so the OpenAPI schema is unchanged, and any request the fast
path does not take (a content type other than `application/json`, an empty or
invalid body, any validation error) goes to FastAPI's own handler, so errors
keep exactly the shape and wording they had.

The fast path is used only for the simplest kind of endpoint: async, one body
parameter (not embedded), no other parameters and no dependencies, including
dependencies added by the routers it is included in. Any other endpoint gets
FastAPI's handler unchanged.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from typing import Any

import fastapi.routing
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response

from crampcare.i18n import _
from crampcare.inputfiles import DuplicateKeyError, duplicate_key_error, loads_unique_keys

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
JSON = b"application/json"


def _effective(route: APIRoute) -> Any:
    """The route as included (with its routers' dependencies), which is what FastAPI builds the handler from."""
    context_var = getattr(fastapi.routing, "_effective_route_context_var", None)
    context = context_var.get() if context_var is not None else None
    if context is not None and getattr(context, "original_route", None) is route:
        return context
    return route


def _fast_body(route: Any) -> tuple[str, type[BaseModel]] | None:
    """(parameter name, model) when the route qualifies for the fast path (see the module docstring)."""
    dependant = route.dependant
    if dependant is None or not inspect.iscoroutinefunction(dependant.call) or route._embed_body_fields:
        return None
    others = (
        dependant.path_params,
        dependant.query_params,
        dependant.header_params,
        dependant.cookie_params,
        dependant.dependencies,
    )
    if any(others) or len(dependant.body_params) != 1:
        return None
    special = (dependant.request_param_name, dependant.response_param_name, dependant.background_tasks_param_name)
    if any(name is not None for name in special):
        return None
    field = dependant.body_params[0]
    model = field.field_info.annotation
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    return field.name, model


class StrictJsonRoute(APIRoute):
    """A JSON body that names a key twice in one object is refused (422 naming the key) before any parser keeps the
    last value silently: `{"age_years": 8, "age_years": 80}` must not become an 80-year-old."""

    def get_route_handler(self) -> Handler:
        parse = super().get_route_handler()

        async def handler(request: Request) -> Response:
            if _content_type(request) == JSON:
                parsed = _refuse_duplicate_keys(await request.body())  # Starlette keeps the body for the handler
                if parsed is not UNREAD:
                    # What json.loads gives for the same bytes: FastAPI reads the body with `request.json()`, which
                    # keeps its first answer here, so a large body (a CDS Hooks prefetch) is parsed once, not twice.
                    request._json = parsed
            return await parse(request)

        return handler


UNREAD = object()  # the body is not JSON (or too deep): FastAPI's own handler reads it and answers


def _refuse_duplicate_keys(body: bytes) -> Any:
    """The body as json.loads reads it; a 422 naming the key when an object repeats one; UNREAD if it is not JSON."""
    try:
        return loads_unique_keys(body)
    except DuplicateKeyError as exc:
        raise duplicate_key_error(exc, name=_("the request body")) from None
    except (ValueError, RecursionError):  # not JSON, not UTF-8, too deep: FastAPI's own handler answers that
        return UNREAD


class JsonBodyRoute(StrictJsonRoute):
    def get_route_handler(self) -> Handler:
        standard = super().get_route_handler()
        route = _effective(self)
        found = _fast_body(route)
        if found is None:
            return standard
        name, model = found
        endpoint = route.dependant.call

        async def handler(request: Request) -> Response:
            if _content_type(request) != JSON:
                return await standard(request)
            body = await request.body()  # Starlette keeps it, so the standard handler can read it again
            _refuse_duplicate_keys(body)
            try:
                value = model.model_validate_json(body)
            except ValidationError:
                return await standard(request)  # FastAPI's own errors, word for word
            response = await endpoint(**{name: value})
            if not isinstance(response, Response):  # the fast path serves endpoints that build their response
                raise TypeError(f"{route.name} must return a Response to use JsonBodyRoute")
            return response

        return handler


def _content_type(request: Request) -> bytes | None:
    for key, value in request.scope["headers"]:
        if key == b"content-type":
            return bytes(value).lower()
    return None
