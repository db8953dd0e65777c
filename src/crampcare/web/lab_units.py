"""The check-up and profile forms in the lab units chosen in Settings: typed in mg/dL, stored in mmol/L.

The form keeps what the person typed (mg/dL) to show it again with a problem; the profile gets mmol/L.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Any

from fastapi import Request

from crampcare.assessment.lab_units import mg_dl_per_mmol_l, to_mg_dl, to_mmol_l
from crampcare.i18n import N_
from crampcare.web import prefs
from crampcare.web.forms import decimal_point
from crampcare.web.problems import FieldProblem, range_hint

MG = N_("mg/dL")  # marked so the form can show it in the reader's language


def in_mg(request: Request) -> bool:
    return prefs.read(request).lab_units == "mg"


def lab_unit(name: str, chosen: prefs.Prefs) -> str:
    """The unit a lab field asks for: mg/dL for a convertible lab when Settings say so, else mmol/L."""
    return MG if chosen.lab_units == "mg" and name in mg_dl_per_mmol_l() else "mmol/L"


def to_mmol(request: Request, items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The submitted fields with mg/dL lab values converted to mmol/L; anything not a number stays as typed
    (the profile's check then names the field)."""
    if not in_mg(request):
        return items
    out = []
    for name, value in items:
        lab = name.removeprefix("labs.")
        if name.startswith("labs.") and lab in mg_dl_per_mmol_l() and value.strip():
            with contextlib.suppress(ValueError):
                value = f"{to_mmol_l(lab, float(decimal_point(value))):g}"
        out.append((name, value))
    return out


def for_form(request: Request, values: dict[str, Any]) -> dict[str, Any]:
    """Stored mmol/L values shown in mg/dL when that is what the form asks for."""
    if not in_mg(request):
        return values
    shown = dict(values)
    for lab in mg_dl_per_mmol_l():
        value = shown.get(f"labs.{lab}")
        if value is None or isinstance(value, bool) or str(value).strip() == "":
            continue
        try:  # a stored number, however the form formats it ("3", 3.0)
            shown[f"labs.{lab}"] = f"{to_mg_dl(lab, float(str(value))):g}"
        except ValueError:
            continue
    return shown


def problems_in_mg(request: Request, problems: list[FieldProblem]) -> list[FieldProblem]:
    """A lab's range problem in the unit the person typed: "enter a number from 0.24 to 12.15 mg/dL"."""
    if not in_mg(request):
        return problems
    from crampcare.knowledge.loader import knowledge

    ranges = knowledge().labs
    fixed = []
    for problem in problems:
        lab = (problem.field or "").removeprefix("labs.")
        if (problem.field or "").startswith("labs.") and lab in mg_dl_per_mmol_l() and lab in ranges:
            low, high = (to_mg_dl(lab, ranges[lab].plausible_min), to_mg_dl(lab, ranges[lab].plausible_max))
            problem = dataclasses.replace(problem, message=range_hint(low, high, MG))
        fixed.append(problem)
    return fixed
