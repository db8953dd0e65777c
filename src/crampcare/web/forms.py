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
# Form-only answers that are not part of the profile: whom the check-up is for, whether it was filled in from
# the saved profile, and the "none of these" box under the warning signs.
IGNORED = {"csrf_token", "save", "who", "from_saved", "no_symptoms"}


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
            flat[name] = "\n".join(str(v) for v in value)  # one per line, as the boxes ask
        elif value is not None:
            flat[name] = value
    return flat


def flatten(profile: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"labs": {"potassium": 3.2}} → {"labs.potassium": 3.2}; lists stay lists, empty values are left out."""
    flat: dict[str, Any] = {}
    for key, value in profile.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif value not in (None, [], "", False):
            flat[name] = value
    return flat


def _same(saved: Any, submitted: Any) -> bool:
    """Whether a submitted answer is still the saved value ("3.2" is 3.2, "true" is True, lists by their names)."""
    if isinstance(saved, list) or isinstance(submitted, list):
        as_list = [saved] if not isinstance(saved, list) else saved
        other = [submitted] if not isinstance(submitted, list) else submitted
        return [str(v).strip().casefold() for v in as_list] == [str(v).strip().casefold() for v in other]
    if isinstance(saved, bool) or isinstance(submitted, bool):
        return str(saved).casefold() in ("true", "on") and str(submitted).casefold() in ("true", "on")
    if isinstance(saved, int | float):
        try:
            return float(saved) == float(str(submitted))
        except ValueError:
            return False
    return str(saved).strip() == str(submitted).strip()


def saved_values_used(saved: dict[str, Any], submitted: dict[str, Any]) -> list[tuple[str, Any]]:
    """The saved profile's answers that a check-up still carries: (input name, value), in the saved order.

    A check-up filled in from the saved profile says which of its values came from there, so a plan never
    quietly rests on someone else's medicines or lab results.
    """
    given = flatten(submitted)
    return [(name, value) for name, value in flatten(saved).items() if name in given and _same(value, given[name])]
