"""The medicine, supplement, vitamin and injection records: the safety behaviour encoded in the data.

The records are read straight from their YAML files, so these tests judge this data alone; only the
name-resolution test uses the whole shipped knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from crampcare.knowledge.loader import DATA_DIR
from crampcare.knowledge.models import Intervention, Rule, Trigger

# The ids fixed in notes/KB_PLAN.md ("Medicines & supplements"), with the grade each must carry
# (clinical-evidence.md §1 and §8).
GRADES: dict[str, str] = {
    "baclofen": "insufficient",
    "tolperisone": "not_recommended",
    "tolperisone_lidocaine_injection": "not_recommended",
    "cyclobenzaprine": "insufficient",
    "antiepileptics": "insufficient",
    "drotaverine": "insufficient",
    "magnesium_pyridoxine": "ineffective",
    "magnesium_orotate": "ineffective",
    "magnesium_sulfate_injection": "ineffective",
    "potassium_chloride": "insufficient",
    "potassium_magnesium_aspartate": "insufficient",
    "calcium_gluconate": "insufficient",
    "calcium_chloride": "insufficient",
    "calcium_vitamin_d3": "insufficient",
    "sodium_atp": "insufficient",
    "iv_electrolytes": "not_recommended",
    "wobenzym": "insufficient",
    "ketorolac": "not_recommended",
    "paracetamol_after_cramp": "consensus",
    "ibuprofen_after_cramp": "consensus",
    "milgamma": "insufficient",
    "vitamin_b_injections": "insufficient",
    "vitamin_b_complex_oral": "possibly_effective",
    "nicotinic_acid": "insufficient",
    "askorutin": "insufficient",
    "brewers_yeast": "insufficient",
    "quinine": "effective",
}
INJECTIONS = (
    "tolperisone_lidocaine_injection",
    "magnesium_sulfate_injection",
    "sodium_atp",
    "iv_electrolytes",
    "milgamma",
    "vitamin_b_injections",
)
MUSCLE_RELAXANTS = ("baclofen", "tolperisone", "tolperisone_lidocaine_injection", "cyclobenzaprine")
POTASSIUM = ("potassium_chloride", "potassium_magnesium_aspartate")
MAGNESIUM_ORAL = ("magnesium_pyridoxine", "magnesium_orotate")
CALCIUM = ("calcium_gluconate", "calcium_chloride", "calcium_vitamin_d3")
DOSE = re.compile(r"\d+(?:[.,]\d+)?\s?(?:mg|g|mcg|µg|ml|mL|IU|mmol)\b")
PER_KG = re.compile(r"(?:mg|g)\s?(?:/|per)\s?(?:kg|kilogram)", re.IGNORECASE)
EGFR_30 = Trigger(lab={"name": "egfr", "op": "<", "value": 30, "unit": "mL/min/1.73 m²"})


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def records() -> dict[str, Intervention]:
    folder = DATA_DIR / "interventions"
    return {rid: Intervention.model_validate(_yaml(folder / f"{rid}.yaml")) for rid in GRADES}


@cache
def source_ids() -> frozenset[str]:
    files = [DATA_DIR / "sources.yaml", *sorted((DATA_DIR / "sources").glob("*.yaml"))]
    return frozenset(entry["id"] for path in files for entry in _yaml(path))


def rec(rid: str) -> Intervention:
    return records()[rid]


def _rules(record: Intervention) -> Iterator[Rule]:
    yield from record.contraindications
    yield from record.cautions
    yield from record.not_for
    yield from record.use_only_when


def _triggers(rules: list[Rule]) -> list[Trigger]:
    return [trigger for rule in rules for trigger in rule.when]


def _conditions(rules: list[Rule]) -> set[str]:
    return {t.condition for t in _triggers(rules) if t.condition}


def _populations(rules: list[Rule]) -> set[str]:
    return {t.population for t in _triggers(rules) if t.population}


def _lab(rules: list[Rule], name: str, op: str) -> set[float]:
    return {t.lab.value for t in _triggers(rules) if t.lab and t.lab.name == name and t.lab.op == op}


def _interaction_severity(record: Intervention, drug_class: str) -> str | None:
    for inter in record.interactions:
        if drug_class in inter.with_classes:
            return inter.severity
    return None


# --- the records as a whole ------------------------------------------------------------------


@pytest.mark.parametrize("rid", sorted(GRADES))
def test_grade_matches_the_reference(rid: str) -> None:
    assert rec(rid).evidence.grade == GRADES[rid]


@pytest.mark.parametrize("rid", sorted(GRADES))
def test_every_cited_source_exists(rid: str) -> None:
    record = rec(rid)
    cited = set(record.evidence.sources)
    cited.update(src for pop in record.evidence.by_population for src in pop.sources)
    cited.update(src for rule in _rules(record) for src in rule.sources)
    cited.update(src for inter in record.interactions for src in inter.sources)
    cited.update(src for claim in record.article_claims for src in claim.sources)
    assert cited <= source_ids(), cited - source_ids()


@pytest.mark.parametrize("rid", sorted(GRADES))
def test_background_knowledge_is_marked_unverified(rid: str) -> None:
    record = rec(rid)
    for rule in _rules(record):
        if "reference_background" in rule.sources:
            assert rule.unverified, rule.reason
    for inter in record.interactions:
        if "reference_background" in inter.sources:
            assert inter.unverified, inter.advice


def test_medicines_name_an_inn_or_a_class() -> None:
    for record in records().values():
        if record.kind in ("medicine", "injection"):
            assert record.inn or record.drug_class, record.id
    assert rec("antiepileptics").drug_class == "antiepileptics"
    assert rec("antiepileptics").base_status.status == "not_recommended"


def test_atc_codes_marked_bk_are_unverified() -> None:
    unverified = ("ketorolac", "potassium_chloride", "calcium_gluconate", "magnesium_orotate", "askorutin")
    for rid in unverified:
        atc = rec(rid).atc
        assert atc is not None and not atc.verified, rid
    verified = {"baclofen": "M03BX01", "tolperisone": "M03BX04", "cyclobenzaprine": "M03BX08", "quinine": "P01BC01"}
    for rid, code in verified.items():
        atc = rec(rid).atc
        assert atc is not None and atc.code == code and atc.verified, rid
    injection_atc = rec("tolperisone_lidocaine_injection").atc
    assert injection_atc is not None and not injection_atc.verified  # a national code, not WHO


# --- injections: clinician-given, never a dose -------------------------------------------------


@pytest.mark.parametrize("rid", INJECTIONS)
def test_injections_are_clinician_given_without_doses(rid: str) -> None:
    record = rec(rid)
    assert record.kind == "injection"
    assert record.setting in ("doctor", "hospital")
    assert record.prescription
    for text in (record.summary, record.details, *(r.reason for r in _rules(record))):
        assert not DOSE.search(text), (rid, text)
        assert not PER_KG.search(text), (rid, text)


def test_magnesium_sulfate_flags_the_articles_dose_and_gives_none() -> None:
    record = rec("magnesium_sulfate_injection")
    claims = [c for c in record.article_claims if "500 mg" in c.claim]
    assert len(claims) == 1
    assert "not supported" in claims[0].verdict.lower()
    assert "twice" in claims[0].verdict
    # the verdict names no dose of its own, and no other text holds a weight-based dose
    assert not DOSE.search(claims[0].verdict) and not PER_KG.search(claims[0].verdict)
    others = [record.summary, record.details, *(c.verdict for c in record.article_claims)]
    assert not any(PER_KG.search(text) or DOSE.search(text) for text in others)
    assert _lab(record.use_only_when, "magnesium", "<") == {0.7}
    assert record.evidence.grade == "ineffective"


def test_iv_electrolytes_need_a_documented_deficiency() -> None:
    rules = rec("iv_electrolytes").use_only_when
    assert _lab(rules, "potassium", "<") == {3.5}
    assert _lab(rules, "magnesium", "<") == {0.7}
    assert {"hypokalaemia", "hypomagnesaemia", "hypocalcaemia"} <= _conditions(rules)


def test_milgamma_flags_the_b6_content_and_its_contraindications() -> None:
    record = rec("milgamma")
    assert {"pregnancy", "breastfeeding", "infant"} <= _populations(record.contraindications)
    assert {"av_block", "heart_failure"} <= _conditions(record.contraindications)
    assert any("efsa_vitamin_b6_ul_2023" in claim.sources for claim in record.article_claims)


# --- potassium --------------------------------------------------------------------------------


@pytest.mark.parametrize("rid", POTASSIUM)
def test_potassium_only_for_documented_low_potassium(rid: str) -> None:
    record = rec(rid)
    assert _lab(record.use_only_when, "potassium", "<") == {3.5}
    assert record.base_status.status == "discuss_with_doctor"


@pytest.mark.parametrize("rid", POTASSIUM)
def test_potassium_avoided_with_high_potassium_or_kidney_failure(rid: str) -> None:
    record = rec(rid)
    assert _lab(record.contraindications, "potassium", ">") == {5.0}
    assert EGFR_30 in _triggers(record.contraindications)
    assert {"kidney_failure", "dialysis", "hyperkalaemia", "addisons_disease"} <= _conditions(record.contraindications)
    assert _interaction_severity(record, "potassium_sparing_diuretics") == "contraindicated"
    assert _interaction_severity(record, "ace_inhibitors") == "major"
    assert _interaction_severity(record, "arbs") == "major"


def test_panangin_rules_from_the_article() -> None:
    record = rec("potassium_magnesium_aspartate")
    assert "av_block" in _conditions(record.contraindications)
    assert any(t.systolic_bp_below == 90 for t in _triggers(record.contraindications))
    assert {"dehydration", "skin_damage"} <= _conditions(record.cautions)
    assert {"dehydration", "skin_damage", "peptic_ulcer"} <= _conditions(rec("potassium_chloride").contraindications)


# --- muscle relaxants ---------------------------------------------------------------------------


@pytest.mark.parametrize("rid", MUSCLE_RELAXANTS)
def test_muscle_relaxants_avoided_in_pregnancy_and_breastfeeding(rid: str) -> None:
    rules = rec(rid).contraindications
    assert {"pregnancy", "breastfeeding"} <= _populations(rules)
    assert any("article" in rule.sources for rule in rules if "pregnancy" in _populations([rule]))


def test_baclofen_contraindications_and_interactions() -> None:
    record = rec("baclofen")
    expected = {"porphyria", "peptic_ulcer", "epilepsy", "psychiatric_disorder", "parkinsonism", "kidney_failure"}
    assert expected <= _conditions(record.contraindications)
    assert _interaction_severity(record, "opioids") == "major"
    assert _interaction_severity(record, "cns_depressants") == "major"
    assert "suddenly" in record.details or "abrupt" in record.details


def test_cyclobenzaprine_heart_and_serotonin_rules() -> None:
    record = rec("cyclobenzaprine")
    heart = {"arrhythmia", "av_block", "heart_failure", "recent_myocardial_infarction", "hyperthyroidism"}
    assert heart <= _conditions(record.contraindications)
    assert {"glaucoma", "urinary_retention"} <= _conditions(record.cautions)
    assert _interaction_severity(record, "maoi") == "contraindicated"
    assert _interaction_severity(record, "serotonergic") == "major"
    assert record.min_age_years == 15
    assert "older_adult" in _populations(record.cautions)


def test_tolperisone_follows_the_ema_restriction() -> None:
    for rid in ("tolperisone", "tolperisone_lidocaine_injection"):
        record = rec(rid)
        assert record.base_status.status == "not_recommended"
        assert "myasthenia_gravis" in _conditions(record.contraindications)
        assert any("ema_tolperisone" in claim.sources for claim in record.article_claims)


# --- magnesium ----------------------------------------------------------------------------------


@pytest.mark.parametrize("rid", MAGNESIUM_ORAL)
def test_oral_magnesium_rules(rid: str) -> None:
    record = rec(rid)
    expected = {"kidney_failure", "dialysis", "av_block", "bradycardia", "hypermagnesaemia", "hypocalcaemia"}
    assert expected | {"kidney_stones"} <= _conditions(record.contraindications)
    assert EGFR_30 in _triggers(record.contraindications)
    assert "older_adult" in _populations(record.not_for)
    by_population = {pop.population: pop.grade for pop in record.evidence.by_population}
    assert by_population == {"pregnancy": "possibly_effective", "older_adult": "ineffective"}
    assert _interaction_severity(record, "cns_depressants") == "moderate"


def test_pyridoxine_products_conflict_with_levodopa() -> None:
    assert _interaction_severity(rec("magnesium_pyridoxine"), "levodopa") == "contraindicated"
    assert rec("magnesium_pyridoxine").min_age_years == 6
    for rid in ("milgamma", "vitamin_b_injections", "vitamin_b_complex_oral"):
        assert _interaction_severity(rec(rid), "levodopa") is not None, rid
    assert _interaction_severity(rec("magnesium_orotate"), "levodopa") is None


# --- calcium ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rid", CALCIUM)
def test_calcium_interactions_carry_timing_advice(rid: str) -> None:
    record = rec(rid)
    for drug_class in ("quinolones", "tetracyclines", "levothyroxine", "bisphosphonates", "iron_preparations"):
        assert _interaction_severity(record, drug_class) == "moderate", drug_class
    advice = {cls: inter.advice for inter in record.interactions for cls in inter.with_classes}
    assert "4-6 hours" in advice["tetracyclines"]
    assert "2 hours" in advice["quinolones"]
    assert "4 hours" in advice["levothyroxine"]
    assert _interaction_severity(record, "cardiac_glycosides") == "major"
    assert _interaction_severity(record, "thiazide_diuretics") == "moderate"


@pytest.mark.parametrize("rid", CALCIUM)
def test_calcium_contraindications(rid: str) -> None:
    record = rec(rid)
    conditions = _conditions(record.contraindications)
    assert {"hypercalcaemia", "kidney_stones", "thrombosis_tendency", "kidney_failure"} <= conditions
    assert _lab(record.contraindications, "calcium", ">") == {2.6}
    stones = next(rule for rule in record.contraindications if "kidney_stones" in _conditions([rule]))
    assert "aua_kidney_stones_2014" in stones.sources
    assert "pregnancy" in _populations(record.cautions)
    assert {pop.population for pop in record.evidence.by_population} == {"pregnancy"}


# --- painkillers ---------------------------------------------------------------------------------


def test_ketorolac_is_not_for_cramps() -> None:
    record = rec("ketorolac")
    assert record.base_status.status == "not_recommended"
    expected = {"peptic_ulcer", "gi_bleeding_history", "kidney_failure", "bleeding_disorder"}
    assert expected <= _conditions(record.contraindications)
    assert {"child", "pregnancy", "breastfeeding"} <= _populations(record.contraindications)
    assert _interaction_severity(record, "anticoagulants") == "major"
    bk_rules = [r for r in record.contraindications if _populations([r]) & {"pregnancy", "breastfeeding"}]
    assert all(rule.unverified for rule in bk_rules)


@pytest.mark.parametrize("rid", ("paracetamol_after_cramp", "ibuprofen_after_cramp"))
def test_painkillers_only_for_tenderness_afterwards(rid: str) -> None:
    record = rec(rid)
    assert record.base_status.status == "self_care"
    assert record.evidence.grade == "consensus"
    assert "does not stop" in record.summary or "does not stop" in record.evidence.summary
    assert "nhs_leg_cramps" in record.evidence.sources
    assert not DOSE.search(record.summary + record.details)


def test_ibuprofen_nsaid_safety() -> None:
    record = rec("ibuprofen_after_cramp")
    assert {"gi_bleeding_history", "kidney_failure"} <= _conditions(record.contraindications)
    assert {"peptic_ulcer", "ckd"} <= _conditions(record.cautions)
    assert "pregnancy" in _populations(record.cautions)
    assert _interaction_severity(record, "anticoagulants") == "major"  # second audit, item 6 (as for ketorolac)


# --- quinine and the rest --------------------------------------------------------------------------


def test_quinine_is_effective_but_not_recommended() -> None:
    record = rec("quinine")
    assert not record.in_article and not record.article_sections
    assert record.base_status.status == "not_recommended"
    assert {"pregnancy", "child"} <= _populations(record.contraindications)
    expected = {"g6pd_deficiency", "myasthenia_gravis", "optic_neuritis", "tinnitus", "haemolytic_anaemia"}
    assert expected | {"qt_prolongation"} <= _conditions(record.contraindications)
    for drug_class in ("anticoagulants", "cardiac_glycosides", "qt_prolonging"):
        assert _interaction_severity(record, drug_class) == "major", drug_class
    assert "tonic water" not in {alias.lower() for alias in record.aliases}
    assert "tonic water" in record.details.lower()


def test_drotaverine_wobenzym_and_vitamins() -> None:
    drotaverine = rec("drotaverine")
    assert {"severe_liver_disease", "kidney_failure", "porphyria"} <= _conditions(drotaverine.contraindications)
    assert "infant" in _populations(drotaverine.contraindications)
    assert _interaction_severity(drotaverine, "levodopa") == "moderate"
    wobenzym = rec("wobenzym")
    assert wobenzym.min_age_years == 18
    expected = {"bleeding_disorder", "kidney_failure", "severe_liver_disease", "planned_surgery"}
    assert expected | {"pineapple_papaya_allergy"} <= _conditions(wobenzym.contraindications)
    assert {"glaucoma", "uncontrolled_hypertension"} <= _conditions(rec("nicotinic_acid").contraindications)
    askorutin = {"thrombosis_tendency", "hypokalaemia", "hypercalcaemia", "kidney_stones", "gout"}
    assert askorutin <= _conditions(rec("askorutin").contraindications)
    assert _interaction_severity(rec("brewers_yeast"), "maoi") == "moderate"
