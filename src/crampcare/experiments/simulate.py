"""Simulated experiments with a known effect, to check that the analysis is honest (tests and benchmarks use it).

Each night has a cramp with probability rate × exp(z_t - σ²/2) × trend × effect, where z_t is a stationary AR(1)
series (bad weeks follow bad weeks: the autocorrelation that makes day-level tests overconfident), the trend
multiplies the rate by exp(trend_per_week) each week, and effect is the true rate ratio on A nights. Check-ins
are missed at random. The true rate ratio of the simulation is exactly `rate_ratio` (the rate is kept low enough
that the probability is almost never capped at 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from crampcare.experiments.analysis import PeriodCounts, Result, analyse


@dataclass(frozen=True)
class Scenario:
    rate_ratio: float = 1.0
    nightly_rate: float = 0.3  # probability of a cramp night without A, on an average day
    trend_per_week: float = 0.0  # log-scale change of the rate per week
    rho: float = 0.7  # day-to-day autocorrelation of the latent log rate
    sd: float = 0.5  # its standard deviation
    pairs: int = 3
    period_days: int = 14
    checkin_share: float = 0.9


def simulate_periods(rng: np.random.Generator, scenario: Scenario) -> list[PeriodCounts]:
    days = 2 * scenario.pairs * scenario.period_days
    arms = np.concatenate(
        [np.repeat(list(order), scenario.period_days) for order in rng.choice(["AB", "BA"], size=scenario.pairs)]
    )
    z = np.empty(days)
    z[0] = rng.normal(0.0, scenario.sd)
    innovation = scenario.sd * np.sqrt(1 - scenario.rho**2)
    for day in range(1, days):
        z[day] = scenario.rho * z[day - 1] + rng.normal(0.0, innovation)
    weeks = (np.arange(days) - days / 2) / 7
    rate = scenario.nightly_rate * np.exp(z - scenario.sd**2 / 2 + scenario.trend_per_week * weeks)
    rate = np.where(arms == "A", rate * scenario.rate_ratio, rate)
    cramp = rng.random(days) < np.minimum(rate, 1.0)
    observed = rng.random(days) < scenario.checkin_share
    periods = []
    for index in range(2 * scenario.pairs):
        span = slice(index * scenario.period_days, (index + 1) * scenario.period_days)
        periods.append(
            PeriodCounts(
                number=index + 1,
                pair=index // 2 + 1,
                arm="A" if arms[span][0] == "A" else "B",
                midpoint_weeks=(index + 0.5) * scenario.period_days / 7,
                counted_days=scenario.period_days,
                observed_days=int(observed[span].sum()),
                cramp_nights=int((cramp[span] & observed[span]).sum()),
                ended=True,
                adherent_days=int(observed[span].sum()),
            )
        )
    return periods


@dataclass(frozen=True)
class Calibration:
    simulations: int
    coverage: float  # share of 95 % intervals containing the true rate ratio (among those with an interval)
    helps: float  # share of verdicts "helps"
    no_verdict: float  # share of "not enough data"


def calibrate(scenario: Scenario, simulations: int, seed: int = 2026) -> Calibration:
    rng = np.random.default_rng(seed)
    covered = helps = silent = estimated = 0
    for _ in range(simulations):
        result: Result = analyse(simulate_periods(rng, scenario), name="A", mid=1.0)
        if result.estimate is None:
            silent += 1
            continue
        estimated += 1
        covered += result.estimate.low <= scenario.rate_ratio <= result.estimate.high
        helps += result.verdict == "helps"
    return Calibration(simulations, covered / max(estimated, 1), helps / simulations, silent / simulations)
