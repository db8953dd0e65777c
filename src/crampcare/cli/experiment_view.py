"""The readable form of an experiment's status: header, basis, calendar, counts, answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crampcare.diary.text import day_text
from crampcare.i18n import _, ngettext, pgettext


def _letter(arm: str) -> str:
    """The calendar's letter for an arm: A with, B without, r the run-in week."""
    return pgettext("experiment calendar: the run-in week's letter", "r") if arm == "baseline" else arm


def _arm(arm: str) -> str:
    return pgettext("experiment arm", "baseline") if arm == "baseline" else arm


def render(state: dict[str, Any]) -> str:
    from crampcare.experiments.config import protocol

    name = state["intervention"]["name"]
    out = [
        _("Experiment %(id)s: %(name)s — %(status)s")
        % {"id": state["id"], "name": name, "status": state["status_text"]},
        _("Basis: %(basis)s") % {"basis": state["basis"].get("text", "")},
    ]
    for flag in state["red_flags"]:
        values = {"day": day_text(flag["day"]) if flag["day"] else "", "title": flag["title"], "action": flag["action"]}
        if flag["day"]:
            out.append(_("WARNING SIGN on %(day)s: %(title)s. %(action)s") % values)
        else:
            out.append(_("WARNING SIGN in your profile: %(title)s. %(action)s") % values)
    design = state["design"]
    out.append(
        ngettext(
            "Design: %(pairs)s pair of %(weeks)s-week periods from %(start)s to %(end)s (seed %(seed)s); "
            "A = with %(name)s, B = without.",
            "Design: %(pairs)s pairs of %(weeks)s-week periods from %(start)s to %(end)s (seed %(seed)s); "
            "A = with %(name)s, B = without.",
            design["pairs"],
        )
        % {
            "pairs": design["pairs"],
            "weeks": design["period_weeks"],
            "start": day_text(design["start"]),
            "end": day_text(design["end"]),
            "seed": design["seed"],
            "name": name,
        }
    )
    out += ["", *calendar(state["schedule"]), ""]
    out += _periods(state)
    result = state["result"]
    out += [
        "",
        _("Answer: %(answer)s") % {"answer": result["label"]},
        *(f"  - {reason}" for reason in result["reasons"]),
    ]
    if result["verdict"] != "not_enough_data":
        out.append("  " + _("Prior: %(prior)s") % {"prior": result["prior"]})
    if state["unchecked_cramp_nights"]:
        out.append("  " + protocol().text("report", "unchecked", n=state["unchecked_cramp_nights"]))
    return "\n".join(out)


def _periods(state: dict[str, Any]) -> list[str]:
    """One line per period: its dates, and for A and B its check-ins and cramp nights so far."""
    counted = {p["number"]: p for p in state["periods"]}
    # the dates as the reader writes them, padded to the longest so that the counts line up ("16 ноября 2026")
    firsts = [day_text(period["first"]) for period in state["schedule"]]
    lasts = [day_text(period["last"]) for period in state["schedule"]]
    first_width, last_width = max(map(len, firsts), default=0), max(map(len, lasts), default=0)
    out = []
    for period, first, last in zip(state["schedule"], firsts, lasts, strict=True):
        line = f"  {period['number']:>2} {_arm(period['arm']):<8} {first:<{first_width}} – {last:<{last_width}}"
        row = counted.get(period["number"]) if period["arm"] != "baseline" else None
        if row is not None:
            mark = (
                ""
                if row["usable"]
                else ("  " + (_("(not counted yet)") if not row["ended"] else _("(too few check-ins)")))
            )
            line += "  " + _("check-ins %(observed)s/%(counted)s, cramp nights %(nights)s") % {
                "observed": row["observed_days"],
                "counted": row["counted_days"],
                "nights": row["cramp_nights"],
            }
            line += mark
        out.append(line.rstrip())
    return out


def calendar(schedule: list[dict[str, Any]]) -> list[str]:
    """Weeks as rows (Monday first), each day the letter of its arm: r run-in, A with, B without."""
    arm_of: dict[dt.date, str] = {}
    for period in schedule:
        day, last = dt.date.fromisoformat(period["first"]), dt.date.fromisoformat(period["last"])
        while day <= last:
            arm_of[day] = _letter(period["arm"])
            day += dt.timedelta(days=1)
    first = min(arm_of)
    mondays = [first - dt.timedelta(days=first.weekday())]
    while mondays[-1] + dt.timedelta(days=7) <= max(arm_of):
        mondays.append(mondays[-1] + dt.timedelta(days=7))
    dates = [day_text(monday) for monday in mondays]  # "2026-11-16" / "16 ноября 2026"
    width = max(len(date) for date in dates)
    # the heading's first column is as wide as a row's date and 2 spaces
    rows = ["  " + _("week of").ljust(width + 2) + _("Mo Tu We Th Fr Sa Su")]
    for monday, date in zip(mondays, dates, strict=True):
        cells = [arm_of.get(monday + dt.timedelta(days=i), "·") for i in range(7)]
        rows.append(f"  {date:<{width}}  " + "  ".join(cells))
    return rows
