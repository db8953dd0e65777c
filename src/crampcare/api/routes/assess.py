"""POST /assess: a profile becomes a care plan — the assessment contract, unchanged."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from crampcare.assessment.plan import CarePlan
from crampcare.assessment.profile import Profile

router = APIRouter(tags=["assessment"])


@router.post(
    "/assess",
    response_model=CarePlan,
    summary="Assess a profile",
    description="Triage, red flags, first aid, causes, specialists and every option with its status and reasons. "
    "Not a diagnosis.",
)
async def assess_profile(profile: Profile) -> Response:
    # Imported here so the API module loads even while the engine is being built; the call is ~1 ms of CPU,
    # cheaper on the event loop than a thread hop.
    from crampcare import assess

    plan = assess(profile)
    # The plan is already a validated CarePlan: serialise it once instead of validating it again.
    return Response(plan.model_dump_json(), media_type="application/json")
