"""Form problems in the words of the form: "Age: enter a number from 0 to 120 years", not "age_years: input…".

The API keeps its developer-facing problems (field paths, pydantic wording); a
person filling in a page sees the label printed next to the input and a
sentence that says what to type. The field's input name is kept, so the
problem list can link to the input (id "f-<name with dots as dashes>").
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from crampcare.api.validation import Problem, find_field, problems_from_pydantic
from crampcare.errors import InputError, UnknownNameError
from crampcare.i18n import N_, decimal_sign
from crampcare.i18n import _ as gettext

# Input name → (the label printed on the form, the unit shown after a number). Tests check they match the form.
PROFILE_FIELDS: dict[str, tuple[str, str]] = {
    "symptoms": ("Warning signs", ""),
    "age_years": ("Age", N_("years")),
    "sex": ("Sex", ""),
    "pregnancy_weeks": ("Weeks of pregnancy, if pregnant", N_("weeks")),
    "breastfeeding": ("Breastfeeding", ""),
    "weight_kg": ("Weight", N_("kg")),
    "episode.muscle": ("Where", ""),
    "episode.side": ("Side", ""),
    "episode.setting": ("When or where it happened", ""),
    "episode.duration_minutes": ("How long it lasted", N_("minutes")),
    "episode.pain": ("Pain", ""),
    "episode.ongoing": ("It is still going on", ""),
    "pattern.episodes_per_week": ("Cramps per week", ""),
    "pattern.weeks": ("For how many weeks", N_("weeks")),
    "pattern.mostly_at_night": ("Mostly at night", ""),
    "conditions": ("Conditions", ""),
    "medications": ("Medicines you take", ""),
    "allergies": ("Drug allergies", ""),
    "labs.potassium": ("Potassium", N_("mmol/L")),
    "labs.sodium": ("Sodium", N_("mmol/L")),
    "labs.magnesium": ("Magnesium", N_("mmol/L")),
    "labs.calcium": ("Calcium, total", N_("mmol/L")),
    "labs.ionized_calcium": ("Calcium, ionised", N_("mmol/L")),
    "labs.glucose": ("Glucose", N_("mmol/L")),
    "labs.egfr": ("eGFR", N_("mL/min/1.73 m²")),
    "labs.ck": ("Creatine kinase (CK)", N_("U/L")),
    "labs.tsh": ("TSH", N_("mIU/L")),
    "vitals.systolic_bp": ("Blood pressure, upper (systolic)", N_("mmHg")),
    "vitals.diastolic_bp": ("Blood pressure, lower (diastolic)", N_("mmHg")),
    "vitals.heart_rate": ("Pulse", N_("beats a minute")),
    "vitals.temperature_c": ("Temperature", "°C"),
    "lifestyle.exercise": ("Exercise", ""),
    "lifestyle.new_or_unusual_exercise": ("New or unusual exercise lately", ""),
    "lifestyle.tight_or_high_heeled_shoes": ("Tight or high-heeled shoes", ""),
    "lifestyle.prolonged_sitting_or_standing": ("Long hours sitting or standing", ""),
    "lifestyle.hot_weather": ("Hot weather", ""),
    "lifestyle.stress": ("Stress", ""),
    "lifestyle.caffeine_cups_per_day": ("Coffee or tea", N_("cups a day")),
    "lifestyle.alcohol_units_per_week": ("Alcohol", N_("units a week")),
    "lifestyle.water_litres_per_day": ("Water", N_("litres a day")),
}
DIARY_FIELDS: dict[str, tuple[str, str]] = {
    "muscle": ("Where", ""),
    "side": ("Side", ""),
    "setting": ("When or where", ""),
    "pain": ("Pain", ""),
    "duration_minutes": ("How long", N_("minutes")),
    "started": ("When", ""),
    "sleep_disturbance": ("Sleep disturbed", ""),
    "triggers": ("Possible triggers", ""),
    "swelling": ("Swelling", ""),
    "weakness": ("Weakness", ""),
    "note": ("Note", ""),
    "day": ("Day", ""),
    "water_litres": ("Water", N_("litres")),
    "caffeine_cups": ("Coffee or tea", N_("cups")),
    "alcohol_units": ("Alcohol", N_("units")),
    "exercise": ("Exercise", ""),
}
# The experiment's set-up form (its labels in experiment.html): a refusal names the field by them.
EXPERIMENT_FIELDS: dict[str, tuple[str, str]] = {
    "intervention": ("What to test", ""),
    "doctor_agreed": ("Date your doctor agreed", ""),
    "period_weeks": ("Weeks per period", N_("weeks")),
    "pairs": ("Pairs of periods", ""),
}
NUMBER_ERRORS = {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float", "finite_number"}
BOUND_ERRORS = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}
CHOICE_ERRORS = {"literal_error", "enum"}
_INDEX = re.compile(r"\[\d+\]|\.\d+(?=\.|$)")


@dataclass(frozen=True)
class FieldProblem:
    """One problem as a page shows it: the input's name (for the anchor), its label and a sentence."""

    field: str | None
    label: str | None
    message: str
    # A condition name that very probably misspells a known one: (the name as typed, the closest known name).
    # The page then offers both ways on: use the known name, or keep the typed one unchecked (issue 11 §5).
    misspelt: tuple[str, str] | None = None


def input_name(field: str | None) -> str | None:
    """The form input a problem belongs to: "conditions[0]" and "conditions.0" are the "conditions" box."""
    return _INDEX.sub("", field) if field else None


def _label(name: str | None, labels: dict[str, tuple[str, str]]) -> str | None:
    if not name:
        return None
    known = labels.get(name)
    return known[0] if known else name.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def _num(value: Any) -> str:
    """A limit with the reader's decimal sign (0.05 / 0,05); no digit grouping, which a form would not accept."""
    return decimal_sign(f"{value:g}") if isinstance(value, int | float) else str(value)


def _limits(info: FieldInfo) -> tuple[Any, Any]:
    low = high = None
    for meta in info.metadata:
        low = next((getattr(meta, a) for a in ("ge", "gt") if getattr(meta, a, None) is not None), low)
        high = next((getattr(meta, a) for a in ("le", "lt") if getattr(meta, a, None) is not None), high)
    return low, high


def _whole(info: FieldInfo) -> bool:
    annotation = info.annotation
    return annotation is int or (int in typing.get_args(annotation) and float not in typing.get_args(annotation))


# What to type into a number field, by (a whole number?, which limits the model sets); each said in the reader's
# language, the unit (also translated) put after the limits.
_HINTS = {
    (False, "both"): N_("enter a number from %(low)s to %(high)s"),
    (True, "both"): N_("enter a whole number from %(low)s to %(high)s"),
    (False, "low"): N_("enter a number of at least %(low)s"),
    (True, "low"): N_("enter a whole number of at least %(low)s"),
    (False, "high"): N_("enter a number of at most %(high)s"),
    (True, "high"): N_("enter a whole number of at most %(high)s"),
    (False, ""): N_("enter a number"),
    (True, ""): N_("enter a whole number"),
}


def range_hint(low: Any, high: Any, unit: str, *, whole: bool = False) -> str:
    """ "enter a number from 0 to 120 years" («введите число от 0 до 120 лет») for the limits given."""
    span = "both" if low is not None and high is not None else "low" if low is not None else ""
    span = span or ("high" if high is not None else "")
    hint = gettext(_HINTS[whole, span]) % {"low": _num(low), "high": _num(high)}
    return f"{hint} {gettext(unit)}" if unit and span else hint


def number_hint(info: FieldInfo | None, unit: str) -> str:
    """ "enter a number from 0 to 120 years" from the model's own limits (never a copy of them)."""
    low, high = _limits(info) if info is not None else (None, None)
    return range_hint(low, high, unit, whole=info is not None and _whole(info))


def _sentence(error: dict[str, Any], problem: Problem, root: type[BaseModel] | None, unit: str) -> str:
    kind = str(error.get("type", ""))
    path = [p for p in error.get("loc", ()) if not isinstance(p, int)]
    if kind in NUMBER_ERRORS or kind in BOUND_ERRORS or (kind == "missing" and unit):
        return number_hint(find_field(root, path)[1], unit)
    if kind in CHOICE_ERRORS:
        return gettext("choose one of the options in the list")
    if kind == "missing":
        return gettext("this is required")
    return _plain(problem)


def _plain(problem: Problem) -> str:
    """The problem's own message, its field path taken off the front and what would be valid added."""
    message = problem.message
    if problem.field and message.startswith(f"{problem.field}: "):
        message = message[len(problem.field) + 2 :]
    # A check across answers names its field first ("pregnancy_weeks cannot be set …"); the label says it here.
    own = problem.field.rsplit(".", 1)[-1] if problem.field else ""
    if own and message.startswith(f"{own} "):
        message = message[len(own) + 1 :]
    if problem.valid and problem.valid not in message:
        example = problem.valid.startswith("e.g.")
        message += f" ({problem.valid})" if example else gettext(" — valid: %(valid)s") % {"valid": problem.valid}
    return message


def from_validation(
    exc: ValidationError, root: type[BaseModel] | None, labels: dict[str, tuple[str, str]]
) -> list[FieldProblem]:
    out = []
    for error, problem in zip(exc.errors(), problems_from_pydantic(exc.errors(), root=root), strict=True):
        name = input_name(problem.field)
        unit = labels.get(name or "", ("", ""))[1]
        out.append(FieldProblem(name, _label(name, labels), _sentence(dict(error), problem, root, unit)))
    return out


def from_input_error(exc: InputError, labels: dict[str, tuple[str, str]]) -> FieldProblem:
    name = input_name(exc.field or (exc.kind if isinstance(exc, UnknownNameError) else None))
    # An unknown name's message already offers the close matches ("did you mean …?").
    valid = None if isinstance(exc, UnknownNameError) else exc.valid
    message = _plain(Problem(field=exc.field, message=exc.message, valid=valid))
    if message == gettext("is required"):  # the diary's wording for an empty field
        chosen = name in ("muscle", "side", "setting", "exercise")
        message = gettext("choose one") if chosen else gettext("this is required")
    misspelt = None
    if isinstance(exc, UnknownNameError) and exc.kind == "condition" and exc.suggestions:
        misspelt = (exc.name.strip(), exc.suggestions[0])
    return FieldProblem(name, _label(name, labels), message, misspelt)


def form_problems(
    exc: Exception, labels: dict[str, tuple[str, str]], root: type[BaseModel] | None = None
) -> list[FieldProblem]:
    """Problems of a submitted form, in the form's words; anything else is not a form problem and propagates."""
    if isinstance(exc, ValidationError):
        return from_validation(exc, root, labels)
    if isinstance(exc, InputError):
        return [from_input_error(exc, labels)]
    raise exc


def said_on_form(exc: InputError, labels: dict[str, tuple[str, str]]) -> str:
    """One refusal as a line of a form's page: "Weeks per period: must be from 1 to 4 weeks (got 9)" with the
    label in the reader's language; a problem of no field on the form is said as it is."""
    problem = from_input_error(exc, labels)
    if problem.field not in labels or problem.label is None:
        return exc.one_line()
    return f"{gettext(problem.label)}: {problem.message}"
