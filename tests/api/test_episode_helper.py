"""An episode says whether someone was with the person (issue 11): stored, returned, edited, exported, refused
when it is not true or false."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.conftest import EPISODE


def test_helper_is_stored_returned_and_edited(client: TestClient) -> None:
    alone = client.post("/api/v1/diary/episodes", json=EPISODE).json()
    helped = client.post("/api/v1/diary/episodes", json=EPISODE | {"helper": True, "pain": 4}).json()
    assert alone["helper"] is False and helped["helper"] is True
    listed = {e["id"]: e["helper"] for e in client.get("/api/v1/diary/episodes").json()["items"]}
    assert listed == {alone["id"]: False, helped["id"]: True}
    patched = client.patch(f"/api/v1/diary/episodes/{alone['id']}", json={"helper": True})
    assert patched.status_code == 200 and patched.json()["helper"] is True


def test_helper_that_is_not_true_or_false_is_422_naming_it(client: TestClient) -> None:
    answer = client.post("/api/v1/diary/episodes", json=EPISODE | {"helper": "someone"})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "helper"
