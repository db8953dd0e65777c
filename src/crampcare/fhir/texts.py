"""The sentences of the FHIR import (data/fhir/texts.yaml)."""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from crampcare.fhir.codes import FHIR_DATA


class FhirTexts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    warning: str
    reasons: dict[str, str]
    notes: dict[str, str]
    out: dict[str, str]
    document: dict[str, str]


@cache
def fhir_texts() -> FhirTexts:
    raw = yaml.load((FHIR_DATA / "texts.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return FhirTexts.model_validate(raw)
