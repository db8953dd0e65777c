"""The brand register (data/brand_names/): every Cyrillic medicine name the knowledge base resolves, reviewed.

Cyrillic brands live as plain strings beside a drug-class member (`brands:`) or an intervention (`aliases:`);
nothing there says in which market the name means that ingredient, or which document says so. The register
does, one entry per name (models.BrandName), and this check keeps it honest against the data:

- every Cyrillic name in a `brands:` or `aliases:` list has an entry, so a new one cannot land unreviewed;
- every entry names a name the data lists, and resolves (lookup, from the data alone) to exactly the
  ingredients and record it states, so the register never claims a mapping crampcare does not make;
- every source and article section it cites exists.

A knowledge base without a register (a test's small one) is not checked for completeness.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import resolve_from_data

REGISTER_FILE = "brand_names"
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def listed_cyrillic_names(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """(name, where the data lists it) for every Cyrillic brand of a class member and alias of an intervention."""
    for cls in kb.drug_classes.values():
        for member in cls.members:
            yield from ((b, f"drug_classes: {cls.id}: {member.inn}") for b in member.brands if _CYRILLIC.search(b))
    for record in kb.interventions.values():
        yield from ((a, f"interventions: {record.id}: aliases") for a in record.aliases if _CYRILLIC.search(a))


def check_brand_names(kb: KnowledgeBase) -> list[str]:
    """Every problem with the register, as `file: name: field: what is wrong`."""
    if not kb.brand_names:
        return []
    out: list[str] = []
    listed = dict(listed_cyrillic_names(kb))
    out.extend(
        f"{where}: {name!r}: no entry in the brand register (data/{REGISTER_FILE}/): add one with its "
        "ingredients, market and source (or unverified: true and a note)"
        for name, where in sorted(listed.items())
        if name not in kb.brand_names
    )
    for name, entry in kb.brand_names.items():
        at = f"{kb.files.get(f'{REGISTER_FILE}/{name}', REGISTER_FILE)}: {name}"
        if name not in listed:
            out.append(f"{at}: name: listed in no drug class `brands:` and no intervention `aliases:`")
        found = resolve_from_data(kb, name)
        if found is None:
            out.append(f"{at}: ingredients: the name resolves to nothing")
        else:
            if sorted(found.inns) != sorted(entry.ingredients):
                out.append(f"{at}: ingredients: lookup gives {sorted(found.inns)}, the entry says {entry.ingredients}")
            if found.intervention_id != entry.record:
                out.append(f"{at}: record: lookup gives {found.intervention_id!r}, the entry says {entry.record!r}")
        out.extend(f"{at}: sources: unknown source id {s!r}" for s in entry.sources if s not in kb.sources)
        out.extend(
            f"{at}: article_sections: unknown section id {s!r}" for s in entry.article_sections if s not in kb.sections
        )
    return out


def register_summary(kb: KnowledgeBase) -> dict[str, int]:
    """How many names the register holds, and how many of them a document states (the rest are unverified)."""
    unverified = sum(entry.unverified for entry in kb.brand_names.values())
    return {"names": len(kb.brand_names), "sourced": len(kb.brand_names) - unverified, "unverified": unverified}
