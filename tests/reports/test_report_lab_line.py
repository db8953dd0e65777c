"""The doctor report's "Labs" line names each result as the plan does and gives its unit: a doctor reading
"egfr 38" had to guess the analyte's spelling and the scale of the number."""

from __future__ import annotations

import pytest

from crampcare import i18n
from crampcare.reports.present import lab_line

PROFILE = {"age_years": 78, "labs": {"egfr": 38, "potassium": 3.4, "ck": 250}}


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "eGFR 38 mL/min/1.73 m², potassium 3.4 mmol/L, CK 250 U/L"),
        ("ru", "СКФ 38 мл/мин/1,73 м², калий 3,4 ммоль/л, КФК 250 Ед/л"),
    ],
)
def test_labs_are_named_as_in_the_plan_with_their_units(lang: str, said: str) -> None:
    with i18n.use(lang):
        assert lab_line(PROFILE) == said


def test_no_labs_is_an_empty_line() -> None:
    with i18n.use("en"):
        assert lab_line({"age_years": 78}) == ""
        assert lab_line(None) == ""
