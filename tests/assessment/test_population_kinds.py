"""Issue 19 §3: every population the knowledge base recognises is exercised by at least one scenario per option
kind (medicine, supplement, injection, topical, physical, folk), so no group is left to chance."""

from __future__ import annotations

from scenario_cases import load_scenario, scenario_files

from crampcare.assessment.facts import PersonFacts, derive
from crampcare.assessment.validation import parse_profile
from crampcare.knowledge.loader import knowledge

KINDS = {
    "medicine": {"medicine"},
    "supplement": {"supplement", "vitamin"},
    "injection": {"injection"},
    "topical": {"topical"},
    "physical": {"first_aid", "home_care", "physiotherapy"},
    "folk": {"folk_remedy", "homeopathy"},
}
KIDNEY = {"ckd", "kidney_failure", "dialysis", "acute_kidney_injury"}
HEART = {"heart_failure", "av_block", "arrhythmia", "bradycardia", "recent_myocardial_infarction", "qt_prolongation"}
GROUPS = [
    "infant", "child_1_5", "child_6_11", "adolescent", "pregnancy_t1", "pregnancy_t2", "pregnancy_t3",
    "breastfeeding", "older_adult", "kidney", "liver", "heart",
]  # fmt: skip


def groups(facts: PersonFacts) -> set[str]:
    found = set()
    age = facts.age
    if age < 18:
        found.add("infant" if age < 1 else "child_1_5" if age < 6 else "child_6_11" if age < 12 else "adolescent")
    weeks = facts.profile.pregnancy_weeks
    if weeks is not None:
        found.add("pregnancy_t1" if weeks < 14 else "pregnancy_t2" if weeks < 28 else "pregnancy_t3")
    found.update(p for p in ("breastfeeding", "older_adult") if p in facts.populations)
    if facts.conditions & KIDNEY:
        found.add("kidney")
    if "liver_disease" in facts.conditions:
        found.add("liver")
    if facts.conditions & HEART:
        found.add("heart")
    return found


def test_every_population_meets_every_option_kind_in_some_scenario() -> None:
    kb = knowledge()
    covered: set[tuple[str, str]] = set()
    for path in scenario_files():
        scenario = load_scenario(path)
        if scenario.expect is None:
            continue
        facts = derive(kb, parse_profile(scenario.profile))
        kinds = {
            k
            for k, members in KINDS.items()
            for oid in scenario.expect.options
            if kb.interventions[oid].kind in members
        }
        covered.update((g, k) for g in groups(facts) for k in kinds)
    missing = [f"{g} x {k}" for g in GROUPS for k in KINDS if (g, k) not in covered]
    assert not missing, "no scenario checks an option of this kind for this population: " + ", ".join(missing)
