"""What "English left in Russian mode" means for the tests (issue 15): the catalogue's own English texts.

Every catalogue entry of three words or more, as it would show (placeholders cut out), except a text the knowledge
data also says (the clinical records' Russian is the knowledge base's `ru:` blocks, checked by their own tests).
Both the web pages and the CLI commands rendered in Russian must show none of them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "src" / "crampcare" / "locale"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


@cache
def knowledge_text() -> str:
    return " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in (LOCALE.parent / "data").rglob("*.yaml"))


@cache
def english_interface_texts() -> list[str]:
    with (LOCALE / "ru" / "LC_MESSAGES" / "crampcare.po").open("rb") as handle:
        catalog = read_po(handle, locale="ru")
    texts = []
    for message in catalog:
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        for piece in PLACEHOLDER.split(msgid or ""):
            piece = piece.strip(" :;,.()")
            if len(piece.split()) >= 3 and piece not in knowledge_text():
                texts.append(piece)
    return texts


def english_left(text: str) -> list[str]:
    """The catalogue's English texts that `text` (a page's visible text, a command's output) still shows."""
    flat = " ".join(text.split())
    return [english for english in english_interface_texts() if english in flat]


# An ISO date (2026-12-06) in a Russian text is a date not written as the reader writes it (Babel: «6 декабря
# 2026»). What a person types back keeps its ISO date: a command in backticks or after `crampcare`, an option's
# value (--day 2024-05-01) and the format's example after «например». A moment with its time (2026-12-01T03:00+03:00,
# 2026-12-06T03:14:00.5Z) is said the same way, with its offset («1 декабря 2026, 03:00 UTC+03:00»).
ISO_DATE = re.compile(
    r"(?<![\d-])\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?(?![\dT])"
)
TYPED = re.compile(
    r"`[^`]*`|crampcare (?:diary|kb|first-aid|assess|schema|serve|foods|experiment)(?: (?:--?[\w-]+|[\w./:-]+))*"
    r"|--[a-z][\w-]* \S+|например,? (?:--[a-z][\w-]* )?\S+"
)


def iso_dates_left(text: str) -> list[str]:
    """The ISO dates and date-times `text` (Russian) shows besides what a person types back."""
    return ISO_DATE.findall(TYPED.sub(" ", text))
