"""The "for you" summary at the top of the plan page and the option list grouped by status."""

from __future__ import annotations

import html as htmllib
import re
from itertools import pairwise

import pytest

from crampcare import assess
from crampcare.assessment.plan import CarePlan, EvidenceOut, Option
from crampcare.assessment.profile import Profile
from crampcare.knowledge.vocab import Status
from crampcare.web.plan_view import AVOID_SHOWN, AvoidLine, group_options, situation, summarise

from .conftest import TestClient, plan_page


def option(oid: str, status: Status, reasons: list[str] | None = None) -> Option:
    evidence = EvidenceOut(grade="insufficient", summary="s", sources=[])
    name = oid.replace("_", " ").capitalize()
    return Option(
        id=oid, name=name, kind="medicine", inn=None, atc=None, status=status, reasons=reasons or [], evidence=evidence
    )


def plan_with(options: list[Option]) -> CarePlan:
    plan = assess(Profile(age_years=40))
    return plan.model_copy(update={"options": options})


PREGNANT = Profile(age_years=31, sex="female", pregnancy_weeks=28)


def test_summary_lists_each_avoided_option_with_its_first_reason() -> None:
    options = [
        option("stretch", "self_care", ["Safe for everyone."]),
        option("quinine", "avoid", ["Because of pregnancy (week 28): contraindicated.", "Also: a second reason."]),
        option("magnesium", "discuss_with_doctor", ["Ask first."]),
        option("ibuprofen", "avoid", ["Because of pregnancy (week 28): third trimester."]),
    ]
    summary = summarise(plan_with(options), PREGNANT)
    assert summary.heading == "For you (pregnancy, week 28)"
    assert summary.avoid == [
        AvoidLine("quinine", "Quinine", "Because of pregnancy (week 28): contraindicated."),
        AvoidLine("ibuprofen", "Ibuprofen", "Because of pregnancy (week 28): third trimester."),
    ]
    assert summary.avoid_total == 2 and summary.more_avoid == 0
    assert [o.id for o in summary.self_care] == ["stretch"]


def test_summary_shows_a_few_avoided_options_and_counts_the_rest() -> None:
    avoided = [option(f"drug_{i}", "avoid", [f"reason {i}"]) for i in range(AVOID_SHOWN + 3)]
    summary = summarise(plan_with(avoided), PREGNANT)
    assert [a.id for a in summary.avoid] == [f"drug_{i}" for i in range(AVOID_SHOWN)]  # the plan's order
    assert summary.more_avoid == 3


def test_self_care_is_the_first_three_in_plan_order() -> None:
    options = [option(f"s{i}", "self_care") for i in range(5)] + [option("d", "discuss_with_doctor")]
    summary = summarise(plan_with(options), Profile(age_years=40))
    assert [o.id for o in summary.self_care] == ["s0", "s1", "s2"]
    assert summary.self_care_total == 5
    assert summary.heading == "For you"
    assert summary.avoid == [] and summary.avoid_total == 0


@pytest.mark.parametrize(
    ("profile", "words"),
    [
        (Profile(age_years=40), []),
        (
            Profile(age_years=31, sex="female", pregnancy_weeks=28, breastfeeding=True),
            ["pregnancy, week 28", "breastfeeding"],
        ),
        (Profile(age_years=8), ["child, age 8"]),
        (Profile(age_years=15.5, sex="female", pregnancy_weeks=12), ["pregnancy, week 12", "child, age 15.5"]),
        (Profile(age_years=79), []),  # older adults: the reasons on the options say so; no heading of its own
    ],
)
def test_situation_names_the_profiles_own_values(profile: Profile, words: list[str]) -> None:
    assert situation(profile) == words


def test_groups_keep_every_option_once_in_plan_order() -> None:
    plan = assess(PREGNANT)
    groups = group_options(plan.options)
    assert [g.status for g in groups] == ["self_care", "discuss_with_doctor", "not_recommended", "avoid"]
    assert [o for g in groups for o in g.options] == plan.options
    assert all(o.status == g.status for g in groups for o in g.options)
    assert groups[-1].anchor == "group-avoid"


def test_groups_leave_out_empty_statuses() -> None:
    groups = group_options([option("a", "self_care"), option("b", "self_care")])
    assert [(g.status, len(g.options)) for g in groups] == [("self_care", 2)]


# --- the page -----------------------------------------------------------------------------------------


def text_of(html: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, sid: str) -> str:
    start = html.rindex("<section", 0, html.index(f'id="{sid}"'))
    return html[start : html.index("</section>", start)]


def test_pregnant_woman_sees_what_her_answers_change_before_the_option_list(client: TestClient) -> None:
    html = plan_page(client, age_years="31", sex="female", pregnancy_weeks="30")
    assert html.index('id="triage-title"') < html.index('id="for-you"') < html.index('id="op"')
    box = section(html, "for-you")
    shown = text_of(box)
    assert "For you (pregnancy, week 30)" in shown
    ibuprofen = re.search(r'<li class="mine-avoid">(?:(?!</li>).)*href="#opt-ibuprofen_after_cramp".*?</li>', box, re.S)
    assert ibuprofen and "pregnancy" in ibuprofen.group(0)  # the shared reason, before the names
    # Every link in the box goes to a card that is on the page.
    for target in re.findall(r'href="#([^"]+)"', box):
        assert f'id="{target}"' in html, target
    assert len(re.findall(r'href="#opt-', box.split('class="best"')[1])) == 3  # the best-graded self-care


def test_option_list_has_a_heading_and_count_per_status_and_every_card_once(client: TestClient) -> None:
    html = plan_page(client, age_years="31", sex="female", pregnancy_weeks="30")
    plan = assess(Profile(age_years=31, sex="female", pregnancy_weeks=30))
    listing = html[html.index('id="op"') :]
    for group in group_options(plan.options):
        heading = re.search(rf'<details class="group" id="{group.anchor}"><summary>.*?</summary>', listing, re.S)
        assert heading and f"({len(group.options)} option" in heading.group(0)
    for o in plan.options:
        assert html.count(f'id="opt-{o.id}"') == 1


def test_when_nothing_changes_the_box_says_so(client: TestClient) -> None:
    html = plan_page(client, age_years="40", **{"episode.muscle": "calf"})
    box = text_of(section(html, "for-you"))
    assert "Nothing you told us changes how the options are marked." in box
    assert "Best-supported things to do yourself" in box


def test_headings_stay_in_order(client: TestClient) -> None:
    html = plan_page(client, age_years="79", medications="furosemide, atorvastatin, amlodipine, zopiclone, metformin")
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in pairwise(levels))


def test_the_medicine_gist_names_what_is_unsafe_and_what_was_not_checked(client: TestClient) -> None:
    html = plan_page(client, age_years="70", medications="ramipril\nxyzzy")
    gist = text_of(html[html.index('id="med-alert"') : html.index("</p>", html.index('id="med-alert"'))])
    assert "ramipril makes" in gist and "unsafe for you" in gist
    assert "1 not recognised, so not checked" in gist
    assert html.index('id="triage-title"') < html.index('id="med-alert"') < html.index('id="do-now"')


def test_no_medicines_no_gist(client: TestClient) -> None:
    assert 'id="med-alert"' not in plan_page(client, age_years="40")
