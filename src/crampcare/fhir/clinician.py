"""Card text for the clinician who reads it: the plan's sentences speak to the person, a card about them.

The engine writes one set of sentences, addressed to the person ("because you take furosemide", "ask your doctor
about it"). A CDS card goes to a clinician in the EHR, so before it is sent each phrase of
data/fhir/clinician.yaml is replaced by one that says the same about the patient. The phrases are exact: a
sentence whose wording changes keeps its "you" until its phrase is updated, which a test catches.
"""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from crampcare.fhir.codes import FHIR_DATA


class ClinicianWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    en: list[tuple[str, str]]
    ru: list[tuple[str, str]]


@cache
def _words() -> ClinicianWords:
    raw = yaml.load((FHIR_DATA / "clinician.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return ClinicianWords.model_validate(raw)


@cache
def _pairs(lang: str) -> tuple[tuple[str, str], ...]:
    """The language's phrases with their spaces as the engine writes them (YAML's folded lines, one space)."""
    words = _words()
    pairs = words.ru if lang == "ru" else words.en
    return tuple((" ".join(said.split()), " ".join(meant.split())) for said, meant in pairs)


def for_clinician(text: str, lang: str) -> str:
    """`text` with each phrase addressed to the person replaced by the same about the patient."""
    for said, meant in _pairs(lang):
        if said in text:
            text = text.replace(said, meant)
    return text
