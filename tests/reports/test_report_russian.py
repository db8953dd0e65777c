"""The doctor report in Russian (issue 15): the frame, figures and charts from the catalogue, Russian plurals and the
decimal comma, printed with a Cyrillic font (DejaVu Sans from matplotlib: nothing is downloaded)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from crampcare import i18n
from crampcare.reports import doctor
from crampcare.reports.present import cell, period_line
from diary.sample import TODAY, fill


def test_counts_take_russian_plural_forms_and_numbers_a_decimal_comma() -> None:
    stats = {"first_day": "2026-11-01", "today": "2026-12-05", "data_days": 21, "episodes": 3, "checkins": 5}
    with i18n.use("ru"):
        assert period_line(stats) == "с 1 ноября 2026 по 5 декабря 2026 (21 день, 3 судороги, 5 ежедневных отметок)"
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


# Latin words a Russian report may keep: names of sources, guidelines and regulators, and the app's own name.
KEPT_LATIN = {"NICE", "CKS", "NHS", "inform", "MHRA", "FDA", "Roguin", "Maor", "et", "al", "JAMA", "Intern", "Med"}
KEPT_LATIN |= {"crampcare", "p"}  # the app's name; "p =" of an exact test
RUSSIAN_PROFILE = {
    "age_years": 67,
    "sex": "female",
    "conditions": ["сахарный диабет 2 типа"],
    "medications": ["фуросемид", "аторвастатин", "хинин"],
    "labs": {"potassium": 3.6, "magnesium": 0.78},
}


def _latin_words(text: str) -> set[str]:
    """Words in Latin letters, without the kept names and the medicine strengths such as "B6"."""
    return {word for word in re.findall(r"[A-Za-z][A-Za-z]*", text) if word not in KEPT_LATIN}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the PDF's text")
def test_the_russian_report_has_no_english_word_and_no_iso_date(sqlite_url: str, tmp_path: Path) -> None:
    """A full diary (regular cramps, trigger comparisons, what helped, a cramp with swelling, a cramp treatment
    among the medicines) printed in Russian: every word is Russian and every date is written the Russian way."""
    from crampcare.diary import service

    fill(sqlite_url, tried="nightly_calf_hamstring_stretching")
    service.save_profile(RUSSIAN_PROFILE, db_url=sqlite_url)
    service.log_episode(
        {
            "started": "2024-06-12T02:30:00+02:00",
            "muscle": "hamstring",
            "side": "both",
            "setting": "walking_standing",
            "pain": 6,
            "duration_minutes": 4,
            "swelling": True,
        },
        db_url=sqlite_url,
    )
    out = tmp_path / "report.pdf"
    with i18n.use("ru"):
        doctor.write_report(out, db_url=sqlite_url, today=TODAY)
    printed = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(printed.split())  # lines wrap anywhere
    assert _latin_words(text) == set()
    assert re.findall(r"\d{4}-\d{2}-\d{2}", text) == []
    for words in ("по 30 июня 2024", "12 июня 2024 (отёк)", "Регулярные судороги: ", "95 % ДИ", "Хинин", "эффект"):
        assert words in text
    assert "crampcare assess" not in text  # the report speaks to a person, not a terminal


def _tick_labels(kind: str, stats: dict[str, Any], axis: str) -> list[str]:
    import matplotlib.pyplot as plt

    from crampcare.diary import charts

    fig = charts.draw(kind, stats)
    try:
        ticks = fig.axes[0].get_yticklabels() if axis == "y" else fig.axes[0].get_xticklabels()
        return [tick.get_text() for tick in ticks]
    finally:
        plt.close(fig)


def test_the_charts_label_their_weeks_and_muscles_in_russian(sqlite_url: str) -> None:
    from crampcare.diary import service

    fill(sqlite_url)
    stats = service.stats(db_url=sqlite_url, today=TODAY)
    with i18n.use("ru"):
        assert set(_tick_labels("muscles", stats, "y")) == {"икра", "стопа", "пальцы стопы"}
        weeks = _tick_labels("frequency", stats, "x")
    assert "24.06" in weeks and not any("-" in label for label in weeks)
    assert set(_tick_labels("muscles", stats, "y")) == {"calf", "foot", "toes"}  # English keeps its labels
    assert "06-24" in _tick_labels("frequency", stats, "x")


def test_the_html_report_frame_is_russian(sqlite_url: str, tmp_path: Path) -> None:
    """The HTML page of the report: headings, labels, the date and the urgency from the catalogue, as the PDF's."""
    from html import unescape

    from crampcare.diary import service

    fill(sqlite_url, tried="nightly_calf_hamstring_stretching")
    service.save_profile(RUSSIAN_PROFILE, db_url=sqlite_url)
    out = tmp_path / "report.html"
    with i18n.use("ru"):
        doctor.write_report(out, db_url=sqlite_url, today=TODAY)
    page = out.read_text(encoding="utf-8")
    assert '<html lang="ru">' in page
    body = page.split("<body>", 1)[1]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())
    assert _latin_words(text) == set(), sorted(_latin_words(text))
    assert re.findall(r"\d{4}-\d{2}-\d{2}", text) == []
    for words in ("Дневник судорог в ногах — сводка для врача", "Принимаемые лекарства", "За 90 дней", "Графики"):
        assert words in text


def test_a_medicine_no_drug_class_holds_shows_what_it_contains() -> None:
    """«Но-шпа» (drotaverine: an intervention of its own, in no drug class) printed «Но-шпа (–)», as if it had no
    ingredient: it shows its ingredient in the reader's language; a name that is its own INN is not repeated."""
    with i18n.use("ru"):
        rows = doctor.medicines(["Но-шпа", "drotaverine", "Zorblatin"])
    assert rows[0]["classes"] == [] and rows[0]["ingredients"] == ["дротаверин"]
    assert rows[1]["ingredients"] == ["дротаверин"]  # typed in English, named in Russian
    assert "ingredients" not in rows[2]  # not recognised: nothing to show
    english = doctor.medicines(["No-shpa", "drotaverine"])
    assert english[0]["ingredients"] == ["drotaverine"] and english[1]["ingredients"] == []
