"""`crampcare serve`: the web app and REST API."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the serve command to the main app."""
