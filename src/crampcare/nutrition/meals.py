"""The shape of a day: breakfast, lunch, dinner and a snack, each with rules by menu role.

Rules are data in `data/nutrition/menu_rules.yaml` (`slots`, `starch_roles`,
`daily_minimums`, `portion_grams`); they are an editorial convention for a
plausible day, not a clinical claim (the minimum portions of vegetables and fruit
are DERIVED from the common "5 a day" idea; the seed article only says to eat more
green leafy vegetables, fruit, dairy, fish, nuts and seeds).

The planner's variables are *placements*: servings of one candidate food at one
meal, for every meal that allows the food's role (portions.py). This module lays
them out and writes the meal rules as linear rows over them:
- each requirement: min ≤ portions of its roles at that meal ≤ max;
- at most one portion of a starch (cereal, bread, grain, potato) at any meal;
- at most one item of a role at a meal (its servings within one item's allowance), vegetables excepted;
- at most `max_portions` servings at a meal, and its `kcal_share` of the energy budget;
- at most `max_item_g` grams of one item at a meal (the placement's upper bound);
- each daily minimum: Σ servings × min(serving grams / portion grams, 1) ≥ portions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, reduce
from typing import Any

import numpy as np
import numpy.typing as npt

from crampcare import i18n
from crampcare.i18n import _, ngettext
from crampcare.nutrition.filters import menu_rules
from crampcare.nutrition.foods import FoodTable

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Requirement:
    roles: frozenset[str]
    min: int
    max: int | None
    what: str


@dataclass(frozen=True)
class Slot:
    id: str
    label: str
    allow: dict[str, int]  # role → most servings of one item at this meal
    require: tuple[Requirement, ...]
    max_portions: int
    kcal_share: tuple[float, float]  # the meal's part of the day's energy budget
    translations: dict[str, str] = field(default_factory=dict)  # language → the meal's name (data's `ru: label`)

    def shown(self) -> str:
        """The meal's name in the active language (English where the data gives none)."""
        return self.translations.get(i18n.current(), self.label)


@dataclass(frozen=True)
class DailyMinimum:
    name: str
    roles: frozenset[str]
    portions: float
    translations: dict[str, str] = field(default_factory=dict)  # language → what is counted (`ru: name`)

    def shown(self) -> str:
        return self.translations.get(i18n.current(), self.name)


@dataclass(frozen=True)
class MealRules:
    slots: tuple[Slot, ...]
    starch_roles: frozenset[str]
    minimums: tuple[DailyMinimum, ...]
    portion_grams: dict[str, float]
    max_item_g: float  # grams of one item at one meal
    several_per_meal: frozenset[str]  # roles that may have more than one item at a meal

    def summary(self) -> str:
        """One line for error messages: what every day must hold."""
        from crampcare.nutrition.wording import figure

        counted = [
            ngettext("%(number)s %(name)s portions", "%(number)s %(name)s portions", m.portions)
            % {"number": figure(m.portions, "g"), "name": m.shown()}
            for m in self.minimums
        ]
        mins = reduce(lambda one, other: _("%(one)s and %(other)s") % {"one": one, "other": other}, counted)
        meals = ", ".join(s.shown().lower() for s in self.slots)
        return _("%(meals)s and at least %(minimums)s a day") % {"meals": meals, "minimums": mins}


def _translations(record: dict[str, Any], key: str) -> dict[str, str]:
    """Language → the record's `key` text, from its blocks named by language code (`ru: {label: Завтрак}`)."""
    return {lang: str(record[lang][key]) for lang in i18n.LANGUAGES if key in record.get(lang, {})}


@cache
def meal_rules() -> MealRules:
    data = menu_rules()
    slots = tuple(
        Slot(
            id=str(s["id"]),
            label=str(s["label"]),
            allow={str(k): int(v) for k, v in s["allow"].items()},
            require=tuple(
                Requirement(frozenset(r["roles"]), int(r.get("min", 0)), r.get("max"), str(r["what"]))
                for r in s.get("require", [])
            ),
            max_portions=int(s["max_portions"]),
            kcal_share=(float(s["kcal_share"][0]), float(s["kcal_share"][1])),
            translations=_translations(s, "label"),
        )
        for s in data["slots"]
    )
    minimums = tuple(
        DailyMinimum(str(m["name"]), frozenset(m["roles"]), float(m["portions"]), _translations(m, "name"))
        for m in data["daily_minimums"]
    )
    grams = {str(k): float(v) for k, v in data["portion_grams"].items()}
    several = frozenset(data["several_per_meal"])
    return MealRules(slots, frozenset(data["starch_roles"]), minimums, grams, float(data["max_item_g"]), several)


def menu_roles() -> frozenset[str]:
    """Roles some meal allows: foods of any other role never reach the planner."""
    return frozenset(role for slot in meal_rules().slots for role in slot.allow)


@dataclass(frozen=True)
class Layout:
    """Placements (food at a meal) over the candidate rows."""

    rows: Index  # candidate rows of the food table
    food: Index  # per placement: position in `rows`
    slot: Index  # per placement: position in meal_rules().slots
    upper: Array  # per placement: most servings

    def __len__(self) -> int:
        return len(self.food)


def layout(table: FoodTable, rows: Index, rules: MealRules) -> Layout:
    food, slot, upper = [], [], []
    for i, row in enumerate(rows.tolist()):
        role = table.roles[row]
        most = max(1, int(rules.max_item_g // table.serving_grams[row]))  # servings within max_item_g
        for s, meal in enumerate(rules.slots):
            if role in meal.allow:
                food.append(i)
                slot.append(s)
                upper.append(min(meal.allow[role], most))
    return Layout(rows, np.array(food, dtype=np.intp), np.array(slot, dtype=np.intp), np.array(upper, dtype=np.float64))


def _roles(table: FoodTable, plan: Layout) -> npt.NDArray[np.str_]:
    return np.array([table.roles[r] for r in plan.rows[plan.food].tolist()], dtype=str)


def meal_rows(
    table: FoodTable, plan: Layout, rules: MealRules, kcal: Array, budget: float
) -> tuple[Array, Array, Array]:
    """(matrix over placements, lower, upper) for every per-meal rule; `kcal` per serving of each placement."""
    roles = _roles(table, plan)
    starch = np.isin(roles, list(rules.starch_roles))
    matrix, lower, upper = [], [], []
    for s, meal in enumerate(rules.slots):
        here = plan.slot == s
        matrix.append(np.where(here, kcal, 0.0))
        lower.append(meal.kcal_share[0] * budget)
        upper.append(meal.kcal_share[1] * budget)
        for need in meal.require:
            matrix.append(here & np.isin(roles, list(need.roles)))
            lower.append(need.min)
            upper.append(np.inf if need.max is None else need.max)
        matrix.append(here & starch)
        lower.append(0)
        upper.append(1)
        for role, most in meal.allow.items():  # one item of a role: its servings stay within one item's allowance
            if role not in rules.several_per_meal:
                matrix.append(here & (roles == role))
                lower.append(0)
                upper.append(most)
        matrix.append(here)
        lower.append(0)
        upper.append(meal.max_portions)
    return np.array(matrix, dtype=np.float64), np.array(lower, dtype=float), np.array(upper, dtype=float)


def portion_weights(table: FoodTable, plan: Layout, rules: MealRules) -> tuple[Array, Array]:
    """(matrix over placements, minimum) for the daily minimum portions (module docstring)."""
    roles = _roles(table, plan)
    grams = table.serving_grams[plan.rows[plan.food]]
    per_gram = np.array([rules.portion_grams.get(r, np.inf) for r in roles.tolist()])
    weight = np.minimum(grams / per_gram, 1.0)
    matrix = np.array([np.where(np.isin(roles, list(m.roles)), weight, 0.0) for m in rules.minimums])
    return matrix.reshape(len(rules.minimums), len(plan)), np.array([m.portions for m in rules.minimums])


def portions_of(role: str, grams: float, servings: int) -> float:
    """Portions (for the daily minimums) that `servings` servings of `grams` grams of this role count as."""
    per = meal_rules().portion_grams.get(role)
    return 0.0 if per is None else servings * min(grams / per, 1.0)
