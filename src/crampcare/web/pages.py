"""Pages: home ("Cramp now"), first aid, questionnaire → care plan, knowledge browser, profile, settings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from crampcare.api.accounts import current_user, diary_url_for
from crampcare.api.errors import ApiError
from crampcare.api.presenters import detail, first_aid_answer, list_interventions
from crampcare.api.validation import Problem, problems_from_pydantic
from crampcare.assessment.profile import Profile
from crampcare.errors import InputError, UnknownNameError
from crampcare.knowledge.loader import knowledge
from crampcare.knowledge.vocab import EPISODE_SETTINGS, GRADES, KINDS, MUSCLES, SYMPTOMS
from crampcare.web.forms import form_from_profile, profile_from_form
from crampcare.web.render import checked_form, render, settings_of, text_fields

router = APIRouter()

MUSCLE_LABELS = {
    "calf": "Calf",
    "foot": "Foot / sole",
    "toes": "Toes",
    "shin": "Shin / front of leg",
    "hamstring": "Back of thigh",
    "quadriceps": "Front of thigh",
    "gluteal": "Buttock",
    "whole_leg": "Whole leg",
}
SETTING_LABELS = {
    "bed_night": "In bed / at night",
    "swimming": "Swimming",
    "exercise": "During sport",
    "walking_standing": "Walking or standing",
    "sitting": "Sitting",
    "other": "Somewhere else",
}


def _choices() -> dict[str, Any]:
    return {
        "muscles": [(m, MUSCLE_LABELS[m]) for m in MUSCLES],
        "settings": [(s, SETTING_LABELS[s]) for s in EPISODE_SETTINGS],
        "symptoms": SYMPTOMS,
        "kinds": KINDS,
        "grades": GRADES,
    }


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return render(request, "home.html", _choices())


@router.get("/first-aid", response_class=HTMLResponse)
def first_aid_picker(request: Request) -> HTMLResponse:
    return render(request, "home.html", _choices())


@router.get("/first-aid/{muscle}", response_class=HTMLResponse)
def first_aid_page(request: Request, muscle: str, setting: str | None = None) -> HTMLResponse:
    if muscle not in MUSCLES:
        raise ApiError(404, f"unknown muscle {muscle!r}", field="muscle", valid=", ".join(MUSCLES))
    if setting is not None and setting not in EPISODE_SETTINGS:
        raise ApiError(422, f"unknown setting {setting!r}", field="setting", valid=", ".join(EPISODE_SETTINGS))
    answer = first_aid_answer(knowledge(), muscle, setting or None)
    context = {
        **_choices(),
        "answer": answer,
        "muscle": muscle,
        "muscle_label": MUSCLE_LABELS[muscle],
        "setting": setting,
    }
    return render(request, "first_aid.html", context)


# --- questionnaire → plan ---------------------------------------------------------------


def _problems(exc: Exception) -> list[Problem]:
    if isinstance(exc, ValidationError):
        return problems_from_pydantic(exc.errors(), root=Profile)
    if isinstance(exc, UnknownNameError):
        valid = f"e.g. {', '.join(exc.suggestions)}" if exc.suggestions else exc.valid
        return [Problem(field=exc.field or exc.kind, message=exc.message, valid=valid)]
    if isinstance(exc, InputError):
        return [Problem(field=exc.field, message=exc.message, valid=exc.valid)]
    raise exc


def _form_page(request: Request, values: dict[str, Any], problems: list[Problem], status: int = 200) -> HTMLResponse:
    errors = {p.field or "": p for p in problems}
    context = {**_choices(), "values": values, "problems": problems, "errors": errors}
    return render(request, "assess_form.html", context, status=status)


def _values(items: list[tuple[str, str]]) -> dict[str, Any]:
    """Submitted values to re-fill the form; the symptom checkboxes are a list."""
    values: dict[str, Any] = dict(items)
    values["symptoms"] = [v for k, v in items if k == "symptoms"]
    return values


def _saved_profile(request: Request) -> dict[str, Any]:
    from crampcare.diary.db import session_scope
    from crampcare.diary.repository import latest_profile

    settings = settings_of(request)
    with session_scope(diary_url_for(current_user(request, settings), settings)) as session:
        row = latest_profile(session=session)
        return dict(row.data) if row is not None else {}


@router.get("/assess", response_class=HTMLResponse)
def assess_form(request: Request) -> HTMLResponse:
    return _form_page(request, form_from_profile(_saved_profile(request)), [])


@router.post("/assess", response_class=HTMLResponse)
async def assess_submit(request: Request) -> HTMLResponse:
    from crampcare import assess

    items = text_fields(await checked_form(request))
    data = profile_from_form(items)
    try:
        profile = Profile.model_validate(data)
        plan = assess(profile)
    except (ValidationError, InputError) as exc:
        return _form_page(request, _values(items), _problems(exc), status=422)
    kb = knowledge()
    return render(request, "plan.html", {"plan": plan, "sources": kb.sources, "profile": profile})


# --- knowledge browser ----------------------------------------------------------------------


@router.get("/knowledge", response_class=HTMLResponse)
def knowledge_page(request: Request, q: str = "", kind: str = "", grade: str = "") -> HTMLResponse:
    kb = knowledge()
    if kind and kind not in KINDS:
        raise ApiError(422, f"unknown kind {kind!r}", field="kind", valid=", ".join(KINDS))
    if grade and grade not in GRADES:
        raise ApiError(422, f"unknown grade {grade!r}", field="grade", valid=", ".join(GRADES))
    hits = []
    if q.strip():
        from crampcare.knowledge.search import search

        try:
            hits = search(kb, q, limit=30)
        except InputError:
            hits = []
    listing = list_interventions(kb, kind=kind or None, grade=grade or None)
    context = {**_choices(), "q": q, "kind": kind, "grade": grade, "hits": hits, "listing": listing}
    name = "_kb_results.html" if request.headers.get("HX-Request") == "true" else "kb_list.html"
    return render(request, name, context)


@router.get("/knowledge/{rid}", response_class=HTMLResponse)
def knowledge_record(request: Request, rid: str) -> HTMLResponse:
    from crampcare.knowledge.lookup import resolve_intervention

    kb = knowledge()
    try:
        record = resolve_intervention(kb, rid)
    except UnknownNameError as exc:
        raise ApiError(404, exc.message, field="id", valid=", ".join(exc.suggestions) or None) from None
    return render(request, "kb_record.html", {"d": detail(kb, record), "sections": kb.sections})


# --- profile and settings ----------------------------------------------------------------------


@router.get("/profile", response_class=HTMLResponse)
def profile_page(request: Request, saved: bool = False) -> HTMLResponse:
    context = {
        **_choices(),
        "values": form_from_profile(_saved_profile(request)),
        "problems": [],
        "errors": {},
        "saved": saved,
        "profile_mode": True,
    }
    return render(request, "profile.html", context)


@router.post("/profile", response_class=HTMLResponse)
async def profile_save(request: Request) -> Response:
    from crampcare.diary.db import session_scope
    from crampcare.diary.repository import save_profile

    items = text_fields(await checked_form(request))
    try:
        profile = Profile.model_validate(profile_from_form(items))
    except ValidationError as exc:
        problems = _problems(exc)
        context = {
            **_choices(),
            "values": _values(items),
            "problems": problems,
            "errors": {p.field or "": p for p in problems},
            "profile_mode": True,
        }
        return render(request, "profile.html", context, status=422)
    settings = settings_of(request)
    with session_scope(diary_url_for(current_user(request, settings), settings), write=True) as session:
        save_profile(session=session, data=profile.model_dump(mode="json", exclude_defaults=True))
    return RedirectResponse("/profile?saved=true", status_code=303)


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> HTMLResponse:
    from sqlalchemy.engine import make_url

    from crampcare.diary.db import resolve_url

    settings = settings_of(request)
    url = make_url(resolve_url(settings.database_url)).render_as_string(hide_password=True)
    kb = knowledge()
    context = {
        "database": url,
        "kb_version": kb.version,
        "interventions": len(kb.interventions),
        "mode": "server" if settings.server_mode else "local",
    }
    return render(request, "settings.html", context)
