"""`crampcare experiment …` through the real entry point: start, today, status, stop, report, errors."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from crampcare.cli.experiment import app
from crampcare.cli.main import run
from crampcare.diary import service as diary

STRETCH = "nightly_calf_hamstring_stretching"


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        run(["experiment", *args])
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


@pytest.fixture
def url(sqlite_url: str) -> str:
    diary.save_profile({"age_years": 58, "sex": "male"}, db_url=sqlite_url)
    return sqlite_url


@pytest.mark.parametrize(
    "command", [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
)
def test_every_command_has_help_with_an_example(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = call(capsys, command, "--help")
    assert code == 0 and "Example: crampcare experiment" in out and "--db" in out


def test_start_today_status_stop_report(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path) -> None:
    start = (dt.date.today() - dt.timedelta(days=20)).isoformat()
    code, out, err = call(capsys, "start", "--intervention", STRETCH, "--start", start, "--seed", "11", "--db", url)
    assert code == 0, err
    assert "Experiment 1: Nightly calf and hamstring stretching" in out and "week of" in out
    assert re.search(r"^\s+1 [AB]\s", out, re.MULTILINE)  # the period list
    code, out, _ = call(capsys, "today", "--db", url)
    assert code == 0 and out.startswith("today: ") and "--done" in out
    code, out, _ = call(capsys, "today", "--done", "yes", "--day", start, "--db", url)
    assert code == 0 and f"Recorded for {start}: done." in out
    code, out, _ = call(capsys, "status", "--json", "--db", url)
    state = json.loads(out)
    assert state["checkins"] == [{"day": start, "done": True, "note": ""}]
    assert state["design"]["seed"] == 11 and state["result"]["verdict"] == "not_enough_data"
    for suffix in ("pdf", "html"):
        target = tmp_path / f"report.{suffix}"
        code, out, err = call(capsys, "report", "--out", str(target), "--db", url)
        assert code == 0, err
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") <= 1
    html = (tmp_path / "report.html").read_text()
    assert "not enough data yet" in html and "data:image/svg+xml" in html
    code, _, err = call(capsys, "report", "--out", str(tmp_path / "report.pdf"), "--db", url)
    assert code == 2 and "exists" in err  # never replaces a file
    code, out, _ = call(capsys, "stop", "--reason", "holiday", "--db", url)
    assert code == 0 and "stopped" in out
    code, _, err = call(capsys, "stop", "--db", url)
    assert code == 2 and "was stopped" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["start", "--intervention", STRETCH, "--period-weeks", "6"],
            "--period-weeks: must be from 1 to 4 weeks (got 6)",
        ),
        (
            ["start", "--intervention", STRETCH, "--mid", "0"],
            "--mid: must be from 0.25 to 7 cramp nights a week (got 0)",
        ),
        (["start", "--intervention", STRETCH, "--start", "soon"], "--start: not a date"),
        (["start", "--intervention", "quinine"], "--clinician: Quinine is a prescription medicine"),
        (
            ["start", "--intervention", "Magnerot"],
            '--doctor-agreed: Magnesium orotate is marked "Discuss with a doctor"',
        ),
        (["start", "--intervention", "homeopathy"], '--intervention: Homeopathic remedies is marked "Not recommended"'),
        (["start"], "--intervention: which intervention?"),
        (["today"], "experiment: there is no experiment in this diary"),
    ],
)
def test_bad_input_is_one_line_naming_the_option(
    capsys: pytest.CaptureFixture[str], url: str, args: list[str], expected: str
) -> None:
    code, _, err = call(capsys, *args, "--db", url)
    assert code == 2 and err.startswith(f"crampcare: {expected}") and err.count("\n") == 1


def test_bad_done_answer(capsys: pytest.CaptureFixture[str], url: str) -> None:
    assert call(capsys, "start", "--intervention", STRETCH, "--db", url)[0] == 0
    code, _, err = call(capsys, "today", "--done", "maybe", "--db", url)
    assert code == 2 and "--done: not yes or no" in err
