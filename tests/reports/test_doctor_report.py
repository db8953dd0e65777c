from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from crampcare.reports import doctor
from diary.sample import TODAY, fill


@pytest.fixture
def sample_db(sqlite_url: str) -> str:
    fill(sqlite_url)
    return sqlite_url


def test_report_data_has_what_a_gp_needs(sample_db: str) -> None:
    data = doctor.build(db_url=sample_db, today=TODAY)
    assert [m["name"] for m in data["medicines"]] == ["furosemide", "atorvastatin"]
    assert all(m["checked"] for m in data["medicines"])
    assert data["stats"]["last_30_days"]["days"] == 30 and data["stats"]["last_90_days"]["days"] == 90
    assert any("regular" in q for q in data["questions"])
    assert "06:00" in data["day_rule"]


def test_html_report_sections(sample_db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    doctor.write_report(out, db_url=sample_db, today=TODAY)
    html = out.read_text()
    for section in ("profile", "medicines", "figures", "assessment", "charts", "questions"):
        assert f'id="{section}"' in html
    assert len(re.findall(r'<img src="data:image/svg\+xml;base64,', html)) == 4
    assert "furosemide" in html and "Last 90 days" in html and "evening" in html


def test_pdf_report_is_one_page(sample_db: str, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    doctor.write_report(out, db_url=sample_db, today=TODAY)
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page\n") == 1 and b"/Count 1\n" in pdf


def test_report_degrades_when_the_assessment_fails(sample_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import crampcare

    def broken(profile: Any) -> Any:
        raise RuntimeError("engine unavailable")

    monkeypatch.setattr(crampcare, "assess", broken, raising=False)
    data = doctor.build(db_url=sample_db, today=TODAY)
    assert not data["assessment"]["available"] and "engine unavailable" in data["assessment"]["note"]


def test_report_rejects_other_file_types(sample_db: str, tmp_path: Path) -> None:
    from crampcare.errors import InputError

    with pytest.raises(InputError, match=r"\.html or \.pdf"):
        doctor.write_report(tmp_path / "r.docx", db_url=sample_db)
