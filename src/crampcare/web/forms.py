"""Form fields → the profile dict of the assessment contract.

Field names are the profile's dotted paths ("labs.potassium"), so an error
from the model names the very input the person must fix. Empty inputs are
left out (everything but the age is optional); a decimal comma is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from crampcare.errors import InputError

LIST_FIELDS = ("conditions", "medications", "allergies")
MULTI_FIELDS = ("symptoms",)
_SPLIT = re.compile(r"[,;\n]+")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
IGNORED = {"csrf_token", "save"}


def _set(target: dict[str, Any], path: str, value: Any) -> None:
    """Put `value` at a dotted path ("labs.potassium"); a name used both as a value and as a group is an error."""
    parts = path.split(".")
    for depth, part in enumerate(parts[:-1]):
        target = target.setdefault(part, {})
        if not isinstance(target, dict):
            group = ".".join(parts[: depth + 1])
            raise InputError(f"{group} is a group of fields here, not a value", field=group, valid=f"{path}=…")
    if isinstance(target.get(parts[-1]), dict):
        raise InputError(f"{path} is a group of fields, not a value", field=path, valid=f"{path}.<name>=…")
    target[parts[-1]] = value


def decimal_point(value: str) -> str:
    """ "1,5" → "1.5" (a decimal comma, as many keyboards type it); anything else stripped and unchanged."""
    value = value.strip()
    return value.replace(",", ".") if _DECIMAL_COMMA.match(value) else value


def profile_from_form(items: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Build the nested profile dict from (name, value) pairs in form order."""
    out: dict[str, Any] = {}
    for name, raw in items:
        if name in IGNORED or not isinstance(raw, str):
            continue
        if name in MULTI_FIELDS:
            out.setdefault(name, []).append(raw)
        elif name in LIST_FIELDS:
            out[name] = [part.strip() for part in _SPLIT.split(raw) if part.strip()]
        elif raw.strip():
            _set(out, name, decimal_point(raw))
    return out


def form_from_profile(profile: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The inverse, to pre-fill the questionnaire: {"labs.potassium": 3.1, "conditions": "diabetes, …"}."""
    flat: dict[str, Any] = {}
    for key, value in profile.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(form_from_profile(value, f"{name}."))
        elif key in LIST_FIELDS and isinstance(value, list):
            flat[name] = ", ".join(str(v) for v in value)
        elif value is not None:
            flat[name] = value
    return flat
