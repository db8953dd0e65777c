"""Fixes from the phone usability test: labels in errors, help first, medicines near the top, diary, knowledge."""

from __future__ import annotations

import html as htmllib
import re

from crampcare.assessment.config import texts
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.web.plan_view import split_warnings
from crampcare.web.problems import PROFILE_FIELDS

from .conftest import TestClient, token

STATIC = "src/crampcare/web/static/crampcare.css"


def text_of(html: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


# --- 1. option cards show a disclosure marker --------------------------------------------------------


def test_option_summary_draws_its_own_open_and_closed_marker() -> None:
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / STATIC).read_text()
    assert re.search(r"\.option summary::before \{[^}]*content: \"▸\"", css)
    assert re.search(r"\.option\[open\] > summary::before \{[^}]*content: \"▾\"", css)


# --- 2. form errors in the form's words ---------------------------------------------------------------


def test_form_errors_use_the_label_and_say_what_to_type(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/assess"), "age_years": "130", "weight_kg": "abc", "episode.pain": "11"}
    response = client.post("/assess", data=data)
    assert response.status_code == 422
    box = re.search(r'<div class="problems"[^>]*>.*?</div>', response.text, re.S)
    assert box
    assert 'id="problems"' in box.group(0) and "autofocus" in box.group(0) and 'tabindex="-1"' in box.group(0)
    shown = text_of(box.group(0))
    assert "Age: enter a number from 0 to 120 years" in shown
    assert "Weight: enter a number from 1 to 400 kg" in shown
    assert "Pain: enter a whole number from 0 to 10" in shown
    for developer_words in ("age_years", "weight_kg", "episode.pain", "unable to parse", "input should be"):
        assert developer_words not in shown
    assert '<a href="#f-weight_kg">Weight</a>' in box.group(0)  # the link still targets the input's id
    assert '<p class="field-error" id="err-weight_kg">⚠ enter a number from 1 to 400 kg</p>' in response.text
    assert 'value="abc"' in response.text and 'value="130"' in response.text  # nothing typed is lost


def test_unknown_condition_links_to_the_conditions_box(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/assess"), "age_years": "50", "conditions": "diabetis"}
    html = client.post("/assess", data=data).text
    assert '<a href="#f-conditions">Conditions</a>: “diabetis” looks like a misspelling of “diabetes”' in html
    assert ">diabetis</textarea>" in html


def test_every_profile_label_is_the_label_printed_on_the_form(client: TestClient) -> None:
    form = client.get("/assess").text
    for name, (label, _unit) in PROFILE_FIELDS.items():
        if name == "symptoms":
            continue  # a group of checkboxes under its own heading
        found = re.search(rf'<label for="f-{re.escape(name.replace(".", "-"))}">([^<]*)', form)
        assert found, name
        assert found.group(1).strip() == label


# --- 3. first aid: the way to help is visible at once -------------------------------------------------


def test_first_aid_links_to_when_to_get_help_before_the_steps(client: TestClient) -> None:
    html = client.get("/first-aid/calf?setting=bed_night").text
    link = html.index('href="#get-help"')
    assert link < html.index('id="steps"')
    assert 'id="get-help"' in html and "When to get help" in html[link : link + 80]


# --- 4. medicine warnings near the top of the plan -----------------------------------------------------


def test_unknown_medicines_are_in_a_box_after_the_warning_signs(client: TestClient) -> None:
    data = {
        "csrf_token": token(client, "/assess"),
        "age_years": "78",
        "medications": "furosemide, atorvastatin, amlodipine, zopiclone, xyzzy",
        "episode.muscle": "calf",
    }
    html = client.post("/assess", data=data).text
    box = html.index('id="medicines"')
    assert html.index('id="triage-title"') < html.index('id="fa"') < box < html.index('id="op"')
    section = html[box : html.index("</section>", box)]
    assert "Your medicines" in section and "not checked: xyzzy" in section
    assert html.count("not checked: xyzzy") == 1  # moved, not repeated at the bottom


def test_interaction_warnings_count_as_medicine_warnings() -> None:
    words = texts().warnings
    interaction = words["minor_interaction"].format(option="Quinine", because="with digoxin", advice="ask first")
    unknown = words["unknown_medication"].format(name="xyzzy")
    lab = words["no_lab_range"].format(name="tsh")
    assert split_warnings([lab, unknown, interaction]) == ([unknown, interaction], [lab])


# --- 5. diary ---------------------------------------------------------------------------------------------


def test_side_must_be_chosen(client: TestClient) -> None:
    page = client.get("/diary").text
    side = re.search(r'<select id="d-side"[^>]*>(.*?)</select>', page, re.S)
    assert side and "required" in page[page.index('id="d-side"') : page.index('id="d-side"') + 60]
    assert re.match(r'<option value="">Choose…</option>', side.group(1))
    assert "selected" not in side.group(1)  # no silent "Left"
    form = {
        "csrf_token": token(client, "/diary"),
        "muscle": "calf",
        "setting": "sitting",
        "pain": "6",
        "note": "x",
        "duration_minutes": "2",
    }
    response = client.post("/diary/episodes", data=form)
    assert response.status_code == 422
    assert '<a href="#d-side">Side</a>: choose one' in response.text
    assert '<p class="field-error" id="err-side">⚠ choose one</p>' in response.text
    assert 'value="6"' in response.text and ">x</textarea>" in response.text


def test_diary_rows_use_the_forms_words_and_delete_asks_first(client: TestClient) -> None:
    csrf = token(client, "/diary")
    form = {
        "csrf_token": csrf,
        "muscle": "hamstring",
        "side": "both",
        "setting": "bed_night",
        "pain": "4",
        "duration_minutes": "2",
    }
    client.post("/diary/episodes", data=form)
    html = client.get("/diary").text
    row = re.search(r'<tr id="episode-(\d+)".*?</tr>', html, re.S)
    assert row
    assert "Back of thigh (both), in bed / at night" in row.group(0)
    assert "bed night" not in row.group(0)
    confirm = re.search(r'<details class="confirm-delete">.*?</details>', row.group(0), re.S)
    assert confirm and "Delete…</summary>" in confirm.group(0)
    assert 'name="csrf_token"' in confirm.group(0) and "Yes, delete</button>" in confirm.group(0)
    assert client.post(f"/diary/episodes/{row.group(1)}/delete", data={}).status_code == 403  # CSRF kept


# --- 8. knowledge browser ---------------------------------------------------------------------------------


def test_filters_narrow_the_search_hits_and_the_full_list_is_left_out(client: TestClient, kb: KnowledgeBase) -> None:
    html = client.get("/knowledge?q=stretch&kind=first_aid").text
    ids = re.findall(r'<li><a href="/knowledge/([a-z0-9_]+)"', html)
    assert ids and all(kb.interventions[i].kind == "first_aid" for i in ids)
    assert 'id="list-title"' not in html  # no list of every intervention under the hits
    assert "<strong>" not in html.split('id="hits-title"')[1].split("</section>")[0]  # causes etc. left out
    graded = client.get("/knowledge?q=magnesium&grade=ineffective", headers={"HX-Request": "true"}).text
    found = re.findall(r'href="/knowledge/([a-z0-9_]+)"', graded)
    assert found and all(kb.interventions[i].evidence.grade == "ineffective" for i in found)
    assert 'id="list-title"' in client.get("/knowledge?kind=first_aid").text  # no search: the list stays


def test_record_page_cites_readably(client: TestClient, kb: KnowledgeBase) -> None:
    record = kb.interventions["quinine"]
    html = client.get("/knowledge/quinine").text
    for sid in {s for rule in record.cautions + record.contraindications for s in rule.sources}:
        assert f"[{sid}]" not in html  # no raw keys
        assert f'href="#src-{sid}"' in html and f'id="src-{sid}"' in html
    assert "qt_prolonging" not in text_of(html)
    assert kb.drug_classes["qt_prolonging"].name in html
    assert "Stated safe use from age 18." in html and "18.0" not in html


def test_profile_page_lists_every_problem_in_the_forms_words(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/profile"), "age_years": "130", "weight_kg": "abc"}
    response = client.post("/profile", data=data)
    assert response.status_code == 422
    shown = text_of(response.text)
    assert "Age: enter a number from 0 to 120 years" in shown and "Weight: enter a number from 1 to 400 kg" in shown
    assert 'value="abc"' in response.text
