"""A server worker collects cyclic garbage rarely (api.app.warm_up): safe only while plans leave none behind."""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crampcare import assess
from crampcare.api.app import GC_THRESHOLDS, warm_up
from crampcare.assessment.plan_json import plan_json
from crampcare.assessment.profile import Profile

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/ beside tests/
from benchmarks.bench_web import profiles  # the benchmark's own varied people


@pytest.fixture
def collector_paused() -> Iterator[None]:
    """Automatic collections off, so that every cycle a plan makes is still there to be counted."""
    thresholds = gc.get_threshold()
    gc.disable()
    gc.collect()
    try:
        yield
    finally:
        gc.enable()
        gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("collector_paused")
def test_plans_for_new_people_leave_no_cyclic_garbage() -> None:
    def plans(count: int, seed: int) -> None:
        for person in profiles(count, seed=seed):
            plan_json(assess(Profile.model_validate_json(json.dumps(person).encode())))

    plans(50, seed=3)  # the first plans load the knowledge base and modules, which leaves cycles once
    gc.collect()
    plans(300, seed=23)
    assert gc.collect() == 0


@pytest.mark.usefixtures("collector_paused")
def test_the_check_finds_a_cycle_when_there_is_one() -> None:
    """The test above can fail: a plan kept in a cycle with itself is found."""
    plan = assess(Profile.model_validate_json(json.dumps(profiles(1, seed=5)[0]).encode()))
    loop: list[object] = [plan]
    loop.append(loop)
    del loop
    assert gc.collect() >= 1


def test_warm_up_sets_the_workers_thresholds() -> None:
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    try:
        warm_up()
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
