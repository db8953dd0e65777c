"""The diary as FHIR R4: `crampcare diary export --format fhir` and GET /api/v1/diary/export.fhir."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir_schema import assert_valid_r4, schema_problems

from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.fhir.outbound import diary_bundle

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def crampcare(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crampcare", *args], capture_output=True, text=True, timeout=120)


def components(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for component in resource.get("component", []):
        code = component["code"]
        key = code["coding"][0]["code"] if "coding" in code else code["text"]
        out[key] = component
    return out


def test_cli_export_fhir_is_valid_r4(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'd.db'}"
    logged = crampcare(
        "diary",
        "log",
        "--db",
        db,
        "--muscle",
        "calf",
        "--side",
        "left",
        "--pain",
        "7",
        "--duration",
        "3",
        "--setting",
        "bed_night",
        "--at",
        "2026-11-20T02:30+01:00",
    )
    assert logged.returncode == 0, logged.stderr
    logged = crampcare(
        "diary",
        "log",
        "--db",
        db,
        "--muscle",
        "foot",
        "--side",
        "both",
        "--setting",
        "walking_standing",
        "--pain",
        "0",
        "--duration",
        "0.5",
        "--at",
        "2026-11-21T15:00+01:00",
        "--note",
        "after a long walk",
    )
    assert logged.returncode == 0, logged.stderr
    assert crampcare("diary", "checkin", "--db", db, "--day", "2026-11-20", "--water", "1.5", "--heat").returncode == 0
    out = tmp_path / "diary.fhir.json"
    result = crampcare("diary", "export", "--db", db, "--format", "fhir", "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    Bundle.model_validate(data)  # valid R4 (the R4B models)
    assert_valid_r4(data)  # and valid against HL7's R4 JSON Schema
    resources = [entry["resource"] for entry in data["entry"]]
    episodes = [r for r in resources if r["code"]["text"].startswith("Leg muscle cramp episode")]
    checkins = [r for r in resources if r["code"]["text"].startswith("Daily check-in")]
    assert len(episodes) == 2 and len(checkins) == 1
    night = next(e for e in episodes if e["bodySite"]["text"] == "left calf")
    assert night["effectiveDateTime"].startswith("2026-11-20T02:30")
    parts = components(night)
    assert parts["72514-3"]["valueInteger"] == 7
    assert parts["Cramp duration"]["valueQuantity"] == {
        "value": 3.0,
        "unit": "min",
        "system": "http://unitsofmeasure.org",
        "code": "min",
    }
    day = next(e for e in episodes if e["bodySite"]["text"] == "both foot")
    assert components(day)["72514-3"]["valueInteger"] == 0
    assert day["note"] == [{"text": "after a long walk"}]
    checkin = components(checkins[0])
    assert checkin["Water drunk"]["valueQuantity"]["value"] == 1.5 and checkin["Hot weather"]["valueBoolean"] is True
    assert len({entry["fullUrl"] for entry in data["entry"]}) == 3
    # the same diary gives the same Bundle (stable ids)
    again = crampcare("diary", "export", "--db", db, "--format", "fhir")
    assert json.loads(again.stdout) == data


def test_empty_diary_is_an_empty_valid_bundle() -> None:
    bundle = diary_bundle({"episodes": [], "checkins": [], "profile_versions": []})
    assert bundle == {"resourceType": "Bundle", "type": "collection"}
    Bundle.model_validate(bundle)
    assert_valid_r4(bundle)


def test_api_export_fhir(sqlite_url: str) -> None:
    app = create_app(Settings(database_url=sqlite_url))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        episode = {
            "started": "2026-11-20T23:10:00+01:00",
            "duration_minutes": 3,
            "muscle": "calf",
            "side": "right",
            "setting": "bed_night",
            "pain": 6,
        }
        assert client.post("/api/v1/diary/episodes", json=episode).status_code == 201
        answer = client.get("/api/v1/diary/export.fhir")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/fhir+json")
        data = answer.json()
        Bundle.model_validate(data)
        assert_valid_r4(data)
        assert data["entry"][0]["resource"]["bodySite"] == {"text": "right calf"}


def test_schema_check_refuses_what_r4_refuses() -> None:
    """The R4 JSON Schema check can fail: it names the entry, the element and what is wrong."""
    good = diary_bundle(
        {
            "episodes": [
                {
                    "id": 1,
                    "started": "2026-11-20T02:30:00+01:00",
                    "duration_minutes": 2,
                    "muscle": "calf",
                    "side": "left",
                    "setting": "bed_night",
                    "pain": 5,
                    "triggers": [],
                    "tried": [],
                    "note": "",
                }
            ],
            "checkins": [],
            "profile_versions": [],
        }
    )
    assert schema_problems(good) == []
    observation = good["entry"][0]["resource"]
    wrong = {**good, "entry": [{**good["entry"][0], "resource": {**observation, "status": "done", "laterality": "L"}}]}
    problems = "\n".join(schema_problems(wrong))
    assert "entry[0].Observation.status" in problems  # not a code of the ObservationStatus value set
    assert "laterality" in problems  # R4 Observation has no such element
    # HL7's JSON Schema does not check cardinality (a missing status passes it); the R4B models do: both are run
    no_status = {"resourceType": "Observation", "code": {"text": "x"}}
    assert schema_problems(no_status) == []
    with pytest.raises(ValueError, match="status"):
        Observation.model_validate(no_status)
