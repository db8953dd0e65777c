"""Russian names (data/local_names/ru.yaml) resolve to the same INNs, classes and conditions as the English ones."""

from __future__ import annotations

import dataclasses

import pytest

from crampcare.knowledge.loader import check_references, knowledge, known_inns
from crampcare.knowledge.lookup import normalise, resolve_condition, resolve_drug, without_dose
from crampcare.knowledge.models import LocalNames


@pytest.mark.parametrize(
    ("name", "inn", "drug_class"),
    [
        ("аторвастатин", "atorvastatin", "statins"),
        ("индапамид", "indapamide", "thiazide_diuretics"),
        ("Фуросемид 40 мг", "furosemide", "loop_diuretics"),
        ("ацетилсалициловая кислота", "acetylsalicylic acid", "antiplatelets"),
        ("варфарин", "warfarin", "anticoagulants"),
        ("лития карбонат", "lithium carbonate", "lithium"),
    ],
)
def test_russian_generic_names_resolve_with_their_classes(name: str, inn: str, drug_class: str) -> None:
    found = resolve_drug(knowledge(), name)
    assert found is not None, name
    assert inn in found.inns
    assert drug_class in found.classes
    assert found.name == name  # the person sees their own words back


@pytest.mark.parametrize(
    ("name", "intervention"),
    [
        ("Мидокалм 150", "tolperisone"),
        ("Мидокалм 150 мг", "tolperisone"),
        ("Магне B6", "magnesium_pyridoxine"),  # Latin B typed in a Cyrillic name
        ("магне в6", "magnesium_pyridoxine"),
        ("Панангин форте", "potassium_magnesium_aspartate"),
        ("но шпа форте", "drotaverine"),
    ],
)
def test_brands_with_a_dose_form_or_look_alike_letters_resolve(name: str, intervention: str) -> None:
    found = resolve_drug(knowledge(), name)
    assert found is not None, name
    assert found.intervention_id == intervention


@pytest.mark.parametrize(
    ("typed", "bare"),
    [
        ("ramipril 5 mg", "ramipril"),
        ("Мидокалм 150", "Мидокалм"),
        ("Кальцемин 2,5 мг 30 таб", "Кальцемин"),
        ("Arifon retard", "Arifon"),
        ("150 мг", "150 мг"),  # nothing but a dose: kept, so it stays unknown instead of becoming empty
    ],
)
def test_without_dose_strips_only_trailing_dose_and_form_words(typed: str, bare: str) -> None:
    assert without_dose(typed) == bare


def test_look_alike_folding_leaves_english_names_alone() -> None:
    assert normalise("Magne B6") == "magneb6"
    assert normalise("Магне B6") == normalise("Магне В6") == "магнев6"
    assert normalise("Ёжик") == normalise("ежик")


@pytest.mark.parametrize(
    ("name", "condition"),
    [("ХБП", "ckd"), ("сахарный диабет", "diabetes"), ("СД 2 типа", "diabetes"), ("варикоз", "varicose_veins")],
)
def test_russian_condition_names_and_abbreviations(name: str, condition: str) -> None:
    assert resolve_condition(knowledge(), name).id == condition


def test_every_single_substance_the_knowledge_base_lists_has_a_russian_name() -> None:
    kb = knowledge()
    named = set(kb.local_names["ru"].drugs.values())
    singles = {inn for inn in known_inns(kb) if "+" not in inn}
    assert sorted(singles - named) == []


def test_a_russian_name_for_an_unknown_inn_or_condition_fails_validation() -> None:
    kb = knowledge()
    broken = LocalNames(
        id="ru", language="ru", sources=["who_inn_lists"], drugs={"вымысел": "no such inn"}, conditions={"х": "nope"}
    )
    problems = check_references(dataclasses.replace(kb, local_names={"ru": broken}))
    assert any("'вымысел': unknown INN 'no such inn'" in p for p in problems)
    assert any("conditions" in p and "nope" in p for p in problems)
