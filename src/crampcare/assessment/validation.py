"""Turn whatever a caller passes into a `Profile`, or an `InputError` that names the field and what is valid.

pydantic's messages are precise but technical; a person needs
"labs.potassium: must be between 1.0 and 10.0 mmol/L (got 50)".
"""

from __future__ import annotations

import difflib
import json
import re
import types
from typing import Any, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ValidationError

from crampcare.assessment.config import reads_as_emergency, rules, texts
from crampcare.assessment.profile import Profile
from crampcare.errors import InputError, UnknownNameError
from crampcare.i18n import DEFAULT, N_, _, current, decimal_sign, kind_of_name
from crampcare.knowledge.vocab import SYMPTOMS


def parse_profile(data: Profile | dict[str, Any]) -> Profile:
    """Validate a profile; every failure is an InputError naming the field."""
    if isinstance(data, Profile):
        return data
    if not isinstance(data, dict):
        raise InputError(
            _("a profile must be a JSON object, got %(type)s") % {"type": type(data).__name__}, field="profile"
        )
    data = {**data, "symptoms": normalise_symptoms(data.get("symptoms"))}
    if data.get("symptoms") is None:
        del data["symptoms"]
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise to_input_error(exc, Profile) from None


def normalise_symptoms(raw: Any) -> Any:
    """Accept everyday spellings ("swollen calf", "Calf-Swelling"); unknown ones get close matches."""
    if not isinstance(raw, list):
        return raw
    synonyms = rules().symptom_synonyms
    out: list[Any] = []
    for i, item in enumerate(raw):
        if not isinstance(item, str):
            out.append(item)
            continue
        key = "_".join(item.strip().casefold().replace("-", " ").split())
        key = synonyms.get(key, key)
        if key not in SYMPTOMS and reads_as_emergency(item):
            # The emergency advice first and alone: a list of valid symptoms would bury it.
            raise InputError(
                _("%(item)s %(words)s (it is not a symptom crampcare knows)")
                % {"item": repr(shorten(item)), "words": texts().errors["emergency_words"]},
                field=f"symptoms[{i}]",
            )
        if key not in SYMPTOMS:
            choices = [*SYMPTOMS, *synonyms]
            close = difflib.get_close_matches(key, choices, n=3, cutoff=0.6)
            suggestions = list(dict.fromkeys(synonyms.get(c, c) for c in close))
            if not suggestions:  # nothing close: list what is valid instead
                raise InputError(
                    _("unknown symptom %(name)s") % {"name": repr(item)},
                    field=f"symptoms[{i}]",
                    valid=", ".join(SYMPTOMS),
                )
            raise UnknownNameError("symptom", item, suggestions, field=f"symptoms[{i}]")
        out.append(key)
    return out


SHOWN_CHARACTERS = 60  # of a rejected value in a message: enough to recognise it, never a 10 MB echo


def shorten(value: str) -> str:
    """A typed value as an error message may quote it: the first SHOWN_CHARACTERS characters, and how long it was."""
    if len(value) <= SHOWN_CHARACTERS:
        return value
    return _("%(start)s… (%(count)s characters)") % {"start": value[:SHOWN_CHARACTERS], "count": f"{len(value):,}"}


def field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "profile"


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _bounds(model: type[BaseModel], loc: tuple[int | str, ...]) -> tuple[Any, Any, str] | None:
    """(lowest, highest, unit) of the field at `loc`, read from its Field(ge=…, le=…) metadata."""
    current: type[BaseModel] | None = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        info = current.model_fields[part]
        current = _model_of(info.annotation)
    if info is None:
        return None
    low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
    if low is None and high is None:
        return None
    return low, high, info.description or ""


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> str | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = _model_of(current.model_fields[part].annotation)
    return ", ".join(current.model_fields) if current is not None else None


# pydantic's type errors in plain words; a date or time that does not parse says what a valid one looks like.
_KIND_WORDS = {
    "string_type": N_("must be text"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "dict_type": N_("must be an object with named fields"),
    "model_type": N_("must be an object with named fields"),
    "model_attributes_type": N_("must be an object with named fields"),
    "tuple_type": N_("must be a list"),
    "set_type": N_("must be a list"),
}
_DATE_KINDS = ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact")
_DATETIME_KINDS = ("datetime_type", "datetime_parsing", "datetime_from_date_parsing", "datetime_object_invalid")


def plain_wording(error: Any) -> tuple[str, str | None] | None:
    """(message, valid) for a pydantic type or choice error in everyday words; None for other kinds.

    Shared by the profile and the diary: "conditions: must be a list, e.g. ["diabetes"]",
    "muscle: unknown muscle 'arm' (valid: calf, shin, …)".
    """
    kind, got = error["type"], error.get("input")
    if kind == "list_type":
        if isinstance(got, str):
            message = _("must be a list, e.g. %(example)s (got %(got)s)")
            return message % {"example": json.dumps([got], ensure_ascii=False), "got": repr(got)}, None
        return _("must be a list (got %(got)s)") % {"got": repr(got)}, None
    if kind in ("literal_error", "enum"):
        names = [str(part) for part in error["loc"] if isinstance(part, str)]
        noun = names[-1].replace("_", " ") if names else _("value")
        expected = str((error.get("ctx") or {}).get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)  # pydantic lists them as "'a', 'b' or 'c'"
        return _("unknown %(kind)s %(name)s") % {"kind": kind_of_name(noun), "name": repr(got)}, (
            ", ".join(choices) or expected or None
        )
    if kind in _DATE_KINDS:
        return _("is not a date (got %(got)s)") % {"got": repr(got)}, _("a date as YYYY-MM-DD, e.g. 2024-05-01")
    if kind in _DATETIME_KINDS:
        return _("is not a date and time (got %(got)s)") % {"got": repr(got)}, _(
            "ISO 8601 with a time zone, e.g. 2024-05-01T23:40+02:00"
        )
    if kind in _KIND_WORDS:
        return _("%(problem)s (got %(got)s)") % {"problem": _(_KIND_WORDS[kind]), "got": repr(got)}, None
    return None


# The units the profile's fields are measured in (their descriptions), marked so a range error says them in the
# reader's language ("от 1,0 до 10,0 ммоль/л").
UNITS = (N_("mmol/L"), N_("mL/min/1.73 m²"), N_("U/L"), N_("mIU/L"), N_("mmHg"), N_("beats a minute"), N_("°C"))


def _number(value: Any) -> str:
    """A bound or a typed number as the reader writes it (1.5 / 1,5); English exactly as Python shows it."""
    return decimal_sign(str(value)) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def range_message(low: Any, high: Any, description: str, got: Any) -> str:
    """ "must be between 1.0 and 10.0 mmol/L (got 50)" in the reader's language, with the unit of a field whose
    description ends with it ("total, albumin-adjusted, mmol/L" → "mmol/L")."""
    unit = description.split(",")[-1].strip()
    unit_text = f" {_(unit)}" if unit else ""
    message = _("must be between %(low)s and %(high)s%(unit)s (got %(got)s)")
    return message % {"low": _number(low), "high": _number(high), "unit": unit_text, "got": _number(got)}


def _message(error: Any, model: type[BaseModel]) -> tuple[str, str | None]:
    kind = error["type"]
    got = error.get("input")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = _bounds(model, tuple(error["loc"]))
        if bounds is not None:
            low, high, unit = bounds
            return range_message(low, high, unit, got), None
    plain = plain_wording(error)
    if plain is not None:
        return plain
    if kind == "extra_forbidden":
        return _("unknown field"), _fields_at(model, tuple(error["loc"])[:-1])
    if kind == "missing":
        return _("is required"), None
    if kind == "value_error":
        valid = (error.get("ctx") or {}).get("valid")
        return str(error["msg"]).removeprefix("Value error, "), str(valid) if valid else None
    if current() != DEFAULT:  # pydantic speaks English only: say it in crampcare's words
        return _("this value cannot be accepted (got %(got)s)") % {"got": shorten(repr(got))}, None
    return _("%(problem)s (got %(got)s)") % {"problem": error["msg"], "got": repr(got)}, None


def to_input_error(exc: ValidationError, model: type[BaseModel]) -> InputError:
    """The first problem as an InputError (one line), the rest appended as a count."""
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first["loc"])
    message, valid = _message(first, model)
    field = field_path(loc)
    if not loc and first["type"] == "value_error" and message.split(" ", 1)[0] in model.model_fields:
        field, message = message.split(" ", 1)  # a whole-profile check names its field first
    if len(errors) > 1:
        message += _(" (and %(count)s more problem(s))") % {"count": len(errors) - 1}
    return InputError(message, field=field, valid=valid)
