"""Diet advice: general advice plus this person's limits (nutrition-and-labs.md §4).

Food lists come straight from the nutrition core (`nutrition.advice.top_foods_for`,
pure over its cached food table) for the person's likely needs: a low potassium,
magnesium or calcium result, pregnancy (magnesium), older age (calcium). Never a
nutrient the person must limit, and never potassium-rich foods for someone who
must limit potassium. Each list is cached per (nutrient, flags), so a plan stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from crampcare.assessment.config import number, rules, spoken, texts, unit
from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.plan import Diet, FoodSuggestion
from crampcare.assessment.triggers import drug_words, lab_words
from crampcare.knowledge.loader import KnowledgeBase

KIDNEY_CONDITIONS = frozenset({"ckd", "kidney_failure", "dialysis"})
# Drugs that retain potassium (§4.1: ACE inhibitors/ARBs, K-sparing diuretics, trimethoprim, NSAIDs).
POTASSIUM_RETAINING_CLASSES = frozenset(
    {"ace_inhibitors", "arbs", "potassium_sparing_diuretics", "trimethoprim", "nsaids"}
)
HYPERKALAEMIA_FROM = 5.5  # mmol/L, UKKA 2020/2023 (§2.2)
EGFR_G3B_BELOW = 45.0  # KDIGO G3b–G5 (§2.5)
EGFR_G3_BELOW = 60.0
CALCIUM_HIGH_ABOVE = 2.6  # mmol/L, adjusted calcium: hypercalcaemia (nutrition-and-labs.md §2.3)


@dataclass(frozen=True)
class Limit:
    """A nutrient limit for this person: `key` names the text in data/assessment/texts.yaml, whose `{drugs}`
    (if any) is filled with `drugs`."""

    nutrient: str
    key: str
    drugs: str = ""


FOODS_PER_NUTRIENT = 5
DEFICIT_LABS = ("potassium", "magnesium", "calcium")  # lab names that are also nutrient names
# Populations whose recommended intake of a nutrient is higher (nutrition-and-labs.md §1 DRI tables).
POPULATION_NEEDS = (("pregnancy", "magnesium"), ("older_adult", "calcium"))
OLDER_CALCIUM_ALL_FROM = 70.0


@lru_cache(maxsize=64)
def _top_foods(nutrient: str, exclude_potassium_rich: bool) -> tuple[str, ...]:
    from crampcare.nutrition.advice import top_foods_for  # numpy and the food table: only when foods are needed

    return tuple(top_foods_for(nutrient, FOODS_PER_NUTRIENT, exclude_potassium_rich=exclude_potassium_rich))


@lru_cache(maxsize=1)
def _russian_food_names() -> dict[str, str]:
    """English food name → its Russian name (nutrition.russian, by NDB number)."""
    from crampcare.nutrition.foods import food_table
    from crampcare.nutrition.russian import names

    table, local = food_table(), names()
    return {name: local[ndb] for ndb, name in zip(table.columns.ndbs, table.columns.names, strict=True) if ndb in local}


def _need_applies(population: str, facts: PersonFacts) -> bool:
    # The higher calcium intake is for women over 50 and everyone over 70 (men 51-70: unchanged).
    return population != "older_adult" or facts.profile.sex == "female" or facts.age > OLDER_CALCIUM_ALL_FROM


def likely_needs(facts: PersonFacts, kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(nutrient, why) for low labs first, then populations with a higher intake; one entry per nutrient."""
    words = texts().diet.foods
    needs: dict[str, str] = {}
    if not facts.is_child:  # adult reference ranges only (labs.interpret)
        for name in DEFICIT_LABS:
            value, lab = facts.labs.get(name), kb.labs.get(name)
            if value is not None and lab is not None and lab.low is not None and value < lab.low:
                needs.setdefault(
                    name, words["low_lab"].format(lab=lab_words(name), value=number(value), unit=unit(lab.unit))
                )
    for population, nutrient in POPULATION_NEEDS:
        if population in facts.populations and _need_applies(population, facts):
            needs.setdefault(nutrient, words[population])
    return list(needs.items())


def foods_for(facts: PersonFacts, kb: KnowledgeBase, limits: Sequence[Limit]) -> list[FoodSuggestion]:
    return _foods(likely_needs(facts, kb), limits)


def _foods(needs: Sequence[tuple[str, str]], limits: Sequence[Limit]) -> list[FoodSuggestion]:
    limited = {limit.nutrient for limit in limits}
    found: list[FoodSuggestion] = []
    for nutrient, because in needs:
        if nutrient in limited:
            continue  # a nutrient the person must limit is never pushed, whatever a lab says
        foods = _top_foods(nutrient, "potassium" in limited)
        if spoken() == "ru":  # the nutrition core's Russian names (English where none is written yet)
            foods = tuple(_russian_food_names().get(food, food) for food in foods)
        if foods:
            found.append(FoodSuggestion(nutrient=nutrient, foods=list(foods), because=because))
    return found


def person_limits(facts: PersonFacts) -> list[Limit]:
    """The nutrient limits that apply, in a fixed order."""
    egfr = facts.labs.get("egfr")
    potassium = facts.labs.get("potassium")
    kidney = bool(facts.conditions & KIDNEY_CONDITIONS)
    limits: list[Limit] = []
    retaining = [drug_words(drug) for drug in facts.drugs if set(drug.classes) & POTASSIUM_RETAINING_CLASSES]
    if (
        kidney
        or "hyperkalaemia" in facts.conditions
        or (potassium is not None and potassium >= HYPERKALAEMIA_FROM)
        or (egfr is not None and egfr < EGFR_G3B_BELOW)
    ):
        limits.append(Limit("potassium", "potassium_kidney"))
    elif retaining:  # the kidneys are fine as far as we know: the medicines are the reason, so name them
        limits.append(Limit("potassium", "potassium_medicines", ", ".join(retaining)))
    if kidney or (egfr is not None and egfr < EGFR_G3_BELOW):
        limits.append(Limit("magnesium", "magnesium_kidney"))
        limits.append(Limit("sodium", "sodium_kidney"))
    calcium = facts.labs.get("calcium")
    if "hypercalcaemia" in facts.conditions or (
        calcium is not None and not facts.is_child and calcium > CALCIUM_HIGH_ABOVE
    ):
        limits.append(Limit("calcium", "calcium_high"))  # never push calcium before the cause is known (§2.3)
    elif "kidney_stones" in facts.conditions:
        limits.append(Limit("calcium", "calcium_stones"))
    return limits


def build_diet(facts: PersonFacts, kb: KnowledgeBase, low_sodium: bool = False) -> Diet:
    """General advice, foods for likely needs and the person's limits; with a low sodium (`low_sodium`), the
    limits say not to drink extra water (rules.yaml low_sodium_fluids)."""
    limits = tuple(person_limits(facts))
    needs = tuple(likely_needs(facts, kb))
    # The diet follows from the limits, the needs and low_sodium alone (and the language of `kb`): made once for
    # everyone who shares them, and shared (plans are read-only).
    key = (id(kb), spoken(), limits, needs, low_sodium)
    entry = _DIETS.get(key)
    if entry is None or entry[0] is not kb:
        if len(_DIETS) >= DIETS_LIMIT:
            _DIETS.clear()
        words = texts().diet
        shown = [words.limits[limit.key].format(drugs=limit.drugs) for limit in limits]
        if low_sodium:
            shown.insert(0, texts().low_sodium_fluids.diet_limit)
        entry = _DIETS[key] = (kb, Diet(advice=list(words.advice), foods=_foods(needs, limits), limits=shown))
    return entry[1]


_DIETS: dict[tuple[int, str, tuple[Limit, ...], tuple[tuple[str, str], ...], bool], tuple[KnowledgeBase, Diet]] = {}
DIETS_LIMIT = 256  # small: each kept diet is memory in every server worker (issue 17 §4)


def _population_tips(facts: PersonFacts) -> dict[str, str]:
    """The tips a population gets instead of the adult ones (issue 11 §3), by the lifestyle flag they replace: a
    child's caffeine or alcohol, any alcohol in pregnancy (rules.yaml population_lifestyle)."""
    life = facts.profile.lifestyle
    if life is None:
        return {}
    found: dict[str, str] = {}
    table = texts().prevention_by_population
    for population, entries in sorted(rules().population_lifestyle.items()):
        if population not in facts.populations:
            continue
        for entry in entries:
            value = getattr(life, entry.field)
            if value is not None and value > entry.above and entry.tip in table.get(population, {}):
                found.setdefault(entry.tip, table[population][entry.tip])
    return found


def prevention(
    facts: PersonFacts, kb_tips: list[str], *, water_advice: bool = True, low_sodium: bool = False
) -> list[str]:
    """Tips for this person's lifestyle flags first, then the knowledge base's prevention records.

    `water_advice` False (the drinking record is not self-care for this person) leaves out every tip to drink more.
    With a low sodium (`low_sodium`) the reversal leads, and the fluid tips give way to their low-sodium wording
    (texts.yaml low_sodium_fluids).
    """
    words = texts()
    held_back = set() if water_advice else set(rules().red_flag_policy.water_tips)
    swap: dict[str, str] = {str(k): v for k, v in words.low_sodium_fluids.replaces.items()} if low_sodium else {}
    tips = [words.low_sodium_fluids.tip] if low_sodium else []
    own = _population_tips(facts)
    for flag in sorted(facts.lifestyle | own.keys()):
        if flag in swap:
            tips.append(swap[flag])
        elif flag in own:
            tips.append(own[flag])
        elif flag in words.prevention_by_flag and flag not in held_back:
            tips.append(words.prevention_by_flag[flag])
    tips.extend(kb_tips or [*words.prevention_general, *(words.prevention_general_water if water_advice else [])])
    return [tip for tip in dict.fromkeys(tips) if tip]
