"""The engine's behaviour beyond the scenarios: contract, determinism, facts, ordering, laziness."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import crampcare
from crampcare.assessment.engine import assess
from crampcare.assessment.facts import derive, lifestyle_flags, populations
from crampcare.assessment.profile import Profile
from crampcare.assessment.quick import first_aid as quick_first_aid
from crampcare.errors import InputError, UnknownNameError
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.vocab import GRADES, STATUS_SEVERITY

TYPICAL = {
    "age_years": 67,
    "sex": "female",
    "conditions": ["diabetes"],
    "medications": ["Lasix", "atorvastatin"],
    "labs": {"potassium": 3.4, "egfr": 55},
    "episode": {"muscle": "calf", "setting": "bed_night", "duration_minutes": 3, "pain": 7},
    "pattern": {"episodes_per_week": 3, "weeks": 6, "mostly_at_night": True},
    "lifestyle": {"caffeine_cups_per_day": 2, "water_litres_per_day": 1.2},
}


def test_package_exports_assess_lazily() -> None:
    code = "import sys, crampcare; assert 'crampcare.assessment.engine' not in sys.modules; crampcare.assess"
    subprocess.run([sys.executable, "-c", code], check=True)
    assert crampcare.assess is assess


def test_plan_lists_every_intervention_once_in_the_documented_order(kb: KnowledgeBase) -> None:
    plan = assess(TYPICAL, kb)
    assert sorted(o.id for o in plan.options) == sorted(kb.interventions)
    keys = [(STATUS_SEVERITY[o.status], GRADES.index(o.evidence.grade), o.name.casefold()) for o in plan.options]
    assert keys == sorted(keys)
    assert plan.options[0].status == "self_care"
    assert plan.knowledge_version == kb.version


def test_same_input_gives_byte_identical_json(kb: KnowledgeBase) -> None:
    first = assess(TYPICAL, kb).model_dump_json()
    assert all(assess(json.loads(json.dumps(TYPICAL)), kb).model_dump_json() == first for _ in range(3))


def test_accepts_a_profile_model_as_well_as_a_dict(kb: KnowledgeBase) -> None:
    assert assess(Profile.model_validate(TYPICAL), kb) == assess(TYPICAL, kb)


def test_medicines_resolve_by_brand_to_classes(kb: KnowledgeBase) -> None:
    facts = derive(kb, Profile.model_validate(TYPICAL))
    assert "furosemide" in facts.inns
    assert {"loop_diuretics", "diuretics", "statins"} <= facts.classes
    assert facts.unknown_medications == ()


def test_conditions_include_what_they_imply(kb: KnowledgeBase) -> None:
    facts = derive(kb, Profile(age_years=50, conditions=["dialysis"]))
    assert {"dialysis", "kidney_failure", "ckd"} <= facts.conditions


def test_unknown_condition_names_the_field_and_close_matches(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownNameError) as caught:
        assess({"age_years": 40, "conditions": ["epilepsy", "glaucomma"]}, kb)
    assert caught.value.field == "conditions[1]"
    assert "glaucoma" in caught.value.one_line().casefold()


def test_unknown_medication_is_a_warning_not_an_error(kb: KnowledgeBase) -> None:
    plan = assess({"age_years": 40, "medications": ["Qwxzyplor"]}, kb)
    assert any(w.startswith("not checked: Qwxzyplor") for w in plan.warnings)


@pytest.mark.parametrize(
    ("age", "pregnant", "expected"),
    [
        (0.5, False, {"child", "infant"}),
        (12, False, {"child"}),
        (30, True, {"pregnancy"}),
        (65, False, {"older_adult"}),
    ],
)
def test_populations(age: float, pregnant: bool, expected: set[str]) -> None:
    profile = Profile(age_years=age, pregnancy_weeks=20 if pregnant else None)
    assert populations(profile) == expected


def test_lifestyle_thresholds_come_from_data() -> None:
    profile = Profile.model_validate(
        {
            "age_years": 40,
            "lifestyle": {"caffeine_cups_per_day": 4, "alcohol_units_per_week": 14.5, "water_litres_per_day": 1},
        }
    )
    assert lifestyle_flags(profile) == {"caffeine_high", "alcohol_high", "low_water"}
    relaxed = Profile.model_validate(
        {
            "age_years": 40,
            "lifestyle": {"caffeine_cups_per_day": 3, "alcohol_units_per_week": 14, "water_litres_per_day": 2},
        }
    )
    assert lifestyle_flags(relaxed) == set()


def test_reasons_for_the_final_status_come_first(kb: KnowledgeBase) -> None:
    plan = assess({"age_years": 30, "sex": "female", "pregnancy_weeks": 20}, kb)
    baclofen = next(o for o in plan.options if o.id == "baclofen")
    assert baclofen.status == "avoid"
    assert baclofen.reasons[0].startswith("Because of pregnancy (week 20)")


def test_first_aid_fast_path_orders_like_the_engine(kb: KnowledgeBase) -> None:
    from crampcare.knowledge.vocab import EPISODE_SETTINGS, MUSCLES

    for muscle in MUSCLES:
        for setting in (*EPISODE_SETTINGS, None):
            for helper in (False, True):
                episode = {"muscle": muscle, "setting": setting, "helper": helper}
                plan = assess({"age_years": 40, "episode": episode}, kb)
                quick = quick_first_aid(muscle, setting, helper)
                assert [(a.id, a.steps, a.reasons) for a in quick] == [
                    (a.id, a.steps, a.reasons) for a in plan.first_aid
                ], episode


def test_not_a_mapping_is_an_input_error(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="JSON object"):
        assess([1, 2], kb)  # type: ignore[arg-type]


def test_an_implied_condition_names_only_the_condition_that_implies_it() -> None:
    from crampcare import assess

    plan = assess({"age_years": 60, "conditions": ["CKD stage 4", "diabetes"]})
    reasons = [r for option in plan.options for r in option.reasons] + [
        b for factor in plan.contributing_factors for b in factor.because
    ]
    implied = [r for r in reasons if "which counts as Chronic kidney disease" in r]
    assert implied, "the CKD stage 4 → chronic kidney disease link should be explained"
    assert not [r for r in implied if "diabetes" in r.split("(which counts as")[0]]
    assert not [r for r in reasons if r.count("because you have CKD stage 4") > 1]


def test_a_childs_safety_net_names_the_childs_warning_signs(kb: KnowledgeBase) -> None:
    night = {"muscle": "calf", "setting": "bed_night", "duration_minutes": 2}  # night: growing-pains pattern
    child = assess({"age_years": 7, "episode": night}, kb)
    adult = assess({"age_years": 40, "episode": night}, kb)
    assert "limp" in child.triage.safety_net and "10 minutes" not in child.triage.safety_net
    assert "10 minutes" in adult.triage.safety_net and "limp" not in adult.triage.safety_net


def test_foods_for_a_nutrient_the_person_must_limit_are_never_listed(kb: KnowledgeBase) -> None:
    older = {"age_years": 80, "sex": "female"}
    assert "calcium" in [f.nutrient for f in assess(older, kb).diet.foods]  # the older woman's higher need
    high = assess({**older, "labs": {"calcium": 2.8}}, kb)
    assert "calcium" not in [f.nutrient for f in high.diet.foods]


def test_only_an_allergy_matching_no_medicine_at_all_is_warned_about(kb: KnowledgeBase) -> None:
    warnings = assess({"age_years": 40, "allergies": ["penicillin", "Nurofen", "baclofen", "quinin"]}, kb).warnings
    flagged = [w for w in warnings if w.startswith("allergy not recognised")]
    assert len(flagged) == 1 and "quinin" in flagged[0]


def test_the_profile_schema_says_what_an_empty_name_check_enforces() -> None:
    import re

    schema = Profile.model_json_schema()
    for field in ("conditions", "medications", "allergies"):
        pattern = schema["properties"][field]["items"]["pattern"]
        assert re.search(pattern, "baclofen") and not re.search(pattern, "  ")


def test_a_child_keeps_the_ten_minute_rule_in_the_safety_net_by_day(kb: KnowledgeBase) -> None:
    sport = assess({"age_years": 16, "episode": {"muscle": "calf", "setting": "exercise", "duration_minutes": 2}}, kb)
    assert "10 minutes" in sport.triage.safety_net and "limp" not in sport.triage.safety_net
