"""A refused answer on a Russian form says what to type in Russian («Возраст: введите число от 0 до 120 лет»); the
hints were English sentences after a Russian label («Возраст: enter a number from 0 to 120 years»)."""

from __future__ import annotations

import html
import re

import pytest

from crampcare import i18n
from crampcare.web.problems import range_hint

from .conftest import TestClient, submit


def problems_of(page: str) -> list[str]:
    box = re.search(r'<div class="problems".*?</ul>', page, flags=re.S)
    assert box is not None
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", box.group(0), re.S)]


@pytest.mark.parametrize("path", ["/profile", "/assess"])
def test_every_number_and_choice_hint_on_a_russian_form_is_russian(client: TestClient, path: str) -> None:
    client.cookies.set("crampcare_lang", "ru")
    fields = {"age_years": "200", "weight_kg": "abc", "episode.pain": "11", "sex": "xx", "pattern.weeks": "-1"}
    response = submit(client, path, {**fields, "labs.potassium": "50", "lifestyle.water_litres_per_day": "99"})
    assert response.status_code == 422
    shown = problems_of(response.text)
    assert "Возраст: введите число от 0 до 120 лет" in shown
    assert "Вес: введите число от 1 до 400 кг" in shown
    assert "Боль: введите целое число от 0 до 10" in shown
    assert "Калий: введите число от 1 до 10 ммоль/л" in shown
    assert "Пол: выберите вариант из списка" in shown
    assert any(line.startswith("Вода: введите число от 0 до ") and line.endswith(" литров в день") for line in shown)
    assert any(line.endswith(" недель") and "введите" in line for line in shown)
    english = [line for line in shown if re.search(r"[A-Za-z]{3,}", line)]
    assert not english, english


def test_a_russian_hint_writes_a_decimal_limit_with_a_comma_and_an_english_one_with_a_point() -> None:
    with i18n.use("ru"):
        assert range_hint(0.05, 1440, "minutes") == "введите число от 0,05 до 1440 минут"
        assert range_hint(0, None, "", whole=True) == "введите целое число не меньше 0"
        assert range_hint(None, 10, "kg") == "введите число не больше 10 кг"
        assert range_hint(None, None, "kg") == "введите число"
    with i18n.use("en"):
        assert range_hint(0.05, 1440, "minutes") == "enter a number from 0.05 to 1440 minutes"
        assert range_hint(0, None, "", whole=True) == "enter a whole number of at least 0"


def test_a_lab_typed_in_mg_is_refused_in_russian_in_mg(client: TestClient) -> None:
    client.cookies.set("crampcare_lang", "ru")
    assert submit(client, "/settings", {"emergency_number": "112", "lab_units": "mg"}).status_code == 200
    response = submit(client, "/assess", {"age_years": "70", "labs.magnesium": "50"})
    assert response.status_code == 422
    assert "Магний: введите число от 0,24 до 12,15 мг/дл" in problems_of(response.text)


def test_an_empty_choice_in_the_russian_diary_asks_to_choose(client: TestClient) -> None:
    client.cookies.set("crampcare_lang", "ru")
    cramp = {"muscle": "calf", "side": "", "setting": "bed_night", "pain": "", "duration_minutes": "2"}
    response = submit(client, "/diary/episodes", cramp, form_page="/diary")
    assert response.status_code == 422
    shown = problems_of(response.text)
    assert "Сторона: выберите вариант" in shown and "Боль: это нужно заполнить" in shown, shown
