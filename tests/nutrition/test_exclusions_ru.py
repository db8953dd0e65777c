"""A person's food exclusions typed in Russian leave out the foods whose Russian name says it (issue 15)."""

from __future__ import annotations

import pytest

from crampcare.nutrition import filters, russian
from crampcare.nutrition.advice import top_foods
from crampcare.nutrition.foods import food_table


def _shown(**kwargs: object) -> list[str]:
    return [russian.food_name(r.food).casefold() for r in top_foods("magnesium", limit=40, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("word", "stem"), [("арахис", "арахис"), ("Орехи", "орех"), ("миндалём", "миндал"), ("кунжута", "кунжут")]
)
def test_a_russian_word_leaves_out_the_foods_it_names(word: str, stem: str) -> None:
    assert any(stem in name for name in _shown())  # the list has such foods, so the exclusion has work to do
    assert not any(stem in name for name in _shown(exclude=(word,)))


def test_every_word_of_a_russian_phrase_must_be_in_the_name() -> None:
    table = food_table()
    butter = filters.excluded_mask(table, ("арахисовое масло",))
    peanut = filters.excluded_mask(table, ("арахис",))
    assert 0 < butter.sum() < peanut.sum()
    assert not (butter & ~peanut).any()  # a phrase never leaves out more than one of its words
    for food, out in zip(table.foods, butter, strict=True):
        if out:
            name = russian.food_name(food).casefold()
            assert "арахис" in name and "масл" in name, name


def test_yo_and_ye_are_one_letter() -> None:
    table = food_table()
    assert (filters.excluded_mask(table, ("солёный",)) == filters.excluded_mask(table, ("соленый",))).all()
    assert filters.excluded_mask(table, ("солёный",)).any()


def test_english_words_leave_out_what_they_did_before() -> None:
    table = food_table()
    for words in [("peanut",), ("shellfish", "Milk"), ("nuts", " ")]:
        folded = [w.casefold() for w in words if w.strip()]
        expected = [any(w in f"{f.name} {f.group}".casefold() for w in folded) for f in table.foods]
        assert filters.excluded_mask(table, words).tolist() == expected


def test_a_meal_plan_leaves_out_a_food_excluded_in_russian() -> None:
    from crampcare.nutrition.plan import MealPlan, plan_menu

    def names(plan: MealPlan) -> list[str]:
        local = russian.names()
        return [local.get(item.ndb, item.name).casefold().replace("ё", "е") for item in plan.days[0].items]

    plain = names(plan_menu(kcal=2000))
    word = next(w for w in ("орех", "молок", "хлеб", "сыр", "йогурт", "рис", "яблок") if any(w in n for n in plain))
    left = names(plan_menu(kcal=2000, exclude=(word,)))
    assert left and not any(word in n for n in left), left


@pytest.mark.parametrize("word", ["penut", "arachis", "арахисс", "xyz"])
def test_a_word_that_leaves_out_nothing_is_refused_naming_the_option(word: str) -> None:
    from crampcare.errors import InputError
    from crampcare.nutrition.plan import plan_menu

    with pytest.raises(InputError) as top:
        top_foods("magnesium", exclude=("peanut", word))
    assert top.value.field == "--exclude" and repr(word) in str(top.value)
    with pytest.raises(InputError) as plan:
        plan_menu(kcal=2000, exclude=(word,))
    assert plan.value.field == "exclude"


def test_the_cli_says_which_exclusion_leaves_out_nothing_in_russian() -> None:
    import subprocess
    import sys

    args = ["--lang", "ru", "foods", "top", "magnesium", "--exclude", "penut"]
    result = subprocess.run([sys.executable, "-m", "crampcare", *args], capture_output=True, text=True, check=False)
    said = result.stdout + result.stderr
    assert result.returncode == 2, said
    assert "--exclude" in said and "'penut'" in said and "Traceback" not in said
    assert "ничего" in said and "арахис" in said, said
