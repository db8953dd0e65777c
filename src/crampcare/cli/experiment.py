"""`crampcare experiment start|status|today|stop|report`: an N-of-1 self-experiment in the diary.

Thin: options are parsed here, the work happens in `crampcare.experiments` (imported inside each command).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from crampcare.cli.diary_options import Db, Json, diary_url, echo, refuse_bad_out, show_json, typed_number
from crampcare.cli.help_i18n import TranslatedGroup
from crampcare.errors import InputError
from crampcare.i18n import N_, _

app = typer.Typer(
    cls=TranslatedGroup,
    help=N_(
        "Does it help me? Test one intervention against its absence in randomised periods of your diary.\n\n"
        "Example: crampcare experiment start --intervention nightly_calf_hamstring_stretching"
    ),
    no_args_is_help=True,
)

# The core names its fields as the API does; a person typed options.
OPTIONS = {
    "intervention": "--intervention",
    "start": "--start",
    "period_weeks": "--period-weeks",
    "pairs": "--pairs",
    "washout_days": "--washout-days",
    "seed": "--seed",
    "mid_per_week": "--mid",
    "doctor_agreed": "--doctor-agreed",
    "clinician": "--clinician",
    "signed": "--signed",
    "day": "--day",
    "done": "--done",
    "note": "--note",
    "adverse": "--adverse",
    "resume": "--resume",
}


@contextmanager
def _named() -> Iterator[None]:
    try:
        yield
    except InputError as exc:
        option = OPTIONS.get((exc.field or "").split(".")[0])
        if option is None or type(exc) is not InputError:
            raise
        raise InputError(exc.message, field=option, valid=exc.valid) from None


def _date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(
            _("not a date: %(value)s") % {"value": repr(value)}, field=option, valid=_("YYYY-MM-DD, e.g. 2024-05-01")
        ) from None


@app.command(
    help=N_(
        "Start an experiment (one at a time), or --resume a paused one. Uses the profile stored in the diary.\n"
        "\n"
        "Example: crampcare experiment start --intervention nightly_calf_hamstring_stretching --period-weeks 2"
    )
)
def start(
    intervention: Annotated[
        str | None, typer.Option(help=N_("The intervention: an id, name or brand from `crampcare kb`."))
    ] = None,
    start: Annotated[str | None, typer.Option(help=N_("First day, YYYY-MM-DD (default: today's diary day)."))] = None,
    period_weeks: Annotated[int | None, typer.Option(help=N_("Weeks per period, 1-4 (default 2)."))] = None,
    pairs: Annotated[int | None, typer.Option(help=N_("Pairs of periods (A and B), 3-8 (default 3)."))] = None,
    run_in: Annotated[bool, typer.Option("--run-in/--no-run-in", help=N_("Begin with a baseline week."))] = True,
    washout_days: Annotated[int, typer.Option(help=N_("Days after each switch not counted (carry-over)."))] = 0,
    seed: Annotated[
        int | None, typer.Option(help=N_("Random seed of the schedule (default: a new random one)."))
    ] = None,
    mid: Annotated[
        float | None,
        typer.Option(
            help=N_("The smallest reduction worth having, cramp nights per week (default 1)."), parser=typed_number
        ),
    ] = None,
    doctor_agreed: Annotated[
        str | None, typer.Option(help=N_("Date your doctor agreed (needed for 'discuss_with_doctor' options)."))
    ] = None,
    clinician: Annotated[str | None, typer.Option(help=N_("Clinician's protocol: the doctor's name."))] = None,
    signed: Annotated[str | None, typer.Option(help=N_("Clinician's protocol: the date the doctor signed it."))] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help=N_("Continue an experiment paused after a warning sign."))
    ] = False,
    json: Json = False,
    db: Db = None,
) -> None:
    from crampcare.experiments import service

    with _named():
        if resume:
            state = service.resume(db_url=diary_url(db))
        else:
            if intervention is None:
                raise InputError(
                    _("which intervention?"),
                    field="--intervention",
                    valid=_("an id or name from `crampcare kb list`"),
                )
            data: dict[str, Any] = {
                "intervention": intervention,
                "start": _date(start, "--start"),
                "period_weeks": period_weeks,
                "pairs": pairs,
                "run_in": run_in,
                "washout_days": washout_days,
                "seed": seed,
                "mid_per_week": mid,
                "doctor_agreed": _date(doctor_agreed, "--doctor-agreed"),
                "clinician": clinician,
                "signed": _date(signed, "--signed"),
            }
            state = service.start({k: v for k, v in data.items() if v is not None}, db_url=diary_url(db))
    _show(state, json)


@app.command(
    help=N_(
        "The schedule as a calendar, the counts so far and the answer the diary can give yet.\n"
        "\n"
        "Example: crampcare experiment status"
    )
)
def status(
    id: Annotated[int | None, typer.Option("--id", help=N_("An earlier experiment (default: the newest)."))] = None,
    json: Json = False,
    db: Db = None,
) -> None:
    from crampcare.experiments import service

    _show(service.status(db_url=diary_url(db), experiment_id=id), json)


@app.command(
    help=N_(
        "Which arm today is (A: with, B: without), and record whether you followed it.\n"
        "\n"
        "Example: crampcare experiment today --done yes"
    )
)
def today(
    done: Annotated[
        str | None, typer.Option(help=N_("yes: you did the intervention this evening; no: you did not."))
    ] = None,
    day: Annotated[str | None, typer.Option(help=N_("Another day, YYYY-MM-DD (edit a past check-in)."))] = None,
    note: Annotated[str, typer.Option(help=N_("Free text for the day."))] = "",
    adverse: Annotated[
        str | None, typer.Option(help=N_("An adverse effect (what happened): stops the experiment."))
    ] = None,
    json: Json = False,
    db: Db = None,
) -> None:
    from crampcare.diary.text import day_text
    from crampcare.experiments import service

    data: dict[str, Any] = {"note": note}
    if done is not None:
        answers = {"yes": True, "y": True, "no": False, "n": False}
        if done.strip().lower() not in answers:
            raise InputError(
                _("not yes or no: %(value)s") % {"value": repr(done)}, field="--done", valid=_("yes or no")
            )
        data["done"] = answers[done.strip().lower()]
    if day is not None:
        data["day"] = _date(day, "--day")
    if adverse is not None:
        data["adverse"] = adverse
    with _named():
        answer = service.day(data, db_url=diary_url(db))
    if json:
        show_json(answer)
        return
    echo(answer["message"])
    if answer["checkin"] is not None:
        recorded = (
            _("Recorded for %(day)s: done.") if answer["checkin"]["done"] else _("Recorded for %(day)s: not done.")
        )
        echo(recorded % {"day": day_text(answer["day"])})
    if answer["ask"]:
        echo(answer["ask"])


@app.command(
    help=N_(
        "Stop the experiment (what was recorded is kept and still analysed).\n"
        "\n"
        'Example: crampcare experiment stop --reason "moving house"'
    )
)
def stop(
    reason: Annotated[str, typer.Option(help=N_("Why you stop (kept with the experiment)."))] = "",
    json: Json = False,
    db: Db = None,
) -> None:
    from crampcare.experiments import service

    _show(service.stop(reason, db_url=diary_url(db)), json)


@app.command(
    help=N_(
        "Write the one-page report to take to the doctor (chart, rate ratio and interval, adherence, caveats).\n"
        "\n"
        "Example: crampcare experiment report --out stretching.pdf"
    )
)
def report(
    out: Annotated[
        Path, typer.Option(help=N_("A new output file, .pdf or .html (an existing file is never replaced)."))
    ],
    id: Annotated[int | None, typer.Option("--id", help=N_("An earlier experiment (default: the newest)."))] = None,
    db: Db = None,
) -> None:
    from crampcare.diary.outfile import write_new
    from crampcare.experiments import service

    if out.suffix.lower() not in (".html", ".pdf"):
        suffix = repr(out.suffix or _("(none)"))
        raise InputError(
            _("unsupported file type %(suffix)s") % {"suffix": suffix}, field="--out", valid=_(".html or .pdf")
        )
    url = diary_url(db)
    refuse_bad_out(out, url)
    data = service.report(db_url=url, experiment_id=id, fmt=out.suffix.lower().lstrip("."))
    write_new(out, data, url)
    echo(_("Wrote %(file)s") % {"file": out})


def _show(state: dict[str, Any], as_json: bool) -> None:
    if as_json:
        show_json(state)
        return
    from crampcare.cli.experiment_view import render

    echo(render(state))
