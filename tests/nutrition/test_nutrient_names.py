"""Nutrients named in Russian (issue 15): `foods top магний` ranks magnesium; inflected forms and look-alike
letters resolve; a Russian phrase is never read through the English key (which drops Cyrillic letters)."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from crampcare.cli.main import app
from crampcare.errors import InputError
from crampcare.nutrition.foods import BY_ID, RUSSIAN_NAMES, _russian_key, nutrient

NAMES: dict[str, list[str]] = yaml.safe_load(RUSSIAN_NAMES.read_text(encoding="utf-8"))["names"]


def test_every_nutrient_has_a_russian_name_and_every_name_resolves_to_its_own_nutrient() -> None:
    assert set(NAMES) == set(BY_ID)
    for nutrient_id, names in NAMES.items():
        for name in names:
            assert nutrient(name).id == nutrient_id, name


def test_no_two_nutrients_share_a_russian_name_once_stemmed() -> None:
    owners: dict[str, str] = {}
    for nutrient_id, names in NAMES.items():
        for name in names:
            key = _russian_key(name)
            assert owners.setdefault(key, nutrient_id) == nutrient_id, (name, owners[key], nutrient_id)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Магния", "magnesium"),
        ("калием", "potassium"),
        ("кальция", "calcium"),
        ("витамин В6", "vitamin_b6"),  # Cyrillic В
        ("Витамина D", "vitamin_d"),
        ("фосфора", "phosphorus"),
        ("магнезиум", None),  # not a name crampcare lists: refused, not guessed
        ("магний B6", None),  # the English key would read only "b6": a Russian phrase must not
    ],
)
def test_inflected_and_look_alike_names(typed: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(InputError) as caught:
            nutrient(typed)
        assert caught.value.field == "NUTRIENT"
    else:
        assert nutrient(typed).id == expected


def test_foods_top_in_russian_takes_a_russian_nutrient_name() -> None:
    by_id = CliRunner().invoke(app, ["--lang", "ru", "foods", "top", "magnesium", "--limit", "5"])
    by_name = CliRunner().invoke(app, ["--lang", "ru", "foods", "top", "магний", "--limit", "5"])
    assert by_name.exit_code == 0, by_name.output
    assert by_name.output == by_id.output


def test_an_unknown_nutrient_is_refused_in_the_readers_language() -> None:
    from crampcare import i18n

    with i18n.use("ru"):
        with pytest.raises(InputError) as russian:
            nutrient("xyz")
        said = russian.value.one_line()
    with i18n.use("en"), pytest.raises(InputError) as english:
        nutrient("xyz")
    with i18n.use("en"):
        assert english.value.one_line().startswith("NUTRIENT: unknown nutrient 'xyz' (valid: energy,")
    assert said.startswith("NUTRIENT: неизвестное питательное вещество 'xyz'")
    assert "unknown" not in said
