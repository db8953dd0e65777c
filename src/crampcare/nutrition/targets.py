"""Daily nutrient targets (RDA or AI) and upper levels for a person, from cited DRI tables.

The tables are data (`data/nutrition/dri.yaml`, from the project reference §1).
When sex is unknown or "other", the target is the higher of the male and female
values and the upper level the lower of the two, so no one is under-served or
over-served by a guess. Pregnancy and lactation rows start at 14 years; a
younger pregnant person gets the 14-18 y row.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from crampcare.errors import InputError
from crampcare.i18n import _, ngettext, pgettext
from crampcare.nutrition.wording import figure, said

DRI_FILE = Path(__file__).resolve().parent.parent / "data" / "nutrition" / "dri.yaml"
PREGNANCY_MIN_AGE = 14.0


class Target(BaseModel):
    """One nutrient's daily reference for one person, with where it comes from."""

    model_config = ConfigDict(frozen=True)

    nutrient: str
    unit: str
    amount: float
    kind: Literal["RDA", "AI"]
    upper: float | None  # UL, or the sodium CDRR; None when not determinable
    upper_kind: Literal["UL", "CDRR"] | None
    life_stage: str
    note: str
    sources: list[str]
    unverified: bool  # the reference marks the table [R]: taken from the source, not re-checked


@cache
def dri_tables() -> dict[str, Any]:
    loaded = yaml.safe_load(DRI_FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _row(rows: list[dict[str, Any]], age: float) -> dict[str, Any]:
    for row in rows:
        if row["from"] <= age < row["below"]:
            return row
    raise InputError(_("age %(age)s is outside the DRI tables") % {"age": age}, field="age_years", valid="0-120")


def _who(sex: str | None, pregnant: bool, lactating: bool) -> str:
    if pregnant:
        return pgettext("life stage", "pregnancy")
    if lactating:
        return pgettext("life stage", "lactation")
    if sex == "male":
        return pgettext("life stage", "male")
    if sex == "female":
        return pgettext("life stage", "female")
    return pgettext("life stage", "any sex")


def _stage(age: float, sex: str | None, pregnant: bool, lactating: bool) -> str:
    """Whose DRI row this is, in the active language ("any sex, 40 y" / «пол не указан, 40 лет»)."""
    said = {"who": _who(sex, pregnant, lactating), "age": figure(age, "g")}
    return ngettext("%(who)s, %(age)s y", "%(who)s, %(age)s y", age) % said


def _amount(table: dict[str, Any], age: float, sex: str | None, state: str | None) -> tuple[float, float | None]:
    """(target, upper) for the person; `state` is "pregnancy", "lactation" or None."""
    row = _row(table["rows"], age)
    if state is not None:
        special = row if state in row else _row(table["rows"], max(age, PREGNANCY_MIN_AGE))
        if state in special:
            upper = special.get("ul_pregnancy", special["ul"]) if state == "pregnancy" else special["ul"]
            return float(special[state]), upper
        sex = "female"  # no pregnancy/lactation row at this age (over 50): the female value applies
    if sex == "male":
        return float(row["male"]), row["ul"]
    if sex == "female":
        return float(row["female"]), row["ul"]
    return float(max(row["male"], row["female"])), row["ul"]


def target(nutrient: str, age: float, sex: str | None, pregnant: bool = False, lactating: bool = False) -> Target:
    tables = dri_tables()
    if nutrient not in tables:
        raise InputError(
            _("no DRI table for %(name)s") % {"name": repr(nutrient)}, field="nutrient", valid=", ".join(tables)
        )
    table = tables[nutrient]
    state = "pregnancy" if pregnant else "lactation" if lactating else None
    amount, upper = _amount(table, age, sex, state)
    row = _row(table["rows"], age)
    return Target(
        nutrient=nutrient,
        unit=table["unit"],
        amount=amount,
        kind=row.get("kind", table.get("kind", "RDA")),
        upper=None if upper is None else float(upper),
        upper_kind=None if upper is None else table.get("upper_kind", "UL"),
        life_stage=_stage(age, sex, pregnant, lactating),
        note=said(table, "ul_note") if "ul_note" in table else "",
        sources=list(table["sources"]),
        unverified=bool(table.get("unverified", False)),
    )


def targets_for(
    age: float, sex: str | None = None, pregnant: bool = False, lactating: bool = False
) -> dict[str, Target]:
    """Every nutrient's target for a person, keyed by nutrient id (magnesium, potassium, …)."""
    if not 0 <= age <= 120:
        raise InputError(_("age %(age)s is not plausible") % {"age": age}, field="age_years", valid="0-120")
    if pregnant and sex == "male":
        raise InputError(_("pregnancy cannot be set when sex is male"), field="pregnant")
    return {name: target(name, age, sex, pregnant, lactating) for name in dri_tables()}
