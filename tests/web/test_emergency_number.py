"""The "Call" button's number on the web: 112 by default, 103 (ambulance) a tick away, and never 911 or 999 on a
page a Russian-speaking reader sees (issue 15, locale-specific facts)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import submit

NOT_FOR_RUSSIAN_READERS = re.compile(r"(?<![\d+])(911|999)(?!\d)")


@pytest.mark.parametrize(
    "path", ["/", "/first-aid/calf", "/first-aid/calf?setting=bed_night", "/get-help", "/settings"]
)
def test_russian_pages_never_show_911_or_999(client: Any, path: str) -> None:
    page = client.get(path, headers={"Accept-Language": "ru"})
    assert page.status_code == 200
    assert not NOT_FOR_RUSSIAN_READERS.findall(page.text)


def test_choosing_103_makes_the_call_button_an_ambulance_call(client: Any) -> None:
    client.cookies.set("crampcare_lang", "ru")
    settings = client.get("/settings").text
    assert 'name="emergency_preset" value="112" checked' in settings  # the default, ticked
    assert "скорая помощь" in settings
    saved = submit(client, "/settings", {"emergency_preset": "103", "emergency_number": "", "lab_units": "mmol"})
    assert saved.status_code == 200
    first_aid = client.get("/first-aid/calf").text
    assert 'href="tel:103">Позвонить 103 (скорая помощь)</a>' in first_aid
    assert 'name="emergency_preset" value="103" checked' in client.get("/settings").text


def test_another_number_is_typed_and_checked(client: Any) -> None:
    typed = submit(client, "/settings", {"emergency_preset": "other", "emergency_number": "0 0 0", "lab_units": "mmol"})
    assert typed.status_code == 200
    assert 'href="tel:000">Call 000 (emergency number)</a>' in client.get("/first-aid/calf").text
    client.cookies.set("crampcare_lang", "ru")
    bad = submit(client, "/settings", {"emergency_preset": "other", "emergency_number": "мама", "lab_units": "mmol"})
    assert bad.status_code == 422
    assert "не номер телефона; от 2 до 15 цифр, например 112 или 103" in bad.text
