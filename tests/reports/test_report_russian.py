"""The doctor report in Russian (issue 15): the frame, figures and charts from the catalogue, Russian plurals and the
decimal comma, printed with a Cyrillic font (DejaVu Sans from matplotlib: nothing is downloaded)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from crampcare import i18n
from crampcare.reports import doctor
from crampcare.reports.present import cell, period_line
from diary.sample import TODAY, fill


def test_counts_take_russian_plural_forms_and_numbers_a_decimal_comma() -> None:
    stats = {"first_day": "2026-11-01", "today": "2026-12-05", "data_days": 21, "episodes": 3, "checkins": 5}
    with i18n.use("ru"):
        assert period_line(stats) == "с 2026-11-01 по 2026-12-05 (21 день, 3 судороги, 5 ежедневных отметок)"
        assert cell(2.5, " min") == "2,5 мин"
        assert cell(1.2345, "") == "1,23"
    assert period_line(stats) == "2026-11-01 to 2026-12-05 (21 days, 3 cramps, 5 daily check-ins)"
    assert cell(2.5, " min") == "2.5 min"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the PDF's text")
def test_the_pdf_prints_its_russian_text(sqlite_url: str, tmp_path: Path) -> None:
    fill(sqlite_url)
    out = tmp_path / "report.pdf"
    with i18n.use("ru"):
        doctor.write_report(out, db_url=sqlite_url, today=TODAY)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("Дневник судорог в ногах — сводка для врача", "Принимаемые лекарства", "За 90 дней", "Графики"):
        assert words in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSans" in fonts
