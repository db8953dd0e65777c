"""Issue 19 §1: no input is collected and then ignored.

Every field and enum value of the profile's JSON Schema must have a documented effect: either the knowledge base
uses it (a rule trigger with its reason and sources, a reference range, a first-aid record or ordering datum), or
data/assessment/input_effects.yaml states what it does, with sources, or that it deliberately does nothing and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from crampcare.assessment.config import rules
from crampcare.assessment.profile import Profile
from crampcare.knowledge.loader import DATA_DIR, KnowledgeBase, knowledge
from crampcare.knowledge.models import Rule, Trigger

EFFECTS_FILE = Path(DATA_DIR) / "assessment" / "input_effects.yaml"
Area = Literal[
    "triage", "red_flags", "causes", "options", "first_aid", "specialists", "diet", "labs", "warnings", "report",
    "validation",
]  # fmt: skip


class Effect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    area: Area
    what: str
    sources: list[str] = []


class Documented(BaseModel):
    model_config = ConfigDict(extra="forbid")
    effects: list[Effect] = []
    no_effect: str | None = None

    @model_validator(mode="after")
    def _says_something(self) -> Documented:
        if not self.effects and not (self.no_effect and len(self.no_effect) > 20):
            raise ValueError("an entry lists effects or says why it deliberately does nothing")
        return self


def schema_paths() -> list[str]:
    """Every field path ("vitals.heart_rate") and enum value ("episode.setting=swimming") of the profile schema."""
    schema = Profile.model_json_schema()
    defs = schema.get("$defs", {})
    out: list[str] = []

    def walk(node: dict[str, Any], path: str) -> None:
        if "$ref" in node:
            walk(defs[node["$ref"].split("/")[-1]], path)
        elif "anyOf" in node:
            for sub in node["anyOf"]:
                if sub.get("type") != "null":
                    walk(sub, path)
        elif node.get("type") == "object" and "properties" in node:
            for key, sub in node["properties"].items():
                child = f"{path}.{key}" if path else key
                out.append(child)
                walk(sub, child)
        elif node.get("type") == "array":
            walk(node.get("items", {}), path)
        else:
            out.extend(f"{path}={value}" for value in node.get("enum", []))

    walk(schema, "")
    return out


def _rules(kb: KnowledgeBase) -> Iterator[Rule]:
    for record in kb.interventions.values():
        yield from (*record.contraindications, *record.cautions, *record.not_for, *record.use_only_when)
    yield from (cause.rule for cause in kb.causes.values())
    yield from (flag.rule for flag in kb.red_flags.values())


def _triggers(kb: KnowledgeBase) -> list[Trigger]:
    return [t for rule in _rules(kb) for t in (*rule.when, *rule.when_all, *rule.and_one_of, *rule.unless)]


def _named_in_assessment_data(key: str) -> set[str]:
    """Values listed under `key` anywhere in data/assessment/*.yaml (e.g. first-aid ordering by symptom)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == key and isinstance(v, list):
                    found.update(str(item) for item in v)
                walk(v)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted((Path(DATA_DIR) / "assessment").glob("*.yaml")):
        walk(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    return found


VITAL_TRIGGERS = {
    "systolic_bp": ("systolic_bp_below", "systolic_bp_at_least"),
    "diastolic_bp": ("diastolic_bp_at_least",),
    "heart_rate": ("heart_rate_below",),
    "temperature_c": ("temperature_at_least",),
}
LIFESTYLE_FIELDS = {"exercise=none": "exercise_none", "exercise=intense": "exercise_intense"}


def used_by_knowledge(kb: KnowledgeBase) -> set[str]:
    """Schema paths whose effect the knowledge base itself states (with reasons and sources)."""
    triggers = _triggers(kb)
    used: set[str] = set()
    used.update(f"symptoms={t.symptom}" for t in triggers if t.symptom)
    used.update(f"symptoms={s}" for s in _named_in_assessment_data("symptoms"))
    used.update(f"labs.{name}" for name in kb.labs)
    used.update(f"labs.{t.lab.name}" for t in triggers if t.lab)
    for vital, fields in VITAL_TRIGGERS.items():
        if any(getattr(t, f) is not None for t in triggers for f in fields):
            used.add(f"vitals.{vital}")
    first_aid = [r for r in kb.interventions.values() if r.kind == "first_aid"]
    used.update(f"episode.muscle={m}" for r in first_aid for m in r.muscles)
    used.update(f"episode.setting={s}" for r in first_aid for s in r.settings)
    used.update(f"episode.setting={t.episode_setting}" for t in triggers if t.episode_setting)
    if first_aid:
        used.update({"episode.muscle", "episode.setting"})
    if any(t.episode_longer_than_minutes is not None for t in triggers):
        used.add("episode.duration_minutes")
    if any(t.pattern_mostly_at_night for t in triggers):
        used.add("pattern.mostly_at_night")
    if any(t.population == "pregnancy" or t.pregnancy_weeks_at_least for t in triggers):
        used.add("pregnancy_weeks")
    if any(t.population == "breastfeeding" for t in triggers):
        used.add("breastfeeding")
    flags = {t.lifestyle for t in triggers if t.lifestyle}
    used.update(f"lifestyle.{f}" for f in flags)
    used.update(f"lifestyle.{path}" for path, flag in LIFESTYLE_FIELDS.items() if flag in flags)
    if flags & set(LIFESTYLE_FIELDS.values()):
        used.add("lifestyle.exercise")
    used.update(
        f"lifestyle.{rules().lifestyle_thresholds[f].field}" for f in flags if f in rules().lifestyle_thresholds
    )
    return used


def documented() -> dict[str, Documented]:
    raw = yaml.safe_load(EFFECTS_FILE.read_text(encoding="utf-8"))
    return {path: Documented.model_validate(entry) for path, entry in raw.items()}


def test_every_profile_field_and_value_has_a_documented_effect() -> None:
    used, entries = used_by_knowledge(knowledge()), documented()
    missing = [p for p in schema_paths() if p not in used and p not in entries]
    assert not missing, "profile inputs with no documented effect (add a rule or an input_effects.yaml entry): " + (
        ", ".join(missing)
    )


def test_documented_inputs_exist_and_cite_known_sources() -> None:
    kb = knowledge()
    paths = set(schema_paths())
    entries = documented()
    assert not set(entries) - paths, f"input_effects.yaml names inputs the profile lacks: {set(entries) - paths}"
    unknown = [(p, s) for p, e in entries.items() for eff in e.effects for s in eff.sources if s not in kb.sources]
    assert not unknown, f"unknown source ids: {unknown}"


def test_the_enumeration_reaches_nested_fields_and_enum_values() -> None:
    paths = schema_paths()
    for expected in ("vitals.temperature_c", "symptoms=one_sided_calf_pain", "episode.setting=swimming", "sex=other"):
        assert expected in paths
