"""The sentences of the FHIR import (data/fhir/texts.yaml)."""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from crampcare.fhir.codes import FHIR_DATA


class FhirTextsRu(BaseModel):
    """The sentences about unused parts of a record, in Russian (issue 15)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    warning: str
    reasons: dict[str, str]
    notes: dict[str, str]
    words: dict[str, str]  # fixed English words inside a sentence (an element, a lab's reason) → Russian
    codes: dict[str, str]  # FHIR status and category codes → Russian
    labs: dict[str, str]  # analyte → its Russian name

    def said(self, english: str) -> str:
        """Fixed English words, or FHIR codes joined by ", " (resolved, refuted), in Russian where known."""
        if english in self.words:
            return self.words[english]
        parts = english.split(", ")
        return ", ".join(self.codes[p] for p in parts) if all(p in self.codes for p in parts) else english


class FhirTexts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    warning: str
    reasons: dict[str, str]
    notes: dict[str, str]
    ru: FhirTextsRu
    out: dict[str, str]
    document: dict[str, str]
    document_ru: dict[str, str]  # the same words for a plan in Russian (issue 15)

    @model_validator(mode="after")
    def _same_words(self) -> FhirTexts:
        if set(self.document_ru) != set(self.document):
            missing = sorted(set(self.document) ^ set(self.document_ru))
            raise ValueError(f"document_ru must have the keys of document; differ: {', '.join(missing)}")
        for name in ("reasons", "notes"):
            if set(getattr(self.ru, name)) != set(getattr(self, name)):
                differ = sorted(set(getattr(self.ru, name)) ^ set(getattr(self, name)))
                raise ValueError(f"ru.{name} must have the keys of {name}; differ: {', '.join(differ)}")
        return self

    def said_in(self, lang: str) -> FhirTexts | FhirTextsRu:
        """The sentences about unused parts of a record in a language (English for any other)."""
        return self.ru if lang == "ru" else self

    def document_in(self, lang: str) -> dict[str, str]:
        """The plan document's words in a plan's language (English for any other)."""
        return self.document_ru if lang == "ru" else self.document


@cache
def fhir_texts() -> FhirTexts:
    raw = yaml.load((FHIR_DATA / "texts.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return FhirTexts.model_validate(raw)
