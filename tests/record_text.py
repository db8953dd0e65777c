"""What a knowledge record says in English and in Russian, for the tests that read its pages (issue 15).

`russian_texts` are the texts of its `ru` block; `english_sentences` the English sentences (five words or more)
of exactly the fields that block translates, so a page in Russian must show none of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel


def _pairs(english: Any, russian: Any) -> Iterator[tuple[str, str]]:
    if isinstance(russian, dict):
        for key, value in russian.items():
            yield from _pairs(english.get(key) if isinstance(english, dict) else None, value)
    elif isinstance(russian, list) and isinstance(english, list):
        for en, ru in zip(english, russian, strict=False):
            yield from _pairs(en, ru)
    elif isinstance(russian, str) and isinstance(english, str):
        yield english, russian


def text_pairs(record: BaseModel) -> list[tuple[str, str]]:
    """(English, Russian) of every text the record's `ru` block translates."""
    ru = getattr(record, "ru", None)
    assert ru is not None, f"{getattr(record, 'id', record)} has no Russian block"
    return list(_pairs(record.model_dump(exclude={"ru"}), ru.model_dump(exclude_none=True)))


def russian_texts(record: BaseModel) -> list[str]:
    ru = getattr(record, "ru", None)
    assert ru is not None, f"{getattr(record, 'id', record)} has no Russian block"
    return [text for _, text in _pairs(record.model_dump(exclude={"ru"}), ru.model_dump(exclude_none=True))]


def english_sentences(record: BaseModel) -> list[str]:
    ru = getattr(record, "ru", None)
    assert ru is not None
    found: list[str] = []
    for english, _ in _pairs(record.model_dump(exclude={"ru"}), ru.model_dump(exclude_none=True)):
        for sentence in re.split(r"(?<=[.;:!?])\s+", english):
            sentence = sentence.strip(" .;:")
            if len(sentence.split()) >= 5 and "{" not in sentence:
                found.append(sentence)
    return found


def flat(text: str) -> str:
    """Output or page text as one line: box-drawing and table borders gone, whitespace collapsed."""
    return " ".join(re.sub(r"[│┃║╭╮╰╯─━┏┓┗┛┡┩└┘┌┐╇╈┼├┤]", " ", text).split())
