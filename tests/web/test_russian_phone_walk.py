"""What a walk through the Russian web app on a 390 px phone found (issue 15): the diary's refusal of a duration
names the field in Russian, and the plan's status badges, longer in Russian («✓ Можно делать самостоятельно»), stay
inside their cards instead of pushing the page sideways; the plan counts her medicines with their noun; a misspelt
medicine («Пананген») is still said to be unchecked, and the names box offers the known one it is close to."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from .conftest import PHONE, TestClient, shot, submit

CRAMP = {"muscle": "calf", "side": "left", "setting": "bed_night", "pain": "6"}


@pytest.mark.parametrize(("lang", "label"), [("ru", "Сколько длилась"), ("en", "How long")])
def test_a_refused_duration_is_named_in_the_readers_language(client: TestClient, lang: str, label: str) -> None:
    client.cookies.set("crampcare_lang", lang)
    page = submit(client, "/diary/episodes", {**CRAMP, "duration_minutes": "две"}, form_page="/diary")
    assert page.status_code == 422
    problems = re.search(r'<div class="problems".*?</div>', page.text, flags=re.S)
    assert problems is not None
    link = re.search(r'<a href="#d-duration">([^<]*)</a>', problems.group(0))
    assert link is not None and html.unescape(link.group(1)) == label


@pytest.mark.browser
@pytest.mark.slow
def test_the_russian_plans_badges_stay_on_a_phone_screen(browser: Any, server_url: str) -> None:
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="ru-RU", extra_http_headers={"Accept-Language": "ru"}
    )
    page = context.new_page()
    try:
        page.goto(server_url + "/assess")
        page.get_by_role("textbox", name=re.compile("^Возраст")).fill("74")
        page.get_by_role("button", name="Показать мой план").click()
        page.locator("section.triage").wait_for()
        page.locator("#expand-all").click()  # every card open, as «Развернуть все пояснения» does
        badges = page.locator(".option .badge")
        assert badges.count() > 0 and "Можно делать самостоятельно" in " ".join(badges.all_inner_texts())
        rights = page.evaluate(
            "[...document.querySelectorAll('.option .badge')].map(b => b.getBoundingClientRect().right)"
        )
        beyond = [right for right in rights if right > PHONE["width"]]
        shot(page, "ru-plan-badges-phone")
        assert not beyond, f"{len(beyond)} badges end past the {PHONE['width']} px screen, at {max(beyond)} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


def test_a_grandmothers_russian_medicines_are_counted_as_medicines(client: TestClient) -> None:
    """«Верошпирон», «Конкор», «Фуросемид» and a misspelt «Пананген»: the gist counts medicines with their noun
    («3 лекарства», «1 лекарство»), not a bare number, and a medicine typed by its own INN is not repeated after it."""
    client.cookies.set("crampcare_lang", "ru")
    medicines = "Верошпирон\nКонкор\nПананген\nФуросемид"
    page = submit(client, "/assess", {"age_years": "74", "sex": "female", "medications": medicines})
    assert page.status_code == 200
    gist = re.search(r'id="med-alert".*?</p>', page.text, flags=re.S)
    assert gist is not None
    said = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", gist.group(0))).split())
    assert "3 лекарства могут усиливать судороги." in said
    assert "1 лекарство не распознано, поэтому не проверено." in said
    box = re.search(r'<section class="medicines-box".*?</section>', page.text, flags=re.S)
    assert box is not None
    names = " ".join(re.sub(r"<[^>]+>", " ", box.group(0)).split())
    assert "Верошпирон (спиронолактон)" in names and "Фуросемид" in names
    assert "Фуросемид (фуросемид)" not in names


@pytest.mark.parametrize(
    ("lang", "typed", "said"),
    [
        ("ru", "Пананген", "Пананген → не распознано и не будет проверено; возможно, имелось в виду Панангин?"),
        ("ru", "Конкорд", "Конкорд → не распознано и не будет проверено; возможно, имелось в виду Конкор?"),
        ("en", "Lasixx", "Lasixx → not recognised: it will not be checked; did you mean Lasix?"),
    ],
)
def test_a_misspelt_medicine_is_unchecked_and_its_close_name_offered(
    client: TestClient, lang: str, typed: str, said: str
) -> None:
    answer = client.get("/assess/names", params={"medications": typed}, headers={"Accept-Language": lang})
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", answer.text)).split())
    assert said in text


def test_a_medicine_name_is_never_offered_a_self_care_option() -> None:
    """The drug names offered include the options' names (interventions): only those that are medicines count."""
    from crampcare.knowledge.loader import knowledge
    from crampcare.web.plan_view import check_names

    found = check_names(knowledge(), [], ["Lasics", "zzqx"])["medications"]
    assert [(n.resolved, n.suggestions) for n in found] == [(None, ()), (None, ())]


def test_a_condition_typed_in_russian_is_named_back_in_russian(client: TestClient) -> None:
    """«ХБП» resolves to the record's Russian name in the names box and under «Что было введено», not its English
    one; English readers keep theirs."""
    for lang, name in (("ru", "ХБП → Хроническая болезнь почек (ХБП)"), ("en", "ХБП → Chronic kidney disease")):
        client.cookies.set("crampcare_lang", lang)
        box = client.get("/assess/names", params={"conditions": "ХБП"}).text
        assert name in " ".join(html.unescape(re.sub(r"<[^>]+>", " ", box)).split())
        plan = submit(client, "/assess", {"age_years": "66", "conditions": "ХБП"})
        entered = re.search(r'id="entered".*?</details>', plan.text, flags=re.S)
        assert entered is not None
        assert name in " ".join(html.unescape(re.sub(r"<[^>]+>", " ", entered.group(0))).split())


@pytest.mark.parametrize(
    ("lang", "rows"),
    [
        (
            "ru",
            [
                "Калий 5,6 ммоль/л ВЫШЕ НОРМЫ 3,5–5,3 ммоль/л",
                "Глюкоза 6,1 ммоль/л",
                "(верхняя граница — для анализа натощак)",
            ],
        ),
        (
            "en",
            ["Potassium 5.6 mmol/L HIGH 3.5–5.3 mmol/L", "Glucose 6.1 mmol/L", "(upper limit for a fasting sample)"],
        ),
    ],
)
def test_the_plans_lab_table_is_in_the_readers_language(client: TestClient, lang: str, rows: list[str]) -> None:
    """The lab table of a man with CKD: the lab's name, his value and the usual range as his language writes them
    (in Russian «Калий», «5,6», «ммоль/л»; it showed "Potassium", "5.6", "3.5–5.3 mmol/L")."""
    client.cookies.set("crampcare_lang", lang)
    fields = {"age_years": "66", "conditions": "ХБП", "labs.potassium": "5.6", "labs.glucose": "6.1"}
    plan = submit(client, "/assess", fields)
    table = re.search(r'<table class="labs">.*?</table>', plan.text, flags=re.S)
    assert table is not None
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", table.group(0))).split())
    for row in rows:
        assert row in text, text
    if lang == "ru":
        assert not re.search(r"[A-Za-z]{2,}", re.sub(r"\[\d+\]", "", text)), text
