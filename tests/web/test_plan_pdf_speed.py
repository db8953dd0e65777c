"""The plan PDF of a carer's 78-year-old (five medicines, eGFR 38) took 2 s and more: every type size from 8 pt
down was laid out and written until one fitted two pages. It now starts from a guess by the text's length and
moves up or down, and only the chosen size is written: at most three lay-outs, and always the same size as
trying each size in turn."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from crampcare import assess, i18n
from crampcare.assessment.config import speaking
from crampcare.assessment.profile import Profile
from crampcare.knowledge.language import language
from crampcare.knowledge.loader import knowledge
from crampcare.web import plan_pdf

DAY = dt.date(2026, 12, 6)
CARER = {
    "age_years": 78,
    "sex": "female",
    "weight_kg": 61.5,
    "conditions": ["type 2 diabetes", "chronic kidney disease"],
    "medications": ["furosemide 40 mg", "amlodipine 5 mg", "simvastatin 40 mg", "omeprazole 20 mg", "metformin 500 mg"],
    "labs": {"egfr": 38},
    "pattern": {"episodes_per_week": 3, "weeks": 8, "mostly_at_night": True},
}
PROFILES = {
    "adult": {"age_years": 40},
    "child": {"age_years": 9, "sex": "male", "pattern": {"episodes_per_week": 3, "weeks": 4, "mostly_at_night": True}},
    "pregnant": {"age_years": 31, "sex": "female", "pregnancy_weeks": 28},
    "carer": CARER,
}


def rendered_sizes(monkeypatch: pytest.MonkeyPatch, profile: Profile, lang: str) -> tuple[list[float], float]:
    """The sizes the PDF writer was made for, and the size of the one written out."""
    made: list[float] = []
    written: list[float] = []

    class Counting(plan_pdf._Writer):
        def __init__(self, size: float) -> None:
            made.append(size)
            super().__init__(size)

        def finish(self) -> Any:
            written.append(self.size)
            return super().finish()

    monkeypatch.setattr(plan_pdf, "_Writer", Counting)
    plan_pdf.render_plan_pdf(assess(profile, lang=lang), profile, knowledge(), DAY)
    monkeypatch.undo()
    assert len(written) == 1
    return made, written[0]


def largest_that_fits(profile: Profile, lang: str) -> float:
    """Every size laid out in turn, as the PDF was made before: the first with at most two pages, else the last."""
    plan = assess(profile, lang=lang)
    with i18n.use(lang), speaking(language(lang)):
        for size in plan_pdf.SIZES:
            writer = plan_pdf._Writer(size)
            plan_pdf._draw(writer, plan, profile, knowledge(), DAY, plan_pdf._Sources(knowledge()))
            fits = writer.lay_out() <= plan_pdf.MAX_PAGES
            writer.discard()
            if fits:
                return size
    return plan_pdf.SIZES[-1]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_carers_long_plan_is_not_laid_out_at_every_size(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    made, _ = rendered_sizes(monkeypatch, Profile.model_validate(CARER), lang)
    assert len(made) <= 3, made


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("who", sorted(PROFILES))
def test_the_size_is_the_largest_that_fits_two_pages(monkeypatch: pytest.MonkeyPatch, who: str, lang: str) -> None:
    profile = Profile.model_validate(PROFILES[who])
    _, chosen = rendered_sizes(monkeypatch, profile, lang)
    assert chosen == largest_that_fits(profile, lang)
