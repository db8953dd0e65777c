"""Which foods may be suggested, and which fit a diet: boolean masks over the food table.

Rules are data (`data/nutrition/menu_rules.yaml`, `data/nutrition/diets.yaml`);
words match whole words of the SR28 name, case-insensitively, after the
`except_phrases` are removed ("peanut butter" is not butter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt
import yaml

from crampcare.errors import InputError
from crampcare.nutrition.foods import Food, FoodTable

RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "nutrition"

Diet = Literal["vegetarian", "vegan", "lactose_free"]
DIETS: tuple[str, ...] = get_args(Diet)
Mask = npt.NDArray[np.bool_]

_BRAND = re.compile(r"\b[A-Z][A-Z'&.-]{2,}\b")  # SR28 writes brands in capitals: KELLOGG'S, NATURE'S PATH


def _read(name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((RULES_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), f"{name} must hold a mapping"
    return loaded


@dataclass(frozen=True)
class WordRule:
    """Groups and whole words that exclude a food, with phrases that rescue it."""

    groups: frozenset[str]
    words: re.Pattern[str] | None
    excepts: re.Pattern[str] | None

    def excludes(self, food: Food) -> bool:
        if food.group in self.groups:
            return True
        if self.words is None:
            return False
        name = self.excepts.sub(" ", food.name) if self.excepts else food.name
        return bool(self.words.search(name))


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w])", re.IGNORECASE)


def _rule(groups: list[str], words: list[str], excepts: list[str]) -> WordRule:
    return WordRule(frozenset(groups), _pattern(words), _pattern(excepts))


@cache
def menu_rules() -> dict[str, Any]:
    return _read("menu_rules.yaml")


@cache
def _not_food_rule() -> WordRule:
    rules = menu_rules()
    return _rule(rules["not_food_groups"], rules["not_food_words"], [])


@cache
def _plan_rule() -> WordRule:
    rules = menu_rules()
    return _rule(rules["plan_exclude_groups"], rules["plan_exclude_words"], rules["plan_except_phrases"])


@cache
def diet_rules(diet: str) -> tuple[WordRule, ...]:
    """The rules a diet applies (vegan includes vegetarian)."""
    data = _read("diets.yaml")
    if diet not in data:
        raise InputError(f"unknown diet {diet!r}", field="diet", valid=", ".join(DIETS))
    spec = data[diet]
    own = _rule(spec.get("exclude_groups", []), spec.get("exclude_words", []), spec.get("except_phrases", []))
    parent = spec.get("includes")
    return (*diet_rules(parent), own) if parent else (own,)


def is_suggestible(food: Food) -> bool:
    """Not a supplement, formula, baby food, spice, powder or raw flour (menu_rules.yaml)."""
    return not _not_food_rule().excludes(food)


def _cook_first(food: Food) -> bool:
    """A raw item that people eat cooked (raw beef, raw lentils, raw potatoes)."""
    if not re.search(r"\braw\b", food.name, re.IGNORECASE):
        return False
    rules = menu_rules()
    return food.group in rules["cook_first_groups"] or food.name.startswith(tuple(rules["cook_first_prefixes"]))


def _ingredient(food: Food) -> bool:
    """A dry grain or a dried vegetable: an ingredient rather than a serving."""
    rules = menu_rules()
    if food.group in rules["cooked_only_groups"] and not _words(tuple(rules["cooked_words"])).search(food.name):
        return True
    return food.group in rules["dried_not_for_groups"] and bool(re.search(r"\bdried\b", food.name, re.I))


@cache
def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    pattern = _pattern(list(words))
    assert pattern is not None
    return pattern


def is_menu_food(food: Food) -> bool:
    """Suggestible, eaten as listed, and not from a fast-food or restaurant chain (menu_rules.yaml)."""
    return is_suggestible(food) and not _plan_rule().excludes(food) and not _cook_first(food) and not _ingredient(food)


def fits_diet(food: Food, diet: str | None) -> bool:
    return diet is None or not any(rule.excludes(food) for rule in diet_rules(diet))


def excluded_by_words(food: Food, words: tuple[str, ...]) -> bool:
    """A person's own exclusions ("peanut", "shellfish"): a case-insensitive substring of the name or group."""
    text = f"{food.name} {food.group}".casefold()
    return any(word.casefold() in text for word in words if word.strip())


def menu_cost(food: Food) -> float:
    """The planner's cost per serving: the group's preference (1 = everyday) × (serving kcal / 100 + 1).

    Scaling by energy makes the day's energy come from everyday foods and keeps
    servings ordinary: a cost per serving alone would favour a few huge ones.
    """
    rules = menu_rules()
    cost = float(rules["group_cost"].get(food.group, 2.0))
    if _BRAND.search(food.name):
        cost *= float(rules["branded_cost_factor"])
    kcal = food.amount("energy", food.serving.grams) or 0.0
    return cost * (kcal / 100.0 + 0.3)


@cache
def _suggestible_mask(table: FoodTable) -> Mask:
    return np.array([is_suggestible(f) for f in table.foods], dtype=bool)


@cache
def _menu_mask(table: FoodTable) -> Mask:
    return np.array([is_menu_food(f) for f in table.foods], dtype=bool)


@cache
def _diet_mask(table: FoodTable, diet: str) -> Mask:
    return np.array([fits_diet(f, diet) for f in table.foods], dtype=bool)


def suggestible_mask(table: FoodTable) -> Mask:
    return _suggestible_mask(table)


def menu_mask(table: FoodTable) -> Mask:
    return _menu_mask(table)


def diet_mask(table: FoodTable, diet: str | None) -> Mask:
    if diet is None:
        return np.ones(len(table), dtype=bool)
    return _diet_mask(table, diet)
