"""Issue 12 §4: the plan as a PDF download of at most two A4 pages, with the reasons and a numbered source list;
the profile the page sends back is checked again like any input (a bad one is a 422 naming the field)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import SCREENSHOTS, submit, token
from .test_plan_print import pages

OLDER_WOMAN = {
    "age_years": "79",
    "sex": "female",
    "conditions": "heart failure",
    "medications": "Lasix\nramipril 5 mg\natorvastatin\nbisoprolol\namlodipine",
    "labs.potassium": "3.2",
}
PREGNANT_WOMAN = {
    "age_years": "31",
    "sex": "female",
    "pregnancy_weeks": "30",
    "medications": "ibuprofen\nmagnesium\nlevothyroxine",
    "conditions": "hypothyroidism",
}


def download(client: TestClient, answers: dict[str, str]) -> Any:
    page = submit(client, "/assess", answers).text
    sent = re.search(r'name="profile" value="([^"]+)"', page)
    assert sent, "the plan page offers the PDF"
    return client.post(
        "/assess/plan.pdf", data={"csrf_token": token(client, "/assess"), "profile": html.unescape(sent.group(1))}
    )


def text_of(pdf: bytes, name: str) -> str:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.pdf"
    path.write_bytes(pdf)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed: the page count was checked, the text was not")
    if shutil.which("pdftoppm"):  # images to look at, kept with the screenshots
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(path), str(SCREENSHOTS / name)], check=True)
    return " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )


def test_the_older_womans_plan_downloads_as_two_a4_pages_with_reasons_and_sources(client: TestClient) -> None:
    answer = download(client, OLDER_WOMAN)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == 'attachment; filename="crampcare-plan.pdf"'
    assert 1 <= pages(answer.content) <= 2, pages(answer.content)
    text = text_of(answer.content, "12-4-plan-79-download")
    assert "See a doctor" in text and "Safety net:" in text and "potassium 3.2 mmol/L is low" in text
    assert "What to do now: Sit down and stretch the leg out" in text
    assert "May add to the cramps:" in text and "Potassium chloride tablets" in text
    assert "Avoid: Calcium chloride oral solution" in text and "Calcium gluconate" in text
    assert "Because you have heart failure" in text  # the reason beside the options it concerns
    assert re.search(r"Every option \(\d+\)", text)
    assert "Lasix → furosemide" in text and "Medical disclaimer" in text
    numbers = {int(n) for n in re.findall(r"\[(\d+)\] \S", text.split("Sources", 1)[1])}
    assert numbers and numbers == set(range(1, max(numbers) + 1))  # every cited number is in the list
    cited = {int(n) for group in re.findall(r"\[([\d, ]+)\]", text.split("Sources", 1)[0]) for n in group.split(",")}
    assert cited <= numbers


def test_a_pregnant_womans_plan_downloads_in_two_pages(client: TestClient) -> None:
    answer = download(client, PREGNANT_WOMAN)
    assert answer.status_code == 200 and 1 <= pages(answer.content) <= 2
    text = text_of(answer.content, "12-4-plan-pregnant-download")
    assert "pregnancy" in text and "Ibuprofen for soreness after a cramp" in text


@pytest.mark.parametrize(
    ("profile", "field"),
    [("{not json", "profile"), ("[1, 2]", "profile"), ('{"age_years": 300}', "profile.age_years")],
)
def test_a_profile_that_is_not_one_is_refused_naming_the_field(client: TestClient, profile: str, field: str) -> None:
    answer = client.post("/assess/plan.pdf", data={"csrf_token": token(client, "/assess"), "profile": profile})
    assert answer.status_code == 422
    assert field in answer.text and "Traceback" not in answer.text


def test_without_the_page_token_nothing_is_made(client: TestClient) -> None:
    answer = client.post("/assess/plan.pdf", data={"profile": '{"age_years": 40}'})
    assert answer.status_code in (400, 403) and answer.headers["content-type"] != "application/pdf"


@pytest.mark.browser
@pytest.mark.slow
def test_a_person_downloads_the_plan_from_the_page(page: Any, server_url: str) -> None:
    from .test_plan_phone import fill_older_woman

    fill_older_woman(page, server_url)
    with page.expect_download() as caught:
        page.get_by_role("button", name="Download the plan (PDF)").click()
    download = caught.value
    assert download.suggested_filename == "crampcare-plan.pdf"
    assert 1 <= pages(Path(download.path()).read_bytes()) <= 2


def test_the_pdf_says_once_not_to_stop_a_medicine_that_may_add_to_the_cramps(client: TestClient) -> None:
    answer = download(client, OLDER_WOMAN)
    assert 1 <= pages(answer.content) <= 2, pages(answer.content)
    text = text_of(answer.content, "walk-plan-79-do-not-stop")
    assert "May add to the cramps:" in text
    assert text.count("Do not stop a prescribed medicine on your own.") == 1
