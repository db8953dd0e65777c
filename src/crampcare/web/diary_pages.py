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


def _zone(name: str) -> dt.tzinfo | None:
    """The browser's IANA zone (the page's script sends it); None without script: the server's zone is used,
    as the CLI uses the machine's. A value that is not a zone is refused, never replaced by another zone."""
    from crampcare.diary.timeutil import named_zone

    return named_zone(name, field="time_zone") if name.strip() else None


def _started(when: str, zone: dt.tzinfo | None) -> dt.datetime:
    """The start time, read exactly as `crampcare diary log --at` reads it (empty is now): a date without a
    time, a time the zone skips or repeats (DST) and a bad value are errors naming `started`."""
    from crampcare.diary.timeutil import parse_time

    return parse_time(when if when.strip() else "now", field="started", zone=zone)[0]


def episode_from_form(items: list[tuple[str, str]]) -> dict[str, Any]:
    form = dict(items)
    data: dict[str, Any] = {k: form[k].strip() for k in EPISODE_FIELDS if form.get(k, "").strip()}
    # The zone first: a started time is only read once the zone it is read in is known to be right.
    data["started"] = _started(form.get("started", ""), _zone(form.get("time_zone", "")))
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
    today = dt.date.today()
    if checkin is None:  # the day's stored check-in, so that saving the form again changes only what is edited
        checkin = _stored_checkin(request, db, today)
    episodes = list_episodes(db_url=db, limit=50)
    logged = request.query_params.get("logged")
    context = {
        "episodes": episodes,
        # The logged entry's start as stored, with its zone: the zone a time was read in is never hidden.
        "logged_episode": next((e for e in episodes if str(e["id"]) == logged), None),
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
        "today": today.isoformat(),
        "checkin": checkin,  # what was typed into a check-in that failed, or the day's stored one
    }
    return render(request, "diary.html", context, status=status)


def _stored_checkin(request: Request, db: str | None, today: dt.date) -> dict[str, Any]:
    """The stored check-in of ?day= (default today) as form values; {} when that day has none."""
    from crampcare.diary.service import get_checkin

    asked = request.query_params.get("day", "")
    try:
        day = dt.date.fromisoformat(asked) if asked else today
    except ValueError:
        day = today  # a hand-edited address: the form then shows today, and its date field says so
    stored = get_checkin(day, db_url=db)
    if stored is None:
        return {"day": day.isoformat()}
    return {key: _shown(value) for key, value in stored.items()}


def _shown(value: Any) -> Any:
    """A stored value as the form shows it: None empty, 2.0 as "2", 0.3333333 in full (saving it back unchanged
    must not round it)."""
    if value is None:
        return ""
    if isinstance(value, float):
        short = f"{value:g}"
        return short if float(short) == value else repr(value)
    return value


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
        # The form has no medicines or note: the day's stored ones are kept, never erased by a save here.
        saved = save_checkin(raw, db_url=_db(request), keep=("medicines", "note"))
    except InputError as exc:
        return _page(request, {}, [from_input_error(exc, DIARY_FIELDS)], status=422, checkin=raw)
    return RedirectResponse(f"/diary?checked=1&day={saved['day']}#checkin", status_code=303)
