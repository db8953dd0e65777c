"""Settings: the emergency number and lab units (this browser), the diary's place, export and delete-all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crampcare.api.accounts import current_user, diary_url_for
from crampcare.emergency import emergency_numbers, known
from crampcare.errors import InputError
from crampcare.knowledge.loader import knowledge
from crampcare.web import prefs
from crampcare.web.problems import FieldProblem
from crampcare.web.render import checked_form, render, settings_of, text_fields

router = APIRouter()
SETTINGS_FIELDS = {"emergency_number": "Emergency number", "lab_units": "Units for lab results", "confirm": "Confirm"}


def _db(request: Request) -> str | None:
    settings = settings_of(request)
    return diary_url_for(current_user(request, settings), settings)


def _page(
    request: Request,
    values: dict[str, str] | None = None,
    problems: list[FieldProblem] | None = None,
    status: int = 200,
) -> HTMLResponse:
    from sqlalchemy.engine import make_url

    from crampcare.diary.db import resolve_url

    settings = settings_of(request)
    db = _db(request)
    kb = knowledge()
    chosen = prefs.read(request)
    problems = problems or []
    context: dict[str, Any] = {
        # A server's database address is the operator's business; a person on a server sees their own diary.
        "database": None if settings.server_mode else make_url(resolve_url(db)).render_as_string(hide_password=True),
        "kb_version": kb.version,
        "interventions": len(kb.interventions),
        "mode": "server" if settings.server_mode else "local",
        "values": values or _values(chosen),
        "emergency_presets": emergency_numbers().numbers,
        "problems": problems,
        "errors": {p.field or "": p for p in problems},
        "saved": request.query_params.get("saved") == "1",
        "wiped": request.session.pop("wiped", None),
    }
    return render(request, "settings.html", context, status=status)


def _values(chosen: prefs.Prefs) -> dict[str, str]:
    """The form as the saved settings fill it: a number crampcare knows is ticked, any other is typed in."""
    if known(chosen.emergency_number):
        return {"emergency_preset": chosen.emergency_number, "emergency_number": "", "lab_units": chosen.lab_units}
    return {"emergency_preset": "other", "emergency_number": chosen.emergency_number, "lab_units": chosen.lab_units}


def _problem(exc: InputError) -> FieldProblem:
    field = exc.field or ""
    return FieldProblem(field=field, label=SETTINGS_FIELDS.get(field, ""), message=_sentence(exc))


def _sentence(exc: InputError) -> str:
    return f"{exc.message}; {exc.valid}" if exc.valid else exc.message


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> HTMLResponse:
    return _page(request)


@router.post("/settings", response_class=HTMLResponse)
async def save_settings(request: Request) -> Response:
    form = dict(text_fields(await checked_form(request)))
    values = {k: form.get(k, "") for k in ("emergency_preset", "emergency_number", "lab_units")}
    preset = values["emergency_preset"]
    # A number typed in the box wins (the box is empty while a listed number is ticked); else the ticked number.
    typed = values["emergency_number"] if values["emergency_number"].strip() or not known(preset) else preset
    problems = []
    chosen = prefs.Prefs()
    try:
        chosen = prefs.Prefs(emergency_number=prefs.emergency_number(typed))
    except InputError as exc:
        problems.append(_problem(exc))
    try:
        chosen = prefs.Prefs(emergency_number=chosen.emergency_number, lab_units=prefs.lab_units(values["lab_units"]))
    except InputError as exc:
        problems.append(_problem(exc))
    if problems:  # every problem at once, each next to its field; nothing is saved
        return _page(request, values, problems, status=422)
    response = RedirectResponse("/settings?saved=1#your-settings", status_code=303)
    prefs.store(response, chosen, secure=settings_of(request).secure_cookies)
    return response


@router.get("/settings/export.json")
def export_diary(request: Request) -> Response:
    """The whole diary as the JSON export `crampcare diary import` reads."""
    from crampcare.diary.importexport import export_data, to_json

    body = to_json(export_data(db_url=_db(request)))
    name = f"crampcare-diary-{dt.date.today().isoformat()}.json"
    return Response(
        body, media_type="application/json", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.post("/settings/delete-all", response_class=HTMLResponse)
async def delete_all(request: Request) -> Response:
    """Delete every diary entry, after a confirmation and after a backup (never without one)."""
    from crampcare.diary import service
    from crampcare.diary.backup import backup_for_web_wipe

    form = dict(text_fields(await checked_form(request)))
    if form.get("confirm") != "delete":
        problem = FieldProblem(
            field="confirm", label=SETTINGS_FIELDS["confirm"], message="nothing was deleted: tick the box to confirm"
        )
        return _page(request, problems=[problem], status=422)
    db = _db(request)
    backup = backup_for_web_wipe(db)
    removed = service.wipe(db_url=db)
    request.session["wiped"] = {
        "removed": removed,
        # Where the copy is: on a person's own computer the path helps; a server's paths are not theirs to see.
        "backup": None if settings_of(request).server_mode else str(backup),
    }
    return RedirectResponse("/settings#your-data", status_code=303)
