"""Issue 19 §2: medicine safety is checked from classes, not from remembered pairs.

Every option crampcare can mark `self_care` or `discuss_with_doctor` is paired with every drug class it knows
(a person taking the class's first member). A pair counts as interacting when the knowledge base says so (an
interaction record, or a contraindication, caution or not-for rule naming the class or the drug) or when the
clinical reference names the pair (REFERENCE_PAIRS). The engine must act on every such pair: a changed status or
an added reason for that option, or a warning naming it.
"""

from __future__ import annotations

import pytest

from crampcare.assessment.engine import assess
from crampcare.knowledge.loader import KnowledgeBase, knowledge
from crampcare.knowledge.models import Intervention

KB = knowledge()
BASE = {o.id: (o.status, tuple(o.reasons)) for o in assess({"age_years": 40}, KB).options}
CAN_BE_TAKEN = sorted(rid for rid, (status, _) in BASE.items() if status in ("self_care", "discuss_with_doctor"))

# Pairs the clinical reference (or a source in the knowledge base) names, whatever the records say today.
REFERENCE_PAIRS = [
    ("brewers_yeast", "maoi"),  # §1e [BK]: tyramine
    ("horse_chestnut_tincture", "anticoagulants"),  # §1g [BK]
    ("wobenzym", "anticoagulants"),  # §1e label; §9 Stiftung Warentest
    ("wobenzym", "antiplatelets"),
    ("wobenzym", "tetracyclines"),  # §1e label: raises antibiotic levels
    ("magnesium_sulfate_injection", "cns_depressants"),  # §1d label
    ("magnesium_sulfate_injection", "cardiac_glycosides"),
    ("magnesium_sulfate_injection", "neuromuscular_blockers"),
    ("calcium_gluconate", "thiazide_diuretics"),  # §1d SmPC
    ("calcium_gluconate", "cardiac_glycosides"),
    ("potassium_chloride", "potassium_sparing_diuretics"),  # §1d SmPC
    ("potassium_chloride", "heparins"),  # §1d [BK]
    ("potassium_chloride", "ciclosporin"),
    ("cyclobenzaprine", "maoi"),  # §1c label
    ("cyclobenzaprine", "serotonergic"),
    ("baclofen", "opioids"),  # §1c label
    ("herbal_sedatives", "cns_depressants"),  # §1i [BK]
    ("magnesium_pyridoxine", "levodopa"),  # §1d SmPC
    ("drotaverine", "levodopa"),  # §1c label
    ("ibuprofen_after_cramp", "anticoagulants"),  # §1b [BK]
    ("ibuprofen_after_cramp", "lithium"),  # issue 19: youngminds_lithium
    ("ketorolac", "lithium"),
    # Magnesium products with quinolones and tetracyclines (§9) belong to issue 11 (engineer clin11).
]


def _ancestors(cid: str, kb: KnowledgeBase) -> set[str]:
    found = {cid}
    while (parent := kb.drug_classes[cid].parent) is not None:
        found.add(parent)
        cid = parent
    return found


def _kb_marks_interacting(record: Intervention, cid: str, inn: str, kb: KnowledgeBase) -> bool:
    classes = _ancestors(cid, kb)
    for inter in record.interactions:
        if classes & set(inter.with_classes) or inn in inter.with_inns:
            return True
    for rule in (*record.contraindications, *record.cautions, *record.not_for):
        if rule.when_all or rule.and_one_of or rule.unless:
            continue  # a combination (an NSAID with an ACE inhibitor *and* a diuretic): its scenarios test it
        if any(t.drug_class in classes or t.inn == inn for t in rule.when):
            return True
    return False


def _acts(rid: str, inn: str) -> bool:
    plan = assess({"age_years": 40, "medications": [inn]}, KB)
    option = next(o for o in plan.options if o.id == rid)
    changed = (option.status, tuple(option.reasons)) != BASE[rid]
    return changed or any(option.name in warning for warning in plan.warnings)


@pytest.mark.parametrize("cid", sorted(KB.drug_classes))
def test_every_pair_the_knowledge_base_marks_is_acted_on(cid: str) -> None:
    inn = KB.drug_classes[cid].members[0].inn
    missed = [
        rid
        for rid in CAN_BE_TAKEN
        if _kb_marks_interacting(KB.interventions[rid], cid, inn, KB) and not _acts(rid, inn)
    ]
    assert not missed, f"taking {inn} ({cid}) changes nothing for: {', '.join(missed)}"


@pytest.mark.parametrize(("rid", "cid"), REFERENCE_PAIRS)
def test_every_pair_the_reference_names_is_acted_on(rid: str, cid: str) -> None:
    for member in KB.drug_classes[cid].members:
        assert _acts(rid, member.inn), f"{rid}: taking {member.inn} ({cid}) changes nothing"


def test_the_class_pairs_cover_the_high_risk_classes() -> None:
    # Issue 19 names these; each must exist as a class so that the pairing above reaches it.
    high_risk = {"lithium", "anticoagulants", "antiplatelets", "cardiac_glycosides", "antiepileptics", "maoi",
                 "serotonergic", "cns_depressants", "ciclosporin", "other_immunosuppressants",
                 "methotrexate"}  # fmt: skip
    assert high_risk <= set(KB.drug_classes)


# Cautions whose reason quotes advice against use, and why their status is still "discuss" (issue 19: where a
# record quotes a label advising against use, the status must say so).
QUOTED_BUT_CAUTION = {
    ("drotaverine", "The injection must not be used during labour"): "labour is not a profile fact; pregnancy is",
    ("iv_electrolytes", "Parenteral magnesium is contraindicated"): "a mixed infusion: the team leaves magnesium out",
}
AGAINST = ("advises against", "does not recommend", "not recommended", "contraindicated", "must not be used")


def _quotes_a_label_against_use(rid: str, reason: str, sources: list[str]) -> bool:
    from_label = any(KB.sources[s].kind in ("label", "regulator") for s in sources)
    against = any(phrase in reason.lower() for phrase in AGAINST)
    excused = any(r == rid and reason.startswith(start) for r, start in QUOTED_BUT_CAUTION)
    return from_label and against and not excused


def test_a_caution_that_quotes_a_label_against_use_is_not_a_mere_caution() -> None:
    found = [
        f"{record.id}: {rule.reason}"
        for record in KB.interventions.values()
        for rule in record.cautions
        if _quotes_a_label_against_use(record.id, rule.reason, rule.sources)
    ]
    assert not found, "cautions quoting a label against use (make them not_for or contraindications): " + "; ".join(
        found
    )


@pytest.mark.parametrize("condition", ["liver disease", "cirrhosis"])
def test_liver_disease_is_a_population_for_every_medicine(condition: str) -> None:
    plan = assess({"age_years": 50, "conditions": [condition]}, KB)
    medicinal = {
        r.id for r in KB.interventions.values() if r.kind in ("medicine", "supplement", "vitamin", "injection")
    }
    still_self_care = [o.id for o in plan.options if o.id in medicinal and o.status == "self_care"]
    assert not still_self_care, f"with {condition}: {still_self_care}"
