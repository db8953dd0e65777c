"""Checks of the shipped vocabularies and safety records: conditions, drug classes, specialists,
red flags, causes and lab ranges (the ids other records and the engine rely on)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from annotated_types import Ge, Le

from crampcare.assessment.profile import Labs
from crampcare.knowledge.loader import DATA_DIR, KnowledgeBase
from crampcare.knowledge.lookup import condition_closure, normalise, resolve_condition, resolve_drug
from crampcare.knowledge.models import Rule, Trigger
from crampcare.knowledge.vocab import LAB_NAMES, SYMPTOMS, TRIAGE_SEVERITY, LifestyleFlag

# The ids fixed in notes/KB_PLAN.md; other helpers' records point at them.
PLAN_CONDITIONS = [
    "ckd",
    "kidney_failure",
    "dialysis",
    "liver_disease",
    "severe_liver_disease",
    "heart_failure",
    "av_block",
    "bradycardia",
    "arrhythmia",
    "recent_myocardial_infarction",
    "hypotension",
    "uncontrolled_hypertension",
    "peptic_ulcer",
    "gi_bleeding_history",
    "porphyria",
    "epilepsy",
    "psychiatric_disorder",
    "parkinsonism",
    "myasthenia_gravis",
    "muscle_weakness_disorder",
    "glaucoma",
    "urinary_retention",
    "hyperthyroidism",
    "hypothyroidism",
    "diabetes",
    "peripheral_neuropathy",
    "varicose_veins",
    "chronic_venous_insufficiency",
    "thrombophlebitis",
    "dvt_history",
    "thrombosis_tendency",
    "bleeding_disorder",
    "kidney_stones",
    "addisons_disease",
    "dehydration",
    "metabolic_acidosis",
    "skin_damage",
    "gout",
    "g6pd_deficiency",
    "optic_neuritis",
    "tinnitus",
    "haemolytic_anaemia",
    "lactose_intolerance",
    "bee_venom_allergy",
    "pineapple_papaya_allergy",
    "anaemia",
    "alcohol_use_disorder",
    "spine_disorder",
    "osteoarthritis",
    "peripheral_arterial_disease",
    "restless_legs_syndrome",
    "stroke",
    "cancer",
    "flat_feet",
    "obesity",
    "malabsorption",
    "qt_prolongation",
    "planned_surgery",
    "hypoparathyroidism",
    "cirrhosis",
    "hyperkalaemia",
    "hypercalcaemia",
    "hypermagnesaemia",
    "hypokalaemia",
    "hypomagnesaemia",
    "hypocalcaemia",
    "preeclampsia",
]

PLAN_DRUG_CLASSES = [
    "diuretics",
    "loop_diuretics",
    "thiazide_diuretics",
    "potassium_sparing_diuretics",
    "laba",
    "saba",
    "corticosteroids",
    "statins",
    "estrogens_contraceptives",
    "raloxifene_serms",
    "teriparatide_pth",
    "dihydropyridine_ccb",
    "iv_iron",
    "nsaids",
    "quinolones",
    "tetracyclines",
    "iron_preparations",
    "fluoride",
    "cardiac_glycosides",
    "anticoagulants",
    "antiplatelets",
    "maoi",
    "serotonergic",
    "opioids",
    "cns_depressants",
    "ace_inhibitors",
    "arbs",
    "levodopa",
    "levothyroxine",
    "bisphosphonates",
    "laxatives",
    "qt_prolonging",
    "neuromuscular_blockers",
    "beta_blockers",
    "cholinesterase_inhibitors",
    "lithium",
    "chemotherapy_cramps",
    "gabapentinoids",
    "z_drugs",
    "stimulants",
    "antiepileptics",
    "muscle_relaxants",
    "potassium_supplements",
    "magnesium_supplements",
    "calcium_supplements",
    "trimethoprim",
    "heparins",
    "ciclosporin",
    "vitamin_d",
]

# Drug classes the clinical reference (§3) links with cramps: each needs a cause record.
CAUSE_CLASSES = [
    "laba",
    "potassium_sparing_diuretics",
    "thiazide_diuretics",
    "loop_diuretics",
    "statins",
    "saba",
    "dihydropyridine_ccb",
    "corticosteroids",
    "estrogens_contraceptives",
    "raloxifene_serms",
    "teriparatide_pth",
    "beta_blockers",
    "arbs",
    "cholinesterase_inhibitors",
    "lithium",
    "chemotherapy_cramps",
    "stimulants",
    "laxatives",
]

SPECIALISTS = [
    "neurologist",
    "endocrinologist",
    "urologist",
    "nephrologist",
    "traumatologist",
    "vertebrologist",
    "phlebologist",
    "vascular_surgeon",
    "obstetrician",
    "paediatrician",
    "general_practitioner",
    "physiotherapist",
    "dietitian",
    "pharmacist",
]

# Background-knowledge sources: a rule resting only on these must be marked unverified.
BACKGROUND_SOURCES = {"reference_background"}

MY_FILES = ["conditions.yaml", "drug_classes.yaml", "specialists.yaml", "red_flags.yaml", "causes.yaml", "labs.yaml"]
ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "seed" / "leg-cramps-article.txt"


def _triggers(rule: Rule) -> list[Trigger]:
    return [*rule.when, *rule.when_all, *(t for group in rule.when_each for t in group)]


def _all_rules(kb: KnowledgeBase) -> list[tuple[str, Rule]]:
    rules = [(f"red_flags/{flag.id}", flag.rule) for flag in kb.red_flags.values()]
    rules += [(f"causes/{cause.id}", cause.rule) for cause in kb.causes.values()]
    return rules


# --- conditions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cid", PLAN_CONDITIONS)
def test_every_planned_condition_exists(kb: KnowledgeBase, cid: str) -> None:
    assert cid in kb.conditions


def test_no_synonym_names_two_conditions(kb: KnowledgeBase) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for cond in kb.conditions.values():
        for name in (cond.id, cond.name, *cond.synonyms):
            owners[normalise(name)].add(cond.id)
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1}
    assert shared == {}


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("CKD", "ckd"),
        ("chronic kidney disease", "ckd"),
        ("kidney disease", "ckd"),
        ("renal insufficiency", "ckd"),
        ("kidney failure", "kidney_failure"),
        ("Renal failure", "kidney_failure"),
        ("severe renal impairment", "kidney_failure"),
        ("CKD stage 4", "kidney_failure"),
        ("CKD stage 5", "kidney_failure"),
        ("haemodialysis", "dialysis"),
        ("AV block", "av_block"),
        ("atrioventricular block", "av_block"),
        ("heart block", "av_block"),
        ("stomach ulcer", "peptic_ulcer"),
        ("duodenal ulcer", "peptic_ulcer"),
        ("varicose veins", "varicose_veins"),
        ("nephrolithiasis", "kidney_stones"),
        ("urolithiasis", "kidney_stones"),
        ("renal stones", "kidney_stones"),
        ("Parkinson's disease", "parkinsonism"),
        ("myasthenia gravis", "myasthenia_gravis"),
        ("glaucoma", "glaucoma"),
        ("porphyria", "porphyria"),
        ("epilepsy", "epilepsy"),
        ("hypocorticism", "addisons_disease"),
        ("coxarthrosis", "osteoarthritis"),
        ("osteochondrosis", "spine_disorder"),
        ("hemophilia", "bleeding_disorder"),
        ("pre-eclampsia", "preeclampsia"),
        ("hyperkalemia", "hyperkalaemia"),
    ],
)
def test_peoples_words_resolve_to_the_condition(kb: KnowledgeBase, said: str, expected: str) -> None:
    assert resolve_condition(kb, said).id == expected


@pytest.mark.parametrize(
    ("cid", "implied"),
    [
        ("dialysis", {"kidney_failure", "ckd"}),
        ("kidney_failure", {"ckd"}),
        ("cirrhosis", {"severe_liver_disease", "liver_disease"}),
        ("haemolytic_anaemia", {"anaemia"}),
        ("diabetic_neuropathy", {"diabetes", "peripheral_neuropathy"}),
    ],
)
def test_conditions_imply_the_wider_ones(kb: KnowledgeBase, cid: str, implied: set[str]) -> None:
    assert implied <= condition_closure(kb, [cid])


# --- drug classes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", PLAN_DRUG_CLASSES)
def test_every_planned_drug_class_exists(kb: KnowledgeBase, cls: str) -> None:
    assert cls in kb.drug_classes


def test_a_brand_names_one_inn_only(kb: KnowledgeBase) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for cls in kb.drug_classes.values():
        for member in cls.members:
            for brand in member.brands:
                owners[normalise(brand)].add(member.inn)
    clashes = {brand: inns for brand, inns in owners.items() if len(inns) > 1}
    assert clashes == {}
    # A brand must not be the INN of another member ("ethinyl estradiol" spelling its own INN is fine).
    inns = {normalise(m.inn): m.inn for c in kb.drug_classes.values() for m in c.members}
    assert {brand: owner for brand, owner in owners.items() if brand in inns and {inns[brand]} != owner} == {}


def test_inns_are_lowercase(kb: KnowledgeBase) -> None:
    bad = [m.inn for c in kb.drug_classes.values() for m in c.members if m.inn != m.inn.lower()]
    assert bad == []


@pytest.mark.parametrize(
    ("name", "inn", "cls"),
    [
        ("Lasix", "furosemide", "loop_diuretics"),
        ("Лазикс", "furosemide", "loop_diuretics"),
        ("Lipitor", "atorvastatin", "statins"),
        ("Ventolin", "salbutamol", "saba"),
        ("albuterol", "salbutamol", "saba"),
        ("Serevent", "salmeterol", "laba"),
        ("Верошпирон", "spironolactone", "potassium_sparing_diuretics"),
        ("Arifon", "indapamide", "thiazide_diuretics"),
        ("Crestor", "rosuvastatin", "statins"),
        ("Cipro", "ciprofloxacin", "quinolones"),
        ("Coumadin", "warfarin", "anticoagulants"),
        ("Eliquis", "apixaban", "anticoagulants"),
        ("Xarelto", "rivaroxaban", "anticoagulants"),
        ("Zoloft", "sertraline", "serotonergic"),
        ("Prozac", "fluoxetine", "serotonergic"),
        ("Euthyrox", "levothyroxine", "levothyroxine"),
        ("Evista", "raloxifene", "raloxifene_serms"),
        ("Forteo", "teriparatide", "teriparatide_pth"),
        ("Adalat", "nifedipine", "dihydropyridine_ccb"),
        ("Venofer", "iron sucrose", "iv_iron"),
        ("naproxen", "naproxen", "nsaids"),
    ],
)
def test_brand_resolves_to_inn_and_class(kb: KnowledgeBase, name: str, inn: str, cls: str) -> None:
    drug = resolve_drug(kb, name)
    assert drug is not None
    assert inn in drug.inns
    assert cls in drug.classes


def test_parent_classes_repeat_their_childrens_members(kb: KnowledgeBase) -> None:
    for cls in kb.drug_classes.values():
        if cls.parent is None:
            continue
        parent_inns = {m.inn for m in kb.drug_classes[cls.parent].members}
        assert {m.inn for m in cls.members} <= parent_inns, cls.id


@pytest.mark.parametrize("cls", CAUSE_CLASSES)
def test_cause_classes_cite_sources_and_have_a_cause(kb: KnowledgeBase, cls: str) -> None:
    assert kb.drug_classes[cls].sources
    used = {t.drug_class for _, rule in _all_rules(kb) for t in _triggers(rule)}
    assert cls in used


# --- red flags ----------------------------------------------------------------------------------------


def test_every_red_flag_level_rests_on_a_source(kb: KnowledgeBase) -> None:
    for flag in kb.red_flags.values():
        real = [s for s in flag.rule.sources if s not in BACKGROUND_SOURCES]
        assert real, f"{flag.id} cites only background knowledge"
        if set(flag.rule.sources) & BACKGROUND_SOURCES:
            assert flag.rule.unverified, f"{flag.id} cites background knowledge but is not marked unverified"


def test_dvt_flag_fires_on_calf_swelling(kb: KnowledgeBase) -> None:
    flag = kb.red_flags["possible_dvt"]
    assert flag.level == "urgent"
    assert Trigger(symptom="calf_swelling") in flag.rule.when
    assert flag.rule.when_all == []
    assert "phlebologist" in flag.specialists


@pytest.mark.parametrize(
    ("flag_id", "level"),
    [
        ("possible_tetanus", "emergency"),
        ("acute_limb_ischaemia", "emergency"),
        ("potassium_severe_high", "emergency"),
        ("calcium_severe_low", "emergency"),
        ("cramp_over_10_minutes", "urgent"),
        ("weakness_or_wasting", "urgent"),
        ("possible_rhabdomyolysis", "urgent"),
        ("quinine_bleeding", "urgent"),
        ("possible_claudication", "see_doctor"),
        ("urge_to_move_legs", "see_doctor"),
        ("numbness_tingling", "see_doctor"),
    ],
)
def test_red_flag_levels(kb: KnowledgeBase, flag_id: str, level: str) -> None:
    assert kb.red_flags[flag_id].level == level


def test_rhabdomyolysis_needs_both_dark_urine_and_severe_pain(kb: KnowledgeBase) -> None:
    rule = kb.red_flags["possible_rhabdomyolysis"].rule
    assert rule.when == [Trigger(symptom="dark_urine")]
    assert rule.when_all == [Trigger(symptom="severe_pain")]


def test_cramp_over_ten_minutes_threshold(kb: KnowledgeBase) -> None:
    assert kb.red_flags["cramp_over_10_minutes"].rule.when == [Trigger(episode_longer_than_minutes=10)]


def test_quinine_flags_only_apply_to_quinine_users(kb: KnowledgeBase) -> None:
    for fid in ("quinine_bleeding", "quinine_toxicity"):
        assert kb.red_flags[fid].rule.when_all == [Trigger(inn="quinine")]


def test_potassium_flags_escalate_with_the_value(kb: KnowledgeBase) -> None:
    by_threshold = {}
    for flag in kb.red_flags.values():
        for trig in flag.rule.when:
            if trig.lab and trig.lab.name == "potassium" and trig.lab.op == ">=":
                by_threshold[trig.lab.value] = TRIAGE_SEVERITY[flag.level]
    levels = [by_threshold[v] for v in sorted(by_threshold)]
    assert sorted(by_threshold) == [5.5, 6.0, 6.5]
    assert levels == sorted(levels) and levels[-1] == TRIAGE_SEVERITY["emergency"]


def test_every_symptom_is_used_by_a_red_flag_or_cause_or_the_falls_risk(kb: KnowledgeBase) -> None:
    from crampcare.assessment.config import first_aid_order

    used = {t.symptom for _, rule in _all_rules(kb) for t in _triggers(rule)}
    used.update(first_aid_order().falls_risk.symptoms)  # dizziness: standing first aid then starts seated
    assert set(SYMPTOMS) - used == set()


# --- causes ---------------------------------------------------------------------------------------------


def test_every_lifestyle_flag_is_a_cause(kb: KnowledgeBase) -> None:
    used = {t.lifestyle for cause in kb.causes.values() for t in _triggers(cause.rule)}
    assert set(get_args(LifestyleFlag)) - used == set()


def test_every_factor_kind_is_represented(kb: KnowledgeBase) -> None:
    kinds = {cause.kind for cause in kb.causes.values()}
    assert {"medication", "condition", "lab", "pregnancy", "lifestyle", "age", "other"} <= kinds


def test_strongest_drug_signals_are_in_the_summaries(kb: KnowledgeBase) -> None:
    assert "2.17" in kb.causes["med_laba"].summary
    assert "2.12" in kb.causes["med_potassium_sparing_diuretics"].summary
    assert "1.48" in kb.causes["med_thiazide_diuretics"].summary
    assert "1.16" in kb.causes["med_statins"].summary


@pytest.mark.parametrize(
    ("cause_id", "lab", "op", "value"),
    [
        ("low_potassium", "potassium", "<", 3.5),
        ("low_magnesium", "magnesium", "<", 0.70),
        ("low_calcium", "calcium", "<", 2.2),
        ("high_calcium", "calcium", ">", 2.6),
    ],
)
def test_lab_causes_use_the_reference_cut_offs(
    kb: KnowledgeBase, cause_id: str, lab: str, op: str, value: float
) -> None:
    labs = [t.lab for t in kb.causes[cause_id].rule.when if t.lab]
    assert any(t.name == lab and t.op == op and t.value == value for t in labs)


def test_older_adults_from_sixty(kb: KnowledgeBase) -> None:
    assert kb.causes["older_age"].rule.when == [Trigger(age_at_least_years=60)]


# --- specialists ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sid", SPECIALISTS)
def test_specialist_exists(kb: KnowledgeBase, sid: str) -> None:
    assert kb.specialists[sid].summary


@pytest.mark.parametrize("sid", ["neurologist", "endocrinologist", "urologist", "traumatologist", "vertebrologist"])
def test_article_specialists_belong_to_regular_cramps(kb: KnowledgeBase, sid: str) -> None:
    assert "regular_cramps" in kb.specialists[sid].article_sections


# --- lab ranges -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", LAB_NAMES)
def test_lab_range_matches_profile_limits(kb: KnowledgeBase, name: str) -> None:
    lab = kb.labs[name]
    meta = Labs.model_fields[name].metadata
    ge = float(next(m.ge for m in meta if isinstance(m, Ge)))  # type: ignore[arg-type]
    le = float(next(m.le for m in meta if isinstance(m, Le)))  # type: ignore[arg-type]
    assert (lab.plausible_min, lab.plausible_max) == (ge, le)
    if lab.low is not None and lab.high is not None:
        assert lab.low < lab.high
    for bound in (lab.low, lab.high):
        assert bound is None or ge <= bound <= le


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [("potassium", 3.5, 5.3), ("magnesium", 0.70, 1.00), ("calcium", 2.20, 2.60), ("sodium", 133, 146)],
)
def test_commonly_used_intervals(kb: KnowledgeBase, name: str, low: float, high: float) -> None:
    assert (kb.labs[name].low, kb.labs[name].high) == (low, high)


# --- own words ---------------------------------------------------------------------------------------------


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


@pytest.mark.skipif(not ARTICLE.exists(), reason="the seed article is outside the repository")
def test_no_ten_word_run_from_the_article() -> None:
    words = re.findall(r"[a-z0-9']+", ARTICLE.read_text(encoding="utf-8").lower())
    grams = {tuple(words[i : i + 10]) for i in range(len(words) - 9)}
    copied = []
    for name in MY_FILES:
        for text in _strings(yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))):
            ours = re.findall(r"[a-z0-9']+", text.lower())
            copied += [" ".join(ours[i : i + 10]) for i in range(len(ours) - 9) if tuple(ours[i : i + 10]) in grams]
    assert copied == []
