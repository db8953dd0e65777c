"""The /api/v1 routers."""

from __future__ import annotations

from fastapi import APIRouter

from crampcare.api.errors import ErrorResponse
from crampcare.api.routes import assess, diary, experiments, fhir, health, knowledge

# Every route documents the one error shape, so clients generate one error type.
ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (400, "Bad request: a Host name this server does not answer to, or a body that cannot be read"),
        (401, "Sign in first (server mode)"),
        (404, "Not found"),
        (405, "Method not allowed; the Allow header lists the methods of the path"),
        (409, "A concurrent change won; nothing was saved, send the request again"),
        (413, "Body too large"),
        (415, "Body not sent as application/json"),
        (422, "Invalid input"),
        (429, "Too many requests; the Retry-After header says when to try again"),
        (500, "Internal error"),
    )
}

router = APIRouter(responses=ERRORS)
router.include_router(health.router)
router.include_router(assess.router)
router.include_router(fhir.router)
router.include_router(knowledge.router)
router.include_router(diary.router)
router.include_router(experiments.router)
