"""Issue 11 §5: a very probable misspelling of a known condition is an error naming the suggestion; a real
condition crampcare does not know is not (the plan goes on and lists it as unchecked).

The lists in condition_typos.yaml are the measurement behind lookup.MISSPELLING_EDITS.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from crampcare.errors import UnknownNameError
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import check_condition, find_condition, misspelt_condition, normalise

NAMES = yaml.safe_load((Path(__file__).with_name("condition_typos.yaml")).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("typed", "meant"), sorted(NAMES["typos"].items()))
def test_a_real_typo_is_an_error_that_names_the_condition_meant(kb: KnowledgeBase, typed: str, meant: str) -> None:
    assert find_condition(kb, typed) is None, f"{typed!r} already resolves: not a typo test"
    with pytest.raises(UnknownNameError) as caught:
        check_condition(kb, typed, field="conditions[0]")
    suggested = {normalise(s) for s in caught.value.suggestions}
    assert normalise(meant) in suggested or find_condition(kb, caught.value.suggestions[0]) == find_condition(
        kb, meant
    ), caught.value.suggestions
    assert caught.value.field == "conditions[0]"


@pytest.mark.parametrize("name", NAMES["unrelated"])
def test_a_real_unknown_condition_is_unchecked_not_a_guess(kb: KnowledgeBase, name: str) -> None:
    assert find_condition(kb, name) is None, f"{name!r} is known now: move it out of the unrelated list"
    assert misspelt_condition(kb, name) == []
    assert check_condition(kb, name) is None


def test_sarcoidosis_is_never_acidosis_and_kidny_disease_is_kidney_disease(kb: KnowledgeBase) -> None:
    assert check_condition(kb, "sarcoidosis") is None
    assert misspelt_condition(kb, "kidny disease") == ["kidney disease"]


def test_the_bracketed_part_of_a_condition_name_is_a_name_people_type(kb: KnowledgeBase) -> None:
    # "Heart rhythm disorder (arrhythmia)": "arrhythmia" alone must resolve, not become "unchecked".
    found = find_condition(kb, "arrhythmia")
    assert found is not None and found.id == "arrhythmia"
    hyper = find_condition(kb, "Overactive thyroid")
    assert hyper is not None and hyper.id == "hyperthyroidism"
