"""N-of-1 experiments (issue 16): the analysis of a 24-week experiment (target ≤ 50 ms), and `status` end to end
(a SQLite diary with 24 weeks of check-ins and cramps: read, warning-sign checks, counts, analysis)."""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np


def _median_ms(action: Callable[[], Any], repeat: int = 21) -> float:
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        action()
        times.append(time.perf_counter() - begin)
    return statistics.median(times) * 1000


def _diary(url: str) -> dt.date:
    """6 pairs of 2-week periods (24 weeks) with a check-in every day and about 2 cramp nights a week."""
    from crampcare.diary import service as diary
    from crampcare.experiments import service

    start = dt.date(2024, 1, 1)
    diary.save_profile({"age_years": 66}, db_url=url)
    state = service.start(
        {
            "intervention": "nightly_calf_hamstring_stretching",
            "start": start.isoformat(),
            "pairs": 6,
            "run_in": False,
            "seed": 3,
        },
        db_url=url,
        today=start,
    )
    rng = np.random.default_rng(1)
    end = dt.date.fromisoformat(state["design"]["end"])
    day = start
    while day <= end:
        service.day({"day": day.isoformat(), "done": bool(rng.random() < 0.5)}, db_url=url, today=day)
        if rng.random() < 0.3:
            diary.log_episode(
                {
                    "started": f"{day + dt.timedelta(days=1)}T03:00+01:00",
                    "duration_minutes": float(rng.integers(1, 6)),
                    "muscle": "calf",
                    "side": "left",
                    "setting": "bed_night",
                    "pain": int(rng.integers(3, 9)),
                },
                db_url=url,
            )
        day += dt.timedelta(days=1)
    return end + dt.timedelta(days=1)


def main() -> None:
    from crampcare.experiments.analysis import analyse
    from crampcare.experiments.service import status
    from crampcare.experiments.simulate import Scenario, simulate_periods

    periods = simulate_periods(np.random.default_rng(5), Scenario(pairs=6, rate_ratio=0.6))
    analyse(periods, name="A", mid=1.0)  # warm: SciPy's first call loads its modules
    ms = _median_ms(lambda: analyse(periods, name="A", mid=1.0))
    print(f"analysis of a 24-week experiment (12 periods): {ms:.1f} ms (median of 21; target ≤ 50 ms)")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'diary.db'}"
        after = _diary(url)
        status(db_url=url, today=after)
        ms = _median_ms(lambda: status(db_url=url, today=after), repeat=11)
        print(f"`experiment status` of that experiment from a SQLite diary (168 check-ins, ~50 cramps): {ms:.1f} ms")
        from crampcare.diary.db import dispose_engines

        dispose_engines()


if __name__ == "__main__":
    main()
