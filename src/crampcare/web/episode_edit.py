"""Editing a logged cramp on the web (the API's PATCH, as a form). Only the fields the person changed are sent:
an entry an older version stored (a 0-minute cramp) can still have its note corrected, and a start time is
re-read only when it was edited, in the zone it was logged in."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crampcare.errors import InputError
from crampcare.i18n import TypedNumber
from crampcare.web.forms import decimal_point
from crampcare.web.problems import DIARY_FIELDS, FieldProblem, from_input_error
from crampcare.web.render import checked_form, render, text_fields

router = APIRouter()
TEXT_FIELDS = ("muscle", "side", "setting", "note")
WARNING_SIGNS = ("swelling", "weakness")
NUMBER_FIELDS = ("pain", "sleep_disturbance", "duration_minutes")
# The page's fields top to bottom: its problems are listed in this order.
FORM_ORDER = (
    "started",
    *TEXT_FIELDS[:3],
    "pain",
    "duration_minutes",
    "sleep_disturbance",
    *WARNING_SIGNS,
    "triggers",
    "note",
)


def shown_start(episode: dict[str, Any]) -> str:
    """The start as the form's datetime-local field shows it: the wall-clock time where it was logged."""
    return str(episode["started"])[:16]


def form_values(episode: dict[str, Any]) -> dict[str, Any]:
    values = {key: "" if episode.get(key) is None else episode[key] for key in (*TEXT_FIELDS, *NUMBER_FIELDS)}
    values["duration_minutes"] = f"{episode['duration_minutes']:g}"
    values["started"] = shown_start(episode)
    values["triggers"] = list(episode.get("triggers") or [])
    for name in WARNING_SIGNS:
        values[name] = "true" if episode.get(name) else ""
    return values


def _number(text: str) -> int | float | str:
    """A whole number stays whole and a decimal keeps its text, so a refusal quotes what was typed ("got 15",
    not "got 15.0"; "got 0,01", not "got 0.01")."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return TypedNumber(float(decimal_point(text)), typed=text)
    except ValueError:
        return text  # the diary refuses it and names the field


def changes_from_form(
    episode: dict[str, Any], items: list[tuple[str, str]], *, keep_start: bool = False
) -> dict[str, Any]:
    """Only what differs from the stored episode (`keep_start`: the typed start is left out, as unreadable)."""
    from crampcare.diary.timeutil import parse_time, zone_from_label

    form = dict(items)
    changes: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        value = form.get(key, "").strip()
        if value != (episode.get(key) or ""):
            changes[key] = value
    for key in NUMBER_FIELDS:
        text = form.get(key, "").strip()
        stored = episode.get(key)
        if not text:
            if stored is not None and key == "sleep_disturbance":
                changes[key] = None  # emptied: no longer rated
            elif stored is not None:
                changes[key] = text  # a required number emptied: the diary says it is required
            continue
        number = _number(text)
        if number != stored:
            changes[key] = number
    for name in WARNING_SIGNS:
        ticked: bool | str = True if form.get(name) == "true" else form.get(name, False)
        if ticked != bool(episode.get(name)):
            changes[name] = ticked
    triggers = [v for k, v in items if k == "triggers"]
    if sorted(triggers) != sorted(episode.get("triggers") or []):
        changes["triggers"] = triggers
    started = form.get("started", "").strip()
    if not keep_start and started != shown_start(episode):
        zone = zone_from_label(str(episode["tz"]))
        changes["started"] = parse_time(started, field="started", zone=zone)[0]
    return changes


def _page(
    request: Request, episode: dict[str, Any], values: dict[str, Any], problems: list[FieldProblem], status: int = 200
) -> HTMLResponse:
    from crampcare.diary.vocabulary import triggers
    from crampcare.labels import MUSCLE_LABELS, SETTING_LABELS, SIDE_LABELS

    context = {
        "episode": episode,
        "values": values,
        "problems": problems,
        "errors": {p.field or "": p for p in problems},
        "muscles": list(MUSCLE_LABELS.items()),
        "settings": list(SETTING_LABELS.items()),
        "sides": list(SIDE_LABELS.items()),
        "triggers": list(triggers().items()),
    }
    return render(request, "episode_edit.html", context, status=status)


@router.get("/diary/episodes/{episode_id}/edit", response_class=HTMLResponse)
def edit_form(request: Request, episode_id: int) -> HTMLResponse:
    from crampcare.diary.service import get_episode
    from crampcare.web.diary_pages import diary_db

    episode = get_episode(episode_id, db_url=diary_db(request))
    return _page(request, episode, form_values(episode), [])


@router.post("/diary/episodes/{episode_id}/edit", response_class=HTMLResponse)
async def edit_save(request: Request, episode_id: int) -> Response:
    from crampcare.diary.service import edit_episode, get_episode
    from crampcare.web.diary_pages import advice_anchor, diary_db

    items = text_fields(await checked_form(request))
    db = diary_db(request)
    episode = get_episode(episode_id, db_url=db)
    found = _problems(episode_id, episode, items, db)
    if not found:
        try:
            changes = changes_from_form(episode, items)
            if changes:
                episode = edit_episode(episode_id, changes, db_url=db)
        except InputError as exc:  # what the check above cannot see (the entry changed meanwhile)
            found = [from_input_error(exc, DIARY_FIELDS)]
    if found:
        values: dict[str, Any] = dict(items)
        values["triggers"] = [v for k, v in items if k == "triggers"]
        return _page(request, episode, values, found, status=422)
    return RedirectResponse(f"/diary?edited={episode_id}{advice_anchor(episode, db)}", status_code=303)


def _problems(
    episode_id: int, episode: dict[str, Any], items: list[tuple[str, str]], db: str | None
) -> list[FieldProblem]:
    """Every problem of the edit at once, in the form's order: a start that cannot be read, and each other field's
    (the diary stops at the first, and a person was sent back once per field)."""
    from crampcare.diary.service import edit_problems

    found: list[InputError] = []
    try:
        changes = changes_from_form(episode, items)
    except InputError as exc:
        found.append(exc)
        changes = changes_from_form(episode, items, keep_start=True)
    if changes:
        found += edit_problems(episode_id, changes, db_url=db)
    shown = [from_input_error(exc, DIARY_FIELDS) for exc in found]
    return sorted(shown, key=lambda p: FORM_ORDER.index(p.field) if p.field in FORM_ORDER else len(FORM_ORDER))
