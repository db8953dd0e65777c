"""Issue 12 §1: a check-up is about one person. It starts blank, fills in the saved profile only when asked, and
says whose values it used; a check-up for someone else saves nothing and uses nothing saved."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import pytest

from crampcare.knowledge.vocab import SYMPTOMS
from crampcare.web.pages import SYMPTOM_GROUPS, symptom_groups

from .conftest import TestClient, plan_page, shot, submit, token
from .test_accessibility import check

OLDER = {
    "age_years": "79",
    "sex": "female",
    "conditions": "heart failure",
    "medications": "Lasix\nramipril\natorvastatin\nbisoprolol\namlodipine",
    "labs.potassium": "3.2",
}


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", page)))


def save_profile(client: TestClient, fields: dict[str, str]) -> None:
    response = submit(client, "/profile", fields)
    assert response.status_code == 200 and "Saved." in response.text, response.text


def test_a_check_up_starts_blank_even_with_a_saved_profile(client: TestClient) -> None:
    save_profile(client, OLDER)
    form = client.get("/assess").text
    assert "heart failure" not in form and "ramipril" not in form and 'value="79"' not in form
    assert 'href="/assess?use=profile"' in form and "Use my saved profile" in form
    child = text_of(plan_page(client, age_years="7", who="someone_else"))
    for leaked in ("heart failure", "potassium 3.2", "ramipril", "Lasix", "79"):
        assert leaked not in child, leaked
    assert "your saved profile was not" in child and "nothing was saved" in child
    stored = client.get("/api/v1/diary/profile").json()
    assert stored["version"] == 1 and stored["profile"]["age_years"] == 79  # nothing new saved, hers untouched


def test_use_my_saved_profile_fills_the_form_and_the_plan_names_what_it_used(client: TestClient) -> None:
    save_profile(client, OLDER)
    form = client.get("/assess?use=profile").text
    notice = text_of(form[form.index('id="saved-notice"') : form.index("</div>", form.index('id="saved-notice"'))])
    assert "Filled in from your saved profile" in notice
    assert "Age: 79" in notice and "Potassium: 3.2" in notice and "Lasix, ramipril" in notice
    assert 'name="from_saved" value="true"' in form and ">heart failure</textarea>" in form
    # The person changes the potassium today: the plan names only the saved values it still used.
    fields = {**OLDER, "labs.potassium": "4.1", "from_saved": "true", "who": "me"}
    plan = text_of(submit(client, "/assess", fields, form_page="/assess?use=profile").text)
    used = plan[plan.index("Uses your saved profile") :].split(".")[0]
    assert "Age" in used and "Conditions" in used and "Medicines you take" in used
    assert "Potassium" not in used


def test_no_profile_saved_means_no_choice_offered(client: TestClient) -> None:
    form = client.get("/assess").text
    assert "Use my saved profile" not in form
    assert "answers only; nothing saved" in text_of(plan_page(client, age_years="40"))
    assert client.get("/assess?use=nonsense").status_code == 422


def test_age_and_who_come_first_and_warning_signs_are_grouped_with_none_of_these(client: TestClient) -> None:
    form = client.get("/assess").text
    assert form.index('name="who"') < form.index('name="age_years"') < form.index('name="sex"')
    assert form.index('name="weight_kg"') < form.index('name="symptoms"') < form.index('name="conditions"')
    grouped = [s for _, ids in SYMPTOM_GROUPS for s in ids]
    assert len(grouped) == len(set(grouped))  # no sign in two groups
    assert form.count('class="sign-group"') == len(symptom_groups())  # an ungrouped new sign: "Other signs"
    assert all(form.count(f'name="symptoms" value="{s}"') == 1 for s in SYMPTOMS)  # each sign once, none dropped
    assert "None of these" in form


def test_none_of_these_with_a_ticked_sign_asks_which_is_meant(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/assess"), "age_years": "50", "symptoms": "fever", "no_symptoms": "true"}
    response = client.post("/assess", data=data)
    assert response.status_code == 422
    assert "untick one of them" in text_of(response.text)
    assert re.search(r'value="fever"\s+checked', response.text)  # what was ticked is kept


@pytest.mark.browser
def test_two_people_in_one_browser(page: Any, server_url: str) -> None:
    # The older woman saves her profile.
    page.goto(server_url + "/profile")
    page.get_by_role("textbox", name="Age").fill("79")
    page.get_by_label("Conditions").fill("heart failure")
    page.get_by_label("Medicines you take").fill("Lasix\nramipril")
    page.locator("summary", has_text="Lab results").click()
    page.get_by_label("Potassium").fill("3.2")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url("**/profile?saved=true")
    # Her grandson's check-up in the same browser: a blank form, and a plan with nothing of hers.
    page.goto(server_url + "/assess")
    assert page.get_by_role("textbox", name="Age").input_value() == ""
    shot(page, "12-1-check-up-starts-blank")
    check(page, "blank check-up with a saved profile")
    page.get_by_label("Someone else, for example my child").check()
    page.get_by_role("textbox", name="Age").fill("7")
    page.get_by_role("button", name="Show my care plan").click()
    page.locator("section.triage").wait_for()
    body = page.locator("main").inner_text()
    assert "heart failure" not in body and "3.2" not in body and "ramipril" not in body.casefold()
    assert "your saved profile was not" in page.locator("#whose").inner_text()
    shot(page, "12-1-child-plan-nothing-mixed")
    check(page, "plan for someone else")
    # Her own check-up, from her saved profile: the plan says so.
    page.goto(server_url + "/assess")
    page.get_by_role("link", name="Use my saved profile").click()
    assert page.get_by_role("textbox", name="Age").input_value() == "79"
    shot(page, "12-1-check-up-from-saved-profile")
    check(page, "check-up filled from the saved profile")
    page.get_by_role("button", name="Show my care plan").click()
    whose = page.locator("#whose").inner_text()
    assert "Uses your saved profile" in whose and "Potassium" in whose and "Conditions" in whose
    check(page, "plan from the saved profile")
