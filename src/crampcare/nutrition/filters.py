"""Which foods may be suggested, and which fit a diet: boolean masks over the food table.

Rules are data (`data/nutrition/menu_rules.yaml`, `data/nutrition/diets.yaml`);
words match whole words of the SR28 name, case-insensitively, after the
`except_phrases` are removed ("peanut butter" is not butter).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt
import yaml

from crampcare.errors import InputError
from crampcare.i18n import _
from crampcare.nutrition import russian
from crampcare.nutrition.foods import Food, FoodTable, derived_arrays

RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "nutrition"
_RULE_FILES = (RULES_DIR / "menu_rules.yaml", RULES_DIR / "diets.yaml")

Diet = Literal["vegetarian", "vegan", "lactose_free"]
DIETS: tuple[str, ...] = get_args(Diet)
Mask = npt.NDArray[np.bool_]


def _read(name: str) -> dict[str, Any]:
    loaded = yaml.load(
        (RULES_DIR / name).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )
    assert isinstance(loaded, dict), f"{name} must hold a mapping"
    return loaded


@dataclass(frozen=True)
class WordRule:
    """Groups and whole words that exclude a food, with phrases that rescue it."""

    groups: frozenset[str]
    words: re.Pattern[str] | None
    excepts: re.Pattern[str] | None

    def excludes(self, name: str, group: str) -> bool:
        if group in self.groups:
            return True
        if self.words is None:
            return False
        if self.excepts:
            name = self.excepts.sub(" ", name)
        return bool(self.words.search(name))

    def mask(self, names: Names) -> Mask:
        """`excludes` for every food at once (one regex scan over all names)."""
        out = names.in_groups(self.groups)
        if self.words is not None:
            out |= names.hits(self.words, self.excepts)
        return out


@dataclass(frozen=True, eq=False)
class Names:
    """All names joined by newlines, so a rule is one regex scan rather than 8,789 (the masks' speed)."""

    text: str
    starts: npt.NDArray[np.intp]  # offset of each name in `text`
    groups: npt.NDArray[np.str_]

    def hits(self, pattern: re.Pattern[str], excepts: re.Pattern[str] | None = None) -> Mask:
        text = excepts.sub(lambda m: " " * len(m.group()), self.text) if excepts else self.text  # keep offsets
        out = np.zeros(len(self.starts), dtype=bool)
        found = [m.start() for m in pattern.finditer(text)]
        out[np.searchsorted(self.starts, found, side="right") - 1] = True
        return out

    def in_groups(self, groups: Iterable[str]) -> Mask:
        return np.isin(self.groups, list(groups))


@cache
def names_of(table: FoodTable) -> Names:
    starts = np.cumsum([0] + [len(n) + 1 for n in table.names[:-1]], dtype=np.intp)
    return Names("\n".join(table.names), starts, np.array(table.groups))


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
        raise InputError(_("unknown diet %(diet)s") % {"diet": repr(diet)}, field="diet", valid=", ".join(DIETS))
    spec = data[diet]
    own = _rule(spec.get("exclude_groups", []), spec.get("exclude_words", []), spec.get("except_phrases", []))
    parent = spec.get("includes")
    return (*diet_rules(parent), own) if parent else (own,)


def _suggestible(name: str, group: str) -> bool:
    return not _not_food_rule().excludes(name, group)


def is_suggestible(food: Food) -> bool:
    """Not a supplement, formula, baby food, spice, powder or raw flour (menu_rules.yaml)."""
    return _suggestible(food.name, food.group)


_RAW = re.compile(r"\braw\b", re.IGNORECASE)
_DRIED = re.compile(r"\bdried\b", re.IGNORECASE)


def _cook_first(name: str, group: str) -> bool:
    """A raw item that people eat cooked (raw beef, raw lentils, raw potatoes)."""
    if not _RAW.search(name):
        return False
    rules = menu_rules()
    return group in rules["cook_first_groups"] or name.startswith(tuple(rules["cook_first_prefixes"]))


def _ingredient(name: str, group: str) -> bool:
    """A dry grain or a dried vegetable: an ingredient rather than a serving."""
    rules = menu_rules()
    if group in rules["cooked_only_groups"] and not _words(tuple(rules["cooked_words"])).search(name):
        return True
    return group in rules["dried_not_for_groups"] and bool(_DRIED.search(name))


@cache
def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    pattern = _pattern(list(words))
    assert pattern is not None
    return pattern


def _menu_food(name: str, group: str) -> bool:
    return (
        _suggestible(name, group)
        and not _plan_rule().excludes(name, group)
        and not _cook_first(name, group)
        and not _ingredient(name, group)
    )


def is_menu_food(food: Food) -> bool:
    """Suggestible, eaten as listed, and not from a fast-food or restaurant chain (menu_rules.yaml)."""
    return _menu_food(food.name, food.group)


def _fits(name: str, group: str, diet: str) -> bool:
    return not any(rule.excludes(name, group) for rule in diet_rules(diet))


def fits_diet(food: Food, diet: str | None) -> bool:
    return diet is None or _fits(food.name, food.group, diet)


_CYRILLIC = re.compile(r"[а-яё]")


@dataclass(frozen=True)
class _Exclusions:
    """A person's exclusion words, ready to compare. An English word is a case-folded substring of the food's
    name or group (SR28's English). A word typed in Russian is compared with the food's Russian name and group
    (data/nutrition/foods.ru.yaml; ё read as е) by the Snowball stems of its words, each a substring, so «арахис»
    leaves out «Арахисовое масло» and «орехами» leaves out «Смесь орехов», whatever the language of the output:
    before the Russian names, a Russian word matched no English name and silently left out nothing."""

    english: tuple[str, ...]
    russian: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, words: tuple[str, ...]) -> _Exclusions:
        folded = [w.casefold().strip() for w in words if w.strip()]
        russian = tuple(_russian_stems(w) for w in folded if _CYRILLIC.search(w))
        return cls(tuple(w for w in folded if not _CYRILLIC.search(w)), russian)

    def leave_out(self, food: Food) -> bool:
        text = f"{food.name} {food.group}".casefold()
        if any(word in text for word in self.english):
            return True
        if not self.russian:
            return False
        local = f"{russian.food_name(food)} {russian.groups().get(food.group, '')}".casefold().replace("ё", "е")
        return any(all(stem in local for stem in stems) for stems in self.russian)


def _russian_stems(word: str) -> tuple[str, ...]:
    import snowballstemmer  # type: ignore[import-untyped]  # only for a word typed in Russian

    parts = [part for part in re.split(r"[\W_]+", word.replace("ё", "е")) if part]
    return tuple(snowballstemmer.stemmer("russian").stemWords(parts))


def excluded_by_words(food: Food, words: tuple[str, ...]) -> bool:
    """A person's own exclusions ("peanut", "shellfish", «арахис»): see `_Exclusions`."""
    return _Exclusions.of(words).leave_out(food)


def excluded_mask(table: FoodTable, words: tuple[str, ...]) -> Mask:
    """Foods a person's exclusions leave out (see `_Exclusions`)."""
    exclusions = _Exclusions.of(words)
    return np.array([exclusions.leave_out(food) for food in table.foods], dtype=bool)


def check_exclusions(table: FoodTable, words: tuple[str, ...], field: str) -> None:
    """InputError for an exclusion word that leaves out no food at all: it is a misspelling or a word the names do
    not use («penut», "arachis"), and a list or menu made without it would still show the food the person wanted
    left out (often for an allergy) while seeming to honour the request."""
    for word in words:
        if word.strip() and not excluded_mask(table, (word,)).any():
            raise InputError(
                _("%(word)s is in no food's name or group, so it would leave out nothing") % {"word": repr(word)},
                field=field,
                valid=_("a word the food names use, in English or Russian (e.g. peanut, арахис)"),
            )


def _suggestible_mask(table: FoodTable) -> Mask:
    return ~_not_food_rule().mask(names_of(table))


def _menu_mask(table: FoodTable) -> Mask:
    """`is_menu_food` for every food, by whole-table scans."""
    names, rules = names_of(table), menu_rules()
    prefixes = re.compile("^(?:" + "|".join(re.escape(p) for p in rules["cook_first_prefixes"]) + ")", re.M)
    cook_first = names.hits(_RAW) & (names.in_groups(rules["cook_first_groups"]) | names.hits(prefixes))
    ingredient = names.in_groups(rules["cooked_only_groups"]) & ~names.hits(_words(tuple(rules["cooked_words"])))
    ingredient |= names.in_groups(rules["dried_not_for_groups"]) & names.hits(_DRIED)
    return _suggestible_mask(table) & ~_plan_rule().mask(names) & ~cook_first & ~ingredient


def _diet_mask(table: FoodTable, diet: str) -> Mask:
    names = names_of(table)
    out = np.ones(len(table), dtype=bool)
    for rule in diet_rules(diet):
        out &= ~rule.mask(names)
    return out


def _build_masks(table: FoodTable) -> dict[str, Mask]:
    masks = {"suggestible": _suggestible_mask(table), "menu": _menu_mask(table)}
    return masks | {f"diet_{diet}": _diet_mask(table, diet) for diet in DIETS}


@cache
def _masks(table: FoodTable) -> dict[str, Mask]:
    """Every mask, cached on disk beside the food table: the regex scans cost ~0.3 s, reading them ~1 ms.

    The cache key covers this module's code and both rule files, so editing any of them rebuilds it.
    """
    inputs = b"\0".join(path.read_bytes() for path in (Path(__file__), *_RULE_FILES))
    arrays = derived_arrays(table, "masks", inputs, lambda: _build_masks(table))
    return {name: array.astype(bool) for name, array in arrays.items()}


def suggestible_mask(table: FoodTable) -> Mask:
    return _masks(table)["suggestible"]


def menu_mask(table: FoodTable) -> Mask:
    return _masks(table)["menu"]


def diet_mask(table: FoodTable, diet: str | None) -> Mask:
    if diet is None:
        return np.ones(len(table), dtype=bool)
    diet_rules(diet)  # InputError for an unknown diet
    return _masks(table)[f"diet_{diet}"]
