"""Walk-through (a Russian reader on her phone filling in the day's check-in and logging a cramp): a refused number
said only the limit crossed ("Water: must be at least 0"), leaving her to guess what the number counts, and quoted
a decimal she typed with a comma back with a point ('0.01' for «0,01»). Each refusal now says the field's every
limit with the unit its label uses, and quotes exactly what was typed."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from .conftest import PHONE, TestClient, shot, token

CRAMP = {"muscle": "calf", "side": "left", "setting": "bed_night", "pain": "4", "duration_minutes": "2"}


def problems(page: str) -> list[str]:
    box = page[page.index('class="problems"') :]
    box = box[: box.index("</ul>")]
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", box, re.S)]


def checkin(client: TestClient, **fields: str) -> list[str]:
    answer = client.post("/diary/checkin", data={"csrf_token": token(client, "/diary"), "day": "2026-12-01", **fields})
    assert answer.status_code == 422, answer.status_code
    return problems(answer.text)


@pytest.mark.parametrize(
    ("field", "typed", "en", "ru"),
    [
        ("water_litres", "-1", "Water: must be from 0 to 15 litres (got '-1')", "Вода: должно быть от 0 до 15 л"),
        ("water_litres", "20,5", "Water: must be from 0 to 15 litres (got '20,5')", "Вода: должно быть от 0 до 15 л"),
        (
            "caffeine_cups",
            "-2",
            "Coffee or tea: must be from 0 to 50 cups (got '-2')",
            "Кофе или чай: должно быть от 0 до 50 чашек",
        ),
        (
            "alcohol_units",
            "100,5",
            "Alcohol: must be from 0 to 100 units (got '100,5')",
            "Алкоголь: должно быть от 0 до 100 порций алкоголя",
        ),
    ],
)
def test_a_checkin_number_out_of_range_says_both_limits_with_the_labels_unit(
    client: TestClient, field: str, typed: str, en: str, ru: str
) -> None:
    assert checkin(client, **{field: typed}) == [en]
    client.cookies.set("crampcare_lang", "ru")
    assert checkin(client, **{field: typed}) == [f"{ru} (получено: '{typed}')"]


def test_the_unit_said_is_the_one_printed_beside_the_field(client: TestClient) -> None:
    client.cookies.set("crampcare_lang", "ru")
    page = client.get("/diary").text
    assert re.search(r'for="c-water_litres">Вода <span class="unit">\(л\)</span>', page)


def test_the_quick_log_quotes_a_decimal_comma_as_typed(client: TestClient) -> None:
    client.cookies.set("crampcare_lang", "ru")
    data = {"csrf_token": token(client, "/diary"), **CRAMP, "duration_minutes": "1500,5", "pain": "11"}
    answer = client.post("/diary/episodes", data=data)
    assert answer.status_code == 422
    assert problems(answer.text) == [
        "Боль: должно быть от 0 до 10 (получено: '11')",
        "Сколько длилась: должно быть от 0,05 минуты (3 секунды) до 1440 минут (24 часа) (получено: '1500,5')",
    ]
    assert 'value="1500,5"' in answer.text  # the field keeps it too


@pytest.mark.browser
@pytest.mark.slow
def test_on_a_russian_phone_the_checkin_says_the_unit_and_the_text_typed(browser: Any, server_url: str) -> None:
    """The page declares its language (<html lang="ru">); the Day field is the browser's own date control, which
    shows the date in the browser's locale (this Chromium has only en-US, so mm/dd/yyyy), and sends ISO days."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="ru-RU")
    context.add_cookies([{"name": "crampcare_lang", "value": "ru", "url": server_url}])
    page = context.new_page()
    try:
        page.goto(server_url + "/diary")
        assert page.evaluate("document.documentElement.lang") == "ru"
        page.fill("#c-day", "2026-12-01")
        page.fill("#c-water_litres", "20,5")
        page.press("#c-water_litres", "Enter")
        page.locator(".problems").first.wait_for()
        said = page.locator(".problems li").all_inner_texts()
        shot(page, "ru-checkin-water-refused-phone")
        assert said == ["Вода: должно быть от 0 до 15 л (получено: '20,5')"], said
        assert page.input_value("#c-water_litres") == "20,5" and page.input_value("#c-day") == "2026-12-01"
        assert "1 декабря 2026" in page.inner_text("#c-for")  # the page's own words put the day first
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
