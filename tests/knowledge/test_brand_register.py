"""The brand register (data/brand_names/ru.yaml): every Cyrillic medicine name is reviewed, and says what it is."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from crampcare.errors import KnowledgeError
from crampcare.knowledge.brands import check_brand_names, listed_cyrillic_names
from crampcare.knowledge.loader import KnowledgeBase, knowledge, known_inns, load
from crampcare.knowledge.lookup import resolve_drug
from crampcare.knowledge.models import BrandName


def test_every_cyrillic_name_the_knowledge_base_lists_is_registered() -> None:
    kb = knowledge()
    listed = {name for name, _where in listed_cyrillic_names(kb)}
    assert len(listed) > 400  # the scan finds the class brands and the aliases, not just a few
    assert listed == set(kb.brand_names)
    assert check_brand_names(kb) == []


def _with_brand(kb: KnowledgeBase, class_id: str, inn: str, brand: str) -> KnowledgeBase:
    cls = kb.drug_classes[class_id]
    members = [m.model_copy(update={"brands": [*m.brands, brand]}) if m.inn == inn else m for m in cls.members]
    assert any(brand in m.brands for m in members)
    classes = {**kb.drug_classes, class_id: cls.model_copy(update={"members": members})}
    return dataclasses.replace(kb, drug_classes=classes)


def test_a_new_cyrillic_brand_without_an_entry_is_refused() -> None:
    kb = _with_brand(knowledge(), "statins", "atorvastatin", "Новостатин")
    problems = check_brand_names(kb)
    assert len(problems) == 1
    assert "'Новостатин': no entry in the brand register" in problems[0]
    assert "statins: atorvastatin" in problems[0]


def test_a_new_latin_brand_needs_no_entry() -> None:
    assert check_brand_names(_with_brand(knowledge(), "statins", "atorvastatin", "Novostatin")) == []


def _replace_entry(kb: KnowledgeBase, name: str, **changes: object) -> KnowledgeBase:
    entry = kb.brand_names[name].model_copy(update=changes)
    return dataclasses.replace(kb, brand_names={**kb.brand_names, name: entry})


def test_an_entry_must_state_exactly_what_lookup_resolves() -> None:
    kb = _replace_entry(knowledge(), "Миорикс", ingredients=["thiocolchicoside"])
    (problem,) = check_brand_names(kb)
    assert "Миорикс: ingredients: lookup gives ['cyclobenzaprine'], the entry says ['thiocolchicoside']" in problem
    kb = _replace_entry(knowledge(), "Панангин", ingredients=["potassium aspartate"])  # one component left out
    assert len(check_brand_names(kb)) == 1
    kb = _replace_entry(knowledge(), "Лиорезал", record=None)
    (problem,) = check_brand_names(kb)
    assert "Лиорезал: record: lookup gives 'baclofen', the entry says None" in problem


def test_an_entry_cites_only_known_sources_and_sections() -> None:
    kb = _replace_entry(knowledge(), "Кетанов", sources=["article", "grls_2031"], article_sections=["injektions"])
    problems = check_brand_names(kb)
    assert any("Кетанов: sources: unknown source id 'grls_2031'" in p for p in problems)
    assert any("Кетанов: article_sections: unknown section id 'injektions'" in p for p in problems)


def test_an_entry_for_a_name_the_data_does_not_list_is_refused() -> None:
    kb = knowledge()
    stray = kb.brand_names["Кетанов"].model_copy(update={"name": "Кетанов экспресс"})
    problems = check_brand_names(dataclasses.replace(kb, brand_names={**kb.brand_names, stray.name: stray}))
    assert any("Кетанов экспресс: name: listed in no drug class" in p for p in problems)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sources": [], "unverified": False, "note": None}, "unverified: true"),
        ({"sources": [], "unverified": True, "note": None}, "needs a `note`"),
        ({"sources": ["article"], "article_sections": []}, "go together"),
        ({"sources": ["crampcare_reference_products"], "reference": None}, "go together"),
        ({"name": "Ketanov"}, "name"),
        ({"market": "UA"}, "market"),
    ],
)
def test_the_schema_refuses_an_unexplained_entry(changes: dict[str, object], message: str) -> None:
    raw = {
        "name": "Кетанов",
        "kind": "brand",
        "ingredients": ["ketorolac"],
        "record": "ketorolac",
        "market": "CIS",
        "sources": ["article"],
        "article_sections": ["injections"],
    }
    BrandName.model_validate(raw)  # as given, the entry is valid
    with pytest.raises(ValidationError, match=message):
        BrandName.model_validate({**raw, **changes})


def test_miorix_follows_the_article_and_says_the_other_use_was_not_verified() -> None:
    kb = knowledge()
    entry = kb.brand_names["Миорикс"]
    assert entry.ingredients == ["cyclobenzaprine"] and entry.record == "cyclobenzaprine"
    assert {"article", "crampcare_reference_products"} <= set(entry.sources)
    assert entry.article_sections == ["muscle_relaxants"] and not entry.unverified
    assert entry.note is not None and "thiocolchicoside" in entry.note and "NOT verified" in entry.note
    assert "thiocolchicoside" not in known_inns(kb)


def test_a_sourced_entry_is_named_by_a_document_and_an_unverified_one_says_why() -> None:
    for entry in knowledge().brand_names.values():
        if entry.unverified:
            assert entry.note, entry.name
        else:
            assert entry.sources, entry.name


def test_the_loader_checks_the_register_of_a_knowledge_base_that_has_one(data_dir: Path) -> None:
    folder = data_dir / "brand_names"
    folder.mkdir()
    entry = {
        "name": "Баклосан",
        "kind": "brand",
        "ingredients": ["baclofen"],
        "record": "baclofen",
        "market": "CIS",
        "unverified": True,
        "note": "A test entry.",
    }
    (folder / "ru.yaml").write_text(yaml.safe_dump([entry], allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load(data_dir)
    missing = [p for p in info.value.problems if "no entry in the brand register" in p]
    assert missing and all("'Баклосан'" not in p for p in missing)
    assert any("'Мидокалм'" in p for p in missing)


# The brands issue 15 names, with the record each is in the article as.
ISSUE_BRANDS = {
    "Магне B6": "magnesium_pyridoxine",
    "Аспаркам": "potassium_magnesium_aspartate",
    "Панангин": "potassium_magnesium_aspartate",
    "Мидокалм": "tolperisone",
    "Баклосан": "baclofen",
    "Но-шпа": "drotaverine",
    "Вобэнзим": "wobenzym",
    "Мильгамма": "milgamma",
    "Кетанов": "ketorolac",
    "Троксевазин": "troxerutin_gel",
    "Аскорутин": "askorutin",
    "Кальцемин": "calcium_vitamin_d3",
}
_TO_LATIN = str.maketrans("АВСЕНКМОРТХУавсенкмортху", "ABCEHKMOPTXYabcehkmoptxy")


def latin_look_alikes(name: str, count: int = 2) -> str:
    """`name` with its first `count` Cyrillic letters that have a Latin twin typed in Latin ("Магне" → "Maгне")."""
    out, swapped = [], 0
    for letter in name:
        latin = letter.translate(_TO_LATIN)
        if latin != letter and swapped < count:
            out.append(latin)
            swapped += 1
        else:
            out.append(letter)
    return "".join(out)


@pytest.mark.parametrize("brand", sorted(ISSUE_BRANDS))
@pytest.mark.parametrize("dose", ["", " 100 мг", " 2 мл", " 30 таб"])
@pytest.mark.parametrize("look_alikes", [0, 2])
def test_the_issue_brands_resolve_with_look_alike_letters_and_a_dose(brand: str, dose: str, look_alikes: int) -> None:
    typed = latin_look_alikes(brand, look_alikes) + dose
    assert (typed != brand + dose) == bool(look_alikes)  # the variant really holds Latin letters
    found = resolve_drug(knowledge(), typed)
    assert found is not None, typed
    assert found.intervention_id == ISSUE_BRANDS[brand], typed
    assert sorted(found.inns) == sorted(knowledge().brand_names[brand].ingredients)
    assert found.name == typed
