"""The engine's own data: thresholds with their basis, ranking weights and the sentences a plan shows.

Kept in `data/assessment/*.yaml` so that a clinician can review the numbers and words without
reading Python; validated here with the same strictness as the knowledge base.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from crampcare.knowledge.vocab import Kind, LifestyleFlag, Population, Symptom, TriageLevel

ASSESSMENT_DATA = Path(__file__).resolve().parent.parent / "data" / "assessment"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Threshold(Strict):
    field: str
    op: Literal["<", "<=", ">", ">="]
    value: float
    phrase: str
    basis: str
    sources: list[str]
    derived: bool


class RegularCramps(Strict):
    min_per_week: float
    min_weeks: float
    nocturnal_min_per_week: float
    nocturnal_min_weeks: float
    basis: str
    short_basis: str  # what a person reads in the plan; `basis` (with the sources) is for the record
    sources: list[str]


class FirstAidWeights(Strict):
    setting_match: int
    muscle_match: int
    any_muscle: int


class RedFlagPolicy(Strict):
    """Home treatments stop reading as self-care while an urgent red flag is present (see rules.yaml)."""

    levels: list[TriageLevel]
    kinds: list[Kind]
    no_massage_flags: list[str]
    massage_first_aid: list[str]
    # Red flags under which first aid that loads or rubs the leg is held back (a child's leg pain that is not
    # growing pains may be a fracture, an infection or a tumour).
    no_loading_flags: list[str] = []
    loading_first_aid: list[str] = []
    # While the drinking-advice record is not self-care for the person (confusion or collapse during exertion: heat
    # stroke or low sodium), the lifestyle tips that say "drink more" are left out of the plan as well.
    water_record: str | None = None
    water_tips: list[LifestyleFlag] = []


class Rules(Strict):
    lifestyle_thresholds: dict[LifestyleFlag, Threshold]
    regular_cramps: RegularCramps
    medicinal_kinds: list[str]
    product_kinds: list[str]
    first_aid_weights: FirstAidWeights
    population_specialists: dict[Population, list[str]]
    symptom_synonyms: dict[str, str]
    red_flag_policy: RedFlagPolicy


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


class Texts(Strict):
    triage: dict[TriageLevel, LevelText]
    setting_notes: dict[str, str]
    reasons: dict[str, str]
    warnings: dict[str, str]
    disclaimer: str
    prevention_general: list[str]
    prevention_general_water: list[str] = []  # general tips about drinking: left out with the water record
    prevention_by_flag: dict[LifestyleFlag, str]
    diet: DietTexts
    # The profile's symptom ids in words a person recognises (forms and questionnaires).
    symptom_labels: dict[Symptom, str]
    # Lifestyle flags without a number behind them, in words ("intense exercise", not "exercise intense").
    lifestyle_labels: dict[LifestyleFlag, str] = {}


def _read(name: str) -> object:
    return yaml.load((ASSESSMENT_DATA / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@cache
def rules() -> Rules:
    """Thresholds and weights, loaded once per process."""
    return Rules.model_validate(_read("rules.yaml"))


@cache
def texts() -> Texts:
    """The plan's fixed sentences, loaded once per process."""
    return Texts.model_validate(_read("texts.yaml"))
