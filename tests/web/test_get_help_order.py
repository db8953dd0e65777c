"""Walk-through (woken at 3 a.m. by a cramp, phone in one hand): "When to get help" lists, in each level, the signs
a person can notice before the ones only a blood test shows; "Call emergency services now" opened with
"Adjusted calcium above 3.5 mmol/L" (alphabetical order), and the pale, cold leg came fifth."""

from __future__ import annotations

import html
import re

from crampcare.knowledge.loader import knowledge

from .conftest import TestClient


def lab_only(flag_id: str) -> bool:
    when = knowledge().red_flags[flag_id].rule.when
    return bool(when) and all(trigger.lab is not None for trigger in when)


def levels(page: str) -> dict[str, list[str]]:
    found = {}
    for level, body in re.findall(r'<section class="help-level level-(\w+)".*?>(.*?)</section>', page, re.S):
        found[level] = re.findall(r'<li id="flag-([\w-]+)">', body)
    return found


def test_in_each_level_what_a_person_notices_comes_before_a_lab_result(client: TestClient) -> None:
    page = client.get("/get-help").text
    shown = levels(page)
    assert set(shown) == {"emergency", "urgent", "see_doctor"}
    for level, ids in shown.items():
        kinds = [lab_only(i) for i in ids]
        assert any(kinds) and not all(kinds), level  # both kinds are there, so the order means something
        assert kinds == sorted(kinds), (level, ids)
    first = html.unescape(page[page.index('id="h-emergency"') :])
    assert first.index("Pale, cold leg") < first.index("Adjusted calcium above 3.5 mmol/L")


def test_each_kind_stays_in_alphabetical_order(client: TestClient) -> None:
    kb = knowledge()
    for ids in levels(client.get("/get-help").text).values():
        for kind in (True, False):
            titles = [kb.red_flags[i].title for i in ids if lab_only(i) is kind]
            assert titles == sorted(titles)
