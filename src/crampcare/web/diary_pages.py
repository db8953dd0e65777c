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
from crampcare.i18n import N_, _
from crampcare.labels import MUSCLE_LABELS, SETTING_LABELS, SIDE_LABELS
from crampcare.web.forms import decimal_point
from crampcare.web.problems import DIARY_FIELDS, FieldProblem, from_input_error
from crampcare.web.render import checked_form, render, settings_of, text_fields

router = APIRouter()
CHARTS = ("frequency", "time-of-day", "muscles", "severity")
EPISODE_FIELDS = ("duration_minutes", "muscle", "side", "setting", "pain", "sleep_disturbance", "note", "trigger_note")
WARNING_SIGNS = ("swelling", "weakness")  # yes/no boxes on a logged cramp (issue 12 §6)
CHECKIN_NUMBERS = ("water_litres", "caffeine_cups", "alcohol_units")
CHECKIN_FLAGS = ("unusual_exercise", "tight_shoes", "heat")


def _db(request: Request) -> str | None:
    settings = settings_of(request)
    return diary_url_for(current_user(request, settings), settings)


diary_db = _db  # the episode edit pages' way to the same diary


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
    for name in WARNING_SIGNS:  # a ticked box sends "true"; anything else is the diary's error naming the field
        if name in form:
            data[name] = True if form[name] == "true" else form[name]
    if "duration_minutes" in data:  # a missing duration is the diary's "is required", never a made-up minute
        data["duration_minutes"] = decimal_point(data["duration_minutes"])
    return data


def _fresh(muscle: str = "", setting: str = "") -> dict[str, Any]:
    """The quick log as a new page shows it: nothing made up (a preset "in bed" turned an evening cramp into a
    night one); only what the first-aid page's "Log this cramp" link passes (muscle, setting) is filled in."""
    return {"muscle": muscle, "setting": setting, "side": "", "pain": "", "duration_minutes": ""}


def _long_day(day: str) -> str:
    """ "Monday 24 November 2025": a date nobody reads the wrong way round (the date field shows it too)."""
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return day
    from babel.dates import format_date

    from crampcare import i18n

    # The pattern is the catalogue's: the page says "This check-in is for <day>", and Russian puts «за» before it,
    # which takes the date well («за 5 декабря 2026 (суббота)») but not a weekday first («за суббота» is wrong).
    pattern = i18n.pgettext("Babel date pattern with the weekday", "EEEE d MMMM y")
    return str(format_date(date, format=pattern, locale=i18n.current()))


def _page(
    request: Request,
    values: dict[str, Any],
    problems: list[FieldProblem],
    status: int = 200,
    checkin: dict[str, Any] | None = None,
    checkin_failed: tuple[str, list[FieldProblem]] = ("", []),
) -> HTMLResponse:
    from crampcare.diary import service
    from crampcare.diary.timeutil import DAY_STARTS_AT
    from crampcare.diary.vocabulary import triggers

    db = _db(request)
    # The server's diary day (before 06:00 it is still last night), as `crampcare diary checkin` defaults to;
    # the page's script replaces it with the browser's own diary day.
    today = service.today_local()
    if checkin is None:  # the day's stored check-in, so that saving the form again changes only what is edited
        checkin = _stored_checkin(request, db, today)
    episodes = service.list_episodes(db_url=db, limit=50)
    logged = request.query_params.get("logged")
    edited = request.query_params.get("edited")
    # The cramp just logged or changed, and what it calls for (its red flags, by the care plan's rules).
    shown = next((e for e in episodes if str(e["id"]) in (logged, edited)), None)
    advice = service.advice_for(shown, db_url=db) if shown is not None else None
    checkin_heading, checkin_problems = checkin_failed
    form_day = str(checkin.get("day") or today.isoformat())
    context = {
        "episodes": episodes,
        # The logged entry's start as stored, with its zone: the zone a time was read in is never hidden.
        "logged_episode": next((e for e in episodes if str(e["id"]) == logged), None),
        "stats": service.stats(db_url=db),
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
        "edited_episode": shown if edited else None,
        "advice": advice,
        "today": today.isoformat(),
        "day_starts_hour": DAY_STARTS_AT.hour,
        "checkin": checkin,  # what was typed into a check-in that failed, or the day's stored one
        "checkin_day": form_day,
        "checkin_day_text": _long_day(form_day),
        "checked": _long_day(request.query_params.get("day", "")) if request.query_params.get("checked") else "",
        "checkin_heading": checkin_heading,  # "Check-in not saved": never the quick log's "Not saved"
        "checkin_problems": checkin_problems,
        "checkin_errors": {p.field or "": p for p in checkin_problems},
        "experiment_today": _experiment_today(db),
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


def _experiment_today(db: str | None) -> dict[str, Any] | None:
    from crampcare.web.experiment_pages import today_banner

    return today_banner(db)


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
    return _page(request, _fresh(muscle, setting), [])


@router.post("/diary/episodes", response_class=HTMLResponse)
async def log_episode(request: Request) -> Response:
    from crampcare.diary.service import log_episode as run

    items = text_fields(await checked_form(request))
    data: dict[str, Any] | None = None
    try:
        data = episode_from_form(items)
        saved = run(data, db_url=_db(request))
    except InputError as exc:
        values: dict[str, Any] = dict(items)
        values["triggers"] = [v for k, v in items if k == "triggers"]
        return _page(request, values, _all_problems(exc, data), status=422)
    day = _browser_day(dict(items).get("time_zone", ""))
    return RedirectResponse(f"/diary?logged={saved['id']}{day}{advice_anchor(saved, _db(request))}", status_code=303)


def _all_problems(first: InputError, data: dict[str, Any] | None) -> list[FieldProblem]:
    """Every problem of the quick log at once, in the form's order (the diary stops at the first, and a person on
    a phone was sent back once per field); only `first` when the form could not be read that far."""
    from crampcare.diary.schemas import EpisodeIn, problems

    found = problems(EpisodeIn, data) if data is not None else []
    shown = [from_input_error(exc, DIARY_FIELDS) for exc in found or [first]]
    order = list(DIARY_FIELDS)
    return sorted(shown, key=lambda p: order.index(p.field) if p.field in order else len(order))


def advice_anchor(episode: dict[str, Any], db: str | None) -> str:
    """Where the page after saving opens: at the advice when the cramp calls for some (it must be seen at once),
    else at the list with the new entry."""
    from crampcare.diary.service import advice_for

    advice = advice_for(episode, db_url=db)
    return "#episode-advice" if advice.flags or advice.set_aside else "#episodes"


def _browser_day(zone_name: str) -> str:
    """ "&day=…": today's diary day in the browser's zone (the zone was checked when the cramp was read), so
    the page after saving shows that day's check-in without the script reloading it; "" without a zone."""
    from crampcare.diary.timeutil import diary_day

    if not zone_name.strip():
        return ""
    zone = _zone(zone_name)
    return f"&day={diary_day(dt.datetime.now(zone).replace(tzinfo=None)).isoformat()}"


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
    raw: dict[str, Any] = {
        k: v.strip() for k, v in form.items() if isinstance(v, str) and k != "csrf_token" and v.strip()
    }
    for flag in CHECKIN_FLAGS:
        raw[flag] = flag in raw
    # A decimal comma ("1,5" litres) is read as the episode form reads one; what was typed is shown on an error.
    numbers = {k: decimal_point(raw[k]) for k in CHECKIN_NUMBERS if k in raw}
    try:
        # The form has no medicines or note: the day's stored ones are kept, never erased by a save here.
        saved = save_checkin(raw | numbers, db_url=_db(request), keep=("medicines", "note"))
    except InputError as exc:
        return _checkin_failed(request, exc, raw)
    return RedirectResponse(f"/diary?checked=1&day={saved['day']}#checkin", status_code=303)


@router.post("/diary/checkin/day")
async def load_checkin_day(request: Request) -> Response:
    """ "Load this day": the check-in form's Day field, shown with that day's stored values (nothing is saved).
    A POST from the check-in form itself (formaction), so it works without script and keeps the CSRF token
    out of the address; it redirects to the GET page of that day."""
    form = await checked_form(request)
    asked = form.get("day")
    text = asked.strip() if isinstance(asked, str) else ""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        problem = InputError(
            _("not a date: %(text)s") % {"text": repr(text)}, field="day", valid=_("YYYY-MM-DD, e.g. 2024-05-01")
        )
        return _checkin_failed(request, problem, {"day": text}, heading=N_("Day not loaded"))
    return RedirectResponse(f"/diary?day={day.isoformat()}#checkin", status_code=303)


def _checkin_failed(
    request: Request, exc: InputError, typed: dict[str, Any], heading: str = N_("Check-in not saved")
) -> HTMLResponse:
    """The page again with the check-in as typed and its problem next to it; the quick log as a new page has it."""
    failed = (_(heading), [from_input_error(exc, DIARY_FIELDS)])
    return _page(request, _fresh(), [], status=422, checkin=typed, checkin_failed=failed)
