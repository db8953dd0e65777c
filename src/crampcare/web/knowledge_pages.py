"""A page for every record a knowledge search can find: red flags, causes, conditions, drug classes and
specialists (interventions have theirs in pages.py), each with its verdict, its links and its sources."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from crampcare.api.errors import ApiError
from crampcare.knowledge.describe import inn_name
from crampcare.knowledge.language import for_reader
from crampcare.knowledge.loader import KnowledgeBase, knowledge
from crampcare.knowledge.related import Links, links_of
from crampcare.web.render import render, templates

router = APIRouter()
# A family's address on the site; interventions keep /knowledge/<id>.
PATHS = {
    "red_flag": "red-flags",
    "cause": "causes",
    "condition": "conditions",
    "drug_class": "drug-classes",
    "specialist": "specialists",
}
FAMILY_OF = {path: family for family, path in PATHS.items()}


def record_url(family: str, rid: str) -> str:
    return f"/knowledge/{rid}" if family == "intervention" else f"/knowledge/{PATHS[family]}/{rid}"


def verdict(kb: KnowledgeBase, family: str, rid: str) -> tuple[str, dict[str, Any]]:
    """What a record means for cramps, as a key the templates word and the facts they need (_verdict.html)."""
    if family == "intervention":
        return "grade", {"grade": kb.interventions[rid].evidence.grade}
    if family == "red_flag":
        return "level", {"level": kb.red_flags[rid].level}
    if family == "cause":
        return "cause", {"kind": kb.causes[rid].kind}
    if family == "specialist":
        return "specialist", {}
    links = links_of(kb, family, rid)
    if links.causes:
        return "causes_cramps", {"n": len(links.causes)}
    if links.red_flags:
        return "warning_sign", {"n": len(links.red_flags)}
    if links.options:
        return "changes_options", {"n": len({o.intervention_id for o in links.options})}
    return "no_link", {}


templates.env.globals.update(record_url=record_url, verdict=verdict, inn_name=inn_name)


def _record(kb: KnowledgeBase, family: str, rid: str) -> Any:
    families: dict[str, dict[str, Any]] = {
        "red_flag": dict(kb.red_flags),
        "cause": dict(kb.causes),
        "condition": dict(kb.conditions),
        "drug_class": dict(kb.drug_classes),
        "specialist": dict(kb.specialists),
    }
    records = families[family]
    if rid not in records:
        raise ApiError(404, f"no {family.replace('_', ' ')} {rid!r}", field="id", valid=None)
    return records[rid]


def _source_ids(record: Any, links: Links) -> list[str]:
    ids: list[str] = []
    rule = getattr(record, "rule", None)
    cited = [*(rule.sources if rule else []), *getattr(record, "sources", [])]
    for sid in [*cited, *(s for o in links.options for s in o.sources)]:
        if sid not in ids:
            ids.append(sid)
    return ids


@router.get("/knowledge/{path}/{rid}", response_class=HTMLResponse)
def knowledge_entry(request: Request, path: str, rid: str) -> HTMLResponse:
    kb = for_reader(knowledge())  # the records' texts in the request's language; same ids, grades and sources
    family = FAMILY_OF.get(path)
    if family is None:
        raise ApiError(404, f"no knowledge section {path!r}", field="path", valid=", ".join(PATHS.values()))
    record = _record(kb, family, rid)
    links = links_of(kb, family, rid)
    sources = [kb.sources[sid] for sid in _source_ids(record, links) if sid in kb.sources]
    context = {
        "family": family,
        "r": record,
        "links": links,
        "kb": kb,
        "sources": sources,
        "source_numbers": {s.id: n for n, s in enumerate(sources, start=1)},
        "source_titles": {s.id: s.title for s in sources},
        "subclasses": [c for c in kb.drug_classes.values() if c.parent == rid] if family == "drug_class" else [],
    }
    return render(request, "kb_entry.html", context)
