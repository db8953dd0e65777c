"""Form fields → the profile dict of the assessment contract.

Field names are the profile's dotted paths ("labs.potassium"), so an error
from the model names the very input the person must fix. Empty inputs are
left out (everything but the age is optional); a decimal comma is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from crampcare.errors import InputError
from crampcare.i18n import TypedText, _

# keep_unchecked is a hidden field of the form, written by the "Keep … unchecked" button (issue 11 §5).
LIST_FIELDS = ("conditions", "keep_unchecked", "medications", "allergies")
MULTI_FIELDS = ("symptoms",)
_SPLIT = re.compile(r"[,;\n]+")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
# The two answers to "this looks like a misspelling of a known condition": each button carries the name as typed.
USE_SUGGESTION = "use_suggestion"
KEEP_UNCHECKED = "keep_unchecked_name"
# Form-only answers that are not part of the profile: whom the check-up is for, whether it was filled in from
# the saved profile, the "none of these" box under the warning signs, and the misspelling buttons.
IGNORED = {"csrf_token", "save", "who", "from_saved", "no_symptoms", USE_SUGGESTION, KEEP_UNCHECKED}


def _set(target: dict[str, Any], path: str, value: Any) -> None:
    """Put `value` at a dotted path ("labs.potassium"); a name used both as a value and as a group is an error."""
    parts = path.split(".")
    for depth, part in enumerate(parts[:-1]):
        target = target.setdefault(part, {})
        if not isinstance(target, dict):
            group = ".".join(parts[: depth + 1])
            raise InputError(
                _("%(group)s is a group of fields here, not a value") % {"group": group}, field=group, valid=f"{path}=…"
            )
    if isinstance(target.get(parts[-1]), dict):
        raise InputError(
            _("%(path)s is a group of fields, not a value") % {"path": path}, field=path, valid=f"{path}.<name>=…"
        )
    target[parts[-1]] = value


def decimal_point(value: str) -> str:
    """ "1,5" → "1.5" (a decimal comma, as many keyboards type it); anything else stripped and unchanged. The
    converted text remembers "1,5", so a refusal quotes what was typed."""
    value = value.strip()
    return TypedText(value.replace(",", "."), typed=value) if _DECIMAL_COMMA.match(value) else value


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


def _names(raw: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(raw) if part.strip()]


def with_name_choice(
    items: list[tuple[str, str]], suggestion_for: Callable[[str], str | None], same: Callable[[str], str]
) -> list[tuple[str, str]]:
    """The submitted fields after the person's answer to "did you mean …?" for a condition (issue 11 §5).

    "Use the suggestion" replaces the typed name in the conditions box by `suggestion_for(name)`, worked out again
    here rather than taken from the page; "Keep it unchecked" adds the name to keep_unchecked. A button whose name
    is no longer in the box (edited meanwhile) changes nothing: what the box says now is what is assessed. Names
    are compared by `same` (the lookup's key), so "Kidny Disease" is "kidny disease". A kept name that has left the
    box is dropped: the choice was about that name, and nothing else is kept unchecked by it.
    """
    fields = dict(items)
    conditions = _names(fields.get("conditions", ""))
    kept = _names(fields.get("keep_unchecked", ""))
    use, keep = fields.get(USE_SUGGESTION, "").strip(), fields.get(KEEP_UNCHECKED, "").strip()
    suggestion = suggestion_for(use) if use else None
    if suggestion:
        conditions = [suggestion if same(name) == same(use) else name for name in conditions]
    if keep and any(same(name) == same(keep) for name in conditions):
        kept.append(keep)
    listed = {same(name) for name in conditions}
    kept = list(dict.fromkeys(name for name in kept if same(name) in listed))
    out = [(k, v) for k, v in items if k not in ("keep_unchecked", USE_SUGGESTION, KEEP_UNCHECKED)]
    if suggestion:  # the box, one name a line, with the suggestion in place of the typed name
        out = [(k, "\n".join(conditions) if k == "conditions" else v) for k, v in out]
    return out + ([("keep_unchecked", "\n".join(kept))] if kept else [])
