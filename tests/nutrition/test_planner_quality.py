"""Issue 17 §3: the planner (highspy, a CPU-time budget, remembered starts) plans as well as before.

The reference is computed here, with `planner.solve_reference` (SciPy's HiGHS as the planner called it before
issue 17 §3, no start), for every profile of the nutrition benchmark. It is not a recorded figure: the optimum
follows from the food table, the meal rules and the costs, all of which change, and a hard-coded number would go
stale or hide a change that moved both. For each profile, a person's first plan and the same plan asked for again
(started from the remembered menus) must meet every target the reference meets, keep the same limits and cost at
most 1 % more than the reference (the sum over the days for a seven-day plan). Nothing here is timed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from crampcare.assessment.profile import Profile
from crampcare.errors import BusyError, PlanningError
from crampcare.nutrition import planner
from crampcare.nutrition.plan import MealPlan, plan_menu

CKD = Profile(age_years=68, conditions=["CKD"], medications=["ramipril"], labs={"egfr": 38})
DIALYSIS = Profile(age_years=60, conditions=["dialysis"])
# The profiles of benchmarks/bench_nutrition.py (issue 17 §3).
PROFILES: dict[str, Callable[[], MealPlan]] = {
    "healthy": lambda: plan_menu(),
    "ckd": lambda: plan_menu(CKD, kcal=1800),
    "dialysis": lambda: plan_menu(DIALYSIS),
    "vegan": lambda: plan_menu(diet="vegan", kcal=1800),
    "seven days": lambda: plan_menu(days=7),
}


@pytest.fixture(autouse=True)
def _no_remembered_menus() -> Iterator[None]:
    planner.forget_starts()
    yield
    planner.forget_starts()


def _planned(monkeypatch: pytest.MonkeyPatch, solver: Any, make: Callable[[], MealPlan]) -> tuple[MealPlan, float]:
    """The plan made with `solver` in place of `planner.solve`, and its objective summed over the days."""
    objectives: list[float] = []

    def recording(*args: Any, **kwargs: Any) -> planner.Solution | None:
        solution = solver(*args, **kwargs)
        if solution is not None and kwargs.get("maximise") is None:
            objectives.append(solution.objective)
        return solution

    with monkeypatch.context() as patch:
        patch.setattr(planner, "solve", recording)
        plan = make()
    assert len(objectives) == len(plan.days)
    return plan, sum(objectives)


@pytest.mark.parametrize("name", list(PROFILES))
def test_plans_as_well_as_the_solver_before_issue_17(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    make = PROFILES[name]
    reference, reference_cost = _planned(monkeypatch, planner.solve_reference, make)
    first, first_cost = _planned(monkeypatch, planner.solve, make)
    again, again_cost = _planned(monkeypatch, planner.solve, make)  # from the menus remembered by the first
    met_before = {check.nutrient for check in reference.checks if check.met}
    for plan, cost in ((first, first_cost), (again, again_cost)):
        assert {check.nutrient for check in plan.checks if check.met} >= met_before
        assert plan.limits == reference.limits
        assert [(c.nutrient, c.target, c.maximum) for c in plan.checks] == [
            (c.nutrient, c.target, c.maximum) for c in reference.checks
        ]
        for check in plan.checks:  # every limit respected
            assert check.maximum is None or check.average <= check.maximum * 1.001, check
        assert cost <= reference_cost * 1.01, (name, cost, reference_cost)
    assert again_cost <= first_cost * 1.000001  # a remembered menu is a start: the answer is never worse


def test_a_remembered_menu_is_only_the_start_of_the_same_problem() -> None:
    plan_menu(CKD, kcal=1800)
    kept = len(planner._starts)
    plan_menu(CKD, kcal=1800)
    assert len(planner._starts) == kept  # the same problem: its menu was the start, nothing new to keep
    plan_menu(CKD, kcal=2000)  # another budget is another problem, planned afresh
    assert len(planner._starts) == kept + 1


def test_the_wall_clock_backstop_cut_short_decides_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # The CPU budget is the limit that counts (tests/nutrition/test_meals.py); the wall-clock limit is a backstop.
    # Reached before the search has a menu meeting every target, it is "try again", never "cannot be reached".
    monkeypatch.setattr(planner, "WALL_LIMIT_S", 1e-9)
    with pytest.raises(BusyError) as caught:
        plan_menu(DIALYSIS)
    assert not isinstance(caught.value, PlanningError) and "cannot be reached" not in caught.value.message


def test_a_menu_short_of_a_target_within_the_gap_is_checked_before_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    # With a wide gap HiGHS stops at a menu that misses targets although others meet them all (the penalty is
    # part of the objective the gap is taken on); the planner proves it before saying "cannot be reached".
    monkeypatch.setattr(planner, "MIP_GAP", 0.9)
    plan = plan_menu()
    assert all(check.met for check in plan.checks)
