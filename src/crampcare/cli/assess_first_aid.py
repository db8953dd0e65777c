"""`crampcare first-aid`: the output, and a start-up fast path that needs neither Typer nor pydantic.

Someone types this mid-cramp. Importing Typer alone costs more than reading the
first-aid records, so `cli.main.run` first asks `fast_output(argv)`: for a plain,
valid `first-aid MUSCLE [--setting S] [--helper] [--json] [--all]` it returns the same text the Typer
command prints (both call `render`); for anything else (`--help`, an unknown
muscle or option, a missing value) it returns None and Typer handles it, so help
and error messages stay exactly Typer's.
"""

from __future__ import annotations

import json

from crampcare import i18n
from crampcare.assessment import quick
from crampcare.i18n import _, ngettext


def clean_muscle(muscle: str) -> str:
    return muscle.strip().casefold().replace(" ", "_").replace("-", "_")


SHOWN = 3  # mid-cramp, three manoeuvres are plenty; --all lists the rest


def render(muscle: str, setting: str | None, as_json: bool, show_all: bool = False, helper: bool = False) -> str:
    """The command's output for a valid muscle (already cleaned) and setting: when to get help first, then
    the best manoeuvres (all of them in JSON or with `show_all`); `helper`: someone is there to help."""
    aids = quick.first_aid(muscle, setting, helper)
    if as_json:
        return json.dumps([aid.__dict__ for aid in aids], ensure_ascii=False, indent=2) + "\n"
    shown = aids if show_all else aids[:SHOWN]
    lines = [_("Get help: %(when)s") % {"when": _safety_net()}, ""]
    for number, aid in enumerate(shown, 1):
        lines.append(f"{number}. {aid.title}")
        lines.extend(f"   - {step}" for step in aid.steps)
    if len(aids) > len(shown):
        where = (f" --setting {setting}" if setting else "") + (" --helper" if helper else "")
        more = len(aids) - len(shown)
        command = f"crampcare first-aid {muscle}{where} --all"
        lines += [
            "",
            ngettext("%(count)s more: %(command)s", "%(count)s more: %(command)s", more)
            % {"count": more, "command": command},
        ]
    return "\n".join(lines) + "\n"


def _safety_net() -> str:
    """The plan's safety net in the active language (English straight from the data file: no pydantic to import)."""
    if i18n.current() == i18n.DEFAULT:
        return quick.safety_net()
    from crampcare.assessment.config import speaking, texts
    from crampcare.knowledge.language import language

    with speaking(language(i18n.current())):
        return texts().triage["self_care"].safety_net


def _parse(args: list[str]) -> tuple[str, str | None, bool, bool, bool] | None:
    """(muscle, setting, json, all, helper) for the plain forms; None for anything Typer should see."""
    muscle: str | None = None
    setting: str | None = None
    as_json = show_all = helper = False
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--json" and not as_json:
            as_json = True
        elif arg == "--all" and not show_all:
            show_all = True
        elif arg == "--helper" and not helper:
            helper = True
        elif arg == "--setting" and setting is None and rest and not rest[0].startswith("-"):
            setting = rest.pop(0)
        elif arg.startswith("--setting=") and setting is None:
            setting = arg.removeprefix("--setting=")
        elif not arg.startswith("-") and muscle is None:
            muscle = arg
        else:
            return None  # --help, an unknown option, a repeated one, a second argument…
    return (muscle, setting, as_json, show_all, helper) if muscle is not None else None


def fast_output(argv: list[str]) -> str | None:
    """The output of `crampcare first-aid …` when it can be produced without Typer, else None."""
    if not argv or argv[0] != "first-aid":
        return None
    parsed = _parse(argv[1:])
    if parsed is None:
        return None
    muscle, setting, as_json, show_all, helper = parsed
    muscle = clean_muscle(muscle)
    if muscle not in quick.MUSCLES or (setting is not None and setting not in quick.SETTINGS):
        return None  # the Typer command reports the error, in its own words
    return render(muscle, setting, as_json, show_all, helper)
