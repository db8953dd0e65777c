"""Russian names and household measures for the food table (issue 15; data/nutrition/foods.ru.yaml).

The USDA table stays the source of every number; this adds what a Russian reader sees: the food's Russian name
where one has been written (else the English), and the household measure in Russian words with a decimal comma
(«½ стакана (240 мл)», «1 унция (28 г)»), the grams beside it unchanged.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

from crampcare.nutrition.foods import Food

FILE = Path(__file__).resolve().parent.parent / "data" / "nutrition" / "foods.ru.yaml"
GROUPS_FILE = FILE.with_name("food_groups.ru.yaml")
_FRACTIONS = {"0.5": "½", "0.25": "¼", "0.333": "⅓", "0.75": "¾"}
# A count stands alone: the 2 of «1/2 cup» or the 5 of «.5 oz» is not one (a fraction reads through `words:`).
_NUMBER = r"(?<![\d/.])(?P<number>\d+(?:\.\d+)?)"


@cache
def _data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    return loaded


def names() -> dict[str, str]:
    """NDB number → Russian name, for the foods that have one."""
    return {str(ndb): str(name) for ndb, name in _data()["names"].items()}


def food_name(food: Food) -> str:
    """The food's Russian name, or its English name when none has been written yet."""
    return names().get(food.ndb, food.name)


@cache
def groups() -> dict[str, str]:
    """SR28 food group → its Russian name (data/nutrition/food_groups.ru.yaml)."""
    loaded: dict[str, dict[str, str]] = yaml.safe_load(GROUPS_FILE.read_text(encoding="utf-8"))
    return {str(group): str(name) for group, name in loaded["groups"].items()}


def group_name(group: str) -> str:
    """The food group's Russian name, or its English one when none has been written."""
    return groups().get(group, group)


def _number(text: str) -> str:
    return _FRACTIONS.get(text, text.replace(".", ","))


_FORMS = ("one", "few", "many", "other")


def _form(number: str) -> int:
    """Which of a measure's four forms follows `number`: CLDR's Russian plural rule, through Babel.

    A Decimal keeps the written fraction digits, which the rule reads: «1.0 oz» is «1,0 унции», not «унция».
    """
    return _FORMS.index(Locale.parse("ru").plural_form(Decimal(number)))


def _counted(forms: list[str], match: re.Match[str]) -> str:
    return f"{_number(match['number'])} {forms[_form(match['number'])]}"


def measure(label: str) -> str:
    """An SR28 household measure in Russian words; the parts without a translation stay as they are."""
    out = label
    for english, forms in sorted(_data()["measures"].items(), key=lambda item: -len(item[0])):
        pattern = re.compile(rf"{_NUMBER}\s+{re.escape(english)}\b", re.IGNORECASE)
        out = pattern.sub(partial(_counted, forms), out)
    for english, russian in sorted(_data()["words"].items(), key=lambda item: -len(item[0])):
        out = re.sub(rf"\b{re.escape(english)}\b", str(russian), out, flags=re.IGNORECASE)
    return out
