"""`crampcare diary …`: log cramps and daily check-ins, see patterns, make charts and the doctor report.

Thin: options are parsed here, the work happens in `crampcare.diary` and
`crampcare.reports` (imported inside each command so start-up stays fast).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from crampcare.cli.diary_lines import import_lines, shown, wiped_line
from crampcare.cli.diary_options import (
    CHECKIN_OPTIONS,
    EPISODE_OPTIONS,
    MAX_LIMIT,
    At,
    Db,
    Duration,
    Effects,
    Helper,
    Json,
    Muscle,
    Note,
    Pain,
    Setting,
    Side,
    Sleep,
    Swelling,
    TriedIds,
    Triggers,
    Weakness,
    ask_episode,
    diary_url,
    echo,
    episode_fields,
    named_options,
    parse_at,
    refuse_bad_out,
    say_zone_notice,
    show_json,
    tried_list,
    typed_number,
)
from crampcare.cli.help_i18n import TranslatedGroup
from crampcare.diary.text import day_text, moment_text
from crampcare.errors import InputError
from crampcare.i18n import N_, Labels, _, format_number, ngettext

if TYPE_CHECKING:
    from crampcare.assessment.episode_advice import EpisodeAdvice

app = typer.Typer(
    cls=TranslatedGroup,
    help=N_(
        "The cramp diary: log episodes, see patterns, make a report.\n\nExample: crampcare diary log --muscle calf "
        "--side left --pain 6 --duration 3 --setting bed_night"
    ),
    no_args_is_help=True,
)
SHOW_FIELDS = Labels(
    {
        "sleep_disturbance": N_("sleep disturbance"),
        "triggers": N_("triggers"),
        "trigger_note": N_("trigger note"),
        "tried": N_("tried"),
        "note": N_("note"),
    }
)
profile_app = typer.Typer(
    cls=TranslatedGroup, help=N_("The assessment profile kept in the diary.\n\nExample: crampcare diary profile show")
)
app.add_typer(profile_app, name="profile")


def _summary(episode: dict[str, Any]) -> str:
    from crampcare.labels import MUSCLE_LABELS, SETTING_LABELS, SIDE_LABELS

    def said(labels: Any, value: str) -> str:
        return str(labels[value]).lower() if value in labels else value

    return _(
        "#%(id)s %(started)s (diary day %(day)s) %(muscle)s, %(side)s, %(setting)s, pain %(pain)s/10, %(minutes)s min"
    ) % {
        "id": episode["id"],
        "started": moment_text(episode["started"]),
        "day": day_text(episode["diary_day"]),
        "muscle": said(MUSCLE_LABELS, episode["muscle"]),
        "side": said(SIDE_LABELS, episode["side"]),
        "setting": said(SETTING_LABELS, episode["setting"]),
        "pain": episode["pain"],
        "minutes": format_number(episode["duration_minutes"], digits=1),
    }


@app.command(
    help=N_(
        'Log a cramp. Without options on a terminal, asks step by step ("now" is the default time).\n'
        "\n"
        "Example: crampcare diary log --muscle calf --side left --pain 7 --duration 3 --setting bed_night"
    )
)
def log(
    at: At = None,
    muscle: Muscle = None,
    side: Side = None,
    pain: Pain = None,
    duration: Duration = None,
    setting: Setting = None,
    sleep: Sleep = None,
    helper: Helper = None,
    swelling: Swelling = None,
    weakness: Weakness = None,
    trigger: Triggers = None,
    tried: TriedIds = None,
    effect: Effects = None,
    note: Note = None,
    db: Db = None,
) -> None:
    from crampcare.diary import service

    given = episode_fields(muscle=muscle, side=side, pain=pain, duration=duration, setting=setting, sleep=sleep)
    if not given and at is None and sys.stdin.isatty():
        answers = ask_episode()
        at = answers.pop("at")
        given = episode_fields(**answers)
    for required in ("muscle", "side", "pain", "duration_minutes", "setting"):
        if required not in given:
            option = "--duration" if required == "duration_minutes" else f"--{required}"
            raise InputError(_("is required"), field=option)
    url = diary_url(db, must_exist=False)
    started, notice = parse_at("now" if at is None else at)  # an empty --at is an error, not "now"
    extra = episode_fields(trigger=trigger, note=note, tried=tried_list(tried, effect), helper=helper)
    extra |= episode_fields(swelling=swelling, weakness=weakness)
    data = given | extra | {"started": started}
    with named_options(EPISODE_OPTIONS):
        episode = service.log_episode(data, db_url=url)
    echo(_("Logged %(episode)s") % {"episode": _summary(episode)})
    if notice:
        echo(notice)
    _echo_advice(service.advice_for(episode, db_url=url))


def _echo_advice(advice: EpisodeAdvice) -> None:
    """A logged cramp that meets a red-flag rule says so at once: the action first, then why."""
    from crampcare.cli.assess_view import LEVEL_TITLE

    for flag in advice.flags:
        echo(f"{LEVEL_TITLE[flag.level]}. {flag.title}: {flag.action}")
        echo("  " + _("Why: %(reason)s") % {"reason": flag.reason})
    for reason in advice.set_aside:
        echo(_("Note: %(text)s") % {"text": reason})
    if advice.flags and not advice.profile_used:
        echo("  " + _("(Judged as for an adult: no profile is stored in this diary.)"))


@app.command("list", help=N_("List episodes, newest first.\n\nExample: crampcare diary list --limit 10"))
def list_(
    json: Json = False,
    limit: Annotated[int, typer.Option(help=N_("At most this many (1–10000), newest first."))] = 50,  # 10000: MAX_LIMIT
    db: Db = None,
) -> None:
    from crampcare.diary import service

    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(
            _("must be a whole number from 1 to %(max)s (got %(got)s)") % {"max": MAX_LIMIT, "got": limit},
            field="--limit",
        )
    episodes = service.list_episodes(db_url=diary_url(db), limit=limit)
    if json:
        show_json(episodes)
        return
    if not episodes:
        echo(_("No episodes yet. Log one: crampcare diary log"))
    for episode in episodes:
        echo(_summary(episode))


@app.command(help=N_("Show one episode.\n\nExample: crampcare diary show 12"))
def show(episode_id: Annotated[int, typer.Argument(metavar="ID")], json: Json = False, db: Db = None) -> None:
    from crampcare.diary import service

    episode = service.get_episode(episode_id, db_url=diary_url(db))
    if json:
        show_json(episode)
        return
    echo(_summary(episode))
    for key, title in SHOW_FIELDS.items():
        if episode[key] not in (None, "", []):
            echo(f"  {title}: {shown(key, episode[key])}")


@app.command(
    help=N_(
        "Change fields of an episode (the previous version is kept in the history).\n"
        "\n"
        'Example: crampcare diary edit 12 --pain 5 --note "eased after stretching"'
    )
)
def edit(
    episode_id: Annotated[int, typer.Argument(metavar="ID")],
    at: At = None,
    muscle: Muscle = None,
    side: Side = None,
    pain: Pain = None,
    duration: Duration = None,
    setting: Setting = None,
    sleep: Sleep = None,
    helper: Helper = None,
    swelling: Swelling = None,
    weakness: Weakness = None,
    trigger: Triggers = None,
    tried: TriedIds = None,
    effect: Effects = None,
    note: Note = None,
    db: Db = None,
) -> None:
    from crampcare.diary import service

    changes = episode_fields(muscle=muscle, side=side, pain=pain, duration=duration, setting=setting, sleep=sleep)
    changes |= episode_fields(trigger=trigger, note=note, tried=tried_list(tried, effect), helper=helper)
    changes |= episode_fields(swelling=swelling, weakness=weakness)
    if at is not None:
        changes["started"] = parse_at(at)[0]
    if not changes:
        raise InputError(_("nothing to change"), field="options", valid="--at, --muscle, --side, --pain, …")
    with named_options(EPISODE_OPTIONS):
        edited = service.edit_episode(episode_id, changes, db_url=diary_url(db))
    echo(_("Updated %(episode)s") % {"episode": _summary(edited)})
    _echo_advice(service.advice_for(edited, db_url=diary_url(db)))


@app.command(help=N_("Delete an episode (a copy stays in the history table).\n\nExample: crampcare diary delete 12"))
def delete(episode_id: Annotated[int, typer.Argument(metavar="ID")], db: Db = None) -> None:
    from crampcare.diary import service

    service.delete_episode(episode_id, db_url=diary_url(db))
    echo(_("Deleted episode #%(id)s (a copy is kept in the diary's history).") % {"id": episode_id})


@app.command(
    help=N_(
        "Record a day (cramp-free days count too). Saving a day again replaces it, keeping the old one.\n"
        "\n"
        "Example: crampcare diary checkin --water 1.5 --caffeine 2 --alcohol 0 --exercise moderate --heat\n"
        "Example: crampcare diary checkin --delete --day 2024-05-01"
    )
)
def checkin(
    day: Annotated[str | None, typer.Option(help=N_("The day, YYYY-MM-DD (default: today)."))] = None,
    water: Annotated[float | None, typer.Option(help=N_("Water, litres."), parser=typed_number)] = None,
    caffeine: Annotated[float | None, typer.Option(help=N_("Caffeinated drinks, cups."), parser=typed_number)] = None,
    alcohol: Annotated[float | None, typer.Option(help=N_("Alcohol, units."), parser=typed_number)] = None,
    exercise: Annotated[str | None, typer.Option(help=N_("none, moderate or intense."))] = None,
    unusual: Annotated[bool | None, typer.Option("--unusual/--no-unusual", help=N_("Unusual exercise."))] = None,
    tight_shoes: Annotated[
        bool | None, typer.Option("--tight-shoes/--no-tight-shoes", help=N_("Tight or high-heeled shoes that day."))
    ] = None,
    heat: Annotated[bool | None, typer.Option("--heat/--no-heat", help=N_("A hot day."))] = None,
    medicine: Annotated[list[str] | None, typer.Option(help=N_("Medicine taken (repeatable)."))] = None,
    note: Note = None,
    delete: Annotated[bool, typer.Option("--delete", help=N_("Delete the check-in of --day instead."))] = False,
    db: Db = None,
) -> None:
    from crampcare.diary import service

    values = (water, caffeine, alcohol, exercise, unusual, tight_shoes, heat, medicine, note)
    if day is not None and not day.strip():  # an empty --day is a mistake, not "today"
        raise InputError(
            _("is empty"), field="--day", valid=_("YYYY-MM-DD, e.g. 2024-05-01 (leave --day out for today)")
        )
    if delete:
        if day is None:
            raise InputError(
                _("--delete needs the day to delete"), field="--day", valid=_("YYYY-MM-DD, e.g. 2024-05-01")
            )
        if any(value is not None for value in values):
            raise InputError(_("--delete takes no check-in values"), field="--delete", valid=_("only --day (and --db)"))
        with named_options(CHECKIN_OPTIONS):
            removed = service.delete_checkin(day, db_url=diary_url(db))
        deleted = _("Deleted the check-in for %(day)s (a copy is kept in the diary's history).")
        echo(deleted % {"day": day_text(removed["day"])})
        return
    url = diary_url(db, must_exist=False)
    if day is None:
        say_zone_notice()
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
    with named_options(CHECKIN_OPTIONS):
        saved = service.save_checkin(data, db_url=url)
    echo(_("Saved the check-in for %(day)s.") % {"day": day_text(saved["day"])})


@app.command(
    help=N_(
        "Patterns: frequency and trend, night share, muscles, triggers with their uncertainty, what helped.\n"
        "\n"
        "Example: crampcare diary stats --json"
    )
)
def stats(json: Json = False, db: Db = None) -> None:
    from crampcare.diary import service

    result = service.stats(db_url=diary_url(db))
    if json:
        show_json(result)
        return
    from crampcare.diary.text import stats_lines
    from crampcare.i18n import current
    from crampcare.knowledge.language import knowledge_in, language

    names = {i.id: i.name for i in knowledge_in(language(current())).interventions.values()}
    for line in stats_lines(result, names):
        echo(line)


@app.command(help=N_("Draw a chart of the diary.\n\nExample: crampcare diary chart --kind frequency --out cramps.png"))
def chart(
    kind: Annotated[str, typer.Option(help=N_("frequency, time-of-day, muscles or severity."))],
    out: Annotated[
        Path, typer.Option(help=N_("A new output file, .png or .svg (an existing file is never replaced)."))
    ],
    db: Db = None,
) -> None:
    from crampcare.diary import charts, service

    if kind not in charts.KINDS:
        raise InputError(
            _("unknown chart %(kind)s") % {"kind": repr(kind)}, field="--kind", valid=", ".join(charts.KINDS)
        )
    if out.suffix.lower() not in (".png", ".svg"):
        raise InputError(_unsupported(out), field="--out", valid=_(".png or .svg"))
    url = diary_url(db)
    refuse_bad_out(out, url)
    echo(_("Wrote %(file)s") % {"file": charts.save(kind, service.stats(db_url=url), out, url)})


@app.command(
    help=N_(
        "Write the one-page doctor report (profile, medicines, 30/90-day figures, charts, questions).\n"
        "\n"
        "Example: crampcare diary report --out cramp-report.pdf"
    )
)
def report(
    out: Annotated[
        Path, typer.Option(help=N_("A new output file, .html or .pdf (an existing file is never replaced)."))
    ],
    db: Db = None,
) -> None:
    from crampcare.reports.doctor import write_report

    if out.suffix.lower() not in (".html", ".pdf"):  # before the diary is opened: the file name is the mistake
        raise InputError(_unsupported(out), field="--out", valid=_(".html or .pdf"))
    url = diary_url(db)
    refuse_bad_out(out, url)
    notes = write_report(out, db_url=url)
    echo(_("Wrote %(file)s") % {"file": out})
    for note in notes:
        echo(_("Note: %(text)s") % {"text": note})


def _unsupported(out: Path) -> str:
    return _("unsupported file type %(suffix)s") % {"suffix": repr(out.suffix) if out.suffix else _("(none)")}


@app.command(help=N_("Export the diary.\n\nExample: crampcare diary export --format json --out diary.json"))
def export(
    format: Annotated[
        str, typer.Option("--format", help=N_("csv (episodes), json (everything) or fhir (a FHIR R4 Bundle)."))
    ] = "json",
    out: Annotated[
        Path | None,
        typer.Option(help=N_("A new output file; an existing one is never replaced (default: standard output).")),
    ] = None,
    db: Db = None,
) -> None:
    from crampcare.diary import importexport

    if format not in ("csv", "json", "fhir"):
        raise InputError(
            _("unknown format %(format)s") % {"format": repr(format)}, field="--format", valid="csv, json, fhir"
        )
    url = diary_url(db)
    if out is not None:
        refuse_bad_out(out, url)  # before the export: a refused file name costs nothing
    data = importexport.export_data(db_url=url)
    if format == "fhir":
        import json

        from crampcare.fhir.outbound import diary_bundle

        text = json.dumps(diary_bundle(data), ensure_ascii=False, indent=1) + "\n"
    else:
        text = importexport.to_json(data) if format == "json" else importexport.to_csv(data["episodes"])
    if out is None:
        sys.stdout.write(text)
        return
    from crampcare.diary.outfile import write_new

    write_new(out, text.encode("utf-8"), url)
    count = len(data["episodes"])
    # English keeps "episode(s)" (scripts read it); the catalogue gives each language its own plural forms.
    wrote = ngettext("Wrote %(num)s episode(s) to %(file)s", "Wrote %(num)s episode(s) to %(file)s", count)
    echo(wrote % {"num": count, "file": out})
    if format == "csv" and (data["checkins"] or data["profile_versions"] or data["experiments"]):
        echo(_("A CSV holds episodes only: check-ins, profile versions and experiments are in --format json."))


@app.command(
    "import",
    help=N_(
        "Import a JSON or CSV export, all or nothing (errors name the line and the field).\n"
        "\n"
        "Example: crampcare diary import diary.json"
    ),
)
def import_(
    file: Annotated[str, typer.Argument(metavar="FILE", help=N_("A JSON or CSV export."))], db: Db = None
) -> None:
    from rich.progress import Progress

    from crampcare.diary import importexport

    url = diary_url(db, must_exist=False)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(_("Importing"), total=None)
        result = importexport.import_file(
            file, db_url=url, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    for line in import_lines(result):
        echo(line)


@app.command(
    help=N_(
        "Write a consistent copy of the SQLite diary (for PostgreSQL use pg_dump or `export --format json`).\n"
        "\n"
        "Example: crampcare diary backup --out ~/diary-backup.db"
    )
)
def backup(
    out: Annotated[
        Path | None, typer.Option(help=N_("A new backup file (default: next to the diary, timestamped)."))
    ] = None,
    db: Db = None,
) -> None:
    from crampcare.diary.backup import backup_sqlite

    echo(_("Backed up to %(file)s") % {"file": backup_sqlite(diary_url(db), out)})


@app.command(
    help=N_(
        "Delete everything in the diary: episodes, check-ins, stored profile versions, experiments and the edit "
        "history\n"
        "(a SQLite diary is backed up first).\n"
        "\n"
        "Example: crampcare diary wipe --yes"
    )
)
def wipe(
    yes: Annotated[bool, typer.Option("--yes", help=N_("Confirm: delete every entry."))] = False, db: Db = None
) -> None:
    from crampcare.diary import service
    from crampcare.diary.backup import backup_before_wipe

    if not yes:
        raise InputError(
            _(
                "refusing to delete the diary (episodes, check-ins, stored profile versions, history) without "
                "confirmation"
            ),
            field="--yes",
            valid=_("add --yes"),
        )
    url = diary_url(db)
    saved = backup_before_wipe(url)
    removed = service.wipe(db_url=url)
    echo(wiped_line(removed))
    if saved:
        echo(_("A backup taken just before is at %(file)s") % {"file": saved})


@profile_app.command(
    "set",
    help=N_(
        "Store the assessment profile (a new version; older versions are kept).\n"
        "\n"
        "Example: crampcare diary profile set profile.json"
    ),
)
def profile_set(
    file: Annotated[str, typer.Argument(metavar="FILE", help=N_("An assessment profile JSON file."))], db: Db = None
) -> None:
    from crampcare.diary import service

    saved = service.save_profile(service.load_profile_file(file), db_url=diary_url(db, must_exist=False))
    echo(_("Stored profile version %(version)s.") % {"version": saved["version"]})


@profile_app.command(
    "show", help=N_("Show the stored assessment profile.\n\nExample: crampcare diary profile show --json")
)
def profile_show(json: Json = False, db: Db = None) -> None:
    from crampcare.diary import service

    stored = service.current_profile(db_url=diary_url(db))
    if stored is None:
        raise InputError(
            _("no profile stored"), field="profile", valid=_("store one with `crampcare diary profile set FILE`")
        )
    if json:
        show_json(stored["profile"])
        return
    echo(
        _("Profile version %(version)s, saved %(saved)s:")
        % {"version": stored["version"], "saved": moment_text(stored["saved_utc"])}
    )
    show_json(stored["profile"])
