"""Property: any valid Intervention survives model_dump → YAML → model_validate unchanged.

This is what lets a tool rewrite a record file (or a reviewer copy one) without losing or
changing a fact.
"""

from __future__ import annotations

from typing import Any, get_args

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from crampcare.knowledge.models import Intervention
from crampcare.knowledge.vocab import (
    EPISODE_SETTINGS,
    GRADES,
    KINDS,
    LAB_NAMES,
    MUSCLES,
    SYMPTOMS,
    LifestyleFlag,
    Population,
    Route,
    Setting,
    Severity,
    Status,
)

# Any printable text, including Cyrillic, quotes, colons and "[BK]"-like brackets that YAML must escape.
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
long_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=10, max_size=80)
ident = st.from_regex(r"\A[a-z0-9][a-z0-9_]{0,20}\Z")
ids = st.lists(ident, min_size=1, max_size=3)
number = st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False)


def one_of_args(literal: Any) -> st.SearchStrategy[str]:
    return st.sampled_from(get_args(literal))


lab = st.fixed_dictionaries(
    {"name": st.sampled_from(LAB_NAMES), "op": st.sampled_from(["<", "<=", ">", ">="]), "value": number, "unit": text}
)
trigger = st.one_of(
    st.builds(lambda v: {"condition": v}, ident),
    st.builds(lambda v: {"population": v}, one_of_args(Population)),
    st.builds(lambda v: {"age_below_years": v}, number),
    st.builds(lambda v: {"lab": v}, lab),
    st.builds(lambda v: {"symptom": v}, st.sampled_from(SYMPTOMS)),
    st.builds(lambda v: {"drug_class": v}, ident),
    st.builds(lambda v: {"inn": v}, text),
    st.builds(lambda v: {"lifestyle": v}, one_of_args(LifestyleFlag)),
    st.builds(lambda v: {"episode_setting": v}, st.sampled_from(EPISODE_SETTINGS)),
    st.builds(lambda v: {"heart_rate_below": v}, number),
)
rule = st.fixed_dictionaries(
    {"when": st.lists(trigger, min_size=1, max_size=3), "reason": long_text, "sources": ids},
    optional={"when_all": st.lists(trigger, max_size=2), "unverified": st.booleans()},
)
interaction = st.fixed_dictionaries(
    {
        "with_inns": st.lists(text, min_size=1, max_size=2),
        "with_classes": st.lists(ident, max_size=2),
        "severity": one_of_args(Severity),
        "advice": long_text,
        "sources": ids,
    }
)
evidence = st.fixed_dictionaries(
    {"grade": st.sampled_from(GRADES), "summary": long_text, "sources": ids},
    optional={
        "unverified": st.booleans(),
        "by_population": st.lists(
            st.fixed_dictionaries(
                {
                    "population": one_of_args(Population),
                    "grade": st.sampled_from(GRADES),
                    "summary": text,
                    "sources": ids,
                }
            ),
            max_size=2,
        ),
    },
)


@st.composite
def interventions(draw: st.DrawFn) -> Intervention:
    kind = draw(st.sampled_from(KINDS))
    record: dict[str, Any] = {
        "id": draw(ident),
        "name": draw(text),
        "kind": kind,
        "aliases": draw(st.lists(text, max_size=4)),
        "route": draw(one_of_args(Route)),
        "prescription": draw(st.booleans()),
        "setting": draw(one_of_args(Setting)),
        "summary": draw(long_text),
        "details": draw(text),
        "base_status": {"status": draw(one_of_args(Status)), "reason": draw(long_text)},
        "contraindications": draw(st.lists(rule, max_size=2)),
        "cautions": draw(st.lists(rule, max_size=2)),
        "not_for": draw(st.lists(rule, max_size=1)),
        "use_only_when": draw(st.lists(rule, max_size=1)),
        "min_age_years": draw(st.none() | number),
        "interactions": draw(st.lists(interaction, max_size=2)),
        "evidence": draw(evidence),
        "article_claims": draw(
            st.lists(st.fixed_dictionaries({"claim": text, "verdict": text, "sources": ids}), max_size=2)
        ),
        "article_sections": draw(ids),
        "atc": draw(
            st.none()
            | st.fixed_dictionaries(
                {"code": st.from_regex(r"\A[A-Z][0-9]{2}[A-Z]{2}[0-9]{2}\Z"), "verified": st.booleans()}
            )
        ),
    }
    # The model's own consistency rules: medicines name an INN, first aid has steps.
    if kind in ("medicine", "injection") or draw(st.booleans()):
        record["inn"] = draw(st.lists(st.from_regex(r"\A[a-z]{3,12}\Z"), min_size=1, max_size=3).map(" + ".join))
    if kind == "first_aid":
        record["steps"] = draw(st.lists(long_text, min_size=1, max_size=4))
        record["muscles"] = draw(st.lists(st.sampled_from(MUSCLES), max_size=3))
        record["settings"] = draw(st.lists(st.sampled_from(EPISODE_SETTINGS), max_size=3))
    return Intervention.model_validate(record)


@settings(max_examples=150, deadline=None)
@given(interventions())
def test_intervention_round_trips_through_yaml(record: Intervention) -> None:
    dumped = yaml.safe_dump(record.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
    assert Intervention.model_validate(yaml.safe_load(dumped)) == record


@settings(max_examples=50, deadline=None)
@given(interventions())
def test_round_trip_without_defaults_is_also_lossless(record: Intervention) -> None:
    # Record files leave defaults out; dropping them must not change the record.
    dumped = yaml.safe_dump(record.model_dump(mode="json", exclude_defaults=True), allow_unicode=True)
    assert Intervention.model_validate(yaml.safe_load(dumped)) == record
