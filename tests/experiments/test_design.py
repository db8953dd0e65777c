"""The schedule: reproducible from the stored seed, periods tile the experiment, each pair has one A and one B."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crampcare.errors import InputError
from crampcare.experiments.design import Design, make_design

START = dt.date(2024, 3, 25)  # the week Europe's clocks change (31 March 2024)


def test_same_seed_same_schedule_and_the_order_is_random() -> None:
    one = make_design(start=START, seed=12345, pairs=6)
    assert one.periods() == make_design(start=START, seed=12345, pairs=6).periods()
    orders = {tuple(make_design(start=START, seed=seed, pairs=4).orders()) for seed in range(40)}
    assert len(orders) > 8  # 16 possible: the seed really drives the order
    assert {order for combo in orders for order in combo} == {"AB", "BA"}


def test_default_design_run_in_week_then_three_pairs_of_two_weeks() -> None:
    design = make_design(start=START, seed=1)
    periods = design.periods()
    assert periods[0].arm == "baseline" and periods[0].days == 7 and periods[0].number == 0
    assert [p.days for p in periods[1:]] == [14] * 6
    assert [p.number for p in periods[1:]] == [1, 2, 3, 4, 5, 6]
    assert design.end == START + dt.timedelta(days=7 + 6 * 14 - 1)
    assert design.period_of(START - dt.timedelta(days=1)) is None
    assert design.period_of(design.end + dt.timedelta(days=1)) is None


def test_washout_days_are_lived_but_not_counted() -> None:
    design = make_design(start=START, seed=1, run_in=False, period_weeks=3, washout_days=7)
    first = design.periods()[0]
    assert first.days == 21 and first.counted_days == 14
    assert not first.counts(first.first) and first.counts(first.first + dt.timedelta(days=7))


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"period_weeks": 5}, "period_weeks"),
        ({"period_weeks": 0}, "period_weeks"),
        ({"pairs": 2}, "pairs"),
        ({"pairs": 9}, "pairs"),
        ({"washout_days": 8}, "washout_days"),  # more than half of a 2-week period
        ({"washout_days": -1}, "washout_days"),
        ({"seed": -3}, "seed"),
    ],
)
def test_bad_design_names_the_option_and_the_valid_range(options: dict[str, int], field: str) -> None:
    with pytest.raises(InputError) as caught:
        make_design(start=START, **options)  # type: ignore[arg-type]
    assert caught.value.field == field and caught.value.valid


@given(
    start=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    weeks=st.integers(1, 4),
    pairs=st.integers(3, 8),
    run_in=st.booleans(),
    seed=st.integers(0, 2**63 - 1),
)
def test_periods_tile_the_experiment(start: dt.date, weeks: int, pairs: int, run_in: bool, seed: int) -> None:
    design = make_design(start=start, period_weeks=weeks, pairs=pairs, run_in=run_in, seed=seed)
    periods = design.periods()
    assert periods[0].first == start and periods[-1].last == design.end
    for before, after in itertools.pairwise(periods):
        assert after.first == before.last + dt.timedelta(days=1)
    for pair in range(1, pairs + 1):
        assert sorted(p.arm for p in periods if p.pair == pair) == ["A", "B"]
    for period in (periods[0], periods[-1]):
        assert design.period_of(period.first) == period == design.period_of(period.last)
    assert Design(**{**design.__dict__}).orders() == design.orders()
