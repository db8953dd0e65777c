"""The protocol's limits, prior and texts, read once from `data/experiments/protocol.yaml`.

The texts are read in the active language (crampcare.i18n): the file's `ru` block mirrors every English text with
the same {placeholders}, and the loader refuses the file when one is missing or does not fit. A Russian text whose
noun agrees with a number holds one form per CLDR plural category of that number (`count` names it).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from crampcare import i18n
from crampcare.knowledge.translated import CYRILLIC, placeholders

PROTOCOL_FILE = Path(__file__).resolve().parent.parent / "data" / "experiments" / "protocol.yaml"
PLURAL_FORMS = ("one", "few", "many", "other")  # Russian's CLDR categories


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Strict):
    min: float
    max: float
    default: float


class Limits(_Strict):
    period_weeks: Range
    pairs: Range
    run_in_days: int = Field(ge=0)
    washout_days_max_share: float = Field(gt=0, lt=1)
    minimal_important_difference: Range
    min_checkin_share: float = Field(gt=0, le=1)
    min_complete_pairs: int = Field(ge=2)


class Prior(_Strict):
    mean_log_rate_ratio: float
    sd_log_rate_ratio: float = Field(gt=0)
    wording: str


class MethodSource(_Strict):
    id: str
    title: str
    url: str | None = None
    unverified: bool = False


class ProtocolRu(_Strict):
    """The Russian of every text a person reads (the method sources' titles stay as published)."""

    prior_wording: str
    not_testable_kinds: dict[str, str]
    not_testable: dict[str, str]
    texts: dict[str, Any]


class Protocol(_Strict):
    method_sources: list[MethodSource]
    limits: Limits
    prior: Prior
    not_testable_kinds: dict[str, str]
    not_testable: dict[str, str]
    texts: dict[str, Any]
    ru: ProtocolRu

    @model_validator(mode="after")
    def _russian_fits(self) -> Protocol:
        problems = list(russian_problems(self))
        if problems:
            raise ValueError("the ru block does not fit the English: " + "; ".join(problems))
        return self

    def text(self, *path: str, **values: object) -> str:
        """The text at `path` (e.g. "reason", "helps") in the active language, with `values` filled in."""
        node: Any = self.ru.texts if i18n.current() == "ru" else self.texts
        for key in path:
            node = node[key]
        if isinstance(node, dict):  # a Russian text by the plural category of its `count` value
            node = node[plural_category(values[node["count"]])]
        return " ".join(str(node).split()).format(**values)

    def texts_at(self, key: str) -> Any:
        """A whole section of the texts (a list or mapping) in the active language."""
        return (self.ru.texts if i18n.current() == "ru" else self.texts)[key]

    def prior_wording(self) -> str:
        return " ".join((self.ru.prior_wording if i18n.current() == "ru" else self.prior.wording).split())

    def why_not_testable(self, record_id: str, kind: str) -> str | None:
        """Why a record cannot be tested in periods, in the active language; None when it can."""
        ru = i18n.current() == "ru"
        by_id = self.ru.not_testable if ru else self.not_testable
        by_kind = self.ru.not_testable_kinds if ru else self.not_testable_kinds
        return by_id.get(record_id) or by_kind.get(kind)


def plural_category(value: object) -> str:
    """The CLDR plural category of a number in Russian (1 -> one, 3 -> few, 5 -> many, 1.5 -> other)."""
    from babel import Locale

    number = float(str(value).replace(",", "."))
    return str(Locale.parse("ru").plural_form(int(number) if number.is_integer() else number))


def number(value: float, spec: str) -> str:
    """A number for a text, formatted by `spec` ("{:.2f}"), with the reader's decimal mark; ∞ for infinity."""
    if math.isinf(value):
        return "∞"
    text = format(value, spec)
    return text.replace(".", ",") if i18n.current() == "ru" else text


def russian_problems(config: Protocol) -> Iterator[str]:
    """Where the `ru` block does not mirror the English: a missing or extra text, a lost placeholder, no Cyrillic."""
    for name in ("not_testable_kinds", "not_testable"):
        english, russian = getattr(config, name), getattr(config.ru, name)
        if set(english) != set(russian):
            yield f"ru.{name}: keys {sorted(set(english) ^ set(russian))} are not in both"
        for key in set(english) & set(russian):
            yield from _leaf(english[key], russian[key], f"ru.{name}.{key}")
    yield from _leaf(config.prior.wording, config.ru.prior_wording, "ru.prior_wording")
    yield from _mirror(config.texts, config.ru.texts, "ru.texts")


def _mirror(english: Any, russian: Any, path: str) -> Iterator[str]:
    if isinstance(english, dict):
        if not isinstance(russian, dict):
            yield f"{path}: a mapping is expected"
            return
        if set(english) != set(russian):
            yield f"{path}: keys {sorted(set(english) ^ set(russian))} are not in both"
        for key in set(english) & set(russian):
            yield from _mirror(english[key], russian[key], f"{path}.{key}")
    elif isinstance(english, list):
        if not isinstance(russian, list) or len(russian) != len(english):
            yield f"{path}: {len(english)} entries are expected"
            return
        for i, (en, ru) in enumerate(zip(english, russian, strict=True)):
            yield from _mirror(en, ru, f"{path}.{i}")
    elif isinstance(russian, dict):
        yield from _plural(str(english), russian, path)
    else:
        yield from _leaf(str(english), russian, path)


def _plural(english: str, russian: dict[str, Any], path: str) -> Iterator[str]:
    if set(russian) != {"count", *PLURAL_FORMS}:
        yield f"{path}: a plural text has `count` and the forms {', '.join(PLURAL_FORMS)}"
        return
    if russian["count"] not in placeholders(english):
        yield f"{path}: count {russian['count']!r} is not a placeholder of the English"
    for form in PLURAL_FORMS:
        yield from _leaf(english, russian[form], f"{path}.{form}")


def _leaf(english: str, russian: Any, path: str) -> Iterator[str]:
    if not isinstance(russian, str) or not russian.strip():
        yield f"{path}: a Russian text is expected"
        return
    if placeholders(english) != placeholders(russian):
        yield f"{path}: placeholders {sorted(placeholders(russian))} differ from {sorted(placeholders(english))}"
    if not CYRILLIC.search(russian):
        yield f"{path}: not Russian (no Cyrillic letter)"


@cache
def protocol() -> Protocol:
    return Protocol.model_validate(yaml.safe_load(PROTOCOL_FILE.read_text(encoding="utf-8")))
