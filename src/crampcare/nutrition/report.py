"""Plain-text rendering of a meal plan (used by the CLI) and reading a profile file."""

from __future__ import annotations

from pathlib import Path

from crampcare.assessment.profile import Profile
from crampcare.assessment.validation import parse_profile
from crampcare.errors import InputError
from crampcare.i18n import _, ngettext
from crampcare.inputfiles import load_json, read_text
from crampcare.nutrition import meals, wording
from crampcare.nutrition.foods import BY_ID
from crampcare.nutrition.plan import DayMenu, MealPlan
from crampcare.nutrition.wording import english, figure


def load_profile(path: str | Path) -> Profile:
    """The assessment Profile JSON in `path`; InputError naming --profile, the file and the field otherwise."""
    data = load_json(read_text(path, field="--profile"), name=str(path), field="--profile")
    try:
        return parse_profile(data)  # the assessment's own checks and plain wording ("must be a list, e.g. …")
    except InputError as exc:
        where = f"{exc.field}: " if exc.field and exc.field != "profile" else ""
        raise InputError(f"{path}: {where}{exc.message}", field="--profile", valid=exc.valid) from None


def _amount(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{figure(value, ',.4g')} {wording.unit(unit)}"


def _kcal(value: float) -> str:
    return _("%(kcal)s kcal") % {"kcal": figure(value, ",.0f")}


def _counted(day: DayMenu) -> str:
    """The day's portions of the daily minimums («3.0 vegetables portions» / «3 порции овощей»)."""
    shown = {need.name: need.shown() for need in meals.meal_rules().minimums}
    return ", ".join(
        ngettext("%(number)s %(name)s portions", "%(number)s %(name)s portions", value)
        % {"number": figure(value, ".1f"), "name": shown.get(name, name)}
        for name, value in day.portions.items()
    )


MEASURE_WIDTH = 40  # a longer measure (rare) pushes its own line's food name along rather than widen the day


def _cut(serving: str, width: int) -> str:
    """The portion's column: English as it has always been (26 characters, cut); other languages whole and padded,
    since their words are longer than the English and a cut measure («1 упаковка (6 унций (по 2») misleads."""
    return f"{serving:<26.26}" if english() else f"{serving:<{width}}"


def _day_lines(plan: MealPlan, day: DayMenu) -> list[str]:
    width = min(max((len(item.serving) for item in day.items), default=0), MEASURE_WIDTH)
    head = {"day": day.day, "kcal": _kcal(day.totals["energy"]), "portions": _counted(day)}
    lines = [_("Day %(day)s (%(kcal)s; %(portions)s)") % head]
    for meal in plan.meals:
        items = [item for item in day.items if item.slot == meal.id]
        if not items:
            continue
        kcal = sum(item.nutrients["energy"] for item in items)
        lines.append(f"  {meal.label} ({_kcal(kcal)})")
        grams = wording.unit("g")
        lines.extend(
            f"    {item.servings} × {_cut(item.serving, width)} {item.name} ({figure(item.grams, 'g')} {grams})"
            for item in items
        )
    return lines


def _checks(plan: MealPlan) -> list[str]:
    heads = (_("Per day (average)"), _("target"), _("limit"), _("menu"))  # outside the f-string, for extraction
    lines = [f"{heads[0]:<19} {heads[1]:<11} {heads[2]:<11} {heads[3]}"]
    for check in plan.checks:
        unit = BY_ID[check.nutrient].unit
        mark = _("ok") if check.met else _("NOT MET")
        lines.append(
            f"  {_(BY_ID[check.nutrient].label):<17} {_amount(check.target, unit):<11} "
            f"{_amount(check.maximum, unit):<11} {_amount(check.average, unit):<12} {mark}"
        )
    return lines


def _limits(plan: MealPlan) -> list[str]:
    lines = [_("Limits applied:")]
    for limit in plan.limits:
        sources = ", ".join(limit.sources) or "-"
        what = limit.nutrient if english() else _(BY_ID[limit.nutrient].label)
        lines.append(
            "  - "
            + _("%(nutrient)s: %(reason)s [sources: %(sources)s]")
            % {"nutrient": what, "reason": limit.reason, "sources": sources}
        )
    if plan.unresolved:
        names = ", ".join(plan.unresolved)
        lines.append("  ! " + _("not recognised, so no limit could follow from: %(names)s") % {"names": names})
    return lines


def render_plan(plan: MealPlan) -> str:
    """The plan as text in the active language (the language the plan was made in: its sentences are in it)."""
    lines: list[str] = []
    if plan.assumed:  # first, so no one reads the menu as theirs without knowing whose targets it meets
        lines.extend([_("Assumed person: %(who)s") % {"who": plan.assumed}, ""])
    if plan.notes:
        lines.extend([*(_("Note: %(note)s") % {"note": note} for note in plan.notes), ""])
    for day in plan.days:
        lines.extend(_day_lines(plan, day))
    lines.extend(["", plan.structure_note, "", *_checks(plan), "", *_limits(plan), "", _("Drinking:")])
    lines.extend(f"  - {text}" for text in plan.hydration)
    lines.extend(["", plan.source_note])
    return "\n".join(lines)
