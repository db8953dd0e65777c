"""`crampcare foods …` commands."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Foods that supply magnesium, potassium, calcium, B vitamins and vitamin D.", no_args_is_help=True
)
