"""First aid for this episode: the manoeuvres for the cramping muscle, the place and the person, best first.

The order is reviewed data (data/assessment/first_aid_order.yaml, applied by `ranking.order`); this module adds
what only the engine knows: whether someone is with the person and whether their risk of falling is raised.
"""

from __future__ import annotations

from collections.abc import Iterable

from crampcare.assessment.config import current_language, first_aid_order, first_aid_table, number, texts
from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.plan import FirstAidStep, constructed
from crampcare.assessment.profile import Episode
from crampcare.assessment.ranking import order
from crampcare.assessment.triggers import drug_words, in_sentence
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import Intervention


def falls_risk_because(facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    """What raises this person's risk of falling when they get up with a cramp, in words (empty: not raised)."""
    rule = first_aid_order().falls_risk
    words = rule.phrases
    found = []
    if facts.age >= rule.age_from_years:
        found.append(words["age"].format(age=number(facts.age)))
    weeks = facts.profile.pregnancy_weeks
    if weeks is not None and weeks >= rule.pregnancy_from_week:
        found.append(words["pregnancy"].format(weeks=weeks))
    for drug in facts.drugs:
        effects = [effect for cls, effect in rule.drug_classes.items() if cls in drug.classes]
        if effects:
            found.append(
                words["medicine"].format(drug=drug_words(drug), effects=words["and"].join(dict.fromkeys(effects)))
            )
    # English keeps its all-lower-case names; Russian lowers only the first letter («болезнь Паркинсона»).
    lower = str.lower if current_language() == "en" else in_sentence
    found.extend(lower(kb.conditions[cid].name) for cid in rule.conditions if cid in facts.conditions)
    labels = texts().symptom_labels
    found.extend(labels[s].lower() for s in rule.symptoms if s in facts.symptoms)
    return list(dict.fromkeys(found))


def falls_reason(facts: PersonFacts, kb: KnowledgeBase) -> str | None:
    """The sentence that explains the falls-risk order for this person, or None when the risk is not raised."""
    because = falls_risk_because(facts, kb)
    return first_aid_order().falls_risk.reason.format(because="; ".join(because)) if because else None


def first_aid(records: Iterable[Intervention], episode: Episode | None, falls: str | None = None) -> list[FirstAidStep]:
    """The manoeuvres among `records` for the episode, best first; `falls` is `falls_reason(...)` for the person."""
    by_id = {r.id: r for r in records}
    placed = order(
        first_aid_table(),
        episode.muscle if episode else None,
        episode.setting if episode else None,
        by_id,
        helper=episode.helper if episode else False,
        falls_reason=falls,
    )
    # Strings from validated records and first_aid.yaml: built without validating them again (several per plan).
    return [
        constructed(
            FirstAidStep,
            id=p.id,
            title=by_id[p.id].name,
            muscles=list(by_id[p.id].muscles),
            settings=list(by_id[p.id].settings),
            steps=[p.first_step, *by_id[p.id].steps] if p.first_step else list(by_id[p.id].steps),
            reasons=list(p.reasons),
        )
        for p in placed
    ]
