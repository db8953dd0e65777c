"""The knowledge base in a reader's language: Russian texts in place of the English, same decisions.

Each record keeps its Russian in a `ru` block (translated.py). `knowledge_in("ru")` is the shipped knowledge
base with those texts swapped in, record by record; ids, triggers, statuses and sources are untouched, so the
engine run over it reaches exactly the decisions it reaches in English. A record without Russian stays English
until its type is required (`required_texts` in data/local_names/ru.yaml), after which the loader refuses it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Literal, TypeVar

from pydantic import BaseModel

from crampcare.errors import InputError
from crampcare.i18n import _
from crampcare.knowledge import translated

if TYPE_CHECKING:
    from crampcare.knowledge.loader import KnowledgeBase

Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = ("en", "ru")
TEXT_TYPES = ("red_flags", "first_aid", "interventions", "causes", "conditions", "drug_classes", "specialists", "labs")
_FAMILY = {"first_aid": "interventions"}


def language(value: str | None) -> Language:
    """A supported language code, or an InputError naming `lang` and the valid codes."""
    code = (value or "en").strip().casefold()
    if code not in LANGUAGES:
        raise InputError(
            _("unsupported language %(code)s") % {"code": repr(value)}, field="lang", valid=", ".join(LANGUAGES)
        )
    return "ru" if code == "ru" else "en"


def records_of(kb: KnowledgeBase, text_type: str) -> Iterator[tuple[str, BaseModel]]:
    """(id, record) of one record type; first aid and the other interventions are separate types."""
    family = _FAMILY.get(text_type, text_type)
    for rid, record in getattr(kb, family).items():
        kind = getattr(record, "kind", None)
        if family == "interventions" and (kind == "first_aid") != (text_type == "first_aid"):
            continue
        yield rid, record


def required_types(kb: KnowledgeBase) -> set[str]:
    local = kb.local_names.get("ru")
    return set(local.required_texts) if local else set()


def coverage(kb: KnowledgeBase) -> dict[str, dict[str, int | bool]]:
    """Per record type: how many records, how many carry their Russian, and whether it is required."""
    required = required_types(kb)
    out: dict[str, dict[str, int | bool]] = {}
    for text_type in TEXT_TYPES:
        records = list(records_of(kb, text_type))
        done = sum(1 for _, record in records if getattr(record, "ru", None) is not None)
        out[text_type] = {"records": len(records), "russian": done, "required": text_type in required}
    return out


def check_translations(kb: KnowledgeBase) -> list[str]:
    """Russian blocks that do not fit their English, and records of a required type without one."""
    out: list[str] = []
    required = required_types(kb)
    for text_type in TEXT_TYPES:
        family = _FAMILY.get(text_type, text_type)
        for rid, record in records_of(kb, text_type):
            where = f"{kb.files.get(f'{family}/{rid}', family)}: {rid}"
            if getattr(record, "ru", None) is None:
                if text_type in required:
                    out.append(f"{where}: ru: missing (Russian texts are required for {text_type})")
                continue
            out.extend(f"{where}: {problem}" for problem in translated.problems(record))
    return out


M = TypeVar("M", bound=BaseModel)


def _each(records: dict[str, M]) -> dict[str, M]:
    return {rid: translated.localized(record) for rid, record in records.items()}


def localize(kb: KnowledgeBase, lang: Language) -> KnowledgeBase:
    """`kb` with every record's texts in `lang` where it has them."""
    if lang == "en":
        return kb
    return dataclasses.replace(
        kb,
        conditions=_each(kb.conditions),
        drug_classes=_each(kb.drug_classes),
        specialists=_each(kb.specialists),
        red_flags=_each(kb.red_flags),
        causes=_each(kb.causes),
        labs=_each(kb.labs),
        interventions=_each(kb.interventions),
        sections=_each(kb.sections),
        sources=_each(kb.sources),
    )


@cache
def knowledge_in(lang: Language) -> KnowledgeBase:
    """The shipped knowledge base in `lang`, built once per process."""
    from crampcare.knowledge.loader import knowledge

    return localize(knowledge(), lang)


_READING: dict[tuple[int, Language], tuple[KnowledgeBase, KnowledgeBase]] = {}


def for_reader(kb: KnowledgeBase, lang: str | None = None) -> KnowledgeBase:
    """`kb` as a reader sees it: the texts of `lang` (by default the active interface language, crampcare.i18n)
    where the records have them, English per field where they do not. Built once per knowledge base and language
    (the entry keeps `kb` alive, so its id is never reused while cached); ids, grades, statuses and sources are
    those of `kb`. The knowledge-base views (CLI `kb`, web knowledge pages) read their records from it."""
    from crampcare import i18n

    code = language(lang if lang is not None else i18n.current())
    if code == "en":
        return kb
    entry = _READING.get((id(kb), code))
    if entry is None or entry[0] is not kb:
        if len(_READING) >= 8:
            _READING.pop(next(iter(_READING)))
        entry = _READING[(id(kb), code)] = (kb, localize(kb, code))
    return entry[1]
