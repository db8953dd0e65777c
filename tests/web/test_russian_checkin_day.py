"""The Russian diary's check-in named its day in the nominative after «за»: «Эта отметка — за пятница 4 декабря 2026»,
«Отметка за пятница … сохранена» (it must be «за пятницу»). The date now comes first and the weekday after it in
brackets, which reads right after «за» for every weekday; English keeps "Friday 4 December 2026"."""

from __future__ import annotations

import html
import re

from .conftest import TestClient, token


def said(page: str) -> str:
    """The page's text as read: tags and the hidden "(today)" (shown by the script only on today's date) left out."""
    page = re.sub(r'<span id="c-today" hidden>[^<]*</span>', "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())


def test_the_check_in_day_reads_as_russian(client: TestClient) -> None:
    client.cookies.set("crampcare_lang", "ru")
    shown = said(client.get("/diary?day=2026-12-04").text)
    assert "Эта отметка — за 4 декабря 2026 (пятница)." in shown
    response = client.post(
        "/diary/checkin",
        data={"csrf_token": token(client, "/diary"), "day": "2026-12-04", "water_litres": "1,5"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Отметка за 4 декабря 2026 (пятница) сохранена." in said(response.text)
    assert not re.search(r"за (понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)", said(response.text))


def test_english_keeps_the_weekday_first(client: TestClient) -> None:
    assert "This check-in is for Friday 4 December 2026." in said(client.get("/diary?day=2026-12-04").text)
