""" "Best-supported things to do yourself" names the same options in Russian as in English for the same person. The
plan lists options by name in the reader's language, so equal grades were picked in alphabetical order of that
language: a pregnant woman at 28 weeks read paracetamol there in Russian, but not in English."""

from __future__ import annotations

import pytest

from crampcare import assess
from crampcare.web.plan_view import layout

PEOPLE = {
    "pregnant, 28 weeks": {"age_years": 31, "sex": "female", "pregnancy_weeks": 28},
    "child of 9, night cramps": {
        "age_years": 9,
        "sex": "male",
        "pattern": {"episodes_per_week": 3, "weeks": 4, "mostly_at_night": True},
    },
    "78, five medicines, eGFR 38": {
        "age_years": 78,
        "sex": "female",
        "conditions": ["type 2 diabetes", "chronic kidney disease"],
        "medications": ["furosemide", "amlodipine", "simvastatin", "omeprazole", "metformin"],
        "labs": {"egfr": 38},
    },
}


@pytest.mark.parametrize("who", sorted(PEOPLE))
def test_the_best_supported_options_do_not_depend_on_the_language(who: str) -> None:
    english = [o.id for o in layout(assess(PEOPLE[who], lang="en")).best_self_care]
    russian = [o.id for o in layout(assess(PEOPLE[who], lang="ru")).best_self_care]
    assert len(english) == 3
    assert russian == english


def test_the_english_choice_is_unchanged_for_the_pregnant_woman() -> None:
    chosen = [o.id for o in layout(assess(PEOPLE["pregnant, 28 weeks"], lang="en")).best_self_care]
    assert chosen == ["hydration", "regular_health_checks", "reassurance"]
