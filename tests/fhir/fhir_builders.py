"""Build small FHIR R4 resources and Bundles for tests (the fixtures that matter are JSON files in bundles/)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BUNDLES = Path(__file__).resolve().parent / "bundles"
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((BUNDLES / name).read_text(encoding="utf-8"))
    return data


def patient(birth: str = "1950-03-02", gender: str = "female", pid: str = "p1") -> dict[str, Any]:
    return {"resourceType": "Patient", "id": pid, "gender": gender, "birthDate": birth}


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


def lab(
    oid: str, loinc: str, value: float, unit: str, when: str = "2026-11-30T08:00:00Z", status: str = "final"
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": oid,
        "status": status,
        "code": {"coding": [{"system": LOINC, "code": loinc}]},
        "effectiveDateTime": when,
        "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit},
    }


def pregnancy_status(oid: str, snomed: str, when: str = "2026-11-30") -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "82810-3"}]},
        "effectiveDateTime": when,
        "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": snomed}]},
    }


def gestational_age(oid: str, value: float, unit: str = "wk", when: str = "2026-11-20") -> dict[str, Any]:
    return lab(oid, "11884-4", value, unit, when)


def condition(cid: str, text: str, *codings: dict[str, str], clinical: str = "active") -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": cid,
        "subject": {"reference": "Patient/p1"},
        "clinicalStatus": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": clinical}]
        },
        "code": {"coding": list(codings)} | ({"text": text} if text else {}),
    }


def medication(mid: str, text: str, status: str = "active", kind: str = "MedicationStatement") -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": kind,
        "id": mid,
        "status": status,
        "medicationCodeableConcept": {"text": text},
        "subject": {"reference": "Patient/p1"},
    }
    if kind == "MedicationRequest":
        resource["intent"] = "order"
    return resource


def allergy(aid: str, text: str, category: str = "medication") -> dict[str, Any]:
    return {
        "resourceType": "AllergyIntolerance",
        "id": aid,
        "category": [category],
        "code": {"text": text},
        "patient": {"reference": "Patient/p1"},
    }


# The profile's labs as FHIR: the first LOINC code of each and the profile's own unit in UCUM.
LAB_LOINC = {
    "potassium": ("2823-3", "mmol/L"),
    "sodium": ("2951-2", "mmol/L"),
    "magnesium": ("2601-3", "mmol/L"),
    "calcium": ("2000-8", "mmol/L"),
    "ionized_calcium": ("1995-0", "mmol/L"),
    "glucose": ("14771-0", "mmol/L"),
    "egfr": ("98979-8", "mL/min/{1.73_m2}"),
    "ck": ("2157-6", "U/L"),
    "tsh": ("3016-3", "m[IU]/L"),
}


def bundle_from_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """A profile written as a clinical record: what a typed profile and the record should agree on."""
    age = int(profile["age_years"])
    birth = f"{NOW.year - age - 1}-{NOW.month:02d}-{NOW.day + 1:02d}"
    sex = profile.get("sex") or "unknown"
    resources = [patient(birth, sex)]
    resources += [condition(f"c{i}", name) for i, name in enumerate(profile.get("conditions", []))]
    resources += [medication(f"m{i}", name) for i, name in enumerate(profile.get("medications", []))]
    resources += [allergy(f"a{i}", name) for i, name in enumerate(profile.get("allergies", []))]
    for name, value in (profile.get("labs") or {}).items():
        loinc, unit = LAB_LOINC[name]
        resources.append(lab(f"lab-{name}", loinc, value, unit))
    if profile.get("pregnancy_weeks"):
        resources.append(pregnancy_status("preg", "77386006"))
        resources.append(gestational_age("ga", profile["pregnancy_weeks"], "wk", NOW.isoformat()))
    return bundle(*resources)
