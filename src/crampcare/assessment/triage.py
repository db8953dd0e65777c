"""How urgent: red flags override everything; then regular cramps, abnormal labs and medicines to review.

Red flags (including lab values of severity) are data in red_flags.yaml; the
regular-cramp threshold is the derived rule of nutrition-and-labs.md §3.4,
kept with its basis in data/assessment/rules.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from crampcare.assessment.config import current_language, number, rules, texts, unit
from crampcare.assessment.facts import PersonFacts
from crampcare.assessment.index import option_index, readings
from crampcare.assessment.plan import Factor, LabResult, RedFlagHit, Triage, constructed
from crampcare.assessment.triggers import explain, lab_words, match_rule, set_aside
from crampcare.knowledge.language import Language
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.models import RedFlag
from crampcare.knowledge.vocab import TRIAGE_SEVERITY, TriageLevel


def red_flags(facts: PersonFacts, kb: KnowledgeBase, *, indexed: bool = True) -> list[tuple[RedFlag, RedFlagHit, str]]:
    """Every red flag that applies, most urgent first, with the reason sentence."""
    hits: list[tuple[RedFlag, RedFlagHit, str]] = []
    if not indexed:
        for flag in kb.red_flags.values():
            if not _childs_lab_flag(facts, flag):
                found = _flag_hit(flag, match_rule(flag.rule, facts, kb, indexed=False))
                if found is not None:
                    hits.append((flag, *found))
    else:
        index = option_index(kb)
        read = readings(index, facts, kb)
        store = index.flag_store()  # (emptied when full, as on every miss below)
        # Only a flag one of whose triggers holds can match (its rule needs one); its verdict and texts follow from
        # the phrases of those triggers alone, so they are made once and shared.
        for pos, fired in read.flags.items():
            flag = index.red_flags[pos][0]
            if _childs_lab_flag(facts, flag):
                continue
            key = (pos, fired)
            if key in store:
                found = store[key]
            else:
                found = index.flag_store()[key] = _flag_hit(flag, match_rule(flag.rule, facts, kb))
            if found is not None:
                hits.append((flag, *found))
    hits.sort(key=lambda hit: (-TRIAGE_SEVERITY[hit[0].level], hit[0].id))
    return hits


def _childs_lab_flag(facts: PersonFacts, flag: RedFlag) -> bool:
    """A mild result by adult ranges; a child's results go to a doctor anyway (child_labs)."""
    return facts.is_child and flag.level == "see_doctor" and all(t.lab is not None for t in flag.rule.when)


def _flag_hit(flag: RedFlag, phrases: list[str]) -> tuple[RedFlagHit, str] | None:
    if not phrases:
        return None
    reason = explain(phrases, flag.rule.reason) + (texts().because["unverified"] if flag.rule.unverified else "")
    return RedFlagHit(id=flag.id, title=flag.title, action=flag.action), reason


def _childs_night_pain(facts: PersonFacts) -> bool:
    """A child's leg pain at night: the growing-pains pattern, whose safety net names the child warning signs. By
    day the 10-minute cramp rule applies to children too, so they keep the usual safety net."""
    episode, pattern = facts.profile.episode, facts.profile.pattern
    at_night = (episode is not None and episode.setting == "bed_night") or bool(pattern and pattern.mostly_at_night)
    return facts.is_child and at_night


def set_aside_flags(facts: PersonFacts, kb: KnowledgeBase, *, indexed: bool = True) -> list[str]:
    """Why a red flag whose facts are present was not raised (its rule's `unless`), one sentence each."""
    if indexed:
        index = option_index(kb)
        flags = readings(index, facts, kb).flags
        store = index.set_aside_store()  # (emptied when full, as on every miss below)
        found = []
        # Only the few flags with an `unless` and its sentence can be set aside, and only one of whose triggers holds
        # can have matched (in knowledge-base order). The sentence follows from the phrases of the flag's triggers
        # (its `unless` ones among them) alone, so it is made once and shared, as the flags' own verdicts are.
        for pos in index.unless_flags:
            fired = flags.get(pos)
            if fired is None:
                continue
            key = (pos, fired)
            if key in store:
                sentence = store[key]
            else:
                sentence = index.set_aside_store()[key] = _set_aside(index.red_flags[pos][0], facts, kb)
            if sentence is not None:
                found.append(sentence)
        return found
    return [sentence for flag in kb.red_flags.values() if (sentence := _set_aside(flag, facts, kb)) is not None]


def _set_aside(flag: RedFlag, facts: PersonFacts, kb: KnowledgeBase) -> str | None:
    """The sentence saying why the flag was not raised although its facts are present, or None."""
    if not (flag.rule.unless or flag.rule.unless_any):
        return None
    phrases = set_aside(flag.rule, facts, kb)
    return explain(phrases, flag.rule.unless_reason) if phrases and flag.rule.unless_reason else None


def regular_cramps(facts: PersonFacts) -> str | None:
    """The reason text when cramps are frequent or regular at night (derived rule), else None."""
    pattern = facts.profile.pattern
    if pattern is None or pattern.episodes_per_week is None:
        return None
    return _regular_cramps(current_language(), pattern.episodes_per_week, pattern.weeks, pattern.mostly_at_night)


# Made once per language and pattern (a few hundred: episodes a week, weeks, at night), as most plans have one and
# its four numbers written out were a third of the triage's time (issue 17 §2). `lang` is only the key: texts() and
# number() read the same language. typed: 3 and 3.0 are kept apart, as numbers are written as given.
@lru_cache(maxsize=1_024, typed=True)
def _regular_cramps(lang: Language, per_week: float, weeks: float | None, mostly_at_night: bool) -> str | None:
    rule = rules().regular_cramps
    say = texts().regular_cramps
    how_long = say["for_weeks"].format(weeks=number(weeks)) if weeks is not None else say["how_long_unknown"]
    what = None
    if per_week >= rule.min_per_week and (weeks is None or weeks >= rule.min_weeks):
        what = say["often"].format(
            per_week=number(per_week),
            how_long=how_long,
            min_per_week=number(rule.min_per_week),
            min_weeks=number(rule.min_weeks),
        )
    elif (
        mostly_at_night
        and per_week >= rule.nocturnal_min_per_week
        and (weeks is None or weeks >= rule.nocturnal_min_weeks)
    ):
        what = say["nightly"].format(per_week=number(per_week), how_long=how_long)
    if what is None:
        return None
    return texts().reasons["regular"].format(what=what, derived=say["derived"])


def _abnormal_labs(facts: PersonFacts, labs: list[LabResult]) -> list[str]:
    template = texts().reasons["lab_abnormal"]
    found = [
        template.format(
            lab=lab_words(lab.name),
            value=number(lab.value),
            unit=unit(lab.unit),
            status=texts().lab_status.get(lab.status, lab.status),
            reference=lab.reference.split(" (")[0],
        )
        for lab in labs
        if lab.status != "normal"
    ]
    if facts.is_child and facts.labs:
        found.append(texts().reasons["child_labs"])
    return found


def triage(
    facts: PersonFacts,
    flags: list[tuple[RedFlag, RedFlagHit, str]],
    labs: list[LabResult],
    medication_factors: list[Factor],
    set_aside: Sequence[str] = (),
    taken_but_avoid: Sequence[str] = (),
) -> Triage:
    level: TriageLevel = "self_care"
    reasons: list[str] = list(set_aside)
    if facts.emergency_names:  # "chest pain" typed as a condition: words crampcare cannot judge, so the safe call
        level = "emergency"
        reasons.extend(texts().reasons["emergency_words"].format(name=name) for name in facts.emergency_names)
    if flags:
        if TRIAGE_SEVERITY[flags[0][0].level] > TRIAGE_SEVERITY[level]:
            level = flags[0][0].level
        reasons.extend(reason for _, _, reason in flags)
    see_doctor: list[str] = []
    regular = regular_cramps(facts)
    if regular:
        see_doctor.append(regular)
    see_doctor.extend(_abnormal_labs(facts, labs))
    template = texts().reasons["medication_cause"]
    see_doctor.extend(template.format(title=f.title, because="; ".join(f.because)) for f in medication_factors)
    see_doctor.extend(taken_but_avoid)
    if see_doctor:
        if TRIAGE_SEVERITY[level] < TRIAGE_SEVERITY["see_doctor"]:
            level = "see_doctor"
        reasons.extend(see_doctor)
    if len(reasons) == len(set_aside):
        # After a set-aside rule's explanation, which says more (a child's night pain: growing pains).
        reasons.append(texts().reasons["no_flags"])
    words = texts().triage[level]
    action = words.action
    episode = facts.profile.episode
    if episode is not None and episode.setting in texts().setting_notes:
        action = f"{texts().setting_notes[episode.setting]} {action}"
    safety_net = words.child_safety_net if _childs_night_pain(facts) and words.child_safety_net else words.safety_net
    # Every value is a validated record's or texts.yaml's: built without validating it again (one per plan).
    return constructed(Triage, level=level, action=action, safety_net=safety_net, reasons=reasons)
