"""The shipped knowledge base: it validates, the article's names resolve, every section is covered."""

from __future__ import annotations

import pytest

from crampcare.errors import UnknownNameError
from crampcare.knowledge.coverage import section_counts, uncovered_sections
from crampcare.knowledge.loader import KnowledgeBase, load
from crampcare.knowledge.lookup import normalise, resolve_intervention

# Issue 2: every name the article (and the reference, for quinine) uses must resolve to its record.
ISSUE_NAMES = {
    "Baclosan": "baclofen",
    "baclofen": "baclofen",
    "Mydocalm": "tolperisone",
    "tolperisone": "tolperisone",
    "Miorix": "cyclobenzaprine",
    "cyclobenzaprine": "cyclobenzaprine",
    "Magne B6": "magnesium_pyridoxine",
    "Magnelis B6": "magnesium_pyridoxine",
    "Magnerot": "magnesium_orotate",
    "Potassium-Normin": "potassium_chloride",
    "Asparkam": "potassium_magnesium_aspartate",
    "Panangin": "potassium_magnesium_aspartate",
    "calcium gluconate": "calcium_gluconate",
    "calcium chloride": "calcium_chloride",
    "Calcium D3 Nycomed": "calcium_vitamin_d3",
    "Calcemin": "calcium_vitamin_d3",
    "Calcium-osteovit": "calcium_vitamin_d3",
    "sodium adenosine triphosphate": "sodium_atp",
    "No-shpa": "drotaverine",
    "drotaverine": "drotaverine",
    "Wobenzym": "wobenzym",
    "ketorolac": "ketorolac",
    "Ketanov": "ketorolac",
    "Milgamma": "milgamma",
    "magnesium sulfate": "magnesium_sulfate_injection",
    "Troxevasin": "troxerutin_gel",
    "troxerutin": "troxerutin_gel",
    "Phleboton": "troxerutin_gel",
    "nicotinic acid": "nicotinic_acid",
    "Askorutin": "askorutin",
    "brewer's yeast": "brewers_yeast",
    "Apizartron": "bee_venom_ointment",
    "quinine": "quinine",
}


def test_shipped_kb_validates() -> None:
    kb = load()
    assert kb.interventions
    assert len(kb.version) == 12


@pytest.mark.parametrize(("name", "rid"), sorted(ISSUE_NAMES.items()))
def test_issue_name_resolves(kb: KnowledgeBase, name: str, rid: str) -> None:
    assert resolve_intervention(kb, name).id == rid
    # The spelling variants people type resolve the same way.
    assert resolve_intervention(kb, name.upper()).id == rid
    assert resolve_intervention(kb, name.replace("-", " ")).id == rid


@pytest.mark.parametrize(
    ("typo", "expected"), [("Mydokalm", "Mydocalm"), ("Panangine", "Panangin"), ("Baclozan", "Baclosan")]
)
def test_typos_get_did_you_mean(kb: KnowledgeBase, typo: str, expected: str) -> None:
    with pytest.raises(UnknownNameError) as info:
        resolve_intervention(kb, typo)
    assert expected in info.value.suggestions


def test_every_article_section_has_a_record(kb: KnowledgeBase) -> None:
    assert uncovered_sections(kb) == []


def test_every_leaf_section_is_cited_directly(kb: KnowledgeBase) -> None:
    parents = {sec.parent for sec in kb.sections.values() if sec.parent}
    empty = [c.id for c in section_counts(kb) if c.total == 0 and c.id not in parents]
    assert empty == []


def test_no_two_interventions_share_a_normalised_name(kb: KnowledgeBase) -> None:
    # The loader compares names case-folded; lookups also ignore spaces and punctuation, so check that too.
    owner: dict[str, str] = {}
    clashes = []
    for record in kb.interventions.values():
        for name in {record.id, record.name, *record.aliases}:
            key = normalise(name)
            if owner.setdefault(key, record.id) != record.id:
                clashes.append(f"{name!r}: {owner[key]} and {record.id}")
    assert clashes == []
