"""Behaviour fixed after the clinical audit that the scenario format cannot state (absent reasons, lab text)."""

from __future__ import annotations

import pytest

from crampcare.assessment.engine import assess
from crampcare.assessment.labs import reference_text
from crampcare.knowledge.loader import KnowledgeBase

GUIDELINES = {"cks_leg_cramps", "aan_2010", "afp_2012"}
# Remedies the reference grades "no evidence" without any outside source (clinical-evidence.md §1d-§1i, §8).
UNGRADED_BY_GUIDELINES = (
    "soap_under_blanket",
    "onion_peel_tea",
    "lemon_on_heels",
    "comfrey_cream",
    "bee_venom_ointment",
    "shark_oil_cream",
    "nicotinic_acid",
    "sodium_atp",
)


def _glucose(kb: KnowledgeBase, value: float) -> tuple[str, str]:
    lab = next(lab for lab in assess({"age_years": 52, "labs": {"glucose": value}}, kb).labs if lab.name == "glucose")
    return lab.status, lab.reference


@pytest.mark.parametrize(
    ("value", "status"),
    [(2.8, "low"), (3.89, "low"), (3.9, "normal"), (5.5, "normal"), (5.59, "normal"), (5.6, "high"), (7.0, "high")],
)
def test_fasting_glucose_normal_is_below_5_6(kb: KnowledgeBase, value: float, status: str) -> None:
    assert _glucose(kb, value)[0] == status


def test_glucose_reference_says_fasting_and_strictly_below(kb: KnowledgeBase) -> None:
    reference = _glucose(kb, 5.0)[1]
    # ADA level 1 hypoglycaemia starts below 3.9 (issue 19: a glucose of 2.8 must never read "normal").
    assert reference.startswith("3.9 to < 5.6 mmol/L")
    assert "upper limit for a fasting sample" in reference


def test_other_upper_limits_stay_inclusive(kb: KnowledgeBase) -> None:
    potassium = next(lab for lab in assess({"age_years": 40, "labs": {"potassium": 5.3}}, kb).labs)
    assert potassium.status == "normal"
    assert "fasting" not in potassium.reference
    assert reference_text(None, 5.6, "mmol/L") == "≤ 5.6 mmol/L"


@pytest.mark.parametrize("rid", ["calcium_gluconate", "calcium_chloride"])
def test_calcium_while_breastfeeding_is_no_longer_unstated(kb: KnowledgeBase, rid: str) -> None:
    plan = assess({"age_years": 33, "sex": "female", "breastfeeding": True}, kb)
    reasons = next(option.reasons for option in plan.options if option.id == rid)
    assert not any("nothing specific" in reason for reason in reasons), reasons
    assert any("compatible with breastfeeding" in reason for reason in reasons), reasons


@pytest.mark.parametrize("rid", UNGRADED_BY_GUIDELINES)
def test_no_evidence_verdicts_do_not_cite_guidelines_that_never_mention_the_remedy(kb: KnowledgeBase, rid: str) -> None:
    record = kb.interventions[rid]
    assert "crampcare_reference_grading" in record.evidence.sources
    assert not GUIDELINES & set(record.evidence.sources)
    for claim in record.article_claims:
        assert not GUIDELINES & set(claim.sources), claim.claim


def test_quinine_and_qt_says_caution_not_against(kb: KnowledgeBase) -> None:
    quinine = kb.interventions["quinine"]
    texts = [inter.advice for inter in quinine.interactions] + [rule.reason for rule in quinine.contraindications]
    assert not any("advises against combining" in text for text in texts)
    qt = next(inter for inter in quinine.interactions if "qt_prolonging" in inter.with_classes)
    assert qt.unverified and "caution" in qt.advice
