"""Walk-through: on a cramp's edit page, several wrong fields came back one at a time ("Pain: must be at most 10"
only, then the duration after the next save). Every field's problem is now listed at once, in the page's order,
each naming its field and what is valid, and everything typed is shown again."""

from __future__ import annotations

import html
import re

from .conftest import TestClient, submit

CRAMP = {"muscle": "calf", "side": "left", "setting": "bed_night", "pain": "4", "duration_minutes": "2"}


def edit_page(client: TestClient) -> tuple[str, dict[str, str]]:
    """The edit page's address for a freshly logged cramp, and the form as it comes (every field filled in)."""
    logged = submit(client, "/diary/episodes", CRAMP, form_page="/diary")
    assert logged.status_code == 200
    found = re.search(r'/diary/episodes/(\d+)/edit"', logged.text)
    assert found is not None
    address = f"/diary/episodes/{found.group(1)}/edit"
    form = client.get(address).text
    started = re.search(r'name="started"[^>]*value="([^"]+)"', form)
    assert started is not None
    return address, {**CRAMP, "started": started.group(1), "sleep_disturbance": "", "note": ""}


def problem_list(page: str) -> list[str]:
    box = re.search(r'<div class="problems".*?</ul>', page, flags=re.S)
    assert box is not None
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in re.findall(r"<li>(.*?)</li>", box.group(0), re.S)]


def test_every_wrong_field_of_an_edit_is_listed_at_once_and_nothing_typed_is_lost(client: TestClient) -> None:
    address, fields = edit_page(client)
    typed = {"pain": "15", "duration_minutes": "0,01", "sleep_disturbance": "12", "note": "woke me twice"}
    response = submit(client, address, fields | typed, form_page=address)
    assert response.status_code == 422
    assert problem_list(response.text) == [
        "Pain: must be from 0 to 10 (got 15)",
        "How long: must be from 0.05 minutes (3 seconds) to 1440 minutes (24 hours) (got 0,01)",
        "Sleep disturbed: must be from 0 to 10 (got 12)",
    ]
    assert response.text.count('class="field-error"') == 3  # each beside its field too
    for name in ("pain", "duration_minutes", "sleep_disturbance"):
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(typed[name])}"', response.text), name
    assert ">woke me twice</textarea>" in response.text
    assert re.search(r'name="pain"[^>]*value="4"', client.get(address).text)  # nothing was saved


def test_an_unreadable_start_is_listed_with_the_other_problems(client: TestClient) -> None:
    address, fields = edit_page(client)
    response = submit(client, address, fields | {"started": "yesterday", "pain": "11"}, form_page=address)
    assert response.status_code == 422
    listed = problem_list(response.text)
    assert [item.split(":", 1)[0] for item in listed] == ["When", "Pain"], listed
    assert 'value="yesterday"' in response.text and re.search(r'name="pain"[^>]*value="11"', response.text)


def test_a_good_edit_still_saves(client: TestClient) -> None:
    address, fields = edit_page(client)
    response = submit(client, address, fields | {"pain": "7"}, form_page=address)
    assert response.status_code == 200 and "edited=" in str(response.url)
    assert re.search(r'name="pain"[^>]*value="7"', client.get(address).text)
