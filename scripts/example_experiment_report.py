"""Write an example N-of-1 experiment report (PDF and HTML) from a simulated diary: 4 pairs of 2-week periods of
nightly stretching, cramp nights about 0.2 a night with it and 0.45 without, check-ins on ~93 % of days.

    python scripts/example_experiment_report.py OUT_FOLDER
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np


def main(folder: Path) -> None:
    from crampcare.diary import service as diary
    from crampcare.experiments import service

    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'example-diary.db'}"
    start = dt.date(2024, 1, 8)
    diary.save_profile({"age_years": 66, "sex": "female"}, db_url=url)
    state = service.start(
        {"intervention": "nightly_calf_hamstring_stretching", "start": start.isoformat(), "pairs": 4, "seed": 2024},
        db_url=url,
        today=start,
    )
    rng = np.random.default_rng(4)
    for period in state["schedule"]:
        day, last = dt.date.fromisoformat(period["first"]), dt.date.fromisoformat(period["last"])
        while day <= last:
            if rng.random() < 0.93:
                followed = rng.random() < 0.9
                service.day({"day": day.isoformat(), "done": (period["arm"] == "A") == followed}, db_url=url, today=day)
            if rng.random() < (0.2 if period["arm"] == "A" else 0.45):
                diary.log_episode(
                    {
                        "started": f"{day + dt.timedelta(days=1)}T03:10+01:00",
                        "duration_minutes": float(rng.integers(1, 5)),
                        "muscle": "calf",
                        "side": "left",
                        "setting": "bed_night",
                        "pain": int(rng.integers(3, 9)),
                        "sleep_disturbance": int(rng.integers(2, 8)),
                    },
                    db_url=url,
                )
            day += dt.timedelta(days=1)
    after = dt.date.fromisoformat(state["design"]["end"]) + dt.timedelta(days=2)
    for fmt in ("pdf", "html"):
        (folder / f"example-experiment-report.{fmt}").write_bytes(service.report(db_url=url, fmt=fmt, today=after))
    print(service.status(db_url=url, today=after)["result"]["reasons"][0])


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "example-report"))
