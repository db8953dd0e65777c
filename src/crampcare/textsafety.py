"""Characters that must not travel from a person's input to a screen or into a name.

Control characters (C0 except line breaks and tabs, DEL, C1) and the Unicode bidirectional overrides can carry
terminal escape sequences or make text display as something else; in a medicine's name they also make it
unrecognisable, so its interactions would go unchecked. Names refuse them; free text keeps only line breaks and
tabs; output shows any that remain as visible escapes (\\x1b), never raw.
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_IN_NAME = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_ON_SCREEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def first_unsafe_in_name(text: str) -> str | None:
    """The first control or bidi-override character of a name, shown as an escape (e.g. "\\x1b"); None if none."""
    found = _UNSAFE_IN_NAME.search(text)
    return _visible(found) if found else None


def first_unsafe_in_text(text: str) -> str | None:
    """As `first_unsafe_in_name`, but free text may hold line breaks and tabs."""
    found = _UNSAFE_IN_TEXT.search(text)
    return _visible(found) if found else None


def terminal_safe(text: str) -> str:
    """Text for a terminal: every control character but line breaks and tabs becomes a visible escape."""
    return _UNSAFE_ON_SCREEN.sub(_visible, text)
