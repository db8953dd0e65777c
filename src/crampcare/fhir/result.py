"""What a FHIR record became: the profile, what each part of it came from, and what was not used and why."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from crampcare import i18n
from crampcare.assessment.profile import Profile
from crampcare.fhir.texts import FhirTextsRu, fhir_texts

Reason = Literal[
    "not_final",
    "too_old",
    "future",
    "superseded",
    "no_date",
    "no_value",
    "comparator",
    "unknown_unit",
    "implausible",
    "not_used_lab",
    "unknown_code",
    "inactive",
    "not_confirmed",
    "not_taken",
    "draft_order",
    "unknown_medicine",
    "not_medicine_allergy",
    "other_patient",
    "unsupported_resource",
    "no_reference",
    "pregnancy_unknown_week",
    "pregnancy_conflict",
    "pregnancy_over",
]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Used(Out):
    """One profile value and the record it came from."""

    resource: str  # "Observation/o3"
    field: str  # the profile field: "labs.potassium", "medications", "age_years"…
    value: str | float | int
    source: str  # the coding, unit, date or words it was read from
    notes: list[str] = []


class Unmapped(Out):
    """A resource or coding that was not used, and why (never dropped silently)."""

    resource: str
    element: str
    what: str
    reason: Reason
    why: str

    def warning(self) -> str:
        return fhir_texts().said_in(i18n.current()).warning.format(what=f"{self.resource} ({self.what})", why=self.why)


class FhirImport(Out):
    profile: Profile
    used: list[Used]
    unmapped: list[Unmapped]
    # Conditions on the problem list that record leg cramps (not a profile field; the CDS Hooks cards read it).
    cramp_problems: list[str]

    def warnings(self) -> list[str]:
        return [item.warning() for item in self.unmapped]


def unmapped(resource: str, element: str, what: str, reason: Reason, detail: str = "", **extra: object) -> Unmapped:
    said = fhir_texts().said_in(i18n.current())
    if isinstance(said, FhirTextsRu):  # the record's parts and codes in Russian words where crampcare has them
        what, detail = said.said(what), said.said(detail)
    why = said.reasons[reason].format(detail=detail, **extra)
    return Unmapped(resource=resource, element=element, what=what, reason=reason, why=why)


def lab_value(value: float, unit: str) -> str:
    """A lab value with its unit: "4.1 mmol/L"; in Russian «4,1 ммоль/л»."""
    if not isinstance(fhir_texts().said_in(i18n.current()), FhirTextsRu):
        return f"{value:g} {unit}"
    from crampcare.assessment.config import number, speaking
    from crampcare.assessment.config import unit as unit_words

    with speaking("ru"):
        return f"{number(value)} {unit_words(unit)}"


def lab_what(name: str, value: float | None = None, unit: str = "", when: str = "") -> str:
    """A lab result as the sentences name it: "potassium 4.1 mmol/L, 2026-10-01"; in Russian «калий 4,1 ммоль/л»."""
    said = fhir_texts().said_in(i18n.current())
    shown = "" if value is None else f" {lab_value(value, unit)}"
    if isinstance(said, FhirTextsRu):
        name = said.labs.get(name, name)
    return f"{name}{shown}" + (f", {when}" if when else "")


def pregnancy_not_for(sex: str, age: float) -> str:
    """Why a pregnancy in the record is not used for this patient (a man, or a child under 9)."""
    said = fhir_texts().said_in(i18n.current())
    if isinstance(said, FhirTextsRu):
        template = said.words["a pregnancy cannot be used for this patient"]
        return template.format(sex=said.codes.get(sex, sex), age=i18n.format_number(age))
    return f"a pregnancy cannot be used for this patient (gender {sex}, age {age:g})"


def note(key: str, detail: str = "") -> str:
    return fhir_texts().said_in(i18n.current()).notes[key].format(detail=detail)
