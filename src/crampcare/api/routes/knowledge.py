"""Knowledge routes: interventions (list, filter, one record with its evidence), search and first aid."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from crampcare.api.deps import KnowledgeDep
from crampcare.api.errors import ApiError
from crampcare.api.json_body import StrictJsonRoute
from crampcare.api.presenters import (
    FirstAidAnswer,
    InterventionDetail,
    InterventionList,
    SearchResults,
    detail,
    first_aid_in_language,
    list_interventions,
)
from crampcare.errors import UnknownNameError
from crampcare.i18n import _
from crampcare.knowledge.vocab import EpisodeSetting, Grade, Kind, Muscle

router = APIRouter(tags=["knowledge"], route_class=StrictJsonRoute)


@router.get("/interventions", response_model=InterventionList, summary="List interventions, optionally filtered")
def interventions(kb: KnowledgeDep, kind: Kind | None = None, grade: Grade | None = None) -> InterventionList:
    return list_interventions(kb, kind=kind, grade=grade)


@router.get(
    "/interventions/{id_or_name}",
    response_model=InterventionDetail,
    summary="One intervention by id, name, brand or INN, with its evidence and cited sources",
)
def intervention(kb: KnowledgeDep, id_or_name: str) -> InterventionDetail:
    from crampcare.knowledge.lookup import resolve_intervention

    try:
        record = resolve_intervention(kb, id_or_name)
    except UnknownNameError as exc:
        valid = (
            _("did you mean %(names)s") % {"names": ", ".join(exc.suggestions)}
            if exc.suggestions
            else _("an id from /api/v1/interventions")
        )
        raise ApiError(404, exc.message, field="id_or_name", valid=valid) from None
    return detail(kb, record)


@router.get("/search", response_model=SearchResults, summary="Full-text search over the knowledge base")
def search(
    kb: KnowledgeDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="words to look for (at least one letter or digit)",
            # A query of only punctuation is refused (422): the schema says so (a letter or digit somewhere).
            json_schema_extra={"pattern": r"[^\W_]"},
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchResults:
    from crampcare.knowledge.search import search as run_search

    hits = run_search(kb, q, limit=limit)
    return SearchResults.from_hits(q, hits)


@router.get("/first-aid", response_model=FirstAidAnswer, summary="First-aid steps for a cramp happening now")
def first_aid(
    kb: KnowledgeDep, muscle: Muscle, setting: EpisodeSetting | None = None, helper: bool = False
) -> FirstAidAnswer:
    """`helper=true`: someone is with the person, so manoeuvres that need a second person are included."""
    return first_aid_in_language(kb, muscle, setting, helper)
