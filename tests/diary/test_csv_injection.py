"""CSV export: no cell starts a spreadsheet formula (OWASP CSV injection), and importing the export gives back
exactly the text that was stored."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from crampcare.diary import importexport, service
from crampcare.diary.exportfile import FORMULA_STARTS, neutral_cell, unquote_cell
from diary.sample import EPISODE

NOTES = [
    '=HYPERLINK("http://evil.example","click")',
    "+1 cramp",
    "-5 minutes of stretching",
    "@SUM(A1:A2)",
    "\tcmd|' /C calc'!A0",
    "\rreturn",
    "'=already quoted",
    "''=two quotes",
    "'quoted' in the ordinary way",
    "plain note",
]


@pytest.mark.parametrize("text", [*NOTES, "", "'", "''", "'x"])
def test_a_neutral_cell_never_starts_a_formula_and_comes_back_unchanged(text: str) -> None:
    cell = neutral_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert unquote_cell(cell) == text


def test_export_neutralises_and_import_round_trips(db_url: str, tmp_path: Path) -> None:
    for note in NOTES:
        service.log_episode(
            EPISODE | {"note": note, "trigger_note": note, "started": "2026-11-20T23:10:00-05:00"}, db_url=db_url
        )
    before = sorted((e["note"], e["trigger_note"], e["tz"]) for e in service.list_episodes(db_url=db_url))
    path = tmp_path / "diary.csv"
    path.write_text(importexport.to_csv(importexport.export_data(db_url=db_url)["episodes"]), encoding="utf-8")
    with path.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            for column, cell in row.items():
                assert not (cell or "").startswith(FORMULA_STARTS), (column, cell)
    assert "'-05:00" in path.read_text(encoding="utf-8")  # even an offset would be read as a formula
    service.wipe(db_url=db_url)
    assert importexport.import_file(path, db_url=db_url)["episodes"] == len(NOTES)
    after = sorted((e["note"], e["trigger_note"], e["tz"]) for e in service.list_episodes(db_url=db_url))
    assert after == before


def test_a_hand_written_csv_keeps_an_ordinary_leading_quote(tmp_path: Path) -> None:
    from crampcare.diary.exportfile import read_file

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["started", "duration_minutes", "muscle", "side", "setting", "pain", "note"])
    writer.writerow(["2026-11-20T23:10:00+01:00", "2", "calf", "left", "bed_night", "5", "'quoted'"])
    path = tmp_path / "hand.csv"
    path.write_text(text.getvalue(), encoding="utf-8", newline="")
    ((_, record),) = read_file(path)["episodes"]
    assert record["note"] == "'quoted'"
