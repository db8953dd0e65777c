"""The schema of the knowledge base: what a record may hold, and nothing else.

Every model forbids unknown keys, so a typo in a YAML file is an error that
names the field instead of a value that silently disappears. Cross-references
(source ids, condition ids, drug-class ids, section ids) are checked by the
loader, which sees all records at once.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crampcare.knowledge.translated import (
    CauseRu,
    ConditionRu,
    DrugClassRu,
    InterventionRu,
    LabRangeRu,
    RedFlagRu,
    SectionRu,
    SourceRu,
    SpecialistRu,
)
from crampcare.knowledge.vocab import (
    EpisodeSetting,
    FactorKind,
    Grade,
    Kind,
    LabName,
    LifestyleFlag,
    Muscle,
    Population,
    Route,
    Setting,
    Severity,
    SourceKind,
    Status,
    Symptom,
    TriageLevel,
)

Id = str  # lowercase snake_case; checked by the loader (pattern below)
ID_PATTERN = r"^[a-z0-9][a-z0-9_]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- bibliography -----------------------------------------------------------------


class Source(Strict):
    """A bibliographic entry that records cite by id."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    kind: SourceKind
    year: str | None = None
    url: str | None = None
    anchor: str | None = None  # the reference file's key, e.g. "A4" for the Cochrane magnesium review
    note: str | None = None
    ru: SourceRu | None = None


class Section(Strict):
    """A section of the seed article; records name these in `article_sections`."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    parent: str | None = None
    ru: SectionRu | None = None


# --- triggers: when does a rule apply to a person ------------------------------------


class LabThreshold(Strict):
    """`name op value`, e.g. potassium > 5.0 mmol/L.

    `female_value`, if given, replaces `value` for women and for anyone whose sex is not given as male: some
    upper limits (CK) are lower in women, and when the sex is unknown the lower, safer limit is used.
    """

    name: LabName
    op: Literal["<", "<=", ">", ">="]
    value: float
    unit: str
    female_value: float | None = None


class Trigger(Strict):
    """One fact about a person. Exactly one field is set.

    `condition` and `drug_class` name vocabulary ids; `inn` names a drug by its
    INN; `population` covers pregnancy, breastfeeding, child (< 18 y),
    infant (< 1 y) and older_adult (≥ 65 y); `pregnancy_weeks_at_least` a
    stage of pregnancy (28: the third trimester).
    """

    condition: str | None = None
    population: Population | None = None
    pregnancy_weeks_at_least: int | None = Field(default=None, ge=1, le=42)
    age_below_years: float | None = None
    age_at_least_years: float | None = None
    lab: LabThreshold | None = None
    symptom: Symptom | None = None
    drug_class: str | None = None
    inn: str | None = None
    lifestyle: LifestyleFlag | None = None
    episode_setting: EpisodeSetting | None = None
    episode_longer_than_minutes: float | None = None
    pattern_mostly_at_night: Literal[True] | None = None  # the person says the cramps come mostly at night
    systolic_bp_below: float | None = None
    heart_rate_below: float | None = None
    # Raised blood pressure (severe hypertension in pregnancy, NICE NG133) and body temperature (heat illness).
    systolic_bp_at_least: float | None = None
    diastolic_bp_at_least: float | None = None
    temperature_at_least: float | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Trigger:
        set_fields = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(set_fields) != 1:
            raise ValueError(f"a trigger sets exactly one field, found {set_fields or 'none'}")
        return self


class Rule(Strict):
    """A trigger (or all of several) with the reason it matters and where that comes from.

    `when` lists alternatives: the rule applies if any one trigger matches.
    `when_all`, if given, must all match as well (e.g. dark urine *and* severe pain).
    `and_one_of`, if given, needs at least one of its triggers to match as well: a combination such as one-sided
    calf pain *and* any one clot risk factor, or a pregnancy symptom *and* a systolic *or* diastolic reading.
    `when_each`, if given, is a list of groups of alternatives: one trigger of every group must match as well
    (exercise-associated low sodium: an exercise episode *or* intense exercise, *and* heavy drinking *or* a low
    sodium result).
    `unless`, if given, lists facts that together (all of them) switch the rule off, e.g. the 10-minute
    cramp rule for a child's night-time leg pain, which growing pains explain (they last 0.5–5 h);
    `unless_any`, if given, lists facts any one of which switches the rule off (growing pains are not the
    explanation once a child limps, has a fever or pain in one leg only: Duodecim's exclusions); `unless_reason`
    says why for it too.
    `unless_reason` then says why, so a rule set aside is explained too.
    `unverified` marks facts the reference marks [BK] (background knowledge, not
    confirmed against a retrieved source).
    """

    when: list[Trigger] = Field(min_length=1)
    when_all: list[Trigger] = []
    and_one_of: list[Trigger] = []
    when_each: list[list[Trigger]] = []
    unless: list[Trigger] = []
    unless_any: list[Trigger] = []
    unless_reason: str | None = None
    reason: str = Field(min_length=10)
    sources: list[str] = Field(min_length=1)
    unverified: bool = False

    @model_validator(mode="after")
    def _unless_is_explained(self) -> Rule:
        if any(not group for group in self.when_each):
            raise ValueError("`when_each`: every group lists at least one trigger")
        if bool(self.unless or self.unless_any) != (self.unless_reason is not None):
            raise ValueError(
                "`unless` (or `unless_any`) and `unless_reason` go together: a rule set aside must say why"
            )
        return self


class Interaction(Strict):
    """A drug interaction, with INNs and/or drug classes on the other side."""

    with_inns: list[str] = []
    with_classes: list[str] = []
    severity: Severity
    advice: str = Field(min_length=10)
    sources: list[str] = Field(min_length=1)
    unverified: bool = False

    @model_validator(mode="after")
    def _names_something(self) -> Interaction:
        if not self.with_inns and not self.with_classes:
            raise ValueError("an interaction names at least one INN or drug class")
        return self


class PopulationEvidence(Strict):
    """Evidence that differs for a population (e.g. magnesium in pregnancy)."""

    population: Population
    grade: Grade
    summary: str
    sources: list[str] = Field(min_length=1)


class Evidence(Strict):
    grade: Grade
    summary: str = Field(min_length=10)
    sources: list[str] = Field(min_length=1)
    by_population: list[PopulationEvidence] = []
    unverified: bool = False


class ArticleClaim(Strict):
    """Something the article asserts that the evidence does not support."""

    claim: str
    verdict: str
    sources: list[str] = Field(min_length=1)


class Atc(Strict):
    code: str = Field(pattern=r"^[A-Z][0-9]{2}[A-Z]{0,2}[0-9]{0,2}$")
    verified: bool  # False where the reference marks the code [BK]


class StatusRule(Strict):
    """Where the status starts before any person-specific rule makes it stricter."""

    status: Status
    reason: str = Field(min_length=10)


class Intervention(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    kind: Kind
    aliases: list[str] = []  # brand and product names, Latin and Cyrillic
    inn: str | None = None  # WHO INN, lowercase English; combinations joined with " + "
    drug_class: str | None = None  # for a record about a whole class (e.g. antiepileptics)
    atc: Atc | None = None
    route: Route
    prescription: bool
    setting: Setting
    summary: str = Field(min_length=10)
    details: str = ""
    # First aid only: where and when the manoeuvre applies, and how to do it.
    muscles: list[Muscle] = []
    settings: list[EpisodeSetting] = []
    steps: list[str] = []
    base_status: StatusRule
    # Status only becomes stricter from here: a rule never relaxes another.
    contraindications: list[Rule] = []  # any match → avoid
    cautions: list[Rule] = []  # any match → at least discuss_with_doctor
    not_for: list[Rule] = []  # any match → at least not_recommended (evidence against, for that group)
    use_only_when: list[Rule] = []  # none matches → not_recommended, with the rule's reason
    # The one exception to "only stricter": with a diagnosed condition for which a guideline names the product as an
    # option under a specialist (quinine for cramps in motor neurone disease, NICE NG42), the status starts at
    # discuss_with_doctor instead of a stricter base status. Condition triggers only; every rule above still applies
    # on top (a contraindication still makes it avoid).
    discuss_when: list[Rule] = []
    min_age_years: float | None = None  # the youngest age with a stated safe use; None = none stated
    interactions: list[Interaction] = []
    evidence: Evidence
    article_claims: list[ArticleClaim] = []
    article_sections: list[str] = []
    # False for the few records the article lacks but safety needs (quinine, which people self-treat with).
    in_article: bool = True
    ru: InterventionRu | None = None  # the Russian texts (translated.py)

    @model_validator(mode="after")
    def _consistent(self) -> Intervention:
        if self.kind == "first_aid" and not self.steps:
            raise ValueError("a first_aid record needs steps")
        if self.kind in ("medicine", "injection") and self.inn is None and self.drug_class is None:
            raise ValueError(f"a {self.kind} record needs an inn (or a drug_class for a class-level record)")
        if self.in_article and not self.article_sections:
            raise ValueError("article_sections: a record from the article names at least one section")
        if self.discuss_when and self.base_status.status not in ("not_recommended", "avoid"):
            raise ValueError(
                "discuss_when: only a base status of not_recommended or avoid can start at discuss instead"
            )
        for rule in self.discuss_when:
            triggers = [*rule.when, *rule.when_all, *rule.and_one_of, *(t for g in rule.when_each for t in g)]
            if any(t.condition is None for t in triggers) or rule.unless or rule.unless_any:
                raise ValueError("discuss_when: a rule names diagnosed conditions only (condition triggers)")
        return self


# --- vocabularies ---------------------------------------------------------------------


class Condition(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    synonyms: list[str] = []
    implies: list[str] = []  # e.g. dialysis implies kidney_failure
    ru: ConditionRu | None = None


class DrugMember(Strict):
    inn: str
    brands: list[str] = []


class DrugClass(Strict):
    id: str = Field(pattern=ID_PATTERN)
    name: str
    parent: str | None = None  # e.g. loop_diuretics → diuretics
    # What people call the class as a whole when they name no single medicine ("insulin", «инсулин»): such a name
    # resolves to the class without an INN, so every class-level rule still applies.
    synonyms: list[str] = []
    members: list[DrugMember] = Field(min_length=1)
    sources: list[str] = []
    unverified: bool = False  # membership partly background knowledge [BK]; rules using the class say so too
    ru: DrugClassRu | None = None


class BrandName(Strict):
    """One Cyrillic medicine name the knowledge base resolves, with what it maps to, in which market, and where
    that mapping comes from (issue 15: brand → ingredient mappings for the Russian market).

    `ingredients` and `record` state exactly what the lookup gives for the name today (the INNs, one per component
    of a combination; the intervention record, if any); the loader checks both, so the register cannot drift from
    the data it reviews. `sources` name where a document states this name with these ingredients: `article` with
    the `article_sections` that do, and/or the project's clinical reference with the line in `reference`. A mapping
    no such document states is `unverified`, and `note` says why; a note also records any doubt about the mapping.
    """

    name: str = Field(pattern=r"[А-Яа-яЁё]")
    kind: Literal["brand", "generic", "common"]  # a trade name; a Russian INN or pharmacopoeial name; an everyday name
    ingredients: list[str]  # INNs as lookup resolves the name; [] when it names a record without an INN
    record: str | None = None  # the intervention the name resolves to, if any
    market: Literal["RU", "CIS"]  # RU: Russia; CIS: Russian-language sources that name no one country
    sources: list[str] = []
    article_sections: list[str] = []
    reference: str | None = None  # where shared/reference/clinical-evidence.md names it, e.g. "§1c, cyclobenzaprine"
    unverified: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _sourced_or_said_why(self) -> BrandName:
        if not self.sources and not self.unverified:
            raise ValueError("a mapping without sources is `unverified: true`, with a note saying why")
        if self.unverified and not self.note:
            raise ValueError("`unverified: true` needs a `note` saying why")
        if ("article" in self.sources) != bool(self.article_sections):
            raise ValueError("`article` in sources and `article_sections` go together")
        if ("crampcare_reference_products" in self.sources) != (self.reference is not None):
            raise ValueError("`crampcare_reference_products` in sources and `reference` go together")
        return self


class Specialist(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    summary: str
    article_sections: list[str] = []
    ru: SpecialistRu | None = None


class RedFlag(Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    level: TriageLevel
    action: str
    possible_cause: str
    rule: Rule
    specialists: list[str] = []
    article_sections: list[str] = []
    ru: RedFlagRu | None = None


class Cause(Strict):
    """A cause or contributing factor of cramps, and how to recognise it in a profile."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    kind: FactorKind
    summary: str
    rule: Rule
    specialists: list[str] = []
    article_sections: list[str] = Field(min_length=1)
    ru: CauseRu | None = None


class LabRange(Strict):
    """A commonly used adult reference interval, with severity cut-offs."""

    name: LabName
    title: str
    unit: str
    low: float | None = None
    high: float | None = None
    plausible_min: float
    plausible_max: float
    sources: list[str] = Field(min_length=1)
    note: str = ""
    ru: LabRangeRu | None = None


TextType = Literal[
    "red_flags", "first_aid", "interventions", "causes", "conditions", "drug_classes", "specialists", "labs"
]


class LocalNames(Strict):
    """Names people use in one language for medicines (an INN the knowledge base knows) and conditions (an id).

    Kept beside the records, one file per language, so a Russian reader's «аторвастатин» or «ХБП» resolves
    to the same INN or condition as the English name, and every check that applies to it runs.
    """

    id: str = Field(pattern=ID_PATTERN)  # the language code, e.g. "ru"
    language: str = Field(pattern=r"^[a-z]{2}$")
    sources: list[str] = Field(min_length=1)
    drugs: dict[str, str] = Field(default_factory=dict)  # local INN or common name → the knowledge base's INN
    conditions: dict[str, str] = Field(default_factory=dict)  # local name or abbreviation → condition id
    # Record types whose every record must carry its texts in this language (`ru` blocks; translated.py): the
    # loader fails on a record of such a type without them. A type is listed once all its records have them.
    required_texts: list[TextType] = []
