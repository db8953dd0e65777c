"""Docs cannot drift: every command has help text with an example (cf. sqlite-utils' test_docs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer

from crampcare.cli.main import build_app


def _commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


COMMANDS = dict(_commands(typer.main.get_command(build_app())))


def test_the_command_tree_is_complete() -> None:
    expected = {
        "kb validate",
        "kb show",
        "assess",
        "first-aid",
        "schema",
        "serve",
        "diary log",
        "diary report",
        "foods plan",
        "foods top",
    }
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(name: str) -> None:
    help_text = COMMANDS[name].help or ""
    assert len(help_text.strip()) > 20, f"`crampcare {name}` has no real help text"
    assert "Example" in help_text, f"`crampcare {name}` help shows no example"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_says_what_it_is(name: str) -> None:
    # A bare `--tight-shoes` in `diary checkin --help` left the reader to guess (walk-through, 2026-12).
    options = [p for p in COMMANDS[name].params if getattr(p, "param_type_name", "") == "option"]
    bare = [p.opts[0] for p in options if not (p.help or "").strip()]
    assert not bare, f"`crampcare {name}` options without help: {bare}"


def _groups(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    yield " ".join(path) or "crampcare", group
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from _groups(command, (*path, name))


@pytest.mark.parametrize("name, group", list(_groups(typer.main.get_command(build_app()))))
def test_every_command_group_has_an_example_too(name: str, group: Any) -> None:
    assert "Example" in (group.help or ""), f"`{name} --help` shows no example"
