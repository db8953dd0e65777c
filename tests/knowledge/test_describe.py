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
