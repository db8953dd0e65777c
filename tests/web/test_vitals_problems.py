"""A pregnant woman who types her blood pressure the wrong way round (110 over 120): the refusal names the box by
its label on the form, in the page's language, and the other reading in words; it said "Diastolic bp: must be
lower than systolic_bp", in English on the Russian page too. An out-of-range pulse names its unit."""

from __future__ import annotations

import html
import re

import pytest

from .conftest import TestClient, token

SWAPPED = {"age_years": "31", "sex": "female", "pregnancy_weeks": "28"} | {
    "vitals.systolic_bp": "110",
    "vitals.diastolic_bp": "120",
}


def problems(client: TestClient, lang: str, fields: dict[str, str]) -> str:
    client.cookies.set("crampcare_lang", lang)
    response = client.post("/assess", data={"csrf_token": token(client, "/assess"), **fields})
    assert response.status_code == 422
    box = re.search(r'<div class="problems"[^>]*>.*?</div>', response.text, re.S)
    assert box is not None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", box.group(0))).split())


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Blood pressure, lower (diastolic): must be lower than systolic pressure (120 is not below 110)"),
        ("ru", "Давление, нижнее (диастолическое): должно быть ниже систолического давления (120 не ниже 110)"),
    ],
)
def test_swapped_pressures_are_said_with_the_forms_words(client: TestClient, lang: str, said: str) -> None:
    shown = problems(client, lang, SWAPPED)
    assert said in shown, shown
    assert "systolic_bp" not in shown and "Diastolic bp" not in shown


def test_an_impossible_pulse_names_its_label_and_unit(client: TestClient) -> None:
    shown = problems(client, "en", {"age_years": "31", "vitals.heart_rate": "400"})
    assert "Pulse: enter a number from 20 to 250 beats a minute" in shown, shown
