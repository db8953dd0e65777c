"""The readable form of an experiment's status: header, basis, calendar, counts, answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

WEEKDAYS = "Mo Tu We Th Fr Sa Su"
LETTER = {"A": "A", "B": "B", "baseline": "r"}


def render(state: dict[str, Any]) -> str:
    name = state["intervention"]["name"]
    out = [f"Experiment {state['id']}: {name} — {state['status_text']}", f"Basis: {state['basis'].get('text', '')}"]
    for flag in state["red_flags"]:
        where = f"on {flag['day']}" if flag["day"] else "in your profile"
        out.append(f"WARNING SIGN {where}: {flag['title']}. {flag['action']}")
    design = state["design"]
    out.append(
        f"Design: {design['pairs']} pairs of {design['period_weeks']}-week periods from {design['start']} to "
        f"{design['end']} (seed {design['seed']}); A = with {name}, B = without."
    )
    out += ["", *calendar(state["schedule"]), ""]
    counted = {p["number"]: p for p in state["periods"]}
    for period in state["schedule"]:
        line = f"  {period['number']:>2} {period['arm']:<8} {period['first']} – {period['last']}"
        row = counted.get(period["number"]) if period["arm"] != "baseline" else None
        if row is not None:
            mark = "" if row["usable"] else ("  (not counted yet)" if not row["ended"] else "  (too few check-ins)")
            line += (
                f"  check-ins {row['observed_days']}/{row['counted_days']}, cramp nights {row['cramp_nights']}{mark}"
            )
        out.append(line)
    result = state["result"]
    out += ["", f"Answer: {result['label']}", *(f"  - {reason}" for reason in result["reasons"])]
    if result["verdict"] != "not_enough_data":
        out.append(f"  Prior: {result['prior']}")
    if state["unchecked_cramp_nights"]:
        out.append(f"  {state['unchecked_cramp_nights']} cramp night(s) on days without a check-in were left out.")
    return "\n".join(out)


def calendar(schedule: list[dict[str, Any]]) -> list[str]:
    """Weeks as rows (Monday first), each day the letter of its arm: r run-in, A with, B without."""
    arm_of: dict[dt.date, str] = {}
    for period in schedule:
        day, last = dt.date.fromisoformat(period["first"]), dt.date.fromisoformat(period["last"])
        while day <= last:
            arm_of[day] = LETTER[period["arm"]]
            day += dt.timedelta(days=1)
    first = min(arm_of)
    monday = first - dt.timedelta(days=first.weekday())
    rows = [f"  week of     {WEEKDAYS}"]
    while monday <= max(arm_of):
        cells = [arm_of.get(monday + dt.timedelta(days=i), "·") for i in range(7)]
        rows.append(f"  {monday.isoformat()}  " + "  ".join(cells))
        monday += dt.timedelta(days=7)
    return rows
