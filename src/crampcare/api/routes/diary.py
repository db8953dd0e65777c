"""Diary routes: episodes and check-ins (CRUD), the stored profile, stats, charts and the doctor report.

Every route reads and writes the diary of the user who asks (`DiaryUrlDep`):
the local diary, or the signed-in account's private database in server mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel

from crampcare.api.deps import DiaryUrlDep
from crampcare.api.json_body import StrictJsonRoute
from crampcare.api.validation import bounds, find_field
from crampcare.assessment.profile import Profile
from crampcare.diary.schemas import CheckinIn, EpisodeIn, IsoDay
from crampcare.diary.text import day_text
from crampcare.errors import InputError, NotFoundError
from crampcare.i18n import _

router = APIRouter(prefix="/diary", tags=["diary"], route_class=StrictJsonRoute)


@contextmanager
def _api_names(model: type[BaseModel] = EpisodeIn) -> Iterator[None]:
    """Re-word the diary's CLI-flavoured errors for the API: the URL's field name, the valid range."""
    try:
        yield
    except NotFoundError as exc:
        raise NotFoundError(exc.message, field="episode_id", valid=_("an id from GET /api/v1/diary/episodes")) from None
    except InputError as exc:
        if exc.valid is None and exc.field:
            _owner, info = find_field(model, exc.field.split("."))
            if info is not None:
                raise InputError(exc.message, field=exc.field, valid=bounds(info)) from None
        raise


ChartKind = Literal["frequency", "time-of-day", "muscles", "severity"]
EpisodeId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the episode number")]


class TriedOut(BaseModel):
    id: str
    effect: int


class EpisodePublic(BaseModel):
    id: int
    started: str
    tz: str
    diary_day: str
    duration_minutes: float
    muscle: str
    side: str
    setting: str
    pain: int
    sleep_disturbance: int | None
    helper: bool
    swelling: bool
    weakness: bool
    triggers: list[str]
    trigger_note: str
    tried: list[TriedOut]
    note: str


class EpisodesPublic(BaseModel):
    count: int
    items: list[EpisodePublic]


class CheckinPublic(BaseModel):
    day: str
    water_litres: float | None
    caffeine_cups: float | None
    alcohol_units: float | None
    exercise: str | None
    unusual_exercise: bool | None
    tight_shoes: bool | None
    heat: bool | None
    medicines: list[str]
    note: str


class CheckinsPublic(BaseModel):
    count: int
    items: list[CheckinPublic]


class StoredProfile(BaseModel):
    version: int
    saved_utc: str
    profile: dict[str, Any]


# --- episodes ---------------------------------------------------------------------------------


@router.get("/episodes", response_model=EpisodesPublic, summary="Episodes, newest first")
def list_episodes(db: DiaryUrlDep, limit: Annotated[int | None, Query(ge=1, le=10_000)] = None) -> dict[str, Any]:
    from crampcare.diary.service import list_episodes as run

    items = run(db_url=db, limit=limit)
    return {"count": len(items), "items": items}


@router.post("/episodes", response_model=EpisodePublic, status_code=201, summary="Log an episode")
def create_episode(db: DiaryUrlDep, episode: EpisodeIn) -> dict[str, Any]:
    from crampcare.diary.service import log_episode

    return log_episode(episode.model_dump(), db_url=db)


@router.get("/episodes/{episode_id}", response_model=EpisodePublic, summary="One episode")
def get_episode(db: DiaryUrlDep, episode_id: EpisodeId) -> dict[str, Any]:
    from crampcare.diary.service import get_episode as run

    with _api_names():
        return run(episode_id, db_url=db)


@router.patch("/episodes/{episode_id}", response_model=EpisodePublic, summary="Change fields of an episode")
def edit_episode(
    db: DiaryUrlDep,
    episode_id: EpisodeId,
    changes: Annotated[
        dict[str, Any],
        # minProperties: an empty change is refused (422), and the schema says so
        Body(
            description="the fields to change, as in the episode",
            json_schema_extra={"minProperties": 1, "propertyNames": {"enum": sorted(EpisodeIn.model_fields)}},
        ),
    ],
) -> dict[str, Any]:
    from crampcare.diary.service import EDITABLE
    from crampcare.diary.service import edit_episode as run

    if not changes:  # the CLI says "nothing to change" too: a 200 would pretend something was saved
        raise InputError(
            _("nothing to change: give at least one field"), field="body", valid=", ".join(sorted(EDITABLE))
        )
    with _api_names():
        return run(episode_id, changes, db_url=db)


@router.delete("/episodes/{episode_id}", response_model=EpisodePublic, summary="Delete an episode (kept in history)")
def delete_episode(db: DiaryUrlDep, episode_id: EpisodeId) -> dict[str, Any]:
    from crampcare.diary.service import delete_episode as run

    with _api_names():
        return run(episode_id, db_url=db)


# --- check-ins --------------------------------------------------------------------------------


@router.get("/checkins", response_model=CheckinsPublic, summary="Daily check-ins")
def list_checkins(db: DiaryUrlDep) -> dict[str, Any]:
    from crampcare.diary.service import list_checkins as run

    items = run(db_url=db)
    return {"count": len(items), "items": items}


@router.put("/checkins", response_model=CheckinPublic, summary="Save the check-in of a day (replaces that day's)")
def save_checkin(db: DiaryUrlDep, checkin: CheckinIn) -> dict[str, Any]:
    from crampcare.diary.service import save_checkin as run

    return run(checkin.model_dump(), db_url=db)


@router.get("/checkins/{day}", response_model=CheckinPublic, summary="The check-in of one day")
def get_checkin(db: DiaryUrlDep, day: IsoDay) -> dict[str, Any]:
    from crampcare.diary.service import list_checkins as run

    for item in run(db_url=db):
        if item["day"] == day.isoformat():
            return item
    raise NotFoundError(
        _("no check-in for %(day)s") % {"day": day_text(day)}, field="day", valid=_("a day with a check-in")
    )


@router.delete(
    "/checkins/{day}", response_model=CheckinPublic, summary="Delete the check-in of one day (kept in history)"
)
def delete_checkin(db: DiaryUrlDep, day: IsoDay) -> dict[str, Any]:
    from crampcare.diary.service import delete_checkin as run

    return run(day, db_url=db)


# --- profile, stats, charts, report ------------------------------------------------------------


@router.get("/profile", response_model=StoredProfile, summary="The stored profile (newest version)")
def get_profile(db: DiaryUrlDep) -> dict[str, Any]:
    from crampcare.diary.service import current_profile

    stored = current_profile(db_url=db)
    if stored is None:
        raise NotFoundError(_("no profile stored yet"), field="profile", valid=_("PUT /api/v1/diary/profile first"))
    return stored


@router.put("/profile", response_model=StoredProfile, summary="Store a new profile version (older ones are kept)")
def put_profile(db: DiaryUrlDep, profile: Profile) -> dict[str, Any]:
    """The body is the assessment's Profile (its real schema in OpenAPI); stored as sent (no defaults added)."""
    from crampcare.diary.service import save_profile

    return save_profile(profile.model_dump(mode="json", exclude_unset=True), db_url=db)


@router.get("/stats", summary="Every figure of the diary: frequency, trends, triggers with uncertainty")
def stats(db: DiaryUrlDep) -> dict[str, Any]:
    from crampcare.diary.service import stats as run

    return run(db_url=db)


@router.get(
    "/charts/{kind}.png",
    summary="A chart of the diary as PNG",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
def chart(db: DiaryUrlDep, kind: ChartKind) -> Response:
    from crampcare.diary.charts import render
    from crampcare.diary.service import stats as run

    return Response(render(kind, run(db_url=db), "png"), media_type="image/png", headers={"Cache-Control": "no-store"})


@router.get(
    "/report.pdf",
    summary="The one-page doctor report as PDF",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def report(db: DiaryUrlDep) -> Response:
    from crampcare.api.reporting import report_pdf

    headers = {"Content-Disposition": 'attachment; filename="crampcare-report.pdf"', "Cache-Control": "no-store"}
    return Response(report_pdf(db), media_type="application/pdf", headers=headers)
