"""Odd form input: a clear 422 that names the field and keeps what was typed, never a 500 or a silent save."""

from __future__ import annotations

import re

import pytest

from .conftest import TestClient, token


@pytest.mark.parametrize("path", ["/assess", "/profile"])
@pytest.mark.parametrize(
    "fields",
    [
        {"labs": "x", "labs.potassium": "3"},  # a group first given a value
        {"labs.potassium": "3", "labs": "x"},  # a value given to a group
        {"age_years.x": "1"},  # a value used as a group
    ],
)
def test_a_name_used_as_value_and_group_is_a_422_naming_it(
    client: TestClient, path: str, fields: dict[str, str]
) -> None:
    data = {"csrf_token": token(client, path if path == "/profile" else "/assess"), "age_years": "40", **fields}
    response = client.post(path, data=data)
    assert response.status_code == 422
    assert "group of fields" in response.text
    assert 'value="40"' in response.text  # what was typed is kept


def test_profile_with_an_unknown_condition_is_not_saved(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/profile"), "age_years": "40", "conditions": "diabetess"}
    response = client.post("/profile", data=data, follow_redirects=False)
    assert response.status_code == 422
    assert "“diabetess” looks like a misspelling of “diabetes”" in response.text  # the suggestion, as shown
    assert 'name="use_suggestion" value="diabetess"' in response.text  # with the two ways on (issue 11 §5)
    assert ">diabetess</textarea>" in response.text  # the typed name is kept
    assert client.get("/api/v1/diary/profile").status_code == 404  # nothing was stored


def test_a_diary_entry_without_a_duration_is_not_given_one(client: TestClient) -> None:
    data = {"csrf_token": token(client, "/diary"), "muscle": "calf", "side": "left", "setting": "bed_night"}
    response = client.post("/diary/episodes", data={**data, "pain": "4"})
    assert response.status_code == 422
    assert "How long" in response.text
    assert client.get("/api/v1/diary/episodes").json()["count"] == 0


def test_a_failed_check_in_shows_what_was_typed(client: TestClient) -> None:
    data = {
        "csrf_token": token(client, "/diary"),
        "day": "2024-06-02",
        "water_litres": "-2",
        "caffeine_cups": "3",
        "exercise": "intense",
        "heat": "true",
    }
    response = client.post("/diary/checkin", data=data)
    assert response.status_code == 422
    page = response.text
    assert 'value="2024-06-02"' in page and 'value="-2"' in page and 'value="3"' in page
    assert '<option value="intense" selected>' in page
    assert re.search(r'name="heat" value="true"\s*checked', page)
