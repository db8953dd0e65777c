"""The experiment pages: set up (one screen), today's arm and check-in, the schedule and answer, the report.

Thin: the work is in `crampcare.experiments.service`; every form works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from crampcare.errors import InputError
from crampcare.web.diary_pages import diary_db
from crampcare.web.problems import EXPERIMENT_FIELDS, said_on_form
from crampcare.web.render import checked_form, render

router = APIRouter()
ACTIVE = ("scheduled", "run_in", "running", "paused")


def today_banner(db: str | None) -> dict[str, Any] | None:
    """Today's arm of a running experiment, for the diary page's banner; None when there is none."""
    from crampcare.experiments import service

    try:
        answer = service.day({}, db_url=db)
    except InputError:  # no experiment in this diary
        return None
    return answer if answer["status"] in ACTIVE else None


def _choices(db: str | None) -> list[dict[str, str]]:
    """The options the person could test: self_care or discuss_with_doctor in their plan, testable in periods,
    not prescription medicines (those need a clinician's protocol, set up with the command line or the API)."""
    from crampcare.assessment.engine import assess
    from crampcare.diary.service import current_profile
    from crampcare.experiments.eligibility import testable
    from crampcare.knowledge.loader import knowledge

    stored = current_profile(db_url=db)
    if stored is None:
        return []
    kb = knowledge()
    plan = assess(stored["profile"])
    if plan.red_flags:
        return []
    return [
        {"id": o.id, "name": o.name, "status": o.status}
        for o in plan.options
        if o.status in ("self_care", "discuss_with_doctor")
        and not kb.interventions[o.id].prescription
        and testable(kb.interventions[o.id]) is None
    ]


def _page(request: Request, problem: str = "", values: dict[str, str] | None = None, status: int = 200) -> HTMLResponse:
    from crampcare.experiments import service

    db = diary_db(request)
    try:
        state: dict[str, Any] | None = service.status(db_url=db)
    except InputError:
        state = None
    setting_up = state is None or state["status"] not in ACTIVE or request.query_params.get("new") == "1"
    context = {
        "state": state,
        "today": service.day({}, db_url=db) if state is not None else None,
        "setting_up": setting_up and (state is None or state["status"] not in ACTIVE),
        "choices": _choices(db),
        "problem": problem,
        "values": values or {},
    }
    return render(request, "experiment.html", context, status=status)


@router.get("/experiment", response_class=HTMLResponse)
def experiment(request: Request) -> HTMLResponse:
    return _page(request)


@router.post("/experiment/start", response_model=None)
async def start(request: Request) -> Response:
    from crampcare.experiments import service

    form = {k: v.strip() for k, v in (await checked_form(request)).items() if isinstance(v, str) and k != "csrf_token"}
    data: dict[str, Any] = {"intervention": form.get("intervention", ""), "run_in": form.get("run_in") == "on"}
    for key in ("period_weeks", "pairs"):
        if form.get(key):
            data[key] = int(form[key]) if form[key].isdigit() else form[key]
    if form.get("doctor_agreed"):
        data["doctor_agreed"] = form["doctor_agreed"]
    try:
        service.start(data, db_url=diary_db(request))
    except InputError as exc:
        return _page(request, said_on_form(exc, EXPERIMENT_FIELDS), form, status=422)
    return RedirectResponse("/experiment", status_code=303)


@router.post("/experiment/today", response_model=None)
async def record(request: Request) -> Response:
    from crampcare.experiments import service

    form = await checked_form(request)
    done = form.get("done")
    try:
        service.day({"done": done == "yes"} if done in ("yes", "no") else {}, db_url=diary_db(request))
    except InputError as exc:
        return _page(request, exc.one_line(), status=422)
    return RedirectResponse("/experiment?recorded=1", status_code=303)


@router.post("/experiment/stop")
async def stop(request: Request) -> Response:
    from crampcare.experiments import service

    form = await checked_form(request)
    reason = form.get("reason")
    service.stop(reason if isinstance(reason, str) else "", db_url=diary_db(request))
    return RedirectResponse("/experiment", status_code=303)


@router.post("/experiment/resume")
async def resume(request: Request) -> Response:
    from crampcare.experiments import service

    await checked_form(request)
    service.resume(db_url=diary_db(request))
    return RedirectResponse("/experiment", status_code=303)


@router.get("/experiment/report", response_class=HTMLResponse)
def report(request: Request) -> HTMLResponse:
    from crampcare.experiments import service

    return HTMLResponse(service.report(db_url=diary_db(request), fmt="html").decode("utf-8"))


@router.get("/experiment/report.pdf")
def report_pdf(request: Request) -> Response:
    from crampcare.experiments import service

    headers = {"Content-Disposition": 'attachment; filename="crampcare-experiment.pdf"'}
    return Response(service.report(db_url=diary_db(request), fmt="pdf"), media_type="application/pdf", headers=headers)
