"""`crampcare --lang ru kb …` on the shipped knowledge base (issue 15): a record's page shows its Russian texts and
none of its English sentences, with the field labels from the catalogue; English stays as it was."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from crampcare.knowledge.loader import KnowledgeBase
from english_left import english_left
from record_text import english_sentences, flat, russian_texts


def kb_cli(*args: str, lang: str = "ru") -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("CRAMPCARE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    result = subprocess.run(
        [sys.executable, "-m", "crampcare", "--lang", lang, "kb", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**environ, "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr
    return flat(result.stdout)


def _a_cause_with_russian(kb: KnowledgeBase) -> str:
    return next(cid for cid, cause in kb.causes.items() if cause.ru is not None and cause.rule.unless_reason is None)


@pytest.mark.parametrize(
    ("family", "pick"),
    [
        ("interventions", lambda kb: "quinine"),
        ("red_flags", lambda kb: "possible_dvt"),
        ("causes", _a_cause_with_russian),
    ],
)
def test_show_in_russian_has_the_records_russian_and_none_of_its_english(kb: KnowledgeBase, family: str, pick) -> None:  # type: ignore[no-untyped-def]
    rid = pick(kb)
    record = getattr(kb, family)[rid]
    out = kb_cli("show", rid)
    for text in russian_texts(record):
        assert flat(text) in out, text
    left = [sentence for sentence in english_sentences(record) if sentence in out]
    assert not left, f"{rid} still shows English: {left}"
    assert not english_left(out), english_left(out)
    before_sources, _, _ = out.partition("Источники")  # source titles are cited as published, in English
    for label in ("Evidence", "Sources", "Summary", "What to do", "Why", "Starts as", "contraindications"):
        assert label not in before_sources, label
    assert rid in out  # ids stay as they are


def test_show_in_russian_keeps_grades_statuses_and_source_ids(kb: KnowledgeBase) -> None:
    out = kb_cli("show", "Хинин")
    quinine = kb.interventions["quinine"]
    assert out.startswith(f"{quinine.ru.name} (quinine)")  # type: ignore[union-attr]
    assert "Эффективно:" in out and "Не рекомендуется:" in out  # grade effective, base status not_recommended
    for sid in quinine.evidence.sources:
        assert sid in out
    assert "МНН: хинин (quinine)" in out
    assert "Avoid with" not in out and "(противопоказания)" in out
    assert "• беременность:" in out  # the rule's trigger in Russian words


def test_the_same_record_in_english_is_unchanged(kb: KnowledgeBase) -> None:
    out = kb_cli("show", "quinine", lang="en")
    quinine = kb.interventions["quinine"]
    assert out.startswith("Quinine (quinine)")
    assert flat(quinine.summary) in out and "Avoid with (contraindications)" in out
    assert "Effective:" in out and "Not recommended:" in out


def test_list_and_search_in_russian(kb: KnowledgeBase) -> None:
    listed = kb_cli("list", "--kind", "medicine")
    assert kb.interventions["quinine"].ru.name in listed  # type: ignore[union-attr]
    assert "Quinine" not in listed and "interventions" not in listed and "starts as" not in listed
    found = kb_cli("search", "магний")
    assert "по запросу 'магний'" in found and "result" not in found
    assert "тревожный признак" in found and "red_flag" not in found


def test_article_sections_are_titled_in_russian(kb: KnowledgeBase) -> None:
    """A record's page names the article's sections it draws on by their Russian titles (data/sections.yaml
    `ru`), and so does `kb sections`; English keeps its titles."""
    assert all(section.ru is not None for section in kb.sections.values())
    shown = kb_cli("show", "magnesium_pyridoxine")
    titles = [kb.sections[sid] for sid in kb.interventions["magnesium_pyridoxine"].article_sections]
    assert titles and all(f"{s.ru.title}" in shown and s.title not in shown for s in titles)  # type: ignore[union-attr]
    listed = kb_cli("sections")
    assert all(s.ru.title in listed for s in kb.sections.values() if len(s.ru.title) < 20)  # type: ignore[union-attr]
    assert "Overview" not in listed and "Magnesium supplements" not in listed
    english = kb_cli("sections", lang="en")
    assert "Magnesium supplements" in english and "Препараты магния" not in english


@pytest.mark.parametrize(("family", "rid"), [("condition", "heart_failure"), ("drug_class", "loop_diuretics")])
def test_condition_and_class_pages_list_what_they_change(kb: KnowledgeBase, family: str, rid: str) -> None:
    """`kb show` of a condition or drug class lists the options it changes and the causes it may add to, from the
    rules that name it (knowledge.related), in each language: every linked option by name, with its reason."""
    from crampcare.knowledge.language import for_reader
    from crampcare.knowledge.related import links_of

    for lang in ("en", "ru"):
        shown = for_reader(kb, lang)
        links = links_of(shown, family, rid)
        assert links.options or links.causes
        out = kb_cli("show", rid, lang=lang)
        for link in links.options:
            assert flat(f"{link.name} (") in out and flat(link.reason) in out, link
        for cid in links.causes:
            assert flat(shown.causes[cid].rule.reason) in out, cid
    assert "На какие варианты влияет" in kb_cli("show", "heart_failure") and "(Не применять)" in kb_cli(
        "show", "heart_failure"
    )
