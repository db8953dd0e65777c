"""Where a command may write its output (`--out`): never over the diary itself, never over an existing file.

Every command that writes a file (export, chart, report, backup) checks its target here before it writes,
so that a typo in `--out` can never replace the diary database, its WAL/journal files or anything else
a person already has. Replacing a file is left to the person (delete it first): nothing is overwritten silently.
"""

from __future__ import annotations

import os
from pathlib import Path

from crampcare.errors import InputError
from crampcare.i18n import _, os_reason

# SQLite keeps uncommitted and recent pages in these files beside the database: writing over one loses entries.
_SIDECARS = ("", "-wal", "-shm", "-journal")


def _same_file(one: Path, other: Path) -> bool:
    """True when both paths name one file: the same resolved path, or (when both exist) a link to it."""
    if one.resolve() == other.resolve():
        return True
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them does not exist: then they are not the same file
        return False


def diary_files(db_url: str) -> list[Path]:
    """The files of a SQLite diary (the database and its sidecars); none for PostgreSQL or in-memory SQLite."""
    from crampcare.diary.db import is_sqlite, sqlite_path

    path = sqlite_path(db_url) if is_sqlite(db_url) else None
    if path is None or str(path) == ":memory:":
        return []
    return [Path(f"{path}{suffix}") for suffix in _SIDECARS]


def check_out(out: Path, db_url: str | None = None, *, field: str = "--out") -> None:
    """Refuse `out` when it is one of the diary's own files, or when a file or folder is already there."""
    for own in diary_files(db_url) if db_url else []:
        if _same_file(out, own):
            said = (
                _("%(path)s is the diary's own database file; writing there would destroy the diary")
                if own.name == out.name
                else _("%(path)s is the diary's own database file (%(name)s); writing there would destroy the diary")
            )
            raise InputError(
                said % {"path": out, "name": own.name},
                field=field,
                valid=_("a new file outside the diary, e.g. diary-export.json"),
            )
    if out.exists() or out.is_symlink():
        raise _exists(out, field)


def _exists(out: Path, field: str) -> InputError:
    return InputError(
        _("%(path)s exists; choose another file") % {"path": out},
        field=field,
        valid=_("a file that does not exist yet"),
    )


def write_new(out: Path, data: bytes, db_url: str | None = None, *, field: str = "--out") -> Path:
    """Write `data` to a new file `out` (exclusive create: a file that appears meanwhile is not replaced)."""
    check_out(out, db_url, field=field)
    try:
        with out.open("xb") as file:
            file.write(data)
    except FileExistsError:
        raise _exists(out, field) from None
    except OSError as exc:
        raise InputError(
            _("cannot write %(path)s: %(reason)s") % {"path": out, "reason": os_reason(exc)},
            field=field,
            valid=_("a new file in a writable folder"),
        ) from None
    return out
