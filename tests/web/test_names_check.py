"""Issue 12 §5: each condition and medicine typed on the check-up is shown with what it resolves to (or that it
is not recognised) while typing, and without JavaScript through 'Check the names first'; a dose typed with the
name is ignored, not an error."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import shot, submit
from .test_accessibility import check


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_each_name_is_shown_with_what_it_resolves_to(client: TestClient) -> None:
    answer = client.get(
        "/assess/names",
        params={
            "conditions": "heart failure\nheart failre\nflying saucer syndrome",
            "medications": "Lasix\nМидокалм 150\nramipril 5 mg\nxyzzy",
        },
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    shown = text_of(answer.text)
    assert "heart failure → Heart failure" in shown
    assert "heart failre → did you mean heart failure?" in shown  # the plan would refuse it, naming the same
    assert "flying saucer syndrome → not recognised: it will not be checked" in shown
    assert "Lasix → furosemide (Loop diuretics)" in shown
    assert "Мидокалм 150 → tolperisone" in shown and "ramipril 5 mg → ramipril (ACE inhibitors)" in shown
    assert "xyzzy → not recognised: it will not be checked" in shown


def test_nothing_typed_shows_nothing(client: TestClient) -> None:
    answer = client.get("/assess/names", headers={"HX-Request": "true"})
    assert answer.status_code == 200 and "resolve to" not in answer.text


def test_without_javascript_the_button_shows_the_same_and_keeps_every_answer(client: TestClient) -> None:
    page = submit(client, "/assess", {"age_years": "79", "medications": "Lasix\nxyzzy", "check_names": "true"}).text
    assert 'id="triage-title"' not in page  # no plan yet: the form again
    assert "Lasix → furosemide (Loop diuretics)" in text_of(page) and "xyzzy → not recognised" in text_of(page)
    assert 'value="79"' in page and "Lasix\nxyzzy</textarea>" in page


def test_the_plan_button_still_makes_the_plan(client: TestClient) -> None:
    page = submit(client, "/assess", {"age_years": "79", "medications": "Lasix"}).text
    assert 'id="triage-title"' in page


@pytest.mark.browser
@pytest.mark.slow
def test_names_resolve_while_typing_on_a_phone(page: Any, server_url: str) -> None:
    from .conftest import wait_until

    page.goto(server_url + "/assess")
    page.get_by_label("Conditions").fill("heart failure")
    page.get_by_label("Medicines you take").fill("Lasix\nramipril 5 mg\nxyzzy")
    wait_until(page, "document.getElementById('names-check').innerText.includes('xyzzy')")
    shown = page.locator("#names-check").inner_text()
    assert "Lasix → furosemide (Loop diuretics)" in shown and "ramipril 5 mg → ramipril" in shown
    assert "heart failure → Heart failure" in shown and "xyzzy → not recognised" in shown
    page.locator("#names-check").scroll_into_view_if_needed()
    shot(page, "12-5-names-resolve-live")
    check(page, "check-up with the names check")


@pytest.mark.browser
@pytest.mark.slow
def test_a_name_is_removed_from_the_list_and_its_box(page: Any, server_url: str) -> None:
    from .conftest import wait_until

    page.goto(server_url + "/assess")
    page.get_by_label("Medicines you take").fill("Lasix\nxyzzy, ramipril 5 mg")
    wait_until(page, "document.getElementById('names-check').innerText.includes('ramipril')")
    page.get_by_role("button", name="Remove xyzzy").click()
    wait_until(page, "!document.getElementById('names-check').innerText.includes('xyzzy')")
    assert page.get_by_label("Medicines you take").input_value() == "Lasix\nramipril 5 mg"
    assert "Lasix → furosemide" in page.locator("#names-check").inner_text()
    shot(page, "12-5-names-after-remove")
    check(page, "check-up names check with remove buttons")


def test_without_javascript_there_is_no_remove_button(client: TestClient) -> None:
    page = submit(client, "/assess", {"age_years": "70", "medications": "Lasix", "check_names": "true"}).text
    assert "remove-name" not in page  # it needs the page's script; the box itself is edited instead
    live = client.get("/assess/names", params={"medications": "Lasix"}, headers={"HX-Request": "true"}).text
    assert 'aria-label="Remove Lasix"' in live
