"""`assess(profile) -> CarePlan`: the deterministic, pure heart of crampcare.

No clock, no randomness, no I/O beyond the cached knowledge and engine data:
the same profile always gives byte-identical JSON.
"""

from __future__ import annotations

from typing import Any

from crampcare.assessment import diet, factors, first_aid, labs, options, triage
from crampcare.assessment.config import texts
from crampcare.assessment.facts import PersonFacts, derive
from crampcare.assessment.options import OptionData
from crampcare.assessment.plan import CarePlan
from crampcare.assessment.profile import Profile
from crampcare.assessment.validation import parse_profile
from crampcare.knowledge.loader import KnowledgeBase, knowledge

STOPPED = frozenset({"avoid", "not_recommended"})


def assess(profile: Profile | dict[str, Any], kb: KnowledgeBase | None = None) -> CarePlan:
    """The care plan for a profile (a `Profile` or a dict); raises InputError on bad input."""
    kb = kb or knowledge()
    facts = derive(kb, parse_profile(profile))
    return plan_for(facts, kb)


def _warnings(facts: PersonFacts, missing_labs: list[str], option_warnings: list[str]) -> list[str]:
    words = texts().warnings
    out = [words["unknown_medication"].format(name=name) for name in facts.unknown_medications]
    if facts.is_child and facts.labs:
        out.append(words["child_labs"])
    out.extend(words["no_lab_range"].format(name=name) for name in missing_labs)
    out.extend(option_warnings)
    return list(dict.fromkeys(out))


def _prevention_tips(kb: KnowledgeBase, marked: dict[str, OptionData]) -> list[str]:
    return [
        f"{record.name}: {record.summary}"
        for record in kb.interventions.values()
        if record.kind == "prevention" and marked[record.id]["status"] == "self_care"
    ]


def plan_for(facts: PersonFacts, kb: KnowledgeBase) -> CarePlan:
    marked_options, option_warnings = options.mark_all(facts, kb)
    marked = {option["id"]: option for option in marked_options}
    flag_hits = triage.red_flags(facts, kb)
    lab_results, missing_labs = labs.interpret(facts, kb)
    causes = factors.matched_causes(facts, kb)
    medication_factors = [factor for _, factor in causes if factor.kind == "medication"]
    aid_records = [
        record
        for record in kb.interventions.values()
        if record.kind == "first_aid" and marked[record.id]["status"] not in STOPPED
    ]
    return CarePlan(
        triage=triage.triage(facts, flag_hits, lab_results, medication_factors),
        red_flags=[hit for _, hit, _ in flag_hits],
        first_aid=first_aid.first_aid(aid_records, facts.profile.episode),
        contributing_factors=[factor for _, factor in causes],
        specialists=factors.specialists(facts, kb, [(f, h) for f, h, _ in flag_hits], causes),
        labs=lab_results,
        options=marked_options,  # dicts, validated here in one pass
        diet=diet.build_diet(facts),
        prevention=diet.prevention(facts, _prevention_tips(kb, marked)),
        warnings=_warnings(facts, missing_labs, option_warnings),
        disclaimer=texts().disclaimer,
        knowledge_version=kb.version,
    )
