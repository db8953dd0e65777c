"""Click through the main flows in real Chromium on a phone-sized viewport; screenshots go to artifacts/."""

from __future__ import annotations

import re
from typing import Any

import pytest

from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.search import search

from .conftest import shot, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_cramp_now_calf_steps_in_two_taps(page: Any, server_url: str) -> None:
    page.goto(server_url + "/")
    shot(page, "01-home-cramp-now")
    page.get_by_role("link", name="Calf").click()  # tap 1
    page.wait_for_url("**/first-aid/calf")
    assert page.locator("article.first-aid.best ol.steps li").count() >= 2
    shot(page, "02-first-aid-calf")
    page.get_by_role("link", name="Swimming").click()  # tap 2 (optional)
    page.wait_for_url("**/first-aid/calf?setting=swimming")
    best = page.locator("article.first-aid.best")
    assert "swim" in best.inner_text().casefold()
    assert page.locator(".disclaimer").is_visible()
    shot(page, "03-first-aid-calf-swimming")


def test_questionnaire_gives_plan_with_the_right_triage(page: Any, server_url: str, kb: KnowledgeBase) -> None:
    page.goto(server_url + "/assess")
    page.get_by_role("textbox", name="Age").fill("58")
    page.get_by_label("One calf is swollen").check()
    page.get_by_label("The skin over the muscle is red or warm").check()
    page.get_by_label("Where", exact=True).select_option("calf")
    page.get_by_role("button", name="Show my care plan").click()
    banner = page.locator("section.triage")
    banner.wait_for()
    # Calf swelling with redness and warmth is the possible-DVT red flag, which the KB grades urgent.
    assert banner.get_attribute("data-level") == "urgent"
    assert page.locator("ul.red-flags li").count() == 1
    assert kb.red_flags["possible_dvt"].title in page.locator("ul.red-flags").inner_text()
    assert page.locator(".disclaimer").is_visible()
    # Every option in the KB is shown once, each with its status badge.
    assert page.locator(".option .badge").count() == len(kb.interventions)
    shot(page, "04-plan-red-flag", full_page=False)


def test_self_care_plan_for_a_simple_night_cramp(page: Any, server_url: str) -> None:
    page.goto(server_url + "/assess")
    page.get_by_role("textbox", name="Age").fill("35")
    page.get_by_label("Where", exact=True).select_option("calf")
    page.get_by_label("When or where it happened").select_option("bed_night")
    page.get_by_role("button", name="Show my care plan").click()
    assert page.locator("section.triage").get_attribute("data-level") == "self_care"
    shot(page, "05-plan-self-care", full_page=True)


def test_bad_answer_is_explained_next_to_the_field(page: Any, server_url: str) -> None:
    page.goto(server_url + "/assess")
    page.get_by_role("textbox", name="Age").fill("35")
    page.locator("summary", has_text="Lab results").click()
    page.get_by_label("Potassium").fill("50")
    page.get_by_role("button", name="Show my care plan").click()
    problems = page.locator("#problems")
    assert "Potassium: enter a number from 1 to 10 mmol/L" in problems.inner_text()
    # Focus moves to the problem box, so a screen reader reads it out after the reload.
    assert page.evaluate("document.activeElement.id") == "problems"
    assert page.get_by_label("Potassium").input_value() == "50"  # what was typed is kept
    shot(page, "06-form-error")


def log_cramp(page: Any, muscle: str, side: str, setting: str, *, pain: str, minutes: str) -> None:
    """Fill in the diary's quick-log form as a person would and wait for the saved page."""
    page.locator("#d-muscle").select_option(muscle)
    page.locator("#d-side").select_option(side)
    page.locator("#d-setting").select_option(setting)
    page.locator("#d-pain").fill(pain)
    page.locator("#d-duration").fill(minutes)
    page.get_by_role("button", name="Save cramp").click()
    page.wait_for_url("**/diary?logged=*")


def test_log_an_episode_then_see_it_in_list_and_chart(page: Any, server_url: str) -> None:
    page.goto(server_url + "/diary")
    before = page.locator("table.episodes tbody tr").count()
    log_cramp(page, "calf", "right", "bed_night", pain="7", minutes="4")
    rows = page.locator("table.episodes tbody tr")
    assert rows.count() == before + 1
    assert "7/10" in rows.first.inner_text()
    chart = page.locator('img[data-chart="frequency"]')
    chart.scroll_into_view_if_needed()
    wait_until(page, "document.querySelector('img[data-chart=\"frequency\"]').naturalWidth > 0")
    assert f"({before + 1} recorded)" in (chart.get_attribute("alt") or "")
    shot(page, "07-diary-after-log", full_page=True)


def test_knowledge_search_and_record(page: Any, server_url: str, kb: KnowledgeBase) -> None:
    page.goto(server_url + "/knowledge?q=magnesium")
    expected = search(kb, "magnesium", limit=30)  # the knowledge page lists up to 30 hits
    assert page.locator(".hits li").count() == len(expected)
    first_record = next(hit for hit in expected if hit.family == "intervention")
    page.locator(f'.hits li a[href="/knowledge/{first_record.id}"]').click()  # every hit links; this is a remedy
    page.wait_for_url(f"**/knowledge/{first_record.id}")
    assert page.locator("h1").inner_text() == kb.interventions[first_record.id].name
    assert page.locator("h2", has_text="Sources").is_visible()
    shot(page, "08-knowledge-record")


def test_keyboard_focus_is_visible(page: Any, server_url: str) -> None:
    page.goto(server_url + "/")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_when_to_get_help_is_on_the_first_screen(page: Any, server_url: str) -> None:
    page.goto(server_url + "/first-aid/calf?setting=bed_night")
    link = page.get_by_role("link", name="When to get help")
    box = link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= page.viewport_size["height"]
    link.click()
    assert page.evaluate("location.hash") == "#get-help"
    assert page.locator("#get-help").is_visible()
    shot(page, "09-first-aid-get-help")


def test_option_cards_show_an_open_marker(page: Any, server_url: str) -> None:
    page.goto(server_url + "/assess")
    page.get_by_role("textbox", name="Age").fill("78")
    page.get_by_label("Medicines you take").fill("furosemide, atorvastatin, amlodipine, zopiclone, xyzzy")
    page.get_by_role("button", name="Show my care plan").click()
    assert "not checked: xyzzy" in page.locator("#medicines").inner_text()
    page.locator("details.group > summary").first.click()  # the cards sit in collapsed groups (issue 12 §2)
    summary = page.locator(".option summary").first
    marker = "getComputedStyle(document.querySelector('.option summary'), '::before').content"
    assert "▸" in page.evaluate(marker)
    summary.focus()
    page.keyboard.press("Enter")  # keyboard opens it; the marker turns
    assert "▾" in page.evaluate(marker)
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("none", "")
    shot(page, "10-plan-medicines-and-marker")


def test_diary_fits_a_phone_and_delete_asks_first(page: Any, server_url: str) -> None:
    page.goto(server_url + "/diary")
    assert page.locator("#d-side").input_value() == ""
    log_cramp(page, "quadriceps", "both", "walking_standing", pain="3", minutes="12.5")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    row = page.locator("table.episodes tbody tr").first
    assert "walking or standing" in row.inner_text()
    before = page.locator("table.episodes tbody tr").count()
    row.locator("summary").click()
    shot(page, "11-diary-delete-confirm")
    row.get_by_role("button", name=re.compile("Yes, delete")).click()
    page.wait_for_url("**/diary*")
    assert page.locator("table.episodes tbody tr").count() == before - 1


def test_a_for_you_link_opens_the_option_it_names(page: Any, server_url: str) -> None:
    page.goto(server_url + "/assess")
    page.get_by_role("textbox", name="Age").fill("31")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Weeks of pregnancy, if pregnant").fill("30")
    page.get_by_role("button", name="Show my care plan").click()
    card = page.locator("details#opt-ibuprofen_after_cramp")
    assert card.get_attribute("open") is None
    page.locator('#for-you a[href="#opt-ibuprofen_after_cramp"]').click()
    wait_until(page, "document.getElementById('opt-ibuprofen_after_cramp').open")
    assert "20 weeks of pregnancy" in card.inner_text()  # NSAIDs avoided from week 20 (FDA 2020, issue 11)


def test_every_knowledge_hit_opens_its_own_page(page: Any, server_url: str) -> None:
    page.goto(server_url + "/knowledge?q=diuretic")
    assert page.locator(".hits li a").count() == page.locator(".hits li").count()
    shot(page, "20-knowledge-hits-with-verdicts")
    page.locator(".hits li a", has_text="Loop diuretics").first.click()
    page.wait_for_url("**/knowledge/**")
    assert page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    shot(page, "21-knowledge-entry", full_page=True)
