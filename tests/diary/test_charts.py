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
