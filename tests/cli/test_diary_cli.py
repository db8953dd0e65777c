"""`crampcare diary …` through the real entry point (in-process: `run` exits like the console script)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crampcare.cli.diary import app
from crampcare.cli.main import run

LOG = ["--muscle", "calf", "--side", "left", "--pain", "6", "--duration", "2", "--setting", "bed_night"]


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        run(["diary", *args])
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def _commands() -> list[list[str]]:
    names = [[c.name or (c.callback.__name__ if c.callback else "")] for c in app.registered_commands]
    return [*names, ["profile", "set"], ["profile", "show"]]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c))
def test_every_command_has_help_with_an_example_and_db(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out, _ = call(capsys, *command, "--help")
    assert code == 0
    assert "Example: crampcare diary" in out and "--db" in out


def test_log_list_show_edit_delete(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    code, out, _ = call(capsys, "log", "--db", sqlite_url, "--at", "2024-05-08T02:30", *LOG, "--trigger", "heat")
    assert code == 0 and "diary day 2024-05-07" in out and "no time zone given" in out
    code, out, _ = call(capsys, "list", "--json", "--db", sqlite_url)
    episodes = json.loads(out)
    assert code == 0 and episodes[0]["triggers"] == ["heat"]
    episode_id = str(episodes[0]["id"])
    assert call(capsys, "edit", episode_id, "--pain", "3", "--db", sqlite_url)[0] == 0
    code, out, _ = call(capsys, "show", episode_id, "--json", "--db", sqlite_url)
    assert json.loads(out)["pain"] == 3
    code, out, _ = call(capsys, "delete", episode_id, "--db", sqlite_url)
    assert code == 0 and "history" in out
    code, _, err = call(capsys, "show", episode_id, "--db", sqlite_url)
    assert code == 2 and err.count("\n") == 1 and "no episode with id" in err


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["log", *LOG[:-2]], "--setting: is required"),
        (["log", *LOG[:5], "11", *LOG[6:]], "pain:"),
        (["log", *LOG, "--trigger", "moon"], "unknown trigger 'moon'"),
        (["log", *LOG, "--tried", "x"], "--effect"),
        (["log", *LOG, "--at", "soon"], "--at: not a time"),
        (["checkin", "--exercise", "lots"], "exercise:"),
        (["chart", "--kind", "pie", "--out", "x.png"], "--kind"),
        (["export", "--format", "xml"], "--format"),
        (["wipe"], "--yes"),
        (["report", "--out", "r.doc"], "--out"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, args: list[str], fragment: str
) -> None:
    code, _, err = call(capsys, *args, "--db", sqlite_url)
    assert code == 2
    assert err.count("\n") == 1 and fragment in err and "Traceback" not in err


def test_checkin_stats_chart_report_export_import_backup_wipe(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    for day in range(1, 16):
        call(capsys, "log", "--db", sqlite_url, "--at", f"2024-05-{day:02d}T23:00+02:00", *LOG)
        assert (
            call(capsys, "checkin", "--db", sqlite_url, "--day", f"2024-05-{day:02d}", "--water", "1.5", "--heat")[0]
            == 0
        )
    code, out, _ = call(capsys, "stats", "--db", sqlite_url)
    assert code == 0 and "Day rule:" in out and "crampcare assess --from-diary" in out
    code, out, _ = call(capsys, "stats", "--json", "--db", sqlite_url)
    assert json.loads(out)["episodes"] == 15
    assert call(capsys, "chart", "--kind", "frequency", "--out", str(tmp_path / "f.svg"), "--db", sqlite_url)[0] == 0
    assert call(capsys, "report", "--out", str(tmp_path / "r.html"), "--db", sqlite_url)[0] == 0
    export = tmp_path / "d.json"
    assert call(capsys, "export", "--format", "json", "--out", str(export), "--db", sqlite_url)[0] == 0
    code, out, _ = call(capsys, "backup", "--out", str(tmp_path / "b.db"), "--db", sqlite_url)
    assert code == 0
    code, out, _ = call(capsys, "stats", "--json", "--db", f"sqlite:///{tmp_path / 'b.db'}")
    assert code == 0 and json.loads(out)["episodes"] == 15  # the backup holds the whole diary
    code, out, _ = call(capsys, "wipe", "--yes", "--db", sqlite_url)
    assert code == 0 and "backup" in out
    code, out, _ = call(capsys, "import", str(export), "--db", sqlite_url)
    assert code == 0 and "Imported 15 episode(s), 15 check-in(s)" in out


def test_profile_set_and_show(capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"age_years": 70, "medications": ["furosemide"]}))
    assert call(capsys, "profile", "set", str(profile), "--db", sqlite_url)[0] == 0
    code, out, _ = call(capsys, "profile", "show", "--json", "--db", sqlite_url)
    assert json.loads(out)["age_years"] == 70
    profile.write_text("{broken")
    code, _, err = call(capsys, "profile", "set", str(profile), "--db", sqlite_url)
    assert code == 2 and "not valid JSON" in err


def test_backup_on_postgresql_points_to_pg_dump(capsys: pytest.CaptureFixture[str], postgres_url: str) -> None:
    code, _, err = call(capsys, "backup", "--db", postgres_url)
    assert code == 2 and "pg_dump" in err


def test_checkin_delete(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    assert call(capsys, "checkin", "--db", sqlite_url, "--day", "2024-05-01", "--water", "1.5")[0] == 0
    code, out, _ = call(capsys, "checkin", "--delete", "--day", "2024-05-01", "--db", sqlite_url)
    assert code == 0 and "Deleted the check-in for 2024-05-01" in out and "history" in out
    code, out, _ = call(capsys, "checkin", "--delete", "--day", "2024-05-01", "--db", sqlite_url)
    assert code == 2
    code, _, err = call(capsys, "checkin", "--delete", "--db", sqlite_url)
    assert code == 2 and "--day" in err and err.count("\n") == 1
    code, _, err = call(capsys, "checkin", "--delete", "--day", "2024-05-01", "--heat", "--db", sqlite_url)
    assert code == 2 and "--delete" in err


def test_backup_to_a_place_that_cannot_be_written_is_bad_input(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, err = call(capsys, "backup", "--out", str(blocker / "b.db"), "--db", sqlite_url)
    assert code == 2 and err.startswith("crampcare: --out: cannot write") and len(err.strip().splitlines()) == 1


def test_show_with_an_id_too_large_for_the_database_is_not_found(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    code, _, err = call(capsys, "show", str(10**22), "--db", sqlite_url)
    assert code == 2 and err.startswith("crampcare: ID: no episode with id")


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--muscle", "arm", "crampcare: --muscle: unknown muscle 'arm' (valid: calf, shin, foot, toes, "),
        ("--side", "up", "crampcare: --side: unknown side 'up' (valid: left, right, both)\n"),
        ("--setting", "beach", "crampcare: --setting: unknown setting 'beach' (valid: swimming, exercise, "),
        ("--pain", "11", "crampcare: --pain: must be at most 10 (got 11)\n"),
    ],
)
def test_log_errors_name_the_option_and_the_valid_values(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, option: str, value: str, expected: str
) -> None:
    args = list(LOG)
    args[args.index(option) + 1] = value
    code, _, err = call(capsys, "log", *args, "--db", sqlite_url)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(expected)
    assert "Input should" not in err


def test_checkin_errors_name_the_option(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    code, _, err = call(capsys, "checkin", "--exercise", "lots", "--db", sqlite_url)
    assert code == 2 and err == "crampcare: --exercise: unknown exercise 'lots' (valid: none, moderate, intense)\n"
    code, _, err = call(capsys, "checkin", "--water", "99", "--db", sqlite_url)
    assert code == 2 and err == "crampcare: --water: must be at most 15.0 (got 99.0)\n"


def test_empty_db_is_an_error_not_the_default_diary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "stats", "--db", "")
    assert code == 2 and out == ""
    assert err.startswith("crampcare: --db: a database URL is required") and "sqlite:///path/diary.db" in err


def test_a_bad_environment_url_names_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRAMPCARE_DATABASE_URL", "nonsense")
    code, _, err = call(capsys, "stats")
    assert code == 2 and err.startswith("crampcare: CRAMPCARE_DATABASE_URL: not a database URL: 'nonsense'")


@pytest.mark.parametrize("command", [["import"], ["profile", "set"]], ids=" ".join)
def test_an_empty_file_name_is_refused_by_name(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, command: list[str]
) -> None:
    # Typer would turn "" into Path("") == "."; the error must say a file name is missing, not "." is a folder.
    code, _, err = call(capsys, *command, "", "--db", sqlite_url)
    assert code == 2
    assert "FILE: a file name is required" in err and "directory" not in err
