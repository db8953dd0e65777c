"""Reading an export file as a stream of records, each with its line, in bounded memory.

The file is read in chunks (never whole): a JSON export record by record from
its section arrays, a CSV row by row. Memory holds one chunk and one record, so
a 64 MiB export costs what a small one costs; the import writes as it goes, in
one transaction that an error anywhere rolls back (all or nothing).

Limits, each an error naming the line: a record or CSV line longer than
`RECORD_LIMIT`, a file larger than `inputfiles.IMPORT_LIMIT`. The layout rules
are the export format's (see `exportfile`): only its top-level keys, each once,
a version this code reads, each section a list.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from crampcare import inputfiles
from crampcare.diary.exportfile import CSV_FIELDS, FORMAT, SECTIONS, TOP_LEVEL, VERSION, json_type
from crampcare.errors import InputError
from crampcare.i18n import N_, _, os_reason
from crampcare.inputfiles import DuplicateKeyError, _build, _Pairs, _size, duplicate_key_error

RECORD_LIMIT = 256 * 1024  # characters of one JSON record or one CSV line: an episode is well under 16 KiB
CHUNK = 64 * 1024
# section, line it starts on, the record as parsed, and whether its values carry JSON types (CSV cells are text)
Record = tuple[str, int, Any, bool]
_EXPECTS_FORMAT = N_('not a crampcare diary export (expects "format": "%(format)s")')
_EXPORT_FILE = N_("the export file")


def _not_export() -> InputError:
    return InputError(_(_EXPECTS_FORMAT) % {"format": FORMAT}, field="FILE")


def _unreadable() -> InputError:
    return InputError(_("not a crampcare diary export (it cannot be read as one)"), field="FILE")


class _Reader(Protocol):
    def read(self) -> str: ...


class _Text:
    """UTF-8 text from a binary file, chunk by chunk, refused beyond `limit` bytes or when not UTF-8."""

    def __init__(self, file: BinaryIO, name: str, limit: int) -> None:
        self.file, self.name, self.limit, self.size = file, name, limit, 0
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.first = True

    def read(self) -> str:
        """The next chunk of text; "" at the end."""
        while True:
            data = self.file.read(CHUNK)
            self.size += len(data)
            if self.size > self.limit:
                raise InputError(
                    _("%(name)s is larger than %(size)s; nothing was imported")
                    % {"name": self.name, "size": _size(self.limit)},
                    field="FILE",
                    valid=_("at most %(size)s") % {"size": _size(self.limit)},
                )
            try:
                text = self.decoder.decode(data, final=not data)
            except UnicodeDecodeError:
                raise InputError(
                    _("%(name)s is not UTF-8 text (near byte %(byte)s)")
                    % {"name": self.name, "byte": self.size - len(data) + 1},
                    field="FILE",
                    valid=_("a UTF-8 text file"),
                ) from None
            if self.first and text:
                text, self.first = text.removeprefix("\ufeff"), False  # a byte-order mark is allowed
            if text or not data:
                return text


class _Json:
    """A cursor over JSON text that is read on demand; `line` is the line at `pos` (counted as it moves)."""

    def __init__(self, source: _Reader, start: str) -> None:
        self.source, self.buf, self.pos, self.line, self.eof = source, start, 0, 1, False
        self.decoder = json.JSONDecoder(object_pairs_hook=_Pairs)

    def _more(self) -> bool:
        if self.eof:
            return False
        if self.pos > CHUNK:  # drop what has been read: the buffer stays about one chunk and one record long
            self.buf, self.pos = self.buf[self.pos :], 0
        text = self.source.read()
        self.eof = not text
        self.buf += text
        return bool(text)

    def _advance(self, to: int) -> None:
        self.line += self.buf.count("\n", self.pos, to)
        self.pos = to

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self._advance(self.pos + 1)
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos : self.pos + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self._broken(self.pos, _("expected %(char)s") % {"char": repr(char)})
        self._advance(self.pos + 1)

    def value(self) -> Any:
        """The next JSON value, its keys checked for repeats; the file is read on until it is whole."""
        self.peek()
        while True:
            try:
                found, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Perhaps cut off by the chunk's end: read on (never past one record's limit) and try again.
                if len(self.buf) - self.pos <= RECORD_LIMIT and self._more():
                    continue
                cut_off = exc.pos >= len(self.buf) - 1 or exc.msg.startswith("Unterminated")
                if cut_off and len(self.buf) - self.pos > RECORD_LIMIT:
                    raise self._too_long() from None
                raise self._broken(exc.pos, exc.msg) from None
            except RecursionError:
                raise _unreadable() from None
            except ValueError:  # an integer longer than Python converts
                raise _unreadable() from None
            if end >= len(self.buf) and self._more():
                continue  # a number may go on in the next chunk
            if end - self.pos > RECORD_LIMIT:
                raise self._too_long()
            self._advance(end)
            return found

    def _too_long(self) -> InputError:
        return InputError(
            _("line %(line)s: a record longer than %(size)s (nothing was imported)")
            % {"line": self.line, "size": _size(RECORD_LIMIT)},
            field="FILE",
            valid=_("records of at most %(size)s, as an export writes them") % {"size": _size(RECORD_LIMIT)},
        )

    def _broken(self, at: int, message: str) -> InputError:
        line = self.line + self.buf.count("\n", self.pos, at) if at >= self.pos else self.line
        column = at - self.buf.rfind("\n", 0, at)
        return InputError(
            _("line %(line)s: not valid JSON: %(problem)s (column %(column)s)")
            % {"line": line, "problem": inputfiles.json_reason(message), "column": column},
            field="FILE",
        )


def _unique(value: Any, where: str) -> Any:
    try:
        return _build(value, where)
    except DuplicateKeyError as exc:
        raise duplicate_key_error(exc, name=_(_EXPORT_FILE)) from None


def _json_records(cursor: _Json) -> Iterator[Record]:
    """The records of a JSON export in file order; layout errors (unknown or repeated keys, a section that is
    not a list, a version this code cannot read) stop the import."""
    if cursor.peek() != "{":
        raise _not_export()
    cursor.expect("{")
    seen: dict[str, Any] = {}
    if cursor.peek() == "}":
        raise _not_export()
    while True:
        key = cursor.value()
        if not isinstance(key, str):
            raise _not_export()
        if key in seen:
            raise duplicate_key_error(DuplicateKeyError(key), name=_(_EXPORT_FILE))
        cursor.expect(":")
        if key in SECTIONS:
            seen[key] = True
            yield from _section(cursor, key)
        else:
            seen[key] = _unique(cursor.value(), key)
            _check_key(key, seen)
        if cursor.peek() == "}":
            cursor.expect("}")
            break
        cursor.expect(",")
    if cursor.peek() != "":
        raise cursor._broken(cursor.pos, "Extra data")
    if seen.get("format") != FORMAT:
        raise _not_export()
    if "version" not in seen:
        raise InputError(_("is required (which export format the file follows)"), field="version", valid=str(VERSION))


def _check_key(key: str, seen: dict[str, Any]) -> None:
    if key not in TOP_LEVEL:
        if seen.get("format") != FORMAT:
            raise _not_export()
        raise InputError(
            _("unknown top-level key %(key)s") % {"key": repr(key)}, field="FILE", valid=", ".join(TOP_LEVEL)
        )
    if key == "format" and seen[key] != FORMAT:
        raise _not_export()
    if key == "version" and (type(seen[key]) is not int or seen[key] != VERSION):
        raise InputError(
            _("unsupported export version %(version)s") % {"version": repr(seen[key])},
            field="version",
            valid=str(VERSION),
        )


def _section(cursor: _Json, section: str) -> Iterator[Record]:
    if cursor.peek() != "[":
        value = cursor.value()
        raise InputError(
            _("must be a list of records, not %(kind)s") % {"kind": json_type(value)},
            field=section,
            valid="[{...}, {...}]",
        )
    cursor.expect("[")
    if cursor.peek() == "]":
        cursor.expect("]")
        return
    while True:
        cursor.peek()  # past the white space: the line the record starts on
        line = cursor.line
        yield section, line, _unique(cursor.value(), ""), True
        if cursor.peek() == "]":
            cursor.expect("]")
            return
        cursor.expect(",")


def _csv_lines(source: _Reader) -> Iterator[str]:
    """The file's physical lines (line ends kept: a cell may hold one), each at most RECORD_LIMIT characters."""
    pending, number = "", 0
    while True:
        chunk = source.read()
        pending += chunk
        start = 0
        while True:
            # Lines end at \n only, as before (a \r inside a quoted cell stays in its cell).
            end = pending.find("\n", start)
            if end < 0:
                break
            number += 1
            if end - start >= RECORD_LIMIT:
                raise _long_row(number)
            yield pending[start : end + 1]
            start = end + 1
        pending = pending[start:]
        if len(pending) > RECORD_LIMIT:
            raise _long_row(number + 1)
        if not chunk:
            if pending:
                yield pending
            return


def _long_row(line: int) -> InputError:
    return InputError(
        _("line %(line)s: a row longer than %(size)s (nothing was imported)")
        % {"line": line, "size": _size(RECORD_LIMIT)},
        field="FILE",
        valid=_("rows of at most %(size)s, as an export writes them") % {"size": _size(RECORD_LIMIT)},
    )


def _csv_records(source: _Reader, start: str) -> Iterator[Record]:
    from crampcare.diary.exportfile import _csv_row, _whole_row

    reader = csv.DictReader(_csv_lines(_Prepend(start, source)), strict=True)  # strict: an unclosed quote is an error
    fields = reader.fieldnames or []
    missing = [
        name for name in ("started", "muscle", "side", "setting", "pain", "duration_minutes") if name not in fields
    ]
    if missing:
        raise InputError(
            _("line 1: the header lacks column %(column)s") % {"column": repr(missing[0])},
            field="FILE",
            valid=",".join(CSV_FIELDS),
        )
    unknown = [name for name in fields if name not in CSV_FIELDS]
    if unknown:
        raise InputError(
            _("line 1: unknown column %(column)s") % {"column": repr(unknown[0])},
            field="FILE",
            valid=",".join(CSV_FIELDS),
        )
    begin = reader.line_num + 1
    try:
        for row in reader:
            yield "episodes", reader.line_num, _csv_row(_whole_row(row, reader.line_num)), False
            begin = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            _("line %(line)s: broken quoting (%(problem)s)") % {"line": begin, "problem": exc},
            field="FILE",
            valid=_('a value with a comma, quote or line break wrapped in "double quotes", inner quotes doubled'),
        ) from None


class _Prepend:
    """A `_Text` whose first chunk is text already read (to tell JSON from CSV)."""

    def __init__(self, start: str, source: _Reader) -> None:
        self.start, self.source = start, source

    def read(self) -> str:
        if self.start:
            text, self.start = self.start, ""
            return text
        return self.source.read()


def records(path: str | Path, *, limit: int | None = None) -> Iterator[Record]:
    """Every record of a JSON or CSV export, in file order, with its line; InputError naming the line (and the
    field where there is one) for a file that is not an export."""
    if not str(path).strip():
        raise InputError(_("a file name is required"), field="FILE")
    try:
        file = Path(path).open("rb")  # noqa: SIM115 (closed below, also when the caller stops early)
    except OSError as exc:
        raise InputError(
            _("cannot read %(path)s: %(reason)s") % {"path": path, "reason": os_reason(exc)}, field="FILE"
        ) from None
    with file:
        source = _Text(file, str(path), inputfiles.IMPORT_LIMIT if limit is None else limit)
        start = ""
        while not start.strip():
            chunk = source.read()
            if not chunk:
                raise InputError(
                    _("%(path)s is empty") % {"path": path},
                    field="FILE",
                    valid=_("a JSON export (crampcare diary export) or a CSV with a header"),
                )
            start += chunk
        if start.lstrip().startswith(("{", "[")):
            yield from _json_records(_Json(source, start))
        else:
            yield from _csv_records(source, start)
