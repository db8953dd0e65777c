"""Properties of `assess` over random valid profiles (Hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crampcare.assessment.engine import assess
from crampcare.assessment.plan_json import plan_json
from crampcare.knowledge.loader import KnowledgeBase, knowledge
from crampcare.knowledge.lookup import condition_closure
from crampcare.knowledge.models import Rule
from crampcare.knowledge.vocab import EPISODE_SETTINGS, MUSCLES, STATUS_SEVERITY, SYMPTOMS, TRIAGE_SEVERITY

KB = knowledge()
CONDITIONS = sorted(KB.conditions)
# Known names only: an unknown one would send the lookup to the (slow) offline drug dictionary.
MEDICINES = sorted({m.inn for cls in KB.drug_classes.values() for m in cls.members})[:80]
RED_FLAG_SYMPTOMS = sorted({t.symptom for f in KB.red_flags.values() for t in f.rule.when if t.symptom})


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


labs = st.fixed_dictionaries(
    {},
    optional={
        "potassium": st.floats(1.0, 10.0),
        "sodium": st.floats(100, 180),
        "magnesium": st.floats(0.1, 5.0),
        "calcium": st.floats(1.0, 5.0),
        "egfr": st.floats(1, 200),
        "ck": st.floats(1, 500000),
        "tsh": st.floats(0.001, 500),
    },
)


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    age = draw(st.floats(0, 120))
    sex = draw(st.sampled_from(["female", "male", "other", None]))
    profile: dict[str, Any] = {
        "age_years": age,
        "sex": sex,
        "conditions": draw(st.lists(st.sampled_from(CONDITIONS), max_size=4)),
        "medications": draw(st.lists(st.sampled_from(MEDICINES), max_size=4)),
        "symptoms": draw(st.lists(st.sampled_from(SYMPTOMS), max_size=3)),
        "labs": draw(labs),
        "breastfeeding": draw(st.booleans()),
        "vitals": {"systolic_bp": draw(_opt(st.floats(40, 300))), "heart_rate": draw(_opt(st.floats(20, 250)))},
        "episode": {
            "muscle": draw(_opt(st.sampled_from(MUSCLES))),
            "setting": draw(_opt(st.sampled_from(EPISODE_SETTINGS))),
            "duration_minutes": draw(_opt(st.floats(0, 60))),
            "pain": draw(_opt(st.integers(0, 10))),
        },
        "pattern": {"episodes_per_week": draw(_opt(st.floats(0, 20))), "weeks": draw(_opt(st.floats(0, 52)))},
        "lifestyle": {"caffeine_cups_per_day": draw(_opt(st.floats(0, 50))), "stress": draw(st.booleans())},
    }
    if sex != "male" and age >= 12 and draw(st.booleans()):
        profile["pregnancy_weeks"] = draw(st.integers(1, 42))
    return profile


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(profiles())
def test_random_valid_profiles_never_crash_and_list_every_option_once(profile: dict[str, Any]) -> None:
    plan = assess(profile, KB)
    ids = [o.id for o in plan.options]
    assert sorted(ids) == sorted(KB.interventions)
    assert all(o.reasons for o in plan.options)
    assert plan.triage.action and plan.triage.safety_net and plan.triage.reasons


@SETTINGS
@given(profiles())
def test_same_input_gives_identical_json(profile: dict[str, Any]) -> None:
    assert assess(profile, KB).model_dump_json() == assess(dict(profile), KB).model_dump_json()


@SETTINGS
@given(profiles())
def test_spliced_plan_json_is_byte_identical_to_pydantic(profile: dict[str, Any]) -> None:
    plan = assess(profile, KB)
    assert plan_json(plan, KB) == plan.model_dump_json().encode()


def _conditions_in(rules: list[Rule]) -> set[str]:
    return {t.condition for rule in rules for t in (*rule.when, *rule.when_all) if t.condition}


def _contraindicating_conditions(kb: KnowledgeBase) -> list[str]:
    """Conditions named in a contraindication, minus those that are (or imply) an indication (`use_only_when`).

    A documented deficiency (hypokalaemia, hypocalcaemia) is both: it rules magnesium out and at the same
    time documents the need that makes IV electrolytes discussable, so it may rightly relax that option.
    """
    contra = set().union(*(_conditions_in(r.contraindications) for r in kb.interventions.values()))
    indications = set().union(*(_conditions_in(r.use_only_when) for r in kb.interventions.values()))
    return sorted(c for c in contra if not condition_closure(kb, [c]) & indications)


@SETTINGS
@given(profiles(), st.sampled_from(_contraindicating_conditions(KB)))
def test_adding_a_contraindicating_condition_never_relaxes_an_option(profile: dict[str, Any], condition: str) -> None:
    before = {o.id: o.status for o in assess(profile, KB).options}
    more = {**profile, "conditions": [*profile["conditions"], condition]}
    after = {o.id: o.status for o in assess(more, KB).options}
    for oid, status in before.items():
        assert STATUS_SEVERITY[after[oid]] >= STATUS_SEVERITY[status], (oid, status, after[oid])
    for record in KB.interventions.values():
        if condition in _conditions_in(record.contraindications):
            assert after[record.id] == "avoid", (record.id, condition)


@SETTINGS
@given(profiles(), st.sampled_from(RED_FLAG_SYMPTOMS))
def test_adding_a_red_flag_symptom_never_lowers_triage(profile: dict[str, Any], symptom: str) -> None:
    before = assess(profile, KB).triage.level
    more = {**profile, "symptoms": [*profile["symptoms"], symptom]}
    after = assess(more, KB).triage.level
    assert TRIAGE_SEVERITY[after] >= TRIAGE_SEVERITY[before]
