"""Diet limits that follow from a person's profile, each with its reason and sources.

Rules follow the project reference §4 (numbers in `data/nutrition/limits.yaml`):
- potassium ceiling (2,000 mg/day, NKF, unless a personal limit is given) with dialysis,
  kidney failure, CKD G3b-G5 (eGFR < 45) or CKD of unknown stage, hyperkalaemia
  (condition, or serum K > 5.0 mmol/L), or a potassium-retaining medicine (ACE
  inhibitor, ARB, potassium-sparing diuretic/MRA, trimethoprim, NSAID); the potassium
  AI no longer applies and no potassium-rich advice is given;
- calcium ceiling at the RDA with hypercalcaemia (derived: no calcium loading until a
  doctor has found the cause) — but calcium kidney stones keep a normal 1,000-1,200 mg
  from food, no supplements, and sodium at most 2,300 mg;
- sodium at most 2,300 mg/day with CKD (KDOQI 2020), otherwise the NASEM CDRR;
- no magnesium supplements (food magnesium is fine) with eGFR < 30, kidney failure or
  dialysis (ODS-Mg, §4.3): a caution without a number, so the planner ignores it;
- an energy budget: the given kcal, or 2,000 kcal (the food-label reference diet).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from crampcare.assessment.profile import Profile
from crampcare.errors import CrampcareError, UnknownNameError
from crampcare.i18n import _
from crampcare.knowledge.language import for_reader
from crampcare.knowledge.loader import KnowledgeBase, knowledge
from crampcare.knowledge.lookup import condition_closure, resolve_condition, resolve_drug
from crampcare.nutrition.targets import targets_for
from crampcare.nutrition.wording import english, figure

LIMITS_FILE = Path(__file__).resolve().parent.parent / "data" / "nutrition" / "limits.yaml"


class Limit(BaseModel):
    """A bound on one nutrient for this person, and why."""

    model_config = ConfigDict(frozen=True)

    nutrient: str
    unit: str
    min: float | None = None
    max: float | None = None
    reason: str
    sources: list[str]
    avoid_supplements: bool = False  # no supplements (or salt substitutes) of this nutrient
    derived: bool = False  # crampcare's own conservative rule, not a guideline's number


@dataclass(frozen=True)
class Facts:
    """What the limits need to know about a person, resolved against the knowledge base."""

    conditions: frozenset[str]
    drug_classes: dict[str, list[str]]  # class id → the person's medicine names in it
    unresolved: tuple[str, ...]  # medicine names that matched nothing (the engine warns about them)


@cache
def limit_rules() -> dict[str, Any]:
    loaded = yaml.safe_load(LIMITS_FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def resolve_facts(profile: Profile, kb: KnowledgeBase | None = None) -> Facts:
    kb = kb or knowledge()
    ids: set[str] = set()
    unresolved: list[str] = []
    for i, name in enumerate(profile.conditions):
        try:
            ids.add(resolve_condition(kb, name).id)
        except UnknownNameError as exc:
            # As in the assessment: a misspelt condition is an error, never skipped — "kidny failure" left
            # unrecognised would drop the potassium ceiling a person with kidney failure needs.
            raise UnknownNameError("condition", name, exc.suggestions, field=f"conditions[{i}]") from None
    classes: dict[str, list[str]] = {}
    for name in profile.medications:
        drug = resolve_drug(kb, name)
        if drug is None:
            unresolved.append(name)
            continue
        for cid in drug.classes:
            classes.setdefault(cid, []).append(name)
    return Facts(condition_closure(kb, ids), classes, tuple(unresolved))


def _lower(name: str) -> str:
    """A knowledge-base name inside a sentence: first letter small unless it starts an abbreviation (ХБП)."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _class_name(cid: str) -> str:
    """A medicine class's own name without its explanation in brackets (it is shown in brackets itself)."""
    return _lower(for_reader(knowledge()).drug_classes[cid].name.split(" (")[0])


def _condition(english_words: str, cid: str) -> str:
    """«condition: dialysis» — the condition in English as the limits have always named it, else its own name."""
    name = english_words if english() else _lower(for_reader(knowledge()).conditions[cid].name)
    return _("condition: %(name)s") % {"name": name}


def _compared(value: float, bound: float) -> dict[str, str]:
    """A measured value and the bound it crossed, written as the limits have always written them ({:g}, {})."""
    return {
        "value": figure(value, "g"),
        "egfr": figure(value, "g"),
        "above": figure(bound, ""),
        "below": figure(bound, ""),
    }


def _potassium_reasons(profile: Profile, facts: Facts) -> list[str]:
    rules = limit_rules()["potassium"]
    reasons = [_condition(c.replace("_", " "), c) for c in rules["conditions"] if c in facts.conditions]
    egfr = profile.labs.egfr
    if egfr is not None and egfr < rules["egfr_below"]:
        reasons.append(_("eGFR %(egfr)s < %(below)s (CKD G3b-G5)") % _compared(egfr, rules["egfr_below"]))
    elif rules["ckd_condition"] in facts.conditions and egfr is None and not reasons:
        reasons.append(_("chronic kidney disease of unknown stage (no eGFR given)"))
    k = profile.labs.potassium
    if k is not None and k > rules["serum_above"]:
        reasons.append(_("serum potassium %(value)s mmol/L > %(above)s") % _compared(k, rules["serum_above"]))
    for cid in rules["drug_classes"]:
        group = cid.replace("_", " ") if english() else _class_name(cid)
        for name in facts.drug_classes.get(cid, []):
            reasons.append(
                _("%(medicine)s (%(group)s) keeps potassium in the body") % {"medicine": name, "group": group}
            )
    return reasons


def potassium_limit(profile: Profile, facts: Facts, personal_mg: float | None = None) -> Limit | None:
    reasons = _potassium_reasons(profile, facts)
    if not reasons:
        return None
    rules = limit_rules()["potassium"]
    amount = personal_mg if personal_mg is not None else float(rules["ceiling_mg"])
    basis = _("your personal limit") if personal_mg is not None else _("the usual potassium-restricted diet")
    sources = list(rules["ceiling_sources"])
    if profile.labs.potassium is not None and profile.labs.potassium > rules["serum_above"]:
        sources += rules["serum_sources"]
    if any(cid in facts.drug_classes for cid in rules["drug_classes"]):
        sources += rules["drug_sources"]
    return Limit(
        nutrient="potassium",
        unit="mg",
        max=amount,
        reason=_(
            "%(reasons)s: the potassium AI does not apply; at most %(amount)s mg/day (%(basis)s). Ask your kidney "
            "team for your own limit; no potassium supplements or potassium salt substitutes."
        )
        % {"reasons": "; ".join(reasons), "amount": figure(amount, ",.0f"), "basis": basis},
        sources=list(dict.fromkeys(sources)),
        avoid_supplements=True,
    )


def _hypercalcaemia(profile: Profile, facts: Facts) -> str | None:
    rules = limit_rules()["calcium"]
    if rules["hypercalcaemia_condition"] in facts.conditions:
        return _condition("hypercalcaemia", rules["hypercalcaemia_condition"])
    labs = profile.labs
    if labs.calcium is not None and labs.calcium > rules["serum_above"]:
        return _("adjusted calcium %(value)s mmol/L > %(above)s") % _compared(labs.calcium, rules["serum_above"])
    if labs.ionized_calcium is not None and labs.ionized_calcium > rules["ionized_above"]:
        values = _compared(labs.ionized_calcium, rules["ionized_above"])
        return _("ionized calcium %(value)s mmol/L > %(above)s") % values
    return None


def calcium_limit(profile: Profile, facts: Facts, rda: float) -> Limit | None:
    rules = limit_rules()["calcium"]
    high = _hypercalcaemia(profile, facts)
    if high is not None:
        return Limit(
            nutrient="calcium",
            unit="mg",
            max=rda,
            reason=_(
                "%(why)s: no calcium loading; food calcium at most the RDA (%(rda)s mg) and no calcium "
                "supplements until a doctor has found the cause."
            )
            % {"why": high, "rda": figure(rda, ",.0f")},
            sources=list(rules["serum_sources"]),
            avoid_supplements=True,
            derived=True,
        )
    if rules["stones_condition"] in facts.conditions:
        low, high_mg = float(rules["stones_min_mg"]), max(float(rules["stones_max_mg"]), rda)
        return Limit(
            nutrient="calcium",
            unit="mg",
            min=low,
            max=high_mg,
            reason=_(
                "kidney stones: keep normal calcium from food (%(low)s-%(high)s mg/day); a low-calcium diet raises "
                "stone risk. No calcium supplements unless prescribed (then with meals); keep sodium at most "
                "%(sodium)s mg."
            )
            % {
                "low": figure(low, ",.0f"),
                "high": figure(high_mg, ",.0f"),
                "sodium": figure(limit_rules()["sodium"]["stones_max_mg"], ",.0f"),
            },
            sources=list(rules["stones_sources"]),
            avoid_supplements=True,
        )
    return None


def sodium_limit(facts: Facts, cdrr: float | None) -> Limit | None:
    rules = limit_rules()["sodium"]
    if "ckd" in facts.conditions:
        return Limit(
            nutrient="sodium",
            unit="mg",
            max=float(rules["ckd_max_mg"]),
            reason=_("chronic kidney disease: sodium below %(amount)s mg/day")
            % {"amount": figure(rules["ckd_max_mg"], ",.0f")},
            sources=list(rules["ckd_sources"]),
        )
    if limit_rules()["calcium"]["stones_condition"] in facts.conditions:
        return Limit(
            nutrient="sodium",
            unit="mg",
            max=float(rules["stones_max_mg"]),
            reason=_("kidney stones: sodium at most %(amount)s mg/day")
            % {"amount": figure(rules["stones_max_mg"], ",.0f")},
            sources=list(limit_rules()["calcium"]["stones_sources"]),
        )
    if cdrr is None:
        return None
    return Limit(
        nutrient="sodium",
        unit="mg",
        max=cdrr,
        reason=_("general advice: above %(amount)s mg/day, eating less sodium lowers chronic disease risk (CDRR)")
        % {"amount": figure(cdrr, ",.0f")},
        sources=["nasem_sodium_potassium_2019"],
    )


def magnesium_limit(profile: Profile, facts: Facts) -> Limit | None:
    """No magnesium supplements with eGFR < 30 or on dialysis (food magnesium stays; §4.3)."""
    rules = limit_rules()["magnesium"]
    reasons = [_condition(c.replace("_", " "), c) for c in rules["conditions"] if c in facts.conditions]
    egfr = profile.labs.egfr
    if egfr is not None and egfr < rules["egfr_below"]:
        reasons.append(_("eGFR %(egfr)s < %(below)s (CKD G4-G5)") % _compared(egfr, rules["egfr_below"]))
    if not reasons:
        return None
    return Limit(
        nutrient="magnesium",
        unit="mg",
        reason=_(
            "%(reasons)s: the kidneys cannot clear extra magnesium, so no magnesium supplements (nor "
            "magnesium-containing antacids or laxatives) without your kidney team; magnesium from ordinary food is "
            "fine. Discuss any supplement with a clinician."
        )
        % {"reasons": "; ".join(reasons)},
        sources=list(rules["sources"]),
        avoid_supplements=True,
    )


def energy_limit(kcal: float | None) -> Limit:
    rules = limit_rules()["energy"]
    budget = float(kcal) if kcal is not None else float(rules["default_kcal"])
    amount = {"kcal": figure(budget, ",.0f")}
    reason = (
        _("energy budget %(kcal)s kcal (given)") % amount
        if kcal is not None
        else _("energy budget %(kcal)s kcal: the food-label reference diet, not a personal estimate; set --kcal")
        % amount
    )
    sources = [] if kcal is not None else list(rules["default_sources"])
    return Limit(
        nutrient="energy",
        unit="kcal",
        min=round(budget * rules["floor_fraction"]),
        max=budget,
        reason=reason,
        sources=sources,
    )


def limits_for(
    profile: Profile,
    *,
    kcal: float | None = None,
    potassium_limit_mg: float | None = None,
    kb: KnowledgeBase | None = None,
) -> list[Limit]:
    """Every limit that applies to this person, energy last; each says why and cites its sources."""
    try:
        facts = resolve_facts(profile, kb)
    except CrampcareError:
        raise
    targets = targets_for(profile.age_years, profile.sex, profile.pregnancy_weeks is not None, profile.breastfeeding)
    found = [
        potassium_limit(profile, facts, potassium_limit_mg),
        calcium_limit(profile, facts, targets["calcium"].amount),
        sodium_limit(facts, targets["sodium"].upper),
        magnesium_limit(profile, facts),
    ]
    return [limit for limit in found if limit is not None] + [energy_limit(kcal)]


def must_limit_potassium(limits: list[Limit]) -> bool:
    return any(limit.nutrient == "potassium" and limit.max is not None for limit in limits)
