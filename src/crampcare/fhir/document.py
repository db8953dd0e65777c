"""FHIR out: the plan made from a clinical record, as a PDF inside an R4 DocumentReference (issue 14).

The issue asks for no RequestGroup or CarePlan: a document an EHR can file beside the patient's other notes is
enough. The DocumentReference is typed LOINC 18776-5 (plan of care note), names the record's Patient as its
subject, and carries the PDF inline (`content.attachment.data`, base64) with its size and SHA-1 hash, as R4's
Attachment defines them. It is validated with the R4B models before it is returned.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from fhir.resources.R4B.documentreference import DocumentReference

from crampcare.fhir.assess import plan_for_import
from crampcare.fhir.codes import codes
from crampcare.fhir.inbound import profile_from_bundle
from crampcare.fhir.texts import fhir_texts
from crampcare.fhir.values import ref
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.reports.plan_pdf import render_plan_pdf


def _patient(data: dict[str, Any]) -> dict[str, Any]:
    """The record's Patient (profile_from_bundle has already checked that there is exactly one)."""
    for entry in data.get("entry") or []:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict) and resource.get("resourceType") == "Patient":
            return resource
    raise AssertionError("profile_from_bundle accepted a record without a Patient")


def plan_document(
    data: Any, *, now: datetime | None = None, kb: KnowledgeBase | None = None, field: str = "bundle"
) -> dict[str, Any]:
    """A FHIR R4 Bundle (a patient's record) in, a DocumentReference holding the plan as PDF out (JSON as dict).

    InputError (naming the entry and element) for a record that cannot be read, as for `assess --fhir`.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    found = profile_from_bundle(data, now=now, kb=kb, field=field)
    plan = plan_for_import(found, kb)
    patient = _patient(data)
    words = fhir_texts().document_in(plan.lang)
    pdf = render_plan_pdf(
        plan,
        found.profile,
        words=words,
        patient=ref(patient),
        not_used=found.warnings(),
        prepared=now.date(),
    )
    created = now.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    loinc = codes().plan_document
    document: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": str(uuid.uuid4()),
        "status": "current",
        "docStatus": "final",
        "type": {
            "coding": [{"system": codes().systems.loinc, "code": loinc.code, "display": loinc.display}],
            "text": words["type_text"],
        },
        "date": created,
        "description": words["description"],
        "content": [
            {
                "attachment": {
                    "contentType": "application/pdf",
                    "language": plan.lang,
                    "data": base64.b64encode(pdf).decode("ascii"),
                    "size": len(pdf),
                    "hash": base64.b64encode(hashlib.sha1(pdf, usedforsecurity=False).digest()).decode("ascii"),
                    "title": words["attachment_title"],
                    "creation": created,
                }
            }
        ],
    }
    if patient.get("id"):
        document["subject"] = {"reference": ref(patient)}
    DocumentReference.model_validate(document)  # a bug here must fail loudly, never hand out invalid FHIR
    return document
