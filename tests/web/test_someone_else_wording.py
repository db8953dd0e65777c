"""A carer doing the check-up for a 78-year-old: the plan page and its PDF speak of that person's medicines
("Their medicines", "unsafe for them", "Because they take it"), not of the reader's, as if the carer took them.
The reader's own check-up keeps "Your medicines"."""

from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess
from typing import Any

import pytest

from .conftest import SCREENSHOTS, TestClient, plan_page, shot, submit, token

CARER = {
    "age_years": "78",
    "sex": "female",
    "conditions": "heart failure",
    "medications": "Lasix\nramipril\natorvastatin\nquinine",
}

# The frame's words that take the reader for the patient, and what a plan for someone else says instead.
# (Sentences of the engine's own plan, such as an option's reasons, are not the frame's and are not checked here.)
PAGE = {
    "en": (
        [
            "Your care plan",
            "Your medicines",
            "unsafe for you",
            "not recommended for you",
            "Marked ✗ Not recommended for you:",
            "Because you take it:",
            "Do not stop a prescribed medicine on your own.",
            "things to do yourself",
        ],
        [
            "Their medicines:",
            "options unsafe for them.",
            "quinine: not recommended for them.",
            "Marked ✗ Not recommended for them:",
            "Because they take it:",
            "Do not stop a medicine prescribed for them without asking their doctor.",
            "Best-supported things to do at home:",
        ],
    ),
    "ru": (
        [
            "Ваш план",
            "Ваши лекарства",
            "небезопасными для вас",
            "вам не рекомендуется",
            "Для вас отмечено",
            "вы его принимаете",
            "Не отменяйте назначенное лекарство самостоятельно.",
            "можно делать самому",
        ],
        [
            "Лекарства этого человека:",
            "небезопасными для этого человека становятся",
            "quinine: этому человеку не рекомендуется.",
            "Для этого человека отмечено",
            "Из-за того, что этот человек его принимает:",
            "Не отменяйте назначенное этому человеку лекарство, не спросив его врача.",
            "Что лучше всего подтверждено из того, что можно делать дома:",
        ],
    ),
}
PDF = {
    "en": (
        [
            "Your medicines",
            "marked for you",
            "Because you take it:",
            "on your own",
            "things to do yourself",
        ],
        ["Their medicines", "by how it is marked for them", "Because they take it:", "without asking their doctor"],
    ),
    "ru": (
        [
            "Ваши лекарства",
            "отмечены для вас",
            "вы его принимаете",
            "лекарство самостоятельно",
            "можно делать самому",
        ],
        ["Лекарства этого человека", "отмечены для этого человека", "этот человек его принимает", "его врача"],
    ),
}


def words(page: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", page)))


def pdf_words(client: TestClient, page: str, name: str) -> str:
    """The text of the PDF the page's own download form asks for (every field it sends)."""
    form = page[page.index('action="/assess/plan.pdf"') : page.index("</form>", page.index("/assess/plan.pdf"))]
    fields = {k: htmllib.unescape(v) for k, v in re.findall(r'name="([^"]+)" value="([^"]*)"', form)}
    answer = client.post("/assess/plan.pdf", data=fields)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.pdf"
    path.write_bytes(answer.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_plan_for_someone_else_speaks_of_their_medicines(client: TestClient, lang: str) -> None:
    client.cookies.set("crampcare_lang", lang)
    theirs = plan_page(client, **CARER, who="someone_else")
    said = words(theirs)
    old, new = PAGE[lang]
    for phrase in old:
        assert phrase not in said, phrase
    for phrase in new:
        assert phrase in said, phrase
    mine = words(plan_page(client, **CARER, who="me"))
    for phrase in old:
        assert phrase in mine, phrase
    for phrase in new:
        assert phrase not in mine, phrase
    old, new = PDF[lang]
    text = pdf_words(client, theirs, f"someone-else-plan-{lang}")
    for phrase in old:
        assert phrase not in text, phrase
    for phrase in new:
        assert phrase in text, phrase
    text = pdf_words(client, plan_page(client, **CARER, who="me"), f"own-plan-{lang}")
    for phrase in old:
        assert phrase in text, phrase


def test_the_pdf_refuses_an_unknown_who_naming_the_field(client: TestClient) -> None:
    sent = {"csrf_token": token(client, "/assess"), "profile": '{"age_years": 78}', "who": "neighbour"}
    answer = client.post("/assess/plan.pdf", data=sent)
    assert answer.status_code == 422 and "who" in answer.text and "someone_else" in answer.text


def test_the_pdf_without_who_is_the_readers_own(client: TestClient) -> None:
    page = plan_page(client, **CARER, who="me")
    sent = re.search(r'name="profile" value="([^"]*)"', page)
    assert sent is not None
    answer = submit(client, "/assess/plan.pdf", {"profile": htmllib.unescape(sent.group(1))}, form_page="/assess")
    assert answer.status_code == 200
    if shutil.which("pdftotext"):
        path = SCREENSHOTS / "own-plan-no-who.pdf"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_bytes(answer.content)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "Your medicines" in text


@pytest.mark.browser
@pytest.mark.slow
def test_on_a_phone_the_carer_reads_their_medicines(page: Any, server_url: str) -> None:
    page.goto(server_url + "/assess")
    page.locator("#f-who-someone_else").check()
    page.get_by_role("textbox", name="Age").fill("78")
    page.get_by_label("Conditions").fill("heart failure")
    page.get_by_label("Medicines you take").fill("Lasix\nramipril\nquinine")
    page.get_by_role("button", name="Show my care plan").click()
    page.locator("section.triage").wait_for()
    gist = page.locator("#med-alert").inner_text()
    assert gist.startswith("Their medicines:") and "unsafe for them" in gist, gist
    assert page.locator("#md").inner_text() == "Their medicines"
    assert "Because they take it:" in page.locator("#medicines").inner_text()
    assert page.title().startswith("Care plan for the person you asked about")
    page.locator("#med-alert").scroll_into_view_if_needed()
    shot(page, "someone-else-plan-medicines-390")


# One check-up per triage level; what the level's sentences say to the patient, and the same steps about them.
LEVELS = {
    "emergency": {"age_years": "40", "symptoms": "wound_contaminated"},
    "urgent": {"age_years": "40", "symptoms": "calf_swelling"},
    "see_doctor": {"age_years": "78", "symptoms": "twitching", "medications": "Lasix"},
    "self_care": {"age_years": "9"},
}
TO_THE_PATIENT = {
    "en": ["take you", "drive yourself", "you take", "Get seen", "your doctor", "you become", "your muscles", "your "],
    "ru": ["отвезти вас", "вы принимаете", "Покажитесь", "Запишитесь к врачу", "ваших лекарств", "обратитесь к врачу"],
}


def triage_text(page: str) -> tuple[str, str, str]:
    level = re.search(r'data-level="([a-z_]+)"', page)
    action = re.search(r'<p class="action"><strong>[^<]*</strong> ([^<]*)</p>', page)
    net = re.search(r'<p class="safety"><strong>[^<]*</strong> ([^<]*)</p>', page)
    assert level and action and net
    return level.group(1), htmllib.unescape(action.group(1)), htmllib.unescape(net.group(1))


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("level", list(LEVELS))
def test_what_to_do_and_the_safety_net_speak_of_the_person(client: TestClient, lang: str, level: str) -> None:
    client.cookies.set("crampcare_lang", lang)
    theirs = plan_page(client, **LEVELS[level], who="someone_else")
    shown_level, action, net = triage_text(theirs)
    assert shown_level == level
    for phrase in TO_THE_PATIENT[lang]:
        # "Call your local emergency number": the reader calls, so that "your" stays.
        assert phrase not in action.replace("your local emergency number", "") and phrase not in net, phrase
    mine = plan_page(client, **LEVELS[level], who="me")
    own_level, own_action, own_net = triage_text(mine)
    assert own_level == level and (own_action, own_net) != (action, net)
    text = pdf_words(client, theirs, f"someone-else-{level}-{lang}")
    assert " ".join(action.split()) in text and " ".join(net.split()) in text


def test_the_carer_is_asked_to_bring_a_list_of_their_medicines(client: TestClient) -> None:
    _, action, _ = triage_text(plan_page(client, **LEVELS["see_doctor"], who="someone_else"))
    assert action.endswith("bring this plan and a list of their medicines.")
    client.cookies.set("crampcare_lang", "ru")
    _, action, _ = triage_text(plan_page(client, **LEVELS["see_doctor"], who="someone_else"))
    assert action.endswith("возьмите с собой этот план и список его лекарств.")
