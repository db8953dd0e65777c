"""`crampcare kb …` end to end: in-process against the mini knowledge base (fast, data-independent),
plus subprocess runs against the shipped data for the real entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crampcare.cli.main import run
from crampcare.knowledge import loader

MINI_KB = Path(__file__).parents[1] / "knowledge" / "mini_kb"
ORIGINAL_LOAD = loader.load  # saved before any test patches it


@pytest.fixture(autouse=True)
def mini_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every kb command at the mini knowledge base."""
    mini = ORIGINAL_LOAD(MINI_KB)
    monkeypatch.setattr(loader, "knowledge", lambda: mini)
    monkeypatch.setattr(loader, "load", lambda data_dir=MINI_KB: ORIGINAL_LOAD(MINI_KB))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        run(list(args))
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code, out, err = cli(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def assert_one_line_exit_2(result: tuple[int, str, str], *needles: str) -> None:
    code, out, err = result
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err


def test_validate_prints_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "kb", "validate")
    assert code == 0
    assert out.startswith("ok: 6 interventions, 1 sources")
    assert "by kind: medicine 3, supplement 2, injection 1" in out


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = cli_json(capsys, "kb", "validate")
    assert data["records"]["interventions"] == 6
    assert data["by_grade"] == {"insufficient": 6}
    assert data["uncovered_sections"] == []
    assert data["load_ms"] >= 0


def test_validate_broken_data_exits_1_listing_problems(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "data"
    shutil.copytree(MINI_KB, broken)
    path = broken / "interventions" / "drotaverine.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "dose_mg: 40\n", encoding="utf-8")
    monkeypatch.setattr(loader, "load", lambda data_dir=broken: ORIGINAL_LOAD(broken))
    code, _, err = cli(capsys, "kb", "validate")
    assert code == 1
    assert "interventions/drotaverine.yaml: drotaverine: dose_mg: unknown field" in err
    assert "Traceback" not in err


def test_list_all_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    rows = cli_json(capsys, "kb", "list")
    assert {row["id"] for row in rows} == {
        "baclofen",
        "tolperisone",
        "drotaverine",
        "magnesium_pyridoxine",
        "magnesium_sulfate_injection",
        "brewers_yeast",
    }
    assert set(rows[0]) >= {"id", "name", "kind", "grade", "base_status"}


def test_list_filters_by_kind_and_grade(capsys: pytest.CaptureFixture[str]) -> None:
    rows = cli_json(capsys, "kb", "list", "--kind", "supplement", "--grade", "insufficient")
    assert [row["id"] for row in rows] == ["brewers_yeast", "magnesium_pyridoxine"]
    assert cli_json(capsys, "kb", "list", "--grade", "effective") == []


def test_list_human_output_is_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "kb", "list", "--kind", "injection")
    assert code == 0
    assert "1 interventions" in out
    assert "magnesium_sulfate_injection" in out


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("--kind", "pill"), ("--kind", "'pill'", "first_aid", "homeopathy")),
        (("--grade", "great"), ("--grade", "'great'", "possibly_effective", "not_recommended")),
    ],
)
def test_list_bad_filter_exits_2_naming_the_valid_values(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], needles: tuple[str, ...]
) -> None:
    assert_one_line_exit_2(cli(capsys, "kb", "list", *args), *needles)


@pytest.mark.parametrize("name", ["baclofen", "Baclosan", "БАКЛОСАН", "Baclofen"])
def test_show_json_by_any_name(capsys: pytest.CaptureFixture[str], name: str) -> None:
    data = cli_json(capsys, "kb", "show", name)
    required = {"id", "name", "kind", "inn", "atc", "aliases", "evidence", "contraindications", "interactions"}
    assert required | {"article_sections"} <= set(data)
    assert data["id"] == "baclofen"
    assert data["atc"] == {"code": "M03BX01", "verified": False}
    assert data["contraindications"][0]["when"][0]["condition"] == "kidney_failure"
    assert data["cited_sources"][0]["title"] == "A test reference"
    assert data["article_section_titles"] == {"muscle_relaxants": "Muscle relaxants"}
    assert data["file"] == "interventions/baclofen.yaml"


def test_show_human_panel_has_grade_rules_interactions_sources_and_marks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "kb", "show", "baclofen")
    assert code == 0
    flat = " ".join(out.replace("│", " ").split())
    for needle in (
        "Baclofen (baclofen)",
        "Insufficient evidence: No trials in this test world.",
        "Discuss with your doctor first: Prescription only in the test.",
        "Kidney failure: The kidneys clear it, so it builds up.",
        "eGFR < 60",
        "older adults (65 and over)",
        "moderate with tolperisone, Loop diuretics",
        "ref: A test reference",
        "ATC: M03BX01 [unverified]",
        "[unverified]: background knowledge",
    ):
        assert needle in flat, needle


def test_show_other_families_by_id(capsys: pytest.CaptureFixture[str]) -> None:
    data = cli_json(capsys, "kb", "show", "swollen_calf")
    assert data["family"] == "red_flag"
    assert data["level"] == "urgent"
    code, out, _ = cli(capsys, "kb", "show", "ckd")
    assert code == 0
    assert "Chronic kidney disease" in out


def test_show_unknown_name_suggests_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_exit_2(cli(capsys, "kb", "show", "Mydokalm"), "'Mydokalm'", "did you mean 'Mydocalm'")


def test_search_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    hits = cli_json(capsys, "kb", "search", "No-shpa?")
    assert hits[0]["id"] == "drotaverine"
    assert set(hits[0]) == {"family", "id", "title", "kind", "snippet", "score"}
    code, out, _ = cli(capsys, "kb", "search", "kidney")
    assert code == 0
    assert "ckd" in out


def test_search_without_words_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_exit_2(cli(capsys, "kb", "search", "?!"), "query")


def test_search_nothing_found_is_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_json(capsys, "kb", "search", "zzzzqqq") == []
    code, out, _ = cli(capsys, "kb", "search", "zzzzqqq")
    assert (code, out.strip()) == (0, "nothing matches 'zzzzqqq'")


def test_sections_json_counts_every_family(capsys: pytest.CaptureFixture[str]) -> None:
    rows = {row["id"]: row for row in cli_json(capsys, "kb", "sections")}
    assert rows["muscle_relaxants"]["interventions"] == 3
    assert rows["muscle_relaxants"]["specialists"] == 1
    assert rows["magnesium"]["causes"] == 1
    assert rows["magnesium"]["total"] == 4


def test_every_kb_command_has_help_with_an_example() -> None:
    from crampcare.cli.kb import app

    for command in app.registered_commands:
        assert command.callback is not None
        assert "Example: crampcare kb" in (command.help or ""), command.name  # help=N_(…): translated for --help


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crampcare", *args], capture_output=True, text=True, timeout=60)


def test_shipped_data_show_json_in_a_real_process() -> None:
    result = run_process("kb", "show", "baclofen", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "baclofen"


def test_bad_input_in_a_real_process_is_one_line() -> None:
    result = run_process("kb", "list", "--kind", "pill")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_show_empty_name_says_a_name_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    result = cli(capsys, "kb", "show", "")
    assert_one_line_exit_2(result, "crampcare: NAME: a name is required (valid: ")
    assert "unknown record" not in result[2]


def test_search_shows_ids_whole_so_they_can_be_copied() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "80"}
    out = subprocess.run(
        [sys.executable, "-m", "crampcare", "kb", "search", "quinine"], capture_output=True, text=True, env=env
    ).stdout
    assert "quinine_preparations" in out and "quinine_preparati…" not in out


def test_shipped_data_show_gives_each_cyrillic_name_its_market() -> None:
    env = {**os.environ, "COLUMNS": "250"}
    command = [sys.executable, "-m", "crampcare", "kb", "show", "baclofen"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    # Baclosan is named with baclofen by the article; Lioresal by neither document.
    assert "Baclosan, Baklosan, Баклосан [CIS], Баклофен [CIS], Lioresal, Лиорезал [RU] [unverified]" in result.stdout
