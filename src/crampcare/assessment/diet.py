"""Diet advice: general advice plus this person's limits (nutrition-and-labs.md §4).

Food lists come from a provider given the person's limits. The nutrition
module can supply one later (`set_food_provider`); until then the plan lists
no foods, which is honest rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crampcare.assessment.config import texts
from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.plan import Diet, FoodSuggestion

KIDNEY_CONDITIONS = frozenset({"ckd", "kidney_failure", "dialysis"})
# Drugs that retain potassium (§4.1: ACE inhibitors/ARBs, K-sparing diuretics, trimethoprim, NSAIDs).
POTASSIUM_RETAINING_CLASSES = frozenset(
    {"ace_inhibitors", "arbs", "potassium_sparing_diuretics", "trimethoprim", "nsaids"}
)
HYPERKALAEMIA_FROM = 5.5  # mmol/L, UKKA 2020/2023 (§2.2)
EGFR_G3B_BELOW = 45.0  # KDIGO G3b–G5 (§2.5)
EGFR_G3_BELOW = 60.0


@dataclass(frozen=True)
class Limit:
    """A nutrient limit for this person: `key` names the text in data/assessment/texts.yaml."""

    nutrient: str
    key: str


FoodProvider = Callable[[PersonFacts, Sequence[Limit]], list[FoodSuggestion]]


def no_foods(facts: PersonFacts, limits: Sequence[Limit]) -> list[FoodSuggestion]:
    return []


_provider: list[FoodProvider] = [no_foods]


def set_food_provider(provider: FoodProvider) -> None:
    """Let the nutrition module supply top foods per nutrient within the person's limits."""
    _provider[0] = provider


def person_limits(facts: PersonFacts) -> list[Limit]:
    """The nutrient limits that apply, in a fixed order."""
    egfr = facts.labs.get("egfr")
    potassium = facts.labs.get("potassium")
    kidney = bool(facts.conditions & KIDNEY_CONDITIONS)
    limits: list[Limit] = []
    if (
        kidney
        or "hyperkalaemia" in facts.conditions
        or (potassium is not None and potassium >= HYPERKALAEMIA_FROM)
        or (egfr is not None and egfr < EGFR_G3B_BELOW)
        or facts.classes & POTASSIUM_RETAINING_CLASSES
    ):
        limits.append(Limit("potassium", "potassium_kidney"))
    if kidney or (egfr is not None and egfr < EGFR_G3_BELOW):
        limits.append(Limit("magnesium", "magnesium_kidney"))
        limits.append(Limit("sodium", "sodium_kidney"))
    if "kidney_stones" in facts.conditions:
        limits.append(Limit("calcium", "calcium_stones"))
    return limits


def build_diet(facts: PersonFacts) -> Diet:
    words = texts().diet
    limits = person_limits(facts)
    return Diet(
        advice=list(words.advice),
        foods=_provider[0](facts, limits),
        limits=[words.limits[limit.key] for limit in limits],
    )


def prevention(facts: PersonFacts, kb_tips: list[str]) -> list[str]:
    """Tips for this person's lifestyle flags first, then the knowledge base's prevention records."""
    words = texts()
    tips = [words.prevention_by_flag[flag] for flag in sorted(facts.lifestyle) if flag in words.prevention_by_flag]
    tips.extend(kb_tips or words.prevention_general)
    return list(dict.fromkeys(tips))
