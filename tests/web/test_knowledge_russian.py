"""The knowledge pages in Russian (issue 15): an option's, a warning sign's and a cause's page show the record's
Russian texts and none of its English sentences; the list and the search show Russian names; English unchanged."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from crampcare.knowledge.loader import KnowledgeBase
from record_text import english_sentences, flat, text_pairs

RU = {"Accept-Language": "ru-RU,ru;q=0.9"}


def visible(page: str) -> str:
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _a_cause_with_russian(kb: KnowledgeBase) -> str:
    return next(cid for cid, cause in kb.causes.items() if cause.ru is not None)


@pytest.mark.parametrize(
    ("family", "url", "pick"),
    [
        ("interventions", "/knowledge/{}", lambda kb: "quinine"),
        ("red_flags", "/knowledge/red-flags/{}", lambda kb: "possible_dvt"),
        ("causes", "/knowledge/causes/{}", _a_cause_with_russian),
    ],
)
def test_a_record_page_in_russian_shows_its_russian_and_none_of_its_english(  # type: ignore[no-untyped-def]
    client: Any, kb: KnowledgeBase, family: str, url: str, pick
) -> None:
    rid = pick(kb)
    record = getattr(kb, family)[rid]
    page = client.get(url.format(rid), headers=RU)
    assert page.status_code == 200
    text = visible(page.text)
    title = flat(record.ru.name if family == "interventions" else record.ru.title)
    assert f"<h1>{html.escape(title, quote=False)}</h1>" in page.text
    english = visible(client.get(url.format(rid), headers={"Accept-Language": "en"}).text)

    def shows(page_text: str, field: str) -> bool:  # the template capitalises a rule's reason
        return flat(field) in page_text or flat(field)[1:] in page_text

    shown = [(en, ru) for en, ru in text_pairs(record) if shows(english, en)]
    assert len(shown) >= 3  # title, summary or action, reason…
    for _en, russian in shown:  # every record text the English page shows is shown in Russian
        assert shows(text, russian), russian
    left = [sentence for sentence in english_sentences(record) if sentence in text]
    assert not left, f"{rid} still shows English: {left}"


def test_the_same_pages_in_english_are_unchanged(client: Any, kb: KnowledgeBase) -> None:
    quinine = kb.interventions["quinine"]
    text = visible(client.get("/knowledge/quinine", headers={"Accept-Language": "en"}).text)
    assert "Quinine" in text and flat(quinine.summary) in text and flat(quinine.evidence.summary) in text
    flag = kb.red_flags["possible_dvt"]
    text = visible(client.get("/knowledge/red-flags/possible_dvt", headers={"Accept-Language": "en"}).text)
    assert flat(flag.title) in text and flat(flag.action) in text


def test_the_list_and_the_search_in_russian_name_records_in_russian(client: Any, kb: KnowledgeBase) -> None:
    quinine = kb.interventions["quinine"]
    listed = visible(client.get("/knowledge", headers=RU).text)
    assert quinine.ru.name in listed and flat(quinine.ru.summary) in listed  # type: ignore[union-attr]
    assert flat(quinine.summary) not in listed
    found = client.get("/knowledge", params={"q": "магний"}, headers=RU).text
    assert kb.causes["low_magnesium"].ru.title in html.unescape(found)  # type: ignore[union-attr]
    by_english = client.get("/knowledge", params={"q": "quinine"}, headers=RU).text
    assert 'href="/knowledge/quinine"' in by_english  # an English name still finds the record
