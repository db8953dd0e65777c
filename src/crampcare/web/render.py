"""Jinja2 environment, the context every page gets, CSRF tokens and the HTML error page."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime
from functools import cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.datastructures import FormData

from crampcare import emergency, i18n
from crampcare.api.errors import ApiError
from crampcare.api.settings import Settings
from crampcare.assessment.flag_groups import flag_entries
from crampcare.diary.text import day_text, weekly_rate
from crampcare.i18n import N_, Labels
from crampcare.labels import CHART_LABELS, FACTOR_KIND_LABELS, GRADE_LABELS, KIND_LABELS, LAB_STATUS_LABELS

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
HTMX = "htmx-2.0.11.min.js"

LEVEL_LABELS = Labels(
    {
        "emergency": N_("Emergency — call emergency services now"),
        "urgent": N_("Urgent — be seen today"),
        "see_doctor": N_("See a doctor — book an appointment"),
        "self_care": N_("Self-care — manage at home"),
    }
)
STATUS_LABELS = Labels(
    {
        "self_care": N_("✓ You can do this"),
        "discuss_with_doctor": N_("? Discuss with a doctor"),
        "not_recommended": N_("✗ Not recommended"),
        "avoid": N_("⚠ Avoid"),
    }
)

# Fixed knowledge-base values the knowledge pages name (families, source kinds, populations, interaction severity,
# cause kinds) and the profile's sex: the ids stay as the knowledge base spells them, the words come from the catalogue.
FAMILY_LABELS = Labels(
    {
        "intervention": N_("Option"),
        "red_flag": N_("Warning sign"),
        "cause": N_("Cause of cramps"),
        "condition": N_("Condition"),
        "drug_class": N_("Group of medicines"),
        "specialist": N_("Specialist"),
    }
)
SOURCE_KIND_LABELS = Labels(
    {
        "article": N_("Article"),
        "guideline": N_("Guideline"),
        "systematic_review": N_("Systematic review"),
        "review": N_("Review"),
        "trial": N_("Trial"),
        "label": N_("Product information"),
        "regulator": N_("Regulator"),
        "reference": N_("Reference work"),
    }
)
POPULATION_LABELS = Labels(
    {
        "pregnancy": N_("Pregnancy"),
        "breastfeeding": N_("Breastfeeding"),
        "child": N_("Children"),
        "infant": N_("Infants"),
        "older_adult": N_("Older adults"),
    }
)
SEVERITY_LABELS = Labels(
    {
        "contraindicated": N_("do not combine"),
        "major": N_("serious"),
        "moderate": N_("moderate"),
        "minor": N_("minor"),
    }
)
SEX_LABELS = Labels({"female": N_("Female"), "male": N_("Male"), "other": N_("Other")})


def label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def first_upper(text: str) -> str:
    """The first letter upper-cased and the rest left alone («ХБП …», "CKD …"); Jinja's `capitalize` lowercases the
    rest ("Ckd"), which breaks abbreviations and names."""
    return text[:1].upper() + text[1:]


def reader_names(names: list[str]) -> list[str]:
    """A record's other names as the reader's language writes them: a Russian page lists the Cyrillic ones
    (the English synonyms still find the record in the search); English lists them all."""
    if i18n.current() == "en":
        return list(names)
    return [name for name in names if re.search("[\u0400-\u04ff]", name)]


def nutrient_label(value: str) -> str:
    """A nutrient id ("magnesium") as the plan's food list names it: the food data's own name, translated, in
    Russian; English keeps the id read as words, as before."""
    from crampcare.nutrition.foods import BY_ID

    if i18n.current() == "en" or value not in BY_ID:
        return label(value)
    return i18n._(BY_ID[value].label)


def symptom_label(value: str) -> str:
    """A symptom id in a person's words (data/assessment/texts.yaml)."""
    from crampcare.assessment.config import speaking, texts
    from crampcare.knowledge.language import language

    with speaking(language(i18n.current())):
        return texts().symptom_labels.get(value) or label(value)  # type: ignore[call-overload]


@cache
def fingerprint(name: str) -> str:
    """The first 12 hex digits of a static file's SHA-256: its address changes whenever its content does."""
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def asset(name: str) -> str:
    """A static file's address with its fingerprint (`?v=`): browsers may keep it for a year (see StaticFiles)."""
    return f"/static/{name}?v={fingerprint(name)}"


# {% trans %} and _() in templates: the functions read the request's language (i18n.use), so one environment serves all.
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=i18n._, ngettext=i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
)
templates.env.policies["ext.i18n.trimmed"] = True
templates.env.globals.update(
    LEVEL_LABELS=LEVEL_LABELS,
    STATUS_LABELS=STATUS_LABELS,
    GRADE_LABELS=GRADE_LABELS,
    FACTOR_KIND_LABELS=FACTOR_KIND_LABELS,
    LAB_STATUS_LABELS=LAB_STATUS_LABELS,
    CHART_LABELS=CHART_LABELS,
    KIND_LABELS=KIND_LABELS,
    FAMILY_LABELS=FAMILY_LABELS,
    SOURCE_KIND_LABELS=SOURCE_KIND_LABELS,
    POPULATION_LABELS=POPULATION_LABELS,
    SEVERITY_LABELS=SEVERITY_LABELS,
    SEX_LABELS=SEX_LABELS,
    HTMX=HTMX,
    asset=asset,
    current_lang=i18n.current,
)


def highlight(snippet: str) -> Markup:
    """A search snippet's [matched words] as <mark>, everything else escaped (the index marks matches so)."""
    escaped = str(escape(snippet))
    return Markup(re.sub(r"\[([^\[\]]+)\]", r"<mark>\1</mark>", escaped))


def lab_unit(name: str, chosen: Any) -> str:
    from crampcare.web.lab_units import lab_unit as unit

    return unit(name, chosen)


templates.env.globals["lab_unit"] = lab_unit
# A lab result that raises nested red flags is one entry (assessment/flag_groups.py), as on the CDS cards.
templates.env.globals["flag_entries"] = flag_entries


def field_label(name: str) -> str:
    """A profile input's name ("labs.potassium") as the form prints it, in the reader's language ("Potassium",
    «Калий»)."""
    from crampcare.web.problems import PROFILE_FIELDS

    known = PROFILE_FIELDS.get(name)
    return i18n._(known[0]) if known else label(name.rsplit(".", 1)[-1])


def after_colon(text: str) -> str:
    """ "Because you take Lasix (Loop diuretics): loop diuretics …" → "loop diuretics …": the row names the drug."""
    return text.split("): ", 1)[1] if "): " in text else text


def inn(name: str) -> str:
    """An option's INN ("magnesium lactate + pyridoxine") as the reader names it (магния лактат + пиридоксин)."""
    from crampcare.knowledge.describe import inn_name
    from crampcare.knowledge.loader import knowledge

    return inn_name(knowledge(), name)


def when(started: str) -> str:
    """An episode's start as stored (ISO local time with its offset) as the reader writes it: English keeps
    "2026-12-05 19:17"; Russian «5 дек. 2026 г., 19:17» (Babel), on the person's own clock, never converted."""
    plain = started[:16].replace("T", " ")
    if i18n.current() == "en":
        return plain
    try:
        moment = datetime.fromisoformat(started)
    except ValueError:
        return plain
    return f"{i18n.format_day(moment)}, {i18n.format_time(moment)}"


def zone(name: str) -> str:
    """A time zone id as the reader names it: «Москва» for Europe/Moscow in Russian; the id itself in English
    or when Babel does not know it."""
    if i18n.current() == "en":
        return name
    from babel.dates import get_timezone, get_timezone_location

    try:
        return str(get_timezone_location(get_timezone(name), locale=i18n.current(), return_city=True))
    except LookupError:
        return name


def language_links(request: Request) -> list[tuple[str, str, str]]:
    """(code, name, address) of each language: this page again with `?lang=` (api.language keeps the choice)."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    links = []
    for code, name in i18n.LANGUAGES.items():
        links.append((code, name, request.url.path + "?" + urlencode([*query, ("lang", code)])))
    return links


templates.env.globals["language_links"] = language_links
templates.env.globals["emergency_service"] = emergency.service
templates.env.filters["label"] = label
templates.env.filters["when"] = when
templates.env.filters["zone"] = zone
templates.env.filters["first_upper"] = first_upper
templates.env.filters["reader_names"] = reader_names
templates.env.filters["nutrient_label"] = nutrient_label
templates.env.filters["inn"] = inn
templates.env.filters["after_colon"] = after_colon
templates.env.filters["field_label"] = field_label
templates.env.filters["highlight"] = highlight
templates.env.filters["symptom_label"] = symptom_label
templates.env.filters["weekly_rate"] = weekly_rate
templates.env.filters["day_text"] = day_text
templates.env.filters["number"] = lambda value: i18n.format_number(value, digits=1)  # 2.5 / 2,5
templates.env.filters["decimal_sign"] = i18n.decimal_sign  # "5.6" / "5,6": English text kept as it is


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: object) -> None:
    """Forms carry the session's token; a cross-site form cannot know it."""
    expected = request.session.get("csrf")
    if not (isinstance(expected, str) and isinstance(submitted, str) and hmac.compare_digest(expected, submitted)):
        raise ApiError(
            403,
            "the form has expired or did not come from this site; reload the page and try again",
            field="csrf_token",
            valid="the token of a form this site served",
        )


async def checked_form(request: Request) -> FormData:
    """The submitted form, after its CSRF token is checked: every POST form handler starts here."""
    form = await request.form()
    check_csrf(request, form.get("csrf_token"))
    return form


def text_fields(form: FormData) -> list[tuple[str, str]]:
    """The form's text fields in order, repeats kept (checkbox groups); uploaded files are left out."""
    return [(k, v) for k, v in form.multi_items() if isinstance(v, str)]


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    from crampcare.api.accounts import optional_user
    from crampcare.web import prefs

    settings = settings_of(request)
    base = {
        "prefs": prefs.read(request),
        "request": request,
        "csrf_token": csrf_token(request),
        "server_mode": settings.server_mode,
        "user": optional_user(request, settings),
        "htmx_request": request.headers.get("HX-Request") == "true",
    }
    response: HTMLResponse = templates.TemplateResponse(request, name, {**base, **(context or {})}, status_code=status)
    return response


def render_error(request: Request, error: ApiError) -> Response:
    if error.status == 401:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    try:
        response: Response = render(request, "error.html", {"error": error.body}, status=error.status)
    except Exception:  # the error page must never fail: fall back to plain text
        response = HTMLResponse(f"<h1>{error.status}</h1><p>{escape(error.body.message)}</p>", status_code=error.status)
    response.headers.update(error.headers)  # Retry-After on a 429 page as on the API's
    return response
