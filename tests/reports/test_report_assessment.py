"""The report's "Latest assessment" names every contributing factor and specialist of the plan: with four
cramp-linked medicines listed first, a cut at five factors and three specialists hid kidney disease (eGFR 38) and
the nephrologist from the doctor."""

from __future__ import annotations

import crampcare
from crampcare.reports.doctor import assessment_summary

CARER = {
    "age_years": 78,
    "sex": "female",
    "conditions": ["type 2 diabetes", "chronic kidney disease"],
    "medications": ["furosemide 40 mg", "amlodipine 5 mg", "simvastatin 40 mg", "omeprazole 20 mg", "metformin 500 mg"],
    "labs": {"egfr": 38},
}


def test_every_factor_and_specialist_of_the_plan_reaches_the_report() -> None:
    summary = assessment_summary(CARER)
    plan = crampcare.assess(CARER)
    assert summary["factors"] == [f.title for f in plan.contributing_factors]
    assert summary["specialists"] == [s.title for s in plan.specialists]
    assert "Kidney disease or dialysis" in summary["factors"]
    assert "Nephrologist (kidney specialist)" in summary["specialists"]
