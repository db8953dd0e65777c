"""Issue 11 §5: a condition name that very probably misspells a known one stops the check-up, and the page offers
both ways on: "Use '<known name>'" (the name is replaced and the form sent again) or "Keep '<name>' unchecked"
(the name goes into keep_unchecked; the plan comes with the warning that it was not checked). Nothing typed is
lost either way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import shot, submit
from .test_accessibility import check

TYPED = {"age_years": "70", "conditions": "sarcoidosis, kidny disease", "medications": "Lasix", "labs.sodium": "139"}


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _offered(html: str) -> None:
    assert "“kidny disease” looks like a misspelling of “kidney disease”, a condition crampcare knows" in html
    assert '<button class="button use-suggestion" type="submit" name="use_suggestion" value="kidny disease">' in html
    assert 'name="keep_unchecked_name" value="kidny disease">Keep “kidny disease” unchecked</button>' in html


def test_a_likely_misspelling_offers_the_known_name_or_keeping_it_unchecked(client: TestClient) -> None:
    response = submit(client, "/assess", TYPED)
    assert response.status_code == 422
    _offered(response.text)
    # Enter in a field sends the form through the first submit button: a plain one, never a choice.
    problems = response.text[response.text.index('id="problems"') :]
    first = re.search(r"<button[^>]*>", problems)
    assert first and 'type="submit"' in first.group(0) and "name=" not in first.group(0)
    assert ">sarcoidosis, kidny disease</textarea>" in response.text and 'value="139"' in response.text


def test_use_the_known_name_replaces_it_and_makes_the_plan(client: TestClient) -> None:
    response = submit(client, "/assess", {**TYPED, "use_suggestion": "kidny disease"})
    assert response.status_code == 200, response.text
    shown = text_of(response.text)
    assert "Chronic kidney disease" in shown  # checked now: the plan names the known condition
    assert "condition not checked: sarcoidosis" in shown and "condition not checked: kidny disease" not in shown
    assert "furosemide" in shown  # the other answers came along


def test_keep_it_unchecked_makes_the_plan_with_the_warning_at_the_top(client: TestClient) -> None:
    response = submit(client, "/assess", {**TYPED, "keep_unchecked_name": "kidny disease"})
    assert response.status_code == 200, response.text
    html = response.text
    warning = (
        "condition not checked: kidny disease (you chose to keep it unchecked rather than use &#39;kidney disease&#39;"
    )
    top = re.search(r'<section class="medicines-box not-checked" id="not-checked".*?</section>', html, re.S)
    assert top and warning in top.group(0)  # "Read this first", under the triage, before first aid
    assert html.index('id="not-checked"') < html.index('id="do-now"')
    assert "furosemide" in text_of(html)


def test_the_choice_to_keep_is_carried_when_another_answer_needs_fixing(client: TestClient) -> None:
    response = submit(client, "/assess", {**TYPED, "age_years": "abc", "keep_unchecked_name": "kidny disease"})
    assert response.status_code == 422
    html = response.text
    assert '<input type="hidden" name="keep_unchecked" id="f-keep_unchecked" value="kidny disease">' in html
    assert "Kept unchecked, as you chose: kidny disease." in html
    assert "looks like a misspelling" not in html  # already answered; only the age is asked again
    assert ">sarcoidosis, kidny disease</textarea>" in html and 'value="abc"' in html
    fixed = submit(client, "/assess", {**TYPED, "keep_unchecked": "kidny disease"})
    assert fixed.status_code == 200 and "condition not checked: kidny disease (you chose" in fixed.text


def test_a_kept_name_taken_out_of_the_box_keeps_nothing(client: TestClient) -> None:
    # The choice was about that name: once it is gone from the conditions, nothing else is kept unchecked by it.
    response = submit(client, "/assess", {**TYPED, "conditions": "sarcoidosis", "keep_unchecked": "kidny disease"})
    assert response.status_code == 200, response.text
    assert "kidny disease" not in response.text


def test_a_button_for_a_name_edited_meanwhile_changes_nothing(client: TestClient) -> None:
    # The box was changed to another likely misspelling before the click: the box wins, and it is asked about.
    edited = {**TYPED, "conditions": "kidny failure", "use_suggestion": "kidny disease"}
    response = submit(client, "/assess", edited)
    assert response.status_code == 422
    assert ">kidny failure</textarea>" in response.text
    assert "“kidny failure” looks like a misspelling of" in response.text


def test_the_names_check_shows_a_kept_name_as_kept(client: TestClient) -> None:
    live = {"HX-Request": "true"}
    asked = client.get("/assess/names", params={"conditions": "kidny disease"}, headers=live).text
    assert "did you mean kidney disease?" in text_of(asked)
    params = {"conditions": "kidny disease\nsarcoidosis", "keep_unchecked": "kidny disease"}
    kept = text_of(client.get("/assess/names", params=params, headers=live).text)
    assert "kidny disease → kept unchecked, as you chose" in kept and "did you mean" not in kept
    assert "sarcoidosis → not recognised: it will not be checked" in kept
    # Without JavaScript, "Check the names first" reads the same hidden field.
    page = submit(client, "/assess", {**TYPED, "keep_unchecked": "kidny disease", "check_names": "true"}).text
    assert "kidny disease → kept unchecked, as you chose" in text_of(page)


def test_the_profile_page_offers_the_same_choice_and_saves_it(client: TestClient) -> None:
    fields = {"age_years": "70", "conditions": "kidny disease"}
    refused = submit(client, "/profile", fields)
    assert refused.status_code == 422
    _offered(refused.text)
    saved = submit(client, "/profile", {**fields, "keep_unchecked_name": "kidny disease"}, form_page="/profile")
    assert saved.status_code == 200  # after the redirect to the saved page
    stored = client.get("/api/v1/diary/profile").json()["profile"]
    assert stored["conditions"] == ["kidny disease"] and stored["keep_unchecked"] == ["kidny disease"]
    again = client.get("/profile").text
    assert '<input type="hidden" name="keep_unchecked" id="f-keep_unchecked" value="kidny disease">' in again


def test_the_choice_is_in_russian_on_a_russian_page(client: TestClient) -> None:
    ru = {"Accept-Language": "ru-RU,ru;q=0.9"}
    page = client.get("/assess", headers=ru).text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    html = client.post("/assess", data={"csrf_token": found.group(1), **TYPED}, headers=ru).text
    assert "«kidny disease» похоже на опечатку в названии «kidney disease»" in html
    assert "Выбрать «kidney disease»</button>" in html and "Оставить «kidny disease» без проверки</button>" in html
    assert "Keep “" not in html and "looks like a misspelling" not in html


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_both_buttons_on_a_phone(page: Any, server_url: str, lang: str) -> None:
    page.context.add_cookies([{"name": "crampcare_lang", "value": lang, "url": server_url}])
    use, keep = ("Use “kidney disease”", "Keep “kidny disease” unchecked")
    if lang == "ru":
        use, keep = ("Выбрать «kidney disease»", "Оставить «kidny disease» без проверки")

    def fill() -> None:
        page.goto(server_url + "/assess")
        page.locator("#f-age_years").fill("70")
        page.locator("#f-conditions").fill("sarcoidosis\nkidny disease")
        page.locator("#f-medications").fill("Lasix")
        page.locator("#f-age_years").press("Enter")  # the plain submit: no choice is made for the person
        page.wait_for_selector(".name-choice")

    fill()
    assert page.locator(".name-choice").is_visible()
    assert page.get_by_role("button", name=use).is_visible() and page.get_by_role("button", name=keep).is_visible()
    box = page.get_by_role("button", name=keep).bounding_box()
    assert box and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844  # on the first screen
    shot(page, f"11-5-misspelt-condition-choice-{lang}")
    check(page, f"check-up with the misspelling choice ({lang})")

    page.get_by_role("button", name=use).click()
    page.wait_for_selector("#do-now")  # the plan page
    assert "kidny disease" not in page.content() and "sarcoidosis" in page.locator("#not-checked").inner_text()
    shot(page, f"11-5-misspelt-condition-used-{lang}")

    fill()
    page.get_by_role("button", name=keep).click()
    page.wait_for_selector("#not-checked")
    assert "kidny disease" in page.locator("#not-checked").inner_text()
    box = page.locator("#not-checked").bounding_box()
    assert box and box["x"] + box["width"] <= 390  # no sideways scrolling on a phone
    page.locator("#not-checked").scroll_into_view_if_needed()
    shot(page, f"11-5-misspelt-condition-kept-{lang}")
    check(page, f"plan with a condition kept unchecked ({lang})")
