"""Russian texts over English in plain data (parsed YAML), with no pydantic: the fast first-aid path uses it too.

A `ru` block mirrors the English fields it translates (translated.py checks that it fits); merging it keeps
everything else, ids, numbers and rules, exactly as it was.
"""

from __future__ import annotations

from typing import Any


def merge(english: Any, russian: Any) -> Any:
    if isinstance(russian, dict) and isinstance(english, dict):
        return {**english, **{key: merge(english.get(key), value) for key, value in russian.items()}}
    if isinstance(russian, list) and isinstance(english, list):
        if not russian:
            return english
        if all(isinstance(item, dict) for item in russian):
            return [merge(en, ru) for en, ru in zip(english, russian, strict=True)]
        return russian
    return english if russian is None else russian


def swapped(raw: Any) -> Any:
    """Plain data (parsed YAML) with every nested `ru` block merged over its English and removed: the form the
    engine's own data files (assessment/*.yaml) take in Russian."""
    if isinstance(raw, list):
        return [swapped(item) for item in raw]
    if not isinstance(raw, dict):
        return raw
    base = {key: swapped(value) for key, value in raw.items() if key != "ru"}
    russian = raw.get("ru")
    return merge(base, russian) if isinstance(russian, dict) else base
