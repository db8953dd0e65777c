"""Plain-text rendering of a meal plan (used by the CLI) and reading a profile file."""

from __future__ import annotations

from pathlib import Path

from crampcare.assessment.profile import Profile
from crampcare.assessment.validation import parse_profile
from crampcare.errors import InputError
from crampcare.inputfiles import load_json, read_text
from crampcare.nutrition.foods import BY_ID
from crampcare.nutrition.plan import DayMenu, MealPlan


def load_profile(path: str | Path) -> Profile:
    """The assessment Profile JSON in `path`; InputError naming --profile, the file and the field otherwise."""
    data = load_json(read_text(path, field="--profile"), name=str(path), field="--profile")
    try:
        return parse_profile(data)  # the assessment's own checks and plain wording ("must be a list, e.g. …")
    except InputError as exc:
        where = f"{exc.field}: " if exc.field and exc.field != "profile" else ""
        raise InputError(f"{path}: {where}{exc.message}", field="--profile", valid=exc.valid) from None


def _amount(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{value:,.4g} {unit}"


def _day_lines(plan: MealPlan, day: DayMenu) -> list[str]:
    counted = ", ".join(f"{value:.1f} {name} portions" for name, value in day.portions.items())
    lines = [f"Day {day.day} ({day.totals['energy']:,.0f} kcal; {counted})"]
    for meal in plan.meals:
        items = [item for item in day.items if item.slot == meal.id]
        if not items:
            continue
        kcal = sum(item.nutrients["energy"] for item in items)
        lines.append(f"  {meal.label} ({kcal:,.0f} kcal)")
        lines.extend(f"    {item.servings} × {item.serving:<26.26} {item.name} ({item.grams:g} g)" for item in items)
    return lines


def render_plan(plan: MealPlan) -> str:
    lines: list[str] = []
    if plan.assumed:  # first, so no one reads the menu as theirs without knowing whose targets it meets
        lines.extend([f"Assumed person: {plan.assumed}", ""])
    if plan.notes:
        lines.extend([*(f"Note: {note}" for note in plan.notes), ""])
    for day in plan.days:
        lines.extend(_day_lines(plan, day))
    lines.append("")
    lines.append(plan.structure_note)
    lines.append("")
    lines.append("Per day (average)   target      limit       menu")
    for check in plan.checks:
        unit = BY_ID[check.nutrient].unit
        mark = "ok" if check.met else "NOT MET"
        lines.append(
            f"  {BY_ID[check.nutrient].label:<17} {_amount(check.target, unit):<11} "
            f"{_amount(check.maximum, unit):<11} {_amount(check.average, unit):<12} {mark}"
        )
    lines.append("")
    lines.append("Limits applied:")
    for limit in plan.limits:
        lines.append(f"  - {limit.nutrient}: {limit.reason} [sources: {', '.join(limit.sources) or '-'}]")
    if plan.unresolved:
        lines.append(f"  ! not recognised, so no limit could follow from: {', '.join(plan.unresolved)}")
    lines.append("")
    lines.append("Drinking:")
    lines.extend(f"  - {text}" for text in plan.hydration)
    lines.append("")
    lines.append(plan.source_note)
    return "\n".join(lines)
