"""A lab result that raises nested red flags (potassium below 3.0 and 2.5; sodium below 135, 130 and 125) is one
entry on the person's own plan: the narrowest flag's title and action first, the wider flags kept with their
reasons. The web page, the CLI and the plan PDF listed the same result two or three times, the one that matters
in the middle (sodium below 130, then 125, then 135 with 'in the next few days'). The plan's JSON and triage do
not change."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from crampcare import assess, i18n
from crampcare.cli.assess_view import show_plan

SODIUM = {"age_years": 60, "labs": {"sodium": 124}}
POTASSIUM = {"age_years": 60, "labs": {"potassium": 2.3}}
# (profile, language, the narrowest flag's title, the wider flags' titles, a threshold each wider reason names)
CASES = [
    (
        SODIUM,
        "en",
        "Sodium below 125 mmol/L",
        ["Sodium below 130 mmol/L", "Sodium below 135 mmol/L"],
        ["< 130", "< 135"],
    ),
    (POTASSIUM, "en", "Potassium below 2.5 mmol/L", ["Potassium below 3.0 mmol/L"], ["< 3"]),
    (
        SODIUM,
        "ru",
        "Натрий ниже 125 ммоль/л",
        ["Натрий ниже 130 ммоль/л", "Натрий ниже 135 ммоль/л"],
        ["< 130", "< 135"],
    ),
]


def _words(text: str) -> str:
    for border in "│╭╮╰╯─":
        text = text.replace(border, " ")
    return " ".join(text.split())


@pytest.mark.parametrize(("profile", "lang", "first", "wider", "limits"), CASES)
def test_one_entry_per_result_the_narrowest_first_the_others_with_their_reasons(
    profile: dict[str, object], lang: str, first: str, wider: list[str], limits: list[str]
) -> None:
    from crampcare.assessment.flag_groups import flag_entries

    plan = assess(profile, lang=lang)
    assert len(plan.red_flags) == 1 + len(wider)  # the plan itself keeps every flag
    assert plan.triage.level == "urgent"
    (entry,) = flag_entries(plan)
    assert entry.hit.title == first
    assert entry.hit.action == next(h.action for h in plan.red_flags if h.title == first)
    assert [hit.title for hit, _ in entry.also] == wider
    for (_, reason), limit in zip(entry.also, limits, strict=True):
        assert reason in plan.triage.reasons and limit in reason


def test_flags_that_do_not_nest_stay_one_entry_each() -> None:
    from crampcare.assessment.flag_groups import flag_entries

    plan = assess({"age_years": 60, "labs": {"sodium": 128, "potassium": 2.8}})
    entries = flag_entries(plan)
    assert len(entries) == 2 and {e.hit.title for e in entries} == {
        "Sodium below 130 mmol/L",
        "Potassium below 3.0 mmol/L",
    }
    sodium = next(e for e in entries if e.hit.title.startswith("Sodium"))
    assert [hit.title for hit, _ in sodium.also] == ["Sodium below 135 mmol/L"]


@pytest.mark.parametrize(("profile", "lang", "first", "wider", "limits"), CASES)
def test_the_cli_red_flags_panel_shows_the_result_once(
    profile: dict[str, object], lang: str, first: str, wider: list[str], limits: list[str]
) -> None:
    with i18n.use(lang):
        plan = assess(profile, lang=lang)
        out = io.StringIO()
        show_plan(plan, Console(file=out, width=80, color_system=None))
    shown = _words(out.getvalue())
    panel = shown.split(" Red flags " if lang == "en" else " Тревожные признаки ", 1)[1]
    panel = re.split(r" (First aid|Первая помощь) 1", panel, maxsplit=1)[0]
    hits = {h.title: h for h in plan.red_flags}
    assert panel.index(first) < min(panel.index(title) for title in wider)
    assert " ".join(hits[first].action.split()) in panel
    for title in wider:  # kept, with the reason it was raised, but not its own (milder) action
        assert " ".join(hits[title].action.split())[:40] not in panel
    for limit in limits:
        assert limit in panel
