from __future__ import annotations

import datetime as dt

from crampcare.diary.analysis import (
    CheckinFact,
    EpisodeFact,
    max_in_window,
    poisson_trend,
    regular_rule,
    theil_sen_trend,
    what_helped,
)
from crampcare.diary.associations import associations
from crampcare.diary.stats import compute_stats, pattern

START = dt.date(2024, 1, 1)


def night(day: dt.date, pain: int = 5, **extra: object) -> EpisodeFact:
    return EpisodeFact(
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time(2, 0)), "calf", "left", "bed_night", pain, **extra
    )  # type: ignore[arg-type]


def test_regular_rule_needs_four_in_fourteen_days_and_two_weeks_of_data() -> None:
    four = [night(START + dt.timedelta(days=d)) for d in (0, 3, 6, 13)]
    assert regular_rule(four, data_days=14)["met"]
    assert not regular_rule(four, data_days=13)["met"]  # too little data yet
    spread = [night(START + dt.timedelta(days=d)) for d in (0, 5, 10, 14)]  # 4 cramps but over 15 days
    result = regular_rule(spread, data_days=30)
    assert not result["met"] and result["max_in_14_days"] == 3


def test_max_in_window_counts_the_busiest_stretch() -> None:
    days = [START + dt.timedelta(days=d) for d in (0, 1, 20, 21, 22, 33)]
    assert max_in_window(days, 14) == (4, START + dt.timedelta(days=20))


def test_poisson_trend_sees_a_rising_frequency_and_gives_a_ci() -> None:
    rising = poisson_trend([1, 1, 2, 2, 3, 4, 5, 6, 7, 9])
    assert rising["available"] and rising["direction"] == "increasing"
    low, high = rising["ci95"]
    assert 1 < low < rising["rate_ratio_per_4_weeks"] < high
    flat = poisson_trend([3, 2, 3, 3, 2, 3, 3, 2])
    assert flat["direction"] == "no clear change"
    assert not poisson_trend([0, 0, 5, 0])["available"]  # cramps in one week only: no finite slope
    assert "4 weeks" in poisson_trend([1, 2])["missing"]


def test_theil_sen_detects_falling_pain() -> None:
    falling = theil_sen_trend([(w, 9.0 - w * 0.5) for w in range(10)], "pain")
    assert falling["direction"] == "decreasing"
    assert falling["slope_per_4_weeks"] == -2.0


def test_association_only_with_three_days_each_way() -> None:
    checkins = [CheckinFact(START + dt.timedelta(days=d), heat=d < 2) for d in range(10)]
    episodes = [night(START), night(START + dt.timedelta(days=1))]
    heat = next(row for row in associations(episodes, checkins) if row["factor"] == "heat")
    assert not heat["available"]
    assert "have 2 with and 8 without" in heat["missing"]


def test_association_reports_rate_ratio_ci_and_exact_p() -> None:
    hot_days = [START + dt.timedelta(days=d) for d in range(0, 30, 2)]
    checkins = [
        CheckinFact(START + dt.timedelta(days=d), heat=(START + dt.timedelta(days=d)) in hot_days) for d in range(30)
    ]
    episodes = [night(day) for day in hot_days for _ in range(2)] + [night(START + dt.timedelta(days=1))]
    heat = next(row for row in associations(episodes, checkins) if row["factor"] == "heat")
    assert heat["available"]
    assert heat["rate_ratio"] == 30.0  # 30 cramps over 15 hot days vs 1 over 15 other days
    low, high = heat["ci95"]
    assert 1 < low < 30 < high
    assert heat["p_value"] < 0.001 and heat["nights_p_value"] < 0.001
    assert "95 % CI" in heat["summary"] and "more cramps" in heat["summary"]


def test_unknown_checkin_values_are_left_out_not_counted_as_no() -> None:
    checkins = [CheckinFact(START + dt.timedelta(days=d), alcohol_units=None) for d in range(10)]
    alcohol = next(row for row in associations([], checkins) if row["factor"] == "alcohol")
    assert alcohol["days_with"] == 0 and alcohol["days_without"] == 0


def test_what_helped_ranks_by_mean_effect_then_count() -> None:
    episodes = [
        night(START, tried=[{"id": "stretch", "effect": 3}, {"id": "heat", "effect": 1}]),
        night(START, tried=[{"id": "stretch", "effect": 2}, {"id": "walk", "effect": 3}]),
    ]
    ranked = what_helped(episodes)
    assert [r["id"] for r in ranked] == ["walk", "stretch", "heat"]
    assert ranked[1] == {"id": "stretch", "times": 2, "mean_effect": 2.5}


def test_stats_are_pure_and_include_pattern_for_the_assessment() -> None:
    episodes = [night(START + dt.timedelta(days=d), pain=4 + d % 3) for d in range(0, 28, 2)]
    first = compute_stats(episodes, [], today=START + dt.timedelta(days=27))
    assert first == compute_stats(episodes, [], today=START + dt.timedelta(days=27))
    assert first["regular"]["met"]
    assert first["time_of_day"][2] == 14 and sum(first["time_of_day"]) == 14
    assert first["nocturnal_share"] == 1.0
    assert pattern(episodes, [], START + dt.timedelta(days=27)) == {
        "episodes_per_week": 3.5,
        "weeks": 4.0,
        "mostly_at_night": True,
    }


def test_no_weekly_rate_from_a_few_days_of_records() -> None:
    from crampcare.diary.text import weekly_rate, window_line
    from crampcare.reports.present import figures

    young = {"days_covered": 1, "per_week": 7.0, "episodes": 1, "cramp_days": 1, "nocturnal_share": 1.0}
    young |= {"mean_pain": 7.0, "mean_sleep_disturbance": None, "median_duration_minutes": 2.0}
    grown = young | {"days_covered": 30, "per_week": 0.23}
    assert weekly_rate(young) == "no weekly rate yet (1 day of records, 7 needed)"
    assert weekly_rate(grown) == "0.23 per week"
    assert "7 per week" not in window_line("Last 30 days", young)
    rows = dict((label, (a, b)) for label, a, b in figures({"last_30_days": young, "last_90_days": grown}))
    assert rows["Per week"] == ("–*", "0.23")  # the reason is the table's footnote (present.figures_note)
