"""The FHIR codes crampcare reads (data/fhir/codes.yaml), validated once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

FHIR_DATA = Path(__file__).resolve().parent.parent / "data" / "fhir"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Systems(Strict):
    snomed: str
    icd10: list[str]
    rxnorm: str
    atc: str
    loinc: str
    ucum: str


class ConditionCodes(Strict):
    snomed: list[str] = []
    icd10: list[str] = []


class CrampProblems(Strict):
    icd10: list[str]
    words: list[str]


class LabCodes(Strict):
    loinc: list[str]
    unit: str
    units: dict[str, float]
    use: bool = True
    why_not_used: str | None = None
    note: str | None = None


class Reported(Strict):
    loinc: list[str]
    why: str


class PregnancyCodes(Strict):
    status_loinc: list[str]
    pregnant: list[str]
    not_pregnant: list[str]
    gestational_age_loinc: list[str]


class DocumentCode(Strict):
    code: str
    display: str


class Codes(Strict):
    systems: Systems
    conditions: dict[str, ConditionCodes]
    cramp_problems: CrampProblems
    rxnorm: dict[str, str]
    atc: dict[str, str]
    labs: dict[str, LabCodes]
    not_fasting_glucose: Reported
    max_age_days: int
    future_grace_hours: int
    pregnancy: PregnancyCodes
    plan_document: DocumentCode


def unit_key(unit: str) -> str:
    """Units compared without case and with µ written u ("mg/dl" = "mg/dL", "µmol/L" = "umol/L")."""
    return unit.strip().replace("µ", "u").replace("μ", "u").casefold()


@cache
def codes() -> Codes:
    raw = yaml.load((FHIR_DATA / "codes.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return Codes.model_validate(raw)


@cache
def loinc_index() -> dict[str, str]:
    """LOINC code → analyte name (labs.yaml names, plus creatinine)."""
    return {code: name for name, lab in codes().labs.items() for code in lab.loinc}


def icd10_condition(code: str) -> str | None:
    """The condition of an ICD-10 code: the longest listed prefix wins (N18.4 → kidney_failure, N18.3 → ckd)."""
    best: tuple[int, str] | None = None
    key = code.strip().upper()
    for cid, entry in codes().conditions.items():
        for prefix in entry.icd10:
            if key.startswith(prefix.upper()) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), cid)
    return best[1] if best else None


def snomed_condition(code: str) -> str | None:
    for cid, entry in codes().conditions.items():
        if code.strip() in entry.snomed:
            return cid
    return None
