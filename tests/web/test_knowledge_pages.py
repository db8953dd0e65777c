"""Knowledge search: every hit links to a page of its own and shows its verdict; those pages cite sources."""

from __future__ import annotations

import re
from typing import Any

import pytest

from crampcare.knowledge.loader import KnowledgeBase
from crampcare.web.knowledge_pages import record_url

HIT = re.compile(
    r'<li><a href="([^"]+)">[^<]+</a>\s*<span class="tag">[^<]+</span>\s*<span class="badge[^"]*">([^<]+)</span>'
)


@pytest.mark.parametrize("query", ["diuretic", "statin", "kidney", "swollen calf", "neurologist", "magnesium"])
def test_every_hit_links_to_its_page_and_shows_a_verdict(client: Any, query: str) -> None:
    page = client.get("/knowledge", params={"q": query}).text
    listed = page[page.index('<ul class="hits">') :]
    listed = listed[: listed.index("</ul>")]
    hits = HIT.findall(listed)
    assert hits and len(hits) == listed.count("<li>")  # every hit, of every family, is a link with a verdict
    for url, shown in hits:
        assert shown.strip()
        assert client.get(url).status_code == 200, url


def test_every_record_of_every_family_has_a_page(client: Any, kb: KnowledgeBase) -> None:
    families = {
        "red_flag": kb.red_flags,
        "cause": kb.causes,
        "condition": kb.conditions,
        "drug_class": kb.drug_classes,
        "specialist": kb.specialists,
    }
    for family, records in families.items():
        for rid in records:
            assert client.get(record_url(family, rid)).status_code == 200, (family, rid)


def test_a_drug_class_page_names_its_members_how_it_causes_cramps_and_sources(client: Any, kb: KnowledgeBase) -> None:
    page = client.get("/knowledge/drug-classes/loop_diuretics").text
    assert "furosemide" in page and "Listed as a possible cause of cramps" in page
    cause = kb.causes["med_loop_diuretics"]
    assert 'href="/knowledge/causes/med_loop_diuretics"' in page and cause.rule.reason in page
    assert "<h2>Sources</h2>" in page
    parent = client.get("/knowledge/drug-classes/diuretics").text
    assert 'href="/knowledge/drug-classes/loop_diuretics"' in parent  # "Includes: Loop diuretics"


def test_a_red_flag_page_puts_the_action_first(client: Any, kb: KnowledgeBase) -> None:
    flag = kb.red_flags["possible_dvt"]
    page = client.get("/knowledge/red-flags/possible_dvt").text
    assert page.index(flag.action) < page.index("<h2>Why</h2>")
    assert "Urgent" in page or "Emergency" in page


def test_a_condition_page_lists_the_options_it_changes_with_reasons(client: Any) -> None:
    page = client.get("/knowledge/conditions/dialysis").text
    assert "Counts as well as" in page and 'href="/knowledge/conditions/kidney_failure"' in page
    assert "Options it changes" in page and "Do not use:" in page


def test_an_unknown_record_is_a_404_naming_it(client: Any) -> None:
    assert client.get("/knowledge/red-flags/nonesuch").status_code == 404
    assert client.get("/knowledge/planets/mars").status_code == 404


def test_a_medicine_page_gives_each_cyrillic_name_its_market(client: Any) -> None:
    page = client.get("/knowledge/baclofen", headers={"Accept-Language": "en"}).text
    # Baclosan is named with baclofen by the article; Lioresal by neither document (data/brand_names/ru.yaml).
    assert "Баклосан [CIS], Баклофен [CIS], Lioresal, Лиорезал [RU, unverified]" in page
