"""The diary's vocabularies (triggers, exercise levels), read from `data/diary/vocabulary.yaml`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "data" / "diary" / "vocabulary.yaml"


@cache
def _vocabulary() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    return loaded


def _labels(kind: str, lang: str | None) -> dict[str, str]:
    """Id → label of one vocabulary in the file's order; in `lang` (by default the active interface language)
    where the file has it, English per id where it does not. The ids are the same in every language."""
    from crampcare import i18n

    english = {str(k): str(v) for k, v in _vocabulary()[kind].items()}
    code = lang if lang is not None else i18n.current()
    local = (_vocabulary().get(code) or {}).get(kind) or {} if code != "en" else {}
    return {key: str(local.get(key, label)) for key, label in english.items()}


def triggers(lang: str | None = None) -> dict[str, str]:
    """Trigger id → label, in the file's order."""
    return _labels("triggers", lang)


def exercise_levels(lang: str | None = None) -> dict[str, str]:
    return _labels("exercise", lang)
