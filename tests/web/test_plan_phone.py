"""Issue 12 §2 and §4 in Chromium: the 79-year-old's plan fits six phone screens until something is opened, the
first screen holds the triage and what to do now, her medicines come next with reasons; the lab table is readable
at 320 px; on a desk-sized screen what was entered sits beside the decisions and every reason opens at once."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import PHONE, shot
from .test_accessibility import check

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENS = 6


def fill_older_woman(page: Any, server_url: str) -> None:
    page.goto(server_url + "/assess")
    page.get_by_role("textbox", name="Age").fill("79")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Conditions").fill("heart failure")
    page.get_by_label("Medicines you take").fill("Lasix\nramipril 5 mg\natorvastatin\nbisoprolol\namlodipine")
    page.locator("summary", has_text="Lab results").click()
    page.get_by_label("Potassium").fill("3.2")
    page.get_by_role("button", name="Show my care plan").click()
    page.locator("section.triage").wait_for()


def test_the_older_womans_plan_fits_six_phone_screens(page: Any, server_url: str) -> None:
    fill_older_woman(page, server_url)
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"79-year-old's plan at 390x844: {height} px = {height / PHONE['height']:.2f} screens")
    assert height <= SCREENS * PHONE["height"], height
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The first screen: the level, what to do and the safety net, and the start of what to do now.
    for selector in ("#triage-title", ".triage .action", ".triage .safety", "#fa"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] < PHONE["height"], selector
    safety = page.locator(".triage .safety").bounding_box()
    assert safety["y"] + safety["height"] <= PHONE["height"]
    # The gist of her own medicines and the whole "what to do now" heading are on the first screen too.
    for selector in ("#med-alert", "#fa"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], selector
    gist = page.locator("#med-alert").inner_text()
    assert re.search(r"Lasix and ramipril 5 mg make \d+ options unsafe for you", gist), gist
    causing = page.locator("#medicines .med-list > li", has_text="May add to the cramps").count()
    assert f"{causing} may add to the cramps" in gist, gist
    shot(page, "12-2-plan-79-first-screen")
    # Her medicines come straight after, each with why.
    medicines = page.locator("#medicines").inner_text()
    for name in ("Lasix", "ramipril 5 mg", "atorvastatin", "bisoprolol", "amlodipine"):
        assert name in medicines, name
    assert "Potassium chloride" in medicines  # avoided because she takes ramipril
    assert "May add to the cramps: loop diuretics" in medicines
    assert page.locator(".option[open]").count() == 0  # nothing opened yet
    # What is unsafe for her stays in sight; what to discuss is folded with its count, one tap away.
    assert page.locator("#for-you .mine-avoid").first.is_visible()
    folded = page.locator("#mine-discuss_with_doctor")
    links = folded.locator("a").count()
    assert folded.get_attribute("open") is None and f"{links} options" in folded.locator("summary").inner_text()
    assert not folded.locator("a", has_text="Diet rich in minerals").is_visible()
    shot(page, "12-2-plan-79-full", full_page=True)
    check(page, "79-year-old's plan on a phone")


def test_a_for_you_link_opens_its_card_inside_its_closed_group(page: Any, server_url: str) -> None:
    fill_older_woman(page, server_url)
    page.locator('#for-you a[href="#opt-cyclobenzaprine"]').click()
    page.wait_for_function("document.getElementById('opt-cyclobenzaprine').open")
    assert page.locator("#opt-cyclobenzaprine").is_visible()
    assert "heart failure" in page.locator("#opt-cyclobenzaprine").inner_text()
    shot(page, "12-2-plan-79-card-opened")


def test_the_lab_table_is_readable_at_320_px(browser: Any, server_url: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 700}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(server_url + "/assess")
        page.get_by_role("textbox", name="Age").fill("70")
        page.locator("summary", has_text="Lab results").click()
        page.get_by_label("Potassium").fill("3.2")
        page.get_by_label("eGFR").fill("40")
        page.get_by_role("button", name="Show my care plan").click()
        table = page.locator("table.labs")
        table.scroll_into_view_if_needed()
        text = table.inner_text()
        assert "eGFR" in text and "Egfr" not in text and "Potassium" in text
        assert "york_hyperkalaemia_pathway" not in page.locator("main").inner_text()
        assert table.locator("a", has_text="[1]").count() >= 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        box = table.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 320
        shot(page, "12-2-lab-table-320")
        check(page, "plan with labs at 320 px")
    finally:
        context.close()


def test_a_gp_sees_what_was_entered_beside_the_decisions(browser: Any, server_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        fill_older_woman(page, server_url)
        entered = page.locator("#entered")
        assert entered.get_attribute("open") is not None
        text = entered.inner_text()
        assert "Lasix → furosemide, Loop diuretics" in text
        assert "ramipril 5 mg → ramipril, ACE inhibitors" in text  # the dose is ignored, not an error
        assert "heart failure → Heart failure" in text and "Potassium 3.2 mmol/L" in text
        aside = entered.bounding_box()
        triage = page.locator("section.triage").bounding_box()
        assert aside["x"] > triage["x"] + triage["width"] and aside["y"] < 800  # beside, on the first screen
        shot(page, "12-4-desktop-plan")
        page.get_by_role("button", name="Open all reasons").click()
        assert page.locator(".option:not([open])").count() == 0
        assert page.get_by_role("button", name="Close all reasons").get_attribute("aria-pressed") == "true"
        check(page, "desktop plan with every reason open")
    finally:
        context.close()
