"""Walk-through (a pregnant woman logging a cramp on her phone): the quick log lists every problem at once, in the
form's order, each beside its field, and keeps what was typed; it used to stop at the first, one round trip each."""

from __future__ import annotations

import html
import re

from .conftest import TestClient, token


def post(client: TestClient, **fields: str) -> str:
    answer = client.post("/diary/episodes", data={"csrf_token": token(client, "/diary"), **fields})
    assert answer.status_code == 422, answer.status_code
    return str(answer.text)


def problem_list(page: str) -> list[str]:
    box = page[page.index('class="problems"') : page.index("</div>", page.index('class="problems"'))]
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", box)]


def test_every_problem_of_the_quick_log_is_listed_at_once_in_the_forms_order(client: TestClient) -> None:
    page = post(client, muscle="foot", side="", setting="", pain="11", duration_minutes="abc", note="baby kicking")
    listed = problem_list(page)
    assert [item.split(":", 1)[0] for item in listed] == ["Side", "When or where", "Pain", "How long"], listed
    assert "How long: must be a number (got 'abc')" in listed and "Pain: must be from 0 to 10 (got '11')" in listed
    for field in ("side", "setting", "pain"):  # each field says its own problem beside it too
        assert f'id="d-{field}"' in page and 'aria-invalid="true"' in page
    assert page.count('class="field-error"') >= 4
    assert "baby kicking" in page and 'value="abc"' in page  # nothing typed is lost
    assert "No cramps logged yet." in client.get("/diary").text


def test_one_problem_is_still_one(client: TestClient) -> None:
    page = post(client, muscle="calf", side="left", setting="bed_night", pain="4", duration_minutes="2000")
    said = "How long: must be from 0.05 minutes (3 seconds) to 1440 minutes (24 hours) (got '2000')"
    assert problem_list(page) == [said]


def test_a_bad_start_time_is_said_on_its_own(client: TestClient) -> None:
    page = post(client, muscle="calf", side="", setting="bed_night", pain="4", duration_minutes="2", started="x")
    listed = problem_list(page)
    assert len(listed) == 1 and listed[0].startswith("When"), listed


def test_a_duration_too_short_says_both_limits_in_minutes_and_in_plain_time(client: TestClient) -> None:
    """ "must be at least 0.05" left walkers unsure what unit and why: the range is said with its unit and as time."""
    page = post(client, muscle="calf", side="left", setting="bed_night", pain="4", duration_minutes="0.01")
    assert problem_list(page) == [
        "How long: must be from 0.05 minutes (3 seconds) to 1440 minutes (24 hours) (got '0.01')"
    ]
    client.cookies.set("crampcare_lang", "ru")
    page = post(client, muscle="calf", side="left", setting="bed_night", pain="4", duration_minutes="0,01")
    assert problem_list(page) == [
        "Сколько длилась: должно быть от 0,05 минуты (3 секунды) до 1440 минут (24 часа) (получено: '0,01')"
    ]
