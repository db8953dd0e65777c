"""The experiment pages: set up in one screen, today's banner on the diary page, the check-in, stop, report."""

from __future__ import annotations

from .conftest import TestClient, submit


def test_setup_needs_a_profile_first(client: TestClient) -> None:
    page = client.get("/experiment").text
    assert "Store your profile first" in page and 'action="/experiment/start"' not in page


def test_set_up_check_in_banner_report_stop(client: TestClient, sqlite_url: str) -> None:
    from crampcare.diary import service as diary

    diary.save_profile({"age_years": 61}, db_url=sqlite_url)
    setup = client.get("/experiment").text
    assert 'value="nightly_calf_hamstring_stretching"' in setup
    assert 'value="quinine"' not in setup and 'value="fa_wall_calf_stretch"' not in setup  # never offered
    assert "needs your doctor's agreement" in setup  # discuss_with_doctor options say so
    started = submit(
        client,
        "/experiment/start",
        {"intervention": "nightly_calf_hamstring_stretching", "period_weeks": "2", "pairs": "3", "run_in": "on"},
        form_page="/experiment",
    )
    assert started.status_code == 200 and "run-in week" in started.text  # redirected to the experiment page
    assert "today: run-in week" in client.get("/diary").text  # the banner
    recorded = submit(client, "/experiment/today", {"done": "no"}, form_page="/experiment")
    assert "Recorded for" in recorded.text and "not done" in recorded.text
    report = client.get("/experiment/report")
    assert report.status_code == 200 and "not enough data yet" in report.text
    assert client.get("/experiment/report.pdf").content[:4] == b"%PDF"
    stopped = submit(client, "/experiment/stop", {"reason": "holiday"}, form_page="/experiment")
    assert "stopped" in stopped.text and "today:" not in client.get("/diary").text


def test_a_refused_setup_says_why(client: TestClient, sqlite_url: str) -> None:
    from crampcare.diary import service as diary

    diary.save_profile({"age_years": 61}, db_url=sqlite_url)
    response = submit(client, "/experiment/start", {"intervention": "magnesium_orotate"}, form_page="/experiment")
    assert response.status_code == 422 and 'role="alert"' in response.text
    # the status in words, as the plan shows it (not its id)
    assert "Discuss with a doctor" in response.text and "discuss_with_doctor" not in response.text
