"""The export file format: its layout, and reading a JSON or CSV export into records with their line numbers.

JSON holds everything (profile versions, episodes, check-ins, experiments with their days and events) with one
record per line, so that an import
error names the line a person can open in an editor; keys other than the format's are refused. CSV holds
episodes only, one per row, read strictly (a row with too many or too few values, or an unclosed quote,
is an error naming its line, never a shifted or swallowed value). `importstream` reads both, chunk by chunk.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crampcare.errors import InputError
from crampcare.i18n import N_, _

FORMAT = "crampcare-diary"
VERSION = 1
CSV_FIELDS = [
    "started",
    "duration_minutes",
    "muscle",
    "side",
    "setting",
    "pain",
    "sleep_disturbance",
    "helper",
    "swelling",
    "weakness",
    "triggers",
    "trigger_note",
    "tried",
    "note",
    "tz",
]
FLAG_COLUMNS = ("helper", "swelling", "weakness")  # the episode's yes/no columns, "true"/"false" in a CSV
# The experiment sections (issue 16) come last: a resume event names episodes that must be in the diary first.
SECTIONS = ("profile_versions", "episodes", "checkins", "experiments", "experiment_days", "experiment_events")
TOP_LEVEL = ("format", "version", *SECTIONS)
JSON_TYPES = {
    dict: N_("an object"),
    str: N_("a string"),
    int: N_("a number"),
    float: N_("a number"),
    bool: "true/false",
    type(None): "null",
}


def json_type(value: Any) -> str:
    """The JSON type of a value as a message names it, in the reader's language ("a string", "строка")."""
    return _(JSON_TYPES.get(type(value), N_("a value")))


# The JSON type of each field an export writes: a file's "6" for a pain or "yes" for heat is refused, never
# converted (a hand-edited value that merely looks right may not be what the person meant).
_TEXT, _WHOLE, _NUMBER, _FLAG, _LIST = (str,), (int,), (int, float), (bool,), (list,)
_TYPE_NAMES = {
    _TEXT: N_("text"),
    _WHOLE: N_("a whole number"),
    _NUMBER: N_("a number"),
    _FLAG: N_("true or false"),
    _LIST: N_("a list"),
}
FIELD_TYPES: dict[str, dict[str, tuple[tuple[type, ...], bool]]] = {  # section → field → (types, null allowed)
    "episodes": {
        "started": (_TEXT, False),
        "duration_minutes": (_NUMBER, False),
        "muscle": (_TEXT, False),
        "side": (_TEXT, False),
        "setting": (_TEXT, False),
        "pain": (_WHOLE, False),
        "sleep_disturbance": (_WHOLE, True),
        "helper": (_FLAG, False),
        "swelling": (_FLAG, False),
        "weakness": (_FLAG, False),
        "triggers": (_LIST, False),
        "trigger_note": (_TEXT, False),
        "tried": (_LIST, False),
        "note": (_TEXT, False),
        "tz": (_TEXT, True),
    },
    "checkins": {
        "day": (_TEXT, False),
        "water_litres": (_NUMBER, True),
        "caffeine_cups": (_NUMBER, True),
        "alcohol_units": (_NUMBER, True),
        "exercise": (_TEXT, True),
        "unusual_exercise": (_FLAG, True),
        "tight_shoes": (_FLAG, True),
        "heat": (_FLAG, True),
        "medicines": (_LIST, False),
        "note": (_TEXT, False),
    },
}
_ITEM_TYPES = {("episodes", "triggers"): _TEXT, ("checkins", "medicines"): _TEXT}
_TRIED_TYPES = {"id": _TEXT, "effect": _WHOLE}


def _is(value: Any, types: tuple[type, ...]) -> bool:
    return isinstance(value, types) and not (isinstance(value, bool) and bool not in types)


def _type_problem(value: Any, types: tuple[type, ...], nullable: bool) -> str | None:
    if (value is None and nullable) or _is(value, types):
        return None
    shown = {"wanted": _(_TYPE_NAMES[types]), "kind": json_type(value), "value": json.dumps(value)[:40]}
    if nullable:
        return _("must be %(wanted)s or null, not %(kind)s (%(value)s)") % shown
    return _("must be %(wanted)s, not %(kind)s (%(value)s)") % shown


def _record_types(section: str, record: Any) -> tuple[str, str] | None:
    """(field, problem) for the first value of a JSON record whose type is not the export's; None when all fit."""
    if not isinstance(record, dict):
        return None  # the import says "a record must be a JSON object"
    for field, (types, nullable) in FIELD_TYPES.get(section, {}).items():
        if field not in record:
            continue
        problem = _type_problem(record[field], types, nullable)
        if problem is None and types is _LIST:
            problem_at = _list_item_problem(section, field, record[field])
            if problem_at is not None:
                return problem_at
        if problem is not None:
            return field, problem
    return None


def _list_item_problem(section: str, field: str, items: list[Any]) -> tuple[str, str] | None:
    for index, item in enumerate(items):
        if (section, field) in _ITEM_TYPES:
            problem = _type_problem(item, _ITEM_TYPES[(section, field)], False)
            if problem is not None:
                return f"{field}.{index}", problem
        elif field == "tried" and isinstance(item, dict):
            for key, types in _TRIED_TYPES.items():
                problem = _type_problem(item.get(key), types, False) if key in item else None
                if problem is not None:
                    return f"tried.{index}.{key}", problem
    return None


def check_types(located: Located) -> None:
    """Refuse the first JSON record holding a value of the wrong type, naming its line, section and field."""
    for section in ("episodes", "checkins"):
        for line, record in located[section]:
            found = _record_types(section, record)
            if found is not None:
                field, problem = found
                raise InputError(
                    _("line %(line)s (%(section)s): %(field)s: %(problem)s (nothing was imported)")
                    % {"line": line, "section": section, "field": field, "problem": problem}
                )


# --- reading files (crampcare.diary.importstream reads them record by record) ---------------------

Located = dict[str, list[tuple[int, Any]]]  # section → [(line number, record)]


# OWASP CSV injection: a spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading quote before a formula start (and before a leading
    quote that precedes one, so that `unquote_cell` gives back exactly what was stored)."""
    if value.startswith(FORMULA_STARTS) or (value.startswith("'") and value[1:].startswith((*FORMULA_STARTS, "'"))):
        return "'" + value
    return value


def unquote_cell(value: str) -> str:
    """The text `neutral_cell` protected (a hand-written cell like 'quoted' keeps its quote)."""
    if value.startswith("'") and value[1:].startswith((*FORMULA_STARTS, "'")):
        return value[1:]
    return value


def _csv_row(row: dict[str, str]) -> dict[str, Any]:
    row = {key: unquote_cell(value) if isinstance(value, str) else value for key, value in row.items()}
    record: dict[str, Any] = {key: value for key, value in row.items() if key and value not in ("", None)}
    record["triggers"] = [t.strip() for t in row.get("triggers", "").split(";") if t.strip()]
    tried = []
    for part in (p.strip() for p in row.get("tried", "").split(";")):
        if part:
            name, _sep, effect = part.partition(":")
            tried.append({"id": name.strip(), "effect": effect.strip() or None})
    record["tried"] = tried
    # CSV has no booleans: the writer puts "true"/"false" in the yes/no columns; any other text stays as typed
    # so the strict model names the field and what is valid, instead of a silent guess.
    for name in FLAG_COLUMNS:
        flag = record.get(name)
        if isinstance(flag, str) and flag.strip().casefold() in ("true", "false"):
            record[name] = flag.strip().casefold() == "true"
    return record


def _whole_row(row: dict[str | None, Any], line: int) -> dict[str, str]:
    """A row with exactly one value per header column; a short or long row (a stray comma, quote or line
    break) would otherwise shift or drop values silently."""
    columns = len([key for key in row if key is not None])
    if None in row:
        found = columns + len(row[None])
        raise _row_width(line, found, columns)
    if any(value is None for value in row.values()):
        found = sum(value is not None for value in row.values())
        raise _row_width(line, found, columns)
    return {str(key): str(value) for key, value in row.items()}


def _row_width(line: int, found: int, columns: int) -> InputError:
    return InputError(
        _("line %(line)s: %(found)s value(s), but the header has %(columns)s columns")
        % {"line": line, "found": found, "columns": columns},
        field="FILE",
    )


def read_file(path: str | Path) -> Located:
    """Every record of an export with its line, gathered (the import itself streams them: `importstream`)."""
    from crampcare.diary.importstream import records

    located: Located = {section: [] for section in SECTIONS}
    typed = False
    for section, line, record, json_types in records(path):
        located[section].append((line, record))
        typed = json_types
    if typed:
        check_types(located)
    return located
