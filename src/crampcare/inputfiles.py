"""Reading a person's files (profiles, diary exports): every way they can be broken becomes an InputError.

Shared by the CLI, the diary and nutrition so that a file that is not UTF-8, a
directory, an empty path, or JSON nested too deeply or with a number too long
to convert gets the same one-line error naming the option, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO

from crampcare.errors import InputError
from crampcare.i18n import N_, _, os_reason

PROFILE_LIMIT = 64 * 1024  # as the API's body limit: a profile is a few hundred bytes
IMPORT_LIMIT = 64 * 1024 * 1024  # a diary export: about 200,000 episodes
CHUNK = 1024 * 1024


def read_text(source: str | Path, *, field: str, limit: int = PROFILE_LIMIT) -> str:
    """The text of a UTF-8 file (a byte-order mark is allowed) of at most `limit` bytes; InputError naming
    `field` otherwise. Read in chunks and stopped at the limit: `/dev/zero` or a huge file never fills memory.
    Line ends are kept as they are (a CSV cell may hold a carriage return)."""
    if not str(source).strip():
        raise InputError(_("a file name is required"), field=field)
    try:
        with Path(source).open("rb") as file:
            return read_limited(file, name=str(source), field=field, limit=limit)
    except OSError as exc:
        raise InputError(
            _("cannot read %(path)s: %(reason)s") % {"path": source, "reason": os_reason(exc)}, field=field
        ) from None


def read_limited(file: BinaryIO, *, name: str, field: str, limit: int) -> str:
    """Up to `limit` bytes of UTF-8 text from an open binary file (or stdin's buffer), else InputError."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = file.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise InputError(
                _("%(name)s is larger than %(size)s; nothing was read") % {"name": name, "size": _size(limit)},
                field=field,
                valid=_("at most %(size)s") % {"size": _size(limit)},
            )
    data = b"".join(chunks)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            _("%(name)s is not UTF-8 text (byte %(byte)s cannot be read)") % {"name": name, "byte": exc.start},
            field=field,
            valid=_("a UTF-8 text file"),
        ) from None


# The JSON decoder's reasons (json.JSONDecodeError.msg, English only), marked so a broken file is said whole in the
# reader's language ("строка 3: некорректный JSON: ожидалось значение").
_JSON_REASONS = (
    N_("Expecting value"),
    N_("Expecting property name enclosed in double quotes"),
    N_("Expecting ',' delimiter"),
    N_("Expecting ':' delimiter"),
    N_("Unterminated string starting at"),
    N_("Invalid control character at"),
    N_("Invalid \\escape"),
    N_("Extra data"),
)


def json_reason(message: str) -> str:
    """A JSON decoder's reason in the reader's language (one it does not list: as the decoder said it)."""
    return _(message) if message in _JSON_REASONS else message


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return _("%(count)s MiB") % {"count": limit // (1024 * 1024)}
    return _("%(count)s KiB") % {"count": limit // 1024}


class DuplicateKeyError(ValueError):
    """A JSON object names the same key twice: JSON parsers keep the last value silently."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} appears more than once in the same object")
        self.key = key  # the path of the repeated key, e.g. "labs.potassium"


class _Pairs(list[tuple[str, Any]]):
    """An object's (key, value) pairs as parsed, before the keys are checked."""


def _build(value: Any, path: str) -> Any:
    if isinstance(value, _Pairs):
        found: dict[str, Any] = {}
        for key, item in value:
            where = f"{path}.{key}" if path else key
            if key in found:
                raise DuplicateKeyError(where)
            found[key] = _build(item, where)
        return found
    if isinstance(value, list):
        return [_build(item, f"{path}[{i}]") for i, item in enumerate(value)]
    return value


class _Repeated(Exception):
    """Some object names a key twice (which one and where is found by the slower second pass)."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Repeated
    return found


def loads_unique_keys(text: str | bytes) -> Any:
    """json.loads, except that `{"age_years": 8, "age_years": 80}` raises DuplicateKeyError naming the key's path
    instead of keeping 80. Raises what json.loads raises for broken JSON.

    One pass builds the objects and only counts their keys; a second pass, made only when a key repeats, finds its
    path (`_build`, which is also the reference the tests compare the first pass with).
    """
    try:
        return json.loads(text, object_pairs_hook=_unique)
    except _Repeated:
        return _build(json.loads(text, object_pairs_hook=_Pairs), "")


def duplicate_key_error(exc: DuplicateKeyError, *, name: str) -> InputError:
    return InputError(
        _("%(name)s: the key %(key)s is given more than once; which value is meant cannot be guessed")
        % {"name": name, "key": repr(exc.key)},
        field=exc.key,
        valid=_("each key once per object"),
    )


def load_json(text: str, *, name: str, field: str) -> Any:
    """Parse JSON text; broken, too deeply nested or oversized input, or a key given twice in one object, is an
    InputError naming `field` (the key, for a duplicate)."""
    try:
        return loads_unique_keys(text)
    except DuplicateKeyError as exc:
        raise duplicate_key_error(exc, name=name) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            _("%(name)s is not valid JSON: %(problem)s at line %(line)s, column %(column)s")
            % {"name": name, "problem": json_reason(exc.msg), "line": exc.lineno, "column": exc.colno},
            field=field,
        ) from None
    except RecursionError:
        raise InputError(
            _("%(name)s is nested too deeply to be a crampcare file") % {"name": name}, field=field
        ) from None
    except ValueError as exc:  # e.g. an integer longer than Python converts (sys.get_int_max_str_digits)
        raise InputError(
            _("%(name)s holds a value that cannot be read: %(problem)s") % {"name": name, "problem": exc}, field=field
        ) from None
