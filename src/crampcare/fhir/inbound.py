"""A FHIR R4 Bundle becomes a crampcare `Profile`, with what each value came from and what was not used."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from crampcare.assessment.validation import parse_profile
from crampcare.errors import InputError
from crampcare.fhir.clock import ReadAt
from crampcare.fhir.observations import is_lab, is_pregnancy_observation, read_observations
from crampcare.fhir.parse import parse_bundle
from crampcare.fhir.records import condition_ids, drug_names, is_cramp_problem
from crampcare.fhir.result import FhirImport, Unmapped, Used, note, pregnancy_not_for, unmapped
from crampcare.fhir.values import describe, instant, ref, status_codes
from crampcare.i18n import _
from crampcare.knowledge.loader import KnowledgeBase, knowledge

ACTIVE = frozenset({"active", "recurrence", "relapse"})
NOT_CONFIRMED = frozenset({"unconfirmed", "provisional", "differential", "refuted", "entered-in-error"})
TAKEN_STATEMENT = frozenset({"active", "intended", "on-hold", "unknown"})
TAKEN_REQUEST = frozenset({"active", "on-hold", "unknown"})
READ = frozenset(
    {
        "Patient",
        "Condition",
        "MedicationStatement",
        "MedicationRequest",
        "Medication",
        "AllergyIntolerance",
        "Observation",
    }
)
SUBJECT = {"AllergyIntolerance": "patient"}  # the element that names the patient (subject elsewhere)


class _Record:
    """The resources of one Bundle and what has been made of them so far."""

    def __init__(self, kb: KnowledgeBase, resources: list[dict[str, Any]], full_urls: dict[int, str]) -> None:
        self.kb = kb
        self.resources = resources
        self.full_urls = full_urls
        self.used: list[Used] = []
        self.unmapped: list[Unmapped] = []
        self.conditions: list[str] = []
        self.medications: list[str] = []
        self.allergies: list[str] = []
        self.cramp_problems: list[str] = []


def _patient(resources: list[dict[str, Any]]) -> dict[str, Any]:
    patients = [r for r in resources if r.get("resourceType") == "Patient"]
    if len(patients) != 1:
        raise InputError(
            _("holds %(count)s Patient resources") % {"count": len(patients)},
            field="bundle.entry",
            valid=_("exactly one Patient"),
        )
    return patients[0]


def _age(patient: dict[str, Any], at: ReadAt, record: _Record) -> float:
    today = at.today()
    birth = patient.get("birthDate")
    born = instant(birth)
    if born is None:
        raise InputError(
            _("is required to assess"), field=f"{ref(patient)}.birthDate", valid=_("a date, e.g. 1950-03-02")
        )
    first = born.date()
    if first > today:
        raise InputError(
            _("%(day)s is after %(today)s") % {"day": birth, "today": today.isoformat()},
            field=f"{ref(patient)}.birthDate",
        )
    years = today.year - first.year - ((today.month, today.day) < (first.month, first.day))
    notes = [note("year_only_birth_date", str(birth))] if len(str(birth)) < 10 else []
    record.used.append(
        Used(resource=ref(patient), field="age_years", value=years, source=f"birthDate {birth}", notes=notes)
    )
    return float(years)


def _is_about(resource: dict[str, Any], patient: dict[str, Any], record: _Record, index: int) -> bool:
    target = resource.get(SUBJECT.get(str(resource.get("resourceType")), "subject"))
    reference = target.get("reference") if isinstance(target, dict) else None
    if not reference:
        return True  # a prefetch is already scoped to the patient
    pid = patient.get("id")
    patient_url = record.full_urls.get(id(patient))
    if reference in (f"Patient/{pid}", patient_url) or reference.endswith(f"/Patient/{pid}"):
        return True
    record.unmapped.append(
        unmapped(ref(resource), "subject", str(resource.get("resourceType")), "other_patient", reference)
    )
    return False


def _condition(resource: dict[str, Any], record: _Record) -> None:
    rid, concept = ref(resource), resource.get("code")
    what = describe(concept)
    clinical = status_codes(resource.get("clinicalStatus"))
    if clinical and not clinical & ACTIVE:
        record.unmapped.append(unmapped(rid, "clinicalStatus", what, "inactive", ", ".join(sorted(clinical))))
        return
    verification = status_codes(resource.get("verificationStatus")) & NOT_CONFIRMED
    if verification:
        record.unmapped.append(unmapped(rid, "verificationStatus", what, "not_confirmed", ", ".join(verification)))
        return
    if is_cramp_problem(concept):
        record.cramp_problems.append(rid)
        record.used.append(Used(resource=rid, field="cramp_problems", value="leg cramps", source=what))
        return
    ids, source = condition_ids(record.kb, concept)
    if not ids:
        record.unmapped.append(unmapped(rid, "code", what, "unknown_code", "its codes or words"))
        return
    record.conditions.extend(ids)
    record.used.extend(Used(resource=rid, field="conditions", value=cid, source=source) for cid in ids)


def _medication_concept(resource: dict[str, Any], record: _Record) -> dict[str, Any] | None:
    concept = resource.get("medicationCodeableConcept")
    if isinstance(concept, dict):
        return concept
    target = resource.get("medicationReference")
    reference = str(target.get("reference", "")) if isinstance(target, dict) else ""
    pool = [c for c in resource.get("contained") or [] if isinstance(c, dict)] if reference.startswith("#") else []
    pool += [r for r in record.resources if r.get("resourceType") == "Medication"]
    for medication in pool:
        mid = medication.get("id")
        if reference in (f"#{mid}", f"Medication/{mid}") or reference == record.full_urls.get(id(medication)):
            code = medication.get("code")
            return code if isinstance(code, dict) else None
    record.unmapped.append(
        unmapped(ref(resource), "medicationReference", reference or "(none)", "no_reference", reference or "(none)")
    )
    return None


def _medication(resource: dict[str, Any], record: _Record) -> None:
    rid, kind = ref(resource), resource.get("resourceType")
    status = str(resource.get("status"))
    concept = _medication_concept(resource, record)
    if concept is None:
        return
    what = describe(concept)
    if kind == "MedicationRequest" and status == "draft":
        record.unmapped.append(unmapped(rid, "status", what, "draft_order"))
        return
    if status not in (TAKEN_STATEMENT if kind == "MedicationStatement" else TAKEN_REQUEST):
        record.unmapped.append(unmapped(rid, "status", what, "not_taken", status))
        return
    names, source = drug_names(record.kb, concept)
    if not names:
        record.unmapped.append(unmapped(rid, "medication[x]", what, "unknown_medicine", what))
        return
    notes = [note("status_unknown_taken")] if status == "unknown" else []
    record.medications.extend(names)
    record.used.extend(Used(resource=rid, field="medications", value=n, source=source, notes=notes) for n in names)


def _allergy(resource: dict[str, Any], record: _Record) -> None:
    rid, concept = ref(resource), resource.get("code")
    what = describe(concept)
    clinical = status_codes(resource.get("clinicalStatus"))
    if clinical and "active" not in clinical:
        record.unmapped.append(unmapped(rid, "clinicalStatus", what, "inactive", ", ".join(sorted(clinical))))
        return
    verification = status_codes(resource.get("verificationStatus")) & {"refuted", "entered-in-error"}
    if verification:
        record.unmapped.append(unmapped(rid, "verificationStatus", what, "not_confirmed", ", ".join(verification)))
        return
    categories = {str(c) for c in resource.get("category") or []}
    if categories and "medication" not in categories:
        record.unmapped.append(unmapped(rid, "category", what, "not_medicine_allergy", ", ".join(sorted(categories))))
        return
    names, source = drug_names(record.kb, concept)
    if not names:
        record.unmapped.append(unmapped(rid, "code", what, "unknown_medicine", what))
        return
    record.allergies.extend(names)
    record.used.extend(Used(resource=rid, field="allergies", value=n, source=source) for n in names)


HANDLERS = {
    "Condition": _condition,
    "MedicationStatement": _medication,
    "MedicationRequest": _medication,
    "AllergyIntolerance": _allergy,
}


def profile_from_bundle(
    data: Any, *, now: datetime | None = None, kb: KnowledgeBase | None = None, field: str = "bundle"
) -> FhirImport:
    """Read a FHIR R4 Bundle (JSON as parsed) into a profile; InputError for a Bundle that cannot be read.

    `now` is the reference time for age and for how old a result may be (default: the current time, UTC).
    """
    return read_bundle(data, ReadAt(now or datetime.now(UTC)), kb=kb or knowledge(), field=field)


def read_bundle(data: Any, at: ReadAt, *, kb: KnowledgeBase, field: str) -> FhirImport:
    """`profile_from_bundle` as of `at.now`; afterwards `at` holds the span of times that read the record alike."""
    parse_bundle(data, field=field)  # validates every resource against the R4 models first
    entries = [e for e in data.get("entry") or [] if isinstance(e, dict) and isinstance(e.get("resource"), dict)]
    resources = [e["resource"] for e in entries]
    full_urls = {id(e["resource"]): str(e["fullUrl"]) for e in entries if e.get("fullUrl")}
    record = _Record(kb, resources, full_urls)
    patient = _patient(resources)
    age = _age(patient, at, record)
    sex = {"female": "female", "male": "male", "other": "other"}.get(str(patient.get("gender")))
    if sex:
        record.used.append(Used(resource=ref(patient), field="sex", value=sex, source=f"gender {sex}"))
    observations: list[dict[str, Any]] = []
    for index, resource in enumerate(resources):
        kind = str(resource.get("resourceType"))
        if kind in ("Patient", "Medication"):
            continue
        if kind not in READ:
            record.unmapped.append(unmapped(ref(resource), "resourceType", kind, "unsupported_resource", kind))
            continue
        if not _is_about(resource, patient, record, index):
            continue
        if kind == "Observation":
            if is_lab(resource) or is_pregnancy_observation(resource):
                observations.append(resource)
            else:
                what = describe(resource.get("code"))
                record.unmapped.append(unmapped(ref(resource), "code", what, "unknown_code", "its codes or words"))
            continue
        HANDLERS[kind](resource, record)
    read = read_observations(observations, at)
    record.used.extend(read.used)
    record.unmapped.extend(read.unmapped)
    pregnancy_weeks = read.pregnancy_weeks
    if pregnancy_weeks is not None and (sex == "male" or age < 9):
        record.unmapped.append(
            unmapped(
                ref(patient),
                "gender",
                "pregnancy",
                "pregnancy_conflict",
                pregnancy_not_for(str(sex), age),
            )
        )
        pregnancy_weeks = None
    profile = parse_profile(
        {
            "age_years": age,
            "sex": sex,
            "pregnancy_weeks": pregnancy_weeks,
            "conditions": list(dict.fromkeys(record.conditions)),
            "medications": list(dict.fromkeys(record.medications)),
            "allergies": list(dict.fromkeys(record.allergies)),
            "labs": read.labs,
        }
    )
    return FhirImport(profile=profile, used=record.used, unmapped=record.unmapped, cramp_problems=record.cramp_problems)
