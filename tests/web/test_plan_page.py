"""The plan page (why in plain sight, medicines before the disclaimer) and the knowledge search highlights."""

from __future__ import annotations

from .conftest import TestClient, plan_page


def test_the_first_reason_is_first_in_the_triage_box(client: TestClient) -> None:
    page = plan_page(
        client,
        age_years="6",
        **{"episode.muscle": "calf", "episode.setting": "bed_night"},
        **{"episode.duration_minutes": "60"},
    )
    triage = page[page.index('<section class="triage') : page.index("</section>")]
    why = triage[triage.index('id="triage-why"') : triage.index("</li>", triage.index('id="triage-why"'))]
    # The reason the 60-minute pain is not urgent is the first reason, one tap away in the triage box (the
    # first screen keeps room for what to do now, issue 12 §2).
    assert "growing pains" in why


def test_asking_the_prescriber_comes_before_the_disclaimer(client: TestClient) -> None:
    page = plan_page(client, age_years="84", medications="warfarin, quinine")
    ask = page.index("Ask your prescriber or a pharmacist soon about quinine")
    assert ask < page.index('id="medicines"') + 2000 and ask < page.index("disclaimer")
    assert '<script src="/static/plan.js"' in page


def test_search_matches_are_marked_and_the_text_escaped(client: TestClient) -> None:
    page = client.get("/knowledge", params={"q": "magnesium"}).text
    hits = page[page.index('<ul class="hits">') : page.index("</ul>", page.index('<ul class="hits">'))]
    assert "<mark>" in hits.casefold() and "[magnesium]" not in hits.casefold()


def test_highlight_escapes_before_marking() -> None:
    from crampcare.web.render import highlight

    assert str(highlight("a <b> [cramp] & [x")) == "a &lt;b&gt; <mark>cramp</mark> &amp; [x"


def test_an_unknown_condition_gives_a_plan_with_the_warning_at_the_top(client: TestClient) -> None:
    # Issue 11 §5: "sarcoidosis" used to stop the form with an error (and a misleading "did you mean acidosis").
    page = plan_page(client, age_years="52", conditions="sarcoidosis, chest pain")
    box = page.index('id="not-checked"')
    assert box < page.index('id="for-you"') and box < page.index("disclaimer")
    assert "condition not checked: sarcoidosis" in page and "acidosis" not in page.casefold()
    assert "&#34;chest pain&#34; reads like an emergency" in page or '"chest pain" reads like an emergency' in page
    assert 'data-level="emergency"' in page


def test_a_medicine_that_may_add_to_the_cramps_comes_with_do_not_stop_it(client: TestClient) -> None:
    # Walk-through (a carer for a 79-year-old): "Furosemide: may add to the cramps" alone reads as "stop it",
    # and a loop diuretic stopped on one's own in heart failure is dangerous; the box says not to, once.
    page = plan_page(client, age_years="79", conditions="heart failure", medications="Furosemide 40mg\natorvastatin")
    box = page[page.index('id="medicines"') : page.index("</section>", page.index('id="medicines"'))]
    assert "May add to the cramps: loop diuretics" in box and "May add to the cramps: statins" in box
    assert box.count("Do not stop a prescribed medicine on your own.") == 1


def test_no_do_not_stop_line_when_no_medicine_adds_to_the_cramps(client: TestClient) -> None:
    page = plan_page(client, age_years="79", medications="levothyroxine\nmetformin")
    assert "Do not stop a prescribed medicine on your own." not in page


def test_quinines_own_do_not_stop_is_not_said_twice(client: TestClient) -> None:
    page = plan_page(client, age_years="79", medications="Furosemide 40mg\nquinine sulphate 200mg")
    box = page[page.index('id="medicines"') : page.index("</section>", page.index('id="medicines"'))]
    assert "May add to the cramps: loop diuretics" in box
    assert box.count("Do not stop a prescribed medicine on your own.") == 1


def test_the_suggested_foods_are_told_apart_when_their_names_have_commas(client: TestClient) -> None:
    # Walk-through: "Milk, fluid, nonfat, …, Tofu, hard, prepared with nigari, Cheese, …" read as one long list of
    # words; the foods are separated by semicolons, as each food's own name keeps its commas.
    from markupsafe import escape

    from crampcare import assess

    foods = [f for f in assess({"age_years": 79, "sex": "female"}).diet.foods if len(f.foods) > 1]
    assert foods and any("," in name for f in foods for name in f.foods)
    page = plan_page(client, age_years="79", sex="female")
    for f in foods:
        assert str(escape("; ".join(f.foods))) in page
