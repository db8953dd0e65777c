"""`crampcare --lang ru foods plan` (issue 15): the whole menu in Russian, numbers as Russian writes them.

Each plan is run through the real entry point in Russian, as text and as JSON, for the profiles whose limits
differ (none given, CKD on an ACE inhibitor, dialysis with a high potassium, pregnancy with a medicine allergy,
hypercalcaemia with kidney stones, a child). The text fails on any catalogue English left (tests/english_left.py)
and on any run of three Latin words outside a food's name; the English plan stays English.
"""

from __future__ import annotations

import contextvars
import json
import re
from pathlib import Path
from typing import Any

import pytest

from crampcare import i18n
from crampcare.cli.main import run
from crampcare.nutrition import russian
from crampcare.nutrition.plan import DayMenu
from crampcare.nutrition.report import _counted
from english_left import english_left

PROFILES: dict[str, dict[str, Any] | None] = {
    "none given": None,
    "ckd": {"age_years": 68, "conditions": ["CKD"], "medications": ["ramipril"], "labs": {"egfr": 38}},
    "dialysis": {"age_years": 60, "conditions": ["dialysis"], "labs": {"egfr": 12, "potassium": 5.6}},
    "pregnancy": {"age_years": 28, "sex": "female", "pregnancy_weeks": 20, "allergies": ["penicillin"]},
    "calcium": {"age_years": 50, "conditions": ["kidney stones", "hypercalcaemia"], "labs": {"ionized_calcium": 1.4}},
    "stones": {"age_years": 45, "sex": "male", "conditions": ["kidney stones"], "medications": ["zzq"]},
    "child": {"age_years": 12},
}
EXTRA = {"child": ["--kcal", "1800"], "none given": ["--days", "2"]}
# Three or more Latin words in a row (a source id such as kdigo_ckd_2024 or a flag such as --kcal is not a word run).
LATIN_RUN = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z'’]*(?:[ ,;:()]+[A-Za-z][A-Za-z'’]*(?![\w-])){2,}")


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        contextvars.copy_context().run(run, argv)
    captured = capsys.readouterr()
    assert not exited.value.code, captured.err
    return captured.out


def _plan(who: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], *more: str) -> str:
    argv = ["--lang", lang, "foods", "plan", *EXTRA.get(who, []), *more]
    profile = PROFILES[who]
    if profile is not None:
        path = tmp_path / "profile.json"
        path.write_text(json.dumps(profile), encoding="utf-8")
        argv += ["--profile", str(path)]
    return _run(argv, capsys)


@pytest.mark.parametrize("who", list(PROFILES))
def test_the_russian_plan_shows_no_english(who: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _plan(who, "ru", tmp_path, capsys)
    items = [item for day in json.loads(_plan(who, "ru", tmp_path, capsys, "--json"))["days"] for item in day["items"]]
    assert not english_left(text), english_left(text)
    for item in items:  # a food with a Russian name is shown by it; only the others keep their English name
        assert item["name"] == russian.names().get(item["ndb"], item["name"])
        assert f"{item['name']} (" in text
    rest = text
    for name in sorted({item["name"] for item in items}, key=len, reverse=True):
        rest = rest.replace(name, "")
    assert LATIN_RUN.findall(rest) == []
    assert "Питьё:" in text and "Учтённые ограничения:" in text and "В день (в среднем)" in text
    assert re.search(r"^  Завтрак \(\d[\d\u00a0]* ккал\)$", text, re.MULTILINE)
    assert re.search(r"\d\.\d", text) is None  # decimal comma everywhere


def test_numbers_are_written_the_russian_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _plan("none given", "ru", tmp_path, capsys)
    assert re.search(r"^День 1 \(\d\u00a0\d{3} ккал; ", text, re.MULTILINE)  # «1 870 ккал»: Russian grouping
    assert re.search(r"^  Энергия +\d\u00a0\d{3} ккал +2\u00a0000 ккал +\d\u00a0\d{3} ккал +выполнено$", text, re.M)
    assert re.search(r"^  Витамин B6 +1,3 мг +100 мг +\d+,\d+ мг", text, re.MULTILINE)  # the adult RDA, 1,3 mg
    assert "нормы для взрослого 40 лет" in text


def test_limits_and_their_reasons_are_russian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ckd = _plan("ckd", "ru", tmp_path, capsys)
    assert "  - Калий: рСКФ 38 < 45 (ХБП С3б–С5); ramipril (ингибиторы АПФ) задерживает калий в организме" in ckd
    assert "не больше 2\u00a0000 мг/сут (обычная диета с ограничением калия)" in ckd
    assert (
        "  - Натрий: хроническая болезнь почек: натрия меньше 2\u00a0300 мг/сут [источники: kdoqi_nutrition_2020]"
        in ckd
    )
    dialysis = _plan("dialysis", "ru", tmp_path, capsys)
    assert "состояние: лечение диализом" in dialysis and "калий крови 5,6 ммоль/л > 5:" in dialysis
    assert "  - Магний: состояние: лечение диализом; " in dialysis and "(ХБП С4–С5)" in dialysis
    calcium = _plan("calcium", "ru", tmp_path, capsys)
    assert "  - Кальций: состояние: высокий кальций (гиперкальциемия): не увеличивайте" in calcium
    stones = _plan("stones", "ru", tmp_path, capsys)
    assert "камни в почках: получайте с пищей обычное количество кальция (1\u00a0000–1\u00a0200 мг/сут)" in stones
    assert "  ! не распознано, поэтому ограничения по этим названиям не учтены: zzq" in stones
    assert "Примечание: Аллергии в профиле — это аллергии на лекарства" in _plan("pregnancy", "ru", tmp_path, capsys)
    assert "(в годах: 12; таблицы начинаются с 1 года)" in _plan("child", "ru", tmp_path, capsys)


@pytest.mark.parametrize(
    ("portions", "said"),
    [
        ({"vegetables": 1.0, "fruit": 2.0}, "1 порция овощей, 2 порции фруктов"),
        ({"vegetables": 5.0, "fruit": 2.5}, "5 порций овощей, 2,5 порции фруктов"),
        ({"vegetables": 21.0, "fruit": 3.4}, "21 порция овощей, 3,4 порции фруктов"),
    ],
)
def test_portions_take_their_russian_plural(portions: dict[str, float], said: str) -> None:
    day = DayMenu(day=1, items=[], totals={}, portions=portions)
    with i18n.use("ru"):
        assert _counted(day) == said
    assert _counted(day).startswith(f"{portions['vegetables']:.1f} vegetables portions")  # English as before


def test_json_keeps_its_keys_and_ids_and_its_texts_follow_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ru = json.loads(_plan("ckd", "ru", tmp_path, capsys, "--json"))
    en = json.loads(_plan("ckd", "en", tmp_path, capsys, "--json"))
    assert ru.keys() == en.keys() and [c["nutrient"] for c in ru["checks"]] == [c["nutrient"] for c in en["checks"]]
    assert [i["ndb"] for d in ru["days"] for i in d["items"]] == [i["ndb"] for d in en["days"] for i in d["items"]]
    assert [m["label"] for m in ru["meals"]] == ["Завтрак", "Обед", "Ужин", "Перекус"]
    assert [m["label"] for m in en["meals"]] == ["Breakfast", "Lunch", "Dinner", "Snack"]
    cyrillic = re.compile("[а-яё]", re.IGNORECASE)
    for text in [
        ru["structure_note"],
        ru["source_note"],
        *ru["hydration"],
        *(limit["reason"] for limit in ru["limits"]),
    ]:
        assert cyrillic.search(text), text
    assert {t["life_stage"] for t in ru["targets"]} == {"пол не указан, 68 лет"}  # the CKD profile gives no sex
    assert all(cyrillic.search(t["note"]) for t in ru["targets"] if t["note"])
    assert {i["group"] for d in ru["days"] for i in d["items"]} <= set(russian.groups().values())
    assert en["targets"][0]["life_stage"] == "any sex, 68 y" and en["targets"][0]["note"].startswith("The UL (350 mg")
    english_texts = [en["structure_note"], *en["hydration"], *(limit["reason"] for limit in en["limits"])]
    assert not any(cyrillic.search(text) for text in english_texts)


def test_the_english_plan_stays_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _plan("ckd", "ru", tmp_path, capsys)  # Russian first: nothing of it may stick to the English run after it
    text = _plan("ckd", "en", tmp_path, capsys)
    assert re.search("[а-яё]", text, re.IGNORECASE) is None
    assert "Per day (average)   target      limit       menu\n" in text and "  Breakfast (" in text
    assert "  - potassium: eGFR 38 < 45 (CKD G3b-G5); ramipril (ace inhibitors) keeps potassium in the body" in text


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["plan", "--days", "20"], "--days: должно быть от 1 до 14 (указано 20)"),
        (["plan", "--kcal", "500"], "--kcal: 500 ккал — неправдоподобная калорийность на день"),
        (["plan", "--diet", "keto"], "--diet: неизвестная диета 'keto' (допустимо: vegetarian, vegan, lactose_free)"),
        (["plan", "--exclude", "a", "--exclude", "e", "--exclude", "i", "--exclude", "o"],
         "с учётом диеты и исключений не осталось ни одного продукта"),
        (["plan", "--kcal", "5000", "--profile", "dialysis"],
         "ни одно меню (завтрак, обед, ужин, перекус и как минимум 3 порции овощей и 2 порции фруктов в день) "
         "не укладывается в 4\u00a0500–5\u00a0000 ккал, если брать доступные продукты (ограничения: "),
        (["plan", "--kcal", "1000", *(x for w in ("milk", "yogurt", "cheese", "fish", "salmon", "cereal", "egg",
                                                   "mushroom") for x in ("--exclude", w))],
         "Витамин D: 15 мкг не набрать в пределах 1\u00a0000 ккал, если брать доступные продукты"),
        (["plan", "--profile", "child"], "обязательно для ребёнка (age_years 12): 2\u00a0000 ккал по умолчанию"),
        (["plan", "--profile", "baby"], "age_years: 0,5 — младше 1 года"),
        (["top", "magnesium", "--per", "x"], "--per: неизвестная база расчёта 'x'"),
        (["top", "magnesium", "--group", "zzz"], "--group: нет продуктов в группе 'zzz' (допустимо: Баранина, "),
        (["top", "magnesium", *(x for w in "aeiou" for x in ("--exclude", w))],
         "--exclude: после исключения 'a', 'e', 'i', 'o', 'u' не осталось ни одного продукта"),
    ],
)  # fmt: skip
def test_refusals_are_russian(argv: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    people = {**PROFILES, "baby": {"age_years": 0.5}}
    if "--profile" in argv:  # the profile named by its key here, written to a file
        at = argv.index("--profile") + 1
        path = tmp_path / f"{argv[at]}.json"
        path.write_text(json.dumps(people[argv[at]]), encoding="utf-8")
        argv = [*argv[:at], str(path), *argv[at + 1 :]]
    with pytest.raises(SystemExit) as exited:
        contextvars.copy_context().run(run, ["--lang", "ru", "foods", *argv])
    err = capsys.readouterr().err
    assert exited.value.code in (1, 2) and said in err and err.count("\n") == 1
    assert not english_left(err), english_left(err)
