"""The food table (USDA SR28, public domain) loaded once, with nutrient names and servings.

`data/foods.csv` is built by `scripts/build_foods.py` from the SR28 files; the
runtime reads only that table. Values are per 100 g of edible portion; an empty
cell is "no SR28 value", kept as NaN (never silently zero) so a ceiling is never
checked against an unknown.

A food's *serving* is one SR28 household measure chosen so that menus use
portions people eat: the first measure (in SR28's order) weighing 20-400 g and
giving at most 250 kcal; failing that, the largest measure of at least 5 g
within 250 kcal (a tablespoon of oil); failing that, 100 g.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from crampcare.errors import InputError
from crampcare.knowledge.lookup import normalise

FOODS_CSV = Path(__file__).resolve().parent.parent / "data" / "foods.csv"


@dataclass(frozen=True)
class Nutrient:
    id: str
    label: str
    unit: str
    column: str  # column in foods.csv
    aliases: tuple[str, ...]


NUTRIENTS: tuple[Nutrient, ...] = (
    Nutrient("energy", "Energy", "kcal", "energy_kcal", ("kcal", "calories", "energy")),
    Nutrient("magnesium", "Magnesium", "mg", "magnesium_mg", ("mg", "magnesium")),
    Nutrient("potassium", "Potassium", "mg", "potassium_mg", ("k", "potassium")),
    Nutrient("calcium", "Calcium", "mg", "calcium_mg", ("ca", "calcium")),
    Nutrient("sodium", "Sodium", "mg", "sodium_mg", ("na", "sodium", "salt")),
    Nutrient("phosphorus", "Phosphorus", "mg", "phosphorus_mg", ("p", "phosphorus", "phosphate")),
    Nutrient("thiamin", "Thiamin (B1)", "mg", "thiamin_mg", ("b1", "vitaminb1", "thiamine", "thiamin")),
    Nutrient("vitamin_b6", "Vitamin B6", "mg", "vitamin_b6_mg", ("b6", "vitaminb6", "pyridoxine")),
    Nutrient("vitamin_b12", "Vitamin B12", "µg", "vitamin_b12_ug", ("b12", "vitaminb12", "cobalamin")),
    Nutrient("niacin", "Niacin (B3)", "mg", "niacin_mg", ("b3", "vitaminb3", "niacin", "nicotinicacid")),
    Nutrient("vitamin_d", "Vitamin D", "µg", "vitamin_d_ug", ("d", "vitamind", "vitd", "calciferol")),
)
NUTRIENT_IDS: tuple[str, ...] = tuple(n.id for n in NUTRIENTS)
COLUMN = {n.id: i for i, n in enumerate(NUTRIENTS)}  # nutrient id → column of FoodTable.values
BY_ID = {n.id: n for n in NUTRIENTS}

SERVING_MIN_G, SERVING_MAX_G, SERVING_MAX_KCAL, MEASURE_MIN_G = 20.0, 400.0, 250.0, 5.0


def nutrient(name: str) -> Nutrient:
    """The nutrient a person names ("Mg", "magnesium", "vitamin D", "B6"); InputError otherwise."""
    key = normalise(name)
    for item in NUTRIENTS:
        if key == normalise(item.id) or key in item.aliases:
            return item
    raise InputError(f"unknown nutrient {name!r}", field="NUTRIENT", valid=", ".join(NUTRIENT_IDS))


@dataclass(frozen=True)
class Portion:
    label: str  # SR28 household measure, e.g. "1 cup, chopped"
    grams: float


@dataclass(frozen=True)
class Food:
    ndb: str
    name: str
    group: str
    per_100g: dict[str, float | None]
    portions: tuple[Portion, ...]
    serving: Portion = field(compare=False)

    def amount(self, nutrient_id: str, grams: float) -> float | None:
        value = self.per_100g[nutrient_id]
        return None if value is None else value * grams / 100.0


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: masks are cached per table
class FoodTable:
    """All foods plus a (foods × nutrients) matrix per 100 g (NaN = unknown) for fast vector work."""

    foods: tuple[Food, ...]
    values: npt.NDArray[np.float64]
    serving_grams: npt.NDArray[np.float64]
    by_ndb: dict[str, int]

    def __len__(self) -> int:
        return len(self.foods)


def _parse_portions(cell: str) -> tuple[Portion, ...]:
    out = []
    for item in filter(None, cell.split("|")):
        label, _, grams = item.rpartition(";")
        out.append(Portion(label, float(grams)))
    return tuple(out)


def choose_serving(portions: tuple[Portion, ...], kcal_per_100g: float | None) -> Portion:
    """The household measure a menu uses for this food (rule in the module docstring)."""
    kcal = kcal_per_100g or 0.0

    def within_energy(p: Portion) -> bool:
        return p.grams * kcal / 100.0 <= SERVING_MAX_KCAL

    for p in portions:
        if SERVING_MIN_G <= p.grams <= SERVING_MAX_G and within_energy(p):
            return p
    small = [p for p in portions if p.grams >= MEASURE_MIN_G and within_energy(p)]
    if small:
        return max(small, key=lambda p: p.grams)
    if portions:  # only spoon-sized measures (a teaspoon of a spice): the smallest is the honest serving
        return min(portions, key=lambda p: p.grams)
    return Portion("100 g", 100.0)


def _number(cell: str) -> float | None:
    return float(cell) if cell else None


def _food(row: dict[str, str]) -> Food:
    per_100g = {n.id: _number(row[n.column]) for n in NUTRIENTS}
    portions = _parse_portions(row["portions"])
    return Food(
        ndb=row["ndb"],
        name=row["name"],
        group=row["group"],
        per_100g=per_100g,
        portions=portions,
        serving=choose_serving(portions, per_100g["energy"]),
    )


def load_table(path: Path = FOODS_CSV) -> FoodTable:
    with path.open(encoding="utf-8", newline="") as handle:
        foods = tuple(_food(row) for row in csv.DictReader(handle))
    values = np.array(
        [[np.nan if f.per_100g[n] is None else f.per_100g[n] for n in NUTRIENT_IDS] for f in foods], dtype=np.float64
    )
    grams = np.array([f.serving.grams for f in foods], dtype=np.float64)
    return FoodTable(foods=foods, values=values, serving_grams=grams, by_ndb={f.ndb: i for i, f in enumerate(foods)})


@cache
def food_table() -> FoodTable:
    """The shipped table, loaded once per process."""
    return load_table()
