from __future__ import annotations

from pathlib import Path

import pytest

from crampcare.diary import charts, service
from crampcare.errors import InputError
from diary.sample import TODAY, fill


@pytest.mark.parametrize("kind", charts.KINDS)
def test_every_chart_as_png_and_svg(sqlite_url: str, tmp_path: Path, kind: str) -> None:
    fill(sqlite_url)
    stats = service.stats(db_url=sqlite_url, today=TODAY)
    assert charts.save(kind, stats, tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in charts.save(kind, stats, tmp_path / "c.svg").read_bytes()[:400]


def test_unknown_kind_and_format_name_the_option() -> None:
    with pytest.raises(InputError) as caught:
        charts.render("pie", {"episodes": 0}, "png")
    assert caught.value.field == "--kind"
    with pytest.raises(InputError, match=r"png or \.svg"):
        charts.render("muscles", {"episodes": 0}, "gif")


@pytest.mark.parametrize("report", [False, True], ids=["phone", "report"])
@pytest.mark.parametrize("kind", charts.KINDS)
def test_a_russian_chart_writes_decimal_commas_and_keeps_its_title_inside(
    sqlite_url: str, kind: str, report: bool
) -> None:
    """Russian tick numbers take the decimal comma (the pain axis 0–10 of the doctor report's small chart is 0,
    2,5, 5, …), and the title, longer in Russian, is wrapped to fit the figure instead of being cut off on a phone."""
    import matplotlib.pyplot as plt

    from crampcare import i18n

    fill(sqlite_url)
    stats = service.stats(db_url=sqlite_url, today=TODAY)
    with i18n.use("ru"):
        fig = charts.draw(kind, stats, (4.2, 2.0), 9) if report else charts.draw(kind, stats)
    try:
        ax = fig.axes[0]
        fig.canvas.draw()
        numeric = ax.get_xticklabels() if kind in ("muscles", "time-of-day") else ax.get_yticklabels()  # not dates
        ticks = [t.get_text() for t in numeric]
        assert not [t for t in ticks if "." in t], ticks
        if kind == "severity" and report:
            assert "2,5" in ticks, ticks
        title = ax.title.get_window_extent(fig.canvas.get_renderer())
        assert ax.get_title() and title.x0 >= 0 and title.x1 <= fig.get_figwidth() * fig.dpi, ax.get_title()
    finally:
        plt.close(fig)


def test_one_week_of_diary_is_one_narrow_bar_not_the_whole_chart(sqlite_url: str) -> None:
    """Four days of records (a carer's first week): the frequency chart showed one bar across its whole width
    under "last 26 weeks"; a week keeps its width (an eighth of the chart at least)."""
    import matplotlib.pyplot as plt

    for day in (1, 2, 4):
        service.log_episode(
            {
                "started": f"2026-12-0{day}T03:00:00+00:00",
                "muscle": "calf",
                "side": "left",
                "setting": "bed_night",
                "pain": 6,
                "duration_minutes": 2,
            },
            db_url=sqlite_url,
        )
    import datetime as dt

    stats = service.stats(db_url=sqlite_url, today=dt.date(2026, 12, 6))
    assert len(stats["weekly_counts"]) <= 2
    fig = charts.draw("frequency", stats)
    try:
        ax = fig.axes[0]
        low, high = ax.get_xlim()
        widths = [bar.get_width() for bar in ax.patches]
        assert widths and max(widths) / (high - low) <= 1 / 8 + 1e-9, (widths, low, high)
    finally:
        plt.close(fig)
