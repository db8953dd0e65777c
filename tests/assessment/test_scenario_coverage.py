"""The scenarios exercise every contraindication, interaction and red flag in the knowledge base, and every population.

Computed from the data: a new rule in the knowledge base fails this test until a
scenario (a YAML file in tests/scenarios/) triggers it and states what the plan
must show for that option or flag.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import get_args

import pytest
from scenario_cases import Scenario, load_scenario, scenario_files

from crampcare.assessment.facts import PersonFacts, derive
from crampcare.assessment.triggers import class_phrases, inn_phrases, match_rule
from crampcare.assessment.validation import parse_profile
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import Interaction


def _cases(kb: KnowledgeBase) -> Iterator[tuple[Scenario, PersonFacts]]:
    for path in scenario_files():
        scenario = load_scenario(path)
        if scenario.expect is not None:
            yield scenario, derive(kb, parse_profile(scenario.profile))


@pytest.fixture(scope="module")
def cases(kb: KnowledgeBase) -> list[tuple[Scenario, PersonFacts]]:
    return list(_cases(kb))


def test_every_contraindication_is_exercised(kb: KnowledgeBase, cases: list[tuple[Scenario, PersonFacts]]) -> None:
    missing = []
    for record in kb.interventions.values():
        for i, rule in enumerate(record.contraindications):
            if not any(
                record.id in s.expect.options and match_rule(rule, facts, kb)  # type: ignore[union-attr]
                for s, facts in cases
            ):
                missing.append(f"{record.id}: contraindications.{i}")
    assert not missing, "no scenario triggers (and checks the option for): " + ", ".join(missing)


def _interacts(inter: Interaction, facts: PersonFacts, kb: KnowledgeBase) -> bool:
    return any(inn_phrases(inn, facts) for inn in inter.with_inns) or any(
        class_phrases(cls, facts, kb) for cls in inter.with_classes
    )


def test_every_interaction_is_exercised(kb: KnowledgeBase, cases: list[tuple[Scenario, PersonFacts]]) -> None:
    missing = []
    for record in kb.interventions.values():
        for i, inter in enumerate(record.interactions):
            if not any(
                record.id in s.expect.options and _interacts(inter, facts, kb)  # type: ignore[union-attr]
                for s, facts in cases
            ):
                missing.append(f"{record.id}: interactions.{i}")
    assert not missing, "no scenario triggers (and checks the option for): " + ", ".join(missing)


def test_every_red_flag_is_exercised(kb: KnowledgeBase, cases: list[tuple[Scenario, PersonFacts]]) -> None:
    expected = {flag for s, _ in cases for flag in s.expect.red_flags}  # type: ignore[union-attr]
    missing = sorted(set(kb.red_flags) - expected)
    assert not missing, f"no scenario expects red flag(s): {missing}"


def test_every_population_is_covered(cases: list[tuple[Scenario, PersonFacts]]) -> None:
    from crampcare.knowledge.vocab import Population

    seen = {pop for _, facts in cases for pop in facts.populations}
    assert set(get_args(Population)) <= seen


def test_the_first_manoeuvre_is_pinned_for_every_muscle_and_place(cases: list[tuple[Scenario, PersonFacts]]) -> None:
    """Every muscle (and none given) × every place (and none given) has a scenario stating its first manoeuvre,
    for a person without a raised falls risk and alone (the reviewed order itself, first_aid_order.yaml)."""
    from crampcare.knowledge.vocab import EPISODE_SETTINGS, MUSCLES

    pinned = set()
    for scenario, facts in cases:
        expect, episode = scenario.expect, facts.profile.episode
        if expect is None or episode is None or episode.helper or "older_adult" in facts.populations or facts.drugs:
            continue
        if facts.profile.pregnancy_weeks is not None or facts.symptoms or facts.conditions:
            continue
        muscle = episode.muscle or "any"
        if expect.first_aid_first is not None:
            pinned.add((muscle, episode.setting or "unknown"))
        pinned.update((muscle, place) for place in expect.first_aid_first_by_setting)
    wanted = {(m, p) for m in (*MUSCLES, "any") for p in (*EPISODE_SETTINGS, "unknown")}
    assert not wanted - pinned, f"no scenario pins the first manoeuvre for {sorted(wanted - pinned)}"
