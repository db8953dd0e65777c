"""The diary's vocabularies (triggers, exercise levels), read from `data/diary/vocabulary.yaml`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "data" / "diary" / "vocabulary.yaml"


@cache
def _vocabulary() -> dict[str, dict[str, str]]:
    loaded = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    return {str(key): {str(k): str(v) for k, v in value.items()} for key, value in loaded.items()}


def triggers() -> dict[str, str]:
    """Trigger id → label, in the file's order."""
    return _vocabulary()["triggers"]


def exercise_levels() -> dict[str, str]:
    return _vocabulary()["exercise"]
