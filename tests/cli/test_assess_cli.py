"""`crampcare assess`, `schema` and `first-aid` from the outside: exit codes, one-line errors, JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crampcare", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


PROFILE = {"age_years": 70, "medications": ["furosemide", "salbutamol"], "episode": {"muscle": "calf"}}


def test_assess_json_is_the_contract(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_text(json.dumps(PROFILE))
    result = run("assess", "--profile", str(path), "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert list(plan) == [
        "triage", "red_flags", "first_aid", "contributing_factors", "specialists", "labs",
        "options", "diet", "prevention", "warnings", "unchecked_conditions", "disclaimer", "knowledge_version", "lang",
    ]  # fmt: skip
    assert set(plan["triage"]) == {"level", "action", "safety_net", "reasons"}


def test_assess_reads_stdin_and_prints_a_readable_plan() -> None:
    result = run("assess", "--profile", "-", stdin=json.dumps({**PROFILE, "symptoms": ["calf_swelling"]}))
    assert result.returncode == 0, result.stderr
    assert "URGENT" in result.stdout
    assert "Avoid" in result.stdout


@pytest.mark.parametrize(
    ("stdin", "expected"),
    [
        ('{"age_years": 30,', "not valid JSON"),
        ('{"age_years": 30, "labs": {"potassium": 50}}', "labs.potassium: must be between 1.0 and 10.0 mmol/L"),
        ('{"age_years": 30, "conditions": ["diabetis"]}', "did you mean"),
        ("[1, 2]", "must hold a JSON object"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(stdin: str, expected: str) -> None:
    result = run("assess", "--profile", "-", stdin=stdin)
    assert result.returncode == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_missing_file_is_exit_2() -> None:
    result = run("assess", "--profile", "/nonexistent/profile.json")
    assert result.returncode == 2
    assert "--profile" in result.stderr


def test_schema_profile_and_plan() -> None:
    profile = json.loads(run("schema", "profile").stdout)
    plan = json.loads(run("schema", "plan").stdout)
    assert "age_years" in profile["properties"]
    assert "options" in plan["properties"]
    assert run("schema", "nope").returncode == 2


def test_first_aid_swimming_first_and_json() -> None:
    result = run("first-aid", "calf", "--setting", "swimming", "--json")
    assert result.returncode == 0, result.stderr
    steps = json.loads(result.stdout)
    assert steps[0]["id"] == "fa_swimming_toe_pull"
    human = run("first-aid", "calf")
    assert human.returncode == 0 and "10 minutes" in human.stdout


def test_first_aid_unknown_muscle_lists_valid_ones() -> None:
    result = run("first-aid", "elbow")
    assert result.returncode == 2
    assert "calf" in result.stderr


def test_questionnaire_stops_at_an_emergency_answer() -> None:
    import io

    from rich.console import Console

    from crampcare.cli.assess_questions import ask

    out = io.StringIO()
    assert ask(Console(file=out, width=100), io.StringIO("4\n")) is None
    assert "EMERGENCY" in out.getvalue()


def test_questionnaire_common_path_builds_a_profile() -> None:
    import io

    from rich.console import Console

    from crampcare.assessment.engine import assess
    from crampcare.cli.assess_questions import ask

    answers = "\n".join(["", "34", "female", "n", "calf", "bed_night", "3", "6", "Lasix", "diabetes"]) + "\n"
    profile = ask(Console(file=io.StringIO(), width=100), io.StringIO(answers))
    assert profile is not None
    assert profile["age_years"] == 34 and profile["episode"] == {"muscle": "calf", "setting": "bed_night"}
    assert assess(profile).triage.level == "see_doctor"


@pytest.mark.parametrize(
    ("choice", "conditions", "kept"),
    [("1", ["kidney disease", "sarcoidosis"], None), ("2", ["kidny disease", "sarcoidosis"], ["kidny disease"])],
)
def test_questionnaire_asks_about_a_likely_misspelt_condition(
    choice: str, conditions: list[str], kept: list[str] | None
) -> None:
    # Issue 11 §5: use the known name or keep the typed one unchecked; Enter alone chooses nothing (asked again),
    # and "3" lets the whole list be typed again.
    import io

    from rich.console import Console

    from crampcare.assessment.engine import assess
    from crampcare.cli.assess_questions import ask

    start = ["", "70", "female", "n", "calf", "bed_night", "0", ""]
    retyped = ["kidny disease, sarcoidosis", "3", "kidny disease, sarcoidosis", "", choice]
    out = io.StringIO()
    profile = ask(Console(file=out, width=120), io.StringIO("\n".join([*start, *retyped]) + "\n"))
    assert profile is not None
    assert profile["conditions"] == conditions and profile.get("keep_unchecked") == kept
    assert "'kidny disease' looks like a misspelling of 'kidney disease'" in out.getvalue()
    plan = assess(profile)
    assert plan.unchecked_conditions == [c for c in conditions if c != "kidney disease"]


def test_assess_from_diary_uses_the_stored_profile(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'diary.db'}"
    missing = run("assess", "--from-diary", "--db", db)  # a mistyped --db is reported, never created
    assert missing.returncode == 2 and "--db: there is no diary file" in missing.stderr
    assert run("diary", "checkin", "--day", "2024-05-01", "--db", db).returncode == 0  # creates the diary
    empty = run("assess", "--from-diary", "--db", db)
    assert empty.returncode == 2 and "no profile stored" in empty.stderr
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"age_years": 70, "medications": ["Lasix"]}))
    assert run("diary", "profile", "set", str(profile), "--db", db).returncode == 0
    result = run("assess", "--from-diary", "--db", db, "--json")
    assert result.returncode == 0, result.stderr
    assert "med_loop_diuretics" in {f["id"] for f in json.loads(result.stdout)["contributing_factors"]}


FIRST_AID_CASES = [
    ["first-aid", "calf"],
    ["first-aid", "calf", "--setting", "swimming"],
    ["first-aid", "--json", "Whole-Leg", "--setting=bed_night"],
    ["first-aid", "toes", "--setting", "exercise", "--json"],
    ["first-aid", "calf", "--all", "--setting", "bed_night"],
    ["first-aid", "calf", "--helper", "--setting", "bed_night", "--json"],
    ["first-aid", "hamstring", "--all", "--helper"],
    ["first-aid", "calf", "--setting", "sitting", "--helper"],
]


@pytest.mark.parametrize("argv", FIRST_AID_CASES, ids=[" ".join(a[1:]) for a in FIRST_AID_CASES])
def test_first_aid_fast_path_prints_what_the_typer_command_prints(argv: list[str]) -> None:
    from typer.testing import CliRunner

    from crampcare.cli.assess_first_aid import fast_output
    from crampcare.cli.main import build_app

    typer_result = CliRunner().invoke(build_app(), argv)
    assert typer_result.exit_code == 0, typer_result.output
    assert fast_output(argv) == typer_result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["first-aid", "--help"],
        ["first-aid", "elbow"],
        ["first-aid", "calf", "--setting"],
        ["first-aid", "calf", "--setting", "moon"],
        ["first-aid", "calf", "shin"],
        ["first-aid", "calf", "--helper", "--helper"],
        ["first-aid"],
        ["assess", "--json"],
    ],
)
def test_help_and_errors_are_left_to_typer(argv: list[str]) -> None:
    from crampcare.cli.assess_first_aid import fast_output

    assert fast_output(argv) is None


def test_first_aid_fast_path_does_not_import_typer() -> None:
    code = "import sys; from crampcare.cli.main import run; sys.argv = ['crampcare', 'first-aid', 'calf']\n"
    code += "try:\n    run()\nexcept SystemExit:\n    pass\n"
    code += "assert 'typer' not in sys.modules and 'pydantic' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_questionnaire_lets_a_person_skip_what_they_do_not_know() -> None:
    import io

    from rich.console import Console

    from crampcare.cli.assess_questions import ask

    # Enter for the weekly count means "first cramp"; Enter for the weeks means "not sure".
    first = ask(Console(file=io.StringIO(), width=100), io.StringIO("\n40\nmale\ncalf\nexercise\n\n\n\n"))
    assert first is not None and "pattern" not in first
    unsure = ask(Console(file=io.StringIO(), width=100), io.StringIO("\n40\nmale\ncalf\nexercise\n3\n\n\n\n"))
    assert unsure is not None and unsure["pattern"] == {"episodes_per_week": 3.0, "mostly_at_night": False}


@pytest.mark.parametrize(
    ("content", "wrong"),
    [
        (b'{"age_years": 40, "medications": ["\xe9"]}', "is not UTF-8 text"),
        (b"[" * 30_000 + b"]" * 30_000, "nested too deeply"),  # under the 64 KiB limit
        (b'{"age_years": true}', "age_years: must be a number, not true"),
    ],
    ids=["latin1", "deep", "bool-age"],
)
def test_assess_broken_profile_files_exit_2_with_one_line(tmp_path: Path, content: bytes, wrong: str) -> None:
    path = tmp_path / "me.json"
    path.write_bytes(content)
    result = run("assess", "--profile", str(path), "--json")
    assert result.returncode == 2
    assert wrong in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_questionnaire_asks_about_a_childs_pain_that_is_unlike_growing_pains() -> None:
    import io

    from rich.console import Console

    from crampcare.assessment.engine import assess
    from crampcare.cli.assess_questions import RED_FLAG_CHOICES, ask

    child_item = str(next(i for i, (label, _) in enumerate(RED_FLAG_CHOICES, 1) if label.startswith("For a child")))
    answers = "\n".join([child_item, "7", "calf", "bed_night", "0", "", ""]) + "\n"
    profile = ask(Console(file=io.StringIO(), width=100), io.StringIO(answers))
    assert profile is not None
    plan = assess(profile)
    assert plan.triage.level == "urgent"
    assert {f.id for f in plan.red_flags} == {"child_pain_unlike_growing_pains", "child_weakness_or_swelling"}
    # The same answer from an adult changes nothing: the rule is for children.
    adult = ask(Console(file=io.StringIO(), width=100), io.StringIO(answers.replace("\n7\n", "\n40\nmale\n", 1)))
    assert adult is not None and not assess(adult).red_flags


def test_first_aid_helper_manoeuvre_only_with_helper_and_own_stretch_first() -> None:
    alone = json.loads(run("first-aid", "calf", "--setting", "bed_night", "--json").stdout)
    helped = json.loads(run("first-aid", "calf", "--setting", "bed_night", "--json", "--helper").stdout)
    assert alone[0]["id"] == helped[0]["id"] == "fa_calf_foot_pull"
    assert "fa_helper_stretch" not in [a["id"] for a in alone]
    assert "fa_helper_stretch" in [a["id"] for a in helped]
    assert (
        "more: crampcare first-aid calf --setting bed_night --helper --all"
        in run("first-aid", "calf", "--setting", "bed_night", "--helper").stdout
    )


def test_first_aid_says_when_to_get_help_first_and_shows_three_unless_all() -> None:
    short = run("first-aid", "calf").stdout
    full = run("first-aid", "calf", "--all").stdout
    assert short.startswith("Get help: ")
    assert [line[:2] for line in short.splitlines() if line[:1].isdigit() and line[1:2] == "."] == ["1.", "2.", "3."]
    assert "more: crampcare first-aid calf --all" in short
    assert full.count("\n4. ") == 1 and "--all" not in full


def test_the_quinine_warning_sign_answer_counts_even_if_quinine_is_not_listed_again() -> None:
    import io

    from rich.console import Console

    from crampcare.assessment.engine import assess
    from crampcare.cli.assess_questions import RED_FLAG_CHOICES, ask

    item = str(next(i for i, (label, _) in enumerate(RED_FLAG_CHOICES, 1) if label.startswith("Taking quinine")))
    answers = "\n".join([item, "60", "male", "calf", "bed_night", "0", "furosemide", ""]) + "\n"
    profile = ask(Console(file=io.StringIO(), width=100), io.StringIO(answers))
    assert profile is not None and profile["medications"] == ["quinine", "furosemide"]
    assert {"quinine_bleeding", "quinine_toxicity"} <= {f.id for f in assess(profile).red_flags}


def test_the_readable_plan_shows_a_few_options_per_status_and_all_with_all(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"age_years": 35, "episode": {"muscle": "calf", "setting": "bed_night"}}))
    short = run("assess", "--profile", str(profile)).stdout
    full = run("assess", "--profile", str(profile), "--all").stdout
    assert "more: add --all to see every option" in short and "--all to see" not in full
    assert len(full.splitlines()) > len(short.splitlines())


def test_questionnaire_asks_a_pregnant_woman_for_her_blood_pressure() -> None:
    import io

    from rich.console import Console

    from crampcare.assessment.engine import assess
    from crampcare.cli.assess_questions import RED_FLAG_CHOICES, ask

    pregnant = 1 + next(i for i, (label, _) in enumerate(RED_FLAG_CHOICES) if label.startswith("Pregnant"))
    # A swapped reading is asked again; then the real one.
    answers = [str(pregnant), "31", "female", "y", "36", "112/164", "164/112", "calf", "bed_night", "0", "", ""]
    profile = ask(Console(file=io.StringIO(), width=100), io.StringIO("\n".join(answers) + "\n"))
    assert profile is not None
    assert profile["vitals"] == {"systolic_bp": 164, "diastolic_bp": 112}
    plan = assess(profile)
    assert plan.triage.level == "emergency"
    assert "pregnancy_severe_preeclampsia_signs" in [f.id for f in plan.red_flags]


def test_a_profile_over_64_kib_or_a_huge_name_is_refused_without_echoing_it(tmp_path: Path) -> None:
    # Issue 11 §5: the CLI has the API's limits; a 10 MB medication name used to be printed back in full.
    huge = tmp_path / "huge.json"
    huge.write_text(json.dumps({"age_years": 40, "medications": ["x" * 10_000_000]}))
    result = run("assess", "--profile", str(huge))
    assert result.returncode == 2 and "larger than 64 KiB" in result.stderr
    assert len(result.stderr) < 400
    piped = run("assess", "--profile", "-", stdin=huge.read_text())
    assert piped.returncode == 2 and "stdin is larger than 64 KiB" in piped.stderr and len(piped.stderr) < 400
    long_name = tmp_path / "name.json"
    long_name.write_text(json.dumps({"age_years": 40, "conditions": ["y" * 5_000]}))
    named = run("assess", "--profile", str(long_name))
    assert named.returncode == 2
    assert "conditions[0]: is too long to be a name (5,000 characters)" in named.stderr
    assert "at most 200 characters" in named.stderr and "yyyyyyyyyy" not in named.stderr


def test_an_unknown_condition_gives_a_plan_with_a_warning_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_text(json.dumps({"age_years": 52, "conditions": ["sarcoidosis"]}))
    result = run("assess", "--profile", str(path), "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["unchecked_conditions"] == ["sarcoidosis"]
    assert any("condition not checked: sarcoidosis" in w for w in plan["warnings"])
    assert plan["first_aid"]


def test_a_likely_misspelt_condition_names_keep_unchecked_and_the_profile_can_use_it(tmp_path: Path) -> None:
    # Issue 11 §5: the message says how to go on without the name checked; the profile file accepts that choice.
    path = tmp_path / "me.json"
    path.write_text(json.dumps({"age_years": 70, "conditions": ["kidny disease"]}))
    refused = run("assess", "--profile", str(path))
    assert refused.returncode == 2
    assert "did you mean 'kidney disease'" in refused.stderr and "keep_unchecked" in refused.stderr
    path.write_text(json.dumps({"age_years": 70, "conditions": ["kidny disease"], "keep_unchecked": ["kidny disease"]}))
    kept = run("assess", "--profile", str(path), "--json")
    assert kept.returncode == 0, kept.stderr
    plan = json.loads(kept.stdout)
    assert plan["unchecked_conditions"] == ["kidny disease"]
    assert any("rather than use 'kidney disease'" in w for w in plan["warnings"])


def test_what_a_red_flag_holds_back_is_not_offered_as_self_care_in_the_readable_plan() -> None:
    # Issue 11 §3: a febrile, limping child's plan hid kneading from first aid but still listed it as "You can do
    # this now"; now the section before "Discuss" must not name it, and it is listed under Avoid with the reason.
    child = {"age_years": 8, "symptoms": ["fever", "limping"], "episode": {"muscle": "calf", "setting": "bed_night"}}
    result = subprocess.run(
        [sys.executable, "-m", "crampcare", "assess", "--profile", "-", "--all"],
        input=json.dumps(child),
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},  # names unwrapped
    )
    assert result.returncode == 0, result.stderr
    self_care = result.stdout.split("You can do this now", 1)[1].split("Discuss with your doctor first", 1)[0]
    assert "Kneading massage" not in self_care
    assert "Standing on the" not in self_care
    avoid = result.stdout.split("Avoid (for you)", 1)[1]
    assert "Kneading massage" in avoid
    assert "growing pains" in avoid


@pytest.mark.parametrize("width", [60, 80])
def test_option_names_are_never_cut_off_in_a_narrow_terminal(width: int) -> None:
    # At 60 columns the plan showed "Quini…" and "Cyclo…": the name is what the reader looks for.
    import io

    from rich.console import Console

    from crampcare import assess
    from crampcare.cli.assess_view import show_plan

    medicines = ["furosemide", "bisoprolol", "atorvastatin", "omeprazole", "quinine"]
    plan = assess({"age_years": 81, "sex": "female", "medications": medicines})
    out = io.StringIO()
    show_plan(plan, Console(file=out, width=width, color_system=None), show_all=True)
    rows = [line.split("│") for line in out.getvalue().splitlines() if line.count("│") == 4]
    names, reasons = (" ".join(row[column] for row in rows) for column in (1, 3))
    for option in plan.options:
        assert set(option.name.split()) <= set(names.split()), option.name  # every word whole, none cut with "…"
        for reason in option.reasons:  # and no reason loses its end ("specialist-supervi…")
            assert "".join(reason.split()) in "".join(reasons.split()), reason


def test_questionnaire_refusals_say_the_unit_and_keep_a_pregnancy_week_whole() -> None:
    """ "Please give a number between 0 and 120." said no unit, and a week of pregnancy typed 20.5 became 20 unsaid."""
    import io

    from rich.console import Console

    from crampcare import i18n
    from crampcare.cli.assess_questions import ask

    answers = ["", "150", "34", "female", "y", "20.5", "20", "", "calf", "bed_night", "0", "", ""]
    out = io.StringIO()
    profile = ask(Console(file=out, width=200), io.StringIO("\n".join(answers) + "\n"))
    assert profile is not None and profile["age_years"] == 34 and profile["pregnancy_weeks"] == 20
    said = out.getvalue()
    assert "Please give a number between 0 and 120 years." in said, said
    assert "Please give a whole number between 1 and 42 weeks." in said, said
    out = io.StringIO()
    with i18n.use("ru"):
        ask(Console(file=out, width=200), io.StringIO("\n".join(["", "150", *answers[2:]]) + "\n"))
    assert "Введите число от 0 до 120 лет." in out.getvalue(), out.getvalue()
