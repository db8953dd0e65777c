"""The readable plan's panel titles are never cut at the border: on an 80-column terminal "First aid 1:
Back-of-thigh (hamstring) stretch – knee straight, lean forward" ended at "lean forwar" (Rich crops a title wider
than the panel), and the Russian titles, longer, lost more. A title that does not fit now heads its panel, wrapped."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from crampcare import i18n
from crampcare.assessment.engine import assess
from crampcare.assessment.quick import MUSCLES
from crampcare.cli.assess_view import show_plan


def _words(text: str) -> str:
    """The text as a reader follows it across wrapped lines: borders and line breaks gone."""
    for border in "│╭╮╰╯─":
        text = text.replace(border, " ")
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("muscle", MUSCLES)
def test_every_first_aid_title_is_shown_whole_at_80_columns(lang: str, muscle: str) -> None:
    with i18n.use(lang):
        plan = assess({"age_years": 40, "episode": {"muscle": muscle}})
        out = io.StringIO()
        show_plan(plan, Console(file=out, width=80, color_system=None))
    shown = _words(out.getvalue())
    for aid in plan.first_aid[:3]:
        assert " ".join(aid.title.split()) in shown, aid.title
    assert all(len(line) <= 80 for line in out.getvalue().splitlines())


def test_a_title_that_fits_stays_on_the_border() -> None:
    with i18n.use("en"):
        plan = assess({"age_years": 40, "episode": {"muscle": "hamstring"}})
        out = io.StringIO()
        show_plan(plan, Console(file=out, width=200, color_system=None))
    assert f"First aid 1: {plan.first_aid[0].title}" in out.getvalue()
