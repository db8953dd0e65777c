"""The nutrition core's words and numbers in the reader's language (issue 15): the active language of crampcare.i18n.

English keeps exactly the figures it has always printed (Python's format specs: "1,870", "728.3"); another language
gets the same digits through `i18n.format_number` (Babel: «1 870», «728,3»). Texts that are data (meal names,
drinking advice, target notes) carry their Russian in a `ru:` block beside the English in data/nutrition/*.yaml;
`said` picks the one to show.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from crampcare import i18n


def english() -> bool:
    return i18n.current() == i18n.DEFAULT


def figure(value: float, spec: str) -> str:
    """`value` as `format(value, spec)` writes it, with the active language's separators (same rounding)."""
    text = format(value, spec)
    if english():
        return text
    exact = Decimal(text.replace(",", ""))
    exponent = exact.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return i18n.format_number(exact, digits=decimals)


def unit(name: str) -> str:
    """A unit as the reader writes it (mg → мг); English: as given."""
    from crampcare.labels import UNIT_LABELS

    return UNIT_LABELS.get(name, name)


def said(record: Mapping[str, Any], field: str) -> str:
    """A data record's text `field` in the active language: its `ru:` block's where written, else the English."""
    local = record.get(i18n.current()) if not english() else None
    if isinstance(local, Mapping) and local.get(field):
        return str(local[field])
    return str(record[field])
