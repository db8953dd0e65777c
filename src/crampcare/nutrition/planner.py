"""A day's menu (or several) that reaches a person's targets within limits: a MILP solved by HiGHS.

Variables: whole household servings (0, 1 or 2) of each candidate food.
Minimise the menu cost (everyday generic foods cost least, see menu.py and menu_rules.yaml)
plus a large penalty per unit of unmet target, subject to: energy within
90-100 % of the budget; ceilings (potassium, calcium, sodium, vitamin D and B6
ULs); at most 2 servings of one food, one food of each kind (menu.kind_of: one
milk, one bean dish a day) and the per-group caps. A positive penalty means a target cannot be met: the planner
then finds the best reachable amount and raises PlanningError saying so.

Pre-filter (speed): only menu foods (filters.is_menu_food) fitting the diet and
exclusions, with known energy, Mg, K, Ca and Na, and of those the densest
sources of each target nutrient (per 100 kcal, per serving, and per mg of
potassium when potassium is capped) plus low-sodium staples for energy.
Unknown vitamin D or B6 values count as zero (a menu never relies on them).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, milp

from crampcare.errors import PlanningError
from crampcare.nutrition import menu
from crampcare.nutrition.foods import BY_ID, COLUMN, SERVING_MAX_KCAL, FoodTable
from crampcare.nutrition.limits import Limit
from crampcare.nutrition.targets import Target

Array = npt.NDArray[np.float64]

GOALS: tuple[str, ...] = ("magnesium", "potassium", "calcium", "vitamin_d", "vitamin_b6")
CAPPED: tuple[str, ...] = ("potassium", "calcium", "sodium", "vitamin_d", "vitamin_b6")
KEY_COLUMNS: tuple[str, ...] = ("energy", "magnesium", "potassium", "calcium", "sodium")
MAX_SERVINGS = 2
TOP_PER_RANKING = 25
STAPLES = 60
PENALTY = 1000.0  # per 100 % of a target missed: always worse than any menu cost
REUSE_FACTOR = 4.0
MIP_GAP = 0.02  # a menu within 2 % of the cheapest is as good; proving optimality costs seconds
TIME_LIMIT_S = 5.0  # a food already on an earlier day costs this much more (variety across days)


@dataclass(frozen=True)
class Problem:
    """What the solver needs for one day, all per day."""

    goals: dict[str, float]  # nutrient → minimum
    ceilings: dict[str, float]  # nutrient → maximum
    kcal_min: float
    kcal_max: float
    group_caps: dict[str, int]


@dataclass(frozen=True)
class Solution:
    servings: dict[int, int]  # row of the food table → servings
    shortfall: dict[str, float]  # nutrient → amount missing (0 when met)


def build_problem(targets: dict[str, Target], limits: list[Limit], group_caps: dict[str, int]) -> Problem:
    by = {limit.nutrient: limit for limit in limits}
    goals = {n: targets[n].amount for n in GOALS}
    ceilings: dict[str, float] = {n: u for n in CAPPED if (u := targets[n].upper) is not None}
    for name, limit in by.items():
        if name == "energy":
            continue
        if limit.max is not None:
            ceilings[name] = min(limit.max, ceilings.get(name, limit.max))
        if name in goals and limit.min is not None:  # a range (calcium with kidney stones)
            goals[name] = min(max(goals[name], limit.min), limit.max or goals[name])
        elif name in goals and limit.max is not None:  # a ceiling replaces the target (potassium in CKD)
            goals[name] = 0.0
    goals = {n: v for n, v in goals.items() if v > 0}
    energy = by["energy"]
    assert energy.max is not None and energy.min is not None
    return Problem(goals, ceilings, energy.min, energy.max, group_caps)


def per_serving(table: FoodTable, rows: npt.NDArray[np.intp]) -> Array:
    """(candidates × nutrients) amounts per serving; unknown → 0."""
    values = np.nan_to_num(table.values[rows], nan=0.0)
    return values * (table.serving_grams[rows] / 100.0)[:, None]


def _top(score: Array, k: int) -> npt.NDArray[np.intp]:
    k = min(k, len(score))
    return np.argpartition(-score, k - 1)[:k] if k else np.array([], dtype=np.intp)


def candidates(table: FoodTable, eligible: npt.NDArray[np.bool_], problem: Problem) -> npt.NDArray[np.intp]:
    """The pre-filtered rows: eligible foods with known key nutrients, densest sources first."""
    known = ~np.isnan(table.values[:, [COLUMN[n] for n in KEY_COLUMNS]]).any(axis=1)
    serving_kcal = table.values[:, COLUMN["energy"]] * table.serving_grams / 100.0
    ordinary = (serving_kcal > 0) & (serving_kcal <= SERVING_MAX_KCAL)
    rows = np.flatnonzero(eligible & known & ordinary)
    if len(rows) == 0:
        return rows
    amounts = per_serving(table, rows)
    kcal = np.maximum(amounts[:, COLUMN["energy"]], 1.0)
    potassium = amounts[:, COLUMN["potassium"]]
    chosen: set[int] = set()
    for name in problem.goals:
        col = amounts[:, COLUMN[name]]
        rankings = [col / kcal, col]
        if "potassium" in problem.ceilings and name != "potassium":
            rankings.append(col / (potassium + 10.0))
        for score in rankings:
            chosen.update(_top(score, TOP_PER_RANKING).tolist())
    sodium_per_kcal = amounts[:, COLUMN["sodium"]] / kcal
    staple_score = np.where(sodium_per_kcal < 2.0, kcal - potassium / 10.0, -np.inf)
    chosen.update(_top(staple_score, STAPLES).tolist())
    return rows[np.array(sorted(chosen), dtype=np.intp)]


def _membership(index_lists: list[list[int]], n: int) -> Array:
    matrix = np.zeros((len(index_lists), n))
    for r, idx in enumerate(index_lists):
        matrix[r, idx] = 1.0
    return matrix


def _group_caps(table: FoodTable, rows: npt.NDArray[np.intp], problem: Problem) -> tuple[Array, Array]:
    """Rows (coefficients over the servings, upper bounds) for the per-group portion caps."""
    groups = [(cap, [i for i, r in enumerate(rows) if table.groups[r] == g]) for g, cap in problem.group_caps.items()]
    groups = [(cap, idx) for cap, idx in groups if idx]
    return _membership([idx for _, idx in groups], len(rows)), np.array([cap for cap, _ in groups], dtype=float)


def _one_per_kind(table: FoodTable, rows: npt.NDArray[np.intp]) -> tuple[list[int], Array]:
    """Foods sharing a kind, and rows saying "at most one of them" over their on/off variables."""
    shared = [idx for idx in menu.kinds(table, rows).values() if len(idx) > 1]
    members = [i for idx in shared for i in idx]
    where = {food: k for k, food in enumerate(members)}
    return members, _membership([[where[i] for i in idx] for idx in shared], len(members))


def _constraints(
    table: FoodTable, rows: npt.NDArray[np.intp], problem: Problem, amounts: Array, goals: dict[str, float]
) -> tuple[list[LinearConstraint], int]:
    """All constraints over [servings (n) | on/off per food of a shared kind (m) | slack per goal (g)]; and m."""
    n, g = len(rows), len(goals)
    members, kind_rows = _one_per_kind(table, rows)
    m = len(members)

    def over_servings(matrix: Array) -> Array:
        return np.hstack([matrix, np.zeros((len(matrix), m + g))])

    out = []
    for j, (name, minimum) in enumerate(goals.items()):
        row = over_servings(amounts[:, COLUMN[name]][None, :])
        row[0, n + m + j] = minimum
        out.append(LinearConstraint(row, lb=minimum))
    out.append(
        LinearConstraint(over_servings(amounts[:, COLUMN["energy"]][None, :]), problem.kcal_min, problem.kcal_max)
    )
    for name, maximum in problem.ceilings.items():
        out.append(LinearConstraint(over_servings(amounts[:, COLUMN[name]][None, :]), ub=maximum))
    caps, cap_ub = _group_caps(table, rows, problem)
    if len(cap_ub):
        out.append(LinearConstraint(over_servings(caps), ub=cap_ub))
    if m:  # servings_i <= MAX_SERVINGS * on_i, and at most one "on" per kind
        link = np.zeros((m, n + m + g))
        link[np.arange(m), members] = 1.0
        link[np.arange(m), n + np.arange(m)] = -MAX_SERVINGS
        out.append(LinearConstraint(link, ub=0.0))
        out.append(
            LinearConstraint(
                np.hstack([np.zeros((len(kind_rows), n)), kind_rows, np.zeros((len(kind_rows), g))]), ub=1.0
            )
        )
    return out, m


def solve(
    table: FoodTable, rows: npt.NDArray[np.intp], problem: Problem, cost: Array, maximise: str | None = None
) -> Solution | None:
    """Solve one day; with `maximise`, ignore goals and find the most of that nutrient instead."""
    n = len(rows)
    amounts = per_serving(table, rows)
    goals = {} if maximise else problem.goals
    g = len(goals)
    constraints, m = _constraints(table, rows, problem, amounts, goals)
    # Variables: n servings, m on/off switches (no cost), then one slack per goal (fraction missed, 0..1).
    c = np.concatenate([cost, np.zeros(m), np.full(g, PENALTY)])
    if maximise:
        c[:n] = -amounts[:, COLUMN[maximise]] + 1e-6 * cost
    integrality = np.concatenate([np.ones(n + m), np.zeros(g)])
    bounds = Bounds(np.zeros(n + m + g), np.concatenate([np.full(n, MAX_SERVINGS), np.ones(m + g)]))
    result = milp(
        c,
        constraints=constraints,
        integrality=integrality,
        bounds=bounds,
        options={"time_limit": TIME_LIMIT_S, "mip_rel_gap": MIP_GAP},
    )
    if result.x is None:
        return None
    x = np.round(result.x[:n]).astype(int)
    shortfall = {name: float(result.x[n + m + j]) * minimum for j, (name, minimum) in enumerate(goals.items())}
    return Solution({int(rows[i]): int(x[i]) for i in np.flatnonzero(x)}, shortfall)


def food_costs(table: FoodTable, rows: npt.NDArray[np.intp], base: Array, day: int, used: set[int]) -> Array:
    """Menu cost per serving, a tiny day-specific tie-break, and a surcharge for foods used on earlier days."""
    ndbs = table.columns.ndbs
    jitter = np.array([zlib.crc32(f"{ndbs[r]}:{day}".encode()) % 1000 / 1e5 for r in rows])
    reuse = np.array([REUSE_FACTOR if int(r) in used else 1.0 for r in rows])
    costs: Array = base * reuse + jitter
    return costs


def explain_shortfall(
    table: FoodTable, rows: npt.NDArray[np.intp], problem: Problem, cost: Array, missed: list[str], context: str
) -> PlanningError:
    """Which targets fail, and the most of each that any allowed menu could give."""
    parts = []
    for name in missed:
        best = solve(table, rows, problem, cost, maximise=name)
        amounts = per_serving(table, np.array(sorted(best.servings), dtype=np.intp)) if best else None
        reach = 0.0
        if best is not None and amounts is not None:
            counts = np.array([best.servings[r] for r in sorted(best.servings)], dtype=float)
            reach = float(counts @ amounts[:, COLUMN[name]])
        unit = BY_ID[name].unit
        parts.append(
            f"{BY_ID[name].label} {problem.goals[name]:,.4g} {unit} cannot be reached within "
            f"{problem.kcal_max:,.0f} kcal with {context}; best reachable: {reach:,.3g} {unit}"
        )
    return PlanningError("; ".join(parts))
