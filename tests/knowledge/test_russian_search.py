"""Knowledge search in Russian (issue 15): word forms match by their Snowball stem, Russian names by the record."""

from __future__ import annotations

import json
import re

import pytest
import snowballstemmer  # type: ignore[import-untyped]
import yaml

from crampcare.knowledge.language import localize
from crampcare.knowledge.loader import DATA_DIR, KnowledgeBase
from crampcare.knowledge.search import search
from crampcare.knowledge.translated import CYRILLIC


def _ids(kb: KnowledgeBase, query: str, limit: int = 10, lang: str | None = None) -> list[str]:
    return [hit.id for hit in search(kb, query, limit=limit, lang=lang)]


def test_calf_cramps_in_russian_find_the_calf_stretches(kb: KnowledgeBase) -> None:
    hits = search(kb, "судороги икр", limit=20)
    ids = [hit.id for hit in hits]
    assert {"fa_calf_foot_pull", "fa_wall_calf_stretch"} <= set(ids), ids
    assert all(CYRILLIC.search(hit.title) for hit in hits if hit.family in ("red_flag", "intervention")), hits


@pytest.mark.parametrize("form", ["магний", "магния", "магнием", "МАГНИЙ"])
def test_every_case_of_magnesium_finds_the_magnesium_flag(kb: KnowledgeBase, form: str) -> None:
    assert "magnesium_severe_low" in _ids(kb, form, limit=20)


@pytest.mark.parametrize("form", ["магний", "магния", "магнием"])
def test_a_record_named_by_a_word_ranks_above_texts_that_only_mention_it(kb: KnowledgeBase, form: str) -> None:
    # The flag is named «Магний ниже 0,50 ммоль/л»; causes such as kidney disease only use «магния» in their text.
    # Every case of the word must rank the flag above them, not only the case its name is written in.
    ids = _ids(kb, form, limit=60)
    above = ids[: ids.index("magnesium_severe_low")]
    mention_only = [i for i in above if i in kb.causes and "magnesium" not in kb.causes[i].title.casefold()]
    assert mention_only == [], mention_only


@pytest.mark.parametrize("form", ["судорога", "судороги", "судорогой", "судорогами"])
def test_word_forms_of_cramp_find_the_same_records(kb: KnowledgeBase, form: str) -> None:
    assert set(_ids(kb, form, limit=200)) == set(_ids(kb, "судорог", limit=200))


def test_russian_generic_and_condition_names_find_their_records(kb: KnowledgeBase) -> None:
    assert "statins" in _ids(kb, "аторвастатин")
    assert "ckd" in _ids(kb, "ХБП")


def test_an_english_query_stays_english(kb: KnowledgeBase) -> None:
    hits = search(kb, "magnesium", limit=5, lang="en")
    assert hits and not any(CYRILLIC.search(hit.title) for hit in hits)


def test_a_russian_reader_finds_a_record_by_its_english_name(kb: KnowledgeBase) -> None:
    assert "fa_calf_foot_pull" in _ids(kb, "calf stretch", lang="ru")


def test_a_condition_is_found_by_its_russian_name_and_its_english_one(kb: KnowledgeBase) -> None:
    assert "varicose_veins" in _ids(kb, "варикозное расширение вен")
    assert "varicose_veins" in _ids(kb, "varicose veins", lang="ru")


def test_a_drug_class_is_found_by_its_russian_name(kb: KnowledgeBase) -> None:
    assert "loop_diuretics" in _ids(kb, "петлевые диуретики")
    assert "statins" in _ids(kb, "статинов")


_STEMMER = snowballstemmer.stemmer("russian")
_FAMILIES = {
    "intervention": "interventions",
    "cause": "causes",
    "red_flag": "red_flags",
    "specialist": "specialists",
    "condition": "conditions",
    "drug_class": "drug_classes",
}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold().replace("ё", "е"))


def _same_meaning(stem: str) -> set[str]:
    """The stem and those data/search_ru.yaml gives the same meaning («ноч»: «ночн»)."""
    groups = yaml.safe_load((DATA_DIR / "search_ru.yaml").read_text(encoding="utf-8"))["same_meaning_stems"]
    return {stem}.union(*(group for group in groups if stem in group))


def _found_by(word: str, text: str) -> bool:
    """The search's ways a query word matches: its whole Snowball stem (or one of the same meaning), or the word
    itself as a prefix."""
    words = _words(text)
    stems = set(_STEMMER.stemWords(words))
    return bool(_same_meaning(_STEMMER.stemWord(word)) & stems) or any(w.startswith(word) for w in words)


def _record_text(kb: KnowledgeBase, russian: KnowledgeBase, family: str, rid: str) -> str:
    """Everything a record is searched by: its Russian and English texts and the Russian names of what it names."""
    attribute = _FAMILIES[family]
    records = [getattr(russian, attribute)[rid], getattr(kb, attribute)[rid]]
    text = " ".join(json.dumps(record.model_dump(mode="json"), ensure_ascii=False) for record in records)
    local = [
        name
        for names in kb.local_names.values()
        for name, target in (*names.drugs.items(), *names.conditions.items())
        if re.search(rf"\b{re.escape(target)}\b", text)
    ]
    return " ".join((text, *local))


@pytest.mark.parametrize("query", ["калия", "калий", "магния", "кальций", "кальция", "судороги ночью"])
def test_every_hit_holds_each_query_word_by_its_whole_stem(kb: KnowledgeBase, query: str) -> None:
    # Snowball stems are short («калия» → «кал»); matched as prefixes they found every record about «кальций».
    russian = localize(kb, "ru")
    hits = search(kb, query, limit=200, lang="ru")
    assert hits
    for hit in hits:
        text = _record_text(kb, russian, hit.family, hit.id)
        missing = [word for word in _words(query) if not _found_by(word, text)]
        assert missing == [], (hit.family, hit.id, missing)


def test_potassium_in_russian_finds_potassium_not_calcium(kb: KnowledgeBase) -> None:
    ids = _ids(kb, "калия", limit=200)
    assert {"potassium_supplements", "hypokalaemia", "potassium_severe_low"} <= set(ids), ids
    calcium_only = {"calcium_supplements", "hypocalcaemia", "hypercalcaemia", "calcium_severe_low"}
    assert not calcium_only & set(ids), calcium_only & set(ids)
    assert {"calcium_supplements", "hypocalcaemia"} <= set(_ids(kb, "кальция", limit=200))


def test_a_noun_and_its_adjective_find_the_same_records(kb: KnowledgeBase) -> None:
    """«судороги ночью» and «ночные судороги» mean the same, though Snowball stems «ночью» to ноч and «ночные» to
    ночн: the stems of one meaning (data/search_ru.yaml) match each other, so both find the same records."""
    by_noun = {(h.family, h.id) for h in search(kb, "судороги ночью", lang="ru", limit=100)}
    by_adjective = {(h.family, h.id) for h in search(kb, "ночные судороги", lang="ru", limit=100)}
    assert len(by_noun) > 10 and by_noun == by_adjective
