"""Turn pydantic validation errors into problems that name the field and what would be valid.

Pydantic reports one violated bound at a time ("less than or equal to 10");
a person needs the whole range, so the field's constraints are read back from
the model the input was validated against.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from crampcare.assessment.validation import range_message
from crampcare.i18n import DEFAULT, N_, Labels, current, decimal_sign
from crampcare.i18n import _ as gettext

PREFIXES = ("body", "query", "path", "header", "cookie")
Params = Mapping[tuple[str, str], FieldInfo]  # a route's query and path parameters by (where, name)

KIND_OF_VALUE = Labels(
    {
        "float_parsing": N_("a number"),
        "float_type": N_("a number"),
        "int_parsing": N_("a whole number"),
        "int_type": N_("a whole number"),
        "int_from_float": N_("a whole number"),
        "bool_parsing": N_("true or false"),
        "bool_type": N_("true or false"),
        "string_type": N_("text"),
        "list_type": N_("a list"),
        "dict_type": N_("an object"),
        "model_type": N_("an object"),
        "model_attributes_type": N_("an object"),
        "missing": N_("a value is required"),
        "json_invalid": N_("a JSON object"),
        "json_type": N_("a JSON object"),
        "finite_number": N_("a finite number"),
        "datetime_parsing": N_("an ISO 8601 date and time, e.g. 2026-01-31T23:15:00+01:00"),
        "datetime_from_date_parsing": N_("an ISO 8601 date and time, e.g. 2026-01-31T23:15:00+01:00"),
        "date_parsing": N_("an ISO 8601 date, e.g. 2026-01-31"),
        "date_from_datetime_parsing": N_("an ISO 8601 date, e.g. 2026-01-31"),
        "timezone_aware": N_("a date and time with a timezone offset, e.g. 2026-01-31T23:15:00+01:00"),
    }
)
BOUND_TYPES = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
# What a field-level problem says outside English, where pydantic's own (English) message would be shown.
_OUT_OF_RANGE = N_("%(field)s is out of range (got %(got)s)")
_WRONG_KIND = N_("%(field)s has the wrong kind of value (got %(got)s)")
_SAID = {
    **dict.fromkeys(BOUND_TYPES, _OUT_OF_RANGE),
    **dict.fromkeys(KIND_OF_VALUE, _WRONG_KIND),
    "literal_error": N_("%(field)s: unknown value %(got)s"),
    "enum": N_("%(field)s: unknown value %(got)s"),
    "string_too_short": N_("%(field)s is too short"),
    "too_short": N_("%(field)s is too short"),
    "string_too_long": N_("%(field)s is too long"),
    "too_long": N_("%(field)s is too long"),
}


def _shown(value: Any) -> str:
    """A rejected value as a message quotes it: short, never a 10 MB echo."""
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


class Problem(BaseModel):
    field: str | None
    message: str
    valid: str | None


def field_path(loc: Sequence[Any]) -> str | None:
    parts = [str(p) for p in loc]
    if parts and parts[0] in PREFIXES:
        parts = parts[1:]
    return ".".join(parts) or None


def _unwrap(annotation: Any) -> Any:
    """The model inside Optional[...] / list[...] annotations, else the annotation."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, tuple):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


def find_field(root: type[BaseModel] | None, path: Sequence[Any]) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """Walk `root` along `path`; returns (the model holding the last field, that field) where found."""
    model: Any = root
    info: FieldInfo | None = None
    owner: type[BaseModel] | None = None
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return (model if isinstance(model, type) and issubclass(model, BaseModel) else None), None
        owner, info = model, model.model_fields[str(part)]
        model = _unwrap(info.annotation)
    return owner, info


def unit_of(info: FieldInfo, name: str) -> str:
    """The unit of a body field in the reader's language: the end of its description ("total, albumin-adjusted,
    mmol/L" → "mmol/L"), else the diary's unit of that field name ("water_litres" → "litres"); "" when none."""
    from crampcare.diary.schemas import UNITS

    said = (info.description or "").split(",")[-1].strip() or UNITS.get(name, "")
    return gettext(said) if said else ""


def _limit(value: Any, whole: bool) -> str:
    """A limit as the reader writes it (1.5 / 1,5); a whole-number field's limit without ".0" (weeks "1 to 4")."""
    if whole and isinstance(value, float) and value.is_integer():
        value = int(value)
    return decimal_sign(str(value))


def _whole(info: FieldInfo) -> bool:
    kinds = typing.get_args(info.annotation) or (info.annotation,)
    return int in kinds and float not in kinds


def bounds(info: FieldInfo, unit: str = "") -> str | None:
    """The field's limits as `valid` says them ("1.0 to 10.0 mmol/L", «от 1,0 до 10,0 ммоль/л»), with `unit`."""
    low = high = None
    low_op, high_op = "", ""
    for meta in info.metadata:
        for attr, op in (("ge", "≥"), ("gt", ">")):
            if getattr(meta, attr, None) is not None:
                low, low_op = getattr(meta, attr), op
        for attr, op in (("le", "≤"), ("lt", "<")):
            if getattr(meta, attr, None) is not None:
                high, high_op = getattr(meta, attr), op
    whole = _whole(info)
    after = f" {unit}" if unit else ""
    if low is not None and high is not None and low_op == "≥" and high_op == "≤":
        return gettext("%(low)s to %(high)s") % {"low": _limit(low, whole), "high": _limit(high, whole)} + after
    if low is not None and high is not None:
        said = {"low": f"{low_op} {_limit(low, whole)}", "high": f"{high_op} {_limit(high, whole)}"}
        return gettext("%(low)s and %(high)s") % said + after
    if low is not None:
        return f"{low_op} {_limit(low, whole)}{after}"
    return f"{high_op} {_limit(high, whole)}{after}" if high is not None else None


def _info(error: dict[str, Any], root: type[BaseModel] | None, params: Params | None) -> tuple[FieldInfo | None, str]:
    """The field an error is about (a body field in `root`, or a query or path parameter in `params`) and the unit
    said after its limits (a body field's only: a parameter's description is a sentence, not a unit)."""
    loc = list(error.get("loc", ()))
    if len(loc) > 1 and loc[0] in PREFIXES and loc[0] != "body":
        return (params or {}).get((str(loc[0]), str(loc[1]))), ""
    _owner, info = find_field(root, loc[1:] if loc and loc[0] in PREFIXES else loc)
    names = [p for p in loc if isinstance(p, str)]
    return info, unit_of(info, names[-1]) if info is not None and names else ""


def _range_said(error: dict[str, Any], root: type[BaseModel] | None, field: str, params: Params | None) -> str | None:
    """A bound error outside English with the field's whole range and unit ("от 1,0 до 10,0 ммоль/л"), where the
    field has both bounds; None otherwise."""
    info, unit = _info(error, root, params)
    if info is None:
        return None
    low = next((getattr(m, "ge", None) for m in info.metadata if getattr(m, "ge", None) is not None), None)
    high = next((getattr(m, "le", None) for m in info.metadata if getattr(m, "le", None) is not None), None)
    if low is None or high is None:
        return None
    whole = _whole(info)
    low, high = (int(v) if whole and isinstance(v, float) and v.is_integer() else v for v in (low, high))
    return f"{field}: {range_message(low, high, unit, error.get('input'))}"


def _valid_for(
    error: dict[str, Any], root: type[BaseModel] | None, path: Sequence[Any], params: Params | None = None
) -> str | None:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if ctx.get("valid"):  # a check that states its own valid range (e.g. the diary's plausible dates)
        return str(ctx["valid"])
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected"))
        if current() != DEFAULT:  # pydantic joins the last choice with an English "or"
            expected = ", ".join(re.findall(r"'[^']*'", expected)) or expected
        return gettext("one of %(values)s") % {"values": expected}
    if kind in BOUND_TYPES:
        info, unit = _info(error, root, params)
        if info is not None and (found := bounds(info, unit)):
            return found
        op = {"greater_than": ">", "greater_than_equal": "≥", "less_than": "<", "less_than_equal": "≤"}[kind]
        return f"{op} {next(iter(ctx.values()), '?')}"
    if kind == "extra_forbidden":
        owner, _ = find_field(root, list(path)[:-1]) if len(path) > 1 else (root, None)
        if owner is not None:
            return gettext("one of the fields %(fields)s") % {"fields": ", ".join(owner.model_fields)}
        return gettext("remove this field")
    if kind in ("string_too_short", "too_short"):
        return gettext("at least %(count)s item(s) or character(s)") % {"count": ctx.get("min_length")}
    if kind in ("string_too_long", "too_long"):
        return gettext("at most %(count)s item(s) or character(s)") % {"count": ctx.get("max_length")}
    if kind == "missing" and not path:
        return gettext("a JSON object, sent with Content-Type: application/json")
    return KIND_OF_VALUE.get(kind)


def _message(
    error: dict[str, Any], field: str | None, root: type[BaseModel] | None = None, params: Params | None = None
) -> str:
    kind = str(error.get("type", ""))
    msg = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    if kind == "json_invalid":
        return gettext("the request body is not valid JSON")
    if kind == "missing":
        return gettext("%(field)s is required") % {"field": field} if field else gettext("the request body is empty")
    if kind == "extra_forbidden":
        return gettext("%(field)s is not a known field") % {"field": field} if field else gettext("unknown field")
    if not field and current() != DEFAULT and kind in KIND_OF_VALUE:  # the whole body is of the wrong kind
        return gettext("the request body has the wrong kind of value (got %(got)s)") % {
            "got": _shown(error.get("input"))
        }
    if field and kind != "value_error" and not (error.get("ctx") or {}).get("valid"):
        if current() != DEFAULT:  # pydantic speaks English only: say it in crampcare's words, translated
            ranged = _range_said(error, root, field, params) if kind in BOUND_TYPES else None
            if ranged is not None:
                return ranged
            said = _SAID.get(kind, N_("%(field)s: this value cannot be accepted (got %(got)s)"))
            return gettext(said) % {"field": field, "got": _shown(error.get("input"))}
        return f"{field}: {msg[:1].lower()}{msg[1:]}"
    return msg


def _guess_field(message: str, root: type[BaseModel] | None, field: str | None) -> str | None:
    """A model-level check ("pregnancy_weeks cannot be set when …") names its field first."""
    first = message.split(" ", 1)[0]
    if root is not None and first in root.model_fields:
        return f"{field}.{first}" if field else first
    return field


def problems_from_pydantic(
    errors: Sequence[Any], body: Any = None, root: type[BaseModel] | None = None, params: Params | None = None
) -> list[Problem]:
    """Problems of pydantic `errors`; `root` (the body's model) and `params` (the route's query and path
    parameters by (where, name)) let a bound error say the field's whole range, not only the limit crossed."""
    out: list[Problem] = []
    for error in errors:
        loc = list(error.get("loc", ()))
        path = loc[1:] if loc and loc[0] in PREFIXES else loc
        # pydantic locates broken JSON by character offset ("body", 12): that is not a field
        field = None if error.get("type") == "json_invalid" else field_path(loc)
        message = _message(error, field, root, params)
        if error.get("type") == "value_error":
            owner = find_field(root, path)[1]
            model = _unwrap(owner.annotation) if owner is not None else root
            is_model = isinstance(model, type) and issubclass(model, BaseModel)
            field = _guess_field(message, model if is_model else None, field)
        out.append(Problem(field=field, message=message, valid=_valid_for(error, root, path, params)))
    return out
