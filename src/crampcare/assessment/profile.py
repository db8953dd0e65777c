"""The person's profile: the input contract of `assess` (SI units).

Ranges are plausibility limits, not reference ranges: a value outside them is
a typing error (potassium 50, pain 12), refused with the field and the range.
Names (conditions, medications) stay strings here; the engine resolves them
against the knowledge base and reports unknown ones.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from crampcare.i18n import _
from crampcare.knowledge.vocab import EpisodeSetting, Muscle, Side, Symptom
from crampcare.plaintext import no_controls, state_in_schema
from crampcare.textsafety import first_unsafe_in_name


def no_bool_for_number(model: type[BaseModel], value: Any, info: ValidationInfo) -> Any:
    """Refuse true/false where a number is expected: pydantic would silently read `"age_years": true` as 1."""
    if isinstance(value, bool) and info.field_name is not None:
        annotation = model.model_fields[info.field_name].annotation
        kinds = get_args(annotation) or (annotation,)
        if bool not in kinds and any(kind in (int, float) for kind in kinds):
            # "value_error" keeps the message as written; "valid" is what every edge shows as the valid input.
            raise PydanticCustomError(
                "value_error", _("must be a number, not {got}"), {"got": str(value).lower(), "valid": _("a number")}
            )
    return value


class Strict(BaseModel):
    # The schema says what the validator below refuses: control characters in any text.
    model_config = ConfigDict(extra="forbid", json_schema_extra=state_in_schema)

    @field_validator("*", mode="before")
    @classmethod
    def _numbers_are_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        return no_bool_for_number(cls, value, info)

    @field_validator("*")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        # A NUL cannot be stored by PostgreSQL; no control character is typed on purpose (crampcare.plaintext).
        return no_controls(value)


NAME_MAX_CHARS = 200  # no medicine or condition name comes near it; a 10 MB "name" is a mistake, never echoed


def _not_blank(name: str) -> str:
    # An empty entry is a slip (a trailing comma, an empty form row), never a name: say so rather than carry a
    # nameless "medicine" that can be neither checked nor warned about.
    if not name.strip():
        raise PydanticCustomError("value_error", _("is empty"), {"valid": _("a name, or leave the entry out")})
    if len(name) > NAME_MAX_CHARS:  # the message gives the length only: the text itself is not repeated
        raise PydanticCustomError(
            "value_error",
            _("is too long to be a name ({length} characters)"),
            {"length": f"{len(name):,}", "valid": _("at most %(count)s characters") % {"count": NAME_MAX_CHARS}},
        )
    bad = first_unsafe_in_name(name)
    if bad is not None:
        # A control character (a terminal escape, a stray tab) would make the name unrecognisable, so a medicine's
        # interactions would go unchecked; and it could reach a screen raw.
        raise PydanticCustomError(
            "value_error",
            _("contains a control character ({bad})"),
            {"bad": bad, "valid": _("a name of letters, digits, spaces and punctuation")},
        )
    return name


# A condition, medicine or allergy as typed; the schema says what the check enforces (some non-space text).
Name = Annotated[
    str,
    AfterValidator(_not_blank),
    WithJsonSchema({"type": "string", "pattern": "\\S", "maxLength": NAME_MAX_CHARS}),
]


KEPT_SHOWN = 5  # conditions named in the keep_unchecked error: enough to see the slip, never a page of names


def _kept_valid(conditions: list[str]) -> str:
    """What a keep_unchecked entry may be: one of the conditions, the first few of them named."""
    if not conditions:
        return _("nothing while conditions is empty: each entry must also be listed in conditions")
    shown = ", ".join(repr(name.strip()) for name in conditions[:KEPT_SHOWN])
    more = ", …" if len(conditions) > KEPT_SHOWN else ""
    return _("a name also listed in conditions (%(names)s)") % {"names": shown + more}


class Labs(Strict):
    potassium: float | None = Field(None, ge=1.0, le=10.0, description="mmol/L")
    sodium: float | None = Field(None, ge=100.0, le=180.0, description="mmol/L")
    magnesium: float | None = Field(None, ge=0.1, le=5.0, description="mmol/L")
    calcium: float | None = Field(None, ge=1.0, le=5.0, description="total, albumin-adjusted, mmol/L")
    ionized_calcium: float | None = Field(None, ge=0.5, le=2.5, description="mmol/L")
    glucose: float | None = Field(None, ge=1.0, le=50.0, description="mmol/L")
    egfr: float | None = Field(None, ge=1.0, le=200.0, description="mL/min/1.73 m²")
    ck: float | None = Field(None, ge=1.0, le=500000.0, description="U/L")
    tsh: float | None = Field(None, ge=0.001, le=500.0, description="mIU/L")


class Vitals(Strict):
    systolic_bp: float | None = Field(None, ge=40, le=300, description="mmHg")
    diastolic_bp: float | None = Field(None, ge=20, le=200, description="mmHg")
    heart_rate: float | None = Field(None, ge=20, le=250, description="beats a minute")
    temperature_c: float | None = Field(None, ge=25, le=45, description="body temperature, °C")

    @field_validator("diastolic_bp")
    @classmethod
    def _pressures_are_possible(cls, dbp: float | None, info: ValidationInfo) -> float | None:
        # The lower reading cannot reach the upper one: the two numbers were swapped or mistyped, and reading them
        # either way round could hide a dangerous pressure. (systolic_bp is declared first, so it is in info.data.)
        sbp = info.data.get("systolic_bp")
        if sbp is not None and dbp is not None and dbp >= sbp:
            raise PydanticCustomError(
                "value_error",
                _("must be lower than systolic pressure ({dbp} is not below {sbp})"),
                {"dbp": f"{dbp:g}", "sbp": f"{sbp:g}", "valid": _("a diastolic (lower) reading below the systolic")},
            )
        return dbp


class Episode(Strict):
    muscle: Muscle | None = None
    side: Side | None = None
    setting: EpisodeSetting | None = None
    duration_minutes: float | None = Field(None, ge=0, le=24 * 60, description="minutes")
    pain: int | None = Field(None, ge=0, le=10)
    ongoing: bool = False
    helper: bool = False  # someone is with the person: first aid that needs a second person is offered


class Pattern(Strict):
    episodes_per_week: float | None = Field(None, ge=0, le=200)
    weeks: float | None = Field(None, ge=0, le=520, description="weeks")
    mostly_at_night: bool = False


class Lifestyle(Strict):
    exercise: Literal["none", "moderate", "intense"] | None = None
    new_or_unusual_exercise: bool = False
    tight_or_high_heeled_shoes: bool = False
    prolonged_sitting_or_standing: bool = False
    hot_weather: bool = False
    stress: bool = False
    caffeine_cups_per_day: float | None = Field(None, ge=0, le=50, description="cups a day")
    alcohol_units_per_week: float | None = Field(None, ge=0, le=300, description="units a week")
    water_litres_per_day: float | None = Field(None, ge=0, le=15, description="litres a day")


class Profile(Strict):
    age_years: float = Field(ge=0, le=120, description="years")
    sex: Literal["female", "male", "other"] | None = None
    pregnancy_weeks: int | None = Field(None, ge=1, le=42, description="weeks")
    breastfeeding: bool = False
    weight_kg: float | None = Field(None, ge=1, le=400, description="kg")
    conditions: list[Name] = []
    # Issue 11 §5: names in `conditions` the person chose to keep unchecked after being told they look like a
    # misspelling of a condition crampcare knows. Without it such a name stops the assessment (going on would
    # silently drop a condition the rules cover); with it the plan comes, the name listed as not checked.
    keep_unchecked: list[Name] = Field(
        [],
        description=(
            "condition names, each also listed in conditions, to keep unchecked although they look like a "
            "misspelling of a known condition; they are listed in unchecked_conditions and warnings"
        ),
    )
    medications: list[Name] = []
    allergies: list[Name] = []
    labs: Labs = Field(default_factory=Labs)  # a factory: a model default would be deep-copied per profile
    vitals: Vitals = Field(default_factory=Vitals)
    symptoms: list[Symptom] = []
    episode: Episode | None = None
    pattern: Pattern | None = None
    lifestyle: Lifestyle | None = None

    @field_validator("symptoms", mode="before")
    @classmethod
    def _everyday_symptom_names(cls, raw: Any) -> Any:
        # "swollen calf" and "Calf-Swelling" mean calf_swelling on every path (CLI, API, diary); an unknown
        # symptom raises UnknownNameError with close matches. Imported here: the synonyms live in data.
        from crampcare.assessment.validation import normalise_symptoms

        return normalise_symptoms(raw)

    @field_validator("keep_unchecked")
    @classmethod
    def _kept_names_are_conditions(cls, kept: list[str], info: ValidationInfo) -> list[str]:
        # A kept name that is not among the conditions is a slip (a changed list, a typo of the typo): refused, so
        # that no one believes a condition was considered that was never given. Names compare as the lookup
        # compares them (case, spaces and punctuation aside), so "Kidny-Disease" keeps "kidny disease".
        from crampcare.knowledge.lookup import normalise

        conditions = info.data.get("conditions")
        if conditions is None:  # the conditions were refused themselves; that error says what to fix
            return kept
        listed = {normalise(name) for name in conditions}
        for name in kept:
            if normalise(name) not in listed:
                raise PydanticCustomError(
                    "value_error",
                    _("{name} is not one of the conditions"),
                    {"name": repr(name.strip()), "valid": _kept_valid(conditions)},
                )
        return kept

    @model_validator(mode="after")
    def _pregnancy_is_possible(self) -> Profile:
        if self.pregnancy_weeks is not None and self.sex == "male":
            raise ValueError(_("pregnancy_weeks cannot be set when sex is male"))
        if self.pregnancy_weeks is not None and self.age_years < 9:
            raise ValueError(_("pregnancy_weeks cannot be set below age 9"))
        return self
