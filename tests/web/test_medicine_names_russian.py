"""Medicines on a Russian plan are named in Russian (issue 15): the names check while typing, "Your medicines",
"What was entered" and every option card show the Russian INN and drug class, not the English ones."""

from __future__ import annotations

import re
from typing import Any

from .conftest import plan_page
from .test_russian_pages import visible_text

RU = {"Accept-Language": "ru-RU,ru;q=0.9"}


def test_names_check_shows_russian_inns_and_classes(client: Any) -> None:
    answer = client.get("/assess/names", params={"medications": "Магне В6\nНо-шпа"}, headers=RU)
    text = visible_text(answer.text)
    assert "Но-шпа → дротаверин" in text
    assert "пиридоксин" in text
    assert not re.search(r"drotaverine|pyridoxine|Magnesium supplements", text), text


def test_english_names_check_is_unchanged(client: Any) -> None:
    answer = client.get("/assess/names", params={"medications": "Но-шпа"}, headers={"Accept-Language": "en"})
    assert "Но-шпа → drotaverine" in visible_text(answer.text)


def test_russian_plan_names_medicines_in_russian(client: Any) -> None:
    client.cookies.set("crampcare_lang", "ru")
    html = plan_page(
        client, age_years="31", sex="female", pregnancy_weeks="30", medications="Магне В6\nНо-шпа\nхинин", who="me"
    )
    text = visible_text(html)
    assert "Но-шпа (дротаверин)" in text
    assert "МНН: хинин" in text
    assert not re.search(r"МНН: [a-z]", text), re.findall(r"МНН: [a-z][^·]*", text)
    # The English INN may only show inside a source's title (a bibliographic citation stays as published).
    named = re.findall(r"(?:→ |\()(?:drotaverine|pyridoxine|quinine)\b(?!\) patient information)", text)
    assert not named, named
