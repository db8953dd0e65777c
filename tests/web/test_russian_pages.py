"""The web in Russian (issue 15): no interface text of the catalogue is left in English on the pages a person
opens mid-cramp, and the phone screenshots are taken in Russian (artifacts/screenshots/ru-*.png)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from english_left import english_interface_texts, english_left

NIGHT_PAGES = [
    "/",
    "/first-aid/calf",
    "/first-aid/foot?setting=bed_night&helper=true",
    "/get-help",
    "/offline",
    "/assess",
    "/diary",
    "/settings",
    "/knowledge",
    "/profile",
    "/experiment",
]


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("path", NIGHT_PAGES)
def test_no_interface_text_is_left_in_english(client: Any, path: str) -> None:
    page = client.get(path, headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert page.status_code == 200
    text = visible_text(page.text)
    left = english_left(text)
    assert not left, f"{path} shows catalogue text in English: {left}"
    for word in ("Cramp now", "Check-up", "Diary", "Settings", "When to get help"):
        assert word not in text, (path, word)


def test_the_check_finds_english_when_english_is_asked(client: Any) -> None:
    text = visible_text(client.get("/first-aid/calf", headers={"Accept-Language": "en"}).text)
    assert any(english in text for english in english_interface_texts())


@pytest.mark.browser
def test_russian_phone_screenshots(page: Any, server_url: str) -> None:
    from .conftest import shot

    page.context.add_cookies([{"name": "crampcare_lang", "value": "ru", "url": server_url}])
    page.goto(server_url + "/")
    assert page.get_by_role("heading", name="Судорога сейчас?").is_visible()
    shot(page, "ru-01-cramp-now")
    page.get_by_role("link", name="Икра").click()
    page.wait_for_url("**/first-aid/calf")
    assert page.get_by_role("link", name=re.compile(r"^Позвонить 112")).first.is_visible()
    shot(page, "ru-02-first-aid-calf")
    shot(page, "ru-03-first-aid-calf-full", full_page=True)
    page.goto(server_url + "/get-help")
    assert page.get_by_role("heading", name="Когда обращаться за помощью", exact=True).is_visible()
    shot(page, "ru-04-get-help")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/get-help?lang=en")
    assert page.get_by_role("heading", name="When to get help", exact=True).is_visible()


@pytest.mark.browser
def test_russian_check_up_for_a_pregnant_woman_screenshots(page: Any, server_url: str) -> None:
    from .conftest import shot

    page.context.add_cookies([{"name": "crampcare_lang", "value": "ru", "url": server_url}])
    page.goto(server_url + "/assess")
    assert page.get_by_role("heading", name="Обследование", exact=True).is_visible()
    page.locator("#f-who-me").check()
    page.locator("#f-age_years").fill("31")
    page.locator("#f-sex").select_option("female")
    page.locator("#f-pregnancy_weeks").fill("30")
    page.locator("#f-medications").fill("Магне В6\nНо-шпа")
    shot(page, "ru-06-check-up")
    page.get_by_role("button", name="Показать мой план").click()
    page.wait_for_load_state()
    assert 'lang="ru"' in page.content()
    shot(page, "ru-07-plan")
    shot(page, "ru-08-plan-full", full_page=True)


def test_the_whole_plan_page_speaks_russian(client: Any) -> None:
    from .conftest import plan_page

    client.cookies.set("crampcare_lang", "ru")
    html = plan_page(client, age_years="70", medications="furosemide\natorvastatin", who="me")
    text = visible_text(html)
    assert 'lang="ru"' in html
    for russian in ("Для вас", "Все варианты (", "Почему такая оценка", "Что было введено", "К кому обратиться ("):
        assert russian in text, russian
    left = english_left(text)
    assert not left, left
    for english in ("For you", "Every option", "Why this status", "What was entered", "Whom to see", "Full record"):
        assert english not in text, english
