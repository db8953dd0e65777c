"""Russian food names and household measures (issue 15): checked against the food table, shown in lists."""

from __future__ import annotations

import pytest

from crampcare.knowledge.translated import CYRILLIC
from crampcare.nutrition import russian
from crampcare.nutrition.advice import top_foods
from crampcare.nutrition.foods import food_table


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
