"""Consistent copies of a SQLite diary (the SQLite online backup API: safe while another process writes)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from crampcare.diary.db import engine_for, is_sqlite, resolve_url, sqlite_path
from crampcare.diary.outfile import check_out
from crampcare.errors import InputError, StorageError
from crampcare.i18n import N_, _

POSTGRES_HINT = N_("for PostgreSQL use pg_dump, or `crampcare diary export --format json --out FILE`")


def backup_sqlite(db_url: str | None, out: Path | None = None) -> Path:
    """Copy the diary to `out` (default: backups/diary-<UTC time>.db beside it); returns the path."""
    url = resolve_url(db_url)
    source = sqlite_path(url)
    if not is_sqlite(url) or source is None:
        raise InputError(_("backup copies SQLite diaries only"), field="--db", valid=_(POSTGRES_HINT))
    engine_for(url)  # makes sure the file exists and is migrated
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = out or source.parent / "backups" / f"{source.stem}-{stamp}.db"
    check_out(target, url)  # never the diary itself, never an existing file
    if out is not None and not target.parent.is_dir():
        # A mistyped folder is a mistake to report, not a folder to create where nobody will look for it.
        folder = target.parent
        said = _("%(path)s is a file, not a folder") if folder.exists() else _("there is no folder %(path)s")
        raise InputError(said % {"path": folder}, field="--out", valid=_("a new file in an existing folder"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)  # only the default backups/ folder beside the diary
        destination = sqlite3.connect(target)
    except (OSError, sqlite3.Error) as exc:
        # The person chose where to write: a place that cannot be written is their input, not our failure.
        raise InputError(
            _("cannot write %(path)s: %(reason)s") % {"path": target, "reason": exc},
            field="--out",
            valid=_("a new file in a writable folder"),
        ) from None
    try:
        with closing(sqlite3.connect(source)) as src, closing(destination) as dst:
            src.backup(dst)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(_("backup failed: %(reason)s") % {"reason": exc}) from exc
    return target


def backup_before_wipe(db_url: str | None) -> Path | None:
    """A safety copy before `wipe` on SQLite; None on PostgreSQL (the server's own backups apply)."""
    url = resolve_url(db_url)
    return backup_sqlite(url) if is_sqlite(url) and sqlite_path(url) is not None else None


def backup_for_web_wipe(db_url: str | None) -> Path:
    """The copy taken before the web's "delete everything": the SQLite file as `wipe` takes it, or, for a
    PostgreSQL diary (no file to copy), the JSON export in the user data folder's backups/. Raises rather than
    return without a copy: the web never deletes a diary it could not back up."""
    url = resolve_url(db_url)
    if is_sqlite(url) and sqlite_path(url) is not None:
        return backup_sqlite(url)
    from platformdirs import user_data_dir

    from crampcare.diary.importexport import export_data, to_json

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = Path(user_data_dir("crampcare")) / "backups" / f"diary-{stamp}.json"
    check_out(target, url)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as file:  # "x": never over an existing file
            file.write(to_json(export_data(db_url=url)))
    except OSError as exc:
        raise StorageError(_("could not back up the diary before deleting it: %(reason)s") % {"reason": exc}) from exc
    return target
