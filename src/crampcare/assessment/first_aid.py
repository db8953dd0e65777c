"""First aid for this episode: the manoeuvres for the cramping muscle and where it happened, best first."""

from __future__ import annotations

from collections.abc import Iterable

from crampcare.assessment.config import rules
from crampcare.assessment.plan import FirstAidStep
from crampcare.assessment.profile import Episode
from crampcare.assessment.ranking import Manoeuvre, rank
from crampcare.knowledge.models import Intervention


def first_aid(records: Iterable[Intervention], episode: Episode | None) -> list[FirstAidStep]:
    by_id = {r.id: r for r in records}
    items = [Manoeuvre(r.id, tuple(r.muscles), tuple(r.settings)) for r in by_id.values()]
    muscle = episode.muscle if episode else None
    setting = episode.setting if episode else None
    ranked = rank(items, muscle, setting, rules().first_aid_weights.model_dump())
    return [
        FirstAidStep(id=r.id, title=r.name, muscles=list(r.muscles), settings=list(r.settings), steps=list(r.steps))
        for r in (by_id[m.id] for m in ranked)
    ]
