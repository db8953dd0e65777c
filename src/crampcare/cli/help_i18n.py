"""`--help` and usage errors in the reader's language (issue 15).

Help texts are bound when the commands are declared, so they are declared as English msgids (`help=N_("…")`)
and translated when a command line is parsed: `TranslatedGroup.make_context` rewrites the help of its command
tree from the English it keeps, in the language active at that moment (the CLI activates `--lang` before it
builds the app; the top-level `--lang` callback translates again for direct Typer calls). English users see the
very texts they saw before. Typer's vendored Click writes its usage errors as English f-strings, so
`usage_error` recognises those few sentence patterns and says them through the catalogue; anything it does not
recognise stays as Click wrote it (never a guess).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer.core import TyperCommand, TyperGroup

from crampcare.i18n import DEFAULT, N_, _, current

_ENGLISH = "_crampcare_english_help"

# Typer's own panel titles and markers (typer.rich_utils binds them once, at import, in English).
N_("Show this message and exit.")  # the --help option's own help (Click's English, translated like ours)
_RICH_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}


def _usage_prefix() -> None:
    """Typer's vendored Click writes "Usage: " itself: have it ask the catalogue (English: the same words)."""
    from typer._click import formatting

    english = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        english(self, prog, args, _("Usage: ") if prefix is None else prefix)

    setattr(formatting.HelpFormatter, "write_usage", write_usage)  # noqa: B010 (mypy: no assigning to a method)


_usage_prefix()


def _translated(obj: Any) -> None:
    english = obj.__dict__.setdefault(_ENGLISH, getattr(obj, "help", None))
    if english:
        obj.help = _(english)


def translate_tree(command: Any) -> None:  # Typer's vendored Click command (its types are private)
    """Say the help of `command`, its options and its sub-commands in the active language."""
    from typer import rich_utils

    for name, english in _RICH_TEXTS.items():
        setattr(rich_utils, name, _(english))
    _translated(command)
    # The --help option is made on first use, with Click's English: make it now so that it is translated too.
    help_option = command.get_help_option(command.context_class(command))
    for param in [*command.params, *([help_option] if help_option is not None else [])]:
        _translated(param)
    for sub in getattr(command, "commands", {}).values():
        translate_tree(sub)


class TranslatedGroup(TyperGroup):
    """A Typer group whose help is said in the language active when a command line is parsed."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        translate_tree(self)
        return super().make_context(info_name, args, parent, **extra)


class TranslatedCommand(TyperCommand):
    """A top-level command (no group below `crampcare` translates it after `--lang` is read): as TranslatedGroup."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        translate_tree(self)
        return super().make_context(info_name, args, parent, **extra)


_Say = Callable[[re.Match[str]], str]

# Typer's vendored Click and its pydantic checks: English sentence → the same sentence from the catalogue.
_USAGE: tuple[tuple[re.Pattern[str], _Say], ...] = (
    (
        re.compile(r"Invalid value for (?P<name>.+?): (?P<why>.*)", re.S),
        lambda m: _("Invalid value for %(name)s: %(why)s") % {"name": m["name"], "why": usage_error(m["why"])},
    ),
    (re.compile(r"No such option: (?P<name>\S+)(?P<rest>.*)", re.S), lambda m: _("No such option: %(name)s") % m),
    (re.compile(r"No such command '(?P<name>.*)'\.$"), lambda m: _("No such command '%(name)s'.") % m),
    (re.compile(r"Missing option '(?P<name>.*)'\.$"), lambda m: _("Missing option '%(name)s'.") % m),
    (re.compile(r"Missing argument '(?P<name>.*)'\.$"), lambda m: _("Missing argument '%(name)s'.") % m),
    (re.compile(r"Missing command\.$"), lambda m: _("Missing command.")),
    (
        re.compile(r"Option '(?P<name>.*)' requires an argument\.$"),
        lambda m: _("Option '%(name)s' requires a value.") % m,
    ),
    (
        re.compile(r"Option '(?P<name>.*)' does not take a value\.$"),
        lambda m: _("Option '%(name)s' does not take a value.") % m,
    ),
    (
        re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)$"),
        lambda m: _("Unexpected extra argument(s): %(args)s") % m,
    ),
    (
        re.compile(r"Input should be a valid boolean.*", re.S),
        lambda m: _("yes or no is expected (true/false)"),
    ),
    (
        re.compile(r"Input should be greater than or equal to (?P<n>\S+)$"),
        lambda m: _("must be at least %(n)s") % m,
    ),
    (
        re.compile(r"Input should be less than or equal to (?P<n>\S+)$"),
        lambda m: _("must be at most %(n)s") % m,
    ),
    (
        re.compile(r"Input should be (?P<choices>'.*')$"),
        lambda m: _("must be one of %(choices)s") % {"choices": m["choices"].replace(" or ", ", ")},
    ),
)


# A number that does not parse: in every language, what to type instead ("2,5" is a number to a Russian reader).
_NUMBERS: tuple[tuple[re.Pattern[str], _Say], ...] = (
    (
        re.compile(r"Input should be a valid integer.*", re.S),
        lambda m: _("a whole number is expected (valid: digits only, such as 7)"),
    ),
    (
        re.compile(r"Input should be a valid number.*", re.S),
        lambda m: _("a number is expected (valid: digits with a decimal point, such as 2.5)"),
    ),
)
_INVALID = re.compile(r"Invalid value for (?P<name>.+?): (?P<why>.*)", re.S)


def _number_error(message: str) -> str | None:
    invalid = _INVALID.match(message.strip())
    for pattern, say in _NUMBERS:
        # A number option with its own parser (cli/diary_options.typed_number) says pydantic's words as a ValueError.
        match = pattern.match(invalid["why"].strip().removeprefix("Value error, ")) if invalid else None
        if invalid and match:
            return _("Invalid value for %(name)s: %(why)s") % {"name": invalid["name"], "why": say(match)}
    return None


def usage_error(message: str) -> str:
    """A usage error from Typer in the active language (English, or a sentence it does not know: as written)."""
    number = _number_error(message)
    if number is not None:
        return number
    if current() == DEFAULT:
        return message
    for pattern, say in _USAGE:
        match = pattern.match(message.strip())
        if match:
            return say(match)
    return message
