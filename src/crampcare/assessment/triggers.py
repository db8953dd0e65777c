"""Does a knowledge-base Trigger or Rule apply to a person, and how do we say why?

Each matcher returns the phrases of the facts that matched ("because you take
Lasix (loop diuretics)", "because potassium 5.8 mmol/L > 5.0") or an empty list,
so an explanation is produced by the same code that made the decision. The phrases are texts.yaml's `because`
section, in the plan's language; numbers are written as that language writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from crampcare.assessment.config import current_language, number, rules, texts, unit
from crampcare.assessment.facts import OPS, PersonFacts
from crampcare.knowledge.language import Language
from crampcare.knowledge.loader import KnowledgeBase, knowledge
from crampcare.knowledge.lookup import ResolvedDrug, condition_closure
from crampcare.knowledge.models import Rule, Trigger
from crampcare.knowledge.translated import CYRILLIC

Matcher = Callable[[Trigger, PersonFacts, KnowledgeBase], list[str]]


def words(identifier: str) -> str:
    return identifier.replace("_", " ")


def _say(key: str, **values: object) -> str:
    return texts().because[key].format(**values)


def lab_words(name: str) -> str:
    """A lab as a reason names it ("potassium", «калий»)."""
    return texts().lab_words.get(name, words(name))


@cache
def _local_inns(lang: Language) -> dict[str, str]:
    """INN → its name in `lang` (the first local name the knowledge base gives for it: the INN itself)."""
    local = knowledge().local_names.get(lang)
    found: dict[str, str] = {}
    for name, inn in local.drugs.items() if local else ():
        found.setdefault(inn, name)
    return found


def inn_words(inn: str) -> str:
    """An INN as the plan's language names it (furosemide, фуросемид); English: the INN itself."""
    lang = current_language()
    return inn if lang == "en" else _local_inns(lang).get(inn, inn)


def stated_name(cid: str, given: str, kb: KnowledgeBase) -> str:
    """How a reason names a condition the person gave: in their own words, unless the plan is Russian and the words
    are not (typed in English on a Russian page): then the knowledge base's Russian name, so that a Russian reason
    never reads «Так как у вас heart failure»."""
    if current_language() == "en" or CYRILLIC.search(given) or cid not in kb.conditions:
        return given
    return in_sentence(kb.conditions[cid].name)


def in_sentence(name: str) -> str:
    """A record's name within a sentence: «сердечная недостаточность», but «АВ-блокада» keeps its capitals and
    «болезнь Паркинсона» its proper name."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def medicine_words(given: str) -> str:
    """How a reason names a medicine the person gave: as they wrote it, but an INN typed in English on a Russian
    page (furosemide) by its Russian INN (фуросемид). A brand stays as given (Lasix): it is a name."""
    lang = current_language()
    return given if lang == "en" else _local_inns(lang).get(given.casefold(), given)


def drug_words(drug: ResolvedDrug) -> str:
    """`medicine_words` of a medicine the person takes."""
    return medicine_words(drug.name)


def _condition(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    cid = trigger.condition
    if cid is None or cid not in facts.conditions:
        return []
    name = kb.conditions[cid].name if cid in kb.conditions else words(cid)
    if cid in facts.stated_conditions:
        return [_say("condition", stated=stated_name(cid, facts.stated_conditions[cid], kb))]
    # Name only the stated conditions that imply this one (dialysis → kidney failure), not all of them.
    named = {sid: stated_name(sid, given, kb) for sid, given in facts.stated_conditions.items()}
    implying = [given for sid, given in named.items() if cid in condition_closure(kb, [sid])]
    stated = ", ".join(implying) or ", ".join(named.values())
    return [_say("condition_implied", stated=stated, name=name)]


def _population(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    pop = trigger.population
    if pop is None or pop not in facts.populations:
        return []
    weeks = facts.profile.pregnancy_weeks
    return [_say(pop, weeks=weeks, age=number(facts.age))]


def _pregnancy_weeks(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    weeks, at_least = facts.profile.pregnancy_weeks, trigger.pregnancy_weeks_at_least
    if weeks is None or at_least is None or weeks < at_least:
        return []
    return [_say("pregnancy_from_week", weeks=weeks, at_least=at_least)]


def _age(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    below, at_least = trigger.age_below_years, trigger.age_at_least_years
    if below is not None and facts.age < below:
        return [_say("age_below", age=number(facts.age), below=number(below))]
    if at_least is not None and facts.age >= at_least:
        return [_say("age_at_least", age=number(facts.age), at_least=number(at_least))]
    return []


def _lab(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    lab = trigger.lab
    if lab is None or lab.name not in facts.labs:
        return []
    value = facts.labs[lab.name]
    limit, whose = lab.value, ""
    if lab.female_value is not None and facts.profile.sex != "male":
        limit = lab.female_value
        whose = _say("lab_limit_women" if facts.profile.sex == "female" else "lab_limit_sex_unknown")
    if not OPS[lab.op](value, limit):
        return []
    op = texts().operators.get(lab.op, lab.op)
    shown = {"lab": lab_words(lab.name), "value": number(value), "unit": unit(lab.unit), "limit": number(limit)}
    return [_say("lab", op=op, whose=whose, **shown)]


def _symptom(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    if trigger.symptom is None or trigger.symptom not in facts.symptoms:
        return []
    return [_say("of", what=texts().symptom_reason_words.get(trigger.symptom, words(trigger.symptom)))]


def class_phrases(cid: str, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    """ "because you take Lasix (loop diuretics)" for each medicine of the person in that class."""
    if cid not in facts.classes:
        return []
    title = kb.drug_classes[cid].name if cid in kb.drug_classes else words(cid)
    return [_say("takes_class", drug=drug_words(drug), title=title) for drug in facts.drugs_in_class(cid)]


def inn_phrases(inn: str, facts: PersonFacts) -> list[str]:
    """ "because you take Lasix (furosemide)" for each medicine of the person with that INN."""
    if inn not in facts.inns:
        return []
    named = inn_words(inn)
    return [
        _say("takes", drug=drug_words(drug))
        if drug.name.casefold() in (inn, named.casefold())
        else _say("takes_inn", drug=drug.name, inn=named)
        for drug in facts.drugs_with_inn(inn)
    ]


def _drug_class(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    return class_phrases(trigger.drug_class, facts, kb) if trigger.drug_class else []


def _inn(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    return inn_phrases(trigger.inn, facts) if trigger.inn else []


def lifestyle_phrase(flag: str, facts: PersonFacts) -> str:
    threshold = rules().lifestyle_thresholds.get(flag)  # type: ignore[call-overload]
    life = facts.profile.lifestyle
    if threshold is not None and life is not None:
        text = texts().lifestyle_thresholds[flag].format(value=number(getattr(life, threshold.field)))  # type: ignore[index]
        return _say("of", what=text) + (_say("derived_threshold") if threshold.derived else "")
    return _say("of", what=texts().lifestyle_labels.get(flag, words(flag)))  # type: ignore[call-overload]


def _lifestyle(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    if trigger.lifestyle is None or trigger.lifestyle not in facts.lifestyle:
        return []
    return [lifestyle_phrase(trigger.lifestyle, facts)]


def _episode(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    episode = facts.profile.episode
    if episode is None:
        return []
    if trigger.episode_setting is not None and episode.setting == trigger.episode_setting:
        return [_say("episode_setting", where=texts().setting_words.get(episode.setting, words(episode.setting)))]
    minutes = trigger.episode_longer_than_minutes
    if minutes is not None and episode.duration_minutes is not None and episode.duration_minutes > minutes:
        return [_say("episode_long", minutes=number(episode.duration_minutes), limit=number(minutes))]
    return []


def _pattern(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    pattern = facts.profile.pattern
    if trigger.pattern_mostly_at_night and pattern is not None and pattern.mostly_at_night:
        return [_say("mostly_at_night")]
    return []


def _vitals(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    vitals = facts.profile.vitals
    sbp, hr = trigger.systolic_bp_below, trigger.heart_rate_below
    if sbp is not None and vitals.systolic_bp is not None and vitals.systolic_bp < sbp:
        return [_say("low_systolic", value=number(vitals.systolic_bp), limit=number(sbp))]
    if hr is not None and vitals.heart_rate is not None and vitals.heart_rate < hr:
        return [_say("low_heart_rate", value=number(vitals.heart_rate), limit=number(hr))]
    high_sbp, high_dbp = trigger.systolic_bp_at_least, trigger.diastolic_bp_at_least
    if high_sbp is not None and vitals.systolic_bp is not None and vitals.systolic_bp >= high_sbp:
        return [_say("high_systolic", value=number(vitals.systolic_bp), limit=number(high_sbp))]
    if high_dbp is not None and vitals.diastolic_bp is not None and vitals.diastolic_bp >= high_dbp:
        return [_say("high_diastolic", value=number(vitals.diastolic_bp), limit=number(high_dbp))]
    temp = trigger.temperature_at_least
    if temp is not None and vitals.temperature_c is not None and vitals.temperature_c >= temp:
        return [_say("high_temperature", value=number(vitals.temperature_c), limit=number(temp))]
    return []


# Which matcher handles which Trigger field.
MATCHERS: dict[str, Matcher] = {
    "condition": _condition,
    "population": _population,
    "pregnancy_weeks_at_least": _pregnancy_weeks,
    "age_below_years": _age,
    "age_at_least_years": _age,
    "lab": _lab,
    "symptom": _symptom,
    "drug_class": _drug_class,
    "inn": _inn,
    "lifestyle": _lifestyle,
    "episode_setting": _episode,
    "episode_longer_than_minutes": _episode,
    "pattern_mostly_at_night": _pattern,
    "systolic_bp_below": _vitals,
    "heart_rate_below": _vitals,
    "systolic_bp_at_least": _vitals,
    "diastolic_bp_at_least": _vitals,
    "temperature_at_least": _vitals,
}


def field_of(trigger: Trigger) -> str:
    """The one field a trigger sets (the model guarantees there is exactly one)."""
    for name in MATCHERS:
        if getattr(trigger, name) is not None:
            return name
    raise AssertionError("a trigger sets exactly one field")  # unreachable: models.Trigger validates this


def match_trigger(trigger: Trigger, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    """Phrases for the facts that make `trigger` true for this person; empty if it does not apply."""
    return MATCHERS[field_of(trigger)](trigger, facts, kb)


def trigger_key(trigger: Trigger) -> str | None:
    """The fact key (see facts.fact_keys) without which the trigger cannot match; None if it must always be tried."""
    name = field_of(trigger)
    value = getattr(trigger, name)
    if name in ("condition", "population", "symptom", "inn", "drug_class", "lifestyle", "episode_setting"):
        return f"{name}:{value}"
    if name == "lab":
        return f"lab:{value.name}"
    if name == "pregnancy_weeks_at_least":
        return "population:pregnancy"
    if name in ("systolic_bp_below", "systolic_bp_at_least"):
        return "vital:systolic_bp"
    if name == "diastolic_bp_at_least":
        return "vital:diastolic_bp"
    if name == "heart_rate_below":
        return "vital:heart_rate"
    if name == "temperature_at_least":
        return "vital:temperature_c"
    if name == "episode_longer_than_minutes":
        return "episode:duration"
    if name == "pattern_mostly_at_night":
        return "pattern:mostly_at_night"
    return None  # age: every profile has one


Pairs = tuple[tuple[Matcher, Trigger], ...]
Compiled = tuple[Pairs, Pairs, Pairs, frozenset[str] | None, tuple[Pairs, ...], Pairs]
# A rule's (matcher, trigger) pairs, keyed by id(rule); the rule is kept so a recycled id is never trusted.
# Plans are built often and rules never change, so the field lookup is done once per rule.
_COMPILED: dict[int, tuple[Rule, Compiled]] = {}


def _compiled(rule: Rule) -> Compiled:
    entry = _COMPILED.get(id(rule))
    if entry is not None and entry[0] is rule:
        return entry[1]
    keys = [trigger_key(t) for t in rule.when]
    compiled = (
        tuple((MATCHERS[field_of(t)], t) for t in rule.when),
        tuple((MATCHERS[field_of(t)], t) for t in rule.when_all),
        tuple((MATCHERS[field_of(t)], t) for t in rule.unless),
        None if None in keys else frozenset(k for k in keys if k is not None),
        # `and_one_of` is one more group of alternatives, like each group of `when_each`.
        tuple(
            tuple((MATCHERS[field_of(t)], t) for t in group)
            for group in ([rule.and_one_of] if rule.and_one_of else []) + rule.when_each
        ),
        tuple((MATCHERS[field_of(t)], t) for t in rule.unless_any),
    )
    _COMPILED[id(rule)] = (rule, compiled)
    return compiled


def match_rule(rule: Rule, facts: PersonFacts, kb: KnowledgeBase, *, indexed: bool = True) -> list[str]:
    """Phrases if the rule applies (any `when`, every `when_all`, one of `and_one_of` if given, one of each
    `when_each` group, not every `unless` and none of `unless_any`); empty otherwise.

    `indexed=False` tries every trigger even when none of the rule's fact keys is present (the engine's
    unindexed reference path, see engine.plan_for)."""
    phrases = _match(rule, facts, kb, indexed=indexed)
    if phrases and _unless_phrases(rule, facts, kb):
        return []
    return phrases


def set_aside(rule: Rule, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    """For a rule whose facts match but whose `unless` (or `unless_any`) switches it off: the phrases of the facts
    that switch it off."""
    if not rule.unless and not rule.unless_any:
        return []
    unless = _unless_phrases(rule, facts, kb)
    return unless if unless and _match(rule, facts, kb) else []


def _match(rule: Rule, facts: PersonFacts, kb: KnowledgeBase, *, indexed: bool = True) -> list[str]:
    when, when_all, _, keys, when_each, _ = _compiled(rule)
    if indexed and keys is not None and keys.isdisjoint(facts.keys):
        return []  # none of the facts the rule tests is present
    phrases: list[str] = []
    for matcher, trigger in when:
        found = matcher(trigger, facts, kb)
        if found:
            phrases.extend(found)
    if not phrases:
        return []
    for matcher, trigger in when_all:
        also = matcher(trigger, facts, kb)
        if not also:
            return []
        phrases.extend(also)
    for group in when_each:  # one alternative of every group must hold too; each one that holds is named
        # ("a long journey and the pill" explains more than either alone)
        found_in_group = [p for matcher, trigger in group for p in matcher(trigger, facts, kb)]
        if not found_in_group:
            return []
        phrases.extend(found_in_group)
    return without_repeats(phrases)


def _unless_phrases(rule: Rule, facts: PersonFacts, kb: KnowledgeBase) -> list[str]:
    """The phrases of the `unless` facts if every one of them holds, else of the `unless_any` facts that hold; empty
    when neither switches the rule off."""
    any_of = [p for matcher, trigger in _compiled(rule)[5] for p in matcher(trigger, facts, kb)]
    if any_of:
        return any_of
    unless = _compiled(rule)[2]
    if not unless:
        return []
    phrases: list[str] = []
    for matcher, trigger in unless:
        found = matcher(trigger, facts, kb)
        if not found:
            return []
        phrases.extend(found)
    return phrases


def without_repeats(phrases: list[str]) -> list[str]:
    """Drop duplicates, and "because you have X (which counts as Y)" when "because you have X" is there too."""
    if len(phrases) == 1:
        return phrases  # nothing to repeat (most rules match one fact)
    unique = list(dict.fromkeys(phrases))
    direct = set(unique)
    # " (which counts as ": what the implied-condition phrase adds after the stated name
    marker = texts().because["condition_implied"].split("{stated}", 1)[1].split("{name}", 1)[0]
    return [p for p in unique if not (marker in p and p.split(marker)[0] in direct)]


def explain(phrases: list[str], reason: str) -> str:
    """ "Because a and because b: reason" with the first letter capitalised."""
    joined = texts().because["and"].join(phrases)
    return f"{joined[:1].upper()}{joined[1:]}: {reason}"


def describe(trigger: Trigger, kb: KnowledgeBase) -> str:
    """The condition a trigger states, for "only when …" explanations."""
    name = field_of(trigger)
    value = getattr(trigger, name)
    say = texts().option_reasons
    if name == "lab":
        op = texts().operators.get(value.op, value.op)
        return say["when_lab"].format(
            lab=lab_words(value.name), op=op, value=number(value.value), unit=unit(value.unit)
        )
    if name == "condition":
        return kb.conditions[value].name if value in kb.conditions else words(value)
    if name == "drug_class":
        return say["when_taking"].format(
            title=kb.drug_classes[value].name if value in kb.drug_classes else words(value)
        )
    if name in ("age_below_years", "age_at_least_years"):
        return say["when_" + name.removesuffix("_years")].format(value=number(value))
    return f"{words(name)} {words(str(value))}"
