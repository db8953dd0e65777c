"""`plan_menu`: targets + limits + diet → N days of menus, with totals and hydration advice."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from crampcare.assessment.profile import Profile
from crampcare.errors import InputError, PlanningError
from crampcare.i18n import N_, TypedNumber, _
from crampcare.labels import FOOD_CREDIT
from crampcare.nutrition import filters, meals, menu, planner, russian
from crampcare.nutrition.foods import BY_ID, NUTRIENT_IDS, food_table
from crampcare.nutrition.limits import Limit, limit_rules, limits_for, resolve_facts
from crampcare.nutrition.targets import Target, targets_for
from crampcare.nutrition.wording import english, figure, said, unit

HYDRATION_FILE = Path(__file__).resolve().parent.parent / "data" / "nutrition" / "hydration.yaml"
MAX_DAYS = 14
# Menus start at 1 year: the reference's 0-12 month DRIs are AIs for infant feeding, not for household menus.
MIN_AGE_YEARS = 1.0
# Under 18 the 2,000 kcal default (the adult food-label reference diet) is not a child's budget, and the
# reference (nutrition-and-labs.md) gives no energy figures for children, so a child's plan needs --kcal.
ADULT_AGE_YEARS = 18.0
DEFAULT_PERSON = Profile(age_years=40)
# The plan's own sentences: catalogue messages (crampcare.i18n), said in the active language when a plan is made.
ASSUMED_NOTE = N_(
    "no profile given: targets for a 40-year-old adult (the DRI rows that include age 40, e.g. 31-50 y); sex not "
    "given, so each target is the higher of the male and female values; no conditions, medicines, labs, "
    "pregnancy or breastfeeding, so no condition- or medicine-based limits. Give --profile for your own targets."
)
CHILD_NOTE = N_(
    "Targets are the DRIs for age %(age)s (reference tables from 1 year). Portions are adult household "
    "measures (a cup, 3 oz): ask the child's doctor or dietitian to check the menu and the portion sizes."
)
SHOWN_CAPS = ("potassium", "calcium", "sodium")  # the ULs of vitamins D and B6 never bind on food
STRUCTURE_NOTE = N_(
    "Meals follow a plausible pattern (a starch, a protein food and a vegetable at lunch and dinner; household "
    "portions such as 1 oz of cheese or nuts, 3 oz of meat or fish, about a cup of grains, fruit or vegetables). "
    "The minimum portions of vegetables and fruit (about 80 g each) are a common convention, not a cited "
    "guideline; the leg-cramp article suggests more green leafy vegetables, fruit, dairy, fish, nuts and seeds."
)


class MenuItem(BaseModel):
    slot: str  # meal id: breakfast, lunch, dinner, snack
    ndb: str
    name: str
    group: str
    role: str  # menu role: starch kinds (cereal, bread, grain, potato), meat, legume, vegetable, fruit, cheese …
    servings: int
    serving: str  # household measure, e.g. "1 cup"
    grams: float
    nutrients: dict[str, float]  # per the servings eaten


class DayMenu(BaseModel):
    day: int
    items: list[MenuItem]  # in meal order
    totals: dict[str, float]
    portions: dict[str, float]  # daily minimums counted ("vegetables", "fruit"): portions of about 80 g


class Meal(BaseModel):
    id: str
    label: str


class NutrientCheck(BaseModel):
    nutrient: str
    unit: str
    target: float | None
    maximum: float | None
    average: float  # per day over the plan
    met: bool


class MealPlan(BaseModel):
    days: list[DayMenu]
    checks: list[NutrientCheck]
    targets: list[Target]
    limits: list[Limit]
    diet: str | None
    exclude: list[str]
    unresolved: list[str]  # profile names that matched nothing: their limits could not be applied
    hydration: list[str]
    source_note: str
    meals: list[Meal]  # the meals of a day, in order
    structure_note: str  # what the meal rules ask of a day, and their basis
    assumed: str | None = None  # who the targets are for when no profile was given
    notes: list[str] = []  # about the person the plan is for (a child: portions to check)


@cache
def _hydration() -> list[dict[str, Any]]:
    loaded: dict[str, list[dict[str, Any]]] = yaml.safe_load(HYDRATION_FILE.read_text(encoding="utf-8"))
    return loaded["advice"]


def hydration_advice() -> list[str]:
    """The drinking advice in the active language."""
    return [said(item, "text") for item in _hydration()]


def _check_diet(diet: str | None) -> str | None:
    if diet is not None and diet not in filters.DIETS:
        raise InputError(
            _("unknown diet %(diet)s") % {"diet": repr(diet)}, field="diet", valid=", ".join(filters.DIETS)
        )
    return diet


def _eligible(diet: str | None, exclude: tuple[str, ...]) -> filters.Mask:
    table = food_table()
    mask = filters.menu_mask(table) & filters.diet_mask(table, diet)
    if exclude:
        filters.check_exclusions(table, exclude, field="exclude")
        mask = mask & ~filters.excluded_mask(table, exclude)
    return mask


DIET_FOODS = {
    "vegetarian": N_("the vegetarian foods available"),
    "vegan": N_("the vegan foods available"),
    "lactose_free": N_("the lactose-free foods available"),
}


def _context(diet: str | None, problem: planner.Problem) -> str:
    """What the menu could be made of, for an error: the diet's foods and the person's ceilings."""
    if diet:
        foods = _(DIET_FOODS[diet]) if diet in DIET_FOODS else f"the {diet.replace('_', '-')} foods available"
    else:
        foods = _("the foods available")
    caps = [
        f"{_(BY_ID[n].label)} ≤ {figure(v, ',.0f')} {unit(BY_ID[n].unit)}"
        for n, v in problem.ceilings.items()
        if n in SHOWN_CAPS
    ]
    return foods + (_(" (limits: %(caps)s)") % {"caps": ", ".join(caps)} if caps else "")


def _day(solution: planner.Solution, day: int) -> DayMenu:
    table = food_table()
    items = []
    for placement in solution.placements:
        food = table.foods[placement.row]
        grams = food.serving.grams * placement.servings
        amounts = {n: round(food.amount(n, grams) or 0.0, 3) for n in NUTRIENT_IDS}
        items.append(
            MenuItem(
                slot=placement.slot,
                ndb=food.ndb,
                name=food.name if english() else russian.food_name(food),
                group=food.group if english() else russian.group_name(food.group),
                role=food.role,
                servings=placement.servings,
                serving=food.serving.label if english() else russian.measure(food.serving.label),
                grams=round(grams, 1),
                nutrients=amounts,
            )
        )
    totals = {n: round(sum(i.nutrients[n] for i in items), 2) for n in NUTRIENT_IDS}
    portions = {
        need.name: round(
            sum(meals.portions_of(i.role, i.grams / i.servings, i.servings) for i in items if i.role in need.roles),
            2,
        )
        for need in meals.meal_rules().minimums
    }
    return DayMenu(day=day, items=items, totals=totals, portions=portions)


def _checks(days: list[DayMenu], problem: planner.Problem, targets: dict[str, Target]) -> list[NutrientCheck]:
    out = []
    for name in ("energy", *planner.GOALS, "sodium"):
        average = sum(d.totals[name] for d in days) / len(days)
        goal = problem.goals.get(name, problem.kcal_min if name == "energy" else None)
        ceiling = problem.ceilings.get(name, problem.kcal_max if name == "energy" else None)
        met = (goal is None or average >= goal * 0.999) and (ceiling is None or average <= ceiling * 1.001)
        out.append(
            NutrientCheck(
                nutrient=name, unit=BY_ID[name].unit, target=goal, maximum=ceiling, average=round(average, 2), met=met
            )
        )
    return out


ALLERGY_NOTE = N_(
    "The profile's allergies are medicine allergies; this menu is not checked for food allergies or "
    "intolerances. Leave such foods out with --exclude (e.g. --exclude peanut)."
)


def _check_person(profile: Profile, kcal: float | None) -> list[str]:
    """Refuse what the planner cannot honestly plan for; notes about who the plan is for otherwise."""
    age = profile.age_years
    if age < MIN_AGE_YEARS:
        raise InputError(
            _(
                "%(age)s is under 1 year: menus of household foods are not planned for babies; their feeding "
                "(breast milk, formula, first foods) is for their doctor or health visitor"
            )
            % {"age": figure(age, "g")},
            field="age_years",
            valid=_("1-120 years"),
        )
    if age >= ADULT_AGE_YEARS:
        return []
    if kcal is None:
        raise InputError(
            _(
                "required for a child (age_years %(age)s): the %(default)s kcal default is the adult food-label "
                "reference, not a child's budget; ask the child's doctor or dietitian for a daily energy budget"
            )
            % {"age": figure(age, "g"), "default": figure(limit_rules()["energy"]["default_kcal"], ",.0f")},
            field="kcal",
            valid=_("1000-5000 kcal per day"),
        )
    return [_(CHILD_NOTE) % {"age": figure(age, "g")}]


def plan_menu(
    profile: Profile | None = None,
    *,
    days: int = 1,
    kcal: float | None = None,
    diet: str | None = None,
    exclude: tuple[str, ...] = (),
    potassium_limit_mg: float | None = None,
) -> MealPlan:
    """Plan `days` menus for the person (a 40-year-old of unknown sex when no profile is given, said in `assumed`).

    InputError for a baby (under 1 year) and for a child (under 18) without `kcal`."""
    if not 1 <= days <= MAX_DAYS:
        raise InputError(
            _("must be between 1 and %(most)s (got %(days)s)") % {"most": MAX_DAYS, "days": days}, field="days"
        )
    if kcal is not None and not 1000 <= kcal <= 5000:
        typed = kcal.typed if isinstance(kcal, TypedNumber) else figure(kcal, "g")  # as typed at the prompt
        said_kcal = _("kcal %(kcal)s is not a plausible daily budget") % {"kcal": typed}
        raise InputError(said_kcal, field="kcal", valid=_("1000-5000 kcal per day"))
    assumed = _(ASSUMED_NOTE) if profile is None else None
    profile = profile or DEFAULT_PERSON
    notes = _check_person(profile, kcal)
    if profile.allergies:  # medicine allergies: saying nothing would read as "checked against my allergies"
        notes.append(_(ALLERGY_NOTE))
    facts = resolve_facts(profile)
    unresolved = list(facts.unresolved)
    if diet is None and "lactose_intolerance" in facts.conditions:
        diet = "lactose_free"
    diet = _check_diet(diet)
    targets = targets_for(profile.age_years, profile.sex, profile.pregnancy_weeks is not None, profile.breastfeeding)
    limits = limits_for(profile, kcal=kcal, potassium_limit_mg=potassium_limit_mg)
    problem = planner.build_problem(targets, limits, filters.menu_rules()["group_portion_cap"])
    table = food_table()
    rows = planner.candidates(table, _eligible(diet, exclude), problem)
    if len(rows) == 0:
        raise PlanningError(_("no foods are left after the diet and exclusions; remove an exclusion"))
    base = menu.menu_costs(table, rows)
    menus: list[DayMenu] = []
    used: set[int] = set()
    for day in range(1, days + 1):
        cost = planner.food_costs(table, rows, base, day, used)
        solution = planner.solve(table, rows, problem, cost)
        if solution is None:
            raise PlanningError(
                _(
                    "no menu of %(rules)s fits %(low)s-%(high)s kcal with %(context)s; "
                    "change --kcal or remove an exclusion"
                )
                % {
                    "rules": meals.meal_rules().summary(),
                    "low": figure(problem.kcal_min, ",.0f"),
                    "high": figure(problem.kcal_max, ",.0f"),
                    "context": _context(diet, problem),
                }
            )
        missed = [n for n, gap in solution.shortfall.items() if gap > 1e-6 * max(problem.goals[n], 1.0)]
        if missed:
            raise planner.explain_shortfall(table, rows, problem, cost, missed, _context(diet, problem))
        menus.append(_day(solution, day))
        used.update(solution.servings)
    return MealPlan(
        days=menus,
        checks=_checks(menus, problem, targets),
        targets=list(targets.values()),
        limits=limits,
        diet=diet,
        exclude=list(exclude),
        unresolved=unresolved,
        hydration=hydration_advice(),
        source_note=_(FOOD_CREDIT),
        meals=[Meal(id=slot.id, label=slot.shown()) for slot in meals.meal_rules().slots],
        structure_note=_(STRUCTURE_NOTE),
        assumed=assumed,
        notes=notes,
    )
