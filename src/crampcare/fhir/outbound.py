"""The cramp diary as a FHIR R4 Bundle: one Observation per cramp episode and one per daily check-in.

Each episode carries its time, the muscle and side (bodySite, in words: R4 Observation has no laterality
element), the pain score (LOINC 72514-3) and the duration (UCUM min). What has no standard code is given in
words (CodeableConcept.text), which R4 allows. The Bundle is validated with the R4B models before it is
returned, so crampcare never hands out FHIR that a FHIR reader would refuse.
"""

from __future__ import annotations

import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from crampcare.fhir.codes import codes
from crampcare.fhir.texts import fhir_texts

IDENTITY = ("started", "muscle", "side", "duration_minutes", "pain", "setting")
NAMESPACE = uuid.UUID("1c7a2f5e-9a43-4cf8-9a0e-3f1c2b6d7e80")  # stable ids: the same diary gives the same Bundle


def _text(key: str) -> dict[str, str]:
    return {"text": fhir_texts().out[key]}


def _quantity(value: float, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": codes().systems.ucum, "code": code}


def _component(key: str, value: Any) -> dict[str, Any] | None:
    """One component; None when there is nothing to say (FHIR has no empty values)."""
    if value is None or value == "" or value == []:
        return None
    out: dict[str, Any] = {"code": _text(key)}
    if isinstance(value, bool):
        out["valueBoolean"] = value
    elif isinstance(value, list):
        out["valueString"] = ", ".join(str(v) for v in value)
    elif isinstance(value, int | float) and key == "water_litres":
        out["valueQuantity"] = _quantity(float(value), "L", "L")
    elif isinstance(value, int | float):
        unit = key.split("_")[-1]  # cups, units: counted things, UCUM annotations
        out["valueQuantity"] = _quantity(float(value), unit, "{" + unit + "}")
    else:
        out["valueString"] = str(value)
    return out


def _episode(record: dict[str, Any]) -> dict[str, Any]:
    words = fhir_texts().out
    components = []
    if record.get("pain") is not None:
        pain = {"coding": [{"system": codes().systems.loinc, "code": "72514-3", "display": words["pain"]}]}
        components.append({"code": pain, "valueInteger": int(record["pain"])})
    if record.get("duration_minutes") is not None:
        duration = _quantity(float(record["duration_minutes"]), "min", "min")
        components.append({"code": _text("duration"), "valueQuantity": duration})
    for key in ("setting", "sleep_disturbance", "helper", "tried", "triggers"):
        found = _component(key, record.get(key))
        if found is not None:
            components.append(found)
    site = " ".join(str(part) for part in (record.get("side"), record.get("muscle")) if part)
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(uuid.uuid5(NAMESPACE, "episode|" + "|".join(str(record.get(k)) for k in IDENTITY))),
        "status": "final",
        "code": _text("episode"),
        "effectiveDateTime": record["started"],
    }
    if site:
        resource["bodySite"] = {"text": site.replace("_", " ")}
    if components:
        resource["component"] = components
    notes = [str(record[key]) for key in ("note", "trigger_note") if record.get(key)]
    if notes:
        resource["note"] = [{"text": note} for note in notes]
    return resource


def _checkin(record: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "water_litres",
        "caffeine_cups",
        "alcohol_units",
        "exercise",
        "unusual_exercise",
        "heat",
        "tight_shoes",
        "medicines",
    )
    components = [found for key in keys if (found := _component(key, record.get(key))) is not None]
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(uuid.uuid5(NAMESPACE, f"checkin|{record['day']}")),
        "status": "final",
        "code": _text("checkin"),
        "effectiveDateTime": record["day"],
    }
    if components:
        resource["component"] = components
    if record.get("note"):
        resource["note"] = [{"text": str(record["note"])}]
    return resource


def diary_bundle(data: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The diary export (`importexport.export_data`) as a validated FHIR R4 collection Bundle."""
    resources = [*(_episode(e) for e in data.get("episodes", [])), *(_checkin(c) for c in data.get("checkins", []))]
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "collection"}
    if resources:
        bundle["entry"] = [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]
    Bundle.model_validate(bundle)  # a bug here must fail loudly, never hand out invalid FHIR
    return bundle
