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


def test_a_refused_setup_names_the_field_by_its_label_in_the_readers_language(
    client: TestClient, sqlite_url: str
) -> None:
    """It named the field by its API id ("period_weeks: …", "doctor_agreed: …"), English words on a Russian page."""
    import html
    import re

    from crampcare.diary import service as diary

    diary.save_profile({"age_years": 61}, db_url=sqlite_url)
    stretch = {"intervention": "nightly_calf_hamstring_stretching"}

    def said(fields: dict[str, str]) -> str:
        response = submit(client, "/experiment/start", stretch | fields, form_page="/experiment")
        assert response.status_code == 422
        box = re.search(r'id="problems">.*?<p>(.*?)</p>', response.text, re.S)
        assert box is not None
        return html.unescape(box.group(1))

    assert said({"period_weeks": "9"}) == "Weeks per period: must be from 1 to 4 weeks (got 9)"
    client.cookies.set("crampcare_lang", "ru")
    assert said({"period_weeks": "9"}) == "Недель в периоде: должно быть от 1 до 4 недель (получено: 9)"
    assert said({"pairs": "2,5"}) == "Пары периодов: должно быть целое число (получено: '2,5')"
    assert said({"doctor_agreed": "01/12/2026"}).startswith(
        "Дата, когда врач дал согласие: это не дата (получено: '01/12/2026')"
    )
