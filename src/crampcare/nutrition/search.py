"""Find one food by NDB number or by (fuzzy) name, with "did you mean" when nothing fits."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from crampcare.errors import UnknownNameError
from crampcare.nutrition.foods import Food, food_table

_WORD = re.compile(r"[a-z0-9]+")


def find_food(query: str) -> Food:
    """The food with this NDB number, else the shortest name containing every word, else UnknownNameError."""
    table = food_table()
    text = query.strip()
    if text.isdigit() and text.zfill(5) in table.by_ndb:
        return table.foods[table.by_ndb[text.zfill(5)]]
    words = _WORD.findall(text.casefold())
    if words:
        patterns = [re.compile(rf"\b{w}") for w in words]
        hits = [i for i, name in enumerate(table.names) if all(p.search(name.casefold()) for p in patterns)]
        if hits:  # the shortest name is the plainest food ("Spinach, raw" before "Spinach souffle")
            return table.foods[min(hits, key=lambda i: (len(table.names[i]), table.columns.ndbs[i]))]
    names = list(table.names)
    found = process.extract(text, names, scorer=fuzz.WRatio, limit=3, score_cutoff=60)
    raise UnknownNameError("food", query, [name for name, _score, _i in found], field="NAME_OR_NDB")
