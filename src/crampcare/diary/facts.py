"""What the analysis reads: single episodes and check-ins, and the diary's aggregate `Summary`.

Every figure of `stats` is a function of per-day counts and sums, a few
histograms (muscle, side, setting, hour, triggers, rated effects) and the
duration values per day. `Summary` holds exactly those. It is built either
here in Python from episodes (`summarize`, the reference) or by GROUP BY
queries in the database (`repository.episode_summary`, fast for big diaries);
tests check that both give the same summary on the same data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crampcare.diary.timeutil import DAY_STARTS_AT, diary_day

NIGHT_START_HOUR = 22  # with the 06:00 day boundary: 22:00–06:00 local counts as night
NIGHT_END_HOUR = DAY_STARTS_AT.hour


def is_nocturnal(setting: str, hour: int) -> bool:
    """In bed at night, or started between 22:00 and 06:00 local time (the SQL summary repeats this rule)."""
    return setting == "bed_night" or hour >= NIGHT_START_HOUR or hour < NIGHT_END_HOUR


@dataclass(slots=True)
class EpisodeFact:
    local_start: dt.datetime  # wall-clock time where it happened (naive)
    muscle: str
    side: str
    setting: str
    pain: int
    sleep_disturbance: int | None = None
    duration_minutes: float = 0.0
    triggers: Sequence[str] = ()
    tried: Sequence[dict[str, Any]] = ()
    day: dt.date = field(init=False)

    def __post_init__(self) -> None:
        self.day = diary_day(self.local_start)

    @property
    def nocturnal(self) -> bool:
        return is_nocturnal(self.setting, self.local_start.hour)


@dataclass(frozen=True)
class CheckinFact:
    day: dt.date
    water_litres: float | None = None
    caffeine_cups: float | None = None
    alcohol_units: float | None = None
    exercise: str | None = None
    unusual_exercise: bool | None = None
    tight_shoes: bool | None = None
    heat: bool | None = None
    medicines: Sequence[str] = ()


@dataclass
class DayFigures:
    """One diary day's episodes, reduced to counts and sums (and its durations with multiplicity)."""

    episodes: int = 0
    nocturnal: int = 0
    pain_sum: int = 0
    sleep_count: int = 0
    sleep_sum: int = 0
    durations: Counter[float] = field(default_factory=Counter)

    def add(self, n: int, nocturnal: int, pain_sum: int, sleep_count: int, sleep_sum: int, duration: float) -> None:
        self.episodes += n
        self.nocturnal += nocturnal
        self.pain_sum += pain_sum
        self.sleep_count += sleep_count
        self.sleep_sum += sleep_sum
        self.durations[float(duration)] += n


@dataclass
class Summary:
    """Everything `stats` needs from the episodes; equal summaries give equal statistics."""

    days: dict[dt.date, DayFigures] = field(default_factory=dict)
    muscles: Counter[str] = field(default_factory=Counter)
    sides: Counter[str] = field(default_factory=Counter)
    settings: Counter[str] = field(default_factory=Counter)
    hours: list[int] = field(default_factory=lambda: [0] * 24)
    triggers: Counter[str] = field(default_factory=Counter)
    effects: dict[str, Counter[int]] = field(default_factory=dict)  # intervention id → rated effect → times

    @property
    def total(self) -> int:
        return sum(figures.episodes for figures in self.days.values())

    @property
    def nocturnal(self) -> int:
        return sum(figures.nocturnal for figures in self.days.values())

    def day_counts(self) -> dict[dt.date, int]:
        return {day: figures.episodes for day, figures in self.days.items() if figures.episodes}

    def day(self, day: dt.date) -> DayFigures:
        figures = self.days.get(day)
        if figures is None:
            figures = self.days[day] = DayFigures()
        return figures

    def add_tried(self, tried: Iterable[Mapping[str, Any]], times: int = 1) -> None:
        for item in tried:
            self.effects.setdefault(str(item["id"]), Counter())[int(item["effect"])] += times


def summarize(episodes: Iterable[EpisodeFact]) -> Summary:
    """The summary of episodes, computed in Python (the reference the SQL summary must equal)."""
    summary = Summary()
    for e in episodes:
        sleep = e.sleep_disturbance
        summary.day(e.day).add(1, int(e.nocturnal), e.pain, int(sleep is not None), sleep or 0, e.duration_minutes)
        summary.muscles[e.muscle] += 1
        summary.sides[e.side] += 1
        summary.settings[e.setting] += 1
        summary.hours[e.local_start.hour] += 1
        summary.triggers.update(e.triggers)
        summary.add_tried(e.tried)
    summary.days = dict(sorted(summary.days.items()))
    return summary


def as_summary(episodes: Summary | Iterable[EpisodeFact]) -> Summary:
    return episodes if isinstance(episodes, Summary) else summarize(episodes)


__all__ = ["CheckinFact", "DayFigures", "EpisodeFact", "Summary", "as_summary", "is_nocturnal", "summarize"]
