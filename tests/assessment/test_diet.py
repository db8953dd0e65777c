"""Diet foods come from the nutrition core for the person's likely needs, never against their limits."""

from __future__ import annotations

from crampcare.assessment.engine import assess
from crampcare.knowledge.loader import KnowledgeBase


def _foods(kb: KnowledgeBase, profile: dict[str, object]) -> dict[str, list[str]]:
    return {f.nutrient: f.foods for f in assess(profile, kb).diet.foods}


def test_low_labs_get_foods_rich_in_that_nutrient_with_the_value(kb: KnowledgeBase) -> None:
    plan = assess({"age_years": 40, "labs": {"potassium": 3.1, "magnesium": 0.6}}, kb)
    by_nutrient = {f.nutrient: f for f in plan.diet.foods}
    assert set(by_nutrient) == {"potassium", "magnesium"}
    assert all(f.foods for f in by_nutrient.values())
    assert "3.1 mmol/L" in by_nutrient["potassium"].because


def test_no_potassium_foods_for_someone_who_must_limit_potassium(kb: KnowledgeBase) -> None:
    from crampcare.nutrition.advice import top_foods_for

    foods = _foods(kb, {"age_years": 40, "conditions": ["ckd"], "labs": {"potassium": 3.1, "magnesium": 0.6}})
    assert "potassium" not in foods and "magnesium" not in foods  # both limited with kidney disease
    older = _foods(kb, {"age_years": 75, "conditions": ["ckd"]})
    assert older["calcium"] == top_foods_for("calcium", 5, exclude_potassium_rich=True)


def test_populations_with_higher_needs(kb: KnowledgeBase) -> None:
    assert set(_foods(kb, {"age_years": 30, "sex": "female", "pregnancy_weeks": 20})) == {"magnesium"}
    assert set(_foods(kb, {"age_years": 67, "sex": "female"})) == {"calcium"}
    assert _foods(kb, {"age_years": 67, "sex": "male"}) == {}
    assert _foods(kb, {"age_years": 40}) == {}
