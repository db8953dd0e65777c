"""The SR28 food groups in Russian (issue 15, data/nutrition/food_groups.ru.yaml): shown by `foods show`, matched by
`foods top --group`."""

from __future__ import annotations

import contextvars
import json

import pytest

from crampcare.cli.main import run
from crampcare.knowledge.translated import CYRILLIC
from crampcare.nutrition import russian
from crampcare.nutrition.advice import top_foods
from crampcare.nutrition.foods import food_table


def test_every_group_of_the_table_has_a_russian_name_and_no_other() -> None:
    table_groups = {food.group for food in food_table().foods}
    assert set(russian.groups()) == table_groups
    assert [name for name in russian.groups().values() if not CYRILLIC.search(name)] == []


def test_a_group_can_be_named_in_russian_or_english() -> None:
    fish = "Finfish and Shellfish Products"
    by_russian = top_foods("magnesium", group="рыба", limit=5)
    assert by_russian and {ranked.food.group for ranked in by_russian} == {fish}
    assert [r.food.ndb for r in by_russian] == [r.food.ndb for r in top_foods("magnesium", group="fish", limit=5)]


def test_foods_show_names_the_group_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        contextvars.copy_context().run(run, ["--lang", "ru", "foods", "show", "11457"])
    assert capsys.readouterr().out.startswith("Шпинат свежий [11457] — Овощи и продукты из них\n")
    with pytest.raises(SystemExit):
        contextvars.copy_context().run(run, ["--lang", "en", "foods", "show", "11457"])
    assert "] — Vegetables and Vegetable Products\n" in capsys.readouterr().out


def test_top_and_show_json_keep_keys_and_ids_and_say_their_texts_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    def json_of(*argv: str) -> object:
        with pytest.raises(SystemExit):
            contextvars.copy_context().run(run, list(argv))
        return json.loads(capsys.readouterr().out)

    ru_top = json_of("--lang", "ru", "foods", "top", "magnesium", "--limit", "3", "--json")
    en_top = json_of("--lang", "en", "foods", "top", "magnesium", "--limit", "3", "--json")
    assert isinstance(ru_top, list) and isinstance(en_top, list)
    assert [(r["ndb"], r["amount"], r["unit"], r["per"]) for r in ru_top] == [
        (r["ndb"], r["amount"], r["unit"], r["per"]) for r in en_top
    ]
    assert all(CYRILLIC.search(r["name"]) and CYRILLIC.search(r["group"]) for r in ru_top)
    assert not any(CYRILLIC.search(r["name"] + r["group"] + r["serving"]) for r in en_top)
    ru_show = json_of("--lang", "ru", "foods", "show", "11457", "--json")
    assert isinstance(ru_show, dict) and ru_show["name"] == "Шпинат свежий"
    assert ru_show["serving"] == {"label": "1 стакан (240 мл)", "grams": 30.0}
