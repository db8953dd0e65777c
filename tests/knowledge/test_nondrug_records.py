"""The non-drug intervention records (first aid, home care, topical, physiotherapy, folk remedies,
homeopathy, surgery, diet, prevention): real properties of the shipped data.

The records are read straight from their YAML files, so these tests judge this data alone and do not
depend on how far the medicine records have grown; name resolution uses the whole shipped base.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from crampcare.knowledge.loader import DATA_DIR, KnowledgeBase
from crampcare.knowledge.lookup import resolve_intervention
from crampcare.knowledge.models import Intervention, Rule
from crampcare.knowledge.vocab import EPISODE_SETTINGS, MUSCLES

# The non-drug ids fixed in notes/KB_PLAN.md, with the kind each must have.
NONDRUG_IDS: dict[str, tuple[str, ...]] = {
    "first_aid": (
        "fa_swimming_toe_pull",
        "fa_firm_ground_weight_bearing",
        "fa_heel_reach_stretch",
        "fa_wall_calf_stretch",
        "fa_sit_and_stretch",
        "fa_front_thigh_stretch",
        "fa_gluteal_stretch",
        "fa_helper_stretch",
        "fa_massage_kneading",
        "fa_calf_foot_pull",
        "fa_hamstring_seated_stretch",
        "fa_foot_toe_stretch",
        "fa_shin_point_foot",
        "fa_front_thigh_lying_stretch",
        "fa_swimming_get_safe",
    ),
    "home_care": (
        "heat_warm_bath",
        "heat_compress",
        "cold_pack_massage",
        "cold_floor_barefoot",
        "needle_applicator",
        "walk_after_cramp",
        "cold_for_residual_pain",
        "reassurance",
    ),
    "topical": (
        "troxerutin_gel",
        "bee_venom_ointment",
        "comfrey_cream",
        "shark_oil_cream",
        "capsicum_turpentine_ointment",
        "glycerin_rub",
        "mustard_pepper_plaster",
        "horse_chestnut_tincture",
        "celandine_ointment",
    ),
    "physiotherapy": (
        "physiotherapy_procedures",
        "professional_massage",
        "acupressure",
        "nightly_calf_hamstring_stretching",
        "exercise_programme",
    ),
    "folk_remedy": (
        "soap_under_blanket",
        "metal_object_in_hand",
        "copper_bracelet",
        "onion_peel_tea",
        "lemon_on_heels",
        "honey_mustard_oil_vinegar_rub",
        "apple_cider_vinegar_drink",
        "herbal_sedatives",
        "herbal_teas",
    ),
    "homeopathy": ("homeopathy",),
    "surgery": ("surgery_for_underlying_cause", "varicose_vein_surgery"),
    "diet": ("mineral_rich_diet", "hydration", "limit_caffeine_alcohol"),
    "prevention": (
        "comfortable_shoes",
        "evening_foot_care",
        "healthy_weight_moderate_activity",
        "treat_underlying_cause",
        "regular_health_checks",
    ),
}
ALL_IDS = [rid for ids in NONDRUG_IDS.values() for rid in ids]
FIRST_AID = NONDRUG_IDS["first_aid"]
# Records that rub the leg: a swollen, warm calf may be a DVT and must not be massaged.
MASSAGE_IDS = ("fa_massage_kneading", "professional_massage", "cold_pack_massage", "evening_foot_care")
FIRST_AID_SECTIONS = (
    "first_aid_water",
    "first_aid_firm_ground",
    "first_aid_wall",
    "first_aid_sitting",
    "first_aid_front_thigh",
    "first_aid_gluteal",
    "first_aid_helper",
)
MAX_STEP_WORDS = 15  # read on a phone, in pain, at 3 a.m.


@cache
def records() -> dict[str, Intervention]:
    folder = DATA_DIR / "interventions"
    return {rid: Intervention.model_validate(_yaml(folder / f"{rid}.yaml")) for rid in ALL_IDS}


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def source_ids() -> frozenset[str]:
    files = [DATA_DIR / "sources.yaml", *sorted((DATA_DIR / "sources").glob("*.yaml"))]
    return frozenset(entry["id"] for path in files for entry in _yaml(path))


def _rules(record: Intervention) -> Iterator[Rule]:
    yield from record.contraindications
    yield from record.cautions
    yield from record.not_for
    yield from record.use_only_when


def _cited(record: Intervention) -> set[str]:
    cited = set(record.evidence.sources)
    cited.update(src for pop in record.evidence.by_population for src in pop.sources)
    cited.update(src for rule in _rules(record) for src in rule.sources)
    cited.update(src for inter in record.interactions for src in inter.sources)
    cited.update(src for claim in record.article_claims for src in claim.sources)
    return cited


def _triggers(rules: list[Rule]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for rule in rules:
        for trigger in rule.when:
            for field, value in trigger.model_dump(exclude_none=True).items():
                found.add((field, str(value)))
    return found


@pytest.mark.parametrize("rid", ALL_IDS)
def test_record_file_exists_with_planned_kind(rid: str) -> None:
    kind = next(kind for kind, ids in NONDRUG_IDS.items() if rid in ids)
    assert records()[rid].kind == kind
    assert records()[rid].prescription is False


@pytest.mark.parametrize("rid", FIRST_AID)
def test_first_aid_has_short_steps_muscles_and_settings(rid: str) -> None:
    record = records()[rid]
    assert record.steps and record.muscles and record.settings
    too_long = [step for step in record.steps if len(step.split()) > MAX_STEP_WORDS]
    assert too_long == []


def test_swimming_record_says_to_float_then_stretch_then_get_out() -> None:
    record = records()["fa_swimming_toe_pull"]
    assert "swimming" in record.settings
    steps = [step.lower() for step in record.steps]

    def first(word: str) -> int:
        return next(i for i, step in enumerate(steps) if word in step)

    assert first("float") < first("toes") < first("out of the water")
    assert record.evidence.unverified, "the water-safety order is [BK] in the reference"


def test_first_aid_covers_every_muscle_setting_and_article_situation() -> None:
    first_aid = [records()[rid] for rid in FIRST_AID]
    assert {m for r in first_aid for m in r.muscles} == set(MUSCLES)
    assert {s for r in first_aid for s in r.settings} == set(EPISODE_SETTINGS)
    cited_sections = {sec for r in first_aid for sec in r.article_sections}
    assert set(FIRST_AID_SECTIONS) <= cited_sections


@pytest.mark.parametrize("rid", MASSAGE_IDS)
def test_massage_is_avoided_when_the_calf_may_hold_a_clot(rid: str) -> None:
    record = records()[rid]
    triggers = _triggers(record.contraindications)
    assert {("symptom", "calf_swelling"), ("symptom", "redness_warmth")} <= triggers
    dvt_rules = [r for r in record.contraindications if any(t.symptom == "calf_swelling" for t in r.when)]
    assert all(rule.unverified for rule in dvt_rules), "the DVT massage warning is [BK] in the reference"


def test_professional_massage_carries_the_article_contraindications() -> None:
    triggers = _triggers(records()["professional_massage"].contraindications)
    for expected in ("thrombophlebitis", "bleeding_disorder", "skin_damage", "cancer"):
        assert ("condition", expected) in triggers
    assert ("symptom", "fever") in triggers


@pytest.mark.parametrize("rid", ["soap_under_blanket", "homeopathy"])
def test_placebo_remedies_are_never_self_care(rid: str) -> None:
    record = records()[rid]
    assert record.base_status.status != "self_care"
    assert record.evidence.grade in ("insufficient", "ineffective", "not_recommended")


# Issue 11 §3: remedies with no evidence at all (no trial: graded "insufficient", not "ineffective") are listed with
# what is not recommended, their reason saying they are harmless but unproven.
UNPROVEN_FOLK = ("copper_bracelet", "metal_object_in_hand", "soap_under_blanket", "lemon_on_heels", "onion_peel_tea")


@pytest.mark.parametrize("rid", UNPROVEN_FOLK)
def test_unproven_folk_remedies_are_not_recommended_as_harmless_but_unproven(rid: str) -> None:
    record = records()[rid]
    assert record.base_status.status == "not_recommended"
    assert record.evidence.grade == "insufficient"  # no trial exists: no evidence, not evidence of no effect
    assert record.base_status.reason.startswith("Harmless but unproven")


@pytest.mark.parametrize("rid", ALL_IDS)
def test_base_status_agrees_with_the_grade(rid: str) -> None:
    record = records()[rid]
    graded_against = record.evidence.grade in ("ineffective", "not_recommended")
    assert graded_against == (record.base_status.status == "not_recommended") or rid in UNPROVEN_FOLK


@pytest.mark.parametrize("rid", ALL_IDS)
def test_evidence_cites_more_than_the_article(rid: str) -> None:
    assert set(records()[rid].evidence.sources) - {"article"}


@pytest.mark.parametrize("rid", ALL_IDS)
def test_every_cited_source_exists(rid: str) -> None:
    assert _cited(records()[rid]) - source_ids() == set()


@pytest.mark.parametrize("rid", ALL_IDS)
def test_background_knowledge_is_marked_unverified(rid: str) -> None:
    record = records()[rid]
    for rule in _rules(record):
        assert rule.unverified or "reference_background" not in rule.sources, rule.reason
    for inter in record.interactions:
        assert inter.unverified or "reference_background" not in inter.sources, inter.advice
    if "reference_background" in record.evidence.sources:
        assert record.evidence.unverified


@pytest.mark.parametrize(
    ("name", "rid"),
    [
        ("Apizatron", "bee_venom_ointment"),
        ("Troxegel", "troxerutin_gel"),
        ("Троксевазин", "troxerutin_gel"),
        ("Zhivokost", "comfrey_cream"),
        ("Kapsikam", "capsicum_turpentine_ointment"),
        ("Nux vomica", "homeopathy"),
        ("valerian", "herbal_sedatives"),
    ],
)
def test_article_product_names_resolve(kb: KnowledgeBase, name: str, rid: str) -> None:
    assert resolve_intervention(kb, name).id == rid
