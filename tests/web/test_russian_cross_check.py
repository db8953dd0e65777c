"""A Russian check-up with a pregnancy week and the sex "male" (a slip on the phone's list): the refusal is said in
Russian after the field's label; it read «нельзя указать, если sex — male (мужской)», the API's field and value."""

from __future__ import annotations

import html
import re

from .conftest import TestClient, token


def test_pregnancy_with_male_sex_is_refused_in_russian_words(client: TestClient) -> None:
    client.cookies.set("crampcare_lang", "ru")
    fields = {"age_years": "31", "sex": "male", "pregnancy_weeks": "28"}
    response = client.post("/assess", data={"csrf_token": token(client, "/assess"), **fields})
    assert response.status_code == 422
    box = re.search(r'<div class="problems"[^>]*>.*?</div>', response.text, re.S)
    assert box is not None
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", "", box.group(0))).split())
    assert "Срок беременности в неделях, если есть беременность: нельзя указать, если пол мужской" in shown, shown
    assert not re.search(r"\b(sex|male|pregnancy_weeks)\b", shown), shown
