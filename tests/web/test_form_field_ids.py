"""Walk-through (a parent filling in the check-up for a 7-year-old boy, with a number left in the pregnancy box):
a check across two answers is said after the field's label without the field's code name ("pregnancy_weeks")."""

from __future__ import annotations

import html
import re

import pytest

from .conftest import TestClient, token


def problems(client: TestClient, **fields: str) -> str:
    response = client.post("/assess", data={"csrf_token": token(client, "/assess"), **fields})
    assert response.status_code == 422, response.status_code
    box = re.search(r'<div class="problems"[^>]*>.*?</div>', response.text, re.S)
    assert box
    return html.unescape(re.sub(r"<[^>]+>", "", box.group(0)))


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"age_years": "40", "sex": "male", "pregnancy_weeks": "30"}, "cannot be set when sex is male"),
        ({"age_years": "7", "pregnancy_weeks": "30"}, "cannot be set below age 9"),
    ],
)
def test_a_check_across_answers_is_said_after_the_label_without_the_code_name(
    client: TestClient, fields: dict[str, str], said: str
) -> None:
    shown = problems(client, **fields)
    assert f"Weeks of pregnancy, if pregnant: {said}" in shown, shown
    assert "pregnancy_weeks" not in shown
