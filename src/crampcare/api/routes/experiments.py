"""N-of-1 experiment routes (issue 16): create, list, get, today, stop, report.pdf.

Every route works on the diary of the user who asks (`DiaryUrlDep`): the local diary, or the signed-in
account's own database in server mode. `today`, `stop` and `resume` act on the newest experiment (there is
at most one running at a time).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path
from fastapi.responses import Response
from pydantic import BaseModel, Field

from crampcare.api.deps import DiaryUrlDep
from crampcare.api.json_body import StrictJsonRoute
from crampcare.experiments.schemas import DayIn, ExperimentIn

router = APIRouter(prefix="/experiments", tags=["experiments"], route_class=StrictJsonRoute)
ExperimentId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the experiment number")]


class ExperimentPublic(BaseModel):
    """An experiment's design, schedule, check-ins, counts per period, warning signs and the analysis."""

    id: int
    intervention: dict[str, str]
    status: str  # scheduled, run_in, running, paused, finished, stopped
    status_text: str
    basis: dict[str, Any]
    design: dict[str, Any]
    mid_per_week: float
    schedule: list[dict[str, Any]]
    checkins: list[dict[str, Any]]
    periods: list[dict[str, Any]]
    baseline: dict[str, Any] | None
    unchecked_cramp_nights: int
    red_flags: list[dict[str, Any]]
    events: list[dict[str, Any]]
    stopped_day: str | None
    stop_kind: str | None
    stop_reason: str
    result: dict[str, Any]
    caveats: list[str]
    method_sources: list[dict[str, Any]]


class ExperimentSummary(BaseModel):
    id: int
    intervention: dict[str, str]
    status: str
    status_text: str
    design: dict[str, Any]
    verdict: str


class ExperimentsPublic(BaseModel):
    count: int
    items: list[ExperimentSummary]


class TodayPublic(BaseModel):
    id: int
    day: str
    arm: str | None  # A, B, baseline; null outside the schedule, when paused or stopped
    arm_text: str | None
    period: int | None
    counted: bool | None
    status: str
    message: str
    checkin: dict[str, Any] | None
    ask: str | None
    red_flags: list[dict[str, Any]]


class StopIn(BaseModel):
    reason: str = Field("", max_length=2000)


@router.post("", response_model=ExperimentPublic, status_code=201, summary="Start an experiment")
def create(db: DiaryUrlDep, experiment: ExperimentIn) -> dict[str, Any]:
    from crampcare.experiments.service import start

    return start(experiment.model_dump(exclude_none=True), db_url=db)


@router.get("", response_model=ExperimentsPublic, summary="Every experiment, oldest first")
def list_experiments(db: DiaryUrlDep) -> dict[str, Any]:
    from crampcare.experiments.service import list_all

    items = list_all(db_url=db)
    return {"count": len(items), "items": items}


@router.get("/today", response_model=TodayPublic, summary="Today's arm of the newest experiment")
def today(db: DiaryUrlDep) -> dict[str, Any]:
    from crampcare.experiments.service import day

    return day({}, db_url=db)


@router.post("/today", response_model=TodayPublic, summary="Record a day's check-in (done or not) or an adverse effect")
def record_day(db: DiaryUrlDep, entry: DayIn) -> dict[str, Any]:
    from crampcare.experiments.service import day

    return day(entry.model_dump(exclude_none=True), db_url=db)


@router.post("/stop", response_model=ExperimentPublic, summary="Stop the newest experiment")
def stop(db: DiaryUrlDep, body: Annotated[StopIn, Body()]) -> dict[str, Any]:
    from crampcare.experiments.service import stop as run

    return run(body.reason, db_url=db)


@router.post("/resume", response_model=ExperimentPublic, summary="Continue after a warning sign was seen to")
def resume(db: DiaryUrlDep) -> dict[str, Any]:
    from crampcare.experiments.service import resume as run

    return run(db_url=db)


@router.get("/{experiment_id:int}", response_model=ExperimentPublic, summary="One experiment")
def get(db: DiaryUrlDep, experiment_id: ExperimentId) -> dict[str, Any]:
    from crampcare.experiments.service import status

    return status(db_url=db, experiment_id=experiment_id)


@router.get(
    "/{experiment_id}/report.pdf",
    summary="The one-page experiment report as PDF",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def report(db: DiaryUrlDep, experiment_id: ExperimentId) -> Response:
    from crampcare.experiments.service import report as run

    headers = {
        "Content-Disposition": f'attachment; filename="crampcare-experiment-{experiment_id}.pdf"',
        "Cache-Control": "no-store",
    }
    return Response(
        run(db_url=db, experiment_id=experiment_id, fmt="pdf"), media_type="application/pdf", headers=headers
    )
