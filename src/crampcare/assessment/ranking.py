"""The order of first-aid manoeuvres, on plain values, shared by the engine and the fast `crampcare first-aid` path.

The order itself is reviewed data (data/assessment/first_aid_order.yaml): a list per muscle and place, with its
reasons. This module only applies it and the two rules the data describes (a helper's manoeuvre needs a helper; a
raised falls risk puts the standing manoeuvres last and has them start seated). It imports nothing heavy, so the
command someone types mid-cramp starts fast.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ANY_MUSCLE = "any"  # the list used when the muscle is not given
UNKNOWN_PLACE = "unknown"  # the list used when the place is not given


@dataclass(frozen=True)
class Placed:
    """A manoeuvre in its place: the record id, a step to do before the record's own steps (or None), and why."""

    id: str
    first_step: str | None
    reasons: tuple[str, ...]


def reason_texts(table: Mapping[str, Any], ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(str(table["reasons"][rid]["text"]) for rid in ids)


def order(
    table: Mapping[str, Any],
    muscle: str | None,
    setting: str | None,
    available: Collection[str],
    *,
    helper: bool = False,
    falls_reason: str | None = None,
) -> list[Placed]:
    """The manoeuvres for this muscle and place, best first, among the `available` record ids.

    `helper`: someone is with the person (manoeuvres that need a second person are shown only then).
    `falls_reason`: the explained falls-risk sentence when the person's risk of falling is raised, else None.
    """
    entry = table["orders"][muscle or ANY_MUSCLE][setting or UNKNOWN_PLACE]
    how = table["manoeuvres"]
    ids = [rid for rid in entry["order"] if rid in available and (helper or not how[rid].get("helper", False))]
    if falls_reason is not None:  # stable: sitting, lying and in-water manoeuvres first, in their reviewed order
        ids = [rid for rid in ids if how[rid]["position"] != "standing"] + [
            rid for rid in ids if how[rid]["position"] == "standing"
        ]
    first_step = table["falls_risk"]["first_step"].get(setting or UNKNOWN_PLACE) if falls_reason else None
    placed = []
    for i, rid in enumerate(ids):
        standing = how[rid]["position"] == "standing"
        # What is about this person comes first (a short view shows the first reasons), then the list's own.
        reasons: list[str] = [falls_reason] if falls_reason is not None and (i == 0 or standing) else []
        if how[rid].get("helper", False):
            reasons.append(str(table["helper_reason"]))
        if i == 0:
            reasons.extend(reason_texts(table, entry["because"]))
        placed.append(Placed(rid, first_step if standing else None, tuple(reasons)))
    return placed
