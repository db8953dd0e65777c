"""Questions at a terminal in the reader's language: rich's prompts with their own English (the y/n choice,
"Please enter a number") said through the catalogue, and a choice among fixed values that a Russian reader
answers by number or by its Russian word (English keeps the ids it always showed: `[left/right/both]`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TextIO

from rich import get_console
from rich.console import Console
from rich.prompt import Confirm, FloatPrompt, InvalidResponse, Prompt

from crampcare import i18n
from crampcare.i18n import _


class ChoicePrompt(Prompt):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.illegal_choice_message = "[prompt.invalid.choice]" + _("Please select one of the available options")


class NumberPrompt(FloatPrompt):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validate_error_message = "[prompt.invalid]" + _("Please enter a number")


class YesNo(Confirm):
    """y/n in English (as rich asks), д/н in Russian (and «да»/«нет»); y and n are understood in every language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.validate_error_message = "[prompt.invalid]" + _("Please enter Y or N")
        self.choices = [_("y"), _("n")]

    def process_response(self, value: str) -> bool:
        answer = value.strip().casefold()
        if answer in ("y", _("y")) or (answer == _("yes") and i18n.current() != i18n.DEFAULT):
            return True
        if answer in ("n", _("n")) or (answer == _("no") and i18n.current() != i18n.DEFAULT):
            return False
        raise InvalidResponse(self.validate_error_message)


def plain_number(number: float) -> str:
    """A limit as the reader writes it, without grouping (1440, 0.1 / 0,1)."""
    from babel.numbers import format_decimal

    return str(format_decimal(number, format="0.###", locale=i18n.current()))


def choose(
    question: str,
    ids: list[str],
    labels: Mapping[str, str],
    default: str | None = None,
    *,
    console: Console | None = None,
    stream: TextIO | None = None,
) -> str:
    """One of `ids`. English asks with the ids themselves; another language lists the labels by number and takes
    a number, a label (or the start of just one: «голень» for «Голень спереди») or an id (people who know the ids
    may still type them)."""
    extra: dict[str, Any] = {} if default is None else {"default": default}
    if i18n.current() == i18n.DEFAULT:
        return ChoicePrompt.ask(question, console=console, choices=ids, stream=stream, **extra)
    shown = console or get_console()
    for number, key in enumerate(ids, 1):
        shown.print(f"  {number}. {labels.get(key, key)}", highlight=False)
    accepted = {str(number): key for number, key in enumerate(ids, 1)}
    accepted |= {key.casefold(): key for key in ids} | {labels.get(key, key).casefold(): key for key in ids}
    if default is not None:
        extra["default"] = str(ids.index(default) + 1)
    while True:
        answer: str = Prompt.ask(f"{question} (1–{len(ids)})", console=console, stream=stream, **extra)
        picked = _picked(answer.strip().casefold(), accepted)
        if picked is not None:
            return picked
        shown.print(_("Please type a number from 1 to %(num)s.") % {"num": len(ids)})


def _picked(answer: str, accepted: dict[str, str]) -> str | None:
    """The id an answer names: exactly, or as the start of one label only (an ambiguous start is asked again)."""
    if not answer:
        return None
    if answer in accepted:
        return accepted[answer]
    starting = {key for text, key in accepted.items() if text.startswith(answer)}
    return starting.pop() if len(starting) == 1 else None
