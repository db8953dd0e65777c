"""The plan PDFs in Russian (issue 15): every heading and label from the catalogue, dates through Babel, the decimal
comma, condition, medicine-class and lab names from the knowledge base's Russian, a Cyrillic font; an English plan
prints as it always has."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from crampcare import assess
from crampcare.assessment.profile import Profile
from crampcare.knowledge.loader import knowledge

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the PDF")

MADE = dt.date(2026, 12, 5)
# Latin words a Russian plan may keep: the app's name, and the abbreviations of the bodies a reason cites.
KEPT_LATIN = {"crampcare", "NICE", "CKS", "NHS", "MHRA", "FDA", "EMA", "IOM", "NIH", "ODS", "NASEM", "AGS"}
KEPT_LATIN |= {"B"}  # «витамины группы B»: Russian writes the vitamin's letter in Latin
# A pregnant woman, as the Russian user: Russian brand names, a condition in Russian, a low magnesium.
PREGNANT = {
    "age_years": 31,
    "sex": "female",
    "pregnancy_weeks": 30,
    "medications": ["Магне В6", "Но-шпа"],
    "conditions": ["гипотиреоз"],
    "labs": {"magnesium": 0.62},
}


def printed(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def latin_words(text: str) -> set[str]:
    """Whole words in Latin letters ("B6" and a version hash are not words), less the kept names."""
    return {word for word in re.findall(r"\b[A-Za-z]+\b", text) if word not in KEPT_LATIN}


def web_pdf(lang: str) -> bytes:
    from crampcare.web.plan_pdf import render_plan_pdf

    profile = Profile.model_validate(PREGNANT)
    return render_plan_pdf(assess(profile, lang=lang), profile, knowledge(), MADE)


def test_the_web_plan_pdf_in_russian_has_no_english_word_and_no_iso_date(tmp_path: Path) -> None:
    pdf = web_pdf("ru")
    text = printed(pdf, tmp_path, "plan-ru")
    body, sources = text.split(" Источники ", 1)  # the source list keeps each source's own title
    assert latin_words(body) == set(), sorted(latin_words(body))
    assert re.findall(r"\d{4}-\d{2}-\d{2}", body) == []
    assert "Составлено crampcare 5 декабря 2026" in body and "План помощи" in body
    assert "Что было введено" in body and "Возраст: 31 год; пол женский" in body
    assert "Магний сыворотки (общий): 0,62 ммоль/л (ниже нормы). Обычные значения у взрослых: 0,7–1 ммоль/л" in body
    assert "Избегайте: " in body and "Обсудите с врачом" in body  # statuses as words, not ids
    assert "avoid" not in text and "discuss_with_doctor" not in text
    assert sources.startswith("[1] ")
    fonts = subprocess.run(["pdffonts", str(tmp_path / "plan-ru.pdf")], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts


def test_the_web_plan_pdf_in_english_keeps_its_words(tmp_path: Path) -> None:
    text = printed(web_pdf("en"), tmp_path, "plan-en")
    assert "Made 2026-12-05 by crampcare from the answers of one check-up" in text
    assert "Age: 31 years; sex female" in text and "Pregnancy: week 30" in text
    assert "Magnesium: 0.62 mmol/L (low). Usual adult range 0.7–1 mmol/L" in text
    assert "Avoid: " in text and "What was entered" in text and "Sources" in text
