"""How well the knowledge base covers the article: records per section, and sections with none."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from crampcare.knowledge.loader import KnowledgeBase

FAMILIES = ("interventions", "causes", "red_flags", "specialists")


@dataclass(frozen=True)
class SectionCount:
    """Records that name a section directly, per family; `total` adds them up."""

    id: str
    title: str
    parent: str | None
    interventions: int
    causes: int
    red_flags: int
    specialists: int

    @property
    def total(self) -> int:
        return self.interventions + self.causes + self.red_flags + self.specialists


def section_counts(kb: KnowledgeBase) -> list[SectionCount]:
    """Every article section in file order, with how many records of each family cite it."""
    counts: dict[str, Counter[str]] = {family: Counter() for family in FAMILIES}
    for family in FAMILIES:
        records = getattr(kb, family)
        for record in records.values():
            counts[family].update(set(record.article_sections))
    return [
        SectionCount(
            id=sec.id,
            title=sec.title,
            parent=sec.parent,
            interventions=counts["interventions"][sec.id],
            causes=counts["causes"][sec.id],
            red_flags=counts["red_flags"][sec.id],
            specialists=counts["specialists"][sec.id],
        )
        for sec in kb.sections.values()
    ]


def uncovered_sections(kb: KnowledgeBase) -> list[str]:
    """Ids of sections no record cites, directly or through one of its sub-sections."""
    direct = {count.id for count in section_counts(kb) if count.total}
    covered = set(direct)
    for sec_id in direct:
        parent = kb.sections[sec_id].parent
        while parent is not None and parent not in covered:
            covered.add(parent)
            parent = kb.sections[parent].parent if parent in kb.sections else None
    return [sec_id for sec_id in kb.sections if sec_id not in covered]


def counts(kb: KnowledgeBase) -> dict[str, dict[str, int]]:
    """Records per family, interventions per kind and per evidence grade (most common first)."""
    families = {
        "sources": len(kb.sources),
        "sections": len(kb.sections),
        "conditions": len(kb.conditions),
        "drug_classes": len(kb.drug_classes),
        "specialists": len(kb.specialists),
        "red_flags": len(kb.red_flags),
        "causes": len(kb.causes),
        "labs": len(kb.labs),
        "interventions": len(kb.interventions),
        "brand_names": len(kb.brand_names),
    }
    kinds = Counter(r.kind for r in kb.interventions.values())
    grades = Counter(r.evidence.grade for r in kb.interventions.values())
    return {"records": families, "by_kind": dict(kinds.most_common()), "by_grade": dict(grades.most_common())}
