"""Menu realism (kinds of food, everyday foods), the food-table cache, the whole-table masks and the CKD
magnesium caution."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from crampcare.assessment.profile import Profile
from crampcare.nutrition import filters
from crampcare.nutrition.foods import CACHE_DIR_ENV, FOODS_CSV, food_table, load_table
from crampcare.nutrition.limits import limits_for
from crampcare.nutrition.menu import kind_of, preference
from crampcare.nutrition.plan import plan_menu

UNCOMMON_LEGUMES = ("mothbean", "hyacinth", "yardlong", "winged", "catjang", "lupin", "pigeon")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Soymilk (all flavors), unsweetened, with added calcium", "Soymilk, original and vanilla, unfortified"),
        ("Soymilk, original and vanilla, unfortified", "Milk, fluid, nonfat, calcium fortified (fat free or skim)"),
        ("Spinach, raw", "Spinach, cooked, boiled, drained, without salt"),
        ("Beans, white, mature seeds, cooked, boiled, without salt", "Yardlong beans, mature seeds, cooked, boiled"),
        ("Nuts, almonds", "Nuts, almonds, dry roasted, without salt added"),
    ],
)
def test_names_of_one_kind_share_a_kind(first: str, second: str) -> None:
    assert kind_of(first) == kind_of(second)


def test_different_foods_are_different_kinds() -> None:
    assert kind_of("Nuts, almonds") != kind_of("Nuts, walnuts, english")
    assert kind_of("Spinach, raw") != kind_of("Broccoli, raw")


def test_uncommon_varieties_cost_more_than_everyday_ones() -> None:
    group = "Legumes and Legume Products"
    kidney = preference("Beans, kidney, all types, mature seeds, cooked, boiled, without salt", group)
    assert preference("Mothbeans, mature seeds, cooked, boiled, without salt", group) > 2 * kidney


@pytest.fixture(scope="module")
def three_days() -> list[list[str]]:
    plan = plan_menu(Profile(age_years=35, sex="female"), days=3)
    return [[item.name for item in day.items] for day in plan.days]


def test_no_two_items_of_one_kind_in_a_day(three_days: list[list[str]]) -> None:
    for names in three_days:
        kinds = [kind_of(name) for name in names]
        assert len(kinds) == len(set(kinds)), names


def test_healthy_adult_menu_has_no_uncommon_legumes(three_days: list[list[str]]) -> None:
    for names in three_days:
        assert not [n for n in names if any(word in n.casefold() for word in UNCOMMON_LEGUMES)], names


def test_whole_table_masks_match_the_per_food_rules() -> None:
    table = food_table()
    foods = list(table.foods)
    assert np.array_equal(filters.menu_mask(table), [filters.is_menu_food(f) for f in foods])
    assert np.array_equal(filters.suggestible_mask(table), [filters.is_suggestible(f) for f in foods])
    for diet in filters.DIETS:
        assert np.array_equal(filters.diet_mask(table, diet), [filters.fits_diet(f, diet) for f in foods])


def _small_csv(folder: Path, magnesium: str) -> Path:
    """The shipped CSV's first food alone, with its magnesium set to `magnesium`."""
    with FOODS_CSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        row = next(reader) | {"magnesium_mg": magnesium}
        fields = list(reader.fieldnames or [])
    path = folder / "foods.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerow(row)
    return path


def test_cache_follows_the_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    path = _small_csv(tmp_path, "2")
    first = load_table(path)
    assert first.foods[0].per_100g["magnesium"] == 2.0
    assert len(list((tmp_path / "cache").glob("foods-*.npz"))) == 1
    assert load_table(path).foods[0] == first.foods[0]  # read back from the cache
    path = _small_csv(tmp_path, "7")  # an edited CSV must not meet the old cache
    assert load_table(path).foods[0].per_100g["magnesium"] == 7.0


def test_broken_cache_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    path = _small_csv(tmp_path, "5")
    load_table(path)
    for cached in tmp_path.glob("foods-*.npz"):
        cached.write_bytes(b"not a zip file")
    assert load_table(path).foods[0].per_100g["magnesium"] == 5.0


def test_cached_and_parsed_tables_agree() -> None:
    cached, parsed = food_table(), load_table(use_cache=False)
    assert np.array_equal(cached.values, parsed.values, equal_nan=True)
    assert cached.foods[1234] == parsed.foods[1234] and cached.foods[-1] == parsed.foods[-1]


@pytest.mark.parametrize(
    "profile",
    [
        Profile(age_years=70, conditions=["chronic kidney disease"], labs={"egfr": 25}),
        Profile(age_years=60, conditions=["dialysis"]),
    ],
)
def test_no_magnesium_supplements_with_egfr_below_30_or_dialysis(profile: Profile) -> None:
    limit = next(item for item in limits_for(profile) if item.nutrient == "magnesium")
    assert limit.avoid_supplements and limit.max is None
    assert "ods_magnesium_fs" in limit.sources and "clinician" in limit.reason


def test_ckd_stage_3_gets_no_magnesium_caution() -> None:
    profile = Profile(age_years=70, conditions=["chronic kidney disease"], labs={"egfr": 50})
    assert not any(item.nutrient == "magnesium" for item in limits_for(profile))
