"""POST /assess: a profile becomes a care plan — the assessment contract, unchanged."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from crampcare.api.json_body import JsonBodyRoute
from crampcare.assessment.plan import CarePlan
from crampcare.assessment.profile import Profile

# The profile is validated from the raw bytes by pydantic-core (see json_body); errors are FastAPI's, unchanged.
router = APIRouter(tags=["assessment"], route_class=JsonBodyRoute)


@router.post(
    "/assess",
    # Documented, not enforced: the engine's plan is already a CarePlan, so FastAPI must not validate it again.
    response_class=Response,
    responses={200: {"model": CarePlan, "description": "The care plan", "content": {"application/json": {}}}},
    summary="Assess a profile",
    description="Triage, red flags, first aid, causes, specialists and every option with its status and reasons. "
    "Not a diagnosis.",
)
async def assess_profile(profile: Profile) -> Response:
    # Imported here so the API module loads even while the engine is being built; the call is a fraction of a
    # millisecond of CPU, cheaper on the event loop than a thread hop.
    from crampcare import assess
    from crampcare.assessment.plan_json import plan_json

    plan = assess(profile)
    # The plan is already a CarePlan: serialise it once, as bytes, reusing the JSON of the options plans share.
    return Response(plan_json(plan), media_type="application/json")
