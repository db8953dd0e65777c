"""The loader reports every problem as `file: record id: field: what is wrong`, all at once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from crampcare.errors import KnowledgeError
from crampcare.knowledge.loader import data_version, load
from crampcare.knowledge.vocab import GRADES


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, value: Any) -> None:
    path.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), encoding="utf-8")


PROBLEM_FORMAT = re.compile(r"^[\w./-]+\.yaml: [\w?-]+: [\w.-]+: .+$")


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load(data_dir)
    for problem in info.value.problems:
        assert PROBLEM_FORMAT.match(problem), problem
    return info.value.problems


def edit_intervention(data_dir: Path, rid: str, **changes: object) -> None:
    path = data_dir / "interventions" / f"{rid}.yaml"
    record = read_yaml(path)
    record.update(changes)
    write_yaml(path, record)


def test_the_mini_kb_loads(data_dir: Path) -> None:
    kb = load(data_dir)
    assert set(kb.interventions) >= {"baclofen", "drotaverine"}
    assert kb.files["interventions/baclofen"] == "interventions/baclofen.yaml"


def test_unknown_field_names_file_record_and_field(data_dir: Path) -> None:
    edit_intervention(data_dir, "baclofen", dose_mg=10)
    assert problems_of(data_dir) == ["interventions/baclofen.yaml: baclofen: dose_mg: unknown field"]


def test_unknown_nested_field_names_its_path(data_dir: Path) -> None:
    edit_intervention(
        data_dir, "drotaverine", evidence={"grade": "effective", "summary": "x" * 12, "sources": ["ref"], "level": 1}
    )
    assert problems_of(data_dir) == ["interventions/drotaverine.yaml: drotaverine: evidence.level: unknown field"]


def test_bad_grade_names_the_allowed_values(data_dir: Path) -> None:
    edit_intervention(data_dir, "drotaverine", evidence={"grade": "great", "summary": "x" * 12, "sources": ["ref"]})
    (problem,) = problems_of(data_dir)
    assert problem.startswith("interventions/drotaverine.yaml: drotaverine: evidence.grade: ")
    assert "'great'" in problem
    for grade in GRADES:
        assert grade in problem


def test_dangling_source_reference(data_dir: Path) -> None:
    edit_intervention(
        data_dir, "drotaverine", evidence={"grade": "effective", "summary": "x" * 12, "sources": ["nope"]}
    )
    assert problems_of(data_dir) == [
        "interventions/drotaverine.yaml: drotaverine: evidence.sources: unknown source id 'nope'"
    ]


def test_dangling_condition_in_a_rule(data_dir: Path) -> None:
    rule = {"when": [{"condition": "no_such_condition"}], "reason": "a reason long enough", "sources": ["ref"]}
    edit_intervention(data_dir, "drotaverine", contraindications=[rule])
    assert problems_of(data_dir) == [
        "interventions/drotaverine.yaml: drotaverine: contraindications.0: condition: "
        "unknown condition id 'no_such_condition'"
    ]


def test_unless_without_its_reason_is_refused(data_dir: Path) -> None:
    rule = {
        "when": [{"symptom": "twitching"}],
        "unless": [{"population": "child"}],
        "reason": "a reason long enough",
        "sources": ["ref"],
    }
    edit_intervention(data_dir, "drotaverine", contraindications=[rule])
    [problem] = problems_of(data_dir)
    assert "contraindications.0" in problem and "unless_reason" in problem


def test_dangling_condition_in_unless(data_dir: Path) -> None:
    rule = {
        "when": [{"symptom": "twitching"}],
        "unless": [{"condition": "no_such_condition"}],
        "unless_reason": "a reason why it is set aside",
        "reason": "a reason long enough",
        "sources": ["ref"],
    }
    edit_intervention(data_dir, "drotaverine", contraindications=[rule])
    assert problems_of(data_dir) == [
        "interventions/drotaverine.yaml: drotaverine: contraindications.0: condition: "
        "unknown condition id 'no_such_condition'"
    ]


def test_dangling_section_and_drug_class(data_dir: Path) -> None:
    edit_intervention(
        data_dir,
        "drotaverine",
        article_sections=["nowhere"],
        interactions=[
            {"with_classes": ["ghosts"], "severity": "minor", "advice": "ten chars at least", "sources": ["ref"]}
        ],
    )
    assert sorted(problems_of(data_dir)) == [
        "interventions/drotaverine.yaml: drotaverine: article_sections: unknown section id 'nowhere'",
        "interventions/drotaverine.yaml: drotaverine: interactions.0.with_classes: unknown drug class id 'ghosts'",
    ]


def test_duplicate_id_across_files(data_dir: Path) -> None:
    conditions = read_yaml(data_dir / "conditions.yaml")
    write_yaml(data_dir / "conditions.yaml", [*conditions, {"id": "ckd", "name": "Again"}])
    assert problems_of(data_dir) == ["conditions.yaml: ckd: id: duplicate id (also in conditions.yaml)"]


def test_intervention_id_must_match_its_file_name(data_dir: Path) -> None:
    edit_intervention(data_dir, "drotaverine", id="no_shpa")
    assert problems_of(data_dir) == [
        "interventions/drotaverine.yaml: no_shpa: id: must equal the file name 'drotaverine'"
    ]


def test_an_alias_naming_two_records_is_an_error(data_dir: Path) -> None:
    edit_intervention(data_dir, "drotaverine", aliases=["Baclosan"])
    (problem,) = problems_of(data_dir)
    assert "'baclosan' also names 'baclofen'" in problem


def test_every_problem_is_reported_at_once(data_dir: Path) -> None:
    edit_intervention(data_dir, "baclofen", dose_mg=10)
    edit_intervention(data_dir, "drotaverine", article_sections=["nowhere"])
    assert len(problems_of(data_dir)) == 2


def test_invalid_yaml_is_a_problem_not_a_crash(data_dir: Path) -> None:
    (data_dir / "interventions" / "drotaverine.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (problem,) = problems_of(data_dir)
    assert problem.startswith("interventions/drotaverine.yaml: -: -: not valid YAML")


def test_version_changes_with_the_data(data_dir: Path) -> None:
    before = data_version(data_dir)
    edit_intervention(data_dir, "drotaverine", details="One more sentence of detail.")
    assert data_version(data_dir) != before
    assert load(data_dir).version == data_version(data_dir)
