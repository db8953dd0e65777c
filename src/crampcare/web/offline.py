"""What works with no network: the web app manifest, the service worker and the pages it keeps.

The service worker (static/sw.js) keeps "Cramp now", every muscle's first aid, "When to get help" (with every
red flag) and an offline page. Other pages need the network; offline they show the offline page instead.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from crampcare.knowledge.loader import knowledge
from crampcare.knowledge.models import RedFlag
from crampcare.knowledge.vocab import MUSCLES, TRIAGE_SEVERITY
from crampcare.web.render import STATIC_DIR, asset, render, templates

router = APIRouter()
# Loaded by every page (base.html), so the service worker keeps them for the pages it serves offline.
ASSETS = ("crampcare.css", "app.js", "favicon.svg", "icons/icon-192.png", "icons/icon-512.png")
HELP_LEVELS = ("emergency", "urgent", "see_doctor")


def offline_pages() -> list[str]:
    """The pages kept for use without a network, in the order the service worker fetches them."""
    return ["/", "/first-aid", *(f"/first-aid/{m}" for m in MUSCLES), "/get-help", "/offline"]


@cache
def precache() -> tuple[str, ...]:
    from crampcare.web.render import HTMX

    return (*offline_pages(), *(asset(name) for name in (*ASSETS, HTMX)))


def worker_inputs() -> list[str]:
    """What the kept copies are made from: the precached addresses, the worker, and the offline page's template.

    The kept first-aid pages are refreshed whenever they are opened online, but /offline is never opened on
    purpose: without its template here, a browser that installed the worker once kept an outdated offline form
    for good (one without the warning-sign boxes, for instance)."""
    return [
        json.dumps(precache()),
        (STATIC_DIR / "sw.js").read_text(encoding="utf-8"),
        (STATIC_DIR.parent / "templates" / "offline.html").read_text(encoding="utf-8"),
    ]


@cache
def worker_version() -> str:
    """Changes whenever what is precached, the worker or the offline page changes, so browsers install the new
    one."""
    return hashlib.sha256("".join(worker_inputs()).encode()).hexdigest()[:12]


templates.env.globals["worker_version"] = worker_version


@router.get("/sw.js")
def service_worker() -> FileResponse:
    # At the site's root, so that it may serve every page; never cached by the browser (an old worker would
    # keep serving old pages), the browser checks it on each visit.
    return FileResponse(STATIC_DIR / "sw.js", media_type="text/javascript", headers={"Cache-Control": "no-cache"})


@router.get("/offline-pages.json")
def offline_list() -> JSONResponse:
    return JSONResponse({"version": worker_version(), "urls": list(precache())}, headers={"Cache-Control": "no-cache"})


@router.get("/manifest.webmanifest")
def manifest(request: Request) -> Response:
    body = templates.get_template("manifest.webmanifest").render(asset=asset)
    return Response(body, media_type="application/manifest+json")


@router.get("/offline", response_class=HTMLResponse)
def offline_page(request: Request) -> HTMLResponse:
    from crampcare.labels import MUSCLE_LABELS, SETTING_LABELS, SIDE_LABELS

    context = {
        "muscles": list(MUSCLE_LABELS.items()),
        "sides": list(SIDE_LABELS.items()),
        "settings": list(SETTING_LABELS.items()),
    }
    return render(request, "offline.html", context)


def _lab_only(flag: RedFlag) -> bool:
    """Whether only a lab result raises the flag (every alternative of its rule is a lab threshold)."""
    return bool(flag.rule.when) and all(trigger.lab is not None for trigger in flag.rule.when)


@router.get("/get-help", response_class=HTMLResponse)
def get_help(request: Request) -> HTMLResponse:
    """When to get help: every red flag of the knowledge base, grouped by how urgent it is."""
    from crampcare import i18n
    from crampcare.api.presenters import in_language
    from crampcare.assessment.config import speaking, texts
    from crampcare.knowledge.language import language

    kb = in_language(knowledge())
    # In each level, what a person can notice first; a value only a blood test gives after it (at 3 a.m. the
    # list opened with "Adjusted calcium above 3.5 mmol/L").
    flags = sorted(kb.red_flags.values(), key=lambda f: (-TRIAGE_SEVERITY[f.level], _lab_only(f), f.title))
    groups = [(level, [f for f in flags if f.level == level]) for level in HELP_LEVELS]
    with speaking(language(i18n.current())):
        net = texts().triage["self_care"].safety_net
    return render(request, "get_help.html", {"groups": groups, "safety_net": net})
