"""`resolve_any`: any record by name, and errors that point at the argument the caller names."""

from __future__ import annotations

import pytest

from crampcare.errors import InputError, UnknownNameError
from crampcare.knowledge.describe import resolve_any
from crampcare.knowledge.loader import KnowledgeBase


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_name_is_required_not_unknown(mini_kb: KnowledgeBase, name: str) -> None:
    with pytest.raises(InputError) as caught:
        resolve_any(mini_kb, name, field="NAME")
    assert not isinstance(caught.value, UnknownNameError)
    assert caught.value.one_line().startswith("NAME: a name is required (valid: an intervention's id, name")


def test_an_unknown_name_names_the_field_and_suggests(mini_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownNameError) as caught:
        resolve_any(mini_kb, "Mydokalm", field="NAME")
    assert caught.value.one_line().startswith("NAME: unknown record 'Mydokalm'; did you mean 'Mydocalm'")


@pytest.mark.parametrize("typed", ["Mydocalm 150 mg", "Mydocalm 50 mg tablets", "mydocalm 150мг"])
def test_a_dose_or_form_after_a_brand_is_ignored_as_in_a_profile(mini_kb: KnowledgeBase, typed: str) -> None:
    # What a pharmacist reads off the box: `kb show "Мидокалм 150 мг"` said "unknown record".
    assert resolve_any(mini_kb, typed) == resolve_any(mini_kb, "Mydocalm")


def test_a_dose_alone_is_still_unknown(mini_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownNameError):
        resolve_any(mini_kb, "150 mg")
