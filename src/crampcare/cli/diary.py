"""`crampcare diary …` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="The cramp diary: log episodes, see patterns, make a report.", no_args_is_help=True)
