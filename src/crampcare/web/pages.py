"""Pages: home ("Cramp now"), first aid, questionnaire → care plan, knowledge browser, profile, settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from crampcare.api.accounts import current_user, diary_url_for
from crampcare.api.errors import ApiError
from crampcare.api.presenters import detail, first_aid_in_language, in_language, list_interventions
from crampcare.assessment.profile import Profile
from crampcare.errors import InputError, UnknownNameError
from crampcare.i18n import _
from crampcare.knowledge.language import for_reader
from crampcare.knowledge.loader import KnowledgeBase, knowledge
from crampcare.knowledge.vocab import EPISODE_SETTINGS, GRADES, KINDS, MUSCLES, SYMPTOMS
from crampcare.labels import MUSCLE_LABELS, SETTING_LABELS
from crampcare.web import lab_units
from crampcare.web.forms import flatten, form_from_profile, profile_from_form, saved_values_used, with_name_choice
from crampcare.web.plan_view import (
    check_names,
    condition_rows,
    group_options,
    lab_rows,
    layout,
    medicine_alert,
    medicine_notes,
    medicine_rows,
    split_warnings,
    summarise,
    top_warnings,
    triage_words,
)
from crampcare.web.problems import PROFILE_FIELDS, FieldProblem, form_problems
from crampcare.web.render import checked_form, render, settings_of, text_fields

if TYPE_CHECKING:
    from starlette.datastructures import FormData

    from crampcare.knowledge.search import SearchHit

router = APIRouter()
SEARCH_LIMIT = 30

# The warning signs in small groups a person can scan (the headings are in the template); every symptom of the
# vocabulary is in exactly one group (a test checks), so none can drop off the form.
SYMPTOM_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "leg",
        (
            "calf_swelling",
            "one_sided_calf_pain",
            "redness_warmth",
            "pale_cold_leg",
            "severe_pain",
            "pain_on_walking_relieved_by_rest",
        ),
    ),
    ("muscles", ("muscle_weakness", "muscle_wasting", "twitching", "numbness_tingling", "urge_to_move_legs")),
    (
        "body",
        (
            "collapse",
            "dizziness",
            "confusion",
            "severe_headache",
            "headache",
            "nausea",
            "upper_abdominal_pain",
            "sudden_swelling_face_hands_feet",
            "fever",
            "dark_urine",
            "vomiting_diarrhea",
            "bleeding_bruising",
            "perioral_tingling",
            "tinnitus_visual_disturbance",
        ),
    ),
    ("exposure", ("wound_contaminated", "toxin_exposure")),
    (
        "child",
        (
            "pain_in_one_leg_only",
            "daytime_leg_pain",
            "constant_leg_pain",
            "limping",
            "joint_swelling",
            "weight_loss_or_tiredness",
            "bone_pain",
        ),
    ),
)
WHO = ("me", "someone_else")


def symptom_groups() -> list[tuple[str, tuple[str, ...]]]:
    """The groups as the form shows them: a symptom added to the vocabulary but to no group yet still appears,
    under "Other signs", so no warning sign can silently drop off the form."""
    grouped = {s for _, ids in SYMPTOM_GROUPS for s in ids}
    groups = [(name, tuple(s for s in ids if s in SYMPTOMS)) for name, ids in SYMPTOM_GROUPS]
    rest = tuple(s for s in SYMPTOMS if s not in grouped)
    return [g for g in groups if g[1]] + ([("other", rest)] if rest else [])


def _choices() -> dict[str, Any]:
    return {
        "muscles": [(m, MUSCLE_LABELS[m]) for m in MUSCLES],
        "settings": [(s, SETTING_LABELS[s]) for s in EPISODE_SETTINGS],
        "symptoms": SYMPTOMS,
        "symptom_groups": symptom_groups(),
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
def first_aid_page(request: Request, muscle: str, setting: str | None = None, helper: bool = False) -> HTMLResponse:
    if muscle not in MUSCLES:
        raise ApiError(
            404, _("unknown muscle %(name)s") % {"name": repr(muscle)}, field="muscle", valid=", ".join(MUSCLES)
        )
    if setting is not None and setting not in EPISODE_SETTINGS:
        raise ApiError(
            422,
            _("unknown setting %(name)s") % {"name": repr(setting)},
            field="setting",
            valid=", ".join(EPISODE_SETTINGS),
        )
    answer = first_aid_in_language(knowledge(), muscle, setting or None, helper)
    context = {
        **_choices(),
        "answer": answer,
        "muscle": muscle,
        "muscle_label": MUSCLE_LABELS[muscle],
        "setting": setting,
        "helper": helper,  # "someone is with me": manoeuvres that need a second person are shown
        # The knowledge base's own rule for a long cramp: what the 10-minute timer shows when it runs out.
        "over_ten": in_language(knowledge()).red_flags.get("cramp_over_10_minutes"),
    }
    return render(request, "first_aid.html", context)


# --- questionnaire → plan ---------------------------------------------------------------


def _problems(exc: Exception) -> list[FieldProblem]:
    return form_problems(exc, PROFILE_FIELDS, root=Profile)


def _form_page(
    request: Request,
    values: dict[str, Any],
    problems: list[FieldProblem],
    status: int = 200,
    **extra: Any,
) -> HTMLResponse:
    errors = {p.field or "": p for p in problems}
    context = {**_choices(), "values": values, "problems": problems, "errors": errors, **extra}
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
def assess_form(request: Request, use: str = "") -> HTMLResponse:
    """A check-up starts blank: a saved profile belongs to one person, and the check-up may be for another.
    Only "use my saved profile" (?use=profile) fills it in, and then the page lists what it filled in."""
    if use not in ("", "profile"):
        raise ApiError(422, _("unknown choice %(name)s") % {"name": repr(use)}, field="use", valid="profile")
    saved = _saved_profile(request)
    if use == "profile" and saved:
        values = {**lab_units.for_form(request, form_from_profile(saved)), "who": "me"}
        return _form_page(request, values, [], has_saved=True, from_saved=True, saved_used=flatten(saved))
    return _form_page(request, {}, [], has_saved=bool(saved), from_saved=False)


NAMES_LOOKED_UP = 40  # per field, on the live check; the plan checks every name


def _names(conditions: str, medications: str, keep_unchecked: str = "") -> dict[str, Any]:
    from crampcare.web.forms import profile_from_form

    typed = profile_from_form(
        [("conditions", conditions), ("medications", medications), ("keep_unchecked", keep_unchecked)]
    )
    wanted = {key: list(typed.get(key, [])) for key in ("conditions", "medications")}
    more = sum(max(0, len(names) - NAMES_LOOKED_UP) for names in wanted.values())
    found: dict[str, Any] = check_names(
        knowledge(),
        wanted["conditions"][:NAMES_LOOKED_UP],
        wanted["medications"][:NAMES_LOOKED_UP],
        typed.get("keep_unchecked", []),
    )
    return found | {"more": more}


@router.get("/assess/names", response_class=HTMLResponse)
def names_check(
    request: Request, conditions: str = "", medications: str = "", keep_unchecked: str = ""
) -> HTMLResponse:
    """What each typed condition and medicine resolves to (the check-up's live check, an HTML fragment)."""
    live = request.headers.get("HX-Request") == "true"  # the page's script is running: each name can be removed
    names = _names(conditions, medications, keep_unchecked)
    return render(request, "_names_check.html", {"names": names, "live": live})


def _suggestion(name: str) -> str | None:
    """The known condition a typed name very probably misspells (the one the page offered), or None."""
    from crampcare.knowledge.lookup import misspelt_condition

    return next(iter(misspelt_condition(knowledge(), name)), None)


def _same(name: str) -> str:
    from crampcare.knowledge.lookup import normalise

    return normalise(name)


def _who(form: FormData) -> str:
    """Whom the check-up is about ("me", "someone_else", or "" when not said: the reader), checked."""
    who = str(form.get("who") or "")
    if who and who not in WHO:
        raise ApiError(422, _("unknown answer %(name)s") % {"name": repr(who)}, field="who", valid=", ".join(WHO))
    return who


@router.post("/assess", response_class=HTMLResponse)
async def assess_submit(request: Request) -> HTMLResponse:
    from crampcare import assess

    form = await checked_form(request)
    items = with_name_choice(text_fields(form), _suggestion, _same)
    if form.get("check_names") == "true":  # without JavaScript: the form again, each name with what it resolves to
        typed = dict(items)
        names = _names(typed.get("conditions", ""), typed.get("medications", ""), typed.get("keep_unchecked", ""))
        from_saved = form.get("from_saved") == "true"
        return _form_page(request, _values(items), [], names=names, from_saved=from_saved, has_saved=from_saved)
    who = _who(form)
    from_saved = form.get("from_saved") == "true"
    # "None of these" and a ticked warning sign contradict each other: ask, never guess which one is meant.
    conflict = form.get("no_symptoms") == "true" and any(k == "symptoms" for k, _ in items)
    problems: list[FieldProblem] = []
    data: dict[str, Any] = {}
    try:
        data = profile_from_form(lab_units.to_mmol(request, items))
        profile = Profile.model_validate(data)
        plan = assess(profile)
    except (ValidationError, InputError) as exc:
        problems = lab_units.problems_in_mg(request, _problems(exc))
    if problems or conflict:
        extra = {"from_saved": from_saved, "has_saved": from_saved, "symptom_conflict": conflict}
        return _form_page(request, _values(items), problems, status=422, **extra)
    kb = knowledge()
    first_warnings, rest = top_warnings(plan.warnings)
    labs = lab_rows(plan, kb)
    medicine_warnings, other_warnings = split_warnings(rest)
    medicines = medicine_rows(plan, profile, kb)
    context = {
        "first_warnings": first_warnings,
        "plan": plan,
        "sources": for_reader(kb).sources,  # titles the project wrote, in the reader's language
        "profile": profile,
        "who": who,
        "from_saved": from_saved,
        "saved_used": saved_values_used(_saved_profile(request), data) if from_saved else [],
        "medicine_warnings": medicine_warnings,
        "other_warnings": other_warnings,
        "summary": summarise(plan, profile, someone_else=who == "someone_else"),
        "triage_words": triage_words(plan, someone_else=who == "someone_else"),
        "option_groups": group_options(plan.options),
        "layout": layout(plan),
        "medicines": medicines,
        "med_alert": medicine_alert(medicines),
        "medicine_notes": medicine_notes(rest),
        "conditions": condition_rows(profile, kb),
        "labs": labs,
        "profile_json": profile.model_dump_json(exclude_defaults=True),
    }
    return render(request, "plan.html", context)


@router.post("/assess/plan.pdf")
async def plan_pdf(request: Request) -> Response:
    """The plan of the profile the plan page was made from, as a PDF of at most two A4 pages (issue 12 §4).
    The page sends the profile it used (JSON) and, for someone else's plan, whom it is about (`who`), so the PDF
    speaks of that person's medicines as the page does; both are checked again, as any input, and nothing is stored."""
    import json

    from crampcare import assess
    from crampcare.web.plan_pdf import render_plan_pdf

    form = await checked_form(request)
    someone_else = _who(form) == "someone_else"
    raw = str(form.get("profile") or "")
    try:
        data = json.loads(raw)
    except ValueError:
        raise ApiError(
            422, _("is not the plan's profile (JSON)"), field="profile", valid=_("the form on the plan page")
        ) from None
    if not isinstance(data, dict):
        raise ApiError(
            422, _("is not the plan's profile (JSON)"), field="profile", valid=_("the form on the plan page")
        )
    try:
        profile = Profile.model_validate(data)
        plan = assess(profile)
    except (ValidationError, InputError) as exc:
        problem = _problems(exc)[0]
        raise ApiError(422, problem.message, field=f"profile.{problem.field}") from None
    headers = {"Content-Disposition": 'attachment; filename="crampcare-plan.pdf"', "Cache-Control": "no-store"}
    pdf = render_plan_pdf(plan, profile, knowledge(), someone_else=someone_else)
    return Response(pdf, media_type="application/pdf", headers=headers)


# --- knowledge browser ----------------------------------------------------------------------


def _hits(kb: KnowledgeBase, q: str, kind: str, grade: str) -> list[SearchHit]:
    """Search hits, narrowed by the kind and evidence filters (which only interventions have)."""
    from crampcare.knowledge.search import search

    try:
        hits = search(kb, q, limit=SEARCH_LIMIT * 10 if kind or grade else SEARCH_LIMIT)
    except InputError:
        return []
    if not (kind or grade):
        return hits
    records = kb.interventions
    fitting = [
        h
        for h in hits
        if h.family == "intervention"
        and h.id in records
        and (not kind or records[h.id].kind == kind)
        and (not grade or records[h.id].evidence.grade == grade)
    ]
    return fitting[:SEARCH_LIMIT]


@router.get("/knowledge", response_class=HTMLResponse)
def knowledge_page(request: Request, q: str = "", kind: str = "", grade: str = "") -> HTMLResponse:
    from crampcare.knowledge.language import for_reader

    english = knowledge()
    kb = for_reader(english)  # names and summaries in the request's language
    if kind and kind not in KINDS:
        raise ApiError(422, _("unknown kind %(name)s") % {"name": repr(kind)}, field="kind", valid=", ".join(KINDS))
    if grade and grade not in GRADES:
        raise ApiError(422, _("unknown grade %(name)s") % {"name": repr(grade)}, field="grade", valid=", ".join(GRADES))
    hits = _hits(english, q, kind, grade) if q.strip() else []  # the search reads the language's texts itself
    # A search shows its hits only: the whole list under them would bury them (and ignore the query).
    listing = None if q.strip() else list_interventions(kb, kind=kind or None, grade=grade or None)
    context = {**_choices(), "q": q, "kind": kind, "grade": grade, "hits": hits, "listing": listing, "kb": kb}
    name = "_kb_results.html" if request.headers.get("HX-Request") == "true" else "kb_list.html"
    return render(request, name, context)


@router.get("/knowledge/{rid}", response_class=HTMLResponse)
def knowledge_record(request: Request, rid: str) -> HTMLResponse:
    from crampcare.knowledge.language import for_reader
    from crampcare.knowledge.lookup import resolve_intervention

    english = knowledge()
    try:
        found_id = resolve_intervention(english, rid).id
    except UnknownNameError as exc:
        raise ApiError(404, exc.message, field="id", valid=", ".join(exc.suggestions) or None) from None
    kb = for_reader(english)  # the record's texts in the request's language; same ids, grades and sources
    record = kb.interventions[found_id]
    found = detail(kb, record)
    context = {
        "d": found,
        "sections": kb.sections,
        "source_numbers": {s.id: n for n, s in enumerate(found.cited_sources, start=1)},
        "source_titles": {s.id: s.title for s in found.cited_sources},
        "class_names": {c.id: c.name for c in kb.drug_classes.values()},
        "kb": kb,  # INN names in the reader's language (inn_name)
    }
    return render(request, "kb_record.html", context)


# --- profile and settings ----------------------------------------------------------------------


@router.get("/profile", response_class=HTMLResponse)
def profile_page(request: Request, saved: bool = False) -> HTMLResponse:
    context = {
        **_choices(),
        "values": lab_units.for_form(request, form_from_profile(_saved_profile(request))),
        "problems": [],
        "errors": {},
        "saved": saved,
        "profile_mode": True,
    }
    return render(request, "profile.html", context)


@router.post("/profile", response_class=HTMLResponse)
async def profile_save(request: Request) -> Response:
    from crampcare.diary.service import save_profile

    items = with_name_choice(text_fields(await checked_form(request)), _suggestion, _same)
    settings = settings_of(request)
    try:
        data = profile_from_form(lab_units.to_mmol(request, items))
        Profile.model_validate(data)  # every field problem at once, each next to its field
        # The diary's own check, as for the API and the CLI: names are resolved before anything is stored.
        save_profile(data, db_url=diary_url_for(current_user(request, settings), settings))
    except (ValidationError, InputError) as exc:
        problems = lab_units.problems_in_mg(request, _problems(exc))
        context = {
            **_choices(),
            "values": _values(items),
            "problems": problems,
            "errors": {p.field or "": p for p in problems},
            "profile_mode": True,
        }
        return render(request, "profile.html", context, status=422)
    return RedirectResponse("/profile?saved=true", status_code=303)
