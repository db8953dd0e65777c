"""Russian texts kept beside the English in each record (issue 15), and the checks that keep them honest.

A record's `ru` block mirrors the English fields a person reads, and nothing else: ids, statuses, triggers,
grades and sources are shared, so no clinical decision can depend on the language. The block is checked
against its record: every list has as many entries as the English one (a missing rule reason would show
English, a spare one would belong to nothing), every `{placeholder}` of a template is kept, and the text
is written in Cyrillic. Which record types must have their Russian is said in data/local_names/ru.yaml
(`required_texts`) and enforced by the loader.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict

from crampcare.knowledge.swap import merge

M = TypeVar("M", bound=BaseModel)
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _russian(text: str) -> str:
    if not text.strip():
        raise ValueError("the Russian text is empty")
    words = re.sub(r"\{[^}]*\}", "", text)  # a template's placeholders are not words
    if not CYRILLIC.search(words) and re.search(r"[^\W\d_]", words):
        raise ValueError(f"not Russian (no Cyrillic letter): {text[:60]!r}")
    return text


RuText = Annotated[str, AfterValidator(_russian)]


class RuStrict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleRu(RuStrict):
    reason: RuText
    unless_reason: RuText | None = None


class RedFlagRu(RuStrict):
    title: RuText
    action: RuText
    possible_cause: RuText
    rule: RuleRu


class CauseRu(RuStrict):
    title: RuText
    summary: RuText
    rule: RuleRu


class ConditionRu(RuStrict):
    name: RuText


class SectionRu(RuStrict):
    title: RuText


class SourceRu(RuStrict):
    """The words a Russian reader reads of a source the project itself describes (a published title stays as
    published; only the surrounding words are the project's)."""

    title: RuText


class DrugClassRu(RuStrict):
    name: RuText


class SpecialistRu(RuStrict):
    title: RuText
    summary: RuText


class LabRangeRu(RuStrict):
    title: RuText
    note: RuText | None = None


class StatusRuleRu(RuStrict):
    reason: RuText


class PopulationEvidenceRu(RuStrict):
    summary: RuText


class EvidenceRu(RuStrict):
    summary: RuText
    by_population: list[PopulationEvidenceRu] = []


class InteractionRu(RuStrict):
    advice: RuText


class ArticleClaimRu(RuStrict):
    claim: RuText
    verdict: RuText


class InterventionRu(RuStrict):
    name: RuText
    summary: RuText
    details: RuText | None = None
    steps: list[RuText] = []
    base_status: StatusRuleRu
    contraindications: list[RuleRu] = []
    cautions: list[RuleRu] = []
    not_for: list[RuleRu] = []
    use_only_when: list[RuleRu] = []
    discuss_when: list[RuleRu] = []
    interactions: list[InteractionRu] = []
    evidence: EvidenceRu
    article_claims: list[ArticleClaimRu] = []


# --- checks of a `ru` block against its English record ---------------------------------------------------


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a template (format specs such as `{value:g}` count by name)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def mismatches(english: Any, russian: Any, path: str = "ru") -> Iterator[str]:
    """Where the Russian block does not fit its English record: list lengths, placeholders, a missing
    translation of a field the English has (optional fields such as `details` may stay English)."""
    if isinstance(russian, dict):
        for key, value in russian.items():
            if value is None:
                continue
            yield from mismatches(english.get(key) if isinstance(english, dict) else None, value, f"{path}.{key}")
        return
    if isinstance(russian, list):
        theirs = english if isinstance(english, list) else []
        if russian and len(russian) != len(theirs):
            yield f"{path}: {len(russian)} entries in Russian, {len(theirs)} in English"
            return
        for i, (en, ru) in enumerate(zip(theirs, russian, strict=False)):
            yield from mismatches(en, ru, f"{path}.{i}")
        return
    if isinstance(russian, str) and isinstance(english, str) and placeholders(english) != placeholders(russian):
        theirs, ours = sorted(placeholders(english)), sorted(placeholders(russian))
        yield f"{path}: placeholders {ours} differ from the English {theirs}"


def untranslated(english: Any, russian: Any, required: dict[str, Any], path: str = "ru") -> Iterator[str]:
    """English lists of rules, steps and the like that have text but no Russian: a gap the reader would see."""
    for key, spec in required.items():
        en = english.get(key)
        ru = russian.get(key) if isinstance(russian, dict) else None
        if spec is True:
            if en and not ru:
                yield f"{path}.{key}: missing (the English has it)"
        elif isinstance(en, list):
            if en and not ru:
                yield f"{path}.{key}: missing ({len(en)} entries in English)"
            elif spec and ru:
                for i, (en_item, ru_item) in enumerate(zip(en, ru, strict=False)):
                    yield from untranslated(en_item, ru_item, spec, f"{path}.{key}.{i}")
        elif isinstance(en, dict) and isinstance(spec, dict):
            if not ru:
                yield f"{path}.{key}: missing"
            else:
                yield from untranslated(en, ru, spec, f"{path}.{key}")


_RULE = {"reason": True, "unless_reason": True}
# What a complete Russian block holds when the English has it (True: the field; a dict: inside each entry).
REQUIRED: dict[str, dict[str, Any]] = {
    "RedFlag": {"rule": _RULE},
    "Cause": {"rule": _RULE},
    "Intervention": {
        "steps": True,
        "contraindications": _RULE,
        "cautions": _RULE,
        "not_for": _RULE,
        "use_only_when": _RULE,
        "discuss_when": _RULE,
        "interactions": {"advice": True},
        "evidence": {"by_population": {"summary": True}},
    },
}


def problems(record: BaseModel) -> list[str]:
    """Every way the record's `ru` block disagrees with its English, or leaves out what a reader would see."""
    russian = getattr(record, "ru", None)
    if russian is None:
        return []
    english = record.model_dump(exclude={"ru"})
    ru = russian.model_dump(exclude_none=True)
    found = list(mismatches(english, ru))
    found.extend(untranslated(english, ru, REQUIRED.get(type(record).__name__, {})))
    return found


def localized(record: M) -> M:
    """The record with its Russian texts in place of the English ones (unchanged when it has none)."""
    russian = getattr(record, "ru", None)
    if russian is None:
        return record
    merged = merge(record.model_dump(exclude={"ru"}), russian.model_dump(exclude_none=True))
    return type(record).model_validate(merged)
