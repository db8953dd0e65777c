"""Issue 16's experiment pages in Chromium on a phone (390x844): set up in one screen, today's check-in, the
banner on the diary page, the report page and PDF, a refused set-up that says why, stopping. Its own server and
diary (an experiment under way would change the diary page other browser tests look at)."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import PHONE, free_port, shot, wait_until_up
from .test_accessibility import check

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def experiment_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from crampcare.diary import service as diary
    from crampcare.diary.db import dispose_engines

    folder = tmp_path_factory.mktemp("experiment-web")
    url = f"sqlite:///{folder / 'diary.db'}"
    diary.save_profile({"age_years": 61, "sex": "female"}, db_url=url)  # what may be tested depends on it
    dispose_engines()
    port = free_port()
    env = {**os.environ, "CRAMPCARE_DATABASE_URL": url}
    env.pop("CRAMPCARE_SECRET_KEY", None)
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "crampcare", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        # The first page loads the knowledge base and assesses the profile: a slow start on a busy machine.
        urllib.request.urlopen(base + "/experiment", timeout=120).close()
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _fits_the_phone(page: Any, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{where}: {width} px wide on a {PHONE['width']} px screen"


def test_a_refused_set_up_says_why_beside_the_form(page: Any, experiment_server: str) -> None:
    page.goto(experiment_server + "/experiment")
    choice = page.locator("#x-intervention option", has_text="needs your doctor's agreement").first
    page.get_by_label("What to test").select_option(choice.get_attribute("value"))
    page.get_by_role("button", name="Start").click()
    alert = page.get_by_role("alert")
    assert alert.is_visible() and "doctor" in alert.inner_text()
    box = alert.bounding_box()
    assert box is not None and box["y"] < PHONE["height"]  # seen without scrolling
    assert page.get_by_label("What to test").is_visible()  # the form is still there to correct
    shot(page, "16-experiment-refused")


def test_set_up_check_in_banner_report_and_stop_on_a_phone(page: Any, experiment_server: str) -> None:
    page.goto(experiment_server + "/experiment")
    _fits_the_phone(page, "set-up")
    start = page.get_by_role("button", name="Start").bounding_box()
    assert start is not None and start["y"] + start["height"] <= PHONE["height"] * 2  # a short form
    shot(page, "16-experiment-setup", full_page=True)
    check(page, "experiment set-up")

    page.get_by_label("What to test").select_option("nightly_calf_hamstring_stretching")
    page.get_by_label("Weeks per period").select_option("1")
    page.get_by_label("Begin with a run-in week").uncheck()
    page.get_by_role("button", name="Start").click()
    today = page.locator("#today-title + .experiment-today")
    assert "stretching" in today.inner_text().lower()
    assert page.locator("#exp-title").inner_text().startswith("Nightly calf and hamstring stretching")
    assert page.locator("table.schedule tbody tr").count() == 6  # 3 pairs of periods, no run-in
    _fits_the_phone(page, "experiment page")
    shot(page, "16-experiment-started", full_page=True)
    check(page, "experiment page")

    page.get_by_role("button", name="Yes, I did").click()
    assert "Recorded for" in page.locator("section[aria-labelledby='today-title']").inner_text()
    assert "done" in page.locator("section[aria-labelledby='today-title']").inner_text()

    page.goto(experiment_server + "/diary")
    banner = page.locator(".experiment-today a")
    assert banner.is_visible() and "stretching" in banner.inner_text().lower()
    box = banner.bounding_box()
    assert box is not None and box["y"] < PHONE["height"]  # on the first screen of the diary
    shot(page, "16-experiment-diary-banner")
    banner.click()
    page.locator("#exp-title").wait_for()

    page.get_by_role("link", name="The report page").click()
    assert "not enough data yet" in page.locator("body").inner_text().lower()
    _fits_the_phone(page, "report page")
    shot(page, "16-experiment-report", full_page=True)
    check(page, "experiment report")
    pdf = page.request.get(experiment_server + "/experiment/report.pdf")
    assert pdf.ok and pdf.body()[:4] == b"%PDF"

    page.goto(experiment_server + "/experiment")
    page.get_by_label("Why stop (optional)").fill("going on holiday")
    page.get_by_role("button", name="Stop the experiment").click()
    assert "stopped" in page.locator("#exp-title").inner_text().lower()
    assert page.get_by_role("button", name="Stop the experiment").count() == 0
    assert page.get_by_role("button", name="Yes, I did").count() == 0
    page.goto(experiment_server + "/diary")
    assert page.locator(".experiment-today").count() == 0
    shot(page, "16-experiment-stopped")
