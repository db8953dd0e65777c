"""`crampcare diary …`: log cramps and daily check-ins, see patterns, make charts and the doctor report.

Thin: options are parsed here, the work happens in `crampcare.diary` and
`crampcare.reports` (imported inside each command so start-up stays fast).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from crampcare.errors import InputError

app = typer.Typer(
    help="The cramp diary: log episodes, see patterns, make a report.\n\nExample: crampcare diary log --muscle calf "
    "--side left --pain 6 --duration 3 --setting bed_night",
    no_args_is_help=True,
)
profile_app = typer.Typer(help="The assessment profile kept in the diary.\n\nExample: crampcare diary profile show")
app.add_typer(profile_app, name="profile")

Db = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: $CRAMPCARE_DATABASE_URL or a local SQLite file).")
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]
At = Annotated[str | None, typer.Option("--at", help="Start time, ISO 8601 or 'now'; without a zone, local time.")]
Muscle = Annotated[
    str | None, typer.Option("--muscle", help="calf, shin, foot, toes, hamstring, quadriceps, gluteal, whole_leg.")
]
Side = Annotated[str | None, typer.Option("--side", help="left, right or both.")]
Pain = Annotated[int | None, typer.Option("--pain", help="Pain 0–10.")]
Duration = Annotated[float | None, typer.Option("--duration", help="Duration in minutes.")]
Setting = Annotated[
    str | None, typer.Option("--setting", help="swimming, exercise, walking_standing, sitting, bed_night, other.")
]
Sleep = Annotated[int | None, typer.Option("--sleep", help="Sleep disturbance 0–10.")]
Triggers = Annotated[
    list[str] | None, typer.Option("--trigger", help="Suspected trigger (repeatable); see `diary stats`.")
]
TriedIds = Annotated[
    list[str] | None, typer.Option("--tried", help="Knowledge-base intervention id tried (repeatable).")
]
Effects = Annotated[
    list[int] | None, typer.Option("--effect", help="Effect of the matching --tried, 0 none – 3 fully.")
]
Note = Annotated[str | None, typer.Option("--note", help="Free text.")]


# The core names an entry's fields; a person typed options: errors are re-raised under the option's name.
EPISODE_OPTIONS = {
    "started": "--at",
    "muscle": "--muscle",
    "side": "--side",
    "pain": "--pain",
    "duration_minutes": "--duration",
    "setting": "--setting",
    "sleep_disturbance": "--sleep",
    "triggers": "--trigger",
    "note": "--note",
}
CHECKIN_OPTIONS = {
    "day": "--day",
    "water_litres": "--water",
    "caffeine_cups": "--caffeine",
    "alcohol_units": "--alcohol",
    "exercise": "--exercise",
    "unusual_exercise": "--unusual",
    "tight_shoes": "--tight-shoes",
    "heat": "--heat",
    "medicines": "--medicine",
    "note": "--note",
}


def _option_for(field: str, options: dict[str, str]) -> str | None:
    """The option that sets `field` ("tried.0.effect" → "--effect"), or None when no option does."""
    head, _, rest = field.partition(".")
    if head == "tried" and options is EPISODE_OPTIONS:
        return "--effect" if rest.endswith("effect") else "--tried"
    return options.get(head)


@contextmanager
def _options(options: dict[str, str]) -> Iterator[None]:
    """Name the option in the core's field errors: "--muscle: unknown muscle 'arm'", not "muscle: …"."""
    try:
        yield
    except InputError as exc:
        option = _option_for(exc.field, options) if exc.field else None
        if option is None or type(exc) is not InputError:  # not-found and name errors keep their own class
            raise
        raise InputError(exc.message, field=option, valid=exc.valid) from None


def _echo(text: str) -> None:
    typer.echo(text)


def _print_json(value: Any) -> None:
    from crampcare.cli.output import print_json

    print_json(value)


def _tried(ids: list[str] | None, effects: list[int] | None) -> list[dict[str, Any]] | None:
    ids, effects = ids or [], effects or []
    if len(ids) != len(effects):
        raise InputError("give one --effect (0–3) for each --tried", field="--effect")
    return [{"id": i, "effect": e} for i, e in zip(ids, effects, strict=True)] or None


def _db(db: str | None, *, must_exist: bool = True) -> str:
    """The diary URL a command opens; commands that only read or change entries never create an empty diary."""
    from crampcare.diary.db import cli_url

    return cli_url(db, must_exist=must_exist)


def _check_out(out: Path, url: str) -> None:
    """Refuse an --out that is the diary's own file or already exists (nothing is ever overwritten)."""
    from crampcare.diary.outfile import check_out

    check_out(out, url)


def _zone_notice() -> None:
    """Say so when $TZ is unknown and local time is used anyway (read as UTC by the system)."""
    from crampcare.diary.timeutil import zone_notice

    notice = zone_notice()
    if notice:
        typer.echo(notice, err=True)


def _time(at: str) -> tuple[dt.datetime, str | None]:
    from crampcare.diary.timeutil import parse_time, zone_label

    moment, assumed = parse_time(at)
    if assumed or at.strip().lower() == "now":
        _zone_notice()
    return moment, (f"no time zone given: read as local time ({zone_label(moment)})" if assumed else None)


MAX_LIMIT = 10_000  # as the API's ?limit=


def _episode_fields(**given: Any) -> dict[str, Any]:
    """The options a person gave, under the episode's field names."""
    names = {"duration": "duration_minutes", "sleep": "sleep_disturbance", "trigger": "triggers"}
    return {names.get(key, key): value for key, value in given.items() if value is not None}


def _interactive() -> dict[str, Any]:
    from rich.prompt import IntPrompt, Prompt

    from crampcare.knowledge.vocab import EPISODE_SETTINGS, MUSCLES

    return {
        "at": Prompt.ask("When did it start", default="now"),
        "muscle": Prompt.ask("Which muscle", choices=list(MUSCLES), default="calf"),
        "side": Prompt.ask("Which side", choices=["left", "right", "both"]),
        "setting": Prompt.ask("Where were you", choices=list(EPISODE_SETTINGS), default="bed_night"),
        "pain": IntPrompt.ask("Pain 0–10", default=5),
        "duration": float(Prompt.ask("Minutes it lasted", default="2")),
        "sleep": IntPrompt.ask("Sleep disturbance 0–10", default=0),
    }


def _summary(episode: dict[str, Any]) -> str:
    return (
        f"#{episode['id']} {episode['started']} (diary day {episode['diary_day']}) {episode['muscle']} "
        f"{episode['side']}, {episode['setting']}, pain {episode['pain']}/10, {episode['duration_minutes']:g} min"
    )


@app.command()
def log(
    at: At = None,
    muscle: Muscle = None,
    side: Side = None,
    pain: Pain = None,
    duration: Duration = None,
    setting: Setting = None,
    sleep: Sleep = None,
    trigger: Triggers = None,
    tried: TriedIds = None,
    effect: Effects = None,
    note: Note = None,
    db: Db = None,
) -> None:
    """Log a cramp. Without options on a terminal, asks step by step ("now" is the default time).

    Example: crampcare diary log --muscle calf --side left --pain 7 --duration 3 --setting bed_night
    """
    from crampcare.diary import service

    given = _episode_fields(muscle=muscle, side=side, pain=pain, duration=duration, setting=setting, sleep=sleep)
    if not given and at is None and sys.stdin.isatty():
        answers = _interactive()
        at = answers.pop("at")
        given = _episode_fields(**answers)
    for required in ("muscle", "side", "pain", "duration_minutes", "setting"):
        if required not in given:
            option = "--duration" if required == "duration_minutes" else f"--{required}"
            raise InputError("is required", field=option)
    url = _db(db, must_exist=False)
    started, notice = _time("now" if at is None else at)  # an empty --at is an error, not "now"
    data = given | _episode_fields(trigger=trigger, note=note, tried=_tried(tried, effect)) | {"started": started}
    with _options(EPISODE_OPTIONS):
        episode = service.log_episode(data, db_url=url)
    _echo(f"Logged {_summary(episode)}")
    if notice:
        _echo(notice)


@app.command("list")
def list_(
    json: Json = False,
    limit: Annotated[int, typer.Option(help=f"At most this many (1–{MAX_LIMIT}), newest first.")] = 50,
    db: Db = None,
) -> None:
    """List episodes, newest first.

    Example: crampcare diary list --limit 10
    """
    from crampcare.diary import service

    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"must be a whole number from 1 to {MAX_LIMIT} (got {limit})", field="--limit")
    episodes = service.list_episodes(db_url=_db(db), limit=limit)
    if json:
        _print_json(episodes)
        return
    if not episodes:
        _echo("No episodes yet. Log one: crampcare diary log")
    for episode in episodes:
        _echo(_summary(episode))


@app.command()
def show(episode_id: Annotated[int, typer.Argument(metavar="ID")], json: Json = False, db: Db = None) -> None:
    """Show one episode.

    Example: crampcare diary show 12
    """
    from crampcare.diary import service

    episode = service.get_episode(episode_id, db_url=_db(db))
    if json:
        _print_json(episode)
        return
    _echo(_summary(episode))
    for key in ("sleep_disturbance", "triggers", "trigger_note", "tried", "note"):
        if episode[key] not in (None, "", []):
            _echo(f"  {key.replace('_', ' ')}: {episode[key]}")


@app.command()
def edit(
    episode_id: Annotated[int, typer.Argument(metavar="ID")],
    at: At = None,
    muscle: Muscle = None,
    side: Side = None,
    pain: Pain = None,
    duration: Duration = None,
    setting: Setting = None,
    sleep: Sleep = None,
    trigger: Triggers = None,
    tried: TriedIds = None,
    effect: Effects = None,
    note: Note = None,
    db: Db = None,
) -> None:
    """Change fields of an episode (the previous version is kept in the history).

    Example: crampcare diary edit 12 --pain 5 --note "eased after stretching"
    """
    from crampcare.diary import service

    changes = _episode_fields(muscle=muscle, side=side, pain=pain, duration=duration, setting=setting, sleep=sleep)
    changes |= _episode_fields(trigger=trigger, note=note, tried=_tried(tried, effect))
    if at is not None:
        changes["started"] = _time(at)[0]
    if not changes:
        raise InputError("nothing to change", field="options", valid="--at, --muscle, --side, --pain, …")
    with _options(EPISODE_OPTIONS):
        edited = service.edit_episode(episode_id, changes, db_url=_db(db))
    _echo(f"Updated {_summary(edited)}")


@app.command()
def delete(episode_id: Annotated[int, typer.Argument(metavar="ID")], db: Db = None) -> None:
    """Delete an episode (a copy stays in the history table).

    Example: crampcare diary delete 12
    """
    from crampcare.diary import service

    service.delete_episode(episode_id, db_url=_db(db))
    _echo(f"Deleted episode #{episode_id} (a copy is kept in the diary's history).")


@app.command()
def checkin(
    day: Annotated[str | None, typer.Option(help="The day, YYYY-MM-DD (default: today).")] = None,
    water: Annotated[float | None, typer.Option(help="Water, litres.")] = None,
    caffeine: Annotated[float | None, typer.Option(help="Caffeinated drinks, cups.")] = None,
    alcohol: Annotated[float | None, typer.Option(help="Alcohol, units.")] = None,
    exercise: Annotated[str | None, typer.Option(help="none, moderate or intense.")] = None,
    unusual: Annotated[bool | None, typer.Option("--unusual/--no-unusual", help="Unusual exercise.")] = None,
    tight_shoes: Annotated[bool | None, typer.Option("--tight-shoes/--no-tight-shoes")] = None,
    heat: Annotated[bool | None, typer.Option("--heat/--no-heat", help="A hot day.")] = None,
    medicine: Annotated[list[str] | None, typer.Option(help="Medicine taken (repeatable).")] = None,
    note: Note = None,
    delete: Annotated[bool, typer.Option("--delete", help="Delete the check-in of --day instead.")] = False,
    db: Db = None,
) -> None:
    """Record a day (cramp-free days count too). Saving a day again replaces it, keeping the old one.

    Example: crampcare diary checkin --water 1.5 --caffeine 2 --alcohol 0 --exercise moderate --heat
    Example: crampcare diary checkin --delete --day 2024-05-01
    """
    from crampcare.diary import service

    values = (water, caffeine, alcohol, exercise, unusual, tight_shoes, heat, medicine, note)
    if day is not None and not day.strip():  # an empty --day is a mistake, not "today"
        raise InputError("is empty", field="--day", valid="YYYY-MM-DD, e.g. 2024-05-01 (leave --day out for today)")
    if delete:
        if day is None:
            raise InputError("--delete needs the day to delete", field="--day", valid="YYYY-MM-DD, e.g. 2024-05-01")
        if any(value is not None for value in values):
            raise InputError("--delete takes no check-in values", field="--delete", valid="only --day (and --db)")
        with _options(CHECKIN_OPTIONS):
            removed = service.delete_checkin(day, db_url=_db(db))
        _echo(f"Deleted the check-in for {removed['day']} (a copy is kept in the diary's history).")
        return
    url = _db(db, must_exist=False)
    if day is None:
        _zone_notice()
    data = {
        "day": day if day is not None else service.today_local().isoformat(),
        "water_litres": water,
        "caffeine_cups": caffeine,
        "alcohol_units": alcohol,
        "exercise": exercise,
        "unusual_exercise": unusual,
        "tight_shoes": tight_shoes,
        "heat": heat,
        "medicines": medicine or [],
        "note": note or "",
    }
    with _options(CHECKIN_OPTIONS):
        saved = service.save_checkin(data, db_url=url)
    _echo(f"Saved the check-in for {saved['day']}.")


@app.command()
def stats(json: Json = False, db: Db = None) -> None:
    """Patterns: frequency and trend, night share, muscles, triggers with their uncertainty, what helped.

    Example: crampcare diary stats --json
    """
    from crampcare.diary import service

    result = service.stats(db_url=_db(db))
    if json:
        _print_json(result)
        return
    from crampcare.diary.text import stats_lines

    for line in stats_lines(result):
        _echo(line)


@app.command()
def chart(
    kind: Annotated[str, typer.Option(help="frequency, time-of-day, muscles or severity.")],
    out: Annotated[Path, typer.Option(help="A new output file, .png or .svg (an existing file is never replaced).")],
    db: Db = None,
) -> None:
    """Draw a chart of the diary.

    Example: crampcare diary chart --kind frequency --out cramps.png
    """
    from crampcare.diary import charts, service

    if kind not in charts.KINDS:
        raise InputError(f"unknown chart {kind!r}", field="--kind", valid=", ".join(charts.KINDS))
    if out.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"unsupported file type {out.suffix or '(none)'!r}", field="--out", valid=".png or .svg")
    url = _db(db)
    _check_out(out, url)
    _echo(f"Wrote {charts.save(kind, service.stats(db_url=url), out)}")


@app.command()
def report(
    out: Annotated[Path, typer.Option(help="A new output file, .html or .pdf (an existing file is never replaced).")],
    db: Db = None,
) -> None:
    """Write the one-page doctor report (profile, medicines, 30/90-day figures, charts, questions).

    Example: crampcare diary report --out cramp-report.pdf
    """
    from crampcare.reports.doctor import write_report

    if out.suffix.lower() not in (".html", ".pdf"):  # before the diary is opened: the file name is the mistake
        raise InputError(f"unsupported file type {out.suffix or '(none)'!r}", field="--out", valid=".html or .pdf")
    url = _db(db)
    _check_out(out, url)
    notes = write_report(out, db_url=url)
    _echo(f"Wrote {out}")
    for note in notes:
        _echo(f"note: {note}")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="csv (episodes) or json (everything).")] = "json",
    out: Annotated[
        Path | None,
        typer.Option(help="A new output file; an existing one is never replaced (default: standard output)."),
    ] = None,
    db: Db = None,
) -> None:
    """Export the diary.

    Example: crampcare diary export --format json --out diary.json
    """
    from crampcare.diary import importexport

    if format not in ("csv", "json"):
        raise InputError(f"unknown format {format!r}", field="--format", valid="csv, json")
    url = _db(db)
    if out is not None:
        _check_out(out, url)  # before the export: a refused file name costs nothing
    data = importexport.export_data(db_url=url)
    text = importexport.to_json(data) if format == "json" else importexport.to_csv(data["episodes"])
    if out is None:
        sys.stdout.write(text)
        return
    from crampcare.diary.outfile import write_new

    write_new(out, text.encode("utf-8"), url)
    _echo(f"Wrote {len(data['episodes'])} episode(s) to {out}")


@app.command("import")
def import_(file: Annotated[str, typer.Argument(metavar="FILE", help="A JSON or CSV export.")], db: Db = None) -> None:
    """Import a JSON or CSV export, all or nothing (errors name the line and the field).

    Example: crampcare diary import diary.json
    """
    from rich.progress import Progress

    from crampcare.diary import importexport

    url = _db(db, must_exist=False)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("Importing", total=None)
        result = importexport.import_file(
            file, db_url=url, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    for line in _import_lines(result):
        _echo(line)


def _import_lines(result: dict[str, Any]) -> list[str]:
    """What an import did, and every day whose stored check-in was kept over the file's."""
    lines = [
        f"Imported {result['episodes']} episode(s), {result['checkins']} check-in(s), "
        f"{result['profile_versions']} profile version(s); skipped {result['skipped_duplicates']} episode(s) and "
        f"{result['checkins_identical']} check-in(s) identical to ones already in the diary."
    ]
    conflicts: list[str] = result["checkin_conflicts"]
    if conflicts:
        shown = ", ".join(conflicts[:10]) + (f" and {len(conflicts) - 10} more" if len(conflicts) > 10 else "")
        lines.append(
            f"Kept your existing check-in for {shown} (the file's differs). To take the file's instead, delete "
            f"yours first (crampcare diary checkin --delete --day {conflicts[0]}) and import again."
        )
    return lines


@app.command()
def backup(
    out: Annotated[
        Path | None, typer.Option(help="A new backup file (default: next to the diary, timestamped).")
    ] = None,
    db: Db = None,
) -> None:
    """Write a consistent copy of the SQLite diary (for PostgreSQL use pg_dump or `export --format json`).

    Example: crampcare diary backup --out ~/diary-backup.db
    """
    from crampcare.diary.backup import backup_sqlite

    _echo(f"Backed up to {backup_sqlite(_db(db), out)}")


@app.command()
def wipe(
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: delete every entry.")] = False, db: Db = None
) -> None:
    """Delete everything in the diary: episodes, check-ins, stored profile versions and the edit history
    (a SQLite diary is backed up first).

    Example: crampcare diary wipe --yes
    """
    from crampcare.diary import service
    from crampcare.diary.backup import backup_before_wipe

    if not yes:
        raise InputError(
            "refusing to delete the diary (episodes, check-ins, stored profile versions, history) without confirmation",
            field="--yes",
            valid="add --yes",
        )
    url = _db(db)
    saved = backup_before_wipe(url)
    removed = service.wipe(db_url=url)
    _echo(
        f"Wiped the diary ({removed['episodes']} episode(s), {removed['checkins']} check-in(s), "
        f"{removed['profile_versions']} stored profile version(s), {removed['history']} history record(s))."
    )
    if saved:
        _echo(f"A backup taken just before is at {saved}")


@profile_app.command("set")
def profile_set(
    file: Annotated[str, typer.Argument(metavar="FILE", help="An assessment profile JSON file.")], db: Db = None
) -> None:
    """Store the assessment profile (a new version; older versions are kept).

    Example: crampcare diary profile set profile.json
    """
    from crampcare.diary import service

    saved = service.save_profile(service.load_profile_file(file), db_url=_db(db, must_exist=False))
    _echo(f"Stored profile version {saved['version']}.")


@profile_app.command("show")
def profile_show(json: Json = False, db: Db = None) -> None:
    """Show the stored assessment profile.

    Example: crampcare diary profile show --json
    """
    from crampcare.diary import service

    stored = service.current_profile(db_url=_db(db))
    if stored is None:
        raise InputError(
            "no profile stored", field="profile", valid="store one with `crampcare diary profile set FILE`"
        )
    if json:
        _print_json(stored["profile"])
        return
    _echo(f"Profile version {stored['version']}, saved {stored['saved_utc']}:")
    _print_json(stored["profile"])
