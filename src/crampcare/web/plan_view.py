"""How the plan page arranges the engine's plan: medicine warnings and a short "for you" summary go near
the top, and the long option list is grouped by status. Pure functions over the plan; no new clinical text.

The engine gives plain sentences (plan.warnings) built from the templates in
data/assessment/texts.yaml; the medicine ones are recognised by those very
templates, so a reworded text still lands in the right box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import TYPE_CHECKING

from crampcare.assessment.plan import CarePlan, Option
from crampcare.knowledge.vocab import Status

if TYPE_CHECKING:
    from crampcare.assessment.profile import Profile

# The texts.yaml warning templates about a person's medicines (unknown names, interactions).
MEDICINE_TEMPLATES = ("taken_but_avoid", "unknown_medication", "unknown_allergy", "minor_interaction")


def _pattern(template: str) -> re.Pattern[str]:
    """A template such as "not checked: {name} (…)" as a regex that matches what it formats to."""
    parts = [
        re.escape(literal) + (".+?" if field is not None else "")
        for literal, field, _, _ in Formatter().parse(template)
    ]
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


@cache
def _medicine_patterns() -> tuple[re.Pattern[str], ...]:
    from crampcare.assessment.config import texts

    words = texts().warnings
    return tuple(_pattern(words[key]) for key in MEDICINE_TEMPLATES if key in words)


# Warnings that must be seen first: a typed name that reads as an emergency, a condition that was not checked.
TOP_TEMPLATES = ("emergency_words", "unchecked_condition")


@cache
def _top_patterns() -> tuple[re.Pattern[str], ...]:
    from crampcare.assessment.config import texts

    words = texts().warnings
    return tuple(_pattern(words[key]) for key in TOP_TEMPLATES if key in words)


def split_warnings(warnings: list[str]) -> tuple[list[str], list[str]]:
    """(warnings about the person's medicines, every other warning), each in the engine's order."""
    patterns = _medicine_patterns()
    medicines = [w for w in warnings if any(p.match(w) for p in patterns)]
    return medicines, [w for w in warnings if w not in medicines]


def top_warnings(warnings: list[str]) -> tuple[list[str], list[str]]:
    """(warnings shown at the top, under the triage: emergency words and unchecked conditions; the rest)."""
    patterns = _top_patterns()
    top = [w for w in warnings if any(p.match(w) for p in patterns)]
    return top, [w for w in warnings if w not in top]


# --- the "for you" summary and the grouped option list -------------------------------------------------
#
# Built only from the plan (and the profile's own values): the summary repeats what the option cards say,
# shorter, so a person on a phone sees what to avoid and what they can do without scrolling 20 screens.

AVOID_SHOWN = 6  # more than this and the box stops being short; the rest are one link away
SELF_CARE_SHOWN = 3


@dataclass(frozen=True)
class AvoidLine:
    """An option marked avoid, with the first (strictest) of its reasons, which names the condition or drug."""

    id: str
    name: str
    reason: str


@dataclass(frozen=True)
class OptionGroup:
    status: Status
    options: list[Option]

    @property
    def anchor(self) -> str:
        return f"group-{self.status}"


@dataclass(frozen=True)
class Summary:
    heading: str
    avoid: list[AvoidLine]
    avoid_total: int
    self_care: list[Option]
    self_care_total: int

    @property
    def more_avoid(self) -> int:
        return self.avoid_total - len(self.avoid)


def group_options(options: list[Option]) -> list[OptionGroup]:
    """The options by status, groups in the order their first option appears (the plan's order: self-care
    first, avoid last), options in plan order within each group; every option lands in exactly one group."""
    groups: dict[Status, list[Option]] = {}
    for option in options:
        groups.setdefault(option.status, []).append(option)
    return [OptionGroup(status, found) for status, found in groups.items()]


def situation(profile: Profile) -> list[str]:
    """The profile's values that change what is safe (pregnancy, breastfeeding, childhood), in its own words.

    The populations are the engine's own (assessment.facts.populations), so the heading never disagrees with
    the reasons on the cards.
    """
    from crampcare.assessment.facts import populations

    found = populations(profile)
    out = []
    if "pregnancy" in found:
        out.append(f"pregnancy, week {profile.pregnancy_weeks}")
    if "breastfeeding" in found:
        out.append("breastfeeding")
    if "child" in found:
        out.append(f"child, age {profile.age_years:g}")
    return out


def summarise(plan: CarePlan, profile: Profile) -> Summary:
    """The short box at the top of the plan: what is marked avoid (with why) and the best self-care."""
    avoid = [o for o in plan.options if o.status == "avoid"]
    self_care = [o for o in plan.options if o.status == "self_care"]
    words = situation(profile)
    return Summary(
        heading=f"For you ({'; '.join(words)})" if words else "For you",
        avoid=[AvoidLine(o.id, o.name, o.reasons[0] if o.reasons else "") for o in avoid[:AVOID_SHOWN]],
        avoid_total=len(avoid),
        self_care=self_care[:SELF_CARE_SHOWN],
        self_care_total=len(self_care),
    )
