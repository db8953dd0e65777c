"""Known conditions that no rule of the knowledge base uses yet: the plan says so instead of staying silent.

A condition crampcare recognises (so the person is not told it is unknown) but for which no cited fact changes the
plan yet (issue 19: COPD, multiple sclerosis, dementia, ...) would otherwise read as "checked, nothing to say".
"""

from __future__ import annotations

from crampcare.assessment.config import first_aid_order
from crampcare.assessment.facts import PersonFacts
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import condition_closure
from crampcare.knowledge.models import Rule

_USED: dict[str, frozenset[str]] = {}


def _rules(kb: KnowledgeBase) -> list[Rule]:
    found: list[Rule] = []
    for record in kb.interventions.values():
        found.extend((*record.contraindications, *record.cautions, *record.not_for, *record.use_only_when))
    found.extend(cause.rule for cause in kb.causes.values())
    found.extend(flag.rule for flag in kb.red_flags.values())
    return found


def used_conditions(kb: KnowledgeBase) -> frozenset[str]:
    """Condition ids some rule names, or the first-aid ordering uses (once per knowledge-base version)."""
    used = _USED.get(kb.version)
    if used is None:
        named = {
            t.condition
            for rule in _rules(kb)
            for t in (*rule.when, *rule.when_all, *rule.and_one_of, *rule.unless)
            if t.condition
        }
        used = _USED[kb.version] = frozenset(named | set(first_aid_order().falls_risk.conditions))
    return used


def without_advice(facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    """The names, as given, of stated conditions that no rule uses, directly or through what they imply."""
    if not facts.stated_conditions:
        return []
    used = used_conditions(kb)
    return [name for cid, name in facts.stated_conditions.items() if not condition_closure(kb, [cid]) & used]
