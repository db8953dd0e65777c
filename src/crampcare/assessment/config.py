"""The engine's own data: thresholds with their basis, the first-aid order and the sentences a plan shows.

Kept in `data/assessment/*.yaml` so that a clinician can review the numbers and words without
reading Python; validated here with the same strictness as the knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from crampcare.errors import KnowledgeError
from crampcare.knowledge.language import Language
from crampcare.knowledge.swap import swapped
from crampcare.knowledge.translated import RuText, mismatches, placeholders
from crampcare.knowledge.vocab import (
    EPISODE_SETTINGS,
    MUSCLES,
    Kind,
    LifestyleFlag,
    Population,
    Symptom,
    TriageLevel,
)

ASSESSMENT_DATA = Path(__file__).resolve().parent.parent / "data" / "assessment"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Threshold(Strict):
    field: str
    op: Literal["<", "<=", ">", ">="]
    value: float
    basis: str  # why this limit; how the amount reads in a plan: texts.yaml lifestyle_thresholds
    sources: list[str]
    derived: bool


class RegularCramps(Strict):
    min_per_week: float
    min_weeks: float
    nocturnal_min_per_week: float
    nocturnal_min_weeks: float
    basis: str  # for the record; what a person reads is texts.yaml regular_cramps.derived
    sources: list[str]


class RedFlagPolicy(Strict):
    """Home treatments stop reading as self-care while an urgent red flag is present (see rules.yaml)."""

    levels: list[TriageLevel]
    kinds: list[Kind]
    # While the drinking-advice record is not self-care for the person (confusion or collapse during exertion: heat
    # stroke or low sodium), the lifestyle tips that say "drink more" are left out of the plan as well.
    water_record: str | None = None
    water_tips: list[LifestyleFlag] = []


class ReasonRu(Strict):
    reason: RuText


def _fits(english: str, ru: ReasonRu | None) -> None:
    """The Russian reason keeps the English one's placeholders (a lost {flags} would fail to format or mislead)."""
    if ru is not None and placeholders(ru.reason) != placeholders(english):
        raise ValueError(f"ru.reason: needs the placeholders {sorted(placeholders(english))}")


class ReasonedRule(Strict):
    """A rules.yaml entry whose reason the plan shows, with its sources and its Russian beside the English."""

    reason: str
    sources: list[str] = Field(min_length=1)
    unverified: bool = False
    ru: ReasonRu | None = None  # issue 15: the reason in Russian

    @model_validator(mode="after")
    def _russian_fits(self) -> Self:
        _fits(self.reason, self.ru)
        return self

    def said(self) -> str:
        """The reason in the plan's language (English where no translation is given)."""
        return self.ru.reason if self.ru is not None and _LANGUAGE.get() == "ru" else self.reason


class RedFlagSuppression(ReasonedRule):
    """While one of `flags` is raised, `interventions` are at least `status` on every face of the plan (rules.yaml).

    `reason` may use "{flags}": the titles of the raised flags.
    """

    flags: list[str] = Field(min_length=1)
    interventions: list[str] = Field(min_length=1)
    status: Literal["discuss_with_doctor", "not_recommended", "avoid"]


class ConditionSpecialists(ReasonedRule):
    """Specialists a stated condition points to on its own, whatever else the plan finds (rules.yaml), with why.

    `reason` may use "{name}": the condition as the person gave it.
    """

    conditions: list[str] = Field(min_length=1)
    specialists: list[str] = Field(min_length=1)


class AmbiguousNamesRu(Strict):
    conditions: dict[str, list[RuText]]
    medicines: dict[str, list[RuText]]


class AmbiguousNames(Strict):
    """Abbreviations with several meanings (ambiguous_names.yaml): listed as not checked, with their meanings."""

    basis: str
    sources: list[str] = Field(min_length=1)
    conditions: dict[str, list[str]]
    medicines: dict[str, list[str]]
    ru: AmbiguousNamesRu | None = None  # issue 15: the meanings in Russian, in the same order

    @model_validator(mode="after")
    def _several(self) -> AmbiguousNames:
        for name, meanings in (*self.conditions.items(), *self.medicines.items()):
            if len(meanings) < 2:
                raise ValueError(f"{name}: an ambiguous name needs at least two meanings")
        if self.ru is not None:
            for kind in ("conditions", "medicines"):
                english, russian = getattr(self, kind), getattr(self.ru, kind)
                if {k: len(v) for k, v in english.items()} != {k: len(v) for k, v in russian.items()}:
                    raise ValueError(f"ru.{kind}: needs the same names and as many meanings as the English")
        return self


class LowSodiumFluids(Strict):
    """Red flags that withhold "drink more" advice, and the options that carry it (rules.yaml)."""

    flags: list[str]
    options: list[str]


class EmergencyWords(Strict):
    """Typed names that read as an emergency ("chest pain"): the plan says to call the emergency number now."""

    basis: str
    patterns: list[str]  # regular expressions, matched case-insensitively anywhere in the typed text


class PopulationTip(Strict):
    """For one population, any amount of `field` above `above` raises the population's own tip `tip` (texts.yaml
    prevention_by_population), which replaces the adult tip of the same name (rules.yaml population_lifestyle)."""

    field: Literal["caffeine_cups_per_day", "alcohol_units_per_week"]
    above: float = Field(ge=0)
    tip: LifestyleFlag
    basis: str
    sources: list[str] = Field(min_length=1)
    unverified: bool = False


class Rules(Strict):
    lifestyle_thresholds: dict[LifestyleFlag, Threshold]
    population_lifestyle: dict[Population, list[PopulationTip]] = {}
    regular_cramps: RegularCramps
    medicinal_kinds: list[str]
    product_kinds: list[str]
    population_specialists: dict[Population, list[str]]
    condition_specialists: list[ConditionSpecialists] = []
    symptom_synonyms: dict[str, str]
    red_flag_policy: RedFlagPolicy
    red_flag_suppressions: list[RedFlagSuppression] = []
    low_sodium_fluids: LowSodiumFluids
    emergency_words: EmergencyWords


class LevelText(Strict):
    action: str
    safety_net: str
    # For someone under 18: the 10-minute cramp rule gives way to the signs that a child's leg pain is not
    # growing pains (red_flags.yaml), so the safety net names those instead.
    child_safety_net: str | None = None


class DietTexts(Strict):
    advice: list[str]
    limits: dict[str, str]
    foods: dict[str, str] = {}


class LowSodiumTexts(Strict):
    """What replaces "drink more" when sodium is low (rules.yaml low_sodium_fluids)."""

    tip: str  # leads the prevention tips
    diet_limit: str
    # Prevention tips of lifestyle flags that say "drink more": the replacement ("" drops the tip).
    replaces: dict[LifestyleFlag, str]


class NotUsedTexts(Strict):
    template: str  # "{items}": the answers given that the plan does not use, each with why
    items: dict[str, str]  # input_effects.yaml key → the answer and why it changes nothing


class Texts(Strict):
    triage: dict[TriageLevel, LevelText]
    setting_notes: dict[str, str]
    reasons: dict[str, str]
    warnings: dict[str, str]
    errors: dict[str, str]
    disclaimer: str
    prevention_general: list[str]
    prevention_general_water: list[str] = []  # general tips about drinking: left out with the water record
    low_sodium_fluids: LowSodiumTexts
    prevention_by_flag: dict[LifestyleFlag, str]
    # Tips that replace the adult ones for a population (a child: no "cut down" on caffeine or alcohol; pregnancy: no
    # alcohol at all); rules.yaml population_lifestyle says when each is given.
    prevention_by_population: dict[Population, dict[LifestyleFlag, str]] = {}
    diet: DietTexts
    # The profile's symptom ids in words a person recognises (forms and questionnaires).
    symptom_labels: dict[Symptom, str]
    # Lifestyle flags without a number behind them, in words ("intense exercise", not "exercise intense").
    lifestyle_labels: dict[LifestyleFlag, str] = {}
    # Symptom codes whose id read as words would mislead in a reason ("because of tinnitus visual disturbance" for
    # someone who only sees flashing lights); the others read as their id with spaces in English.
    symptom_reason_words: dict[Symptom, str] = {}
    not_used: NotUsedTexts | None = None
    # The phrases the engine builds around the person's facts (issue 15: every one has its Russian).
    because: dict[str, str]
    lifestyle_thresholds: dict[LifestyleFlag, str]
    setting_words: dict[str, str]
    lab_words: dict[str, str]
    units: dict[str, str]
    operators: dict[str, str]
    lab_status: dict[str, str]
    lab_reference: dict[str, str]
    option_reasons: dict[str, str]
    interaction_severity: dict[str, str]
    regular_cramps: dict[str, str]


# --- the order of first-aid manoeuvres (first_aid_order.yaml) -------------------------------------

Position = Literal["standing", "sitting", "lying", "in_water", "any"]
MUSCLE_KEYS = (*MUSCLES, "any")
PLACE_KEYS = (*EPISODE_SETTINGS, "unknown")


class ManoeuvreHow(Strict):
    position: Position  # "standing": the manoeuvre starts by standing up (falls risk puts it last)
    helper: bool = False  # needs a second person: shown only when someone is with the person


class OrderReasonRu(Strict):
    text: RuText


class OrderReason(Strict):
    text: str
    sources: list[str] = Field(min_length=1)
    unverified: bool = False
    ru: OrderReasonRu | None = None


class OrderEntry(Strict):
    order: list[str] = Field(min_length=1)
    because: list[str] = Field(min_length=1)


class FallsRiskRu(Strict):
    reason: RuText
    first_step: dict[str, RuText]
    drug_classes: dict[str, RuText]
    phrases: dict[str, RuText]


class FallsRisk(Strict):
    age_from_years: float
    pregnancy_from_week: int
    drug_classes: dict[str, str]  # class id → what it does that raises the risk ("lowers blood pressure")
    conditions: list[str]
    symptoms: list[Symptom]
    sources: list[str] = Field(min_length=1)
    unverified: bool
    reason: str
    first_step: dict[str, str]
    # How the reason names what raises the risk: "{age}", "{weeks}", "{drug} {effects}" and the word joining effects.
    phrases: dict[Literal["age", "pregnancy", "medicine", "and"], str]
    ru: FallsRiskRu | None = None


class FirstAidOrderRu(Strict):
    helper_reason: RuText


class FirstAidOrder(Strict):
    manoeuvres: dict[str, ManoeuvreHow]
    reasons: dict[str, OrderReason]
    helper_reason: str
    falls_risk: FallsRisk
    orders: dict[str, dict[str, OrderEntry]]
    # Russian beside the English (issue 15): required for every sentence of the first-aid path.
    ru: FirstAidOrderRu | None = None

    @model_validator(mode="after")
    def _russian(self) -> FirstAidOrder:
        """The Russian is all there and fits its English (the same places, medicine classes and placeholders)."""
        if self.ru is None:  # the Russian copy itself, made by `swapped`
            return self
        falls = self.falls_risk
        missing = [f"reasons.{rid}" for rid, reason in self.reasons.items() if reason.ru is None]
        if falls.ru is None:
            missing.append("falls_risk")
        if missing:
            raise ValueError(f"ru: missing for {', '.join(missing)}")
        assert falls.ru is not None
        for name in ("first_step", "drug_classes", "phrases"):
            if set(getattr(falls.ru, name)) != set(getattr(falls, name)):
                raise ValueError(f"falls_risk.ru.{name}: needs exactly the keys {', '.join(getattr(falls, name))}")
        problems: list[str] = []
        for rid, reason in self.reasons.items():
            assert reason.ru is not None
            problems.extend(mismatches({"text": reason.text}, reason.ru.model_dump(), f"reasons.{rid}.ru"))
        problems.extend(mismatches(falls.model_dump(exclude={"ru"}), falls.ru.model_dump(), "falls_risk.ru"))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @model_validator(mode="after")
    def _complete(self) -> FirstAidOrder:
        """Every muscle and place has its list, and every name in it is described: a gap would be a silent guess."""
        if set(self.orders) != set(MUSCLE_KEYS):
            raise ValueError(f"orders: need exactly the muscles {', '.join(MUSCLE_KEYS)}")
        if extra := [p for p in self.falls_risk.first_step if p not in PLACE_KEYS]:
            raise ValueError(f"falls_risk.first_step: unknown places {', '.join(extra)}")
        for muscle, places in self.orders.items():
            if set(places) != set(PLACE_KEYS):
                raise ValueError(f"orders.{muscle}: need exactly the places {', '.join(PLACE_KEYS)}")
            for place, entry in places.items():
                where = f"orders.{muscle}.{place}"
                if len(set(entry.order)) != len(entry.order):
                    raise ValueError(f"{where}: a manoeuvre is listed twice")
                if unknown := [m for m in entry.order if m not in self.manoeuvres]:
                    raise ValueError(f"{where}: not in manoeuvres: {', '.join(unknown)}")
                if unknown := [r for r in entry.because if r not in self.reasons]:
                    raise ValueError(f"{where}: not in reasons: {', '.join(unknown)}")
                standing = any(self.manoeuvres[m].position == "standing" for m in entry.order)
                if standing and place not in self.falls_risk.first_step:
                    raise ValueError(f"{where}: lists a standing manoeuvre, so falls_risk.first_step needs {place}")
        return self


def _read(name: str) -> object:
    return yaml.load((ASSESSMENT_DATA / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@cache
def rules() -> Rules:
    """Thresholds and weights, loaded once per process."""
    return Rules.model_validate(_read("rules.yaml"))


@cache
def ambiguous_names() -> AmbiguousNames:
    """Abbreviations crampcare does not resolve because they have several meanings, loaded once per process."""
    return AmbiguousNames.model_validate(_read("ambiguous_names.yaml"))


@cache
def _ambiguous_keys(kind: Literal["conditions", "medicines"]) -> dict[str, tuple[str, ...]]:
    from crampcare.knowledge.lookup import normalise

    return {normalise(name): tuple(meanings) for name, meanings in getattr(ambiguous_names(), kind).items()}


@cache
def _meaning_words(lang: Language) -> dict[str, str]:
    names = ambiguous_names()
    if names.ru is None or lang != "ru":
        return {}
    pairs = [
        (english, russian)
        for kind in ("conditions", "medicines")
        for key, meanings in getattr(names, kind).items()
        for english, russian in zip(meanings, getattr(names.ru, kind)[key], strict=True)
    ]
    return dict(pairs)


def meaning_words(meanings: tuple[str, ...]) -> tuple[str, ...]:
    """The meanings of an ambiguous name in the plan's language (English where no translation is given)."""
    words = _meaning_words(_LANGUAGE.get())
    return tuple(words.get(meaning, meaning) for meaning in meanings)


@lru_cache(maxsize=4096)
def ambiguous_meanings(kind: Literal["conditions", "medicines"], name: str) -> tuple[str, ...]:
    """The meanings of a typed condition or medicine name that is an ambiguous abbreviation; () otherwise (cached:
    every name of every plan is checked, and the answer depends on the name alone)."""
    from crampcare.knowledge.lookup import normalise

    return _ambiguous_keys(kind).get(normalise(name), ())


def first_aid_order() -> FirstAidOrder:
    """The reviewed order of first-aid manoeuvres, its sentences in the current language."""
    return _first_aid_order(_LANGUAGE.get())


@cache
def _first_aid_order(lang: Language) -> FirstAidOrder:
    checked = FirstAidOrder.model_validate(_read("first_aid_order.yaml"))  # the Russian is checked here
    return checked if lang == "en" else FirstAidOrder.model_validate(swapped(checked.model_dump()))


def first_aid_table() -> dict[str, object]:
    """The same order as plain values, the form `ranking.order` reads (the fast CLI path reads the YAML itself)."""
    return _first_aid_table(_LANGUAGE.get())


@cache
def _first_aid_table(lang: Language) -> dict[str, object]:
    return _first_aid_order(lang).model_dump()


# The language the engine writes in, for the sentences of this file's data (assess(..., lang=...) sets it). The
# decisions never read it: only which text is shown.
_LANGUAGE: ContextVar[Language] = ContextVar("crampcare_language", default="en")


def spoken() -> Language:
    """The language the engine is writing in now (a plan's `lang`)."""
    return _LANGUAGE.get()


@contextmanager
def speaking(lang: Language) -> Iterator[None]:
    """Within the block, `texts()` and the first-aid order's sentences are in `lang`."""
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def current_language() -> Language:
    return _LANGUAGE.get()


def number(value: float) -> str:
    """A number as the plan's language writes it: `{:g}` in English (3.5), Babel's decimal comma in Russian (3,5)."""
    lang = _LANGUAGE.get()
    if lang == "en":
        return f"{value:g}"
    from babel.numbers import format_decimal

    return str(format_decimal(value, format="#,##0.###", locale=lang))


def unit(name: str) -> str:
    """A unit as the plan's language writes it (mmol/L, ммоль/л); one texts.yaml does not list is shown as it is."""
    return texts().units.get(name, name)


def texts() -> Texts:
    """The plan's fixed sentences in the current language, loaded once per process and language."""
    return _texts(_LANGUAGE.get())


def _merged(english: Any, local: Any) -> Any:
    if isinstance(english, dict) and isinstance(local, dict):
        return {key: _merged(value, local.get(key)) for key, value in english.items()}
    return english if local is None else local


def text_gaps(english: Any, local: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(key, problem) for each English sentence the translation lacks, adds, or whose placeholders it changes."""
    if isinstance(english, dict):
        local_map = local if isinstance(local, dict) else {}
        yield from ((f"{path}{key}", "not in English") for key in local_map if key not in english)
        for key, value in english.items():
            yield from text_gaps(value, local_map.get(key), f"{path}{key}.")
    elif local is None:
        yield path.rstrip("."), "missing"
    elif isinstance(english, list):
        if not isinstance(local, list) or len(local) != len(english):
            yield path.rstrip("."), f"{len(english)} entries in English"
    elif isinstance(english, str) and (not isinstance(local, str) or placeholders(english) != placeholders(local)):
        yield path.rstrip("."), f"placeholders differ from the English {sorted(placeholders(english))}"


def translation_problems(name: str, lang: Language) -> list[str]:
    """What is wrong with `name.<lang>.yaml`: gaps in its `required` sections, and any sentence that does not fit
    its English (a wrong or lost placeholder), wherever it is."""
    english = _read(f"{name}.yaml")
    raw = _read(f"{name}.{lang}.yaml")
    local = raw if isinstance(raw, dict) else {}
    required = local.pop("required", [])
    out = []
    for key, problem in text_gaps(english, local):
        if problem == "missing" and key.split(".")[0] not in required:
            continue
        out.append(f"assessment/{name}.{lang}.yaml: {key}: {problem}")
    return out


@cache
def _texts(lang: Language) -> Texts:
    english = _read("texts.yaml")
    if lang == "en":
        return Texts.model_validate(english)
    # A sentence that lost a placeholder would mislead or fail to format: refused. A missing one is shown in English
    # (the check in `kb validate` and the tests refuses it in a required section before it lands).
    if problems := [p for p in translation_problems("texts", lang) if not p.endswith(": missing")]:
        raise KnowledgeError(problems)
    local = _read(f"texts.{lang}.yaml")
    return Texts.model_validate(_merged(english, local))


@cache
def _emergency_pattern() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in rules().emergency_words.patterns), re.IGNORECASE)


@lru_cache(maxsize=4096)
def reads_as_emergency(text: str) -> bool:
    """Whether a typed name or symptom reads as an emergency (rules.yaml emergency_words); cached, as it is pure
    (every name of every plan is checked)."""
    plain = " ".join(text.replace("\u2019", "'").casefold().split())
    return _emergency_pattern().search(plain) is not None
