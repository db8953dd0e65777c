"""The plan page groups options by the shared first reason ("Because you have heart failure: …") in Russian as in
English (issue 15): the grouping reads the engine's own "because …" phrases in the plan's language, so a Russian
plan ("Так как у вас …: …") is not left as one card per option."""

from __future__ import annotations

from crampcare import assess
from crampcare.assessment.profile import Profile
from crampcare.web.pages import knowledge
from crampcare.web.plan_view import layout, medicine_rows

PERSON = {
    "age_years": 70,
    "medications": ["furosemide", "quinine", "atorvastatin"],
    "conditions": ["heart failure"],
}


def _groups(lang: str) -> list[tuple[str, bool, list[str]]]:
    plan = assess(PERSON, lang=lang)
    assert plan.lang == lang
    return [(g.status, g.because is not None, sorted(o.id for o in g.options)) for g in layout(plan).personal_groups]


def test_a_russian_plan_groups_its_options_like_the_english_one() -> None:
    english, russian = _groups("en"), _groups("ru")
    shared = [g for g in english if g[1]]
    assert len(shared) >= 3  # heart failure and older age each group several options
    assert russian == english  # same groups, same statuses, same options in each, shared or not alike


def test_the_russian_group_names_the_shared_reason_in_russian() -> None:
    plan = assess(PERSON, lang="ru")
    named = [g.because for g in layout(plan).personal_groups if g.because]
    assert named and all(b[:1].isupper() for b in named)
    assert any(b.startswith("Из-за возраста") for b in named), named
    assert not any(b.startswith("Because") for b in named)


def test_a_russian_plan_links_each_medicine_to_what_it_causes_as_the_english_one_does() -> None:
    profile = Profile.model_validate(PERSON)
    rows = {}
    for lang in ("en", "ru"):
        rows[lang] = [
            (
                r.name,
                len(r.causes),
                sorted(o.id for o in r.makes_unsafe),
                r.own_option is not None,
                r.taken_reason is not None,
            )
            for r in medicine_rows(assess(profile, lang=lang), profile, knowledge())
        ]
    assert rows["ru"] == rows["en"]
    assert sum(causes for _, causes, *_ in rows["ru"]) >= 2  # furosemide and atorvastatin may add to the cramps
    assert any(taken for *_, taken in rows["ru"])  # quinine: what to ask the prescriber, found in Russian too
