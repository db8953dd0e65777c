"""Run every clinical scenario in tests/scenarios/: adding a case needs no Python."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from scenario_cases import Expect, OptionExpectation, load_scenario, scenario_files

from crampcare.assessment.config import speaking
from crampcare.assessment.engine import assess
from crampcare.assessment.plan import CarePlan
from crampcare.errors import InputError
from crampcare.knowledge.loader import KnowledgeBase, knowledge
from crampcare.knowledge.vocab import STATUS_SEVERITY, TRIAGE_SEVERITY

KNOWN_FIRST_AID = {r.id for r in knowledge().interventions.values() if r.kind == "first_aid"}

FILES = scenario_files()


def test_there_are_at_least_forty_scenarios() -> None:
    assert len(FILES) >= 40


# What a scenario says in English words; in Russian the same scenario checks everything else, and that every
# decision equals the English one (test_scenario_decides_alike_in_russian).
ENGLISH_WORDS = {
    "triage_reason": [],
    "action": None,
    "warnings": [],
    "first_aid_step_starts": {},
    "first_aid_reasons": [],
    "diet_limits": [],
    "prevention": [],
    "factor_because": {},
}


def _language_neutral(expect: Expect) -> Expect:
    options = {oid: want.model_copy(update={"reason": None}) for oid, want in expect.options.items()}
    return expect.model_copy(update={**ENGLISH_WORDS, "options": options})


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario(path: Path, lang: str, kb: KnowledgeBase) -> None:
    scenario = load_scenario(path)
    if scenario.error is not None:
        with pytest.raises(InputError) as caught:
            assess(scenario.profile, kb, lang=lang)
        assert caught.value.field == scenario.error.field
        assert scenario.error.message.casefold() in caught.value.one_line().casefold()
        return
    assert scenario.expect is not None, "a scenario states `expect` or `error`"
    expect = scenario.expect if lang == "en" else _language_neutral(scenario.expect)
    plan = assess(scenario.profile, kb, lang=lang)
    check(plan, expect, kb)
    for place, first in expect.first_aid_first_by_setting.items():
        episode = {**scenario.profile.get("episode", {}), "setting": None if place == "unknown" else place}
        moved = assess({**scenario.profile, "episode": episode}, kb, lang=lang)
        assert first in KNOWN_FIRST_AID, f"scenario names unknown first aid {first!r}"
        ids = [aid.id for aid in moved.first_aid]
        assert ids and ids[0] == first, f"{place}: first aid order {ids}, expected {first} first"


def _decisions(plan: CarePlan) -> dict[str, object]:
    """Everything in a plan that is a decision rather than wording: the same in every language."""
    return {
        "triage": (plan.triage.level, len(plan.triage.reasons)),
        "red_flags": [flag.id for flag in plan.red_flags],
        "first_aid": [(aid.id, len(aid.steps), len(aid.reasons)) for aid in plan.first_aid],
        "factors": [(factor.id, factor.kind, len(factor.because)) for factor in plan.contributing_factors],
        "specialists": [(spec.id, len(spec.because)) for spec in plan.specialists],
        "labs": [(lab.name, lab.value, lab.status) for lab in plan.labs],
        # Within a status and grade the options go by name, which differs by language: the set is compared.
        "options": sorted((o.id, o.status, o.evidence.grade, len(o.reasons)) for o in plan.options),
        "option_order": [(o.status, o.evidence.grade) for o in plan.options],
        "counts": (len(plan.warnings), len(plan.prevention), len(plan.diet.limits), len(plan.diet.foods)),
        "unchecked_conditions": plan.unchecked_conditions,
    }


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario_decides_alike_in_russian(path: Path, kb: KnowledgeBase) -> None:
    scenario = load_scenario(path)
    if scenario.error is not None:
        return  # the error itself is checked in both languages above
    english, russian = assess(scenario.profile, kb), assess(scenario.profile, kb, lang="ru")
    assert _decisions(russian) == _decisions(english)
    # Russian where the knowledge base requires it: the triage sentences and every red flag ...
    cyrillic = re.compile(r"[А-Яа-яЁё]")
    assert cyrillic.search(russian.triage.action) and cyrillic.search(russian.triage.safety_net)
    for flag in russian.red_flags:
        assert cyrillic.search(flag.title) and cyrillic.search(flag.action), flag
        assert flag.title == kb.red_flags[flag.id].ru.title  # type: ignore[union-attr]
    # ... and every first-aid manoeuvre: its name, each step and each reason for its place in the order.
    for spec in russian.specialists:
        assert cyrillic.search(spec.title), spec
    for aid in russian.first_aid:
        assert all(cyrillic.search(text) for text in [aid.title, *aid.steps, *aid.reasons]), aid
    # ... and the sentences the engine builds around the person's facts ("because you take …", "Only when …")
    assert not english_left(russian, scenario.profile, kb)


LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
QUOTED = re.compile(r"«[^»]*»")
ENGLISH_PHRASES = ("because", "which is not documented", "interaction", "mmol/L", "[not yet confirmed")


def _engine_texts(plan: CarePlan) -> list[str]:
    """The plan's reasons and notes: where the engine's own phrases (texts.yaml) meet the records' sentences."""
    return [
        *plan.triage.reasons,
        *(text for factor in plan.contributing_factors for text in factor.because),
        *(text for spec in plan.specialists for text in spec.because),
        *(lab.reference for lab in plan.labs),
        *(text for option in plan.options for text in option.reasons),
        *plan.diet.limits,
        *(food.because for food in plan.diet.foods),
        *plan.prevention,
        *plan.warnings,
        *(text for aid in plan.first_aid for text in aid.reasons),
    ]


def latin_brands(kb: KnowledgeBase) -> set[str]:
    """The words of every brand name the knowledge base itself writes in Latin letters (Lasix, tonic water)."""
    brands = (brand for cls in kb.drug_classes.values() for member in cls.members for brand in member.brands)
    return {word.casefold() for brand in brands for word in LATIN_WORD.findall(brand)}


def english_left(plan: CarePlan, profile: dict[str, object], kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(English word or phrase, sentence) left in a Russian plan's reasons and notes. Allowed: a brand the person
    typed as the data writes it in Latin (Lasix), in a warning anything the person typed (it quotes back a name
    crampcare could not use), a name in «quotes» (what the person wrote, or the known spelling offered for a typed
    one), source ids, abbreviations (MHRA, SmPC, B12) and capitalised names (Duodecim). A known condition or an INN
    typed in English is not allowed in a reason: it is named from the Russian data («так как у вас сердечная
    недостаточность», «фуросемид»)."""
    typed = {word.casefold() for word in LATIN_WORD.findall(json.dumps(profile, ensure_ascii=False))}
    brands = typed & latin_brands(kb)
    # A warning may quote back what the person typed and crampcare could not use (an unknown or misspelt name).
    echoes = set(plan.warnings)
    found = []
    for text in _engine_texts(plan):
        kept = typed if text in echoes else brands
        found.extend((phrase, text) for phrase in ENGLISH_PHRASES if phrase.casefold() in text.casefold())
        for token in QUOTED.sub("", text).split():
            if any(ch.isdigit() or ch == "_" for ch in token):
                continue  # a source id or a name with a number
            for word in LATIN_WORD.findall(token):
                allowed = word.casefold() in kept or word in kb.sources or word == "crampcare"
                if word[0].islower() and not allowed:
                    found.append((word, text))
    return found


def test_english_left_finds_an_english_reason(kb: KnowledgeBase) -> None:
    """The check above can fail: an English plan is full of what it looks for."""
    profile = {"age_years": 70, "medications": ["furosemide"], "labs": {"potassium": 3.0}}
    words = {word for word, _ in english_left(assess(profile, kb, lang="en"), profile, kb)}
    assert {"because", "mmol/L", "take"} <= words


def test_a_russian_plan_writes_numbers_units_and_labs_in_russian(kb: KnowledgeBase) -> None:
    profile = {
        "age_years": 70,
        "medications": ["фуросемид", "Lasix"],
        "conditions": ["cirrhosis"],
        "labs": {"potassium": 3.2, "magnesium": 0.55},
        "pattern": {"episodes_per_week": 3.5, "weeks": 6, "mostly_at_night": True},
    }
    plan = assess(profile, kb, lang="ru")
    texts = _engine_texts(plan)
    assert _has(texts, "Так как калий 3,2 ммоль/л < 3,5")  # decimal comma, Russian lab name, unit and lead
    assert _has(texts, "так как вы принимаете Lasix (Петлевые диуретики)")  # the typed name stays as typed
    assert _has(texts, "Из-за возраста (70; 60 и старше)")
    assert _has(texts, "по 3,5 в неделю в течение 6 нед.")
    assert _has([lab.reference for lab in plan.labs], "3,5–5,3 ммоль/л (обычные значения у взрослых;")
    assert not english_left(plan, profile, kb)
    # The same decisions as in English, with the English phrases there.
    english = assess(profile, kb)
    assert [(o.id, o.status) for o in sorted(english.options, key=lambda o: o.id)] == [
        (o.id, o.status) for o in sorted(plan.options, key=lambda o: o.id)
    ]
    assert _has(_engine_texts(english), "Because potassium 3.2 mmol/L < 3.5")


def test_names_typed_in_english_are_named_from_the_russian_data(kb: KnowledgeBase) -> None:
    """A Russian reader who typed «heart failure», «furosemide» and «baclofen» in English reads the knowledge base's
    Russian names inside the reasons, never «Так как у вас heart failure»; a Latin brand (Lasix) stays a name."""
    profile = {
        "age_years": 70,
        "conditions": ["heart failure", "anorexia nervosa"],
        "medications": ["furosemide", "Lasix", "ramipril"],
        "allergies": ["baclofen"],
    }
    texts = _engine_texts(assess(profile, kb, lang="ru"))
    assert not [text for text in texts if re.search("heart failure|anorexia|furosemide|ramipril|baclofen", text)]
    assert _has(texts, "Так как у вас сердечная недостаточность: ")
    assert _has(texts, "так как вы принимаете фуросемид (Петлевые диуретики)")
    assert _has(texts, "так как вы принимаете Lasix (Петлевые диуретики)")
    assert _has(texts, "аллергию на баклофен")
    assert not english_left(assess(profile, kb, lang="ru"), profile, kb)
    english = _engine_texts(assess(profile, kb, lang="en"))  # English keeps the person's own words
    assert _has(english, "Because you have heart failure: ") and _has(english, "because you take furosemide (")


def test_a_russian_falls_reason_keeps_a_proper_name_capitalised(kb: KnowledgeBase) -> None:
    """The falls-risk reason named «болезнь паркинсона»: the whole name was lower-cased; only its first letter is."""
    profile = {"age_years": 70, "conditions": ["Parkinson's disease"], "medications": ["levodopa"]}
    reasons = [r for aid in assess(profile, kb, lang="ru").first_aid for r in aid.reasons]
    assert _has(reasons, "болезнь Паркинсона") and not any("паркинсона" in r for r in reasons)


def test_an_english_plan_made_while_russian_is_spoken_is_english(kb: KnowledgeBase) -> None:
    """A Russian page that asks for the English plan (lang="en") inside Russian speech: the connecting phrases were
    Russian around the English records' sentences («Так как у вас heart failure: Fluid intake…»)."""
    profile = {"age_years": 70, "conditions": ["heart failure"], "medications": ["furosemide"]}
    with speaking("ru"):
        inside = assess(profile, kb, lang="en")
    assert _engine_texts(inside) == _engine_texts(assess(profile, kb, lang="en"))
    assert not any(re.search("[А-Яа-яЁё]", text) for text in _engine_texts(inside))


def _has(texts: list[str], needle: str) -> bool:
    return any(needle.casefold() in text.casefold() for text in texts)


def check(plan: CarePlan, expect: Expect, kb: KnowledgeBase) -> None:
    _check_triage(plan, expect)
    flags = [f.id for f in plan.red_flags]
    for flag in expect.red_flags:
        assert flag in kb.red_flags, f"scenario names unknown red flag {flag!r}"
        assert flag in flags, f"red flag {flag} missing; got {flags}"
    if expect.no_red_flags:
        assert not flags, f"expected no red flags, got {flags}"
    factors = [f.id for f in plan.contributing_factors]
    for factor in expect.factors:
        assert factor in factors, f"factor {factor} missing; got {factors}"
    for factor in expect.no_factors:
        assert factor in kb.causes, f"scenario names unknown cause {factor!r}"  # a typo would always pass
        assert factor not in factors, f"factor {factor} should not be listed"
    specialists = [s.id for s in plan.specialists]
    for spec in expect.specialists:
        assert spec in specialists, f"specialist {spec} missing; got {specialists}"
    options = {o.id: o for o in plan.options}
    for oid, want in expect.options.items():
        assert oid in kb.interventions, f"scenario names unknown intervention {oid!r}"
        _check_option(oid, options[oid].status, options[oid].reasons, want)
    for text in expect.warnings:
        assert _has(plan.warnings, text), f"warning {text!r} missing; got {plan.warnings}"
    if expect.no_warnings:
        assert not plan.warnings
    _check_first_aid(plan, expect)
    labs = {lab.name: lab.status for lab in plan.labs}
    for name, status in expect.labs.items():
        assert labs.get(name) == status, f"lab {name}: expected {status}, got {labs.get(name)}"
    for text in expect.diet_limits:
        assert _has(plan.diet.limits, text), f"diet limit {text!r} missing; got {plan.diet.limits}"
    for text in expect.prevention:
        assert _has(plan.prevention, text), f"prevention tip {text!r} missing; got {plan.prevention}"
    _check_absent(plan, expect, kb)


def _all_texts(value: object) -> list[str]:
    """Every string anywhere in the plan (sentences, names, reasons), for "must not say" checks."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _all_texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _all_texts(item)]
    return []


def _check_absent(plan: CarePlan, expect: Expect, kb: KnowledgeBase) -> None:
    flags = [f.id for f in plan.red_flags]
    for flag in expect.red_flags_absent:
        assert flag in kb.red_flags, f"scenario names unknown red flag {flag!r}"  # a typo would always pass
        assert flag not in flags, f"red flag {flag} should not fire; got {flags}"
    specialists = [s.id for s in plan.specialists]
    for spec in expect.no_specialists:
        assert spec in kb.specialists, f"scenario names unknown specialist {spec!r}"
        assert spec not in specialists, f"specialist {spec} should not be listed; got {specialists}"
    factors = {f.id: f.because for f in plan.contributing_factors}
    for factor, text in expect.factor_because.items():
        assert factor in factors, f"factor {factor} missing; got {list(factors)}"
        assert _has(factors[factor], text), f"factor {factor}: {text!r} not in {factors[factor]}"
    texts = _all_texts(plan.model_dump(mode="json"))
    for text in expect.not_in_plan:
        found = [t for t in texts if text.casefold() in t.casefold()]
        assert not found, f"the plan must not say {text!r}; found in {found[:3]}"
    if expect.unchecked_conditions is not None:
        assert plan.unchecked_conditions == expect.unchecked_conditions, plan.unchecked_conditions


def _check_triage(plan: CarePlan, expect: Expect) -> None:
    level = plan.triage.level
    if expect.triage is not None:
        assert level == expect.triage, f"triage {level}, expected {expect.triage}: {plan.triage.reasons}"
    if expect.triage_at_least is not None:
        assert TRIAGE_SEVERITY[level] >= TRIAGE_SEVERITY[expect.triage_at_least], plan.triage.reasons
    for text in expect.triage_reason:
        assert _has(plan.triage.reasons, text), f"triage reason {text!r} missing; got {plan.triage.reasons}"
    if expect.action is not None:
        assert expect.action.casefold() in plan.triage.action.casefold(), plan.triage.action


def _check_option(oid: str, status: str, reasons: list[str], want: OptionExpectation) -> None:
    if want.status is not None:
        assert status == want.status, f"{oid}: status {status}, expected {want.status}; reasons {reasons}"
    if want.not_status is not None:
        assert status != want.not_status, f"{oid}: must not be {want.not_status}; reasons {reasons}"
    if want.reason is not None:
        assert _has(reasons, want.reason), f"{oid}: no reason mentions {want.reason!r}; reasons {reasons}"
    assert STATUS_SEVERITY[status] >= 0


def _check_first_aid(plan: CarePlan, expect: Expect) -> None:
    ids = [aid.id for aid in plan.first_aid]
    if expect.first_aid_first is not None:
        assert ids and ids[0] == expect.first_aid_first, f"first aid order {ids}"
    for absent in expect.first_aid_absent:
        assert absent in KNOWN_FIRST_AID, f"scenario names unknown first aid {absent!r}"  # a typo would always pass
        assert absent not in ids, f"{absent} should not be offered as first aid; got {ids}"
    for present in expect.first_aid_present:
        assert present in ids, f"{present} should be offered as first aid; got {ids}"
    steps = {aid.id: aid.steps for aid in plan.first_aid}
    for aid_id, start in expect.first_aid_step_starts.items():
        assert aid_id in steps, f"{aid_id} is not offered; got {ids}"
        assert start.casefold() in steps[aid_id][0].casefold(), f"{aid_id} starts {steps[aid_id][0]!r}"
    reasons = [reason for aid in plan.first_aid for reason in aid.reasons]
    for text in expect.first_aid_reasons:
        assert _has(reasons, text), f"first-aid reason {text!r} missing; got {reasons}"


def test_the_falls_reason_writes_a_fractional_age_as_the_reader_does(kb: KnowledgeBase) -> None:
    profile = {"age_years": 70.5, "medications": ["furosemide"]}
    assert _has([r for aid in assess(profile, kb, lang="ru").first_aid for r in aid.reasons], "(возраст 70,5;")
    assert _has([r for aid in assess(profile, kb).first_aid for r in aid.reasons], "(age 70.5;")


def test_a_russian_plan_names_foods_by_their_russian_names(kb: KnowledgeBase) -> None:
    from crampcare.nutrition.foods import food_table
    from crampcare.nutrition.russian import names

    profile = {"age_years": 50, "labs": {"magnesium": 0.6, "potassium": 3.2}}
    english, russian = assess(profile, kb), assess(profile, kb, lang="ru")
    ndb_of = dict(zip(food_table().columns.names, food_table().columns.ndbs, strict=True))
    pairs = [
        (en, ru)
        for en_list, ru_list in zip(english.diet.foods, russian.diet.foods, strict=True)
        for en, ru in zip(en_list.foods, ru_list.foods, strict=True)
    ]
    assert pairs
    assert all(ru == names().get(ndb_of[en], en) for en, ru in pairs)  # the same foods, in Russian where named
    assert any(re.search(r"[А-Яа-яЁё]", ru) for _, ru in pairs)
