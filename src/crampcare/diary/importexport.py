"""Export the diary as CSV or JSON, and import it back, all or nothing.

JSON holds everything (profile versions, episodes, check-ins) with one record
per line, so that an import error names the line a person can open in an
editor. CSV holds episodes only, one per row: triggers are joined with ";",
tried interventions as "id:effect;id:effect".

An import validates every record before writing any; then it writes all of
them in one transaction. An episode already in the diary (same start instant,
muscle and side) is skipped, so importing an export twice adds nothing. Profile
versions keep the time they were saved, so an export of the imported diary
equals the original export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from crampcare.diary import repository as repo
from crampcare.diary.db import session_scope
from crampcare.diary.models import EpisodeRow
from crampcare.diary.schemas import CheckinIn, EpisodeIn, validate
from crampcare.diary.timeutil import to_utc_naive
from crampcare.errors import InputError

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
    "triggers",
    "trigger_note",
    "tried",
    "note",
]
SECTIONS = ("profile_versions", "episodes", "checkins")
JSON_TYPES = {
    dict: "an object",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true/false",
    type(None): "null",
}
BATCH = 2000
Progress = Callable[[int, int], None]


# --- export ----------------------------------------------------------------------------------


def export_data(*, db_url: str | None = None) -> dict[str, list[dict[str, Any]]]:
    with session_scope(db_url) as session:
        episodes = [repo.episode_dict(row) for row in reversed(repo.list_episodes(session=session))]
        checkins = [repo.checkin_dict(row) for row in repo.list_checkins(session=session)]
        profiles = [
            {"saved_utc": row.saved_utc.isoformat() + "Z", "profile": row.data}
            for row in repo.profile_versions(session=session)
        ]
    for episode in episodes:
        del episode["id"], episode["diary_day"], episode["tz"]
    return {"profile_versions": profiles, "episodes": episodes, "checkins": checkins}


def to_json(data: dict[str, list[dict[str, Any]]]) -> str:
    """The export as JSON, one record per line."""
    lines = ["{", f'  "format": "{FORMAT}",', f'  "version": {VERSION},']
    for index, section in enumerate(SECTIONS):
        records = data.get(section, [])
        body = ",\n".join("    " + json.dumps(record, ensure_ascii=False, sort_keys=True) for record in records)
        closing = "]" if index == len(SECTIONS) - 1 else "],"
        lines.append(f'  "{section}": [' + (f"\n{body}\n  {closing}" if records else closing))
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_csv(episodes: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for episode in episodes:
        row = dict(episode)
        row["triggers"] = ";".join(episode["triggers"])
        row["tried"] = ";".join(f"{item['id']}:{item['effect']}" for item in episode["tried"])
        writer.writerow({key: "" if row.get(key) is None else row[key] for key in CSV_FIELDS})
    return out.getvalue()


# --- reading files ------------------------------------------------------------------------------

Located = dict[str, list[tuple[int, Any]]]  # section → [(line number, record)]


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _expect(text: str, pos: int, char: str) -> int:
    pos = _skip(text, pos)
    if text[pos : pos + 1] != char:
        raise InputError(f"line {_line(text, pos)}: not valid JSON: expected {char!r}", field="FILE")
    return pos + 1


def _array(text: str, pos: int, decoder: json.JSONDecoder) -> tuple[list[tuple[int, Any]], int]:
    """The items of a JSON array starting at `pos`, each with the line it starts on."""
    pos = _expect(text, pos, "[")
    items: list[tuple[int, Any]] = []
    pos = _skip(text, pos)
    if text[pos : pos + 1] == "]":
        return items, pos + 1
    line, counted = _line(text, pos), pos  # count newlines incrementally: linear in the file size
    while True:
        pos = _skip(text, pos)
        line, counted = line + text.count("\n", counted, pos), pos
        value, end = decoder.raw_decode(text, pos)
        items.append((line, value))
        pos = _skip(text, end)
        if text[pos : pos + 1] == "]":
            return items, pos + 1
        pos = _expect(text, pos, ",")


def _check_layout(document: dict[str, Any]) -> None:
    """A version this code can read, and each section a list: otherwise say which field is wrong."""
    version = document.get("version", VERSION)
    if type(version) is not int or version != VERSION:
        raise InputError(f"unsupported export version {version!r}", field="version", valid=str(VERSION))
    for section in SECTIONS:
        value = document.get(section, [])
        if not isinstance(value, list):
            raise InputError(
                f"must be a list of records, not {JSON_TYPES.get(type(value), 'a value')}",
                field=section,
                valid="[{...}, {...}]",
            )


def parse_json(text: str) -> Located:
    """Records of a JSON export with their line numbers; broken JSON names its line."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})", field="FILE") from None
    except (RecursionError, ValueError):  # nesting deeper than Python parses, an integer too long to convert
        raise InputError("not a crampcare diary export (it cannot be read as one)", field="FILE") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f'not a crampcare diary export (expects "format": "{FORMAT}")', field="FILE")
    _check_layout(document)
    decoder, pos = json.JSONDecoder(), _expect(text, 0, "{")
    located: Located = {section: [] for section in SECTIONS}
    while True:
        key, pos = decoder.raw_decode(text, _skip(text, pos))
        pos = _expect(text, pos, ":")
        if key in SECTIONS:
            located[key], pos = _array(text, pos, decoder)
        else:
            _, pos = decoder.raw_decode(text, _skip(text, pos))
        pos = _skip(text, pos)
        if text[pos : pos + 1] == "}":
            return located
        pos = _expect(text, pos, ",")


def _csv_row(row: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {key: value for key, value in row.items() if key and value not in ("", None)}
    record["triggers"] = [t.strip() for t in row.get("triggers", "").split(";") if t.strip()]
    tried = []
    for part in (p.strip() for p in row.get("tried", "").split(";")):
        if part:
            name, _, effect = part.partition(":")
            tried.append({"id": name.strip(), "effect": effect.strip() or None})
    record["tried"] = tried
    return record


def parse_csv(text: str) -> Located:
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        name
        for name in ("started", "muscle", "side", "setting", "pain", "duration_minutes")
        if name not in (reader.fieldnames or [])
    ]
    if missing:
        raise InputError(f"line 1: the header lacks column {missing[0]!r}", field="FILE", valid=",".join(CSV_FIELDS))
    unknown = [name for name in reader.fieldnames or [] if name not in CSV_FIELDS]
    if unknown:
        raise InputError(f"line 1: unknown column {unknown[0]!r}", field="FILE", valid=",".join(CSV_FIELDS))
    episodes = [(reader.line_num, _csv_row(_whole_row(row, reader.line_num))) for row in reader]
    return {"profile_versions": [], "episodes": episodes, "checkins": []}


def _whole_row(row: dict[str | None, Any], line: int) -> dict[str, str]:
    """A row with exactly one value per header column; a short or long row (a stray comma, quote or line
    break) would otherwise shift or drop values silently."""
    columns = len([key for key in row if key is not None])
    if None in row:
        found = columns + len(row[None])
        raise InputError(f"line {line}: {found} value(s), but the header has {columns} columns", field="FILE")
    if any(value is None for value in row.values()):
        found = sum(value is not None for value in row.values())
        raise InputError(f"line {line}: {found} value(s), but the header has {columns} columns", field="FILE")
    return {str(key): str(value) for key, value in row.items()}


def read_file(path: str | Path) -> Located:
    from crampcare.inputfiles import read_text

    text = read_text(path, field="FILE")
    return parse_json(text) if text.lstrip().startswith(("{", "[")) else parse_csv(text)


# --- import ------------------------------------------------------------------------------------


def _saved_utc(record: dict[str, Any]) -> dt.datetime | None:
    """When an exported profile version was saved (naive UTC), or None when the record does not say."""
    value = record.get("saved_utc")
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            f"not a time: {value!r}", field="saved_utc", valid="ISO 8601 UTC such as 2024-05-01T08:00:00Z"
        ) from None
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _profile(record: dict[str, Any]) -> tuple[dict[str, Any], dt.datetime | None]:
    from crampcare.diary.service import check_profile

    return check_profile(record.get("profile", record), check_names=False), _saved_utc(record)


def _validated(
    located: Located,
) -> tuple[list[tuple[dict[str, Any], dt.datetime | None]], list[EpisodeIn], list[CheckinIn]]:
    """Every record checked before anything is written; the first problem names its line and field."""
    problems: list[InputError] = []

    def each(section: str, check: Callable[[Any], Any]) -> Iterator[Any]:
        for line, record in located[section]:
            try:
                if not isinstance(record, dict):
                    raise InputError("a record must be a JSON object")
                yield check(record)
            except InputError as exc:
                problems.append(InputError(f"line {line}: {exc.one_line()}", field=None))

    profiles = list(each("profile_versions", _profile))
    episodes = list(each("episodes", lambda r: validate(EpisodeIn, r)))
    checkins = list(each("checkins", lambda r: validate(CheckinIn, r)))
    if problems:
        more = f" (and {len(problems) - 1} more problem(s); nothing was imported)" if len(problems) > 1 else ""
        raise InputError(problems[0].message + (more or " (nothing was imported)"))
    return profiles, episodes, checkins


def import_file(path: str | Path, *, db_url: str | None = None, progress: Progress | None = None) -> dict[str, int]:
    """Import a JSON or CSV export in one transaction; returns counts of what was added and skipped."""
    profiles, episodes, checkins = _validated(read_file(path))
    with session_scope(db_url, write=True) as session:
        existing = {
            tuple(row) for row in session.execute(select(EpisodeRow.started_utc, EpisodeRow.muscle, EpisodeRow.side))
        }
        fresh = []
        for episode in episodes:
            key = (to_utc_naive(episode.started), episode.muscle, episode.side)
            if key not in existing:
                existing.add(key)
                fresh.append(episode)
        for start in range(0, len(fresh), BATCH):
            repo.add_episodes(session=session, episodes=fresh[start : start + BATCH])
            if progress:
                progress(min(start + BATCH, len(fresh)), len(fresh))
        repo.add_checkins(session=session, checkins=checkins)
        latest = repo.latest_profile(session=session)
        last = latest.data if latest else None
        added_profiles = 0
        for profile, saved_utc in profiles:
            if profile != last:
                repo.save_profile(session=session, data=profile, saved_utc=saved_utc)
                last, added_profiles = profile, added_profiles + 1
    return {
        "episodes": len(fresh),
        "skipped_duplicates": len(episodes) - len(fresh),
        "checkins": len(checkins),
        "profile_versions": added_profiles,
    }
