"""The analysis on constructed diaries with known answers, and on simulated ones with a known effect."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crampcare.experiments.analysis import PeriodCounts, analyse, estimate_rate_ratio
from crampcare.experiments.simulate import Scenario, calibrate


def periods(nights: list[tuple[str, int]], *, days: int = 14, observed: int | None = None) -> list[PeriodCounts]:
    """Consecutive periods from (arm, cramp nights); pairs in the order given."""
    return [
        PeriodCounts(
            number=i + 1,
            pair=i // 2 + 1,
            arm=arm,  # type: ignore[arg-type]
            midpoint_weeks=(i + 0.5) * days / 7,
            counted_days=days,
            observed_days=days if observed is None else observed,
            cramp_nights=count,
            ended=True,
            adherent_days=days if observed is None else observed,
        )
        for i, (arm, count) in enumerate(nights)
    ]


def test_no_verdict_before_three_complete_pairs() -> None:
    result = analyse(periods([("A", 1), ("B", 9), ("B", 10), ("A", 0)]), name="stretching", mid=1.0)
    assert result.verdict == "not_enough_data" and result.estimate is None
    assert "2 of the at least 3 completed pairs" in result.reasons[0]
    unfinished = periods([("A", 1), ("B", 9), ("B", 10), ("A", 0), ("A", 1), ("B", 8)])
    unfinished[-1] = PeriodCounts(**{**unfinished[-1].__dict__, "ended": False})
    assert analyse(unfinished, name="x", mid=1.0).verdict == "not_enough_data"


def test_periods_with_too_few_checkins_do_not_count() -> None:
    sparse = periods([("A", 1), ("B", 6), ("B", 7), ("A", 0), ("A", 1), ("B", 6)], observed=9)  # 9 of 14 < 70 %
    result = analyse(sparse, name="x", mid=1.0)
    assert result.verdict == "not_enough_data" and result.complete_pairs == 0


def test_a_clear_reduction_helps_and_says_why() -> None:
    data = periods([("A", 2), ("B", 9), ("B", 10), ("A", 3), ("A", 2), ("B", 8), ("B", 9), ("A", 2)])
    result = analyse(data, name="stretching", mid=1.0)
    assert result.verdict == "helps" and result.label == "helps"
    assert result.estimate is not None and result.estimate.high < 1 and result.estimate.method == "quasi_poisson_trend"
    assert result.probability_mid is not None and result.probability_mid > 0.9
    assert "rate ratio" in result.reasons[0] and "stretching" in result.reasons[0]
    assert result.rates["A"] == pytest.approx(7 * 9 / 56) and result.rates["B"] == pytest.approx(7 * 36 / 56)


def test_more_cramps_with_a_is_not_called_help() -> None:
    data = periods([("A", 9), ("B", 2), ("B", 3), ("A", 10), ("A", 9), ("B", 2), ("B", 2), ("A", 8)])
    result = analyse(data, name="magnesium", mid=1.0)
    assert result.verdict == "no_clear_effect"
    assert result.estimate is not None and result.estimate.low > 1
    assert "more frequent with magnesium" in result.reasons[0]


def test_without_a_trend_the_adjusted_ratio_is_the_raw_one() -> None:
    """Counterbalanced orders (AB BA BA AB) make the arm orthogonal to time: the Poisson fit then gives exactly
    the raw ratio of rates, and the dispersion is Pearson's statistic over 8 - 3 degrees of freedom."""
    data = periods([("A", 3), ("B", 5), ("B", 7), ("A", 2), ("B", 6), ("A", 4), ("A", 3), ("B", 6)])
    estimate = estimate_rate_ratio(data)
    assert estimate is not None
    assert estimate.rate_ratio == pytest.approx((3 + 2 + 4 + 3) / (5 + 7 + 6 + 6), rel=1e-4)
    assert estimate.df == 5 and estimate.dispersion is not None and 0 < estimate.dispersion < 1


def test_a_trend_alone_is_not_read_as_an_effect() -> None:
    # Cramps fall steadily over the weeks whatever the arm; A happens to come first in every pair.
    data = periods([("A", 12), ("B", 11), ("A", 8), ("B", 7), ("A", 4), ("B", 3)])
    result = analyse(data, name="x", mid=1.0)
    assert result.estimate is not None
    assert result.verdict == "no_clear_effect"  # an unadjusted A-vs-B ratio (24/21) would even call A worse


def test_cramps_only_at_the_end_give_no_verdict_rather_than_a_wild_one() -> None:
    # Hypothesis found this: all cramp nights in the last pair; the trend has no finite estimate.
    data = periods([("B", 0), ("A", 0), ("A", 0), ("B", 0), ("B", 14), ("A", 2)])
    result = analyse(data, name="x", mid=1.0)
    assert result.verdict == "not_enough_data" and "too few periods" in result.reasons[0]


def test_an_arm_without_any_cramp_night_gets_the_exact_interval() -> None:
    data = periods([("A", 0), ("B", 3), ("B", 2), ("A", 0), ("A", 0), ("B", 4)])
    result = analyse(data, name="x", mid=1.0)
    assert result.estimate is not None and result.estimate.method == "exact_conditional"
    assert result.estimate.rate_ratio == 0 and result.estimate.low == 0
    # 9 nights, all in B, equal exposure: P = 0.5^9 two-sided ~ 0.004, so the whole interval is below 1
    assert result.estimate.high < 1 and result.verdict == "helps"
    assert any("exact" in reason for reason in result.reasons)


def test_no_cramps_at_all_is_not_an_answer() -> None:
    result = analyse(periods([("A", 0), ("B", 0)] * 3), name="x", mid=1.0)
    assert result.verdict == "not_enough_data" and "No cramp nights" in result.reasons[0]


def test_a_reduction_of_mid_is_impossible_below_mid() -> None:
    data = periods([("A", 0), ("B", 1), ("B", 1), ("A", 1), ("A", 0), ("B", 1)])  # 0.5 nights a week without A
    result = analyse(data, name="x", mid=1.0)
    assert result.probability_mid == 0.0
    assert any("fewer than the 1 a week" in reason for reason in result.reasons)


# --- simulated diaries with a known effect (>= 1,000 each; the figures are in the README) -------------------


def test_no_effect_intervals_are_calibrated_and_helps_is_rare() -> None:
    null = calibrate(Scenario(rate_ratio=1.0), simulations=1000)
    assert 0.90 <= null.coverage <= 0.98
    assert null.helps <= 0.05  # one-sided: at most the 2.5 % a 95 % interval allows, with simulation error


def test_a_halving_is_covered_and_sometimes_found() -> None:
    halved = calibrate(Scenario(rate_ratio=0.5, pairs=6), simulations=1000)
    assert 0.90 <= halved.coverage <= 0.98
    assert halved.helps > 0.2


def test_a_strong_trend_gives_no_false_helps() -> None:
    trend = calibrate(Scenario(rate_ratio=1.0, trend_per_week=-0.3, rho=0.9, sd=0.8), simulations=1000)
    assert 0.90 <= trend.coverage <= 0.98
    assert trend.helps <= 0.05


def test_day_level_t_test_would_be_overconfident() -> None:
    """Why the analysis is per period: on the same autocorrelated diaries, a Welch t-test on daily 0/1 values
    (what StudyU/StudyMe do) calls far more null experiments significant than its 5 %."""
    from scipy import stats

    rng = np.random.default_rng(7)
    scenario = Scenario(rate_ratio=1.0, rho=0.9, sd=1.0)
    significant = 0
    for _ in range(400):
        days = 2 * scenario.pairs * scenario.period_days
        z = np.empty(days)
        z[0] = rng.normal(0, scenario.sd)
        for day in range(1, days):
            z[day] = scenario.rho * z[day - 1] + rng.normal(0, scenario.sd * np.sqrt(1 - scenario.rho**2))
        cramp = rng.random(days) < np.minimum(scenario.nightly_rate * np.exp(z - scenario.sd**2 / 2), 1)
        arms = np.concatenate([np.repeat(list(o), scenario.period_days) for o in rng.choice(["AB", "BA"], 3)])
        significant += stats.ttest_ind(cramp[arms == "A"], cramp[arms == "B"], equal_var=False).pvalue < 0.05
    assert significant / 400 > 0.10


@given(
    counts=st.lists(st.integers(0, 14), min_size=6, max_size=16).filter(lambda c: len(c) % 2 == 0),
    orders=st.lists(st.booleans(), min_size=8, max_size=8),
)
@settings(max_examples=200, deadline=None)
def test_swapping_the_arms_inverts_the_answer(counts: list[int], orders: list[bool]) -> None:
    """Calling B "A" must give exactly the reciprocal rate ratio and interval: the analysis favours neither arm."""
    arms = [arm for pair in range(len(counts) // 2) for arm in (("A", "B") if orders[pair] else ("B", "A"))]
    data = periods(list(zip(arms, counts, strict=True)))
    swapped = periods([("B" if arm == "A" else "A", count) for arm, count in zip(arms, counts, strict=True)])
    if (
        sum(c for a, c in zip(arms, counts, strict=True) if a == "A") == 0
        or sum(c for a, c in zip(arms, counts, strict=True) if a == "B") == 0
    ):
        return  # the exact interval's edge cases (0 and ∞) are tested above
    one, other = estimate_rate_ratio(data), estimate_rate_ratio(swapped)
    assert (one is None) == (other is None)
    if one is None or other is None:
        return
    assert one.rate_ratio * other.rate_ratio == pytest.approx(1.0, rel=1e-3)
    assert one.low * other.high == pytest.approx(1.0, rel=1e-3)
    assert one.low <= one.rate_ratio <= one.high
