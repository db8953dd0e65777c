"""A FHIR Bundle in, the care plan out: the plan's warnings name every part of the record that was not used."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from crampcare.assessment.engine import assess
from crampcare.assessment.plan import CarePlan
from crampcare.assessment.profile import Profile
from crampcare.fhir.inbound import profile_from_bundle
from crampcare.fhir.result import FhirImport, Unmapped, Used
from crampcare.knowledge.loader import KnowledgeBase


class FhirPlan(BaseModel):
    """What `crampcare assess --fhir` and POST /api/v1/assess/fhir answer."""

    model_config = ConfigDict(extra="forbid")

    plan: CarePlan
    profile: Profile
    used: list[Used]
    unmapped: list[Unmapped]
    cramp_problems: list[str]


def plan_for_import(found: FhirImport, kb: KnowledgeBase | None = None) -> CarePlan:
    plan = assess(found.profile, kb)
    warnings = list(dict.fromkeys([*plan.warnings, *found.warnings()]))
    return plan.model_copy(update={"warnings": warnings})


def assess_bundle(
    data: Any, *, now: datetime | None = None, kb: KnowledgeBase | None = None, field: str = "bundle"
) -> FhirPlan:
    found = profile_from_bundle(data, now=now, kb=kb, field=field)
    return FhirPlan(
        plan=plan_for_import(found, kb),
        profile=found.profile,
        used=found.used,
        unmapped=found.unmapped,
        cramp_problems=found.cramp_problems,
    )
