"""The care plan: the output contract of `assess`, shared by the CLI, the REST API and the web app.

Field names are public: other parts and users depend on them. Keep them exactly.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from crampcare.knowledge.vocab import FactorKind, Grade, Kind, Status, TriageLevel


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


M = TypeVar("M", bound=Out)
_set = object.__setattr__


def constructed(model: type[M], **values: Any) -> M:
    """`model.model_construct(**values)` for trusted values of every field of an output model (no alias, no extra,
    no private attribute, no post-init: see Out): the same object, without model_construct's walk over the fields
    (an option is built for a person ~8 times a plan). Every field must be given."""
    fields = model.__pydantic_fields__
    if len(values) != len(fields):
        raise AssertionError(f"{model.__name__}: every field must be given, got {sorted(values)}")
    made = model.__new__(model)
    _set(made, "__dict__", {name: values[name] for name in fields})
    _set(made, "__pydantic_fields_set__", _all_fields(model))
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made


# Every field's name, one set per model shared by the models `constructed` makes: a set of eight names is ~0.7 KB,
# more than the rest of a typical option, and the engine keeps thousands of options (index.OptionIndex.evaluated).
# Sharing is safe: every field is set, so pydantic (which adds a name on assignment, and copies the set in
# model_copy) never changes what it holds.
_FIELDS_SET: dict[type[Out], set[str]] = {}


def _all_fields(model: type[Out]) -> set[str]:
    found = _FIELDS_SET.get(model)
    if found is None:
        found = _FIELDS_SET[model] = set(model.__pydantic_fields__)
    return found


class Triage(Out):
    level: TriageLevel
    action: str
    safety_net: str
    reasons: list[str]


class RedFlagHit(Out):
    id: str
    title: str
    action: str


class FirstAidStep(Out):
    id: str
    title: str
    muscles: list[str]
    settings: list[str]
    steps: list[str]
    # Why it stands where it does: on the first manoeuvre the reasons for the order, on a standing one the falls
    # risk that made it start seated, on a helper's manoeuvre that someone is there.
    reasons: list[str] = []


class Factor(Out):
    id: str
    title: str
    kind: FactorKind
    because: list[str]


class SpecialistHit(Out):
    id: str
    title: str
    because: list[str]


class LabResult(Out):
    name: str
    value: float
    unit: str
    status: Literal["low", "normal", "high"]
    reference: str


class EvidenceOut(Out):
    grade: Grade
    summary: str
    sources: list[str]


class Option(Out):
    id: str
    name: str
    kind: Kind
    inn: str | None
    atc: str | None
    status: Status
    reasons: list[str]
    evidence: EvidenceOut


class FoodSuggestion(Out):
    nutrient: str
    foods: list[str]
    because: str


class Diet(Out):
    advice: list[str]
    foods: list[FoodSuggestion]
    limits: list[str]


class CarePlan(Out):
    triage: Triage
    red_flags: list[RedFlagHit]
    first_aid: list[FirstAidStep]
    contributing_factors: list[Factor]
    specialists: list[SpecialistHit]
    labs: list[LabResult]
    options: list[Option]
    diet: Diet
    prevention: list[str]
    warnings: list[str]
    # Conditions the person named that crampcare does not know: the plan was made without them (also in warnings).
    unchecked_conditions: list[str]
    disclaimer: str
    knowledge_version: str
    # The language of the plan's texts ("en" or "ru"): the one the engine wrote in (assess(..., lang=...)).
    lang: Literal["en", "ru"] = Field(default_factory=lambda: _spoken())


def _spoken() -> Literal["en", "ru"]:
    from crampcare.assessment.config import spoken

    return spoken()
