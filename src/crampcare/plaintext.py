"""Text a person typed may not carry control characters: one rule for every field, form, file and database.

A NUL byte cannot be stored in PostgreSQL at all (the driver refuses it, the
server answers 500, a user name `bob\\0` even drops the connection), and the
other control characters are never typed on purpose: they come from binary
files pasted or uploaded by mistake, or from someone probing. Line breaks and
tabs stay allowed (notes have several lines). Lone surrogates are refused too:
they cannot be encoded as UTF-8, so neither database can store them.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticCustomError

from crampcare.errors import InputError
from crampcare.i18n import N_, _

ALLOWED_CONTROLS = frozenset("\t\n\r")
VALID = N_("text without control characters (line breaks and tabs are fine)")


def first_control(text: str) -> tuple[int, str] | None:
    """(position, character) of the first control character or lone surrogate in `text`; None when clean."""
    if text.isprintable():  # the common case, in C: no control, no surrogate (nor line break)
        return None
    for position, char in enumerate(text):
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs"):
            return position, char
    return None


def _said(found: tuple[int, str]) -> str:
    position, char = found
    return _("contains a control character (%(code)s) at position %(position)s") % {
        "code": f"U+{ord(char):04X}",
        "position": position + 1,
    }


def check_text(text: str, *, field: str) -> str:
    """`text`, or InputError naming `field` when it contains a control character."""
    found = first_control(text)
    if found is not None:
        raise InputError(_said(found), field=field, valid=_(VALID))
    return text


def no_controls(value: Any) -> Any:
    """A pydantic after-validator for any field: strings, and strings inside lists and dicts, must be clean."""
    found = _first_in(value)
    if found is not None:
        raise PydanticCustomError("control_character", _said(found), {"valid": _(VALID)})
    return value


def _first_in(value: Any) -> tuple[int, str] | None:
    if isinstance(value, str):
        return first_control(value)
    if isinstance(value, BaseModel):
        return None  # a nested model checks its own fields
    items: Any = ()
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple | set | frozenset):
        items = value
    for item in items:
        found = _first_in(item)
        if found is not None:
            return found
    return None


# The same rule in JSON Schema (the OpenAPI schema states it): no control character but tab and line breaks, no
# lone surrogate.
SCHEMA_PATTERN = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff]*$"


def state_in_schema(schema: dict[str, Any]) -> None:
    """Add the rule to every string property of a model's JSON Schema (nullable ones and list items too)."""
    for prop in schema.get("properties", {}).values():
        _mark(prop)


def _mark(node: Any) -> None:
    if not isinstance(node, dict):
        return
    if node.get("type") == "string" and "enum" not in node and "format" not in node and "const" not in node:
        if "pattern" in node:
            node.setdefault("allOf", []).append({"pattern": SCHEMA_PATTERN})
        else:
            node["pattern"] = SCHEMA_PATTERN
    for key in ("anyOf", "oneOf"):
        for option in node.get(key, []):
            _mark(option)
    _mark(node.get("items"))
