"""A FHIR R4 record becomes a profile: what is used, what is not and why, units, dates, pregnancy, bad input."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fhir_builders import (
    NOW,
    allergy,
    bundle,
    condition,
    gestational_age,
    lab,
    load,
    medication,
    patient,
    pregnancy_status,
)

from crampcare.errors import InputError
from crampcare.fhir import FhirImport, assess_bundle, bundle_from_prefetch, profile_from_bundle
from crampcare.fhir.codes import codes
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import resolve_drug


def read(data: dict[str, Any]) -> FhirImport:
    return profile_from_bundle(data, now=NOW)


def reasons(found: FhirImport) -> dict[str, str]:
    return {item.resource: item.reason for item in found.unmapped}


# --- the worked record -------------------------------------------------------------------------------


def test_record_becomes_profile() -> None:
    found = read(load("older_woman_diuretic.json"))
    profile = found.profile
    assert profile.age_years == 74  # born 1952-06-15, assessed 2026-12-04
    assert profile.sex == "female"
    assert profile.conditions == ["Chronic kidney disease"]  # SNOMED 709044004, by its crampcare name
    # RxNorm 4603 by code; an RxNorm clinical-drug name with two ingredients by its words
    assert profile.medications == ["furosemide", "hydrochlorothiazide", "lisinopril"]
    assert profile.allergies == ["ibuprofen"]  # ATC M01AE01
    assert profile.labs.potassium == 3.2  # the newer of two results
    assert profile.labs.magnesium == pytest.approx(0.617, abs=0.001)  # 1.5 mg/dL
    assert profile.labs.egfr == 48
    assert profile.labs.sodium is None and profile.labs.calcium is None and profile.labs.glucose is None
    assert found.cramp_problems == ["Condition/c-cramps"]


def test_everything_not_used_is_listed_with_why() -> None:
    found = read(load("older_woman_diuretic.json"))
    assert reasons(found) == {
        "Condition/c-old": "inactive",
        "Condition/c-unknown": "unknown_code",
        "MedicationRequest/mr-stopped": "not_taken",
        "MedicationStatement/ms-mystery": "unknown_medicine",
        "AllergyIntolerance/a-peanut": "not_medicine_allergy",
        "Observation/bp": "unknown_code",
        "Observation/k-other": "other_patient",
        "Encounter/enc1": "unsupported_resource",
        "Observation/ca-prelim": "not_final",
        "Observation/glu-random": "not_used_lab",
        "Observation/crea": "not_used_lab",
        "Observation/k-older": "superseded",
        "Observation/na-old": "too_old",
    }
    old = next(item for item in found.unmapped if item.resource == "Observation/na-old")
    assert "2025-01-10" in old.why and "90 days" in old.why
    newer = next(item for item in found.unmapped if item.resource == "Observation/k-older")
    assert "Observation/k-new" in newer.why


def test_the_plan_warnings_name_every_unused_item() -> None:
    result = assess_bundle(load("older_woman_diuretic.json"), now=NOW)
    assert len(result.unmapped) == 13
    for item in result.unmapped:
        assert any(item.resource in warning and item.why in warning for warning in result.plan.warnings), item
    # and the plan is the engine's plan for the profile read: furosemide is a cause of cramps
    assert any(f.kind == "medication" and "furosemide" in " ".join(f.because) for f in result.plan.contributing_factors)


def test_every_used_value_names_its_source() -> None:
    found = read(load("older_woman_diuretic.json"))
    sources = {(u.field, str(u.value)): u.source for u in found.used}
    assert sources[("conditions", "Chronic kidney disease")] == "http://snomed.info/sct|709044004"
    assert sources[("medications", "furosemide")] == "http://www.nlm.nih.gov/research/umls/rxnorm|4603"
    assert sources[("labs.potassium", "3.2")].startswith("LOINC 2823-3, mmol/L, 2026-11-20")


# --- labs: units, recency, status ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loinc", "value", "unit", "name", "expected"),
    [
        ("2823-3", 4.1, "meq/L", "potassium", 4.1),
        ("2823-3", 4.1, "mEq/L", "potassium", 4.1),
        ("19123-9", 2.0, "mg/dL", "magnesium", 0.823),
        ("2601-3", 1.6, "meq/L", "magnesium", 0.8),
        ("17861-6", 9.0, "mg/dL", "calcium", 2.246),
        ("1994-3", 4.8, "mg/dL", "ionized_calcium", 1.198),
        ("1558-6", 90, "mg/dL", "glucose", 4.996),
        ("14771-0", 5.1, "mmol/L", "glucose", 5.1),
        ("62238-1", 55, "mL/min/{1.73_m2}", "egfr", 55),
        ("2157-6", 250, "U/L", "ck", 250),
        ("3016-3", 2.5, "u[IU]/mL", "tsh", 2.5),
        ("2951-2", 138, "mmol/L", "sodium", 138),
    ],
)
def test_units_are_converted(loinc: str, value: float, unit: str, name: str, expected: float) -> None:
    found = read(bundle(patient(), lab("o1", loinc, value, unit)))
    assert getattr(found.profile.labs, name) == pytest.approx(expected, abs=0.001)
    assert not found.unmapped


def test_unknown_unit_is_reported_not_guessed() -> None:
    found = read(bundle(patient(), lab("o1", "2823-3", 15.6, "mg/dL")))
    assert found.profile.labs.potassium is None
    assert reasons(found) == {"Observation/o1": "unknown_unit"}
    assert "'mg/dL'" in found.unmapped[0].why


def test_creatinine_is_converted_and_reported() -> None:
    found = read(bundle(patient(), lab("o1", "2160-0", 1.0, "mg/dL")))
    assert found.unmapped[0].reason == "not_used_lab"
    assert "88.4 µmol/L" in found.unmapped[0].what


def test_implausible_value_is_reported() -> None:
    found = read(bundle(patient(), lab("o1", "2823-3", 50, "mmol/L")))
    assert found.profile.labs.potassium is None
    assert reasons(found) == {"Observation/o1": "implausible"}


def test_a_limit_is_not_a_value() -> None:
    observation = lab("o1", "2157-6", 20, "U/L")
    observation["valueQuantity"]["comparator"] = "<"
    found = read(bundle(patient(), observation))
    assert found.profile.labs.ck is None
    assert reasons(found) == {"Observation/o1": "comparator"}


def test_newest_final_result_wins_even_when_listed_first_or_last() -> None:
    older = lab("old", "2823-3", 5.9, "mmol/L", "2026-11-01T08:00:00Z")
    newer = lab("new", "2823-3", 4.0, "mmol/L", "2026-12-01T08:00:00+01:00")
    prelim = lab("pre", "2823-3", 6.5, "mmol/L", "2026-12-03T08:00:00Z", status="preliminary")
    for order in ((older, newer, prelim), (prelim, newer, older)):
        found = read(bundle(patient(), *order))
        assert found.profile.labs.potassium == 4.0
        assert reasons(found) == {"Observation/old": "superseded", "Observation/pre": "not_final"}


def test_age_limit_is_stated_and_applied() -> None:
    days = codes().max_age_days
    assert days == 90
    inside = lab("in", "2823-3", 3.4, "mmol/L", "2026-09-06T12:00:00Z")  # 89 days before NOW
    outside = lab("out", "2951-2", 130, "mmol/L", "2026-09-04T12:00:00Z")  # 91 days before NOW
    found = read(bundle(patient(), inside, outside))
    assert found.profile.labs.potassium == 3.4
    assert found.profile.labs.sodium is None
    assert reasons(found) == {"Observation/out": "too_old"}


def test_a_result_dated_in_the_future_is_reported_not_used() -> None:
    """Dated three days after NOW: a recording error, reported, and it does not set aside the real result; a few
    hours ahead (a date in a time zone ahead of UTC) is within the grace."""
    assert codes().future_grace_hours == 24
    future = lab("future", "2823-3", 2.4, "mmol/L", "2026-12-07T12:00:00Z")
    real = lab("real", "2823-3", 4.1, "mmol/L", "2026-12-01T08:00:00Z")
    found = read(bundle(patient(), future, real))
    assert found.profile.labs.potassium == 4.1
    assert reasons(found) == {"Observation/future": "future"}
    assert "2026-12-07" in found.unmapped[0].why
    ahead = lab("ahead", "2951-2", 138, "mmol/L", "2026-12-05T06:00:00+10:00")  # NOW + 8 hours
    assert read(bundle(patient(), ahead)).profile.labs.sodium == 138


def test_result_without_date_is_reported() -> None:
    observation = lab("o1", "2823-3", 3.4, "mmol/L")
    del observation["effectiveDateTime"]
    found = read(bundle(patient(), observation))
    assert reasons(found) == {"Observation/o1": "no_date"}


def test_total_calcium_carries_its_caveat() -> None:
    found = read(bundle(patient(), lab("ca", "2000-8", 2.1, "mmol/L")))
    used = next(u for u in found.used if u.field == "labs.calcium")
    assert any("albumin" in n for n in used.notes)


# --- pregnancy ------------------------------------------------------------------------------------------


def test_gestational_age_is_counted_on_to_today() -> None:
    # 20 weeks on 2026-11-20; on 2026-12-04 that is 22 weeks
    found = read(bundle(patient("1994-01-01"), pregnancy_status("s", "77386006"), gestational_age("g", 20)))
    assert found.profile.pregnancy_weeks == 22
    found = read(bundle(patient("1994-01-01"), gestational_age("g", 140, "d")))
    assert found.profile.pregnancy_weeks == 22


def test_pregnant_without_week_is_reported_loudly() -> None:
    found = read(bundle(patient("1994-01-01"), pregnancy_status("s", "77386006")))
    assert found.profile.pregnancy_weeks is None
    assert reasons(found) == {"Observation/s": "pregnancy_unknown_week"}
    assert "NOT taken into account" in found.warnings()[0]


def test_not_pregnant_overrides_an_older_gestational_age() -> None:
    found = read(bundle(patient("1994-01-01"), pregnancy_status("s", "60001007"), gestational_age("g", 30)))
    assert found.profile.pregnancy_weeks is None
    assert reasons(found) == {"Observation/g": "pregnancy_conflict"}


def test_a_gestational_age_after_a_not_pregnant_status_is_a_new_pregnancy() -> None:
    status = pregnancy_status("s", "60001007", "2026-09-01")
    found = read(bundle(patient("1994-01-01"), status, gestational_age("g", 8, "wk", "2026-11-27")))
    assert found.profile.pregnancy_weeks == 9


def test_pregnancy_for_a_male_record_is_not_used() -> None:
    found = read(bundle(patient("1994-01-01", "male"), gestational_age("g", 20)))
    assert found.profile.pregnancy_weeks is None
    assert reasons(found) == {"Patient/p1": "pregnancy_conflict"}


def test_a_gestational_age_long_past_means_the_pregnancy_ended() -> None:
    found = read(bundle(patient("1994-01-01"), gestational_age("g", 30, "wk", "2026-06-01")))
    assert found.profile.pregnancy_weeks is None
    assert reasons(found) == {"Observation/g": "too_old"} or reasons(found) == {"Observation/g": "pregnancy_over"}


# --- conditions, medicines, allergies ------------------------------------------------------------------


def test_icd10_longest_prefix_and_words() -> None:
    found = read(
        bundle(
            patient(),
            condition("a", "", {"system": "http://hl7.org/fhir/sid/icd-10", "code": "N18.4"}),
            condition("b", "Parkinson's disease"),
            condition("c", "x", {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E11.9"}),
        )
    )
    assert found.profile.conditions == [
        "Kidney failure (severe renal impairment, eGFR below 30)",
        "Parkinson's disease",
        "Diabetes mellitus",
    ]


def test_unconfirmed_condition_is_not_used() -> None:
    item = condition("a", "Heart failure")
    item["verificationStatus"] = {"coding": [{"code": "refuted"}]}
    found = read(bundle(patient(), item))
    assert found.profile.conditions == []
    assert reasons(found) == {"Condition/a": "not_confirmed"}


def test_medication_reference_and_r4_request() -> None:
    med = {
        "resourceType": "Medication",
        "id": "med1",
        "code": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "9071"}]},
    }
    request = {
        "resourceType": "MedicationRequest",
        "id": "r1",
        "status": "active",
        "intent": "order",
        "subject": {"reference": "Patient/p1"},
        "medicationReference": {"reference": "Medication/med1"},
    }
    missing = {**request, "id": "r2", "medicationReference": {"reference": "Medication/nowhere"}}
    found = read(bundle(patient(), med, request, missing))
    assert found.profile.medications == ["quinine"]
    assert reasons(found) == {"MedicationRequest/r2": "no_reference"}


def test_draft_order_is_not_a_current_medicine() -> None:
    found = read(bundle(patient(), medication("d", "naproxen", "draft", "MedicationRequest")))
    assert found.profile.medications == []
    assert reasons(found) == {"MedicationRequest/d": "draft_order"}


def test_unknown_status_counts_as_taken_with_a_note() -> None:
    found = read(bundle(patient(), medication("m", "Lasix 40 mg", "unknown")))
    assert found.profile.medications == ["Lasix 40 mg"]
    assert found.used[-1].notes


def test_food_allergy_is_reported() -> None:
    found = read(bundle(patient(), allergy("a", "peanut", "food"), allergy("b", "Lasix")))
    assert found.profile.allergies == ["Lasix"]
    assert reasons(found) == {"AllergyIntolerance/a": "not_medicine_allergy"}


# --- the code tables are data, and every entry means something ----------------------------------------


def test_every_code_maps_to_something_crampcare_knows(kb: KnowledgeBase) -> None:
    table = codes()
    for cid in table.conditions:
        assert cid in kb.conditions, cid
    for inn in [*table.rxnorm.values(), *table.atc.values()]:
        assert resolve_drug(kb, inn) is not None, inn
    from crampcare.assessment.profile import Labs

    for name, entry in table.labs.items():
        assert (name in Labs.model_fields) == entry.use, name


# --- bad input ------------------------------------------------------------------------------------------


def test_malformed_bundle_names_entry_resource_and_element() -> None:
    bad = bundle(patient(), lab("o1", "2823-3", 3.0, "mmol/L"))
    bad["entry"][1]["resource"]["valueQuantity"]["value"] = "three"
    with pytest.raises(InputError) as caught:
        read(bad)
    assert caught.value.field == "bundle"
    assert "entry[1] (Observation/o1): valueQuantity.value" in caught.value.message


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ([], "must be a FHIR Bundle"),
        ({"resourceType": "Patient"}, "resourceType must be Bundle"),
        (bundle(), "holds 0 Patient resources"),
        (bundle(patient(), patient(pid="p2")), "holds 2 Patient resources"),
        (bundle({"resourceType": "Patient", "id": "p1"}), "birthDate"),
        (bundle(patient("2030-01-01")), "is after"),
        (bundle({"resourceType": "Observation", "id": "o", "status": "final"}), "code"),
        (
            bundle(patient(), {"resourceType": "Nope", "id": "x"}),
            "entry[1] (Nope/x): resourceType: 'Nope' is not an R4",
        ),
        (bundle(patient(), {"id": "x"}), "entry[1] (resource/x): resourceType: None is not an R4"),
        ({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": "text"}]}, "entry[0]"),
        (bundle(patient() | {"photo": "me.png"}), "entry[0] (Patient/p1): photo"),
    ],
)
def test_unreadable_bundles_are_input_errors(data: Any, needle: str) -> None:
    with pytest.raises(InputError) as caught:
        read(data)
    assert needle in caught.value.one_line()


def test_the_input_is_not_changed() -> None:
    data = load("older_woman_diuretic.json")
    before = copy.deepcopy(data)
    read(data)
    assert data == before


# --- CDS Hooks prefetch ---------------------------------------------------------------------------------


def test_prefetch_is_read_like_a_bundle() -> None:
    prefetch = {
        "patient": patient(),
        "conditions": bundle(condition("c", "CKD")) | {"type": "searchset"},
        "medications": None,
        "labs": bundle(lab("k", "2823-3", 3.1, "mmol/L")) | {"type": "searchset"},
    }
    found = read(bundle_from_prefetch(prefetch))
    assert found.profile.conditions == ["CKD"]
    assert found.profile.labs.potassium == 3.1
