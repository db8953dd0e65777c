"""What a FHIR record became: the profile, what each part of it came from, and what was not used and why."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from crampcare import i18n
from crampcare.assessment.profile import Profile
from crampcare.fhir.texts import fhir_texts

Reason = Literal[
    "not_final",
    "too_old",
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
    why = fhir_texts().said_in(i18n.current()).reasons[reason].format(detail=detail, **extra)
    return Unmapped(resource=resource, element=element, what=what, reason=reason, why=why)


def note(key: str, detail: str = "") -> str:
    return fhir_texts().said_in(i18n.current()).notes[key].format(detail=detail)
