"""Lab units from Settings: typed in mg/dL, converted to mmol/L on entry (nutrition-and-labs.md conversions)."""

from __future__ import annotations

import re
from typing import Any

from crampcare.assessment.lab_units import mg_dl_per_mmol_l, to_mg_dl, to_mmol_l

from .conftest import submit


def use_mg(client: Any) -> None:
    response = submit(client, "/settings", {"emergency_number": "112", "lab_units": "mg"})
    assert response.status_code == 200


def test_the_conversions_are_the_references() -> None:
    assert mg_dl_per_mmol_l() == {"magnesium": 2.43, "calcium": 4.01, "ionized_calcium": 4.01, "glucose": 18.0}
    assert to_mmol_l("glucose", 54) == 3.0 and to_mmol_l("calcium", 8.8) == 2.195
    assert to_mg_dl("magnesium", 0.7) == 1.7


def test_the_forms_ask_in_mmol_by_default_and_in_mg_when_chosen(client: Any) -> None:
    assert "mg/dL" not in client.get("/assess").text
    use_mg(client)
    form = client.get("/assess").text
    assert form.count("(mg/dL)") == 4  # magnesium, calcium, ionised calcium, glucose; potassium stays mmol/L
    assert 'for="f-labs-potassium">Potassium <span class="unit">(mmol/L)' in form


def test_a_value_in_mg_is_stored_in_mmol_and_shown_back_in_mg(client: Any) -> None:
    use_mg(client)
    saved = submit(client, "/profile", {"age_years": "70", "labs.glucose": "54", "labs.magnesium": "1,7"})
    assert saved.status_code == 200
    stored = client.get("/api/v1/diary/profile").json()["profile"]["labs"]
    assert stored == {"glucose": 3.0, "magnesium": 0.7}
    for page in (client.get("/profile").text, client.get("/assess?use=profile").text):
        assert re.search(r'name="labs\.glucose" type="text" inputmode="decimal"\s+value="54"', page)
        assert re.search(r'name="labs\.magnesium" type="text" inputmode="decimal"\s+value="1\.7"', page)


def test_an_impossible_mg_value_is_explained_in_mg_and_kept_as_typed(client: Any) -> None:
    use_mg(client)
    response = submit(client, "/assess", {"age_years": "70", "labs.magnesium": "50"})
    assert response.status_code == 422
    assert "enter a number from 0.24 to 12.15 mg/dL" in response.text
    assert 'value="50"' in response.text


def test_the_plan_reads_the_converted_value(client: Any) -> None:
    use_mg(client)
    plan = submit(client, "/assess", {"age_years": "70", "labs.glucose": "54"})
    assert plan.status_code == 200
    assert "Because glucose 3 mmol/L &lt; 3.9" in plan.text  # 54 mg/dL is 3.0 mmol/L: the hypoglycaemia rule applies
