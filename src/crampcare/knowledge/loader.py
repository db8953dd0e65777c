"""Load, validate and cross-check the YAML knowledge base.

Each record family lives in `data/<family>.yaml` and/or `data/<family>/*.yaml`
(a file holds one record or a list of them). Interventions are one record per
file, named after the id. Every problem is reported at once, as
`file: record id: field: what is wrong`, so a reviewer fixes them in one pass.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from crampcare.errors import KnowledgeError
from crampcare.knowledge.language import check_translations
from crampcare.knowledge.models import (
    BrandName,
    Cause,
    Condition,
    DrugClass,
    Intervention,
    LabRange,
    LocalNames,
    RedFlag,
    Rule,
    Section,
    Source,
    Specialist,
    Trigger,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

M = TypeVar("M", bound=BaseModel)

FAMILIES: dict[str, type[BaseModel]] = {
    "sources": Source,
    "sections": Section,
    "conditions": Condition,
    "drug_classes": DrugClass,
    "specialists": Specialist,
    "red_flags": RedFlag,
    "causes": Cause,
    "labs": LabRange,
    "interventions": Intervention,
    "local_names": LocalNames,
    "brand_names": BrandName,
}


@dataclass(frozen=True)
class KnowledgeBase:
    """Every record, by family and id, plus a version that changes with the data."""

    sources: dict[str, Source]
    sections: dict[str, Section]
    conditions: dict[str, Condition]
    drug_classes: dict[str, DrugClass]
    specialists: dict[str, Specialist]
    red_flags: dict[str, RedFlag]
    causes: dict[str, Cause]
    labs: dict[str, LabRange]
    interventions: dict[str, Intervention]
    version: str
    files: dict[str, str] = field(default_factory=dict)  # "family/id" → file it came from
    local_names: dict[str, LocalNames] = field(default_factory=dict)  # language → names in that language
    brand_names: dict[str, BrandName] = field(default_factory=dict)  # Cyrillic name → its reviewed mapping


def _files(data_dir: Path, family: str) -> Iterator[Path]:
    single = data_dir / f"{family}.yaml"
    if single.exists():
        yield single
    folder = data_dir / family
    if folder.is_dir():
        yield from sorted(folder.glob("*.yaml"))


def _raw_records(path: Path, problems: list[str], rel: str | None = None) -> list[Any]:
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        # One line per problem: PyYAML's message spans several.
        problems.append(f"{rel or path.name}: -: -: not valid YAML: {' '.join(str(exc).split())}")
        return []
    if loaded is None:
        return []
    return loaded if isinstance(loaded, list) else [loaded]


def _describe(error: dict[str, Any]) -> str:
    loc = ".".join(str(part) for part in error["loc"]) or "-"
    msg = str(error["msg"])
    if error["type"] == "extra_forbidden":
        msg = "unknown field"
    elif error["type"] == "literal_error":
        msg = f"{msg} (got {error.get('input')!r})"
    return f"{loc}: {msg}"


def _parse_family(
    data_dir: Path, family: str, model: type[M], problems: list[str]
) -> tuple[dict[str, M], dict[str, str]]:
    records: dict[str, M] = {}
    origin: dict[str, str] = {}
    for path in _files(data_dir, family):
        rel = str(path.relative_to(data_dir))
        for raw in _raw_records(path, problems, rel):
            rid = raw.get("id", "?") if isinstance(raw, dict) else "?"
            try:
                record = model.model_validate(raw)
            except ValidationError as exc:
                problems.extend(f"{rel}: {rid}: {_describe(err)}" for err in exc.errors())  # type: ignore[arg-type]
                continue
            rid = str(getattr(record, "id", None) or getattr(record, "name", "?"))
            if rid in records:
                problems.append(f"{rel}: {rid}: id: duplicate id (also in {origin[rid]})")
                continue
            if family == "interventions" and path.parent.name == "interventions" and path.stem != rid:
                problems.append(f"{rel}: {rid}: id: must equal the file name {path.stem!r}")
            records[rid] = record
            origin[rid] = rel
    return records, origin


def data_version(data_dir: Path = DATA_DIR) -> str:
    """A short digest of every data file, so a care plan names the knowledge it used."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*.yaml")):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load(data_dir: Path = DATA_DIR) -> KnowledgeBase:
    """Parse and check every family; raise `KnowledgeError` listing all problems."""
    problems: list[str] = []
    parsed: dict[str, dict[str, Any]] = {}
    files: dict[str, str] = {}
    for family, model in FAMILIES.items():
        records, origin = _parse_family(data_dir, family, model, problems)
        parsed[family] = records
        files.update({f"{family}/{rid}": rel for rid, rel in origin.items()})
    kb = KnowledgeBase(**parsed, version=data_version(data_dir), files=files)
    problems.extend(check_references(kb))
    from crampcare.knowledge.brands import check_brand_names  # it resolves names, and lookup imports this module

    problems.extend(check_brand_names(kb))
    if problems:
        raise KnowledgeError(problems)
    return kb


@cache
def knowledge() -> KnowledgeBase:
    """The shipped knowledge base, loaded once per process."""
    return load()


# --- cross-references ----------------------------------------------------------------


def known_inns(kb: KnowledgeBase) -> set[str]:
    inns = {member.inn for cls in kb.drug_classes.values() for member in cls.members}
    for record in kb.interventions.values():
        if record.inn:
            inns.add(record.inn)
            inns.update(part.strip() for part in record.inn.split("+"))
    return inns


def _check_trigger(trigger: Trigger, kb: KnowledgeBase, inns: set[str], where: str, out: list[str]) -> None:
    if trigger.condition and trigger.condition not in kb.conditions:
        out.append(f"{where}: condition: unknown condition id {trigger.condition!r}")
    if trigger.drug_class and trigger.drug_class not in kb.drug_classes:
        out.append(f"{where}: drug_class: unknown drug class id {trigger.drug_class!r}")
    if trigger.inn and trigger.inn not in inns:
        out.append(f"{where}: inn: {trigger.inn!r} is in no drug class and no intervention")


def _check_rule(rule: Rule, kb: KnowledgeBase, inns: set[str], where: str, out: list[str]) -> None:
    groups = (t for group in rule.when_each for t in group)
    for trigger in [*rule.when, *rule.when_all, *rule.and_one_of, *groups, *rule.unless, *rule.unless_any]:
        _check_trigger(trigger, kb, inns, where, out)
    _check_ids(rule.sources, kb.sources, f"{where}: sources", "source", out)


def _check_ids(ids: list[str], known: dict[str, Any], where: str, what: str, out: list[str]) -> None:
    out.extend(f"{where}: unknown {what} id {item!r}" for item in ids if item not in known)


def check_references(kb: KnowledgeBase) -> list[str]:
    """Every id a record names must exist; returns the problems found."""
    out: list[str] = []
    inns = known_inns(kb)

    def at(family: str, rid: str) -> str:
        return f"{kb.files.get(f'{family}/{rid}', family)}: {rid}"

    for sec in kb.sections.values():
        if sec.parent and sec.parent not in kb.sections:
            out.append(f"{at('sections', sec.id)}: parent: unknown section id {sec.parent!r}")
    for cond in kb.conditions.values():
        _check_ids(cond.implies, kb.conditions, f"{at('conditions', cond.id)}: implies", "condition", out)
    for cls in kb.drug_classes.values():
        if cls.parent and cls.parent not in kb.drug_classes:
            out.append(f"{at('drug_classes', cls.id)}: parent: unknown drug class id {cls.parent!r}")
        _check_ids(cls.sources, kb.sources, f"{at('drug_classes', cls.id)}: sources", "source", out)
    for spec in kb.specialists.values():
        _check_ids(
            spec.article_sections, kb.sections, f"{at('specialists', spec.id)}: article_sections", "section", out
        )
    for flag in kb.red_flags.values():
        where = at("red_flags", flag.id)
        _check_rule(flag.rule, kb, inns, f"{where}: rule", out)
        _check_ids(flag.specialists, kb.specialists, f"{where}: specialists", "specialist", out)
        _check_ids(flag.article_sections, kb.sections, f"{where}: article_sections", "section", out)
    for cause in kb.causes.values():
        where = at("causes", cause.id)
        _check_rule(cause.rule, kb, inns, f"{where}: rule", out)
        _check_ids(cause.specialists, kb.specialists, f"{where}: specialists", "specialist", out)
        _check_ids(cause.article_sections, kb.sections, f"{where}: article_sections", "section", out)
    for lab in kb.labs.values():
        _check_ids(lab.sources, kb.sources, f"{at('labs', lab.name)}: sources", "source", out)
    for record in kb.interventions.values():
        out.extend(_check_intervention(record, kb, inns, at("interventions", record.id)))
    out.extend(_check_names_unique(kb))
    out.extend(_check_local_names(kb, inns))
    out.extend(check_translations(kb))
    return out


def _check_intervention(record: Intervention, kb: KnowledgeBase, inns: set[str], where: str) -> list[str]:
    out: list[str] = []
    for family in ("contraindications", "cautions", "not_for", "use_only_when", "discuss_when"):
        for i, rule in enumerate(getattr(record, family)):
            _check_rule(rule, kb, inns, f"{where}: {family}.{i}", out)
    for i, inter in enumerate(record.interactions):
        _check_ids(inter.with_classes, kb.drug_classes, f"{where}: interactions.{i}.with_classes", "drug class", out)
        out.extend(
            f"{where}: interactions.{i}.with_inns: {inn!r} is in no drug class and no intervention"
            for inn in inter.with_inns
            if inn not in inns
        )
        _check_ids(inter.sources, kb.sources, f"{where}: interactions.{i}.sources", "source", out)
    _check_ids(record.evidence.sources, kb.sources, f"{where}: evidence.sources", "source", out)
    for i, pop in enumerate(record.evidence.by_population):
        _check_ids(pop.sources, kb.sources, f"{where}: evidence.by_population.{i}.sources", "source", out)
    for i, claim in enumerate(record.article_claims):
        _check_ids(claim.sources, kb.sources, f"{where}: article_claims.{i}.sources", "source", out)
    _check_ids(record.article_sections, kb.sections, f"{where}: article_sections", "section", out)
    if record.drug_class and record.drug_class not in kb.drug_classes:
        out.append(f"{where}: drug_class: unknown drug class id {record.drug_class!r}")
    return out


def _check_local_names(kb: KnowledgeBase, inns: set[str]) -> list[str]:
    """A local name must lead to an INN or condition the knowledge base knows, or it would resolve to nothing."""
    out: list[str] = []
    for local in kb.local_names.values():
        where = f"{kb.files.get(f'local_names/{local.id}', 'local_names')}: {local.id}"
        out.extend(
            f"{where}: drugs: {name!r}: unknown INN {inn!r}" for name, inn in local.drugs.items() if inn not in inns
        )
        _check_ids(local.sources, kb.sources, f"{where}: sources", "source", out)
        _check_ids(sorted(set(local.conditions.values())), kb.conditions, f"{where}: conditions", "condition", out)
    return out


def _check_names_unique(kb: KnowledgeBase) -> list[str]:
    """A brand or alias must point at one intervention only, or lookups would guess."""
    seen: dict[str, str] = {}
    out: list[str] = []
    for record in kb.interventions.values():
        names = {record.id, record.name, *record.aliases}
        for name in sorted({n.casefold() for n in names}):
            if name in seen and seen[name] != record.id:
                out.append(
                    f"{kb.files.get('interventions/' + record.id)}: {record.id}: aliases: "
                    f"{name!r} also names {seen[name]!r}"
                )
            seen.setdefault(name, record.id)
    return out
