"""What makes a menu look like food a person eats: kinds of food, and a cost that prefers everyday foods.

Both rules are data in `data/nutrition/menu_rules.yaml` (an editorial choice, not
a clinical claim):

- *Kind*: "Spinach, raw" and "Spinach, cooked" are one kind, and so are "Soymilk
  (all flavors), unsweetened" and "Soymilk, original" (and milk). A day's menu
  holds at most one item of each kind. The kind is the name's first comma-separated
  part, without parentheses, lower-case, each word singular; for a generic first
  part ("Beverages", "Nuts", "Fish" …) the second part; when the last word is a
  head noun ("beans", "milk", "juice") that word alone; finally an alias
  ("soymilk" → "milk").
- *Cost* per serving: the group's preference × 1.5 for a brand in capitals ×
  `not_everyday_factor` unless the kind is on the everyday list × each matching
  `cost_words` factor (sweetened, in syrup, uncommon varieties such as moth beans; for vegetables also
  `vegetable_cost_words`, which favour the green leafy vegetables the seed article names),
  times (serving kcal / 100 + 0.3) so the day's energy comes from everyday foods.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from crampcare.nutrition.filters import RULES_DIR, menu_rules
from crampcare.nutrition.foods import COLUMN, FoodTable, derived_arrays

_PARENS = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_BRAND = re.compile(r"\b[A-Z][A-Z'&.-]{2,}\b")  # SR28 writes brands in capitals: KELLOGG'S, NATURE'S PATH


def singular(word: str) -> str:
    """A plain English singular, good enough to match "beans"/"bean", "cherries"/"cherry", "peaches"/"peach"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _part_words(part: str) -> list[str]:
    return [singular(w) for w in _WORD.findall(_PARENS.sub(" ", part).casefold())]


def kind_of(name: str) -> str:
    """The kind of food a name denotes (rule in the module docstring)."""
    rules = _kind_rules()
    parts = [words for part in name.split(",") if (words := _part_words(part))]
    if not parts:
        return name.casefold()
    words = parts[0]
    if " ".join(words) in rules["generic_parts"] and len(parts) > 1:
        words = parts[1]
    kind = words[-1] if words[-1] in rules["head_nouns"] else " ".join(words)
    return str(rules["aliases"].get(kind, kind))


@cache
def _kind_rules() -> dict[str, Any]:
    rules = menu_rules()["kinds"]
    return {
        "generic_parts": frozenset(" ".join(_part_words(p)) for p in rules["generic_parts"]),
        "head_nouns": frozenset(singular(w) for w in rules["head_nouns"]),
        "aliases": {" ".join(_part_words(k)): " ".join(_part_words(v)) for k, v in rules["aliases"].items()},
    }


@cache
def _everyday() -> frozenset[str]:
    return frozenset(" ".join(_part_words(kind)) for kind in menu_rules()["everyday_kinds"])


VEGETABLES = "Vegetables and Vegetable Products"


@cache
def _cost_words(key: str = "cost_words") -> list[tuple[re.Pattern[str], float]]:
    return [
        (re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w])", re.IGNORECASE), float(factor))
        for word, factor in menu_rules()[key].items()
    ]


def preference(name: str, group: str) -> float:
    """How much less everyday a food is than the best (1.0); the energy-free part of the cost."""
    rules = menu_rules()
    factor = float(rules["group_cost"].get(group, 2.0))
    if _BRAND.search(name):
        factor *= float(rules["branded_cost_factor"])
    if kind_of(name) not in _everyday():
        factor *= float(rules["not_everyday_factor"])
    words = _cost_words() + (_cost_words("vegetable_cost_words") if group == VEGETABLES else [])
    for pattern, word_factor in words:
        if pattern.search(name):
            factor *= word_factor
    return factor


def _all_costs(table: FoodTable) -> dict[str, npt.NDArray[Any]]:
    kcal = np.nan_to_num(table.values[:, COLUMN["energy"]]) * table.serving_grams / 100.0
    prefs = np.array([preference(n, g) for n, g in zip(table.names, table.groups, strict=True)], dtype=np.float64)
    return {"cost": prefs * (kcal / 100.0 + 0.3)}


@cache
def costs_of(table: FoodTable) -> npt.NDArray[np.float64]:
    """The planner's cost per serving of every food (module docstring), cached on disk beside the table:
    the name scans take ~0.3 s, reading them back ~1 ms. The key covers this module and the rules file."""
    inputs = Path(__file__).read_bytes() + b"\0" + (RULES_DIR / "menu_rules.yaml").read_bytes()
    costs: npt.NDArray[np.float64] = derived_arrays(table, "menu-costs", inputs, lambda: _all_costs(table))["cost"]
    return costs


@cache
def preferences_of(table: FoodTable) -> npt.NDArray[np.float64]:
    """`preference` of every food, recovered from the cached costs (cost = preference × energy term)."""
    kcal = np.nan_to_num(table.values[:, COLUMN["energy"]]) * table.serving_grams / 100.0
    prefs: npt.NDArray[np.float64] = costs_of(table) / (kcal / 100.0 + 0.3)
    return prefs


def menu_costs(table: FoodTable, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
    """The planner's cost per serving of each row (module docstring)."""
    costs: npt.NDArray[np.float64] = costs_of(table)[rows]
    return costs


def kinds(table: FoodTable, rows: npt.NDArray[np.intp]) -> dict[str, list[int]]:
    """Positions in `rows` grouped by kind of food."""
    out: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        out.setdefault(kind_of(table.names[row]), []).append(i)
    return out
