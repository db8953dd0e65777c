"""CDS Hooks 2.0 service: discovery, the three hooks, prefetch or fetch or 412, cards and the guide's invariants."""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, get_args

import pytest
import uvicorn
from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import PlainTextResponse
from fhir_builders import bundle, condition, lab, load, medication, patient

from crampcare.api.app import create_app
from crampcare.api.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

KEYS = ("patient", "conditions", "medication_requests", "medication_statements", "allergies", "labs", "pregnancy")


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=sqlite_url))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def prefetch_of(data: dict[str, Any]) -> dict[str, Any]:
    """A record split the way the service's prefetch templates ask for it."""
    kinds = {
        "conditions": "Condition",
        "medication_requests": "MedicationRequest",
        "medication_statements": "MedicationStatement",
        "allergies": "AllergyIntolerance",
        "labs": "Observation",
    }
    resources = [e["resource"] for e in data["entry"]]
    out: dict[str, Any] = {"patient": next(r for r in resources if r["resourceType"] == "Patient"), "pregnancy": None}
    for key, kind in kinds.items():
        found = [r for r in resources if r["resourceType"] == kind]
        out[key] = {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in found]}
    return out


def call(hook: str, prefetch: dict[str, Any] | None, **context: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "hook": hook,
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/1", "patientId": "p1", **context},
    }
    if prefetch is not None:
        body["prefetch"] = prefetch
    return body


def draft(mid: str, text: str, coding: dict[str, str] | None = None) -> dict[str, Any]:
    order = medication(mid, text, "draft", "MedicationRequest")
    if coding:
        order["medicationCodeableConcept"]["coding"] = [coding]
    return order


def drafts(*orders: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": o} for o in orders]}


# --- the guide's rules on every response -----------------------------------------------------------------


def no_null_or_empty(value: Any, path: str = "") -> None:
    """Optional fields are omitted, never null or empty (`cards: []` is the one exception)."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert item is not None, f"{path}.{key} is null"
            if path != "" or key != "cards":
                assert item not in ("", [], {}), f"{path}.{key} is empty"
            no_null_or_empty(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            no_null_or_empty(item, f"{path}[{i}]")


CARD_FIELDS = {
    "uuid",
    "summary",
    "detail",
    "indicator",
    "source",
    "suggestions",
    "selectionBehavior",
    "overrideReasons",
    "links",
}


def conforms(answer: dict[str, Any]) -> list[dict[str, Any]]:
    assert set(answer) == {"cards"}
    no_null_or_empty(answer)
    for card in answer["cards"]:
        # cds-resp-7 (a selection behaviour is one the guide defines): no field beyond CDS Hooks 2.0's card
        assert set(card) <= CARD_FIELDS, set(card) - CARD_FIELDS
        assert card["uuid"] and len(card["summary"]) < 140
        assert card["indicator"] in ("info", "warning", "critical")
        assert card["source"]["label"]
        suggestions = card.get("suggestions", [])
        if suggestions:  # cds-resp-6
            assert card["selectionBehavior"] in ("at-most-one", "any")
        if card.get("selectionBehavior") == "at-most-one":  # cds-resp-1
            assert sum(1 for s in suggestions if s.get("isRecommended")) <= 1
        for suggestion in suggestions:
            assert suggestion["uuid"]
            for action in suggestion.get("actions", []):
                assert action["description"]  # cds-resp-5
                if action["type"] == "delete":  # cds-resp-2
                    assert action["resourceId"] and "resource" not in action
        for link in card.get("links", []):
            assert link["type"] in ("absolute", "smart")
            if link["type"] != "smart":  # cds-resp-3
                assert "appContext" not in link
        for reason in card.get("overrideReasons", []):  # cds-resp-4
            assert reason["display"] and reason["code"]
    uuids = [c["uuid"] for c in answer["cards"]]
    assert len(uuids) == len(set(uuids))
    return list(answer["cards"])


# --- discovery ----------------------------------------------------------------------------------------------


def test_discovery_lists_the_three_services(client: TestClient) -> None:
    answer = client.get("/cds-services")
    assert answer.status_code == 200
    services = {s["id"]: s for s in answer.json()["services"]}
    assert {sid: s["hook"] for sid, s in services.items()} == {
        "crampcare-patient-view": "patient-view",
        "crampcare-order-select": "order-select",
        "crampcare-order-sign": "order-sign",
    }
    for entry in services.values():
        assert entry["prefetch"]["patient"] == "Patient/{{context.patientId}}"
        assert set(entry["prefetch"]) == set(KEYS)
        assert "http://loinc.org|2823-3" in entry["prefetch"]["labs"]
        assert "82810-3" in entry["prefetch"]["pregnancy"]
        no_null_or_empty(entry)


# --- patient-view --------------------------------------------------------------------------------------------


def test_patient_view_cards(client: TestClient) -> None:
    record = load("older_woman_diuretic.json")
    answer = client.post("/cds-services/crampcare-patient-view", json=call("patient-view", prefetch_of(record)))
    assert answer.status_code == 200, answer.text
    cards = conforms(answer.json())
    summaries = [c["summary"] for c in cards]
    causes = [c for c in cards if "may cause or worsen leg cramps" in c["summary"]]
    assert causes and all(c["indicator"] == "warning" for c in causes)
    assert any("furosemide" in c["detail"] for c in causes)
    labs = next(c for c in cards if c["summary"].startswith("Tests the cramp causes need"))
    assert labs["indicator"] == "info" and "tsh" in labs["summary"] and "potassium" not in labs["summary"]
    unused = next(c for c in cards if "were not used" in c["summary"])
    assert "Zorblatin" in unused["detail"]
    overview = next(c for c in cards if c["summary"].startswith("crampcare: see doctor"))
    assert "Check them with the" in overview["detail"]  # what the record reader could not read
    assert not any(c["indicator"] == "critical" for c in cards), summaries


def test_a_card_link_opens_this_patients_assessment_never_a_blank_form(client: TestClient) -> None:
    """A clinician following a card's link must land on this patient's plan. crampcare has no page that can show
    a plan for a record read from the EHR (its plan page is made from a form post, and in server mode needs a
    crampcare sign-in the clinician does not have), so no card carries a link: the old one opened an empty /assess
    form. A link added later must open a page naming this patient's medicine."""
    record = load("older_woman_diuretic.json")
    answer = client.post("/cds-services/crampcare-patient-view", json=call("patient-view", prefetch_of(record)))
    links = [link for card in conforms(answer.json()) for link in card.get("links", [])]
    for link in links:
        page = client.get(link["url"])
        assert page.status_code == 200 and "furosemide" in page.text.casefold(), link


def test_red_flag_is_critical(client: TestClient) -> None:
    record = bundle(patient(), lab("k", "2823-3", 2.3, "mmol/L", "2026-12-01T08:00:00Z"))
    answer = client.post("/cds-services/crampcare-patient-view", json=call("patient-view", prefetch_of(record)))
    cards = conforms(answer.json())
    critical = [c for c in cards if c["indicator"] == "critical"]
    assert critical, [c["summary"] for c in cards]
    assert critical[0]["source"].get("url")


def test_a_taken_medicine_marked_not_recommended_is_a_warning(client: TestClient) -> None:
    """An older woman with CKD already on quinine: the card gives the reasons, the MHRA's review advice included."""
    record = load("older_woman_diuretic.json")
    record["entry"].append({"resource": medication("q", "quinine sulfate 200 mg")})
    answer = client.post("/cds-services/crampcare-patient-view", json=call("patient-view", prefetch_of(record)))
    cards = conforms(answer.json())
    quinine = [c for c in cards if c["summary"].startswith("quinine sulfate 200 mg: taken")]
    assert len(quinine) == 1 and quinine[0]["indicator"] == "warning", [c["summary"] for c in cards]
    assert "MHRA" in quinine[0]["detail"] and "every 3 months" in quinine[0]["detail"]
    assert quinine[0]["source"]["url"]
    # without quinine, no such card
    answer = client.post(
        "/cds-services/crampcare-patient-view",
        json=call("patient-view", prefetch_of(load("older_woman_diuretic.json"))),
    )
    assert not any(": taken, and" in c["summary"] for c in answer.json()["cards"])


def test_the_triage_card_says_symptoms_are_not_read_from_the_record(client: TestClient) -> None:
    """A swollen calf on the problem list is not a red flag crampcare can read: "no red flag" must not pass for
    "none" (the condition is listed as not used, and the plan card says what was not looked at)."""
    swollen = condition("sw", "Swelling of left calf", {"system": "http://hl7.org/fhir/sid/icd-10", "code": "M79.89"})
    record = bundle(patient(), swollen)
    answer = client.post("/cds-services/crampcare-patient-view", json=call("patient-view", prefetch_of(record)))
    cards = conforms(answer.json())
    plan = next(c for c in cards if c["summary"].startswith("crampcare: "))
    assert "not read from the record" in plan["detail"] and "swollen" in plan["detail"]
    unused = next(c for c in cards if "were not used" in c["summary"])
    assert "Swelling of left calf" in unused["detail"]


def test_each_red_flag_card_has_its_own_level_and_reason(client: TestClient) -> None:
    """Potassium 2.3 (same day) and sodium 134 (a doctor in the next days): the sodium card is a warning, and each
    card's detail is its own flag's reason, not every reason of the triage."""
    record = bundle(
        patient(),
        lab("k", "2823-3", 2.3, "mmol/L", "2026-12-01T08:00:00Z"),
        lab("na", "2951-2", 134, "mmol/L", "2026-12-01T08:00:00Z"),
    )
    answer = client.post("/cds-services/crampcare-patient-view", json=call("patient-view", prefetch_of(record)))
    cards = conforms(answer.json())
    flags = {c["summary"]: c for c in cards if c["summary"].startswith(("Potassium below", "Sodium below"))}
    assert flags["Sodium below 135 mmol/L"]["indicator"] == "warning"
    assert flags["Potassium below 2.5 mmol/L"]["indicator"] == "critical"
    assert cards[0]["indicator"] == "critical"
    for summary, card in flags.items():
        mentions = {"potassium" in card["detail"], "sodium" in card["detail"]}
        assert mentions == {True, False}, (summary, card["detail"])
        assert summary.split()[0].lower() in card["detail"]


def test_a_lab_flag_and_the_narrower_one_inside_it_are_one_card_with_every_reason(client: TestClient) -> None:
    """Potassium 2.3 raises "below 3.0" and "below 2.5", sodium 124 three sodium flags: one card per result (the
    narrowest flag's title, level and action), listing the reason of each flag it includes."""
    record = bundle(
        patient(),
        lab("k", "2823-3", 2.3, "mmol/L", "2026-12-01T08:00:00Z"),
        lab("na", "2951-2", 124, "mmol/L", "2026-12-01T08:00:00Z"),
    )
    answer = client.post("/cds-services/crampcare-patient-view", json=call("patient-view", prefetch_of(record)))
    cards = conforms(answer.json())
    flags = [c for c in cards if c["summary"].startswith(("Potassium below", "Sodium below"))]
    assert [c["summary"] for c in flags] == ["Potassium below 2.5 mmol/L", "Sodium below 125 mmol/L"]
    potassium, sodium = (c["detail"] for c in flags)
    assert "below 2.5 mmol/L is severe hypokalaemia" in potassium and "below 3.0 mmol/L is moderate" in potassium
    for threshold in ("< 125", "< 130", "< 135"):
        assert f"sodium 124 mmol/L {threshold}" in sodium, sodium
    assert potassium.count("**") == 2  # one action, the narrowest flag's


# --- order-select / order-sign -------------------------------------------------------------------------------

CRAMPS = {"system": "http://hl7.org/fhir/sid/icd-10", "code": "R25.2"}


def _record(*extra: dict[str, Any]) -> dict[str, Any]:
    return prefetch_of(bundle(patient("1950-01-01"), condition("cr", "Cramp and spasm", CRAMPS), *extra))


def test_quinine_for_night_cramps_is_a_warning_with_override_reasons(client: TestClient) -> None:
    order = draft("q", "quinine sulfate 300 MG Oral Capsule")
    body = call("order-select", _record(), draftOrders=drafts(order), selections=["MedicationRequest/q"])
    cards = conforms(client.post("/cds-services/crampcare-order-select", json=body).json())
    quinine = next(c for c in cards if c["summary"].startswith("Quinine for ordinary night cramps"))
    assert quinine["indicator"] == "warning"
    assert "fda.gov" in quinine["source"]["url"]
    assert quinine["overrideReasons"] and quinine["selectionBehavior"] == "at-most-one"
    action = quinine["suggestions"][0]["actions"][0]
    assert action == {"type": "delete", "description": action["description"], "resourceId": "MedicationRequest/q"}


@pytest.mark.parametrize("where", ["contained", "draftOrders"])
def test_an_order_naming_its_medicine_by_reference_is_checked(client: TestClient, where: str) -> None:
    """Draft orders often name a Medication (contained, or another entry of draftOrders) instead of a concept."""
    quinine = {
        "resourceType": "Medication",
        "id": "med-q",
        "code": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "9071"}]},
    }
    order = draft("q", "quinine")
    del order["medicationCodeableConcept"]
    if where == "contained":
        order |= {"contained": [quinine], "medicationReference": {"reference": "#med-q"}}
        orders = drafts(order)
    else:
        order["medicationReference"] = {"reference": "Medication/med-q"}
        orders = drafts(order, quinine)
    body = call("order-sign", _record(), draftOrders=orders)
    cards = conforms(client.post("/cds-services/crampcare-order-sign", json=body).json())
    assert any(c["summary"].startswith("Quinine for ordinary night cramps") for c in cards), cards


def test_order_select_reads_only_the_selected_orders(client: TestClient) -> None:
    body = call(
        "order-select", _record(), draftOrders=drafts(draft("q", "quinine")), selections=["MedicationRequest/x"]
    )
    assert client.post("/cds-services/crampcare-order-select", json=body).json() == {"cards": []}


@pytest.mark.parametrize(
    ("hook", "context", "field"),
    [
        ("order-sign", {}, "context.draftOrders"),  # required by order-sign and order-select
        ("order-sign", {"draftOrders": 5}, "context.draftOrders"),
        ("order-sign", {"draftOrders": {"resourceType": "Bundle", "entry": 7}}, "context.draftOrders.entry"),
        ("order-select", {"draftOrders": drafts(draft("q", "quinine"))}, "context.selections"),  # required
        ("order-select", {"draftOrders": drafts(draft("q", "quinine")), "selections": []}, "context.selections"),
        ("order-select", {"draftOrders": drafts(draft("q", "quinine")), "selections": [3]}, "context.selections"),
    ],
)
def test_orders_without_their_required_context_are_named(
    client: TestClient, hook: str, context: dict[str, Any], field: str
) -> None:
    answer = client.post(f"/cds-services/crampcare-{hook}", json=call(hook, _record(), **context))
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]["field"] == field


def test_a_prefetch_of_another_patient_is_refused(client: TestClient) -> None:
    """context.patientId p2 with the record of Patient/p1: no cards about the wrong person."""
    body = call("patient-view", prefetch_of(load("older_woman_diuretic.json")))
    body["context"]["patientId"] = "p2"
    answer = client.post("/cds-services/crampcare-patient-view", json=body)
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["field"] == "prefetch.patient" and "p1" in error["message"] and "p2" in error["message"]


def test_a_prefetch_that_is_not_an_object_is_named(client: TestClient) -> None:
    body = call("patient-view", None) | {"prefetch": [1]}
    answer = client.post("/cds-services/crampcare-patient-view", json=body)
    assert answer.status_code == 400 and answer.json()["error"]["field"] == "prefetch"


def test_potassium_with_a_potassium_sparing_diuretic_is_avoid(client: TestClient) -> None:
    prefetch = _record(medication("s", "spironolactone"))
    body = call("order-sign", prefetch, draftOrders=drafts(draft("k", "potassium chloride")))
    cards = conforms(client.post("/cds-services/crampcare-order-sign", json=body).json())
    avoid = next(c for c in cards if "marks this order avoid" in c["summary"])
    assert avoid["indicator"] == "warning" and "spironolactone" in avoid["detail"]
    assert avoid["suggestions"][0]["actions"][0]["type"] == "delete"


def test_nsaid_completing_a_triple_whammy_is_avoid(client: TestClient) -> None:
    prefetch = _record(medication("a", "lisinopril"), medication("d", "furosemide"))
    body = call("order-sign", prefetch, draftOrders=drafts(draft("n", "ibuprofen 400 MG Oral Tablet")))
    cards = conforms(client.post("/cds-services/crampcare-order-sign", json=body).json())
    # The engine marks the third drug of the triple whammy avoid (issue 11 §4), so the order gets the avoid card.
    caution = [c for c in cards if c["summary"].startswith("ibuprofen: crampcare marks this order avoid")]
    assert caution, [c["summary"] for c in cards]
    assert caution[0]["indicator"] == "warning" and "kidney" in caution[0]["detail"], caution[0]["detail"]
    # the same order for a patient without the ACE inhibitor and diuretic gives no such card
    alone = call("order-sign", _record(), draftOrders=drafts(draft("n", "ibuprofen 400 MG Oral Tablet")))
    assert not any(
        "ibuprofen" in c["summary"]
        for c in client.post("/cds-services/crampcare-order-sign", json=alone).json()["cards"]
    )


def test_cramp_inducing_order_for_a_patient_with_cramps_is_info(client: TestClient) -> None:
    order = draft(
        "f", "furosemide 40 MG Oral Tablet", {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "4603"}
    )
    body = call("order-sign", _record(), draftOrders=drafts(order))
    cards = conforms(client.post("/cds-services/crampcare-order-sign", json=body).json())
    info = [c for c in cards if "can cause cramps; the patient has cramps" in c["summary"]]
    assert info and info[0]["indicator"] == "info"


# --- prefetch, fetch, 412 ----------------------------------------------------------------------------------


def test_no_prefetch_and_no_server_is_412(client: TestClient) -> None:
    answer = client.post("/cds-services/crampcare-patient-view", json=call("patient-view", None))
    assert answer.status_code == 412
    partial = call("patient-view", {"patient": patient()})
    assert client.post("/cds-services/crampcare-patient-view", json=partial).status_code == 412


def test_authorization_without_server_is_refused(client: TestClient) -> None:  # cds-r-1
    body = call("patient-view", None) | {
        "fhirAuthorization": {
            "access_token": "t",
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "patient/*.read",
            "subject": "crampcare",
        }
    }
    assert client.post("/cds-services/crampcare-patient-view", json=body).status_code == 400


def test_wrong_hook_and_unknown_service(client: TestClient) -> None:
    assert client.post("/cds-services/crampcare-patient-view", json=call("order-sign", None)).status_code == 400
    assert client.post("/cds-services/nope", json=call("patient-view", None)).status_code == 404


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def fhir_server() -> Iterator[tuple[str, list[str]]]:
    """A stub FHIR server on 127.0.0.1 that answers only with the right bearer token."""
    seen: list[str] = []
    record = prefetch_of(load("older_woman_diuretic.json"))
    stub = FastAPI()

    @stub.get("/fhir/{path:path}")
    def read(path: str, authorization: str = Header("")) -> Any:
        if authorization != "Bearer secret-token":
            raise HTTPException(401)
        seen.append(path)
        kind = path.split("?")[0]
        if kind == "Patient/p1":
            return record["patient"]
        key = {
            "Condition": "conditions",
            "MedicationRequest": "medication_requests",
            "MedicationStatement": "medication_statements",
            "AllergyIntolerance": "allergies",
        }.get(kind)
        if key:
            return record[key]
        return {"resourceType": "Bundle", "type": "searchset"}

    with _serving(stub) as url:
        yield url, seen


@contextmanager
def _serving(stub: FastAPI) -> Iterator[str]:
    """`stub` served on a free port of 127.0.0.1 for the block; its /fhir base URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(stub, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/fhir"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def test_fetches_what_was_not_prefetched(client: TestClient, fhir_server: tuple[str, list[str]]) -> None:
    url, seen = fhir_server
    token = {
        "access_token": "secret-token",
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/*.read",
        "subject": "crampcare",
    }
    body = call("patient-view", {"patient": None} | {}) | {"fhirServer": url, "fhirAuthorization": token}
    del body["prefetch"]
    answer = client.post("/cds-services/crampcare-patient-view", json=body)
    assert answer.status_code == 200, answer.text
    assert any(p.startswith("Patient/p1") for p in seen) and len(seen) == len(KEYS)
    cards = conforms(answer.json())
    assert any("may cause or worsen leg cramps" in c["summary"] for c in cards)
    wrong = body | {"fhirAuthorization": token | {"access_token": "wrong"}}
    assert client.post("/cds-services/crampcare-patient-view", json=wrong).status_code == 412
    # cds-r-2: a token with patient scopes should name its patient; named, it is used when it is this patient
    seen.clear()
    named = body | {"fhirAuthorization": token | {"patient": "p1"}}
    assert client.post("/cds-services/crampcare-patient-view", json=named).status_code == 200
    assert len(seen) == len(KEYS)


@pytest.mark.parametrize("server", ["not a url", "file:///etc/passwd", "", 42])
def test_a_fhir_server_that_is_not_an_http_url_is_named(client: TestClient, server: Any) -> None:
    answer = client.post(
        "/cds-services/crampcare-patient-view", json=call("patient-view", None) | {"fhirServer": server}
    )
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert error["field"] == "fhirServer" and "http" in error["valid"]


def test_a_fhir_server_that_answers_html_is_412_not_500(client: TestClient) -> None:
    stub = FastAPI()

    @stub.get("/fhir/{path:path}")
    def read(path: str) -> PlainTextResponse:
        return PlainTextResponse("<html>Sign in</html>", media_type="text/html")

    with _serving(stub) as url:
        answer = client.post(
            "/cds-services/crampcare-patient-view", json=call("patient-view", None) | {"fhirServer": url}
        )
    assert answer.status_code == 412, answer.text
    assert answer.json()["error"]["field"] == "fhirServer"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"patient": "p2"}, "fhirAuthorization.patient"),  # a token for another patient than context.patientId
        ({"token_type": "MAC"}, "fhirAuthorization.token_type"),
        ({"access_token": ""}, "fhirAuthorization.access_token"),
    ],
)
def test_unusable_authorization_is_refused(client: TestClient, change: dict[str, Any], field: str) -> None:
    token = {
        "access_token": "secret-token",
        "token_type": "Bearer",
        "expires_in": 300,
        "scope": "patient/*.read",
        "subject": "crampcare",
    }
    body = call("patient-view", None) | {"fhirServer": "http://127.0.0.1:9/fhir", "fhirAuthorization": token | change}
    answer = client.post("/cds-services/crampcare-patient-view", json=body)
    assert answer.status_code == 400 and answer.json()["error"]["field"] == field


# --- feedback -----------------------------------------------------------------------------------------------


CARD = "6c1c4f0e-6e9b-4d5e-9f1b-0a4c7f3e2d11"
SUGGESTION = "0f7e1d2c-3b4a-4596-8877-665544332211"
WHEN = "2026-12-04T10:00:00Z"


def _quinine_feedback(client: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
    body = call(
        "order-select", _record(), draftOrders=drafts(draft("q", "quinine")), selections=["MedicationRequest/q"]
    )
    cards = client.post("/cds-services/crampcare-order-select", json=body).json()["cards"]
    quinine = next(c for c in cards if c["summary"].startswith("Quinine"))
    override = {
        "reason": {"code": "benefit-outweighs-risk", "display": "Benefit outweighs the risk"},
        "userComment": "specialist started",
    }
    item = {"card": quinine["uuid"], "outcome": "overridden", "overrideReason": override, "outcomeTimestamp": WHEN}
    return quinine, item


def test_feedback_is_stored_in_the_database_and_counted_per_card_kind(db_url: str) -> None:
    app = create_app(Settings(database_url=db_url))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        quinine, item = _quinine_feedback(client)
        accepted = {
            "card": f"urn:uuid:{quinine['uuid']}",  # the prefix the guide's logical model implies is understood
            "outcome": "accepted",
            "acceptedSuggestions": [{"id": quinine["suggestions"][0]["uuid"]}],
            "outcomeTimestamp": "2026-12-04T11:30:00+01:00",
        }
        answer = client.post("/cds-services/crampcare-order-select/feedback", json={"feedback": [item, accepted]})
        assert answer.status_code == 200, answer.text
        assert answer.json() == {}
    from crampcare.diary.db import dispose_engines

    dispose_engines()
    # a new server process on the same database still has it (it is not kept in memory)
    with TestClient(create_app(Settings(database_url=db_url)), base_url="http://127.0.0.1") as client:
        counts = client.get("/cds-services/crampcare-order-select/feedback").json()
        assert counts == {
            "by_kind": {"order_quinine": {"accepted": 1, "overridden": 1}},
            "override_reasons": {"benefit-outweighs-risk": 1},
        }
        assert client.get("/cds-services/crampcare-patient-view/feedback").json() == {
            "by_kind": {},
            "override_reasons": {},
        }
    from sqlalchemy import select

    from crampcare.diary.db import session_scope
    from crampcare.fhir.feedback import CdsCardRow, CdsFeedbackRow

    with session_scope(db_url) as session:
        rows = session.scalars(select(CdsFeedbackRow).order_by(CdsFeedbackRow.id)).all()
        issued = session.get(CdsCardRow, quinine["uuid"])
    assert issued is not None and (issued.service, issued.kind) == ("crampcare-order-select", "order_quinine")
    overridden, taken = rows
    assert (overridden.card, overridden.kind, overridden.outcome) == (quinine["uuid"], "order_quinine", "overridden")
    assert (overridden.override_code, overridden.override_display) == (
        "benefit-outweighs-risk",
        "Benefit outweighs the risk",
    )
    assert overridden.user_comment == "specialist started"
    assert overridden.outcome_utc == datetime(2026, 12, 4, 10, 0)
    assert taken.card == quinine["uuid"] and taken.accepted_suggestions == [quinine["suggestions"][0]["uuid"]]
    assert taken.outcome_utc == datetime(2026, 12, 4, 10, 30)  # 11:30+01:00 stored as UTC


def test_the_same_feedback_sent_again_is_counted_once(db_url: str) -> None:
    """An EHR that sends a card's feedback again (a retry after a lost answer, or twice in one body) reports one
    interaction, not two: each card's outcome is counted once and the repeat is answered 200 like the first. The
    same card both overridden and later accepted is two interactions (the guide asks clients to report each)."""
    app = create_app(Settings(database_url=db_url))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        _, item = _quinine_feedback(client)
        url = "/cds-services/crampcare-order-select/feedback"
        for body in (
            {"feedback": [item]},
            {"feedback": [item]},
            {"feedback": [item, {**item, "card": f"urn:uuid:{item['card']}"}]},
        ):
            answer = client.post(url, json=body)
            assert answer.status_code == 200 and answer.json() == {}, answer.text
        unknown = {
            "card": CARD,
            "outcome": "overridden",
            "overrideReason": {"userComment": "x"},
            "outcomeTimestamp": WHEN,
        }
        for _ in range(2):
            assert client.post(url, json={"feedback": [unknown]}).status_code == 200
        assert client.get(url).json() == {
            "by_kind": {"order_quinine": {"overridden": 1}, "unknown card": {"overridden": 1}},
            "override_reasons": {"benefit-outweighs-risk": 1},
        }


def test_feedback_on_a_card_never_issued_is_kept_as_unknown(client: TestClient) -> None:
    item = {"card": CARD, "outcome": "overridden", "overrideReason": {"userComment": "x"}, "outcomeTimestamp": WHEN}
    assert client.post("/cds-services/crampcare-patient-view/feedback", json={"feedback": [item]}).status_code == 200
    assert client.get("/cds-services/crampcare-patient-view/feedback").json() == {
        "by_kind": {"unknown card": {"overridden": 1}},
        "override_reasons": {},
    }


def test_feedback_is_all_or_nothing(client: TestClient) -> None:
    _, item = _quinine_feedback(client)
    bad = {**item, "outcomeTimestamp": "yesterday"}
    answer = client.post("/cds-services/crampcare-order-select/feedback", json={"feedback": [item, bad]})
    assert answer.status_code == 400 and answer.json()["error"]["field"] == "feedback[1].outcomeTimestamp"
    assert client.get("/cds-services/crampcare-order-select/feedback").json()["by_kind"] == {}


@pytest.mark.parametrize(
    ("item", "field"),
    [
        # cds-fb-2: accepted needs acceptedSuggestions
        ({"card": CARD, "outcome": "accepted"}, "acceptedSuggestions"),
        # cds-fb-1: an overridden card accepted no suggestion
        ({"card": CARD, "outcome": "overridden", "acceptedSuggestions": [{"id": SUGGESTION}]}, "acceptedSuggestions"),
        # cds-fb-3: an override reason has a reason, a comment or both
        ({"card": CARD, "outcome": "overridden", "overrideReason": {}}, "overrideReason"),
        (
            {
                "card": CARD,
                "outcome": "accepted",
                "acceptedSuggestions": [{"id": SUGGESTION}],
                "overrideReason": {"userComment": "x"},
            },
            "overrideReason",
        ),
        ({"card": CARD, "outcome": "maybe"}, "outcome"),
        ({"outcome": "overridden"}, "card"),
        ({"card": "c", "outcome": "overridden"}, "card"),
        ({"card": CARD, "outcome": "accepted", "acceptedSuggestions": [{"id": "s"}]}, "acceptedSuggestions[0].id"),
        ({"card": CARD, "outcome": "overridden", "overrideReason": {"reason": "no"}}, "overrideReason.reason"),
        ({"card": CARD, "outcome": "overridden", "overrideReason": {"userComment": "x"}}, "outcomeTimestamp"),
        (
            {
                "card": CARD,
                "outcome": "overridden",
                "overrideReason": {"userComment": "x"},
                "outcomeTimestamp": "2026-12-04T10:00:00",  # no offset: which 10 o'clock?
            },
            "outcomeTimestamp",
        ),
    ],
)
def test_feedback_invariants(client: TestClient, item: dict[str, Any], field: str) -> None:
    answer = client.post(
        "/cds-services/crampcare-patient-view/feedback",
        json={"feedback": [{"outcomeTimestamp": WHEN, **item} if field != "outcomeTimestamp" else item]},
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["field"] == f"feedback[0].{field}"
    assert client.get("/cds-services/crampcare-patient-view/feedback").json()["by_kind"] == {}


def test_server_mode_refuses_without_a_configured_issuer(sqlite_url: str) -> None:
    settings = Settings(
        host="0.0.0.0",
        database_url=sqlite_url,
        secret_key="test-secret-Vq3Lx8Rk2Zp7Nw4Jt9Hb6Fc1Ym5Gd0Se",
        https_only_cookies=False,
        allowed_hosts=("testserver",),
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        body = call("patient-view", prefetch_of(load("older_woman_diuretic.json")))
        assert c.post("/cds-services/crampcare-patient-view", json=body).status_code == 403
        assert c.get("/cds-services").status_code == 200


# --- JWT in server mode ------------------------------------------------------------------------------------


def _server_client(sqlite_url: str, issuers: dict[str, str]) -> TestClient:
    settings = Settings(
        host="0.0.0.0",
        database_url=sqlite_url,
        secret_key="test-secret-Vq3Lx8Rk2Zp7Nw4Jt9Hb6Fc1Ym5Gd0Se",
        https_only_cookies=False,
        allowed_hosts=("testserver",),
    )
    app = create_app(settings)
    from crampcare.api.cds_auth import CdsAuth

    app.state.cds_auth = CdsAuth(issuers)
    return TestClient(app, raise_server_exceptions=False)


def test_jwt_is_checked_in_server_mode(sqlite_url: str) -> None:
    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP384R1())
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    issuer = "https://ehr.example.org"
    url = "http://testserver/cds-services/crampcare-patient-view"
    body = call("patient-view", prefetch_of(load("older_woman_diuretic.json")))

    def token(**change: Any) -> str:
        now = int(time.time())
        claims = {"iss": issuer, "sub": "client", "aud": url, "exp": now + 240, "iat": now, "jti": f"j{time.time_ns()}"}
        claims.update(change)
        algorithm = claims.pop("alg", "ES384")
        signer = claims.pop("signer", key)
        return jwt.encode({k: v for k, v in claims.items() if v is not None}, signer, algorithm=algorithm)

    def post(client: TestClient, jwt_token: str | None) -> int:
        headers = {"Authorization": f"Bearer {jwt_token}"} if jwt_token else {}
        return client.post("/cds-services/crampcare-patient-view", json=body, headers=headers).status_code

    with _server_client(sqlite_url, {issuer: public}) as client:
        good = token()
        assert post(client, good) == 200
        assert post(client, good) == 401  # the same jti again
        assert post(client, None) == 401
        assert post(client, token(aud="http://testserver/cds-services/crampcare-order-sign")) == 401
        assert post(client, token(exp=int(time.time()) - 120)) == 401
        assert post(client, token(exp=int(time.time()) + 3600)) == 401  # lives too long
        assert post(client, token(jti=None)) == 401
        assert post(client, token(iss="https://other.example.org")) == 401
        assert post(client, token(alg="HS384", signer="s" * 64)) == 401  # no HMAC
        assert post(client, jwt.encode({"iss": issuer, "aud": url}, None, algorithm="none")) == 401
        other = ec.generate_private_key(ec.SECP384R1())
        assert post(client, token(signer=other)) == 401  # not the issuer's key
        assert client.get("/cds-services").status_code == 200  # discovery is public
    with _server_client(sqlite_url, {}) as client:
        assert post(client, token()) == 403  # no issuer configured


def test_a_narrower_lab_flag_is_never_milder_than_the_one_it_lies_in() -> None:
    """The merged card speaks with the narrowest flag's action: that must be the most urgent of its group."""
    from crampcare.assessment import flag_groups
    from crampcare.knowledge.loader import knowledge
    from crampcare.knowledge.vocab import TriageLevel

    levels = get_args(TriageLevel)  # the most urgent first

    groups: dict[object, list[Any]] = {}
    for flag in knowledge().red_flags.values():
        if (key := flag_groups.nest_key(flag)) is not None:
            groups.setdefault(key, []).append(flag)
    assert {("potassium", True), ("sodium", True), ("glucose", True)} <= set(groups)
    for flags in groups.values():
        ordered = sorted(flags, key=flag_groups.narrowness, reverse=True)
        ranks = [levels.index(f.level) for f in ordered]
        assert ranks == sorted(ranks), [f.id for f in ordered]
