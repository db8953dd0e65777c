"""The CDS Hooks services and the words of their cards (data/fhir/cds.yaml), in English and Russian.

As for the FHIR import's sentences (fhir/texts.py), the Russian is a `ru:` section of the same file with the same
keys and `{...}`: a card is read by a clinician in the language of the request (crampcare.i18n), and a key or
placeholder one language lacks would leave English in a Russian card or fail when it is filled in.
"""

from __future__ import annotations

import string
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from crampcare.fhir.codes import FHIR_DATA


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Service(Strict):
    id: str
    hook: str
    title: str
    description: str


class QuinineCard(Strict):
    sources: list[str]


class OverrideReason(Strict):
    code: str
    display: str


class CardWords(Strict):
    """What a card says in one language: the fallback source label, the summaries and fixed sentences, the
    triage levels and order statuses as a summary names them."""

    source_label: str
    cards: dict[str, str]
    levels: dict[str, str]
    statuses: dict[str, str]


class ServiceWords(Strict):
    title: str
    description: str


class CdsRussian(CardWords):
    services: dict[str, ServiceWords]  # service id → its title and description
    override_reasons: dict[str, str]  # code → display (feedback counts the code, the same in both languages)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


class CdsConfig(Strict):
    prefetch: dict[str, str]
    services: list[Service]
    source_label: str
    cards: dict[str, str]
    levels: dict[str, str]
    statuses: dict[str, str]
    quinine: QuinineCard
    override_reasons: list[OverrideReason]
    ru: CdsRussian

    @model_validator(mode="after")
    def _same_words(self) -> CdsConfig:
        ru = self.ru
        pairs: dict[str, tuple[set[str], set[str]]] = {
            "cards": (set(self.cards), set(ru.cards)),
            "levels": (set(self.levels), set(ru.levels)),
            "statuses": (set(self.statuses), set(ru.statuses)),
            "services": ({s.id for s in self.services}, set(ru.services)),
            "override_reasons": ({r.code for r in self.override_reasons}, set(ru.override_reasons)),
        }
        for name, (english, russian) in pairs.items():
            if english != russian:
                differ = ", ".join(sorted(english ^ russian))
                raise ValueError(f"ru.{name} must have the keys of {name}; differ: {differ}")
        for key, text in self.cards.items():
            if _fields(text) != _fields(ru.cards[key]):
                raise ValueError(f"ru.cards.{key} must fill in the same {{...}} as cards.{key}: {text!r}")
        return self

    def words(self, lang: str) -> CardWords:
        """The card words in a language (English for any other)."""
        if lang == "ru":
            return self.ru
        return CardWords(source_label=self.source_label, cards=self.cards, levels=self.levels, statuses=self.statuses)

    def override_reasons_in(self, lang: str) -> list[OverrideReason]:
        if lang != "ru":
            return self.override_reasons
        return [OverrideReason(code=r.code, display=self.ru.override_reasons[r.code]) for r in self.override_reasons]

    def services_in(self, lang: str) -> list[Service]:
        if lang != "ru":
            return self.services
        return [s.model_copy(update=self.ru.services[s.id].model_dump()) for s in self.services]


@cache
def cds_config() -> CdsConfig:
    raw = yaml.load((FHIR_DATA / "cds.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return CdsConfig.model_validate(raw)


@cache
def card_words(lang: str) -> CardWords:
    """`cds_config().words(lang)`, built once per language (each card asks)."""
    return cds_config().words(lang)
