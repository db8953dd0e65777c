"""A reproducible sample diary: 10 weeks of night cramps, more after hot days, with check-ins and a profile."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Berlin")
TODAY = dt.date(2024, 6, 30)
PROFILE: dict[str, Any] = {
    "age_years": 67,
    "sex": "female",
    "conditions": [],
    "medications": ["furosemide", "atorvastatin"],
    "labs": {"potassium": 3.6, "magnesium": 0.78},
}


def sample(
    days: int = 70, seed: int = 7, tried: str | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Episodes and check-ins ending at TODAY; hot days carry a higher nightly cramp rate."""
    rng = random.Random(seed)
    episodes, checkins = [], []
    for offset in range(days, 0, -1):
        day = TODAY - dt.timedelta(days=offset)
        hot = rng.random() < 0.35
        checkins.append(
            {
                "day": day.isoformat(),
                "heat": hot,
                "water_litres": round(rng.uniform(0.8, 2.5), 1),
                "alcohol_units": rng.choice([0, 0, 0, 2]),
                "exercise": rng.choice(["none", "moderate"]),
            }
        )
        if rng.random() < (0.75 if hot else 0.2):
            hour = rng.choice([23, 0, 1, 2, 3, 4, 5, 21])
            start_day = day + dt.timedelta(days=1) if hour < 12 else day
            start = dt.datetime.combine(start_day, dt.time(hour, rng.randrange(60)), ZONE)
            episode: dict[str, Any] = {
                "started": start.isoformat(),
                "duration_minutes": rng.choice([1, 2, 2, 3, 5]),
                "muscle": rng.choice(["calf", "calf", "calf", "foot", "toes"]),
                "side": rng.choice(["left", "right"]),
                "setting": "bed_night",
                "pain": rng.randint(4, 9),
                "sleep_disturbance": rng.randint(3, 8),
                "triggers": ["heat"] if hot else [],
            }
            if tried:
                episode["tried"] = [{"id": tried, "effect": rng.randint(1, 3)}]
            episodes.append(episode)
    return episodes, checkins


def fill(db_url: str, tried: str | None = None) -> None:
    from crampcare.diary import service

    episodes, checkins = sample(tried=tried)
    for episode in episodes:
        service.log_episode(episode, db_url=db_url)
    for checkin in checkins:
        service.save_checkin(checkin, db_url=db_url)
    service.save_profile(PROFILE, db_url=db_url)


# One valid episode, for tests that change a field at a time.
EPISODE: dict[str, Any] = {
    "started": "2024-05-08T02:30:00+02:00",
    "duration_minutes": 3,
    "muscle": "calf",
    "side": "left",
    "setting": "bed_night",
    "pain": 7,
}
