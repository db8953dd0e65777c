"""First-aid ranking on plain values, shared by the engine and the fast `crampcare first-aid` path.

It imports nothing heavy, so the command someone types mid-cramp starts fast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Manoeuvre:
    id: str
    muscles: tuple[str, ...]
    settings: tuple[str, ...]


def score(item: Manoeuvre, muscle: str | None, setting: str | None, weights: Mapping[str, int]) -> int:
    """Higher is better: a matching setting (in the water) outweighs a matching muscle."""
    points = 0
    if setting is not None and setting in item.settings:
        points += weights["setting_match"]
    if muscle is not None and muscle in item.muscles:
        points += weights["muscle_match"]
    elif not item.muscles:
        points += weights["any_muscle"]
    return points


def applies(item: Manoeuvre, muscle: str | None) -> bool:
    """A manoeuvre with no muscles listed fits any; otherwise only those listed ("whole_leg" is a muscle choice
    of its own, a cramp of the whole leg, not a wildcard: standing on the leg does nothing for a shin)."""
    return muscle is None or not item.muscles or muscle in item.muscles


def rank(
    items: Sequence[Manoeuvre], muscle: str | None, setting: str | None, weights: Mapping[str, int]
) -> list[Manoeuvre]:
    """Manoeuvres that fit the muscle (all of them if none does), best first; ties keep the given order."""
    # In the water, getting safe comes first whatever the muscle: the in-water manoeuvre always fits there.
    fitting = [m for m in items if applies(m, muscle) or (setting == "swimming" and setting in m.settings)]
    fitting = fitting or list(items)
    # The in-water manoeuvre only makes sense in the water: keep it out of a dry-land list.
    if setting is not None and setting != "swimming":
        fitting = [m for m in fitting if m.settings != ("swimming",)] or fitting
    order = {m.id: i for i, m in enumerate(items)}
    return sorted(fitting, key=lambda m: (-score(m, muscle, setting, weights), order[m.id]))
