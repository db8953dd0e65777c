"""Issue 19 §2: every medicine crampcare recognises has a visible effect on the plan, or the plan says it was not
checked. Methotrexate (named by the issue among the high-risk classes) and insulin are known medicines."""

from __future__ import annotations

from pathlib import Path

import pytest

from crampcare.assessment.engine import assess
from crampcare.knowledge.loader import knowledge
from crampcare.knowledge.lookup import normalise, resolve_drug

KB = knowledge()
BASELINE = assess({"age_years": 40}, KB).model_dump(mode="json")
NOT_CHECKED = "recognised as"
UNKNOWN = "does not know this medicine"
REFERENCE = Path("/work/shared/reference")


def _named_by_a_rule(inn: str, classes: tuple[str, ...]) -> bool:
    """Whether some option's interaction, or an option, red-flag or cause rule, names the INN or one of its classes:
    the medicine is checked, so a plan where the rest of the rule does not hold may rightly show nothing."""
    for record in KB.interventions.values():
        for interaction in record.interactions:
            if set(classes) & set(interaction.with_classes) or normalise(inn) in map(normalise, interaction.with_inns):
                return True
    rules = [
        r for x in KB.interventions.values() for r in (*x.contraindications, *x.cautions, *x.not_for, *x.use_only_when)
    ]
    rules += [flag.rule for flag in KB.red_flags.values()] + [cause.rule for cause in KB.causes.values()]
    for rule in rules:
        triggers = (*rule.when, *rule.when_all, *rule.and_one_of, *(t for g in rule.when_each for t in g))
        if any(t.drug_class in classes or (t.inn and normalise(t.inn) == normalise(inn)) for t in triggers):
            return True
    return False


MEMBERS = sorted({(cls.id, member.inn) for cls in KB.drug_classes.values() for member in cls.members})


@pytest.mark.parametrize(("cid", "inn"), MEMBERS)
def test_every_known_medicine_changes_the_plan_or_says_it_was_not_checked(cid: str, inn: str) -> None:
    plan = assess({"age_years": 40, "medications": [inn]}, KB)
    if plan.model_dump(mode="json") != BASELINE:
        assert not any(UNKNOWN in w for w in plan.warnings), f"{inn} is listed as unknown"
        return
    drug = resolve_drug(KB, inn)
    assert drug is not None
    # Nothing changed: only right when the medicine has its own option (checked like any option) or an option's
    # interaction names it (checked when that option applies).
    assert drug.intervention_id is not None or _named_by_a_rule(inn, drug.classes), (
        f"taking {inn} ({cid}) changes nothing in the plan and the plan does not say it was not checked"
    )


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("methotrexate", "methotrexate"),
        ("Metoject", "methotrexate"),
        ("метотрексат", "methotrexate"),
        ("insulin", "insulin"),
        ("Insulin", "insulin"),
        ("инсулин", "insulin"),
        ("Lantus", "insulin"),
        ("Lantus 20 units", "insulin"),
        ("инсулин гларгин", "insulin"),
        ("NovoRapid", "insulin"),
        ("azathioprine", "other immunosuppressants"),
        ("CellCept", "other immunosuppressants"),
        ("лефлуномид", "other immunosuppressants"),
    ],
)
def test_methotrexate_insulin_and_immunosuppressants_are_known_and_said_to_be_unchecked(name: str, what: str) -> None:
    plan = assess({"age_years": 50, "medications": [name]}, KB)
    assert not any(UNKNOWN in w for w in plan.warnings)
    notes = [w for w in plan.warnings if f"not checked: {name}, {NOT_CHECKED} {what}" in w]
    assert len(notes) == 1, plan.warnings
    assert "interactions with the medicines and supplements here were not checked" in notes[0]


def test_a_medicine_a_rule_uses_gets_no_not_checked_note() -> None:
    plan = assess({"age_years": 50, "medications": ["furosemide", "omeprazole", "lithium"]}, KB)
    assert not any(NOT_CHECKED in w for w in plan.warnings), plan.warnings


def test_the_insulin_class_name_resolves_without_an_ingredient() -> None:
    drug = resolve_drug(KB, "insulin")
    assert drug is not None
    assert drug.classes == ("insulins",)
    assert drug.inns == ()


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the shared clinical reference is outside the repository")
def test_no_methotrexate_interaction_is_left_out_that_the_reference_gives() -> None:
    # The methotrexate class carries no interaction because neither reference names one. If one is added there,
    # this fails so that the interaction is modelled (with its source) rather than silently missed.
    for name in ("clinical-evidence.md", "nutrition-and-labs.md"):
        text = (REFERENCE / name).read_text(encoding="utf-8").casefold()
        assert "methotrexate" not in text, f"{name} now names methotrexate: model the interaction it gives"


# clinical-evidence.md §3 "Drugs and drug classes associated with cramps", one medicine per named drug or class.
# Left out on purpose: ACE inhibitors and pregabalin (the reference: "not confirmed in retrieved sources"), and the
# withdrawal of alcohol, barbiturates or benzodiazepines (stopping them, not taking them, is the cause).
REFERENCE_SECTION_3 = [
    "salmeterol", "spironolactone", "indapamide", "furosemide", "atorvastatin", "iron sucrose",
    "conjugated estrogens", "raloxifene", "naproxen", "teriparatide", "clonazepam", "citalopram", "celecoxib",
    "gabapentin", "zolpidem", "salbutamol", "nifedipine", "prednisolone", "morphine", "losartan", "bisoprolol",
    "tiotropium", "cisplatin", "clofibrate", "donepezil", "lovastatin", "ethinylestradiol", "pyrazinamide",
    "tolcapone", "vincristine", "amfetamine", "caffeine", "cocaine", "ephedrine", "nicotine", "pseudoephedrine",
    "amphotericin b", "amlodipine", "cimetidine", "lithium carbonate", "suxamethonium", "neostigmine",
    "terbutaline",
]  # fmt: skip
BASE_FACTORS = {f.id for f in assess({"age_years": 40}, KB).contributing_factors}


@pytest.mark.parametrize("name", REFERENCE_SECTION_3)
def test_every_medicine_the_reference_names_as_a_cause_is_known_and_a_factor(name: str) -> None:
    plan = assess({"age_years": 40, "medications": [name]}, KB)
    assert not any(UNKNOWN in w for w in plan.warnings), f"{name} is unknown"
    added = [f for f in plan.contributing_factors if f.id not in BASE_FACTORS and f.kind == "medication"]
    assert added, f"{name} is not a contributing factor"
    assert any(name in because for f in added for because in f.because)
