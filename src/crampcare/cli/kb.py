"""`crampcare kb …`: validate and browse the knowledge base."""

from __future__ import annotations

import typer

app = typer.Typer(help="Browse and check the knowledge base.", no_args_is_help=True)


@app.command()
def validate() -> None:
    """Load every record and check every cross-reference.

    Example: crampcare kb validate
    """
    from crampcare.knowledge.loader import load

    kb = load()
    typer.echo(f"ok: {len(kb.interventions)} interventions, {len(kb.sources)} sources (version {kb.version})")
