"""Issue 11 §3: the doctor report never says "no cramp-risk flag" for a medicine that is itself a cramp treatment in
the knowledge base; it says how the person's plan marks it and why."""

from __future__ import annotations

from crampcare.assessment.engine import assess
from crampcare.reports import doctor
from crampcare.reports.present import medicine_text

NO_FLAG = "no cramp-risk flag"


def _texts(names: list[str], profile: dict[str, object] | None) -> dict[str, str]:
    plan = assess(profile) if profile is not None else None
    return {row["name"]: medicine_text(row) for row in doctor.medicines(names, plan)}


def test_long_term_quinine_is_not_recommended_with_its_reason_not_unflagged() -> None:
    texts = _texts(["quinine sulfate"], {"age_years": 72, "medications": ["quinine sulfate"]})
    said = texts["quinine sulfate"]
    assert NO_FLAG not in said
    assert "'not recommended'" in said and "MHRA" in said and "not stopped without the prescriber" in said


def test_a_cramp_treatment_without_a_plan_is_still_not_unflagged() -> None:
    said = _texts(["quinine", "magne b6"], None)
    assert all(NO_FLAG not in text and "cramp treatment" in text for text in said.values()), said


def test_self_care_treatment_and_cause_and_unrelated_medicine() -> None:
    names = ["paracetamol", "furosemide", "lisinopril"]
    texts = _texts(names, {"age_years": 50, "medications": names})
    assert "self-care for this person" in texts["paracetamol"]
    assert texts["furosemide"].startswith("cramp risk: ")
    assert texts["lisinopril"] == "no cramp-risk flag in the knowledge base"  # neither a cause nor a treatment


def test_a_medicine_marked_avoid_or_not_recommended_brings_a_review_question() -> None:
    names = ["quinine"]
    meds = doctor.medicines(names, assess({"age_years": 72, "medications": names}))
    stats = {"regular": {"met": False}, "last_30_days": {"mean_sleep_disturbance": None}}
    assert any("Should I go on taking quinine" in q for q in doctor.questions(stats, meds))


def test_a_combination_cause_is_claimed_only_when_the_plan_finds_it() -> None:
    names = ["bendroflumethiazide"]
    plain = _texts(names, {"age_years": 70, "medications": names})["bendroflumethiazide"]
    low = _texts(names, {"age_years": 70, "medications": names, "labs": {"sodium": 128}})["bendroflumethiazide"]
    assert "Thiazide" in plain and "Low sodium with a thiazide" not in plain
    assert "Low sodium with a thiazide" in low
