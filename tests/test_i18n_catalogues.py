"""The message catalogues are complete: every marked string has its Russian, and every Russian keeps its placeholders.

Marking a new string (`_("…")`, `{% trans %}`) without running `make messages` and translating it fails here,
naming the string. The extraction reads the same babel.cfg as `make messages`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "crampcare" / "locale"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


@cache
def catalogue(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES" / "crampcare.po").open("rb") as handle:
        return read_po(handle, locale=lang)


@cache
def marked() -> dict[tuple[str, str | None], str]:
    """Every marked msgid in the source (with its context), and the first file that marks it."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[tuple[str, str | None], str] = {}
    for filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault((msgid, context), filename)
    return found


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return "fuzzy" not in message.flags and all(s.strip() for s in strings)


def test_the_source_marks_interface_text() -> None:
    assert len(marked()) >= 10  # the extraction sees templates and Python; an empty result would pass everything


def test_every_marked_string_has_a_russian_translation() -> None:
    ru = catalogue("ru")
    missing = [
        f"{where}: {msgid!r}"
        for (msgid, context), where in sorted(marked().items(), key=lambda item: item[1])
        if not ((entry := ru.get(msgid, context)) is not None and _translated(entry))
    ]
    assert not missing, (
        "untranslated (run `make messages`, then translate in ru/LC_MESSAGES/crampcare.po):\n" + "\n".join(missing)
    )


def _entries(lang: str) -> list[Message]:
    return [m for m in catalogue(lang) if m.id]


@pytest.mark.parametrize("lang", ["ru"])
def test_every_catalogue_entry_is_translated_and_keeps_its_placeholders(lang: str) -> None:
    problems = []
    for message in _entries(lang):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not _translated(message):
            problems.append(f"{ids[0]!r}: not translated")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            # A plural form may leave the count out ("одна судорога"), never add or rename a placeholder.
            if set(PLACEHOLDER.findall(text)) - wanted or (
                len(strings) == 1 and set(PLACEHOLDER.findall(text)) != wanted
            ):
                problems.append(f"{ids[0]!r}: placeholders {sorted(wanted)} but {text!r}")
    assert not problems, "\n".join(problems)


def test_russian_plurals_have_three_forms() -> None:
    ru = catalogue("ru")
    assert ru.num_plurals == 3
    for message in _entries("ru"):
        if isinstance(message.id, tuple):
            assert len(message.string) == 3, message.id


def test_no_catalogue_entry_is_left_over_from_removed_text() -> None:
    stale = [
        m.id for m in _entries("ru") if ((m.id[0] if isinstance(m.id, tuple) else m.id), m.context) not in marked()
    ]
    assert not stale, f"entries no source marks any more (run `make messages`): {stale}"
