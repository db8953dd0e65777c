"""Lab results typed in mg/dL, read as the mmol/L the profile holds (data/assessment/lab_units.yaml)."""

from __future__ import annotations

from functools import cache

import yaml

from crampcare.assessment.config import ASSESSMENT_DATA


@cache
def mg_dl_per_mmol_l() -> dict[str, float]:
    """Lab name → mg/dL in one mmol/L, for the labs that some laboratories report in mg/dL."""
    data = yaml.safe_load((ASSESSMENT_DATA / "lab_units.yaml").read_text(encoding="utf-8"))
    return {str(name): float(factor) for name, factor in data["mg_dl_per_mmol_l"].items()}


def to_mmol_l(lab: str, mg_dl: float) -> float:
    """mg/dL → mmol/L, to 3 decimals (finer than any lab reports, so no cut-off moves by rounding)."""
    return round(mg_dl / mg_dl_per_mmol_l()[lab], 3)


def to_mg_dl(lab: str, mmol_l: float) -> float:
    return round(mmol_l * mg_dl_per_mmol_l()[lab], 2)
