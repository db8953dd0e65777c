"""POST /assess/fhir: a FHIR R4 Bundle (a patient's record) in, the care plan out; GET /diary/export.fhir."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import Response

from crampcare.api.deps import DiaryUrlDep
from crampcare.api.json_body import StrictJsonRoute
from crampcare.fhir.assess import FhirPlan

# StrictJsonRoute: a key given twice in the record is refused, never silently the last one.
router = APIRouter(tags=["fhir"], route_class=StrictJsonRoute)


@router.post(
    "/assess/fhir",
    response_class=Response,
    responses={200: {"model": FhirPlan, "description": "The plan, the profile read, and what was not used"}},
    summary="Assess a FHIR R4 Bundle",
    description="Patient, Condition, MedicationStatement/MedicationRequest, AllergyIntolerance and Observation "
    "resources become a profile; `unmapped` lists every resource or coding not used, with why, and the plan's "
    "warnings say so. Not a diagnosis.",
)
def assess_fhir(bundle: Annotated[dict[str, Any], Body(description="A FHIR R4 Bundle")]) -> Response:
    # A plain def: validating a Bundle with the FHIR models takes milliseconds, so it runs off the event loop.
    from crampcare.fhir import assess_bundle

    return Response(assess_bundle(bundle).model_dump_json(), media_type="application/json")


@router.post(
    "/assess/fhir/document",
    response_class=Response,
    responses={200: {"description": "A FHIR R4 DocumentReference", "content": {"application/fhir+json": {}}}},
    summary="The plan of a FHIR R4 Bundle as a DocumentReference",
    description="The same reading and plan as /assess/fhir, as a PDF for the clinician inside a DocumentReference "
    "(LOINC 18776-5, plan of care note; subject the record's Patient), ready to file in an EHR. Not a diagnosis.",
)
def assess_fhir_document(bundle: Annotated[dict[str, Any], Body(description="A FHIR R4 Bundle")]) -> Response:
    import json

    from crampcare.fhir.document import plan_document

    body = json.dumps(plan_document(bundle), ensure_ascii=False)
    return Response(body, media_type="application/fhir+json")


@router.get(
    "/diary/export.fhir",
    response_class=Response,
    responses={200: {"description": "A FHIR R4 collection Bundle", "content": {"application/fhir+json": {}}}},
    summary="The diary as FHIR R4",
    description="One Observation per cramp episode (time, muscle and side, pain score LOINC 72514-3, duration) "
    "and one per daily check-in.",
)
def diary_export_fhir(db_url: DiaryUrlDep) -> Response:
    import json

    from crampcare.diary.importexport import export_data
    from crampcare.fhir.outbound import diary_bundle

    body = json.dumps(diary_bundle(export_data(db_url=db_url)), ensure_ascii=False)
    return Response(body, media_type="application/fhir+json")
