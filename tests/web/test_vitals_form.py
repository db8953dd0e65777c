"""Issue 19: the web questionnaire collects the vital signs the engine reads (blood pressure in pregnancy)."""

from __future__ import annotations

from .conftest import TestClient, plan_page, submit


def test_the_form_offers_the_vital_signs(client: TestClient) -> None:
    page = client.get("/assess").text
    for name in ("vitals.systolic_bp", "vitals.diastolic_bp", "vitals.heart_rate", "vitals.temperature_c"):
        assert f'name="{name}"' in page


def test_a_pregnant_woman_with_164_over_112_and_blurred_vision_gets_the_emergency(client: TestClient) -> None:
    page = plan_page(
        client,
        age_years="31",
        sex="female",
        pregnancy_weeks="36",
        symptoms="tinnitus_visual_disturbance",
        **{"vitals.systolic_bp": "164", "vitals.diastolic_bp": "112"},
    )
    assert "severe pre-eclampsia" in page.lower()


def test_a_diastolic_above_the_systolic_is_shown_at_its_field(client: TestClient) -> None:
    response = submit(client, "/assess", {"age_years": "40", "vitals.systolic_bp": "80", "vitals.diastolic_bp": "120"})
    assert response.status_code in (200, 422)
    assert "lower than systolic" in response.text
