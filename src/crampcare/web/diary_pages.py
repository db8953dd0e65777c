"""Diary pages: quick log, the list, charts, a daily check-in and the doctor report download.

Forms post to these routes and redirect back (post/redirect/get), so a reload
never logs a cramp twice and everything works without JavaScript.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crampcare.api.accounts import current_user, diary_url_for
from crampcare.errors import InputError
from crampcare.web.pages import MUSCLE_LABELS, SETTING_LABELS
from crampcare.web.problems import DIARY_FIELDS, FieldProblem, from_input_error
from crampcare.web.render import checked_form, render, settings_of, text_fields

router = APIRouter()
CHARTS = ("frequency", "time-of-day", "muscles", "severity")
SIDE_LABELS = {"left": "Left", "right": "Right", "both": "Both"}
EPISODE_FIELDS = ("duration_minutes", "muscle", "side", "setting", "pain", "sleep_disturbance", "note", "trigger_note")


def _db(request: Request) -> str | None:
    settings = settings_of(request)
    return diary_url_for(current_user(request, settings), settings)


def _zone(offset_minutes: str) -> dt.tzinfo:
    """The browser's UTC offset when its script sent one, else the server's zone (same machine in local mode)."""
    from crampcare.diary.timeutil import local_zone

    try:
        minutes = int(offset_minutes)
    except ValueError:
        return local_zone()
    if not -16 * 60 <= minutes <= 16 * 60:
        return local_zone()
    return dt.timezone(dt.timedelta(minutes=minutes))


def _started(when: str, zone: dt.tzinfo) -> str:
    if not when.strip():
        return dt.datetime.now(zone).replace(microsecond=0).isoformat()
    try:
        moment = dt.datetime.fromisoformat(when.strip())
    except ValueError:
        raise InputError("not a date and time", field="started", valid="e.g. 2026-01-31T23:15") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).isoformat()


def episode_from_form(items: list[tuple[str, str]]) -> dict[str, Any]:
    form = dict(items)
    data: dict[str, Any] = {k: form[k].strip() for k in EPISODE_FIELDS if form.get(k, "").strip()}
    data["started"] = _started(form.get("started", ""), _zone(form.get("tz_offset", "")))
    data["triggers"] = [v for k, v in items if k == "triggers"]
    if "duration_minutes" in data:  # a missing duration is the diary's "is required", never a made-up minute
        data["duration_minutes"] = data["duration_minutes"].replace(",", ".")
    return data


def _page(
    request: Request,
    values: dict[str, Any],
    problems: list[FieldProblem],
    status: int = 200,
    checkin: dict[str, Any] | None = None,
) -> HTMLResponse:
    from crampcare.diary.service import list_episodes, stats
    from crampcare.diary.vocabulary import triggers

    db = _db(request)
    context = {
        "episodes": list_episodes(db_url=db, limit=50),
        "stats": stats(db_url=db),
        "values": values,
        "problems": problems,
        "errors": {p.field or "": p for p in problems},
        "muscles": list(MUSCLE_LABELS.items()),
        "settings": list(SETTING_LABELS.items()),
        "sides": list(SIDE_LABELS.items()),
        "muscle_labels": MUSCLE_LABELS,
        "setting_labels": SETTING_LABELS,
        "side_labels": SIDE_LABELS,
        "triggers": list(triggers().items()),
        "charts": CHARTS,
        "logged": request.query_params.get("logged"),
        "today": dt.date.today().isoformat(),
        "checkin": checkin or {},  # what was typed into a check-in that failed, shown again
    }
    return render(request, "diary.html", context, status=status)


@router.get("/diary", response_class=HTMLResponse)
def diary(request: Request, muscle: str = "", setting: str = "") -> HTMLResponse:
    values = {"muscle": muscle, "setting": setting, "side": "", "pain": "5", "duration_minutes": "2"}
    return _page(request, values, [])


@router.post("/diary/episodes", response_class=HTMLResponse)
async def log_episode(request: Request) -> Response:
    from crampcare.diary.service import log_episode as run

    items = text_fields(await checked_form(request))
    try:
        saved = run(episode_from_form(items), db_url=_db(request))
    except InputError as exc:
        values: dict[str, Any] = dict(items)
        values["triggers"] = [v for k, v in items if k == "triggers"]
        return _page(request, values, [from_input_error(exc, DIARY_FIELDS)], status=422)
    return RedirectResponse(f"/diary?logged={saved['id']}#episodes", status_code=303)


@router.post("/diary/episodes/{episode_id}/delete")
async def delete_episode(request: Request, episode_id: int) -> Response:
    from crampcare.diary.service import delete_episode as run

    await checked_form(request)
    run(episode_id, db_url=_db(request))
    return RedirectResponse("/diary#episodes", status_code=303)


@router.post("/diary/checkin")
async def checkin(request: Request) -> Response:
    from crampcare.diary.service import save_checkin

    form = await checked_form(request)
    raw = {k: v.strip() for k, v in form.items() if isinstance(v, str) and k != "csrf_token" and v.strip()}
    for flag in ("unusual_exercise", "tight_shoes", "heat"):
        raw[flag] = flag in raw  # type: ignore[assignment]
    try:
        save_checkin(raw, db_url=_db(request))
    except InputError as exc:
        return _page(request, {}, [from_input_error(exc, DIARY_FIELDS)], status=422, checkin=raw)
    return RedirectResponse("/diary?checked=1#checkin", status_code=303)
