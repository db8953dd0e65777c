"""Russian food names and household measures (issue 15): checked against the food table, shown in lists."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from crampcare.assessment.diet import FOODS_PER_NUTRIENT
from crampcare.assessment.profile import Profile
from crampcare.knowledge.translated import CYRILLIC
from crampcare.nutrition import filters, planner, russian
from crampcare.nutrition.advice import PER_CHOICES, top_foods, top_foods_for
from crampcare.nutrition.foods import NUTRIENT_IDS, food_table
from crampcare.nutrition.limits import limits_for
from crampcare.nutrition.plan import MealPlan, plan_menu
from crampcare.nutrition.targets import targets_for


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


def test_every_food_any_list_or_menu_can_show_has_a_russian_name() -> None:
    """`foods top` (whatever --group, --exclude, --diet or basis) and meal plans show menu foods only
    (filters.menu_mask bounds them), so every menu food has its Russian name."""
    table = food_table()
    named = russian.names()
    shown = filters.menu_mask(table)
    missing = [f.ndb for f, can_show in zip(table.foods, shown, strict=True) if can_show and f.ndb not in named]
    assert missing == []


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
        ("5 cups", "5 стаканов (по 240 мл)"),
        ("3 oz", "3 унции (по 28 г)"),
        ("1 container (6 oz)", "1 упаковка (6 унций (по 28 г))"),
        ("0.25 cup (not packed)", "¼ стакана (240 мл) (без утрамбовки)"),
        ("1 miniature box (.5 oz)", "1 мини-коробочка (½ унции)"),
        # the menu table's servings: counted things with their plural forms, other words, fractions
        ("1 cookie", "1 печенье"),
        ("3 cookies", "3 печенья"),
        ("18 cookies", "18 печений"),
        ("11 pancakes", "11 оладий"),
        ("1 drumstick without skin", "1 голень без кожи"),
        ("1 unit (yield from 1 lb ready-to-cook chicken)", "1 шт. (выход из 1 фунта (454 г) потрошёной тушки курицы)"),
        ("0.5 cup condensed", "½ стакана (240 мл) концентрата"),
        ("1 cup sections, with juice", "1 стакан (240 мл) дольками, с соком"),
        ("1 cup, unthawed", "1 стакан (240 мл), в замороженном виде"),
        ("1 bar, fun size", "1 батончик, мини-размера"),
        ("0.167 box (NLEA serving)", "0,167 коробки (порция по NLEA)"),
        ("2 tbsp (1/8 cup)", "2 ст. л. (1/8 стакана (240 мл))"),
        ("1 serving 1.0 oz tube", "1 порция 1,0 унции (28 г) в тубусе"),
        ('1 waffle, round (4"dia)', '1 вафля, круглая (4" в диаметре)'),
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


@pytest.mark.parametrize("nutrient", NUTRIENT_IDS)
@pytest.mark.parametrize("per", PER_CHOICES)
def test_every_food_of_a_top_40_list_has_a_russian_name(nutrient: str, per: str) -> None:
    """`foods top NUTRIENT --per PER --limit 40`, with and without each --diet (a diet brings in other foods)."""
    names = russian.names()
    missing = {
        (ranked.food.ndb, ranked.food.name)
        for diet in (None, *filters.DIETS)
        for ranked in top_foods(nutrient, per=per, diet=diet, limit=40)
        if ranked.food.ndb not in names
    }
    assert missing == set(), missing


# People whose targets and ceilings differ (the candidate pool follows the goals and the ceilings), each at
# several energy budgets; a child needs one.
_POOL_PROFILES = [
    Profile(age_years=40),
    _CKD,
    _DIALYSIS,
    _PREGNANT,
    Profile(age_years=40, sex="male", conditions=["kidney stones"]),
    Profile(age_years=75, sex="female"),
    Profile(age_years=8),
    Profile(age_years=15, sex="male"),
]


@pytest.mark.parametrize("diet", [None, *filters.DIETS])
def test_every_food_the_planner_may_choose_has_a_russian_name(diet: str | None) -> None:
    """The planner's candidate pool (planner.candidates: what a plan can be built from), not just today's choices."""
    table = food_table()
    eligible = filters.menu_mask(table) & filters.diet_mask(table, diet)
    names = russian.names()
    missing: set[tuple[str, str]] = set()
    for person in _POOL_PROFILES:
        targets = targets_for(person.age_years, person.sex, person.pregnancy_weeks is not None, person.breastfeeding)
        for kcal in (None, 1200, 1800, 3000):
            if kcal is None and person.age_years < 18:
                continue  # a child's plan needs a budget
            limits = limits_for(person, kcal=kcal)
            problem = planner.build_problem(targets, limits, filters.menu_rules()["group_portion_cap"])
            rows = planner.candidates(table, eligible, problem)
            assert len(rows) > 0, (person, kcal)
            foods = (table.foods[row] for row in rows.tolist())
            missing |= {(food.ndb, food.name) for food in foods if food.ndb not in names}
    assert missing == set(), missing


# Latin words a Russian serving may keep: NLEA (the US labelling act), the s of Baker's, and brand names whole.
_LATIN_KEPT = {"NLEA", "Baker", "s"}
_BRANDS = ("SUGAR TWIN",)


def _english_left(label: str) -> str | None:
    """The label's Russian measure when an English word is left in it, else None."""
    shown = russian.measure(label)
    unbranded = shown
    for brand in _BRANDS:
        unbranded = unbranded.replace(brand, "")
    left = [word for word in re.findall(r"[A-Za-z]+", unbranded) if word not in _LATIN_KEPT]
    return shown if left else None


def test_a_brand_is_kept_whole_and_an_english_word_is_caught() -> None:
    assert _english_left("1 serving 1 packet SUGAR TWIN") is None
    assert _english_left("1 serving 1 packet sugar twin") == "1 порция 1 пакетик sugar twin"
    assert _english_left("2 boxes") == "2 boxes"


def test_every_serving_of_a_named_food_reads_in_russian() -> None:
    """The household measure shown beside a food (its serving) has no English word left, bar NLEA and brands."""
    by_ndb = {food.ndb: food for food in food_table().foods}
    english = {ndb: _english_left(by_ndb[ndb].serving.label) for ndb in russian.names()}
    assert {ndb: shown for ndb, shown in english.items() if shown} == {}


def test_every_serving_the_menu_table_can_show_reads_in_russian() -> None:
    """Every food a menu may show (filters.menu_mask), named in Russian yet or not: its serving reads in Russian."""
    table = food_table()
    menu = [food for food, shown in zip(table.foods, filters.menu_mask(table).tolist(), strict=True) if shown]
    assert menu
    english = {food.ndb: _english_left(food.serving.label) for food in menu}
    assert {ndb: shown for ndb, shown in english.items() if shown} == {}
