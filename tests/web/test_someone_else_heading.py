"""A parent doing the check-up for a 9-year-old: the box of what their answers change is headed for that person,
not "For you (child, age 9)", which read as if the parent were the child. The reader's own check-up keeps
"For you"."""

from __future__ import annotations

import re

import pytest

from .conftest import TestClient, plan_page


def heading(page: str) -> str:
    found = re.search(r'<h2 id="fy">([^<]*)</h2>', page)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("lang", "theirs", "mine"),
    [
        ("en", "For this person (child, age 9)", "For you (child, age 9)"),
        ("ru", "Для этого человека (ребёнок, возраст 9)", "Для вас (ребёнок, возраст 9)"),
    ],
)
def test_the_summary_heading_names_whom_the_check_up_is_about(
    client: TestClient, lang: str, theirs: str, mine: str
) -> None:
    client.cookies.set("crampcare_lang", lang)
    assert heading(plan_page(client, age_years="9", who="someone_else")) == theirs
    assert heading(plan_page(client, age_years="9", who="me")) == mine


def test_an_adult_with_nothing_special_is_this_person_too(client: TestClient) -> None:
    assert heading(plan_page(client, age_years="40", who="someone_else")) == "For this person"
