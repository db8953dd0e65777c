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


def _create(url: str) -> None:
    """Open (and so create) an empty diary: read-only commands refuse a diary file that does not exist."""
    from crampcare.diary import service

    service.list_checkins(db_url=url)


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


def test_log_and_edit_say_whether_someone_was_there(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    assert call(capsys, "log", "--db", sqlite_url, "--at", "2024-05-08T02:30+02:00", *LOG, "--helper")[0] == 0
    assert call(capsys, "log", "--db", sqlite_url, "--at", "2024-05-09T02:30+02:00", *LOG)[0] == 0
    episodes = json.loads(call(capsys, "list", "--json", "--db", sqlite_url)[1])
    helped = {e["started"][:10]: e["helper"] for e in episodes}
    assert helped == {"2024-05-08": True, "2024-05-09": False}
    first = next(e for e in episodes if e["helper"])
    assert call(capsys, "edit", str(first["id"]), "--alone", "--db", sqlite_url)[0] == 0
    assert json.loads(call(capsys, "show", str(first["id"]), "--json", "--db", sqlite_url)[1])["helper"] is False


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
    _create(sqlite_url)
    code, _, err = call(capsys, "backup", "--out", str(blocker / "b.db"), "--db", sqlite_url)
    assert code == 2 and err.startswith("crampcare: --out: ") and "is a file, not a folder" in err
    assert len(err.strip().splitlines()) == 1


def test_show_with_an_id_too_large_for_the_database_is_not_found(
    capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    _create(sqlite_url)
    code, _, err = call(capsys, "show", str(10**22), "--db", sqlite_url)
    assert code == 2 and err.startswith("crampcare: ID: no episode with id")


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--muscle", "arm", "crampcare: --muscle: unknown muscle 'arm' (valid: calf, shin, foot, toes, "),
        ("--side", "up", "crampcare: --side: unknown side 'up' (valid: left, right, both)\n"),
        ("--setting", "beach", "crampcare: --setting: unknown setting 'beach' (valid: swimming, exercise, "),
        ("--pain", "11", "crampcare: --pain: must be from 0 to 10 (got 11)\n"),
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
    assert code == 2 and err == "crampcare: --water: must be from 0 to 15 litres (got 99)\n"


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


# --- the input audit: --limit, times, time zones, --db, import, check-ins, wipe --------------------


@pytest.mark.parametrize("limit", ["99999999999999999999999", "0", "-5", "10001"])
def test_list_limit_outside_1_to_10000_is_one_line_naming_it(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, limit: str
) -> None:
    assert call(capsys, "log", "--db", sqlite_url, "--at", "2024-05-01T23:00+02:00", *LOG)[0] == 0
    code, out, err = call(capsys, "list", "--limit", limit, "--db", sqlite_url)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("crampcare: --limit: must be a whole number from 1 to 10000")


@pytest.mark.parametrize(
    ("at", "fragment"),
    [
        ("", "--at: is empty"),
        ("2024-01-01", "--at: '2024-01-01' is a date without a time"),
        ("2024-03-31T02:30", "--at: 2024-03-31T02:30 does not exist in Europe/Berlin"),
        ("2024-10-27T02:30", "--at: 2024-10-27T02:30 happens twice in Europe/Berlin"),
    ],
)
@pytest.mark.parametrize("command", ["log", "edit"])
def test_times_that_would_be_guesses_are_refused_in_log_and_edit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sqlite_url: str, at: str, fragment: str,
    command: str,
) -> None:  # fmt: skip
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert call(capsys, "log", "--db", sqlite_url, "--at", "2024-05-01T23:00", *LOG)[0] == 0
    args = ["log", *LOG] if command == "log" else ["edit", "1"]
    code, _, err = call(capsys, *args, "--at", at, "--db", sqlite_url)
    assert code == 2 and err.count("\n") == 1 and err.startswith(f"crampcare: {fragment}")
    assert len(json.loads(call(capsys, "list", "--json", "--db", sqlite_url)[1])) == 1  # nothing logged


def test_a_repeated_time_with_its_offset_is_accepted(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    code, out, _ = call(capsys, "log", "--db", sqlite_url, "--at", "2024-10-27T02:30+01:00", *LOG)
    assert code == 0 and "diary day 2024-10-26" in out


def test_an_unknown_tz_is_said_not_silently_used(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    monkeypatch.setenv("TZ", "Nowhere/Land")
    code, out, err = call(capsys, "log", "--db", sqlite_url, "--at", "2024-05-01T23:00", *LOG)
    assert code == 0 and "Logged" in out
    assert "TZ='Nowhere/Land' is not a time zone this system knows" in err


def test_edit_keeps_the_named_time_zone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert call(capsys, "log", "--db", sqlite_url, "--at", "2024-05-01T23:00", *LOG)[0] == 0
    assert call(capsys, "edit", "1", "--pain", "6", "--db", sqlite_url)[0] == 0
    episode = json.loads(call(capsys, "show", "1", "--json", "--db", sqlite_url)[1])
    assert episode["tz"] == "Europe/Berlin" and episode["pain"] == 6


@pytest.mark.parametrize("command", [["list"], ["show", "1"], ["stats"], ["export"], ["report", "--out", "r.html"]])
def test_read_only_commands_never_create_a_diary_at_a_mistyped_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "tpyo" / "diary.db"
    code, out, err = call(capsys, *command, "--db", f"sqlite:///{missing}")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"crampcare: --db: there is no diary file at {missing}")
    assert not missing.parent.exists()


def test_assess_from_the_diary_never_creates_a_diary_at_a_mistyped_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "tpyo" / "diary.db"
    with pytest.raises(SystemExit) as exited:
        run(["assess", "--from-diary", "--db", f"sqlite:///{missing}"])
    assert exited.value.code == 2 and "--db: there is no diary file" in capsys.readouterr().err
    assert not missing.parent.exists()


@pytest.mark.parametrize("kind", ["junk", "folder", "memory", "under-a-file"])
@pytest.mark.parametrize("command", [["list"], ["log", *LOG]], ids=["list", "log"])
def test_a_db_that_cannot_be_a_diary_names_db(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, command: list[str]
) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n not a database at all")
    urls = {
        "junk": (f"sqlite:///{junk}", "is not a SQLite database"),
        "folder": (f"sqlite:///{tmp_path}", "is a folder, not a diary file"),
        "memory": ("sqlite://", "an in-memory database keeps nothing"),
        "under-a-file": (f"sqlite:///{junk}/diary.db", "is a file, not a folder"),
    }
    url, fragment = urls[kind]
    code, _, err = call(capsys, *command, "--db", url)
    if kind == "under-a-file" and command == ["list"]:
        fragment = "there is no diary file"
    assert code == 2 and err.count("\n") == 1 and err.startswith("crampcare: --db: ") and fragment in err
    assert junk.read_bytes().startswith(b"\x89PNG")


def test_an_empty_environment_url_is_an_error_like_an_empty_db(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRAMPCARE_DATABASE_URL", "")
    code, out, err = call(capsys, "stats")
    assert code == 2 and out == ""
    assert err.startswith("crampcare: CRAMPCARE_DATABASE_URL: a database URL is required")


def test_import_keeps_newer_check_ins_and_all_episodes(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    at = "2024-01-02T23:00+01:00"
    assert call(capsys, "log", "--db", sqlite_url, "--at", at, *LOG, "--note", "first")[0] == 0
    assert call(capsys, "log", "--db", sqlite_url, "--at", at, *LOG[:5], "8", *LOG[6:], "--note", "second")[0] == 0
    assert call(capsys, "checkin", "--db", sqlite_url, "--day", "2024-01-02", "--water", "1")[0] == 0
    export = tmp_path / "old.json"
    assert call(capsys, "export", "--out", str(export), "--db", sqlite_url)[0] == 0
    assert (
        call(capsys, "checkin", "--day", "2024-01-02", "--water", "3", "--note", "newer data", "--db", sqlite_url)[0]
        == 0
    )
    target = f"sqlite:///{tmp_path / 'new.db'}"
    code, out, _ = call(capsys, "import", str(export), "--db", target)
    assert code == 0 and out.startswith("Imported 2 episode(s), 1 check-in(s)")
    code, out, _ = call(capsys, "import", str(export), "--db", sqlite_url)
    assert code == 0 and "Imported 0 episode(s), 0 check-in(s)" in out and "skipped 2 episode(s)" in out
    assert "Kept your existing check-in for 2024-01-02 (the file's differs)" in out
    kept = json.loads(call(capsys, "stats", "--json", "--db", sqlite_url)[1])
    assert kept["episodes"] == 2
    from crampcare.diary import service

    (checkin,) = service.list_checkins(db_url=sqlite_url)
    assert checkin["water_litres"] == 3 and checkin["note"] == "newer data"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["--medicine", ""], "--medicine: a medicine name is empty"), (["--day", ""], "--day: is empty")],
)
def test_empty_checkin_values_are_errors(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, args: list[str], fragment: str
) -> None:
    code, _, err = call(capsys, "checkin", *args, "--water", "1", "--db", sqlite_url)
    assert code == 2 and err.count("\n") == 1 and err.startswith(f"crampcare: {fragment}")


def test_wipe_says_it_deletes_the_stored_profile_too(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"age_years": 70}))
    assert call(capsys, "profile", "set", str(profile), "--db", sqlite_url)[0] == 0
    code, _, err = call(capsys, "wipe", "--db", sqlite_url)
    assert code == 2 and "profile versions" in err
    code, out, _ = call(capsys, "wipe", "--yes", "--db", sqlite_url)
    assert code == 0 and "1 stored profile version(s)" in out


# --- an --out file never replaces the diary or anything already there ---------------------------------------


def _diary_with_an_entry(capsys: pytest.CaptureFixture[str], url: str) -> None:
    assert call(capsys, "log", "--db", url, "--at", "2024-05-01T23:00+02:00", *LOG)[0] == 0


def _episodes(capsys: pytest.CaptureFixture[str], url: str) -> int:
    code, out, _ = call(capsys, "list", "--json", "--db", url)
    assert code == 0
    return len(json.loads(out))


WRITERS = [
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
    ["chart", "--kind", "frequency"],
    ["report"],
    ["backup"],
]


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: " ".join(c))
def test_out_never_overwrites_the_diary_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    # The diary file keeps whatever name a person gave it, even one with an output suffix.
    suffix = {"chart": ".png", "report": ".html"}.get(command[0], ".db")
    db = tmp_path / f"y{suffix}"
    url = f"sqlite:///{db}"
    _diary_with_an_entry(capsys, url)
    before = db.read_bytes()[:16]
    code, _, err = call(capsys, *command, "--out", str(db), "--db", url)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("crampcare: --out:") and "diary's own database" in err
    assert db.read_bytes()[:16] == before == b"SQLite format 3\x00"
    assert _episodes(capsys, url) == 1


@pytest.mark.parametrize("command", WRITERS, ids=lambda c: " ".join(c))
def test_out_never_overwrites_an_existing_file(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path, command: list[str]
) -> None:
    _diary_with_an_entry(capsys, sqlite_url)
    suffix = {"chart": ".png", "report": ".html", "backup": ".db"}.get(command[0], ".json")
    existing = tmp_path / f"precious{suffix}"
    existing.write_text("my own notes")
    code, _, err = call(capsys, *command, "--out", str(existing), "--db", sqlite_url)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("crampcare: --out:") and "exists; choose another file" in err
    assert existing.read_text() == "my own notes"


def test_out_refuses_a_link_to_the_diary_and_its_wal_file(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    _diary_with_an_entry(capsys, sqlite_url)
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "diary.db")
    for target in (link, tmp_path / "diary.db-wal", tmp_path / "sub" / ".." / "diary.db"):
        code, _, err = call(capsys, "export", "--out", str(target), "--db", sqlite_url)
        assert code == 2 and "diary's own database" in err, target
    assert _episodes(capsys, sqlite_url) == 1


UNREACHABLE = "postgresql+psycopg://u:secret-pw@127.0.0.1:1/x"


@pytest.mark.parametrize("command", [["list"], ["log", *LOG], ["export"], ["checkin", "--water", "1"]], ids=str)
def test_an_unreachable_postgresql_server_is_bad_input_naming_db(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, out, err = call(capsys, *command, "--db", UNREACHABLE)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("crampcare: --db: cannot connect to the PostgreSQL server at 127.0.0.1:1 (")
    assert "postgresql+psycopg://user:password@host:5432/db" in err  # what would be valid
    assert "secret-pw" not in err and "psycopg.OperationalError" not in err


def test_an_unreachable_server_in_the_environment_names_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRAMPCARE_DATABASE_URL", UNREACHABLE)
    code, _, err = call(capsys, "list")
    assert code == 2 and err.startswith("crampcare: CRAMPCARE_DATABASE_URL: cannot connect to the PostgreSQL server")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--at", "1900-01-01T00:30+02:00"], "--at: 1900-01-01T00:30+02:00 counts for the diary day 1899-12-31"),
        (["--at", "2024-05-01T23:00+14:30"], "--at: no time zone is +14:30 from UTC"),
        (["--duration", "0"], "--duration: must be from 0.05 minutes (3 seconds) to 1440 minutes (24 hours) (got 0)"),
        (["--duration", "nan"], "--duration: must be a number (got nan)"),
    ],
)
def test_log_refuses_implausible_times_and_durations(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, args: list[str], expected: str
) -> None:
    code, _, err = call(capsys, "log", *LOG, "--at", "2024-05-01T23:00+02:00", *args, "--db", sqlite_url)
    assert code == 2 and err.count("\n") == 1 and err.startswith(f"crampcare: {expected}")
    assert "1899 is not plausible" not in err


def test_an_episode_stored_with_zero_minutes_can_still_be_edited(
    capsys: pytest.CaptureFixture[str], sqlite_url: str, tmp_path: Path
) -> None:
    from diary.sample import EPISODE

    old = tmp_path / "old.json"
    old.write_text(
        json.dumps({"format": "crampcare-diary", "version": 1, "episodes": [EPISODE | {"duration_minutes": 0}]})
    )
    assert call(capsys, "import", str(old), "--db", sqlite_url)[0] == 0
    episode_id = json.loads(call(capsys, "list", "--json", "--db", sqlite_url)[1])[0]["id"]
    assert call(capsys, "edit", str(episode_id), "--pain", "3", "--db", sqlite_url)[0] == 0
    code, _, err = call(capsys, "edit", str(episode_id), "--duration", "0", "--db", sqlite_url)
    assert code == 2 and "--duration: must be from 0.05 minutes (3 seconds) to 1440 minutes (24 hours)" in err


def test_log_shows_the_advice_of_a_cramp_over_ten_minutes(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    args = list(LOG)
    args[args.index("--duration") + 1] = "25"
    args[args.index("--pain") + 1] = "9"
    code, out, _ = call(capsys, "log", "--db", sqlite_url, *args)
    assert code == 0
    assert "URGENT: be seen today. A cramp lasting longer than 10 minutes: Seek help today" in out
    assert "Why: Because the cramp has lasted 25 minutes (over 10)" in out
    assert "Judged as for an adult" in out
    code, out, _ = call(capsys, "log", "--db", sqlite_url, *LOG)  # 2 minutes: nothing to add
    assert code == 0 and "URGENT" not in out and "Why:" not in out
    episode_id = out.split("#")[1].split()[0]
    code, out, _ = call(capsys, "edit", episode_id, "--duration", "15", "--db", sqlite_url)  # corrected: 15 minutes
    assert code == 0 and "URGENT: be seen today. A cramp lasting longer than 10 minutes" in out


def test_stats_names_what_helped_as_the_report_does(capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    tried = ["--tried", "nightly_calf_hamstring_stretching", "--effect", "2"]
    assert call(capsys, "log", "--db", sqlite_url, "--at", "2024-05-01T23:00+02:00", *LOG, *tried)[0] == 0
    code, out, _ = call(capsys, "stats", "--db", sqlite_url)
    assert code == 0 and "Nightly calf and hamstring stretching: mean effect 2/3" in out
    assert "nightly_calf_hamstring_stretching" not in out  # the record's id is for machines (--json keeps it)
    with pytest.raises(SystemExit):
        run(["--lang", "ru", "diary", "stats", "--db", sqlite_url])
    out = capsys.readouterr().out  # in Russian, the Russian name
    assert "Растяжка икр и задней поверхности бедра каждый вечер: в среднем 2/3" in out and "nightly_calf" not in out
