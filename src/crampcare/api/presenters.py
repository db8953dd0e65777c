"""Response models and the small functions that shape knowledge records for the API and the web pages.

Formatting only: which records, in which order and with which status is the
core's decision (the knowledge base, `lookup`, `search`, `assess`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from crampcare.assessment.plan import FirstAidStep
from crampcare.knowledge.describe import is_unverified
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import Intervention, Source
from crampcare.knowledge.search import SearchHit
from crampcare.knowledge.vocab import GRADES, EpisodeSetting, Grade, Kind, Muscle


class InterventionSummary(BaseModel):
    id: str
    name: str
    kind: Kind
    grade: Grade
    summary: str
    prescription: bool
    in_article: bool
    unverified: bool


class InterventionList(BaseModel):
    count: int
    items: list[InterventionSummary]


class InterventionDetail(BaseModel):
    intervention: Intervention
    unverified: bool
    cited_sources: list[Source]


class SearchResult(BaseModel):
    family: str
    id: str
    title: str
    kind: str
    snippet: str


class SearchResults(BaseModel):
    query: str
    count: int
    results: list[SearchResult]

    @classmethod
    def from_hits(cls, query: str, hits: Sequence[SearchHit]) -> SearchResults:
        results = [SearchResult(family=h.family, id=h.id, title=h.title, kind=h.kind, snippet=h.snippet) for h in hits]
        return cls(query=query, count=len(results), results=results)


class FirstAidAnswer(BaseModel):
    muscle: Muscle
    setting: EpisodeSetting | None
    helper: bool = False  # someone is with the person: manoeuvres that need a second person are included
    first_aid: list[FirstAidStep]
    safety_net: str
    disclaimer: str


def summary(record: Intervention) -> InterventionSummary:
    return InterventionSummary(
        id=record.id,
        name=record.name,
        kind=record.kind,
        grade=record.evidence.grade,
        summary=record.summary,
        prescription=record.prescription,
        in_article=record.in_article,
        unverified=is_unverified(record),
    )


def list_interventions(kb: KnowledgeBase, *, kind: str | None = None, grade: str | None = None) -> InterventionList:
    """Filtered records, strongest evidence first, then by name."""
    chosen = [
        r
        for r in kb.interventions.values()
        if (kind is None or r.kind == kind) and (grade is None or r.evidence.grade == grade)
    ]
    chosen.sort(key=lambda r: (GRADES.index(r.evidence.grade), r.name.casefold()))
    return InterventionList(count=len(chosen), items=[summary(r) for r in chosen])


def cited_source_ids(record: Intervention) -> list[str]:
    ids = list(record.evidence.sources)
    ids += [s for pop in record.evidence.by_population for s in pop.sources]
    for rule in [
        *record.contraindications,
        *record.cautions,
        *record.not_for,
        *record.use_only_when,
        *record.discuss_when,
    ]:
        ids += rule.sources
    ids += [s for inter in record.interactions for s in inter.sources]
    ids += [s for claim in record.article_claims for s in claim.sources]
    return list(dict.fromkeys(ids))


def detail(kb: KnowledgeBase, record: Intervention) -> InterventionDetail:
    sources = [kb.sources[s] for s in cited_source_ids(record) if s in kb.sources]
    return InterventionDetail(intervention=record, unverified=is_unverified(record), cited_sources=sources)


def in_language(kb: KnowledgeBase) -> KnowledgeBase:
    """`kb` with the texts of the active language (crampcare.i18n) where the records have them; same decisions."""
    from crampcare import i18n
    from crampcare.knowledge.language import knowledge_in, language, localize
    from crampcare.knowledge.loader import knowledge

    lang = language(i18n.current())
    if lang == "en":
        return kb
    return knowledge_in(lang) if kb is knowledge() else localize(kb, lang)


def first_aid_in_language(kb: KnowledgeBase, muscle: str, setting: str | None, helper: bool = False) -> FirstAidAnswer:
    """`first_aid_answer` in the active language: the records' and the plan sentences' texts in it where they exist."""
    from crampcare import i18n
    from crampcare.assessment.config import speaking
    from crampcare.knowledge.language import language

    lang = language(i18n.current())
    with speaking(lang):
        return first_aid_answer(in_language(kb), muscle, setting, helper)


def first_aid_answer(kb: KnowledgeBase, muscle: str, setting: str | None, helper: bool = False) -> FirstAidAnswer:
    """First aid ordered by the assessment engine for this muscle, setting and helper, with its safety net."""
    from crampcare.assessment.config import texts
    from crampcare.assessment.first_aid import first_aid
    from crampcare.assessment.profile import Episode

    records = [r for r in kb.interventions.values() if r.kind == "first_aid"]
    episode = Episode.model_validate({"muscle": muscle, "setting": setting, "ongoing": True, "helper": helper})
    words = texts()
    return FirstAidAnswer.model_validate(
        {
            "muscle": muscle,
            "setting": setting,
            "helper": helper,
            "first_aid": first_aid(records, episode),
            "safety_net": words.triage["self_care"].safety_net,
            "disclaimer": words.disclaimer,
        }
    )
