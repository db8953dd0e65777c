"""What a diary entry may contain, checked before anything is stored.

Every model forbids unknown fields; `validate` turns pydantic's errors into one
`InputError` naming the field and what would be valid.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal, TypeVar, get_args

from pydantic import BaseModel, BeforeValidator, Field, ValidationError, field_validator
from pydantic.config import JsonDict
from pydantic_core import ErrorDetails, PydanticCustomError

# The same strict base as the profile: unknown keys refused, true/false never read as a number.
from crampcare.assessment.profile import Strict
from crampcare.assessment.validation import plain_wording
from crampcare.diary.text import day_text, moment_text
from crampcare.diary.timeutil import diary_day, is_date_only
from crampcare.diary.vocabulary import triggers
from crampcare.errors import InputError, UnknownNameError
from crampcare.i18n import N_, _, decimal_sign, limit_text, shown_value
from crampcare.knowledge.vocab import EpisodeSetting, Muscle, Side

M = TypeVar("M", bound=BaseModel)

# A diary covers a lifetime, not the calendar's limits: far-off years overflow the weekly analysis and the
# UTC conversion, and a cramp cannot be logged ahead (one day of grace covers every time zone).
FIRST_YEAR, LAST_YEAR = 1900, 2200
FUTURE_GRACE = dt.timedelta(days=1)
STARTED_EXAMPLE = "2024-05-01T23:40+02:00"


def _plausible(day: dt.date, too_late: bool, latest: str) -> None:
    """Refuse a year outside FIRST_YEAR–LAST_YEAR, or a date after `latest`; the error carries the valid range."""
    valid = _valid_dates(latest)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PydanticCustomError(
            "date_not_plausible", _("year {year} is not plausible"), {"year": day.year, "valid": valid}
        )
    if too_late:
        raise PydanticCustomError("date_in_future", _("{day} is in the future"), {"day": day_text(day), "valid": valid})


def _valid_dates(latest: str) -> str:
    return _("a date in %(first)s–%(last)s, not after %(latest)s") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
        "latest": latest,
    }


def _in_range(day: dt.date, said: str, shown: str, valid: str) -> None:
    """Refuse a derived day (diary day, UTC date) outside FIRST_YEAR–LAST_YEAR, saying how it was derived
    (`said`: a template with {shown}, {day}, {first} and {last})."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PydanticCustomError(
            "date_not_plausible",
            said,
            {"shown": shown, "day": day_text(day), "first": FIRST_YEAR, "last": LAST_YEAR, "valid": valid},
        )


def _enum_of_interventions(schema: JsonDict) -> None:
    schema["enum"] = list(sorted(known_interventions()))


def _enum_of_triggers(schema: JsonDict) -> None:
    schema["items"] = {"type": "string", "enum": list(triggers())}


class Tried(Strict):
    """An intervention from the knowledge base and how well it worked: 0 none, 1 a little, 2 clearly, 3 fully."""

    # The schema lists the knowledge base's intervention ids, the only ones accepted.
    id: str = Field(json_schema_extra=lambda schema: _enum_of_interventions(schema))
    effect: int = Field(ge=0, le=3)

    @field_validator("id")
    @classmethod
    def _known(cls, value: str) -> str:
        known = known_interventions()
        if value in known:
            return value
        from rapidfuzz import process

        close = [match for match, score, _ in process.extract(value, sorted(known), limit=3) if score >= 70]
        raise ValueError(UnknownNameError("intervention id", value, close).message)


MIN_DURATION = 0.05  # minutes: 3 seconds
MAX_DURATION = 24 * 60  # minutes: a day
MAX_OFFSET = dt.timedelta(hours=14)  # the widest UTC offset any zone uses (Kiribati, +14:00)


class EpisodeIn(Strict):
    """A new or edited episode. `StoredEpisodeIn` reads what an earlier version may have stored."""

    # Rules that only new input must meet; an export written before they existed still imports (nothing lost).
    NEW_INPUT_RULES: ClassVar[bool] = True

    started: dt.datetime  # aware; the CLI attaches the local zone to a naive time and says so
    # A cramp lasts some time: at least 3 seconds (a smaller number is a slip, e.g. seconds typed as hours)
    duration_minutes: float = Field(ge=MIN_DURATION, le=MAX_DURATION, allow_inf_nan=False)
    muscle: Muscle
    side: Side
    setting: EpisodeSetting
    pain: int = Field(ge=0, le=10)
    sleep_disturbance: int | None = Field(None, ge=0, le=10)
    helper: bool = False  # someone is with the person: first aid that needs a second person is offered
    # Seen with or after the cramp (issue 12 §6): warning signs the care plan's red-flag rules read as
    # calf_swelling and muscle_weakness, so logging one shows what it calls for at once.
    swelling: bool = False
    weakness: bool = False
    triggers: list[str] = Field(default_factory=list, json_schema_extra=lambda schema: _enum_of_triggers(schema))
    trigger_note: str = Field("", max_length=2000)
    tried: list[Tried] = Field(default_factory=list)
    note: str = Field("", max_length=5000)

    @field_validator("started", mode="before")
    @classmethod
    def _iso_text(cls, value: Any) -> Any:
        """ISO 8601 text or a datetime only: pydantic would read a number (or digits) as Unix seconds."""
        if isinstance(value, dt.datetime):
            return value
        if not isinstance(value, str) or _is_number(value):
            raise ValueError(
                _("must be an ISO 8601 time as text, e.g. %(example)s (got %(got)s)")
                % {"example": STARTED_EXAMPLE, "got": repr(value)}
            )
        text = value.strip()
        if len(text) <= 10 and is_date_only(text):  # a date alone: the hour decides the diary day, so it is not guessed
            raise ValueError(
                _("%(got)s is a date without a time (e.g. %(example)s)")
                % {"got": repr(value), "example": STARTED_EXAMPLE}
            )
        return value

    @field_validator("started")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(_("needs a time zone, e.g. %(example)s") % {"example": STARTED_EXAMPLE})
        offset = value.utcoffset() or dt.timedelta(0)
        if cls.NEW_INPUT_RULES and abs(offset) > MAX_OFFSET:
            raise PydanticCustomError(
                "offset_not_plausible",
                _("no time zone is {offset} from UTC"),
                {
                    "offset": value.isoformat()[19:].lstrip(".0123456789"),
                    "valid": _("an offset from -14:00 to +14:00"),
                },
            )
        latest = dt.datetime.now(dt.UTC) + FUTURE_GRACE
        valid = moment_text(latest.isoformat(timespec="minutes"))
        too_late = FIRST_YEAR <= value.year <= LAST_YEAR and value > latest  # the year first: no overflow
        _plausible(value.date(), too_late, valid)
        # The local diary day and the UTC instant must be in range too: 1900-01-01T00:00+14:00 is 1899's night.
        # The error names the time as given and says which reading falls outside (never a year nobody typed).
        shown, valid = moment_text(value.isoformat(timespec="minutes")), _valid_dates(valid)
        said = _("{shown} counts for the diary day {day}, outside {first}–{last}")
        _in_range(diary_day(value.replace(tzinfo=None)), said, shown, valid)
        _in_range(value.astimezone(dt.UTC).date(), _("{shown} is {day} in UTC, outside {first}–{last}"), shown, valid)
        return value

    @field_validator("helper", "swelling", "weakness", mode="before", check_fields=False)
    @classmethod
    def _yes_or_no(cls, value: Any) -> Any:
        return _true_or_false(value)

    @field_validator("triggers")
    @classmethod
    def _known_triggers(cls, value: list[str]) -> list[str]:
        vocabulary = triggers()
        unknown = [item for item in value if item not in vocabulary]
        if unknown:
            raise ValueError(
                _("unknown trigger %(name)s (valid: %(names)s; free text goes in the note)")
                % {"name": repr(unknown[0]), "names": ", ".join(vocabulary)}
            )
        return list(dict.fromkeys(value))


class StoredEpisodeIn(EpisodeIn):
    """An episode as an earlier version may have stored it (a 0-minute duration, an offset beyond ±14:00):
    what an import of an older export, or an unchanged stored field in an edit, is checked against."""

    NEW_INPUT_RULES: ClassVar[bool] = False

    duration_minutes: float = Field(ge=0, le=MAX_DURATION, allow_inf_nan=False)


def _iso_day(value: Any) -> Any:
    """A day as YYYY-MM-DD text (or a date): pydantic would read a number as seconds since 1970."""
    if isinstance(value, dt.date) or (isinstance(value, str) and not _is_number(value)):
        return value
    raise PydanticCustomError(
        "date_type",
        _("must be a date as text, e.g. 2024-05-01 (got {got})"),
        {"got": shown_value(value), "valid": "YYYY-MM-DD"},
    )


IsoDay = Annotated[dt.date, BeforeValidator(_iso_day)]


class CheckinIn(Strict):
    day: IsoDay
    water_litres: float | None = Field(None, ge=0, le=15, allow_inf_nan=False)
    caffeine_cups: float | None = Field(None, ge=0, le=50, allow_inf_nan=False)
    alcohol_units: float | None = Field(None, ge=0, le=100, allow_inf_nan=False)
    exercise: Literal["none", "moderate", "intense"] | None = None
    unusual_exercise: bool | None = None
    tight_shoes: bool | None = None
    heat: bool | None = None
    # Each name has a visible character (an empty one is refused); the schema says so.
    medicines: list[str] = Field(
        default_factory=list, json_schema_extra={"items": {"type": "string", "pattern": r"\S"}}
    )
    note: str = Field("", max_length=5000)

    @field_validator("unusual_exercise", "tight_shoes", "heat", mode="before")
    @classmethod
    def _yes_or_no(cls, value: Any) -> Any:
        return _true_or_false(value)

    @field_validator("medicines")
    @classmethod
    def _named(cls, value: list[str]) -> list[str]:
        if any(not name.strip() for name in value):
            raise ValueError(_("a medicine name is empty (give its name, e.g. magnesium, or leave the medicine out)"))
        return value

    @field_validator("day")
    @classmethod
    def _plausible_day(cls, value: dt.date) -> dt.date:
        latest = (dt.datetime.now(dt.UTC) + FUTURE_GRACE).date()  # tomorrow in UTC: today somewhere on Earth
        _plausible(value, value > latest, day_text(latest))
        return value


def _true_or_false(value: Any) -> Any:
    """A yes/no field takes true, false (or null where allowed) only: pydantic would read "yes", "0" or 1 as one."""
    if value is None or isinstance(value, bool):
        return value
    raise PydanticCustomError(
        "bool_type", _("must be true or false (got {got})"), {"got": shown_value(value), "valid": _("true or false")}
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def known_interventions() -> set[str]:
    """Intervention ids of the shipped knowledge base (what `--tried` may name)."""
    from crampcare.knowledge.loader import knowledge

    return set(knowledge().interventions)


# pydantic's bound errors, said the way a person reads them. pydantic names the one limit crossed ("must be at
# least 0"), which left people guessing what the number counts; a field with both limits says both, with the unit
# its form label uses: "water_litres: must be from 0 to 15 litres (got -1)". A field with one limit says it with
# its unit.
_BOUNDS = {
    "less_than_equal": ("le", N_("must be at most %(limit)s (got %(got)s)")),
    "greater_than_equal": ("ge", N_("must be at least %(limit)s (got %(got)s)")),
    "less_than": ("lt", N_("must be below %(limit)s (got %(got)s)")),
    "greater_than": ("gt", N_("must be above %(limit)s (got %(got)s)")),
}
_RANGE = N_("must be from %(low)s to %(high)s (got %(got)s)")
# The unit of a number field, in the words of its label on the web check-in ("Water (litres)") and its CLI help
# ("Water, litres."); a field not here counts on its own scale or is a count its name says (pain 0-10, pairs).
UNITS = {
    "duration_minutes": N_("minutes"),
    "water_litres": N_("litres"),
    "caffeine_cups": N_("cups"),
    "alcohol_units": N_("units"),
    "period_weeks": N_("weeks"),
    "washout_days": N_("days"),
    "mid_per_week": N_("cramp nights a week"),
}


def _bound_said(error: ErrorDetails, model: type[BaseModel] | None) -> str:
    """A bound error with every limit of the field (read from the model that refused it) and its unit."""
    key, said = _BOUNDS[error["type"]]
    name = str(error["loc"][-1]) if error["loc"] else ""
    limits = _limits(model, error["loc"]) if model is not None else {}
    limits.setdefault(key, (error.get("ctx") or {}).get(key))
    unit = _(UNITS[name]) if name in UNITS else ""
    got = shown_value(error.get("input"))
    if limits.get("ge") is not None and limits.get("le") is not None:
        return _(_RANGE) % {"low": _limit(limits["ge"]), "high": _limit(limits["le"]) + unit_after(unit), "got": got}
    limit = _limit(limits[key]) if limits.get(key) is not None else "?"
    return _(said) % {"limit": limit + unit_after(unit), "got": got}


def unit_after(unit: str) -> str:
    return f" {unit}" if unit else ""


def _limit(value: Any) -> str:
    return limit_text(value) if isinstance(value, int | float) else str(value)


def _limits(model: type[BaseModel], loc: tuple[int | str, ...]) -> dict[str, Any]:
    """The ge/le/gt/lt limits of the field at `loc` in `model` ({} when it is not found there)."""
    info = None
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return {}
        info = fields[part]
        current = next((a for a in (info.annotation, *get_args(info.annotation)) if hasattr(a, "model_fields")), None)
    if info is None:
        return {}
    bounds = ((a, getattr(m, a, None)) for m in info.metadata for a in ("ge", "le", "gt", "lt"))
    return {a: limit for a, limit in bounds if limit is not None}


# A cramp's length is typed in minutes; its lower limit alone ("must be at least 0.05") left people guessing the
# unit and why so small a number, so a duration out of range is said with both limits, in minutes and in plain time.
_DURATION = N_("must be from %(low)s minutes (%(seconds)s seconds) to %(high)s minutes (%(hours)s hours) (got %(got)s)")


def duration_range(got: Any) -> str:
    return _(_DURATION) % {
        "low": decimal_sign(f"{MIN_DURATION:g}"),
        "seconds": f"{MIN_DURATION * 60:g}",
        "high": f"{MAX_DURATION:g}",
        "hours": f"{MAX_DURATION / 60:g}",
        "got": shown_value(got),
    }


def describe(exc: ValidationError, prefix: str = "", model: type[BaseModel] | None = None) -> InputError:
    """The first problem of a validation error as one `InputError` (field, what is wrong); `model`, the model
    that refused the data, lets a bound error say the field's every limit."""
    return _described(exc.errors()[0], prefix, model)


def problems(model: type[BaseModel], data: dict[str, Any], prefix: str = "") -> list[InputError]:
    """Every problem of `data` for `model`, each said as `describe` says the first; [] when it is valid. A form
    shows them all at once, so a person is not sent back once per field."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return [_described(error, prefix, model) for error in exc.errors()]
    return []


def _described(error: ErrorDetails, prefix: str, model: type[BaseModel] | None = None) -> InputError:
    field = prefix + ".".join(str(part) for part in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    valid = (error.get("ctx") or {}).get("valid")
    plain = plain_wording(error)
    if plain is not None:  # type and choice errors: "unknown muscle 'arm'" with the valid muscles
        message, valid = plain
    elif error["type"] == "extra_forbidden":
        message = _("unknown field")
    elif error["type"] == "missing":
        message = _("is required")
    elif error["type"] == "finite_number":  # NaN or infinity: not "must be at most 1440 (got nan)"
        message = _("must be a number (got %(got)s)") % {"got": repr(error.get("input"))}
    elif error["type"] in _BOUNDS:
        limit = (error.get("ctx") or {}).get(_BOUNDS[error["type"]][0])
        if error["loc"][-1:] == ("duration_minutes",) and limit in (MIN_DURATION, MAX_DURATION):
            return InputError(duration_range(error.get("input")), field=field or None)
        message = _bound_said(error, model)
    return InputError(message, field=field or None, valid=str(valid) if valid is not None else None)


def validate(model: type[M], data: dict[str, Any], prefix: str = "") -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise describe(exc, prefix, model) from None
