"""Interface text in the reader's language: gettext catalogues (Babel), the active language, numbers and dates.

Words a person reads are marked in the code and templates (`_("…")`, `ngettext(…)`, `{% trans %}`) and
translated from `locale/<lang>/LC_MESSAGES/crampcare.po`; `make messages` extracts, updates and compiles
them. A wheel carries the compiled `.mo` (setup.py compiles at build time); a source checkout that was
never compiled reads the `.po` itself, so the tests and an editable install never show a stale text.

The active language is a context variable: the CLI sets it once, the web and API set it for each
request (`use(lang)`), and everything that formats text reads it, so the core never imports an interface.
English is the default and the fallback: a text missing from a catalogue is shown in English.
"""

from __future__ import annotations

import gettext
import io
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from crampcare.errors import InputError

DOMAIN = "crampcare"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT = "en"
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}
ENV = "CRAMPCARE_LANG"

_active: ContextVar[str] = ContextVar("crampcare_lang", default=DEFAULT)
# A representative whole number for each CLDR plural category: gettext's plural formula takes integers only,
# so a fraction (1.5 cramps) is turned into the whole number whose form CLDR gives it ("other": 1,5 эпизода,
# the same word as 2 эпизода; English "other": 1.5 cramps like 2 cramps).
_CATEGORY_NUMBER = {"one": 1, "few": 2, "many": 5, "other": 2, "two": 2, "zero": 0}


def _mo_bytes(lang: str) -> bytes | None:
    """The compiled catalogue: the shipped .mo when it is at least as new as its .po, else the .po compiled now."""
    base = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = base / f"{DOMAIN}.po", base / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        return mo.read_bytes()
    if not po.is_file():
        return None
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue for a language (English: the texts as written)."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    data = _mo_bytes(lang)
    if data is None:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(data))


def check(lang: str, *, field: str = "lang") -> str:
    """A language code crampcare has ("ru", "RU", "ru_RU.UTF-8" -> "ru"), or InputError naming the field."""
    code = re.split(r"[-_.@]", lang.strip(), maxsplit=1)[0].lower()
    if code in LANGUAGES:
        return code
    raise InputError(
        _("unknown language %(code)s") % {"code": repr(lang.strip())}, field=field, valid=", ".join(LANGUAGES)
    )


def negotiate(accept_language: str | None) -> str | None:
    """The best language crampcare has from an Accept-Language header (RFC 9110 q-values), or None."""
    if not accept_language:
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")[:32]):  # a header is bounded; 32 ranges is plenty
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q\s*=\s*([^;\s]*)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                continue
        code = tag.strip().split("-")[0].lower()
        if quality > 0 and code in LANGUAGES:
            ranked.append((-quality, index, code))
    return min(ranked)[2] if ranked else None


def from_environment(environ: dict[str, str] | None = None) -> str:
    """The CLI's language when no --lang is given: CRAMPCARE_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG)."""
    env = os.environ if environ is None else environ
    chosen = env.get(ENV, "").strip()
    if chosen:
        return check(chosen, field=ENV)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            code = re.split(r"[-_.@]", value, maxsplit=1)[0].lower()
            return code if code in LANGUAGES else DEFAULT
    return DEFAULT


def current() -> str:
    return _active.get()


def activate(lang: str) -> None:
    """Make a language active for the rest of this context (the CLI's one run)."""
    _active.set(lang)


@contextmanager
def use(lang: str) -> Iterator[None]:
    """Make a language active inside a block (one request, one rendered report)."""
    token = _active.set(lang)
    try:
        yield
    finally:
        _active.reset(token)


def _(message: str) -> str:
    """The message in the active language."""
    return translations(_active.get()).gettext(message)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; `_()` translates it where it is shown."""
    return message


def pgettext(context: str, message: str) -> str:
    return translations(_active.get()).pgettext(context, message)


def plural_number(number: float | Decimal, lang: str | None = None) -> int:
    """The whole number whose plural form a number takes in a language (1.5 -> CLDR "other")."""
    if isinstance(number, int):
        return number
    if float(number).is_integer():
        return int(number)
    from babel import Locale

    category = Locale.parse(lang or _active.get()).plural_form(number)
    return _CATEGORY_NUMBER.get(category, 2)


def ngettext(singular: str, plural: str, number: float | Decimal) -> str:
    """The form of a message for a count (1 эпизод, 2 эпизода, 5 эпизодов, 1,5 эпизода)."""
    return translations(_active.get()).ngettext(singular, plural, plural_number(number))


def format_number(number: float | Decimal, *, digits: int | None = None) -> str:
    """A number as the reader writes it (1.5 / 1,5), with at most `digits` decimals."""
    from babel.numbers import format_decimal

    pattern = None if digits is None else "#,##0." + "#" * digits if digits else "#,##0"
    return str(format_decimal(number, format=pattern, locale=_active.get()))


def decimal_sign(text: str) -> str:
    """A number already written as English text ("1.5", "2,000.5", "-14") with the reader's decimal sign and
    digit grouping ("1,5", "2 000,5" in Russian); English text is returned as it is, so an English message
    stays exactly as before."""
    if _active.get() == DEFAULT:
        return text
    from babel.numbers import get_decimal_symbol, get_group_symbol

    lang = _active.get()
    marks = {".": get_decimal_symbol(lang), ",": get_group_symbol(lang)}
    return "".join(marks.get(char, char) for char in text)


def limit_text(number: float | Decimal) -> str:
    """A limit of a field as the reader writes it (0.05 / 0,05; 1440), never grouped: a form would refuse "1 440"."""
    from babel.numbers import format_decimal

    return str(format_decimal(number, format="0.######", locale=_active.get()))


class TypedText(str):
    """A number as the model is given it ("15.5"), remembering the text the person typed ("15,5"), so that a
    refusal quotes what they typed, not the converted text they never wrote."""

    typed: str

    def __new__(cls, value: str, typed: str) -> TypedText:
        made = super().__new__(cls, value)
        made.typed = typed
        return made

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]  # a copy keeps the typed text
        return str(self), self.typed


class TypedNumber(float):
    """A number read from a command-line option, remembering its text ("100.50", "-1"): a refusal quotes it as
    typed, not as Python writes the float ("100.5", "-1.0")."""

    typed: str

    def __new__(cls, value: float, typed: str) -> TypedNumber:
        made = super().__new__(cls, value)
        made.typed = typed
        return made

    def __getnewargs__(self) -> tuple[float, str]:  # type: ignore[override]  # a copy keeps the typed text
        return float(self), self.typed


def shown_value(value: object) -> str:
    """A value a message quotes back: what the person typed where it is known (TypedText, TypedNumber), else a
    number as the reader writes it (1.5 / 1,5) and anything else as repr()."""
    if isinstance(value, TypedText):
        return repr(value.typed)
    if isinstance(value, TypedNumber):
        return value.typed
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return decimal_sign(repr(value) if isinstance(value, float) else str(value))
    return repr(value)


# The operating system's reasons a file cannot be read or written (its strerror, always English in Python),
# by errno, so that "cannot read FILE: No such file or directory" reads whole in the reader's language.
_OS_REASONS = {
    "ENOENT": N_("No such file or directory"),
    "EACCES": N_("Permission denied"),
    "EPERM": N_("Operation not permitted"),
    "EISDIR": N_("Is a directory"),
    "ENOTDIR": N_("Not a directory"),
    "ENOSPC": N_("No space left on device"),
    "EROFS": N_("Read-only file system"),
    "EEXIST": N_("File exists"),
    "ENAMETOOLONG": N_("File name too long"),
}


def os_reason(exc: BaseException) -> str:
    """Why a file operation failed, as the OS says it (strerror), in the reader's language where it is known."""
    import errno

    strerror = getattr(exc, "strerror", None)
    if not strerror:
        return str(exc)
    name = errno.errorcode.get(getattr(exc, "errno", None) or 0, "")
    if name in _OS_REASONS and _OS_REASONS[name] == strerror:
        return _(strerror)
    return str(strerror)


def format_day(day: date | datetime, *, style: str = "medium") -> str:
    """A date as the reader writes it ("5 Dec 2026" / "5 дек. 2026 г.")."""
    from babel.dates import format_date

    return str(format_date(day, format=style, locale=_active.get()))


def format_time(moment: datetime) -> str:
    from babel.dates import format_time as babel_time

    return str(babel_time(moment, format="short", locale=_active.get()))


class Labels(Mapping[str, str]):
    """Labels by id (muscle, setting, status…) whose text is translated when it is read, in the active language.

    Defined once with their English (marked N_ for extraction), read anywhere (`LABELS[id]`, `.items()`).
    """

    def __init__(self, labels: dict[str, str]) -> None:
        self._labels = dict(labels)

    def __getitem__(self, key: str) -> str:
        return _(self._labels[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


# The kinds of name an unknown-name error speaks of ("unknown symptom 'x'"), translated when the error is raised.
NAME_KINDS = Labels(
    {
        "symptom": N_("symptom"),
        "intervention": N_("intervention"),
        "intervention id": N_("intervention id"),
        "condition": N_("condition"),
        "record": N_("record"),
        "food": N_("food"),
        "nutrient": N_("nutrient"),
        "drug": N_("drug"),
        "medication": N_("medication"),
        "muscle": N_("muscle"),
        "side": N_("side"),
        "setting": N_("setting"),
        "sex": N_("sex"),
        "exercise": N_("exercise"),
        "trigger": N_("trigger"),
    }
)


def kind_of_name(kind: str) -> str:
    """The word for a kind of name in the active language (a kind not listed: as it is)."""
    return NAME_KINDS.get(kind, kind)
