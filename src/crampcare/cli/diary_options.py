"""The diary command's shared parts: its option types, the option each core field is set by, and helpers.

Split from `cli/diary.py` so the command module holds only the commands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from crampcare.errors import InputError
from crampcare.i18n import N_, TypedNumber, _


def typed_number(text: str) -> float:
    """A decimal option read as Typer reads one (pydantic's float rules), keeping its text: a refusal then quotes
    "100.50" or "-1" as typed, not "100.5" or "-1.0"."""
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypedNumber(TypeAdapter(float).validate_python(text), typed=text)
    except ValidationError as exc:  # said as Typer says it, so the CLI's wording of it applies
        raise ValueError(exc.errors()[0]["msg"]) from None


Db = Annotated[
    str | None, typer.Option("--db", help=N_("Database URL (default: $CRAMPCARE_DATABASE_URL or a local SQLite file)."))
]
Json = Annotated[bool, typer.Option("--json", help=N_("Print JSON."))]
At = Annotated[str | None, typer.Option("--at", help=N_("Start time, ISO 8601 or 'now'; without a zone, local time."))]
Muscle = Annotated[
    str | None, typer.Option("--muscle", help=N_("calf, shin, foot, toes, hamstring, quadriceps, gluteal, whole_leg."))
]
Side = Annotated[str | None, typer.Option("--side", help=N_("left, right or both."))]
Pain = Annotated[int | None, typer.Option("--pain", help=N_("Pain 0–10."))]
Duration = Annotated[float | None, typer.Option("--duration", help=N_("Duration in minutes."), parser=typed_number)]
Setting = Annotated[
    str | None, typer.Option("--setting", help=N_("swimming, exercise, walking_standing, sitting, bed_night, other."))
]
Sleep = Annotated[int | None, typer.Option("--sleep", help=N_("Sleep disturbance 0–10."))]
Triggers = Annotated[
    list[str] | None, typer.Option("--trigger", help=N_("Suspected trigger (repeatable); see `diary stats`."))
]
TriedIds = Annotated[
    list[str] | None, typer.Option("--tried", help=N_("Knowledge-base intervention id tried (repeatable)."))
]
Effects = Annotated[
    list[int] | None, typer.Option("--effect", help=N_("Effect of the matching --tried, 0 none – 3 fully."))
]
Note = Annotated[str | None, typer.Option("--note", help=N_("Free text."))]
Helper = Annotated[
    bool | None,
    typer.Option(
        "--helper/--alone",
        help=N_("Someone was with you (first aid that needs a second person fits); --alone: nobody was."),
        show_default=False,
    ),
]

Swelling = Annotated[
    bool | None,
    typer.Option(
        "--swelling/--no-swelling",
        help=N_("The calf or leg swelled with this cramp (a warning sign: the advice says what to do)."),
        show_default=False,
    ),
]
Weakness = Annotated[
    bool | None,
    typer.Option(
        "--weakness/--no-weakness",
        help=N_("The leg muscles were weak with this cramp (a warning sign: the advice says what to do)."),
        show_default=False,
    ),
]


# The core names an entry's fields; a person typed options: errors are re-raised under the option's name.
EPISODE_OPTIONS = {
    "started": "--at",
    "muscle": "--muscle",
    "side": "--side",
    "pain": "--pain",
    "duration_minutes": "--duration",
    "setting": "--setting",
    "sleep_disturbance": "--sleep",
    "helper": "--helper",
    "swelling": "--swelling",
    "weakness": "--weakness",
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


def option_for(field: str, options: dict[str, str]) -> str | None:
    """The option that sets `field` ("tried.0.effect" → "--effect"), or None when no option does."""
    head, _, rest = field.partition(".")
    if head == "tried" and options is EPISODE_OPTIONS:
        return "--effect" if rest.endswith("effect") else "--tried"
    return options.get(head)


@contextmanager
def named_options(options: dict[str, str]) -> Iterator[None]:
    """Name the option in the core's field errors: "--muscle: unknown muscle 'arm'", not "muscle: …"."""
    try:
        yield
    except InputError as exc:
        option = option_for(exc.field, options) if exc.field else None
        if option is None or type(exc) is not InputError:  # not-found and name errors keep their own class
            raise
        raise InputError(exc.message, field=option, valid=exc.valid) from None


def echo(text: str) -> None:
    typer.echo(text)


def show_json(value: Any) -> None:
    from crampcare.cli.output import print_json

    print_json(value)


def tried_list(ids: list[str] | None, effects: list[int] | None) -> list[dict[str, Any]] | None:
    ids, effects = ids or [], effects or []
    if len(ids) != len(effects):
        raise InputError(_("give one --effect (0–3) for each --tried"), field="--effect")
    return [{"id": i, "effect": e} for i, e in zip(ids, effects, strict=True)] or None


def diary_url(db: str | None, *, must_exist: bool = True) -> str:
    """The diary URL a command opens; commands that only read or change entries never create an empty diary."""
    from crampcare.diary.db import cli_url

    return cli_url(db, must_exist=must_exist)


def refuse_bad_out(out: Path, url: str) -> None:
    """Refuse an --out that is the diary's own file or already exists (nothing is ever overwritten)."""
    from crampcare.diary.outfile import check_out

    check_out(out, url)


def say_zone_notice() -> None:
    """Say so when $TZ is unknown and local time is used anyway (read as UTC by the system)."""
    from crampcare.diary.timeutil import zone_notice

    notice = zone_notice()
    if notice:
        typer.echo(notice, err=True)


def parse_at(at: str) -> tuple[dt.datetime, str | None]:
    from crampcare.diary.timeutil import parse_time, zone_label

    moment, assumed = parse_time(at)
    if assumed or at.strip().lower() == "now":
        say_zone_notice()
    notice = _("no time zone given: read as local time (%(zone)s)") % {"zone": zone_label(moment)}
    return moment, (notice if assumed else None)


MAX_LIMIT = 10_000  # as the API's ?limit=


def episode_fields(**given: Any) -> dict[str, Any]:
    """The options a person gave, under the episode's field names."""
    names = {"duration": "duration_minutes", "sleep": "sleep_disturbance", "trigger": "triggers"}
    return {names.get(key, key): value for key, value in given.items() if value is not None}


def ask_episode() -> dict[str, Any]:
    """The episode, asked step by step; an answer that cannot be used is explained and asked again at once,
    so nothing typed so far is lost."""

    from crampcare.cli.prompts import choose
    from crampcare.knowledge.vocab import EPISODE_SETTINGS, MUSCLES
    from crampcare.labels import MUSCLE_LABELS, SETTING_LABELS, SIDE_LABELS

    return {
        "at": _ask(_("When did it start (e.g. 2024-05-03T23:40, or now)"), _("now"), _checked_time),
        "muscle": choose(_("Which muscle"), list(MUSCLES), MUSCLE_LABELS, default="calf"),
        "side": choose(_("Which side"), ["left", "right", "both"], SIDE_LABELS),
        "setting": choose(_("Where were you"), list(EPISODE_SETTINGS), SETTING_LABELS, default="bed_night"),
        "pain": _ask(_("Pain 0–10"), "5", lambda text: _number(text, 0, 10, whole=True)),
        "duration": _ask(_("Minutes it lasted"), "2", _duration),
        "sleep": _ask(_("Sleep disturbance 0–10"), "0", lambda text: _number(text, 0, 10, whole=True)),
    }


def _ask(question: str, default: str, parse: Any) -> Any:
    from rich.prompt import Prompt

    while True:
        answer = Prompt.ask(question, default=default)
        try:
            return parse(answer)
        except InputError as exc:
            typer.echo("  " + _("%(problem)s; please try again") % {"problem": exc.message}, err=True)


def _checked_time(text: str) -> str:
    """The time typed, as `--at` takes it ("сейчас" is "now")."""
    if text.strip().casefold() == _("now").casefold():
        text = "now"
    parse_at(text)  # raises InputError with what would be valid
    return text


def _duration(text: str) -> float:
    """Minutes typed at the prompt: the limits of --duration, refused in its words (unit and time included)."""
    from crampcare.diary.schemas import MAX_DURATION, MIN_DURATION, duration_range

    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise InputError(_("%(text)s is not a number") % {"text": repr(text)}) from None
    if not MIN_DURATION <= value <= MAX_DURATION:  # NaN too
        raise InputError(duration_range(text.strip()))
    return value


def _number(text: str, low: float, high: float, *, whole: bool = False) -> float:
    """A number typed at a prompt: a decimal comma is fine; outside [low, high] or not a number is refused."""
    from crampcare.cli.prompts import plain_number

    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise InputError(_("%(text)s is not a number") % {"text": repr(text)}) from None
    if value != value or not low <= value <= high or (whole and value != int(value)):
        limits = {"low": plain_number(low), "high": plain_number(high)}
        if whole:
            raise InputError(_("give a whole number from %(low)s to %(high)s") % limits)
        raise InputError(_("give a number from %(low)s to %(high)s") % limits)
    return int(value) if whole else value
