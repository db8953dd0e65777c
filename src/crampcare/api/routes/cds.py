"""CDS Hooks 2.0: GET /cds-services (discovery), POST /cds-services/{id}, POST /cds-services/{id}/feedback.

Mounted at the root, where EHRs look for it. Cards come from `crampcare.fhir.cds`; this module gathers the
prefetch, refuses malformed calls, and stores feedback (which card, outcome, override reason, time), counted
per card kind so a clinic can see which cards are overridden (GET /cds-services/{id}/feedback).
Server mode: every call but discovery carries a JWT from an allow-listed issuer (api/cds_auth.py); with no
issuer configured the services answer 403. On 127.0.0.1 (local mode) there is no check.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from datetime import UTC, datetime
from threading import Lock
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from fastapi.responses import JSONResponse

from crampcare.api.cds_auth import CdsAuth
from crampcare.api.cds_fetch import gather
from crampcare.api.errors import ApiError
from crampcare.api.json_body import StrictJsonRoute

router = APIRouter(tags=["cds-hooks"], route_class=StrictJsonRoute)

ISSUED_LIMIT = 100_000  # card uuids remembered for feedback; the oldest are forgotten first
FEEDBACK_LIMIT = 100_000
OUTCOMES = ("accepted", "overridden")


class FeedbackStore:
    """Feedback kept in memory for the life of the server process (not in the database yet)."""

    def __init__(self) -> None:
        self.lock = Lock()
        self.issued: OrderedDict[str, tuple[str, str]] = OrderedDict()  # card uuid → (service, kind)
        self.items: list[dict[str, Any]] = []
        self.counts: Counter[tuple[str, str, str]] = Counter()  # (service, kind, outcome)

    def remember(self, service_id: str, cards: list[tuple[str, str]]) -> None:
        with self.lock:
            for card_uuid, kind in cards:
                self.issued[card_uuid] = (service_id, kind)
            while len(self.issued) > ISSUED_LIMIT:
                self.issued.popitem(last=False)

    def add(self, service_id: str, item: dict[str, Any]) -> None:
        with self.lock:
            kind = self.issued.get(item["card"], (service_id, "unknown card"))[1]
            self.items.append({**item, "service": service_id, "kind": kind})
            del self.items[:-FEEDBACK_LIMIT]
            self.counts[(service_id, kind, item["outcome"])] += 1


def _store(request: Request) -> FeedbackStore:
    store = getattr(request.app.state, "cds_feedback", None)
    if store is None:
        store = request.app.state.cds_feedback = FeedbackStore()
    assert isinstance(store, FeedbackStore)
    return store


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
    # cds-r-1: authorization details without a server to use them on
    if body.get("fhirAuthorization") is not None and not body.get("fhirServer"):
        raise ApiError(400, code="bad_request", message="fhirAuthorization needs fhirServer", field="fhirServer")
    return context


@router.post("/cds-services/{service_id}", summary="Call a CDS Hooks service")
def cds_call(service_id: str, request: Request, body: Annotated[dict[str, Any], Body()]) -> JSONResponse:
    from crampcare.fhir.cds import cds_config, draft_orders, order_review, patient_view
    from crampcare.fhir.inbound import profile_from_bundle
    from crampcare.fhir.parse import bundle_from_prefetch
    from crampcare.knowledge.loader import knowledge

    _authenticate(request)
    found_service = _service(service_id)
    context = _check_call(body, found_service.hook)
    prefetch = gather(cds_config().prefetch, body)
    kb = knowledge()
    record = profile_from_bundle(bundle_from_prefetch(prefetch), kb=kb, field="prefetch")
    if found_service.hook == "patient-view":
        plan_url = str(request.base_url).rstrip("/") + "/assess"
        issued = patient_view(record, kb, plan_url)
    else:
        selections = context.get("selections") if found_service.hook == "order-select" else None
        if selections is not None and not isinstance(selections, list):
            raise ApiError(400, code="bad_request", message="must be a list of references", field="context.selections")
        issued = order_review(record, draft_orders(context, selections), kb)
    _store(request).remember(service_id, [(card.uuid, kind) for card, kind in issued])
    return JSONResponse({"cards": [card.as_json() for card, _ in issued]})


def _feedback_item(raw: Any, index: int) -> dict[str, Any]:
    where = f"feedback[{index}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("card"), str):
        raise ApiError(400, code="bad_request", message="card (the card's uuid) is required", field=f"{where}.card")
    outcome = raw.get("outcome")
    if outcome not in OUTCOMES:
        raise ApiError(
            400,
            code="bad_request",
            message="outcome is required",
            field=f"{where}.outcome",
            valid="accepted or overridden",
        )
    accepted, override = raw.get("acceptedSuggestions"), raw.get("overrideReason")
    if outcome == "accepted" and not accepted:  # cds-fb-2
        raise ApiError(
            400,
            code="bad_request",
            message="accepted feedback needs acceptedSuggestions",
            field=f"{where}.acceptedSuggestions",
        )
    if outcome == "overridden" and accepted:  # cds-fb-1: an overridden card accepted nothing
        raise ApiError(
            400,
            code="bad_request",
            message="overridden feedback has no acceptedSuggestions",
            field=f"{where}.acceptedSuggestions",
        )
    if override is not None:
        if outcome != "overridden":
            raise ApiError(
                400,
                code="bad_request",
                message="overrideReason goes with outcome overridden",
                field=f"{where}.overrideReason",
            )
        if not isinstance(override, dict) or not (override.get("reason") or override.get("userComment")):  # cds-fb-3
            raise ApiError(
                400,
                code="bad_request",
                message="overrideReason needs a reason, a userComment or both",
                field=f"{where}.overrideReason",
            )
    reason = override.get("reason") if isinstance(override, dict) else None
    return {
        "card": raw["card"],
        "outcome": outcome,
        "override_reason": reason.get("code") if isinstance(reason, dict) else None,
        "user_comment": override.get("userComment") if isinstance(override, dict) else None,
        "time": str(raw.get("outcomeTimestamp") or datetime.now(UTC).isoformat()),
    }


@router.post("/cds-services/{service_id}/feedback", summary="Feedback on cards")
def cds_feedback(service_id: str, request: Request, body: Annotated[dict[str, Any], Body()]) -> JSONResponse:
    _authenticate(request)
    _service(service_id)
    raw = body.get("feedback")
    if not isinstance(raw, list) or not raw:
        raise ApiError(400, code="bad_request", message="feedback must be a non-empty list", field="feedback")
    items = [_feedback_item(item, i) for i, item in enumerate(raw)]
    store = _store(request)
    for item in items:
        store.add(service_id, item)
    return JSONResponse({})


@router.get("/cds-services/{service_id}/feedback", summary="Feedback counts per card kind")
def cds_feedback_counts(service_id: str, request: Request) -> JSONResponse:
    _authenticate(request)
    _service(service_id)
    store = _store(request)
    with store.lock:
        counts: dict[str, dict[str, int]] = {}
        for (sid, kind, outcome), n in sorted(store.counts.items()):
            if sid == service_id:
                counts.setdefault(kind, {})[outcome] = n
        overrides = Counter(
            i["override_reason"] for i in store.items if i["service"] == service_id and i["override_reason"]
        )
    return JSONResponse({"by_kind": counts, "override_reasons": dict(overrides)})
