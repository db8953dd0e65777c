"""Speed of the assessment engine and of the mid-cramp first-aid command.

Targets (issue 3): `assess` median ≤ 1 ms in-process for a typical profile; `crampcare first-aid calf`
≤ 0.3 s wall clock from a fresh process. Issue 17 §1: `assess` of the typical profile ≤ 10 × validating that
profile, both measured side by side in each of 3 runs (min/median/max of the ratios); beside it the engine's
unindexed reference path (assess(..., indexed=False), the plan the index must give byte for byte) and new
people as the API gets them (JSON body -> plan JSON), as a ratio to validating the same bodies.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import timeit
from typing import Any

TYPICAL: dict[str, Any] = {
    "age_years": 67,
    "sex": "female",
    "conditions": ["diabetes", "chronic kidney disease"],
    "medications": ["Lasix", "atorvastatin", "salbutamol"],
    "labs": {"potassium": 3.4, "egfr": 55, "magnesium": 0.75},
    "symptoms": ["numbness_tingling"],
    "episode": {"muscle": "calf", "setting": "bed_night", "duration_minutes": 3, "pain": 7},
    "pattern": {"episodes_per_week": 3, "weeks": 6, "mostly_at_night": True},
    "lifestyle": {"caffeine_cups_per_day": 5, "water_litres_per_day": 1.2},
}


def _median_seconds(func: Any, number: int, repeat: int = 15, timer: Any = time.perf_counter) -> float:
    return statistics.median(t / number for t in timeit.repeat(func, number=number, repeat=repeat, timer=timer))


def bench_in_process() -> tuple[float, float, float, float, float]:
    """Median assess (wall, CPU), validate (wall, CPU) and unindexed-path (CPU) times for TYPICAL, in seconds."""
    from crampcare.assessment.engine import assess
    from crampcare.assessment.profile import Profile
    from crampcare.knowledge.loader import knowledge

    kb = knowledge()
    # Warm the caches (knowledge, lookups, option index, engine data) and the nutrition food table: TYPICAL has
    # a low potassium and is an older woman, so its plan lists foods (the table's first load is ~0.2 s).
    assess(TYPICAL, kb)
    assess_s = _median_seconds(lambda: assess(TYPICAL, kb), number=200)
    # CPU time as well: on a busy machine wall time also counts waiting for a core.
    assess_cpu_s = _median_seconds(lambda: assess(TYPICAL, kb), number=200, timer=time.process_time)
    validate_s = _median_seconds(lambda: Profile.model_validate(TYPICAL), number=2000)
    validate_cpu_s = _median_seconds(lambda: Profile.model_validate(TYPICAL), number=2000, timer=time.process_time)
    reference_s = _median_seconds(
        lambda: assess(TYPICAL, kb, indexed=False), number=50, repeat=5, timer=time.process_time
    )
    return assess_s, assess_cpu_s, validate_s, validate_cpu_s, reference_s


def bench_new_people(count: int = 3000, rounds: int = 3) -> list[tuple[float, float]]:
    """Per plan, as the API does it (JSON body → plan JSON), for `count` people never assessed before in this
    process (the web benchmark's generator, a new seed each round), and validating the same bodies alone."""
    import gc
    import json

    from benchmarks.bench_web import profiles
    from crampcare.assessment.engine import assess
    from crampcare.assessment.plan_json import plan_json
    from crampcare.assessment.profile import Profile

    for profile in profiles(300, seed=1000):  # warm-up with other people
        plan_json(assess(profile))
    gc.collect()
    gc.freeze()  # as the server's workers do after start-up (api.app.warm_up)
    found = []
    for round_ in range(rounds):
        bodies = [json.dumps(p).encode() for p in profiles(count, seed=2000 + round_)]
        start = time.process_time()
        for body in bodies:
            Profile.model_validate_json(body)
        validate = (time.process_time() - start) / count
        start = time.process_time()
        for body in bodies:
            plan_json(assess(Profile.model_validate_json(body)))
        found.append(((time.process_time() - start) / count, validate))
    return found


def _spread(values: list[float], scale: float = 1.0, digits: int = 1) -> str:
    low, mid, high = min(values) * scale, statistics.median(values) * scale, max(values) * scale
    return f"min {low:.{digits}f} / median {mid:.{digits}f} / max {high:.{digits}f}"


def bench_first_aid(runs: int = 7) -> float:
    command = [sys.executable, "-m", "crampcare", "first-aid", "calf"]
    subprocess.run(command, check=True, capture_output=True)  # warm the OS file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, 1-minute load average {load:.1f}")
    runs = [bench_in_process() for _ in range(3)]
    assess_s, assess_cpu_s, validate_s, validate_cpu_s, reference_s = (
        statistics.median(r[i] for r in runs) for i in range(5)
    )
    print(f"assess (typical profile), median:       {assess_s * 1e3:.3f} ms   (target <= 1 ms)")
    print(f"assess, median CPU time:                {assess_cpu_s * 1e3:.3f} ms")
    print(f"Profile.model_validate alone, median:   {validate_s * 1e3:.4f} ms (CPU {validate_cpu_s * 1e3:.4f} ms)")
    print(f"unindexed reference path, median CPU:   {reference_s * 1e3:.3f} ms")
    # CPU time over CPU time: on a shared machine wall time also counts waiting for a core, unevenly.
    ratios = [r[1] / r[3] for r in runs]
    print(f"ratio assess / validate (CPU), 3 runs:  {_spread(ratios)}  (wall: {_spread([r[0] / r[2] for r in runs])})")
    print(f"ratio unindexed path / validate (CPU):  {_spread([r[4] / r[3] for r in runs])}")
    met = statistics.median(ratios) <= 10
    print(f"target assess <= 10 x validate (issue 17 §1, median of 3 runs): {'met' if met else 'NOT met'}")
    new_people = bench_new_people()
    print(f"JSON body -> plan JSON, new people:     {_spread([a for a, _ in new_people], 1e3, 3)} ms CPU per plan")
    print(f"  ratio to validating the same bodies:  {_spread([a / v for a, v in new_people])} (3 x 3,000 people)")
    wall = bench_first_aid()
    print(f"`crampcare first-aid calf` wall, median: {wall:.3f} s    (target <= 0.3 s)")
    print(f"1-minute load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
