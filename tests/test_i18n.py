"""crampcare.i18n: choosing a language, plural forms (fractions too), numbers and dates in the reader's way."""

from __future__ import annotations

import gettext
import io
import os
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from crampcare import i18n
from crampcare.errors import InputError


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "ru"),
        ("en-GB,en;q=0.9,ru;q=0.5", "en"),
        ("de-DE,ru;q=0.3", "ru"),  # the first language crampcare has
        ("ru;q=0, en;q=0.2", "en"),  # q=0 means "not this one"
        ("de, fr", None),
        ("", None),
        ("ru;q=abc", None),
    ],
)
def test_accept_language_is_negotiated_by_quality(header: str, expected: str | None) -> None:
    assert i18n.negotiate(header) == expected


@pytest.mark.parametrize(("given", "expected"), [("ru", "ru"), ("RU", "ru"), ("ru_RU.UTF-8", "ru"), ("en-GB", "en")])
def test_language_codes_are_read_loosely(given: str, expected: str) -> None:
    assert i18n.check(given) == expected


def test_an_unknown_language_names_the_field_and_what_is_valid() -> None:
    with pytest.raises(InputError) as caught:
        i18n.check("de", field="--lang")
    assert caught.value.field == "--lang"
    assert caught.value.valid == "en, ru"


def test_the_cli_language_comes_from_crampcare_lang_then_the_locale() -> None:
    assert i18n.from_environment({"CRAMPCARE_LANG": "ru", "LANG": "en_US.UTF-8"}) == "ru"
    assert i18n.from_environment({"LANG": "ru_RU.UTF-8"}) == "ru"
    assert i18n.from_environment({"LC_ALL": "C.UTF-8", "LANG": "ru_RU.UTF-8"}) == "en"  # LC_ALL wins, not ours
    assert i18n.from_environment({}) == "en"
    with pytest.raises(InputError, match="CRAMPCARE_LANG"):
        i18n.from_environment({"CRAMPCARE_LANG": "klingon"})


def _plural_catalogue() -> gettext.GNUTranslations:
    catalog = Catalog(locale="ru")
    catalog.add(("%(num)s cramp", "%(num)s cramps"), ("%(num)s судорога", "%(num)s судороги", "%(num)s судорог"))
    out = io.BytesIO()
    write_mo(out, catalog)
    return gettext.GNUTranslations(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize(
    ("count", "word"),
    [(1, "судорога"), (2, "судороги"), (4, "судороги"), (5, "судорог"), (11, "судорог"), (21, "судорога"),
     (22, "судороги"), (1.5, "судороги"), (2.0, "судороги"), (0.5, "судороги")],
)  # fmt: skip
def test_russian_plural_forms_include_fractions(monkeypatch: pytest.MonkeyPatch, count: float, word: str) -> None:
    monkeypatch.setattr(i18n, "translations", lambda lang: _plural_catalogue())
    with i18n.use("ru"):
        assert i18n.ngettext("%(num)s cramp", "%(num)s cramps", count) % {"num": count} == f"{count} {word}"


def test_english_fractions_take_the_plural() -> None:
    assert i18n.ngettext("%(num)s cramp", "%(num)s cramps", 1.5) == "%(num)s cramps"
    assert i18n.ngettext("%(num)s cramp", "%(num)s cramps", 1) == "%(num)s cramp"


def test_numbers_and_dates_follow_the_language() -> None:
    assert i18n.format_number(1.5) == "1.5"
    assert i18n.format_number(2.345, digits=1) == "2.3"
    with i18n.use("ru"):
        assert i18n.format_number(1.5) == "1,5"
        assert i18n.format_number(1234.5, digits=1) == "1\xa0234,5"
        assert "дек" in i18n.format_day(date(2026, 12, 5))
    assert i18n.current() == "en"  # use() restores the language it found


def test_the_russian_catalogue_translates_and_english_is_the_fallback() -> None:
    with i18n.use("ru"):
        assert i18n._("Cramp now") == "Судорога сейчас"
        assert i18n._("a text no catalogue has") == "a text no catalogue has"
    assert i18n._("Cramp now") == "Cramp now"


def test_a_compiled_mo_older_than_its_po_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "ru" / "LC_MESSAGES"
    base.mkdir(parents=True)
    (base / "crampcare.po").write_text('msgid "Diary"\nmsgstr "Дневник"\n', encoding="utf-8")
    (base / "crampcare.mo").write_bytes(b"stale")
    os.utime(base / "crampcare.mo", (1, 1))
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    data = i18n._mo_bytes("ru")
    assert data is not None
    assert gettext.GNUTranslations(io.BytesIO(data)).gettext("Diary") == "Дневник"
