"""The second clinical audit's fixes, checked on the shipped records so a later edit cannot quietly undo them."""

from __future__ import annotations

from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import Interaction, Intervention, Rule


def _interaction(record: Intervention, *, inn: str | None = None, cls: str | None = None) -> Interaction:
    return next(i for i in record.interactions if (inn and inn in i.with_inns) or (cls and cls in i.with_classes))


def _lab_values(rules: list[Rule], name: str, op: str) -> set[float]:
    return {t.lab.value for rule in rules for t in rule.when if t.lab and t.lab.name == name and t.lab.op == op}


def _members(kb: KnowledgeBase, cid: str) -> set[str]:
    return {m.inn for m in kb.drug_classes[cid].members}


def test_milgamma_under_four_is_a_contraindication(kb: KnowledgeBase) -> None:
    record = kb.interventions["milgamma"]
    ages = {t.age_below_years for rule in record.contraindications for t in rule.when}
    assert 4 in ages
    assert not any(t.age_below_years for rule in record.cautions for t in rule.when)


def test_quinine_interactions_named_by_the_reference_are_verified(kb: KnowledgeBase) -> None:
    quinine = kb.interventions["quinine"]
    warfarin = _interaction(quinine, inn="warfarin")
    assert warfarin.severity == "major" and not warfarin.unverified
    assert warfarin.with_inns == ["warfarin"] and not warfarin.with_classes
    named = _interaction(quinine, inn="amiodarone")
    assert named.severity == "major" and not named.unverified and "phenothiazines" in named.with_classes
    assert {"chlorpromazine", "thioridazine"} <= _members(kb, "phenothiazines")


def test_quinine_and_other_anticoagulants_is_marked_unverified(kb: KnowledgeBase) -> None:
    other = _interaction(kb.interventions["quinine"], cls="anticoagulants")
    assert other.unverified
    assert "documented only for warfarin" in other.advice


def test_quinine_kidney_caution_fires_on_egfr(kb: KnowledgeBase) -> None:
    assert _lab_values(kb.interventions["quinine"].cautions, "egfr", "<") == {60}


def test_potassium_with_ace_inhibitors_or_arbs_rests_on_checked_sources(kb: KnowledgeBase) -> None:
    for rid in ("potassium_chloride", "potassium_magnesium_aspartate"):
        inter = _interaction(kb.interventions[rid], cls="ace_inhibitors")
        assert "arbs" in inter.with_classes and inter.severity == "major"
        assert not inter.unverified and "reference_background" not in inter.sources
        assert {"nasem_sodium_potassium_2019", "pmc9932710_potassium_note"} <= set(inter.sources)


def test_ibuprofen_with_anticoagulants_is_major_and_unverified(kb: KnowledgeBase) -> None:
    inter = _interaction(kb.interventions["ibuprofen_after_cramp"], cls="anticoagulants")
    assert inter.severity == "major" and inter.unverified


def test_ibuprofen_is_avoided_with_both_a_renin_angiotensin_drug_and_a_diuretic(kb: KnowledgeBase) -> None:
    # Issue 11: the triple whammy is `avoid` (bpac NZ 2018), no longer a caution from background knowledge.
    rule = next(
        r
        for r in kb.interventions["ibuprofen_after_cramp"].contraindications
        if any(t.drug_class == "diuretics" for t in r.when_all)
    )
    assert {t.drug_class for t in rule.when} == {"ace_inhibitors", "arbs"}
    assert not rule.unverified and rule.sources == ["bpac_triple_whammy_2018"]


def test_potassium_below_three_is_urgent_and_says_it_is_derived(kb: KnowledgeBase) -> None:
    flag = kb.red_flags["potassium_moderately_low"]
    assert flag.level == "urgent"
    assert _lab_values([flag.rule], "potassium", "<") == {3.0}
    assert "sydney_lhd_renal_potassium_protocol" in flag.rule.sources
    assert "derived" in flag.rule.reason
    assert kb.sources["sydney_lhd_renal_potassium_protocol"].url is None
    assert _lab_values([kb.red_flags["potassium_severe_low"].rule], "potassium", "<") == {2.5}


def test_a_documented_low_magnesium_switches_off_the_older_adult_rule(kb: KnowledgeBase) -> None:
    for rid in ("magnesium_pyridoxine", "magnesium_orotate"):
        rule = next(r for r in kb.interventions[rid].not_for if any(t.population == "older_adult" for t in r.when))
        assert _lab_values([Rule(when=rule.unless, reason="unless facts", sources=["x"])], "magnesium", "<") == {0.7}
        assert rule.unless_reason


def test_cause_classes_hold_only_the_members_the_sources_name(kb: KnowledgeBase) -> None:
    assert _members(kb, "cholinesterase_inhibitors") == {"donepezil", "neostigmine"}
    assert "methylphenidate" not in _members(kb, "stimulants")
    assert {"caffeine", "cocaine", "ephedrine", "nicotine", "pseudoephedrine"} <= _members(kb, "stimulants")
    assert not {"levonorgestrel", "estradiol"} & _members(kb, "estrogens_contraceptives")
    assert not {"fluticasone", "beclometasone", "budesonide"} & _members(kb, "corticosteroids")


def test_extrapolated_cause_classes_are_unverified(kb: KnowledgeBase) -> None:
    for cid in ("med_other_sex_hormones", "med_inhaled_corticosteroids"):
        rule = kb.causes[cid].rule
        assert rule.unverified and "extends" in rule.reason
