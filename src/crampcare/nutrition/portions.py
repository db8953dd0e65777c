"""Menu roles (starch, protein, vegetable, cheese …) and the realistic serving of each food.

Both rules are data in `data/nutrition/menu_rules.yaml` (`roles`, `servings`), an
editorial choice for plausible menus, not a clinical claim.

- *Role*: the first `roles` entry whose SR28 food group matches and whose name
  matches its `prefixes`/`words` (when given) and none of its `unless_words`;
  no match is role "other" (never put on a menu).
- *Serving*: among the food's SR28 household measures that weigh within the role's
  `min_g`-`max_g` and give at most 250 kcal, the first whose label starts with one
  of the role's `prefer` labels (in that order), else the first in SR28's order;
  failing that, a "1 cup" measure scaled down to ½, ⅓ or ¼ cup if that fits; failing
  that, the role's `fallback` measure ("1 oz" of cheese or nuts, "3 oz" of meat);
  failing all, the generic rule of `foods.choose_serving`. So a menu never serves
  a cup of diced cheddar (132 g) or a cup of almonds.

The foods module calls `role_and_serving` only when it parses the CSV; the result is
cached with the table (the cache key covers menu_rules.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from crampcare.nutrition.foods import SERVING_MAX_KCAL, Portion, choose_serving

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "nutrition" / "menu_rules.yaml"
OTHER = "other"
CUP_FRACTIONS: tuple[tuple[str, float], ...] = (("0.5", 0.5), ("0.333", 1 / 3), ("0.25", 0.25))
_CUP = re.compile(r"^1 cup\b")


@dataclass(frozen=True)
class RoleRule:
    role: str
    groups: frozenset[str]
    prefixes: tuple[str, ...]
    words: re.Pattern[str] | None
    unless: re.Pattern[str] | None

    def matches(self, name: str, group: str) -> bool:
        if group not in self.groups or (self.unless is not None and self.unless.search(name)):
            return False
        if not self.prefixes and self.words is None:
            return True
        return name.startswith(self.prefixes) or (self.words is not None and bool(self.words.search(name)))


@dataclass(frozen=True)
class ServingRule:
    min_g: float
    max_g: float
    prefer: tuple[str, ...]
    fallback: Portion | None


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.IGNORECASE)


@cache
def _rules() -> dict[str, Any]:
    loaded = yaml.load(RULES_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert isinstance(loaded, dict)
    return loaded


@cache
def role_rules() -> tuple[RoleRule, ...]:
    return tuple(
        RoleRule(
            role=str(item["role"]),
            groups=frozenset(item["groups"]),
            prefixes=tuple(item.get("prefixes", [])),
            words=_pattern(item.get("words", [])),
            unless=_pattern(item.get("unless_words", [])),
        )
        for item in _rules()["roles"]
    )


@cache
def serving_rules() -> dict[str, ServingRule]:
    out = {}
    for role, spec in _rules()["servings"].items():
        fallback = spec.get("fallback")
        out[str(role)] = ServingRule(
            min_g=float(spec["min_g"]),
            max_g=float(spec["max_g"]),
            prefer=tuple(spec.get("prefer", [])),
            fallback=Portion(str(fallback[0]), float(fallback[1])) if fallback else None,
        )
    return out


def role_of(name: str, group: str) -> str:
    """The menu role of an SR28 food (module docstring)."""
    return next((rule.role for rule in role_rules() if rule.matches(name, group)), OTHER)


def _scaled_cup(portions: tuple[Portion, ...], rule: ServingRule) -> Portion | None:
    """½, ⅓ or ¼ of a "1 cup" measure, when that falls within the role's weights."""
    for portion in portions:
        if not _CUP.match(portion.label):
            continue
        for label, fraction in CUP_FRACTIONS:
            grams = portion.grams * fraction
            if rule.min_g <= grams <= rule.max_g:
                return Portion(label + portion.label[1:], round(grams, 1))
    return None


def serving_for(portions: tuple[Portion, ...], kcal_per_100g: float | None, role: str) -> Portion:
    """The serving a menu uses for a food of this role (module docstring)."""
    rule = serving_rules().get(role)
    if rule is None:
        return choose_serving(portions, kcal_per_100g)
    kcal = 0.0 if kcal_per_100g is None or kcal_per_100g != kcal_per_100g else kcal_per_100g  # NaN → 0
    fitting = [
        p for p in portions if rule.min_g <= p.grams <= rule.max_g and p.grams * kcal / 100.0 <= SERVING_MAX_KCAL
    ]
    for prefix in rule.prefer:
        found = next((p for p in fitting if p.label.startswith(prefix)), None)
        if found is not None:
            return found
    if fitting:
        return fitting[0]
    scaled = _scaled_cup(portions, rule)
    if scaled is not None and scaled.grams * kcal / 100.0 <= SERVING_MAX_KCAL:
        return scaled
    return rule.fallback or choose_serving(portions, kcal_per_100g)


def role_and_serving(name: str, group: str, portions: tuple[Portion, ...], kcal: float | None) -> tuple[str, Portion]:
    """The food's role and serving; role "other" when no serving fits its role's weights (a lemon peel's tablespoon
    is no fruit portion), so a menu never holds a serving outside its role's range."""
    role = role_of(name, group)
    serving = serving_for(portions, kcal, role)
    rule = serving_rules().get(role)
    if rule is not None and not rule.min_g <= serving.grams <= rule.max_g:
        return OTHER, serving
    return role, serving
