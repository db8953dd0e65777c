"""Reading a person's files (profiles, diary exports): every way they can be broken becomes an InputError.

Shared by the CLI, the diary and nutrition so that a file that is not UTF-8, a
directory, an empty path, or JSON nested too deeply or with a number too long
to convert gets the same one-line error naming the option, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crampcare.errors import InputError


def read_text(source: str | Path, *, field: str) -> str:
    """The text of a UTF-8 file (a byte-order mark is allowed); InputError naming `field` otherwise."""
    if not str(source).strip():
        raise InputError("a file name is required", field=field)
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source} is not UTF-8 text (byte {exc.start} cannot be read)", field=field, valid="a UTF-8 text file"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}", field=field) from None


def load_json(text: str, *, name: str, field: str) -> Any:
    """Parse JSON text; broken, too deeply nested or oversized input is an InputError naming `field`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", field=field
        ) from None
    except RecursionError:
        raise InputError(f"{name} is nested too deeply to be a crampcare file", field=field) from None
    except ValueError as exc:  # e.g. an integer longer than Python converts (sys.get_int_max_str_digits)
        raise InputError(f"{name} holds a value that cannot be read: {exc}", field=field) from None
