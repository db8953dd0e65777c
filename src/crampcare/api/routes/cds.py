"""CDS Hooks 2.0: GET /cds-services (discovery), POST /cds-services/{id}, POST /cds-services/{id}/feedback.

Mounted at the root, where EHRs look for it. Cards come from `crampcare.fhir.cds`; this module gathers the
prefetch, refuses malformed calls, and stores feedback (which card, outcome, override reason, time) in the
database (`crampcare.fhir.feedback`), counted per card kind so a clinic can see which cards are overridden
(GET /cds-services/{id}/feedback).
Server mode: every call but discovery carries a JWT from an allow-listed issuer (api/cds_auth.py); with no
issuer configured the services answer 403. On 127.0.0.1 (local mode) there is no check.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from crampcare.api import issued_cards
from crampcare.api.cds_auth import CdsAuth
from crampcare.api.cds_fetch import gather, missing_prefetch
from crampcare.api.errors import ApiError
from crampcare.api.json_body import StrictJsonRoute
from crampcare.fhir.feedback import Feedback

router = APIRouter(tags=["cds-hooks"], route_class=StrictJsonRoute)

OUTCOMES = ("accepted", "overridden")


def _db(request: Request) -> str | None:
    """The server's own database (the accounts' one in server mode, the diary's locally): issued cards and feedback."""
    url: str | None = request.app.state.settings.database_url
    return url


def _authenticate(request: Request) -> None:
    """Server mode: a JWT from an allow-listed issuer (api/cds_auth.py); local mode (127.0.0.1): no check."""
    if not request.app.state.settings.server_mode:
        return
    auth = getattr(request.app.state, "cds_auth", None)
    if auth is None:
        auth = request.app.state.cds_auth = CdsAuth.from_env()
    assert isinstance(auth, CdsAuth)
    auth.verify(request)


def _service(service_id: str) -> Any:
    from crampcare.fhir.cds import service

    found = service(service_id)
    if found is None:
        raise ApiError(
            404,
            code="not_found",
            message=f"no CDS service {service_id!r}",
            field="id",
            valid="crampcare-patient-view, crampcare-order-select, crampcare-order-sign",
        )
    return found


@router.get("/cds-services", summary="CDS Hooks discovery")
def cds_discovery() -> JSONResponse:
    from crampcare.fhir.cds import discovery

    return JSONResponse(discovery())


def _check_call(body: dict[str, Any], hook: str) -> dict[str, Any]:
    if body.get("hook") != hook:
        raise ApiError(400, code="bad_request", message=f"hook must be {hook!r}", field="hook", valid=hook)
    if not isinstance(body.get("hookInstance"), str) or not body["hookInstance"]:
        raise ApiError(400, code="bad_request", message="hookInstance is required", field="hookInstance")
    context = body.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("patientId"), str):
        raise ApiError(400, code="bad_request", message="context.patientId is required", field="context.patientId")
    server = body.get("fhirServer")
    if server is not None and not (isinstance(server, str) and server.startswith(("http://", "https://"))):
        raise _bad("fhirServer", "is not the base URL of a FHIR server", "an http:// or https:// URL")
    # cds-r-1: authorization details without a server to use them on
    if body.get("fhirAuthorization") is not None and not body.get("fhirServer"):
        raise ApiError(400, code="bad_request", message="fhirAuthorization needs fhirServer", field="fhirServer")
    _check_authorization(body.get("fhirAuthorization"), context["patientId"])
    if body.get("prefetch") is not None and not isinstance(body["prefetch"], dict):
        raise _bad(
            "prefetch", "must be an object", "the prefetch keys of discovery, each a FHIR resource, Bundle or null"
        )
    _check_orders(context, hook)
    return context


def _check_orders(context: dict[str, Any], hook: str) -> None:
    """order-select and order-sign: draftOrders (and for order-select the selections) are required by the hooks."""
    if hook not in ("order-select", "order-sign"):
        return
    orders = context.get("draftOrders")
    if not (isinstance(orders, dict) and orders.get("resourceType") == "Bundle"):
        raise _bad("context.draftOrders", "the draft orders are required", "a FHIR Bundle of the draft orders")
    if not isinstance(orders.get("entry", []), list):
        raise _bad("context.draftOrders.entry", "must be a list", "[{resource: a draft order}, ...]")
    selections = context.get("selections")
    if hook == "order-select" and not (
        isinstance(selections, list) and selections and all(isinstance(item, str) for item in selections)
    ):
        raise _bad(
            "context.selections", "the selected orders are required", "a list of references, e.g. MedicationRequest/1"
        )


def _check_patient(prefetch: dict[str, Any], body: dict[str, Any], patient_id: str) -> None:
    """The record read is the call's patient: cards from another patient's record would advise on the wrong person."""
    patient = prefetch.get("patient")
    if not isinstance(patient, dict) or patient.get("id") is None or patient.get("id") == patient_id:
        return
    shown = f"Patient/{str(patient.get('id'))[:64]}"
    if isinstance(body.get("prefetch"), dict) and "patient" in body["prefetch"]:
        raise _bad("prefetch.patient", f"is {shown}, not context.patientId {patient_id[:64]!r}", "the call's patient")
    raise ApiError(
        412,
        code="precondition_failed",
        message=f"fhirServer answered {shown} for context.patientId {patient_id[:64]!r}",
        field="fhirServer",
    )


def _check_authorization(auth: Any, patient_id: str) -> None:
    """fhirAuthorization: a bearer token crampcare can use, for this call's patient.

    cds-r-2 asks the EHR to name the patient of a token with patient scopes (SHOULD: a token without `patient`
    is used). A token granted for another patient than context.patientId is refused: crampcare would read one
    patient's record to advise on another.
    """
    if auth is None:
        return
    if not isinstance(auth, dict):
        raise _bad("fhirAuthorization", "must be an object", "access_token, token_type, expires_in, scope, subject")
    if not isinstance(auth.get("access_token"), str) or not auth["access_token"]:
        raise _bad("fhirAuthorization.access_token", "the token is required")
    if str(auth.get("token_type", "")).casefold() != "bearer":
        raise _bad("fhirAuthorization.token_type", "only bearer tokens are used", "Bearer")
    patient = auth.get("patient")
    if patient is not None and patient != patient_id:
        raise _bad(
            "fhirAuthorization.patient",
            f"the token is for patient {str(patient)[:64]!r}, not context.patientId {patient_id[:64]!r}",
            "the same patient as context.patientId",
        )


@router.post("/cds-services/{service_id}", summary="Call a CDS Hooks service")
async def cds_call(service_id: str, request: Request, body: Annotated[dict[str, Any], Body()]) -> JSONResponse:
    """Cards for one hook call; their uuids are stored just after the answer (api/issued_cards.py).

    The decision is Python on the CPU and is made on the event loop, as /api/v1/assess is; what waits on the
    network goes to the thread pool (a fetch from fhirServer for keys the EHR did not prefetch).
    """
    from crampcare.fhir.cds_config import cds_config

    _authenticate(request)
    found_service = _service(service_id)
    context = _check_call(body, found_service.hook)
    templates = cds_config().prefetch
    if missing_prefetch(templates, body):
        prefetch = await run_in_threadpool(gather, templates, body)
    else:
        prefetch = gather(templates, body)  # all there: nothing is fetched
    _check_patient(prefetch, body, context["patientId"])
    issued = _issue(found_service, context, prefetch)
    issued_cards.submit(_db(request), service_id, [(card.uuid, kind) for card, kind in issued])
    return JSONResponse({"cards": [card.as_json() for card, _ in issued]})


def _issue(found_service: Any, context: dict[str, Any], prefetch: dict[str, Any]) -> list[Any]:
    from crampcare.fhir.cds import draft_orders, order_review
    from crampcare.fhir.parse import bundle_from_prefetch
    from crampcare.fhir.remembered import patient_view_cards, read_record
    from crampcare.knowledge.loader import knowledge

    kb = knowledge()
    # The same record again (a chart opened again) is not read again while the time changes nothing in it.
    bundle = bundle_from_prefetch(prefetch)
    if found_service.hook == "patient-view":
        return list(patient_view_cards(bundle, kb=kb, field="prefetch"))
    record = read_record(bundle, kb=kb, field="prefetch")
    selections = context.get("selections") if found_service.hook == "order-select" else None  # checked: a list
    return list(order_review(record, draft_orders(context, selections), kb))


def _bad(field: str, message: str, valid: str | None = None) -> ApiError:
    return ApiError(400, code="bad_request", message=message, field=field, valid=valid)


def _uuid(value: Any, field: str, what: str) -> str:
    """A uuid as the guide sends it (bare, or with the `urn:uuid:` prefix the logical model implies)."""
    text = value.removeprefix("urn:uuid:") if isinstance(value, str) else ""
    if len(text) == 36:
        try:
            return str(uuid.UUID(text))
        except ValueError:
            pass
    raise _bad(field, f"{what} is required, as a uuid", "e.g. 6c1c4f0e-6e9b-4d5e-9f1b-0a4c7f3e2d11")


def _instant(value: Any, field: str) -> datetime:
    """outcomeTimestamp: an ISO 8601 time with its offset (the guide asks for UTC), stored as naive UTC."""
    valid = "an ISO 8601 time with an offset, e.g. 2026-12-04T10:00:00Z"
    if not isinstance(value, str):
        raise _bad(field, "outcomeTimestamp is required", valid)
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise _bad(field, f"not a time: {value[:40]!r}", valid) from None
    if when.tzinfo is None:
        raise _bad(field, "the time needs its offset (Z for UTC)", valid)
    return when.astimezone(UTC).replace(tzinfo=None)


def _text(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _bad(field, "must be text", "a non-empty string")
    return value


def _feedback_item(raw: Any, index: int) -> Feedback:
    where = f"feedback[{index}]"
    if not isinstance(raw, dict):
        raise _bad(where, "each feedback item is an object", "card, outcome, outcomeTimestamp and the rest")
    card = _uuid(raw.get("card"), f"{where}.card", "card (the card's uuid)")
    outcome = raw.get("outcome")
    if outcome not in OUTCOMES:
        raise _bad(f"{where}.outcome", "outcome is required", "accepted or overridden")
    accepted, override = raw.get("acceptedSuggestions"), raw.get("overrideReason")
    if outcome == "accepted" and not accepted:  # cds-fb-2
        raise _bad(f"{where}.acceptedSuggestions", "accepted feedback needs acceptedSuggestions")
    if outcome == "overridden" and accepted:  # cds-fb-1: an overridden card accepted nothing
        raise _bad(f"{where}.acceptedSuggestions", "overridden feedback has no acceptedSuggestions")
    if accepted is not None and not isinstance(accepted, list):
        raise _bad(f"{where}.acceptedSuggestions", "must be a list", "[{id: the suggestion's uuid}, ...]")
    suggestions = tuple(
        _uuid(item.get("id") if isinstance(item, dict) else None, f"{where}.acceptedSuggestions[{i}].id", "id")
        for i, item in enumerate(accepted or [])
    )
    reason: dict[str, Any] = {}
    comment = None
    if override is not None:
        if outcome != "overridden":
            raise _bad(f"{where}.overrideReason", "overrideReason goes with outcome overridden")
        if not isinstance(override, dict) or not (override.get("reason") or override.get("userComment")):  # cds-fb-3
            raise _bad(f"{where}.overrideReason", "overrideReason needs a reason, a userComment or both")
        raw_reason = override.get("reason")
        if raw_reason is not None and not (isinstance(raw_reason, dict) and isinstance(raw_reason.get("code"), str)):
            raise _bad(f"{where}.overrideReason.reason", "must be a Coding with a code", "{code, system, display}")
        reason = raw_reason or {}
        comment = _text(override.get("userComment"), f"{where}.overrideReason.userComment")
    return Feedback(
        card=card,
        outcome=outcome,
        outcome_utc=_instant(raw.get("outcomeTimestamp"), f"{where}.outcomeTimestamp"),
        accepted_suggestions=suggestions,
        override_system=_text(reason.get("system"), f"{where}.overrideReason.reason.system"),
        override_code=_text(reason.get("code"), f"{where}.overrideReason.reason.code"),
        override_display=_text(reason.get("display"), f"{where}.overrideReason.reason.display"),
        user_comment=comment,
    )


@router.post("/cds-services/{service_id}/feedback", summary="Feedback on cards")
def cds_feedback(service_id: str, request: Request, body: Annotated[dict[str, Any], Body()]) -> JSONResponse:
    from crampcare.fhir.feedback import record_feedback

    _authenticate(request)
    _service(service_id)
    raw = body.get("feedback")
    if not isinstance(raw, list) or not raw:
        raise _bad("feedback", "feedback must be a non-empty list")
    items = [_feedback_item(item, i) for i, item in enumerate(raw)]
    issued_cards.flush(_db(request))  # this process's cards are stored before their feedback looks up their kind
    record_feedback(_db(request), service_id, items)
    return JSONResponse({})


@router.get("/cds-services/{service_id}/feedback", summary="Feedback counts per card kind")
def cds_feedback_counts(service_id: str, request: Request) -> JSONResponse:
    from crampcare.fhir.feedback import feedback_counts

    _authenticate(request)
    _service(service_id)
    return JSONResponse(feedback_counts(_db(request), service_id))
