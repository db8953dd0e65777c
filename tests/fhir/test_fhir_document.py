"""FHIR out: the plan from a clinical record as a PDF inside an R4 DocumentReference (issue 14)."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.documentreference import DocumentReference
from fhir_builders import bundle, lab, load, medication, patient
from fhir_schema import assert_valid_r4

from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.errors import InputError
from crampcare.fhir.document import plan_document

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def pdf_of(document: dict[str, Any]) -> bytes:
    return base64.b64decode(document["content"][0]["attachment"]["data"])


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def test_the_plan_is_a_valid_document_reference_with_the_pdf(tmp_path: Path) -> None:
    document = plan_document(load("older_woman_diuretic.json"), now=NOW)
    DocumentReference.model_validate(document)
    assert_valid_r4(document)  # and HL7's R4 JSON Schema
    assert document["status"] == "current" and document["docStatus"] == "final"
    assert document["type"]["coding"] == [
        {"system": "http://loinc.org", "code": "18776-5", "display": "Plan of care note"}
    ]
    assert document["subject"]["reference"].startswith("Patient/")
    assert document["date"] == "2026-12-04T12:00:00Z"
    attachment = document["content"][0]["attachment"]
    pdf = pdf_of(document)
    assert attachment["contentType"] == "application/pdf" and pdf.startswith(b"%PDF")
    assert attachment["size"] == len(pdf)
    assert base64.b64decode(attachment["hash"]) == hashlib.sha1(pdf, usedforsecurity=False).digest()
    text = pdf_text(pdf, tmp_path)
    assert "crampcare plan from a clinical record" in text and "not a diagnosis" in text
    # every decision with its reasons: the medicine that may cause the cramps says why
    assert "Likely causes" in text and "Because you take furosemide" in text
    assert "Avoid for this patient" in text or "Check before use" in text


def test_every_source_the_english_plan_cites_is_listed_with_its_title_and_address(tmp_path: Path) -> None:
    """The English document cites sources by id; a clinician outside crampcare finds them in the list at the end."""
    from crampcare.knowledge.loader import knowledge

    record = bundle(patient("1950-01-01"), medication("m1", "quinine"), lab("k", "2823-3", 3.1, "mmol/L"))
    text = pdf_text(pdf_of(plan_document(record, now=NOW)), tmp_path)
    assert "Sources" in text
    listing = text[text.rindex("Sources") :]
    kb = knowledge()
    for sid in ("cochrane_quinine_2015", "mhra_quinine", *kb.labs["potassium"].sources):
        source = kb.sources[sid]
        assert f"sources: {sid}" in text or sid in text[: text.rindex("Sources")]  # cited in the body
        assert f"{sid}: {' '.join(source.title.split()[:4])}" in listing, sid
        if source.url:
            assert source.url in listing, sid


def test_what_the_record_held_but_was_not_used_is_in_the_pdf(tmp_path: Path) -> None:
    record = bundle(
        patient("1950-01-01"),
        medication("m1", "furosemide 40 mg"),
        lab("o1", "2823-3", 3.1, "mmol/L", when="2019-01-02T08:00:00Z"),  # too old to use
    )
    document = plan_document(record, now=NOW)
    text = pdf_text(pdf_of(document), tmp_path)
    assert "From the record, not used" in text and "Observation/o1" in text and "older than" in text
    assert document["subject"] == {"reference": "Patient/p1"}


def test_an_unreadable_record_is_an_input_error_naming_the_element() -> None:
    bad = bundle(patient(), lab("o1", "2823-3", 3.0, "mmol/L"))
    bad["entry"][1]["resource"]["valueQuantity"]["value"] = "three"
    with pytest.raises(InputError, match=r"entry\[1\] \(Observation/o1\): valueQuantity.value"):
        plan_document(bad)


def crampcare(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crampcare", *args], capture_output=True, text=True, timeout=120)


def test_cli_writes_the_document_to_a_new_file_only(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    record.write_text(json.dumps(load("older_woman_diuretic.json")), encoding="utf-8")
    out = tmp_path / "plan.fhir.json"
    done = crampcare("assess", "--fhir", str(record), "--document", str(out), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["plan"]["triage"]["level"]  # the plan is still printed
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["resourceType"] == "DocumentReference" and pdf_of(document).startswith(b"%PDF")
    before = out.read_bytes()
    again = crampcare("assess", "--fhir", str(record), "--document", str(out))
    assert again.returncode == 2 and "--document" in again.stderr and "exists" in again.stderr
    assert out.read_bytes() == before  # never replaced
    alone = crampcare("assess", "--profile", "-", "--document", str(tmp_path / "x.json"))
    assert alone.returncode == 2 and "--document needs --fhir" in alone.stderr


def test_api_answers_the_document(sqlite_url: str) -> None:
    app = create_app(Settings(database_url=sqlite_url))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        answer = client.post("/api/v1/assess/fhir/document", json=load("older_woman_diuretic.json"))
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("application/fhir+json")
        document = answer.json()
        DocumentReference.model_validate(document)
        assert_valid_r4(document)
        bad = client.post("/api/v1/assess/fhir/document", json={"resourceType": "Patient"})
        assert bad.status_code == 422 and "Bundle" in bad.json()["error"]["message"]
