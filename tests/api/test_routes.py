"""Every /api/v1 route answers what its contract says (local mode, fresh SQLite diary)."""

from __future__ import annotations

import json

from crampcare import assess
from crampcare.assessment.config import texts
from crampcare.knowledge.loader import KnowledgeBase

from .conftest import EPISODE, TestClient


def test_health(client: TestClient) -> None:
    assert client.get("/api/v1/health").json() == {"status": "ok"}


def test_assess_returns_the_engine_plan_unchanged(client: TestClient) -> None:
    profile = {"age_years": 34, "episode": {"muscle": "calf", "setting": "swimming"}}
    response = client.post("/api/v1/assess", json=profile)
    assert response.status_code == 200
    assert response.json() == json.loads(assess(profile).model_dump_json())


def test_assess_emergency_profile(client: TestClient) -> None:
    plan = client.post("/api/v1/assess", json={"age_years": 60, "symptoms": ["calf_swelling", "redness_warmth"]}).json()
    # Calf swelling with redness and warmth is the possible-DVT red flag; its level comes from the record.
    assert [flag["id"] for flag in plan["red_flags"]] == ["possible_dvt"]
    assert plan["triage"]["level"] == "urgent"


def test_interventions_filter_by_kind_and_grade(client: TestClient, kb: KnowledgeBase) -> None:
    everything = client.get("/api/v1/interventions").json()
    assert everything["count"] == len(kb.interventions)
    medicines = client.get("/api/v1/interventions", params={"kind": "medicine"}).json()
    assert medicines["count"] == sum(r.kind == "medicine" for r in kb.interventions.values())
    assert all(item["kind"] == "medicine" for item in medicines["items"])
    advised_against = client.get("/api/v1/interventions", params={"grade": "not_recommended"}).json()
    expected = {r.id for r in kb.interventions.values() if r.evidence.grade == "not_recommended"}
    assert expected, "the shipped KB has records graded not_recommended"
    assert {item["id"] for item in advised_against["items"]} == expected
    assert advised_against["count"] == len(expected)


def test_bad_filter_lists_valid_kinds(client: TestClient) -> None:
    error = client.get("/api/v1/interventions", params={"kind": "potion"}).json()["error"]
    assert error["field"] == "kind"
    assert "'medicine'" in error["valid"]


def test_intervention_by_id_and_by_brand(client: TestClient, kb: KnowledgeBase) -> None:
    rid = next(r.id for r in kb.interventions.values() if r.aliases)
    alias = kb.interventions[rid].aliases[0]
    by_id = client.get(f"/api/v1/interventions/{rid}").json()
    by_alias = client.get(f"/api/v1/interventions/{alias}").json()
    assert by_id == by_alias
    assert by_id["intervention"]["id"] == rid
    cited = {s["id"] for s in by_id["cited_sources"]}
    assert set(kb.interventions[rid].evidence.sources) <= cited


def test_unknown_intervention_is_404_with_suggestions(client: TestClient, kb: KnowledgeBase) -> None:
    name = next(r.name for r in kb.interventions.values() if len(r.name) > 8)
    response = client.get(f"/api/v1/interventions/{name[:-1]}x")
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "id_or_name"


def test_search_finds_magnesium(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "magnesium"}).json()
    assert body["count"] > 0
    assert any("magnesium" in (r["title"] + r["snippet"]).casefold() for r in body["results"])
    assert client.get("/api/v1/search", params={"q": "!!!"}).status_code == 422


def test_first_aid_helper_manoeuvre_only_when_someone_is_there(client: TestClient) -> None:
    alone = client.get("/api/v1/first-aid", params={"muscle": "calf", "setting": "bed_night"}).json()
    helped = client.get("/api/v1/first-aid", params={"muscle": "calf", "setting": "bed_night", "helper": "true"}).json()
    assert alone["helper"] is False and helped["helper"] is True
    assert alone["first_aid"][0]["id"] == helped["first_aid"][0]["id"] == "fa_calf_foot_pull"
    assert "fa_helper_stretch" not in [a["id"] for a in alone["first_aid"]]
    assert "fa_helper_stretch" in [a["id"] for a in helped["first_aid"]]
    bad = client.get("/api/v1/first-aid", params={"muscle": "calf", "helper": "perhaps"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "helper"


def test_first_aid_for_a_swimmer_starts_with_the_in_water_manoeuvre(client: TestClient) -> None:
    body = client.get("/api/v1/first-aid", params={"muscle": "calf", "setting": "swimming"}).json()
    assert body["first_aid"][0]["id"] == "fa_swimming_toe_pull"
    assert "swimming" in body["first_aid"][0]["settings"]
    words = texts()
    assert body["safety_net"] == words.triage["self_care"].safety_net
    assert "10 minutes" in body["safety_net"]
    assert body["disclaimer"] == words.disclaimer
    assert client.get("/api/v1/first-aid", params={"muscle": "knee"}).json()["error"]["field"] == "muscle"


def test_episode_crud(client: TestClient) -> None:
    created = client.post("/api/v1/diary/episodes", json=EPISODE)
    assert created.status_code == 201
    eid = created.json()["id"]
    assert client.get(f"/api/v1/diary/episodes/{eid}").json()["pain"] == 6
    assert client.get("/api/v1/diary/episodes").json()["count"] == 1
    edited = client.patch(f"/api/v1/diary/episodes/{eid}", json={"pain": 3})
    assert edited.json()["pain"] == 3
    bad = client.patch(f"/api/v1/diary/episodes/{eid}", json={"pain": 12}).json()["error"]
    assert (bad["field"], bad["valid"]) == ("pain", "0 to 10")
    assert client.delete(f"/api/v1/diary/episodes/{eid}").status_code == 200
    missing = client.get(f"/api/v1/diary/episodes/{eid}")
    assert missing.status_code == 404
    assert missing.json()["error"]["field"] == "episode_id"


def test_episode_without_timezone_is_refused(client: TestClient) -> None:
    response = client.post("/api/v1/diary/episodes", json=EPISODE | {"started": "2026-11-20T23:10:00"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "started"


def test_checkins_save_replace_and_read(client: TestClient) -> None:
    assert client.put("/api/v1/diary/checkins", json={"day": "2026-11-20", "water_litres": 1.5}).status_code == 200
    client.put("/api/v1/diary/checkins", json={"day": "2026-11-20", "water_litres": 2.0})
    listed = client.get("/api/v1/diary/checkins").json()
    assert listed["count"] == 1
    assert client.get("/api/v1/diary/checkins/2026-11-20").json()["water_litres"] == 2.0
    assert client.get("/api/v1/diary/checkins/2026-11-21").status_code == 404


def test_profile_store_and_read(client: TestClient) -> None:
    assert client.get("/api/v1/diary/profile").status_code == 404
    stored = client.put("/api/v1/diary/profile", json={"age_years": 70, "conditions": []})
    assert stored.status_code == 200
    assert client.get("/api/v1/diary/profile").json()["profile"]["age_years"] == 70


def test_stats_and_charts(client: TestClient) -> None:
    client.post("/api/v1/diary/episodes", json=EPISODE)
    assert client.get("/api/v1/diary/stats").json()["episodes"] == 1
    for kind in ("frequency", "time-of-day", "muscles", "severity"):
        chart = client.get(f"/api/v1/diary/charts/{kind}.png")
        assert chart.headers["content-type"] == "image/png"
        assert chart.content.startswith(b"\x89PNG")
    assert client.get("/api/v1/diary/charts/pie.png").json()["error"]["field"] == "kind"


def test_report_pdf(client: TestClient) -> None:
    client.post("/api/v1/diary/episodes", json=EPISODE)
    response = client.get("/api/v1/diary/report.pdf")
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response.headers["content-disposition"]


def test_openapi_documents_every_route_and_the_error_shape(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/v1/assess",
        "/api/v1/interventions",
        "/api/v1/interventions/{id_or_name}",
        "/api/v1/search",
        "/api/v1/first-aid",
        "/api/v1/diary/episodes",
        "/api/v1/diary/episodes/{episode_id}",
        "/api/v1/diary/checkins",
        "/api/v1/diary/stats",
        "/api/v1/diary/charts/{kind}.png",
        "/api/v1/diary/report.pdf",
        "/api/v1/health",
    ):
        assert path in paths
    assert "ErrorResponse" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 200
