"""Server-rendered pages without a browser: selectors, not whole pages (as datasette's tests do)."""

from __future__ import annotations

import re

from crampcare.knowledge.loader import KnowledgeBase

from .conftest import TestClient, token


def test_home_offers_every_muscle_as_a_link(client: TestClient) -> None:
    html = client.get("/").text
    for muscle in ("calf", "shin", "foot", "toes", "hamstring", "quadriceps", "gluteal", "whole_leg"):
        assert f'href="/first-aid/{muscle}"' in html
    assert '<meta name="viewport"' in html
    assert "htmx-2.0.11.min.js" in html


def test_first_aid_page_has_steps_settings_and_disclaimer(client: TestClient) -> None:
    html = client.get("/first-aid/calf?setting=bed_night").text
    assert 'class="first-aid best"' in html
    assert 'aria-current="true"' in html
    assert 'class="disclaimer"' in html
    assert client.get("/first-aid/knee").status_code == 404


def test_first_aid_page_offers_the_helper_stretch_only_when_someone_is_with_me(client: TestClient) -> None:
    alone = client.get("/first-aid/calf?setting=bed_night").text
    helped = client.get("/first-aid/calf?setting=bed_night&helper=true").text
    assert 'id="fa-fa_helper_stretch"' not in alone and 'id="fa-fa_helper_stretch"' in helped
    assert 'href="/first-aid/calf?setting=bed_night&amp;helper=true"' in alone  # the "someone is with me" choice
    assert "Someone is with me" in alone and "I am on my own" in helped
    best = 'class="first-aid best" id="fa-fa_calf_foot_pull"'
    assert best in alone and best in helped  # the calf's own stretch still leads
    assert 'href="/first-aid/calf?setting=swimming&amp;helper=true"' in helped  # the choice is kept
    assert 'href="/first-aid/shin?helper=true"' in client.get("/first-aid/shin").text
    assert "Why this is here" in alone and "Shown because someone is with you" in helped


def test_plan_page_has_triage_badges_in_words_and_disclaimer(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/assess"), "age_years": "40", "episode.muscle": "calf"}
    html = client.post("/assess", data=data).text
    assert 'data-level="self_care"' in html
    assert "Self-care — manage at home" in html
    assert "✓ You can do this" in html  # status badges carry words, not colour alone
    assert 'class="disclaimer"' in html
    assert "Sources:" in html


def test_questionnaire_error_names_the_field(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/assess"), "age_years": "40", "labs.potassium": "50"}
    response = client.post("/assess", data=data)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.text
    # Named by its label, linked to the input, with the range in the form's unit; no field path shown.
    assert '<a href="#f-labs-potassium">Potassium</a>: enter a number from 1 to 10 mmol/L' in response.text
    assert 'id="f-labs-potassium"' in response.text
    assert "labs.potassium:" not in response.text


def test_questionnaire_without_csrf_is_refused(client: TestClient) -> None:
    assert client.post("/assess", data={"age_years": "40"}).status_code == 403


def test_decimal_comma_is_accepted(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/assess"), "age_years": "40", "labs.potassium": "3,1"}
    response = client.post("/assess", data=data)
    assert response.status_code == 200
    # Read as 3.1 mmol/L (not 31, not refused), which is below the range and so flagged low.
    assert re.search(r'<td>3\.1 mmol/L <span class="badge lab-low">LOW</span>', response.text)


def test_knowledge_filters_and_record_page(client: TestClient, kb: KnowledgeBase) -> None:
    html = client.get("/knowledge?kind=first_aid").text
    ids = re.findall(r'href="/knowledge/([a-z0-9_]+)"', html)
    assert sorted(ids) == sorted(rid for rid, r in kb.interventions.items() if r.kind == "first_aid")
    record = client.get(f"/knowledge/{ids[0]}").text
    assert "<h2>Sources</h2>" in record
    partial = client.get("/knowledge?q=magnesium", headers={"HX-Request": "true"}).text
    assert "<html" not in partial and "Search results" in partial
    assert client.get("/knowledge?grade=great").status_code == 422


def test_profile_save_keeps_versions(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/profile"), "age_years": "61", "conditions": "diabetes"}
    assert client.post("/profile", data=data, follow_redirects=False).status_code == 303
    page = client.get("/profile").text
    assert 'value="61' in page
    assert client.get("/api/v1/diary/profile").json()["profile"]["conditions"] == ["diabetes"]


def test_diary_quick_log_and_delete(client: TestClient) -> None:
    csrf = token(client, "/diary")
    form = {
        "csrf_token": csrf,
        "muscle": "foot",
        "side": "right",
        "setting": "sitting",
        "pain": "4",
        "duration_minutes": "2",
    }
    assert client.post("/diary/episodes", data=form, follow_redirects=False).status_code == 303
    html = client.get("/diary").text
    eid = re.search(r'data-episode="(\d+)"', html)
    assert eid
    assert "no weekly rate yet (1 day of records" in html  # not "7 per week" from one day
    client.post(f"/diary/episodes/{eid.group(1)}/delete", data={"csrf_token": csrf})
    assert 'data-episode="' not in client.get("/diary").text


def test_diary_bad_pain_is_explained(client: TestClient) -> None:
    form = {
        "csrf_token": token(client, "/diary"),
        "muscle": "calf",
        "side": "left",
        "setting": "other",
        "pain": "11",
        "duration_minutes": "2",
    }
    response = client.post("/diary/episodes", data=form)
    assert response.status_code == 422
    # The field's label always says "Pain"; the error itself must name the field and the limit.
    assert '<p class="field-error" id="err-pain">⚠ must be from 0 to 10' in response.text
    assert '<li><a href="#d-pain">Pain</a>: must be from 0 to 10' in response.text


def test_settings_page_hides_database_password(client: TestClient) -> None:
    html = client.get("/settings").text
    assert "Local" in html and "interventions" in html


def test_a_childs_warning_signs_are_labelled_and_give_the_childs_red_flag(client: TestClient) -> None:
    form = client.get("/assess").text
    assert "Child: the pain is always in the same leg" in form
    data = {
        "csrf_token": token(client, "/assess"),
        "age_years": "6",
        "symptoms": "pain_in_one_leg_only",
        "episode.muscle": "calf",
    }
    html = client.post("/assess", data=data).text
    assert 'data-level="urgent"' in html
    assert "does not fit growing pains" in html
