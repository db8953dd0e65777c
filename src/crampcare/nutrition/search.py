"""Find one food by NDB number or by (fuzzy) name, with "did you mean" when nothing fits."""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz import fuzz, process

from crampcare.errors import InputError, UnknownNameError
from crampcare.i18n import N_, _
from crampcare.nutrition.foods import Food, food_table

_WORD = re.compile(r"[a-z0-9]+")
SUGGESTIONS = 3
WORD_CUTOFF = 75  # fuzz.ratio: "spinich" → "spinach" (86), "brocoli" → "broccoli" (93); "zzz" → nothing
MIN_NAME_LENGTH = 3  # "a" or "x" would match the first of thousands of names: a guess, not a find
VALID = N_("a food name or words from it, e.g. 'spinach raw', or a 5-digit NDB number, e.g. 11457")


@cache
def _vocabulary() -> tuple[str, ...]:
    """Every word of every food name, for correcting a misspelt word."""
    return tuple(sorted({w for name in food_table().names for w in _WORD.findall(name.casefold())}))


def _matches(words: list[str]) -> list[int]:
    """Rows whose name has every word (as the start of a word); names with every word whole come first ("egg"
    finds eggs before eggnog), then those naming it first ("Egg, …" before "Bread, egg"), then the shortest."""
    table = food_table()
    patterns = [re.compile(rf"\b{w}") for w in words]
    whole = [re.compile(rf"\b{w}s?\b") for w in words]
    hits = [i for i, name in enumerate(table.names) if all(p.search(name.casefold()) for p in patterns)]

    def rank(i: int) -> tuple[bool, bool, int, str]:
        name = table.names[i].casefold()
        # USDA names put the food itself first ("Egg, whole, raw"; "Bread, egg" is bread).
        head = name.split(",", 1)[0]
        return (
            not all(p.search(name) for p in whole),
            not any(p.search(head) for p in whole),
            len(name),
            table.columns.ndbs[i],
        )

    return sorted(hits, key=rank)


def _corrected(words: list[str]) -> list[str] | None:
    """The words with each misspelt one replaced by the closest word of a food name; None if one has none."""
    vocabulary = _vocabulary()
    out = []
    for word in words:
        if any(known.startswith(word) for known in vocabulary):
            out.append(word)
            continue
        best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_CUTOFF)
        if best is None:
            return None
        out.append(best[0])
    return out


def _suggestions(text: str, words: list[str]) -> list[str]:
    """Plain foods matching the query with its misspellings corrected, else the closest whole names."""
    table = food_table()
    corrected = _corrected(words) if words else None
    if corrected is not None and corrected != words:
        rows = _matches(corrected)[:SUGGESTIONS]
        if rows:
            return [table.names[i] for i in rows]
    found = process.extract(text, list(table.names), scorer=fuzz.WRatio, limit=SUGGESTIONS, score_cutoff=60)
    return [name for name, _score, _i in found]


def find_food(query: str) -> Food:
    """The food with this NDB number, else the shortest name containing every word, else UnknownNameError
    with suggestions (never a silent guess) and an example of valid input."""
    table = food_table()
    text = query.strip()
    if text.isdigit():  # a number is an NDB number, never words to match ("12" is not a 12-inch pizza)
        if text.zfill(5) in table.by_ndb:
            return table.foods[table.by_ndb[text.zfill(5)]]
        raise UnknownNameError("food", query, [], field="NAME_OR_NDB", valid=_(VALID))
    if len(text) < MIN_NAME_LENGTH:
        raise InputError(
            _("%(query)s is too short to name a food") % {"query": repr(query)}, field="NAME_OR_NDB", valid=_(VALID)
        )
    words = _WORD.findall(text.casefold())
    if words and (rows := _matches(words)):
        return table.foods[rows[0]]
    raise UnknownNameError("food", query, _suggestions(text, words), field="NAME_OR_NDB", valid=_(VALID))
