"""Nutrition speed: table load, and a one-day plan over the full SR28 table (target ≤ 0.5 s)."""

from __future__ import annotations

import time

from crampcare.assessment.profile import Profile


def _timed(label: str, func: object, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    print(f"{label:<48} {best * 1000:8.1f} ms (best of {repeat})")
    return best


def main() -> None:
    start = time.perf_counter()
    from crampcare.nutrition.foods import food_table
    from crampcare.nutrition.plan import plan_menu

    table = food_table()
    label = f"load food table ({len(table)} foods), first call"
    print(f"{label:<48} {(time.perf_counter() - start) * 1000:8.1f} ms")
    start = time.perf_counter()
    plan_menu()
    print(f"{'first plan (builds diet/menu masks)':<48} {(time.perf_counter() - start) * 1000:8.1f} ms")
    ckd = Profile(age_years=68, conditions=["CKD"], medications=["ramipril"], labs={"egfr": 38})
    one = _timed("one-day plan, healthy adult, 2,000 kcal", lambda: plan_menu())
    _timed("one-day plan, CKD G3b + ACE inhibitor (K ≤ 2 g)", lambda: plan_menu(ckd, kcal=1800))
    _timed("one-day plan, vegan, 1,800 kcal", lambda: plan_menu(diet="vegan", kcal=1800))
    _timed("seven-day plan with variety", lambda: plan_menu(days=7), repeat=1)
    print(f"target one-day plan <= 500 ms: {'met' if one <= 0.5 else 'NOT met'}")
