"""Who a plan is for: babies refused, children need a stated energy budget, an assumed adult is said so."""

from __future__ import annotations

import pytest

from crampcare.assessment.profile import Profile
from crampcare.errors import InputError, UnknownNameError
from crampcare.nutrition.advice import top_foods
from crampcare.nutrition.plan import plan_menu
from crampcare.nutrition.search import find_food


@pytest.mark.parametrize("age", [0, 0.5, 0.99])
def test_babies_get_no_menu_and_the_error_names_age_years(age: float) -> None:
    with pytest.raises(InputError) as caught:
        plan_menu(Profile(age_years=age), kcal=1000)
    assert caught.value.field == "age_years" and caught.value.valid == "1-120 years"
    assert "under 1 year" in caught.value.message


@pytest.mark.parametrize("age", [1, 2, 10, 17.9])
def test_a_child_without_kcal_is_refused_the_adult_default(age: float) -> None:
    with pytest.raises(InputError) as caught:
        plan_menu(Profile(age_years=age))
    message = caught.value.message
    assert caught.value.field == "kcal"
    assert "2,000 kcal default is the adult food-label reference" in message and "doctor or dietitian" in message


def test_a_child_with_kcal_gets_the_child_dris_and_sodium_cdrr() -> None:
    plan = plan_menu(Profile(age_years=6), kcal=1400)
    targets = {t.nutrient: t for t in plan.targets}
    assert (targets["magnesium"].amount, targets["calcium"].amount, targets["potassium"].amount) == (130, 1000, 2300)
    sodium = next(limit for limit in plan.limits if limit.nutrient == "sodium")
    assert sodium.max == 1500  # the 4-8 y CDRR, not the adult 2,300 mg
    assert all(day.totals["sodium"] <= 1500 for day in plan.days)
    assert plan.assumed is None and "child's doctor or dietitian" in plan.notes[0]


def test_an_adult_profile_keeps_the_default_budget_without_notes() -> None:
    plan = plan_menu(Profile(age_years=18, sex="female"))
    assert plan.assumed is None and plan.notes == []
    assert next(limit for limit in plan.limits if limit.nutrient == "energy").max == 2000


def test_no_profile_says_whose_targets_are_used() -> None:
    plan = plan_menu()
    assert plan.assumed is not None
    assert "no profile given" in plan.assumed and "40-year-old" in plan.assumed
    assert "higher of the male and female values" in plan.assumed
    # …and that is what the lookup did: the male magnesium RDA (420 mg at 31-50 y) is the higher one.
    assert next(t for t in plan.targets if t.nutrient == "magnesium").amount == 420


def test_excluding_every_food_is_an_error_naming_exclude() -> None:
    with pytest.raises(InputError) as caught:
        top_foods("magnesium", exclude=("a", "e", "i", "o", "u"))
    assert caught.value.field == "--exclude" and "no foods are left" in caught.value.message


def test_a_misspelt_food_suggests_the_plain_food() -> None:
    with pytest.raises(UnknownNameError) as caught:
        find_food("spinich")
    assert caught.value.suggestions[0] == "Spinach, raw"


def test_an_unknown_food_without_suggestions_still_shows_valid_input() -> None:
    with pytest.raises(UnknownNameError) as caught:
        find_food("zzz")
    assert caught.value.suggestions == []
    assert caught.value.valid is not None and "11457" in caught.value.valid
