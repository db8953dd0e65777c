"""The plan page's download button promised "PDF, 2 pages", but a long plan runs on: the Russian plan of a carer's
78-year-old (five medicines, type 2 diabetes, CKD, eGFR 38) is three pages even in the smallest type. The button
names no page count."""

from __future__ import annotations

import html
import re

from .conftest import TestClient, submit, token
from .test_plan_print import pages

CARER = {
    "age_years": "78",
    "sex": "female",
    "conditions": "СД 2 типа\nХБП",
    "medications": "Фуросемид 40 мг\nАмлодипин 5 мг\nСимвастатин 40 мг\nОмепразол 20 мг\nМетформин 500 мг",
    "labs.egfr": "38",
    "pattern.episodes_per_week": "3",
    "pattern.weeks": "8",
    "pattern.mostly_at_night": "true",
}


def test_the_button_does_not_promise_a_page_count_the_pdf_may_not_have(client: TestClient) -> None:
    client.cookies.set("crampcare_lang", "ru")
    page = submit(client, "/assess", CARER).text
    button = re.search(r'<form method="post" action="/assess/plan.pdf".*?<button[^>]*>([^<]*)</button>', page, re.S)
    assert button is not None
    assert html.unescape(button.group(1)) == "Скачать план (PDF)"
    sent = re.search(r'name="profile" value="([^"]+)"', page)
    assert sent is not None
    pdf = client.post(
        "/assess/plan.pdf", data={"csrf_token": token(client, "/assess"), "profile": html.unescape(sent.group(1))}
    )
    assert pdf.status_code == 200 and pages(pdf.content) == 3  # why the button cannot say "2 pages"
