"""A logged cramp's advice comes from the care plan's red-flag rules, never from thresholds of its own."""

from __future__ import annotations

from crampcare.assessment.episode_advice import episode_advice
from crampcare.knowledge.loader import KnowledgeBase

LONG = {"muscle": "calf", "side": "left", "setting": "exercise", "duration_minutes": 25, "pain": 9}


def test_a_cramp_over_ten_minutes_is_urgent_with_the_rules_action_and_reason(kb: KnowledgeBase) -> None:
    advice = episode_advice(LONG, {"age_years": 52})
    flag = kb.red_flags["cramp_over_10_minutes"]
    assert advice.level == flag.level == "urgent"
    assert [(f.id, f.action) for f in advice.flags] == [(flag.id, flag.action)]
    assert "25 minutes (over 10)" in advice.flags[0].reason
    assert advice.profile_used


def test_a_short_cramp_calls_for_nothing(kb: KnowledgeBase) -> None:
    advice = episode_advice(LONG | {"duration_minutes": 10}, {"age_years": 52})  # the rule is "over" 10
    assert advice.flags == [] and advice.level == "self_care" and not advice.needs_help


def test_a_childs_long_night_pain_is_set_aside_by_the_rules_own_exception() -> None:
    advice = episode_advice(LONG | {"setting": "bed_night"}, {"age_years": 7})
    assert advice.flags == []
    assert any("growing pains" in reason for reason in advice.set_aside)
    assert "limp" in advice.safety_net  # the child safety net of the care plan
    by_day = episode_advice(LONG, {"age_years": 7})
    assert [f.id for f in by_day.flags] == ["cramp_over_10_minutes"]


def test_without_a_profile_it_is_judged_as_for_an_adult_and_says_so() -> None:
    advice = episode_advice(LONG | {"setting": "bed_night"}, None)
    assert [f.id for f in advice.flags] == ["cramp_over_10_minutes"] and not advice.profile_used


def test_flags_the_profile_raises_by_itself_are_not_repeated_for_each_cramp() -> None:
    profile = {"age_years": 60, "symptoms": ["muscle_weakness"]}
    advice = episode_advice(LONG | {"duration_minutes": 2}, profile)
    assert advice.flags == []
    assert [f.id for f in episode_advice(LONG, profile).flags] == ["cramp_over_10_minutes"]


def test_a_stored_profile_that_no_longer_reads_still_gets_the_episode_judged() -> None:
    advice = episode_advice(LONG, {"age_years": 500})
    assert not advice.profile_used and [f.id for f in advice.flags] == ["cramp_over_10_minutes"]
