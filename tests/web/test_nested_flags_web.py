"""The web plan and its PDF list a lab result that raises nested red flags once (tests/assessment/test_flag_groups.py
for the grouping): sodium 124 showed 'Sodium below 130', '125' and '135' as three warning signs, the one that
matters in the middle."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from crampcare import assess
from crampcare.assessment.profile import Profile
from crampcare.knowledge.loader import knowledge

from .conftest import submit

SODIUM = {"age_years": 60, "labs": {"sodium": 124}}


def test_the_web_plan_lists_the_low_sodium_result_once(client: Any) -> None:
    page = submit(client, "/assess", {"age_years": "60", "labs.sodium": "124"}).text
    flags = page.split('<ul class="red-flags">', 1)[1].split("</section>", 1)[0]
    top = re.findall(r"<li><strong>([^<]+)</strong> — ", flags)
    assert top == ["Sodium below 125 mmol/L"], flags
    assert "Sodium below 130 mmol/L" in flags and "Sodium below 135 mmol/L" in flags
    assert "Because sodium 124 mmol/L &lt; 130" in flags and "Because sodium 124 mmol/L &lt; 135" in flags
    assert "in the next few days" not in flags  # the mildest flag's action does not speak for this result


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the PDF")
def test_the_web_plan_pdf_lists_the_low_sodium_result_once(tmp_path: Path) -> None:
    from crampcare.web.plan_pdf import render_plan_pdf

    profile = Profile.model_validate(SODIUM)
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(render_plan_pdf(assess(profile, lang="en"), profile, knowledge()))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert text.count("Warning sign: ") == 1 and "Warning sign: Sodium below 125 mmol/L." in text
    assert "Sodium below 130 mmol/L" in text and "Sodium below 135 mmol/L" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the PDF")
@pytest.mark.parametrize(
    ("lang", "first", "wider"),
    [("en", "Sodium below 125", "Sodium below 130"), ("ru", "Натрий ниже 125", "Натрий ниже 130")],
)
def test_the_record_plan_pdf_for_the_clinician_lists_the_result_once(
    tmp_path: Path, lang: str, first: str, wider: str
) -> None:
    """The PDF made from a clinical record (reports/plan_pdf.py) groups as the CDS card does."""
    import datetime as dt

    from crampcare.fhir.texts import fhir_texts
    from crampcare.reports.plan_pdf import render_plan_pdf

    profile = Profile.model_validate(SODIUM)
    plan = assess(profile, lang=lang)
    words = fhir_texts().document_in(lang)
    made = render_plan_pdf(plan, profile, words=words, patient="Patient/1", not_used=[], prepared=dt.date(2026, 12, 6))
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(made)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    flags = text.split(words["red_flags"], 1)[1].split(words["causes"], 1)[0]
    assert flags.count("• ") == 1 and flags.lstrip().startswith(f"• {first}"), flags
    assert wider in flags and "< 130" in flags and "< 135" in flags
