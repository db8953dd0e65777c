"""What a logged cramp calls for: the red flags the episode itself raises, by the care plan's own rules.

The diary logs one cramp at a time. The same red-flag rules that triage a check-up (red_flags.yaml, e.g. a
cramp over 10 minutes) are run on the person's stored profile with this episode added; a flag counts for the
episode only when the profile alone does not raise it (the plan already says what the profile calls for).
No threshold lives here: every rule, level, action and reason comes from the knowledge base.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crampcare.assessment.config import texts
from crampcare.assessment.facts import derive
from crampcare.assessment.triage import red_flags, set_aside_flags
from crampcare.assessment.validation import parse_profile
from crampcare.errors import InputError
from crampcare.knowledge.loader import KnowledgeBase, knowledge
from crampcare.knowledge.vocab import TriageLevel

# Without a stored profile the person's age is unknown; the rules are run as for an adult (under 65), which keeps
# the adult 10-minute rule (stricter than the child exception), and the advice says that it did so.
ADULT_STAND_IN = {"age_years": 40}
EPISODE_KEYS = ("muscle", "side", "setting", "duration_minutes", "pain")
# Warning signs a diary entry can carry: each field's name is a symptom synonym in rules.yaml ("swelling" ->
# calf_swelling, "weakness" -> muscle_weakness), so the vocabulary, not this module, says what each one means.
EPISODE_SIGNS = ("swelling", "weakness")


@dataclass(frozen=True)
class FlagAdvice:
    id: str
    title: str
    level: TriageLevel
    action: str
    reason: str


@dataclass(frozen=True)
class EpisodeAdvice:
    level: TriageLevel  # the most urgent flag's level; self_care when none applies
    flags: list[FlagAdvice] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)  # why a flag whose facts are present was not raised
    safety_net: str = ""
    profile_used: bool = False  # False: judged as for an adult (no stored profile, or one that no longer reads)

    @property
    def needs_help(self) -> bool:
        return bool(self.flags)


def episode_advice(
    episode: Mapping[str, Any], profile: Mapping[str, Any] | None, kb: KnowledgeBase | None = None
) -> EpisodeAdvice:
    """The advice for a logged episode (the diary's episode dict) and the diary's stored profile, if any."""
    kb = kb or knowledge()
    base: dict[str, Any] = {k: v for k, v in (profile or {}).items() if k not in ("episode", "pattern")}
    profile_used = bool(base)
    if profile_used:
        try:
            parse_profile(base)
        except InputError:  # saved under older rules: the episode is still judged, as for an adult
            base, profile_used = {}, False
    if not profile_used:
        base = dict(ADULT_STAND_IN)
    shown = {key: episode[key] for key in EPISODE_KEYS if episode.get(key) is not None}
    signs = [name for name in EPISODE_SIGNS if episode.get(name) is True]
    alone = derive(kb, parse_profile(base))
    symptoms = [*base.get("symptoms", []), *signs]
    with_episode = derive(kb, parse_profile(base | {"episode": shown} | ({"symptoms": symptoms} if signs else {})))
    raised_anyway = {flag.id for flag, _, _ in red_flags(alone, kb)}
    flags = [
        FlagAdvice(id=flag.id, title=flag.title, level=flag.level, action=flag.action, reason=reason)
        for flag, _, reason in red_flags(with_episode, kb)
        if flag.id not in raised_anyway
    ]
    set_aside = [s for s in set_aside_flags(with_episode, kb) if s not in set_aside_flags(alone, kb)]
    level: TriageLevel = flags[0].level if flags else "self_care"
    words = texts().triage[level]
    child_night = with_episode.is_child and shown.get("setting") == "bed_night"
    net = words.child_safety_net if child_night and words.child_safety_net else words.safety_net
    return EpisodeAdvice(level=level, flags=flags, set_aside=set_aside, safety_net=net, profile_used=profile_used)
