"""Russian food names and household measures (issue 15): checked against the food table, shown in lists."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crampcare.assessment.diet import FOODS_PER_NUTRIENT
from crampcare.assessment.profile import Profile
from crampcare.knowledge.translated import CYRILLIC
from crampcare.nutrition import planner, russian
from crampcare.nutrition.advice import top_foods, top_foods_for
from crampcare.nutrition.foods import NUTRIENT_IDS, food_table
from crampcare.nutrition.plan import MealPlan, plan_menu


def test_every_russian_name_belongs_to_a_food_and_is_russian() -> None:
    known = {food.ndb for food in food_table().foods}
    for ndb, name in russian.names().items():
        assert ndb in known, ndb
        assert CYRILLIC.search(name), (ndb, name)


@pytest.mark.parametrize("per", ["100g", "serving"])
def test_the_magnesium_top_40_reads_in_russian(per: str) -> None:
    for ranked in top_foods("magnesium", per=per, limit=40):
        name = russian.food_name(ranked.food)
        assert CYRILLIC.search(name), (ranked.food.ndb, ranked.food.name)


def test_a_food_without_a_russian_name_keeps_its_english_one() -> None:
    food = next(f for f in food_table().foods if f.ndb not in russian.names())
    assert russian.food_name(food) == food.name


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("1 cup", "1 стакан (240 мл)"),
        ("0.5 cup (1 NLEA serving)", "½ стакана (240 мл) (1 порция по NLEA)"),
        ("2 tbsp", "2 ст. л."),
        ("1 oz (22 whole kernels)", "1 унция (28 г) (22 шт.)"),
        ("1 tbsp, whole", "1 ст. л., цельные"),
        ("1.5 cup", "1,5 стакана (240 мл)"),
        ("5 cups", "5 стаканов (240 мл)"),
        ("3 oz", "3 унции (28 г)"),
    ],
)
def test_household_measures_in_russian(label: str, expected: str) -> None:
    assert russian.measure(label) == expected


_CKD = Profile(age_years=68, conditions=["CKD"], medications=["ramipril"], labs={"egfr": 38})
_DIALYSIS = Profile(age_years=60, conditions=["dialysis"])
_PREGNANT = Profile(age_years=28, sex="female", pregnancy_weeks=20)
# The profiles of benchmarks/bench_nutrition.py and of the nutrition tests, with and without a potassium ceiling,
# one day and seven.
_PLANS: dict[str, Callable[[], MealPlan]] = {
    "healthy": lambda: plan_menu(),
    "ckd": lambda: plan_menu(_CKD, kcal=1800),
    "dialysis": lambda: plan_menu(_DIALYSIS),
    "vegan": lambda: plan_menu(diet="vegan", kcal=1800),
    "pregnancy": lambda: plan_menu(_PREGNANT),
    "kidney stones": lambda: plan_menu(Profile(age_years=40, sex="male", conditions=["kidney stones"])),
    "seven days": lambda: plan_menu(days=7),
    "ckd, seven days": lambda: plan_menu(_CKD, kcal=1800, days=7),
}


@pytest.mark.parametrize("who", list(_PLANS))
def test_every_food_a_plan_chooses_has_a_russian_name(who: str) -> None:
    planner.forget_starts()
    plan = _PLANS[who]()
    planner.forget_starts()
    names = russian.names()
    missing = {(item.ndb, item.name) for day in plan.days for item in day.items if item.ndb not in names}
    assert missing == set(), missing


@pytest.mark.parametrize("nutrient", NUTRIENT_IDS)
def test_every_food_the_diet_advice_names_has_a_russian_name(nutrient: str) -> None:
    by_name = {food.name: food.ndb for food in food_table().foods}
    names = russian.names()
    for limited in (False, True):
        foods = top_foods_for(nutrient, FOODS_PER_NUTRIENT, exclude_potassium_rich=limited)
        assert [name for name in foods if by_name[name] not in names] == [], (nutrient, limited)
