"""`crampcare assess --fhir` and POST /api/v1/assess/fhir; every clinical scenario with labs as a FHIR record."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from fhir_builders import BUNDLES, NOW, bundle_from_profile, load
from typer.testing import CliRunner

from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.cli.main import app as cli_app
from crampcare.fhir import assess_bundle
from crampcare.knowledge.loader import KnowledgeBase

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "assessment"))
from scenario_cases import load_scenario, scenario_files
from test_scenarios import check

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def test_cli_assess_fhir_json() -> None:
    result = CliRunner().invoke(cli_app, ["assess", "--fhir", str(BUNDLES / "older_woman_diuretic.json"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["profile"]["medications"] == ["furosemide", "hydrochlorothiazide", "lisinopril"]
    assert {item["reason"] for item in data["unmapped"]} >= {"unknown_medicine", "unsupported_resource"}
    assert any("Zorblatin" in warning for warning in data["plan"]["warnings"])


def test_cli_assess_fhir_bad_bundle_is_one_line_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"resourceType": "Patient"}', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "crampcare", "assess", "--fhir", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "--fhir: resourceType must be Bundle" in result.stderr
    assert "Traceback" not in result.stderr


def test_api_assess_fhir(sqlite_url: str) -> None:
    app = create_app(Settings(database_url=sqlite_url))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        ok = client.post("/api/v1/assess/fhir", json=load("older_woman_diuretic.json"))
        assert ok.status_code == 200
        assert ok.json()["profile"]["conditions"] == ["Chronic kidney disease"]
        assert ok.json()["plan"]["triage"]["level"]
        broken = load("older_woman_diuretic.json")
        broken["entry"][0]["resource"]["birthDate"] = "yesterday"
        bad = client.post("/api/v1/assess/fhir", json=broken)
        assert bad.status_code == 422
        assert bad.json()["error"]["field"] == "bundle"
        assert "entry[0] (Patient/p1): birthDate" in bad.json()["error"]["message"]
        twice = b'{"resourceType": "Bundle", "type": "collection", "type": "searchset"}'
        refused = client.post("/api/v1/assess/fhir", content=twice, headers={"content-type": "application/json"})
        assert refused.status_code == 422
        assert "type" in refused.json()["error"]["message"]


MAPPED = {"age_years", "sex", "pregnancy_weeks", "conditions", "medications", "allergies", "labs"}


def _round_trip_cases() -> list[Path]:
    out = []
    for path in scenario_files():
        scenario = load_scenario(path)
        profile: dict[str, Any] = scenario.profile if isinstance(scenario.profile, dict) else {}
        if scenario.expect is None or not profile.get("labs") or not set(profile) <= MAPPED:
            continue
        if float(profile["age_years"]).is_integer():
            out.append(path)
    return out


CASES = _round_trip_cases()


def test_there_are_round_trip_cases() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_scenario_as_fhir_record_gives_the_same_plan(path: Path, kb: KnowledgeBase) -> None:
    scenario = load_scenario(path)
    assert scenario.expect is not None
    result = assess_bundle(bundle_from_profile(dict(scenario.profile)), now=NOW, kb=kb)
    assert result.unmapped == [], [u.warning() for u in result.unmapped]
    check(result.plan, scenario.expect, kb)


def test_a_large_record_is_accepted_where_records_go_only(sqlite_url: str) -> None:
    from fhir_builders import bundle, lab, patient

    labs = [lab(f"k{i}", "2823-3", 4.0, "mmol/L", f"2026-{1 + i % 11:02d}-01T08:00:00Z") for i in range(900)]
    record = bundle(patient(), *labs)
    assert len(json.dumps(record)) > 200_000
    app = create_app(Settings(database_url=sqlite_url))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        assert client.post("/api/v1/assess/fhir", json=record).status_code == 200
        big_profile = {"age_years": 40, "conditions": ["x" * 100_000]}
        assert client.post("/api/v1/assess", json=big_profile).status_code == 413
        many = client.post("/api/v1/assess/fhir", json=bundle(patient(), *(labs * 6)))
        assert many.status_code == 422 and "at most 5000 are read" in many.json()["error"]["message"]
        huge = bundle(patient(), *(labs * 24))
        assert client.post("/api/v1/assess/fhir", json=huge).status_code == 413


def test_cli_reads_a_large_record_from_stdin() -> None:
    from fhir_builders import bundle, lab, patient

    labs = [lab(f"k{i}", "2823-3", 4.0, "mmol/L", "2026-11-01T08:00:00Z") for i in range(600)]
    text = json.dumps(bundle(patient(), *labs))
    assert len(text) > 64 * 1024
    result = subprocess.run(
        [sys.executable, "-m", "crampcare", "assess", "--fhir", "-", "--json"],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["unmapped"]) == 599  # one used, the others superseded
