"""Name resolution over a small knowledge base written by conftest.write_data."""

from __future__ import annotations

import pytest

from crampcare.errors import UnknownNameError
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import (
    ResolvedDrug,
    condition_closure,
    normalise,
    resolve_condition,
    resolve_drug,
    resolve_intervention,
    suggest,
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("No-shpa", "noshpa"),
        ("no shpa", "noshpa"),
        ("Noshpa", "noshpa"),
        ("brewer's yeast", "brewersyeast"),
        ("Brewer’s Yeast", "brewersyeast"),
        ("Magne-B6", "magneb6"),
        ("  MAGNE B6 ", "magneb6"),
        ("Но-шпа", "ношпа"),
    ],
)
def test_normalise_ignores_case_spaces_hyphens_apostrophes(name: str, key: str) -> None:
    assert normalise(name) == key


@pytest.mark.parametrize(
    ("name", "rid"),
    [
        ("baclofen", "baclofen"),
        ("BACLOFEN", "baclofen"),
        ("Baclosan", "baclofen"),
        ("Баклосан", "baclofen"),
        ("mydocalm", "tolperisone"),
        ("No-shpa", "drotaverine"),
        ("no shpa", "drotaverine"),
        ("Noshpa", "drotaverine"),
        ("Но-шпа", "drotaverine"),
        ("Magne B6", "magnesium_pyridoxine"),
        ("Magne-B6", "magnesium_pyridoxine"),
        ("magnesium lactate + pyridoxine", "magnesium_pyridoxine"),
        ("magnesium_pyridoxine", "magnesium_pyridoxine"),
        ("magnesium sulfate", "magnesium_sulfate_injection"),
        ("brewer's yeast", "brewers_yeast"),
        ("brewers yeast", "brewers_yeast"),
    ],
)
def test_resolve_intervention_by_id_name_alias_inn(mini_kb: KnowledgeBase, name: str, rid: str) -> None:
    assert resolve_intervention(mini_kb, name).id == rid


def test_one_component_of_a_combination_does_not_name_it(mini_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownNameError):
        resolve_intervention(mini_kb, "pyridoxine")


def test_unknown_intervention_suggests_close_names(mini_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownNameError) as info:
        resolve_intervention(mini_kb, "Mydokalm")
    assert info.value.suggestions[0] == "Mydocalm"
    assert len(info.value.suggestions) <= 3
    assert "did you mean 'Mydocalm'" in info.value.one_line()
    assert info.value.exit_code == 2


def test_nonsense_gets_no_suggestions(mini_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownNameError) as info:
        resolve_intervention(mini_kb, "zzzzqqq")
    assert info.value.suggestions == []


def test_empty_name_is_unknown(mini_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownNameError):
        resolve_intervention(mini_kb, " - ")


@pytest.mark.parametrize(
    ("name", "cid"), [("CKD", "ckd"), ("kidney disease", "ckd"), ("Atrioventricular block", "av_block")]
)
def test_resolve_condition(mini_kb: KnowledgeBase, name: str, cid: str) -> None:
    assert resolve_condition(mini_kb, name).id == cid


def test_unknown_condition_suggests(mini_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownNameError) as info:
        resolve_condition(mini_kb, "atrioventricular blok")
    assert info.value.kind == "condition"
    assert info.value.suggestions == ["atrioventricular block"]


def test_condition_closure_is_transitive(mini_kb: KnowledgeBase) -> None:
    assert condition_closure(mini_kb, ["dialysis"]) == {"dialysis", "kidney_failure", "ckd"}
    assert condition_closure(mini_kb, ["av_block"]) == {"av_block"}
    assert condition_closure(mini_kb, []) == frozenset()


def test_resolve_drug_brand_from_a_class_member_gets_parent_classes(mini_kb: KnowledgeBase) -> None:
    assert resolve_drug(mini_kb, "Lasix") == ResolvedDrug(
        name="Lasix", inns=("furosemide",), classes=("diuretics", "loop_diuretics"), intervention_id=None
    )


def test_resolve_drug_member_brand_links_the_intervention_of_its_inn(mini_kb: KnowledgeBase) -> None:
    found = resolve_drug(mini_kb, "Lioresal")
    assert found is not None
    assert found.inns == ("baclofen",)
    assert found.classes == ("muscle_relaxants",)
    assert found.intervention_id == "baclofen"


def test_resolve_drug_combination_yields_each_component_and_their_classes(mini_kb: KnowledgeBase) -> None:
    found = resolve_drug(mini_kb, "Magne B6")
    assert found is not None
    assert found.inns == ("magnesium lactate", "pyridoxine")
    assert found.classes == ("vitamin_b",)
    assert found.intervention_id == "magnesium_pyridoxine"


def test_resolve_drug_by_intervention_inn(mini_kb: KnowledgeBase) -> None:
    found = resolve_drug(mini_kb, "Magnesium Sulfate")
    assert found is not None
    assert found.classes == ("magnesium_supplements",)
    assert found.intervention_id == "magnesium_sulfate_injection"


def test_resolve_drug_by_class_name(mini_kb: KnowledgeBase) -> None:
    found = resolve_drug(mini_kb, "loop diuretics")
    assert found == ResolvedDrug(
        name="loop diuretics", inns=(), classes=("diuretics", "loop_diuretics"), intervention_id=None
    )


def test_resolve_drug_falls_back_to_the_offline_dictionary(mini_kb: KnowledgeBase) -> None:
    # "Sortis" is not in the test KB; the offline dictionary knows it as atorvastatin.
    found = resolve_drug(mini_kb, "Sortis")
    assert found is not None
    assert found.inns == ("atorvastatin",)
    assert found.classes == ("statins",)
    assert found.name == "Sortis"


def test_resolve_drug_fallback_ignores_dose_words(mini_kb: KnowledgeBase) -> None:
    found = resolve_drug(mini_kb, "Frusemide 40 mg")
    assert found is not None
    assert found.inns == ("furosemide",)


def test_resolve_drug_unknown_is_none(mini_kb: KnowledgeBase) -> None:
    assert resolve_drug(mini_kb, "Notarealdrugname") is None
    assert resolve_drug(mini_kb, "") is None


def test_resolve_drug_known_generic_outside_the_kb_is_none(mini_kb: KnowledgeBase) -> None:
    # The dictionary knows metformin, but the KB has no class for it: the engine must warn "unchecked".
    assert resolve_drug(mini_kb, "Glucophage") is None


def test_suggest_rejects_an_unknown_kind(mini_kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="intervention, condition, drug"):
        suggest(mini_kb, "food", "apple")


def test_suggest_drug_covers_class_member_brands(mini_kb: KnowledgeBase) -> None:
    assert suggest(mini_kb, "drug", "Lassix")[0] == "Lasix"
