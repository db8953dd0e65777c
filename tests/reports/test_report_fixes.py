"""The report is dated by the calendar, speaks to web users too, and its charts count in whole cramps."""

from __future__ import annotations

import datetime as dt
import types
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pytest

from crampcare.diary import charts, service
from crampcare.diary.timeutil import diary_day
from crampcare.reports import doctor

NIGHT = dt.datetime(2026, 11, 25, 3, 18)  # 03:18 local: the diary day is still the 24th


def _one_cramp(db: str) -> None:
    service.log_episode(
        {
            "started": "2026-11-20T23:00:00+01:00",
            "muscle": "calf",
            "side": "left",
            "setting": "bed_night",
            "pain": 5,
            "duration_minutes": 2,
        },
        db_url=db,
    )


def test_report_is_prepared_on_the_calendar_date_not_the_diary_day(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Any:
            return NIGHT.replace(tzinfo=tz)

    monkeypatch.setattr(doctor, "dt", types.SimpleNamespace(datetime=Frozen, date=dt.date))
    monkeypatch.setattr(service, "today_local", lambda: diary_day(NIGHT))
    data = doctor.build(db_url=sqlite_url)
    assert data["stats"]["today"] == "2026-11-24"  # the figures still end on the night's date
    assert data["generated"] == "2026-11-25"


def test_no_profile_note_points_to_the_profile_page_too(sqlite_url: str, tmp_path: Path) -> None:
    _one_cramp(sqlite_url)
    data = doctor.build(db_url=sqlite_url)
    note = data["assessment"]["note"]
    assert "Profile page" in note and "crampcare " not in note and "`" not in note  # no command for a person
    out = tmp_path / "report.pdf"
    doctor.write_report(out, db_url=sqlite_url)
    pdf = out.read_bytes()
    assert pdf.count(b"/Type /Page\n") == 1  # the longer note still fits the one page


@pytest.mark.parametrize("kind", ["frequency", "time-of-day", "muscles"])
def test_count_axes_have_whole_number_ticks(sqlite_url: str, kind: str) -> None:
    _one_cramp(sqlite_url)  # one cramp: matplotlib alone would tick 0, 0.2, 0.4 …
    stats = service.stats(db_url=sqlite_url, today=dt.date(2026, 11, 24))
    fig = charts.draw(kind, stats)
    try:
        ax = fig.axes[0]
        axis = ax.xaxis if kind == "muscles" else ax.yaxis
        low, high = axis.get_view_interval()
        ticks = [t for t in axis.get_majorticklocs() if low - 1e-9 <= t <= high + 1e-9]
        assert ticks and all(float(t).is_integer() for t in ticks)
        assert min(label.get_fontsize() for label in axis.get_ticklabels()) >= 9.5  # was 7–9 pt
    finally:
        plt.close(fig)


def test_date_axis_keeps_at_most_thirteen_labels(sqlite_url: str) -> None:
    _one_cramp(sqlite_url)
    stats = service.stats(db_url=sqlite_url, today=dt.date(2026, 11, 24))
    fig = charts.draw("frequency", stats)
    try:
        labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
        assert 0 < len(labels) <= charts.MAX_LABELS
    finally:
        plt.close(fig)


def test_figure_cells_fit_their_pdf_column_and_the_missing_rate_is_footnoted(sqlite_url: str, tmp_path: Path) -> None:
    """A diary of a few days: "– (4 day(s) of records)" ran into the 90-day column; now "–*" and a footnote."""
    from crampcare.reports import pdf, present

    _one_cramp(sqlite_url)
    data = doctor.build(db_url=sqlite_url, today=dt.date(2026, 11, 24))  # 5 days of records
    text = present.labels(data)
    page = pdf._Page()
    page.style(8.5)
    room = pdf.FIGURE_CELL - 2 * page.pdf.c_margin
    for label, last_30, last_90 in text["figures"]:
        assert page.pdf.get_string_width(last_30) <= room and page.pdf.get_string_width(last_90) <= room, label
    page.pdf.output()  # fpdf closes its font files when it writes
    assert dict((row[0], row[1]) for row in text["figures"])["Per week"] == "–*"
    assert text["figures_note"] == "* No weekly rate from fewer than 7 days of records (5 so far)."
    out = tmp_path / "report.pdf"
    doctor.write_report(out, db_url=sqlite_url, today=dt.date(2026, 11, 24))
    assert out.read_bytes().count(b"/Type /Page\n") == 1
    html = tmp_path / "report.html"
    doctor.write_report(html, db_url=sqlite_url, today=dt.date(2026, 11, 24))
    assert text["figures_note"] in html.read_text()


def test_a_diary_of_a_week_or_more_has_no_rate_footnote() -> None:
    from crampcare.reports import present

    window = {"days_covered": 30}
    assert present.figures_note({"last_30_days": window, "last_90_days": window | {"days_covered": 90}}) == ""


def test_the_core_writers_never_replace_a_file_or_the_diary(tmp_path: Path) -> None:
    from crampcare.errors import InputError

    diary = tmp_path / "diary.png"  # a diary whose name looks like a chart's
    url = f"sqlite:///{diary}"
    stats = service.stats(db_url=url)
    taken = tmp_path / "taken.pdf"
    taken.write_bytes(b"mine")
    with pytest.raises(InputError, match="exists"):
        doctor.write_report(taken, db_url=url)
    with pytest.raises(InputError, match="diary"):
        charts.save("frequency", stats, diary, db_url=url)
    assert taken.read_bytes() == b"mine" and diary.read_bytes().startswith(b"SQLite format 3")
