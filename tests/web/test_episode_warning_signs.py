"""Issue 12 §6 end to end: a cramp logged with swelling or weakness says at once what it calls for, on the web, in
the API and in `crampcare diary log`; the signs are edited on the web, listed, and counted in the doctor report."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from crampcare.cli.main import run
from crampcare.diary import service
from crampcare.reports import doctor

from .conftest import PHONE, shot, submit
from .test_accessibility import check

CRAMP = {
    "muscle": "calf",
    "side": "left",
    "setting": "bed_night",
    "pain": "5",
    "duration_minutes": "2",
    "started": "2024-05-01T02:40",
    "time_zone": "Europe/Berlin",
}


def log(client: TestClient, **changes: str) -> str:
    response = submit(client, "/diary/episodes", CRAMP | changes, form_page="/diary")
    assert response.status_code == 200, response.text
    return str(response.text)


def advice_of(page: str) -> str:
    return page[page.index('id="episode-advice"') : page.index("</section>", page.index('id="episode-advice"'))]


def test_a_short_cramp_with_a_swollen_calf_calls_for_a_same_day_check(client: TestClient) -> None:
    page = log(client, swelling="true")
    advice = advice_of(page)
    assert "Get help today" in advice and "Because of calf swelling" in advice
    assert client.get("/api/v1/diary/episodes").json()["items"][0]["swelling"] is True


def test_weakness_calls_for_a_doctor_and_the_list_shows_both_signs(client: TestClient) -> None:
    page = log(client, weakness="true", swelling="true")
    advice = advice_of(page)
    assert "Because of muscle weakness" in advice and "Because of calf swelling" in advice
    row = re.search(r'<tr id="episode-\d+".*?</tr>', page, re.S)
    assert row and "swelling" in row.group(0) and "weakness" in row.group(0)


def test_without_the_signs_the_same_cramp_just_logs(client: TestClient) -> None:
    page = log(client)
    assert "Cramp logged" in page and 'id="episode-advice"' not in page


def test_a_sign_that_is_not_a_tick_is_named(client: TestClient) -> None:
    response = submit(client, "/diary/episodes", CRAMP | {"weakness": "a little"}, form_page="/diary")
    assert response.status_code == 422
    assert "Weakness" in response.text and "Cramp not saved" in response.text


def test_swelling_is_ticked_and_unticked_on_the_edit_page(client: TestClient) -> None:
    page = log(client)
    episode_id = re.search(r"Cramp logged \(entry (\d+)\)", page).group(1)  # type: ignore[union-attr]
    address = f"/diary/episodes/{episode_id}/edit"
    fields = {k: v for k, v in CRAMP.items() if k != "time_zone"}
    edited = submit(client, address, fields | {"swelling": "true"}, form_page=address)
    assert "Because of calf swelling" in advice_of(edited.text)
    assert re.search(r'name="swelling" value="true" checked', client.get(address).text)
    submit(client, address, fields, form_page=address)  # the box unticked
    assert 'name="swelling" value="true" checked' not in client.get(address).text


def test_the_api_stores_returns_and_patches_the_signs(client: TestClient) -> None:
    episode = {"started": "2024-05-01T02:40:00+02:00", "duration_minutes": 2, "muscle": "calf", "side": "left"}
    episode |= {"setting": "bed_night", "pain": 5}
    made = client.post("/api/v1/diary/episodes", json=episode | {"weakness": True}).json()
    assert made["weakness"] is True and made["swelling"] is False
    patched = client.patch(f"/api/v1/diary/episodes/{made['id']}", json={"swelling": True, "weakness": False})
    assert patched.status_code == 200 and (patched.json()["swelling"], patched.json()["weakness"]) == (True, False)
    refused = client.post("/api/v1/diary/episodes", json=episode | {"swelling": "yes"})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "swelling"


def test_the_cli_logs_the_signs_and_shows_the_advice(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    args = ["--muscle", "calf", "--side", "left", "--pain", "5", "--duration", "2", "--setting", "bed_night"]
    with pytest.raises(SystemExit) as exited:
        run(["diary", "log", "--db", sqlite_url, "--at", "2024-05-08T02:30+02:00", *args, "--weakness"])
    out = capsys.readouterr().out
    assert exited.value.code in (0, None)
    assert "URGENT" in out and "Because of muscle weakness" in out
    with pytest.raises(SystemExit):
        run(["diary", "list", "--json", "--db", sqlite_url])
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["weakness"] is True and listed[0]["swelling"] is False


def test_the_doctor_report_counts_cramps_with_the_signs(sqlite_url: str, tmp_path: Path) -> None:
    base = {"started": "2024-05-01T02:40:00+02:00", "duration_minutes": 2, "muscle": "calf", "side": "left"}
    base |= {"setting": "bed_night", "pain": 5}
    service.log_episode(base | {"swelling": True}, db_url=sqlite_url)
    service.log_episode(base | {"started": "2024-05-03T02:40:00+02:00", "weakness": True}, db_url=sqlite_url)
    service.log_episode(base | {"started": "2024-05-04T02:40:00+02:00"}, db_url=sqlite_url)
    html_out = tmp_path / "report.html"
    doctor.write_report(html_out, db_url=sqlite_url)
    text = html_out.read_text()
    assert "Logged with swelling or weakness: 2 cramps, 2024-05-03 (weakness), 2024-05-01 (swelling)." in text
    pdf_out = tmp_path / "report.pdf"
    doctor.write_report(pdf_out, db_url=sqlite_url)
    assert pdf_out.read_bytes().count(b"/Type /Page\n") == 1  # still one page


@pytest.mark.browser
@pytest.mark.slow
def test_on_a_phone_a_ticked_swelling_shows_the_advice_first(page: Any, server_url: str) -> None:
    page.goto(server_url + "/diary")
    page.locator("#d-muscle").select_option("calf")
    page.locator("#d-side").select_option("left")
    page.locator("#d-setting").select_option("bed_night")
    page.locator("#d-pain").fill("4")
    page.locator("#d-duration").fill("1")
    page.get_by_label("One calf is swollen").check()
    shot(page, "12-6-diary-swelling-ticked")
    page.get_by_role("button", name="Save cramp").click()
    advice = page.locator("#episode-advice")
    advice.wait_for()
    assert "Because of calf swelling" in advice.inner_text()
    box = advice.bounding_box()
    # the page opens at the advice (scrolled into view it may sit a fraction of a pixel above the top)
    assert box is not None and -1 <= box["y"] < PHONE["height"]
    shot(page, "12-6-diary-swelling-advice")
    check(page, "diary after a cramp with swelling")
