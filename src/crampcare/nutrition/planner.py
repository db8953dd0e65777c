"""A day's menu (or several) that reaches a person's targets within limits: a MILP solved by HiGHS (highspy).

Solving (issue 17 §3): HiGHS stops at a CPU-time budget of the solving thread (a busy machine does not cut
the search short; a wall-clock backstop remains), and a search cut short before it has a menu meeting every
target raises BusyError, never "cannot be reached". The menu of each problem solved lately is remembered by a
digest of the whole problem and given to HiGHS as the start when the very same problem comes again (a plan
asked for again: ~30 ms instead of up to 0.7 s for a potassium ceiling); HiGHS checks a start against every
constraint. `solve_reference` is the path before issue 17 (SciPy's HiGHS, no start), kept for the tests.

Variables: whole household servings of each candidate food *at each meal* that
allows its role (meals.py: a placement), e.g. "1 oz cheddar at lunch".
Minimise the menu cost (everyday generic foods cost least, see menu.py and menu_rules.yaml)
plus a large penalty per unit of unmet target, subject to: energy within
90-100 % of the budget; ceilings (potassium, calcium, sodium, vitamin D and B6
ULs); the meal rules (a starch, a protein food and a vegetable at lunch and dinner,
never two starches at one meal, at least N portions of vegetables and of fruit a day);
each food at one meal only, one food of each kind a day (menu.kind_of: one milk,
one bean dish) and the per-group caps. A positive penalty means a target cannot be
met: the planner then finds the best reachable amount and raises PlanningError saying so.

Pre-filter (speed): only menu foods (filters.is_menu_food) with a menu role,
fitting the diet and exclusions, with known energy, Mg, K, Ca and Na; of those the
densest sources of each target nutrient (per 100 kcal, per serving, and per mg of
potassium when potassium is capped), the cheapest (most everyday) foods of each
role, and low-sodium staples for energy. Unknown vitamin D or B6 values count as
zero (a menu never relies on them).
"""

from __future__ import annotations

import hashlib
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from crampcare.errors import BusyError, CrampcareError, PlanningError
from crampcare.i18n import _
from crampcare.nutrition import meals, menu
from crampcare.nutrition.foods import BY_ID, COLUMN, SERVING_MAX_KCAL, FoodTable
from crampcare.nutrition.limits import Limit
from crampcare.nutrition.targets import Target
from crampcare.nutrition.wording import figure, unit

Array = npt.NDArray[np.float64]

GOALS: tuple[str, ...] = ("magnesium", "potassium", "calcium", "vitamin_d", "vitamin_b6")
CAPPED: tuple[str, ...] = ("potassium", "calcium", "sodium", "vitamin_d", "vitamin_b6")
KEY_COLUMNS: tuple[str, ...] = ("energy", "magnesium", "potassium", "calcium", "sodium")
TOP_PER_RANKING = 20
CHEAPEST_PER_ROLE = 12  # the most everyday foods of each role, so every meal can be built from ordinary food
STAPLES = 30
PER_KIND = 3
CEILING_SHARE = 0.25  # a food whose serving holds more than this share of a daily ceiling is not a candidate
PENALTY = 1000.0  # per 100 % of a target missed: always worse than any menu cost
REUSE_FACTOR = 4.0  # a food already on an earlier day costs this much more (variety across days)
# The cost is an editorial preference: a menu within 10 % of the cheapest is as good, and proving more costs
# the solver seconds on tight profiles (a potassium ceiling with the meal rules).
MIP_GAP = 0.10
# A safety net only (typical solves take 20-700 ms of CPU). CPU time of the solving thread, not wall time: on a
# busy machine a wall-clock limit cut searches short that had used a fraction of it (issue 17).
CPU_LIMIT_S = 5.0
WALL_LIMIT_S = 60.0  # a backstop for a machine so busy that the thread hardly runs


@dataclass(frozen=True)
class Problem:
    """What the solver needs for one day, all per day."""

    goals: dict[str, float]  # nutrient → minimum
    ceilings: dict[str, float]  # nutrient → maximum
    kcal_min: float
    kcal_max: float
    group_caps: dict[str, int]


@dataclass(frozen=True)
class Placement:
    row: int  # row of the food table
    slot: str  # meal id ("breakfast" …)
    servings: int


@dataclass(frozen=True)
class Solution:
    placements: list[Placement]  # in meal order
    shortfall: dict[str, float]  # nutrient → amount missing (0 when met)
    objective: float  # menu cost + penalties, what the solver minimised (maximising: minus the amount)

    @property
    def servings(self) -> dict[int, int]:
        """Row of the food table → servings over the day."""
        out: dict[int, int] = {}
        for item in self.placements:
            out[item.row] = out.get(item.row, 0) + item.servings
        return out


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


def _cheapest_per_role(table: FoodTable, rows: npt.NDArray[np.intp]) -> set[int]:
    costs = menu.costs_of(table)[rows]
    roles = np.array([table.roles[r] for r in rows.tolist()])
    chosen: set[int] = set()
    for role in set(roles.tolist()):
        where = np.flatnonzero(roles == role)
        chosen.update(where[_top(-costs[where], CHEAPEST_PER_ROLE)].tolist())
    return chosen


def candidates(table: FoodTable, eligible: npt.NDArray[np.bool_], problem: Problem) -> npt.NDArray[np.intp]:
    """The pre-filtered rows: eligible menu foods with known key nutrients (module docstring)."""
    known = ~np.isnan(table.values[:, [COLUMN[n] for n in KEY_COLUMNS]]).any(axis=1)
    serving_kcal = table.values[:, COLUMN["energy"]] * table.serving_grams / 100.0
    ordinary = (serving_kcal > 0) & (serving_kcal <= SERVING_MAX_KCAL)
    has_role = np.isin(np.array(table.roles), list(meals.menu_roles()))
    within = np.ones(len(table), dtype=bool)
    for name, maximum in problem.ceilings.items():  # one serving taking a large share of a ceiling never fits a day
        amount = np.nan_to_num(table.values[:, COLUMN[name]]) * table.serving_grams / 100.0
        within &= amount <= CEILING_SHARE * maximum
    rows = np.flatnonzero(eligible & known & ordinary & has_role & within)
    if len(rows) == 0:
        return rows
    amounts = per_serving(table, rows)
    kcal = np.maximum(amounts[:, COLUMN["energy"]], 1.0)
    potassium = amounts[:, COLUMN["potassium"]]
    chosen = _cheapest_per_role(table, rows)
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
    picked = np.array(sorted(chosen), dtype=np.intp)
    return rows[_few_per_kind(table, rows[picked], amounts[picked], problem, picked)]


def _few_per_kind(
    table: FoodTable, rows: npt.NDArray[np.intp], amounts: Array, problem: Problem, positions: npt.NDArray[np.intp]
) -> npt.NDArray[np.intp]:
    """`positions` kept: at most PER_KIND foods of one kind (a menu holds one of them anyway), the cheapest and
    those giving the most of the goals per unit of cost. Near-twins ("with salt"/"without salt") only slow the
    solver down."""
    cost = menu.costs_of(table)[rows]
    value = sum(np.minimum(amounts[:, COLUMN[n]] / goal, 1.0) for n, goal in problem.goals.items())
    score = np.asarray(value, dtype=np.float64) / np.maximum(cost, 1e-6)
    keep: list[int] = []
    for members in menu.kinds(table, rows).values():
        idx = np.array(members, dtype=np.intp)
        best = set(idx[np.argsort(-score[idx], kind="stable")[: PER_KIND - 1]].tolist())
        best.add(int(idx[np.argmin(cost[idx])]))
        keep.extend(best)
    return positions[np.array(sorted(keep), dtype=np.intp)]


def _membership(index_lists: list[list[int]], n: int) -> Array:
    matrix = np.zeros((len(index_lists), n))
    for r, idx in enumerate(index_lists):
        matrix[r, idx] = 1.0
    return matrix


def _group_caps(table: FoodTable, plan: meals.Layout, problem: Problem) -> tuple[Array, Array]:
    """Rows (coefficients over the placements, upper bounds) for the per-group portion caps."""
    groups = np.array([table.groups[r] for r in plan.rows[plan.food].tolist()])
    caps = [(cap, np.flatnonzero(groups == g).tolist()) for g, cap in problem.group_caps.items()]
    caps = [(cap, idx) for cap, idx in caps if idx]
    return _membership([idx for _, idx in caps], len(plan)), np.array([cap for cap, _ in caps], dtype=float)


def _one_per_kind(table: FoodTable, plan: meals.Layout) -> tuple[list[int], Array]:
    """At most one placement of each kind of food a day (so also: each food at one meal only).

    Returns the placements that need an on/off switch (those allowing more than one serving, e.g. two eggs),
    and rows over [placements | switches] saying "at most one of these is used".
    """
    by_kind = menu.kinds(table, plan.rows)
    placements_of: dict[int, list[int]] = {}
    for p, i in enumerate(plan.food.tolist()):
        placements_of.setdefault(i, []).append(p)
    shared = [[p for i in foods for p in placements_of.get(i, [])] for foods in by_kind.values()]
    shared = [group for group in shared if len(group) > 1]
    switched = sorted({p for group in shared for p in group if plan.upper[p] > 1})
    where = {p: k for k, p in enumerate(switched)}
    n = len(plan)
    matrix = np.zeros((len(shared), n + len(switched)))
    for r, group in enumerate(shared):
        for p in group:
            matrix[r, n + where[p] if p in where else p] = 1.0
    return switched, matrix


def _constraints(
    table: FoodTable, plan: meals.Layout, problem: Problem, amounts: Array, goals: dict[str, float]
) -> tuple[list[LinearConstraint], int]:
    """All constraints over [placements (n) | switches (m) | slack per goal (g)]; and m."""
    n, g = len(plan), len(goals)
    switched, kind_rows = _one_per_kind(table, plan)
    m = len(switched)
    rules = meals.meal_rules()

    def over_placements(matrix: Array) -> Array:
        return np.hstack([matrix, np.zeros((len(matrix), m + g))])

    out = []
    for j, (name, minimum) in enumerate(goals.items()):
        row = over_placements(amounts[:, COLUMN[name]][None, :])
        row[0, n + m + j] = minimum
        out.append(LinearConstraint(row, lb=minimum))
    out.append(
        LinearConstraint(over_placements(amounts[:, COLUMN["energy"]][None, :]), problem.kcal_min, problem.kcal_max)
    )
    for name, maximum in problem.ceilings.items():
        out.append(LinearConstraint(over_placements(amounts[:, COLUMN[name]][None, :]), ub=maximum))
    caps, cap_ub = _group_caps(table, plan, problem)
    if len(cap_ub):
        out.append(LinearConstraint(over_placements(caps), ub=cap_ub))
    meal_matrix, meal_lb, meal_ub = meals.meal_rows(table, plan, rules, amounts[:, COLUMN["energy"]], problem.kcal_max)
    out.append(LinearConstraint(over_placements(meal_matrix), meal_lb, meal_ub))
    portion_matrix, portion_min = meals.portion_weights(table, plan, rules)
    out.append(LinearConstraint(over_placements(portion_matrix), lb=portion_min))
    if m:  # servings_p <= upper_p * on_p for placements with a switch
        link = np.zeros((m, n + m + g))
        link[np.arange(m), switched] = 1.0
        link[np.arange(m), n + np.arange(m)] = -plan.upper[switched]
        out.append(LinearConstraint(link, ub=0.0))
    if len(kind_rows):
        out.append(LinearConstraint(np.hstack([kind_rows, np.zeros((len(kind_rows), g))]), ub=1.0))
    return out, m


# highspy 1.12 ships no type hints and later releases do: called through Any, mypy accepts both.
_HIGHS: Any = highspy.Highs


@dataclass(frozen=True)
class _Model:
    """One day's MILP over [placements (n) | switches (m) | slack per goal (g)], in HiGHS's terms."""

    plan: meals.Layout
    maximise: str | None
    goals: dict[str, float]
    m: int
    c: Array
    matrix: sparse.csc_array
    row_lower: Array
    row_upper: Array
    col_upper: Array
    integrality: Array  # 1 integer, 0 continuous

    def digest(self) -> bytes:
        """Everything that decides the day's menu: the same digest, the same problem."""
        h = hashlib.blake2b(digest_size=20)
        for part in (
            self.c,
            self.matrix.data,
            self.matrix.indices,
            self.matrix.indptr,
            self.row_lower,
            self.row_upper,
            self.col_upper,
            self.integrality,
        ):
            h.update(np.ascontiguousarray(part).tobytes())
            h.update(b"|")
        return h.digest()


def _model(table: FoodTable, rows: npt.NDArray[np.intp], problem: Problem, cost: Array, maximise: str | None) -> _Model:
    plan = meals.layout(table, rows, meals.meal_rules())
    n = len(plan)
    amounts = per_serving(table, rows)[plan.food]
    goals = {} if maximise else problem.goals
    g = len(goals)
    constraints, m = _constraints(table, plan, problem, amounts, goals)
    # Variables: n placements, m on/off switches (no cost), then one slack per goal (fraction missed, 0..1).
    c = np.concatenate([cost[plan.food], np.zeros(m), np.full(g, PENALTY)])
    if maximise:
        c[:n] = -amounts[:, COLUMN[maximise]] + 1e-6 * cost[plan.food]
    matrices = [np.atleast_2d(k.A) for k in constraints]
    lower = np.concatenate([np.broadcast_to(k.lb, (len(a),)) for k, a in zip(constraints, matrices, strict=True)])
    upper = np.concatenate([np.broadcast_to(k.ub, (len(a),)) for k, a in zip(constraints, matrices, strict=True)])
    return _Model(
        plan=plan,
        maximise=maximise,
        goals=goals,
        m=m,
        c=c,
        matrix=sparse.csc_array(np.vstack(matrices)),
        row_lower=lower.astype(np.float64),
        row_upper=upper.astype(np.float64),
        col_upper=np.concatenate([plan.upper, np.ones(m + g)]),
        integrality=np.concatenate([np.ones(n + m), np.zeros(g)]),
    )


# Menus of the problems solved lately (by digest), each the start of the same problem's next solve: a person's
# plan asked for again (a page re-rendered, a re-plan) costs the solver tens of ms instead of up to a second.
# A start only speeds HiGHS up: it checks the start against every constraint, and the answer is its own.
STARTS_KEPT = 256
_starts: OrderedDict[bytes, Array] = OrderedDict()
_starts_lock = threading.Lock()


def forget_starts() -> None:
    """Drop the remembered menus (benchmarks measure the first plan of a person with this)."""
    with _starts_lock:
        _starts.clear()


def _remembered(key: bytes) -> Array | None:
    with _starts_lock:
        x = _starts.get(key)
        if x is not None:
            _starts.move_to_end(key)
        return x


def _remember(key: bytes, x: Array) -> None:
    with _starts_lock:
        _starts[key] = x
        _starts.move_to_end(key)
        while len(_starts) > STARTS_KEPT:
            _starts.popitem(last=False)


def _highs(model: _Model, start: Array | None, strict: bool = False) -> tuple[bool, Array | None]:
    """Run HiGHS: (stopped at a limit, the best menu found or None); `strict`: every goal must be met."""
    h = _HIGHS()
    h.setOptionValue("output_flag", False)
    # HiGHS's presolve costs more than it saves on these small, dense menu problems
    # (measured: CKD 514 → 310 ms, healthy 25 → 14 ms, same objective within the gap).
    h.setOptionValue("presolve", "off")
    h.setOptionValue("mip_rel_gap", MIP_GAP)
    h.setOptionValue("time_limit", WALL_LIMIT_S)
    h.setOptionValue("threads", 1)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(model.c), len(model.row_lower)
    lp.col_cost_ = model.c
    lp.col_lower_ = np.zeros(len(model.c))
    lp.col_upper_ = (
        np.where(np.arange(len(model.c)) >= len(model.plan) + model.m, 0.0, model.col_upper)
        if strict
        else model.col_upper
    )
    lp.row_lower_ = np.where(np.isfinite(model.row_lower), model.row_lower, -highspy.kHighsInf)
    lp.row_upper_ = np.where(np.isfinite(model.row_upper), model.row_upper, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = model.matrix.indptr
    lp.a_matrix_.index_ = model.matrix.indices
    lp.a_matrix_.value_ = model.matrix.data
    integer, continuous = highspy.HighsVarType.kInteger, highspy.HighsVarType.kContinuous
    lp.integrality_ = [integer if v else continuous for v in model.integrality.tolist()]
    h.passModel(lp)
    if start is not None:
        given = highspy.HighsSolution()
        given.col_value = start.tolist()
        given.value_valid = True
        h.setSolution(given)
    began = time.thread_time()  # CPU time of this thread: other people's load cannot use up this budget

    def over_budget(event: Any) -> None:
        if time.thread_time() - began > CPU_LIMIT_S:
            event.interrupt()

    h.cbMipInterrupt.subscribe(over_budget)
    h.run()
    status = h.getModelStatus()
    stopped = status in (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt)
    if status == highspy.HighsModelStatus.kInfeasible:
        return False, None
    if status != highspy.HighsModelStatus.kOptimal and not stopped:
        # An unexpected solver status is crampcare's fault, not the person's: say so plainly, never a traceback.
        raise CrampcareError(f"the meal planner's solver ended with {h.modelStatusToString(status)}; no menu was made")
    feasible = h.getInfo().primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    return stopped, np.array(h.getSolution().col_value) if feasible else None


def solve(
    table: FoodTable, rows: npt.NDArray[np.intp], problem: Problem, cost: Array, maximise: str | None = None
) -> Solution | None:
    """Solve one day; with `maximise`, ignore goals and find the most of that nutrient instead.

    `cost` is per serving of each candidate row. HiGHS (highspy) with a CPU-time budget, starting from the
    menu of the same problem when one was solved lately."""
    model = _model(table, rows, problem, cost, maximise)
    key = model.digest()
    stopped, x = _highs(model, None if maximise else _remembered(key))
    solution = _solution(table, rows, model, stopped, x)
    if solution is not None and not maximise and _misses(solution, model.goals):
        # HiGHS stops within MIP_GAP of the best objective, penalties included, so a menu a little short of a
        # target can be what the gap let through. Only a proof that no menu meets every target says "cannot".
        stopped, strict = _highs(model, None, strict=True)
        if strict is not None:
            x, solution = strict, _solution(table, rows, model, stopped, strict)
        elif stopped:
            raise _busy()
    if solution is not None and x is not None and not stopped and not maximise:
        _remember(key, x)
    return solution


def solve_reference(
    table: FoodTable, rows: npt.NDArray[np.intp], problem: Problem, cost: Array, maximise: str | None = None
) -> Solution | None:
    """`solve` as it was before issue 17 §3 (SciPy's HiGHS, no start, a wall-time limit): the reference the tests
    hold the planner's quality to."""
    model = _model(table, rows, problem, cost, maximise)
    constraints = LinearConstraint(model.matrix, model.row_lower, model.row_upper)
    result = milp(
        model.c,
        constraints=constraints,
        integrality=model.integrality,
        bounds=Bounds(np.zeros(len(model.c)), model.col_upper),
        options={"time_limit": WALL_LIMIT_S, "mip_rel_gap": MIP_GAP, "presolve": False},
    )
    return _solution(table, rows, model, result.status == 1, result.x)


def _solution(
    table: FoodTable, rows: npt.NDArray[np.intp], model: _Model, stopped: bool, found: Array | None
) -> Solution | None:
    """The menu from the solver's values; BusyError when a search cut short decides nothing."""
    if stopped and (found is None or model.maximise):
        raise _busy()
    if found is None:
        return None
    n, m, goals = len(model.plan), model.m, model.goals
    x = np.round(found[:n]).astype(int)
    slots = meals.meal_rules().slots
    plan = model.plan
    placements = sorted(
        (Placement(int(rows[plan.food[p]]), slots[plan.slot[p]].id, int(x[p])) for p in np.flatnonzero(x)),
        key=lambda item: ([s.id for s in slots].index(item.slot), table.groups[item.row], item.row),
    )
    shortfall = {name: float(found[n + m + j]) * minimum for j, (name, minimum) in enumerate(goals.items())}
    if stopped and _misses(Solution(placements, shortfall, 0.0), goals):
        # A menu that misses a target when the search was cut short says nothing about whether one exists.
        raise _busy()
    return Solution(placements, shortfall, float(model.c @ found))


def _misses(solution: Solution, goals: dict[str, float]) -> bool:
    return any(gap > 1e-6 * max(goals[name], 1.0) for name, gap in solution.shortfall.items())


def _busy() -> BusyError:
    return BusyError(
        _(
            "the meal planner stopped at its time limit (%(cpu)s s of computing, %(wall)s s in all) before it had "
            "an answer (the computer is busy); nothing was decided: try again in a moment"
        )
        % {"cpu": figure(CPU_LIMIT_S, "g"), "wall": figure(WALL_LIMIT_S, "g")}
    )


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
        reach = 0.0
        if best is not None:
            for row, count in best.servings.items():
                reach += count * float(per_serving(table, np.array([row], dtype=np.intp))[0, COLUMN[name]])
        parts.append(
            _(
                "%(nutrient)s %(goal)s %(unit)s cannot be reached within %(kcal)s kcal with %(context)s; "
                "best reachable: %(best)s %(unit)s"
            )
            % {
                "nutrient": _(BY_ID[name].label),
                "goal": figure(problem.goals[name], ",.4g"),
                "unit": unit(BY_ID[name].unit),
                "kcal": figure(problem.kcal_max, ",.0f"),
                "context": context,
                "best": figure(reach, ",.3g"),
            }
        )
    return PlanningError("; ".join(parts))
