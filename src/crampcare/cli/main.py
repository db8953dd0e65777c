"""The `crampcare` command: parses, calls the core, formats; errors become one line.

Exit codes: 0 ok, 2 bad input (one line naming what was wrong), 1 internal
error. Never a traceback: `run` translates every exception at this edge.
Sub-command modules import the core lazily so that `crampcare first-aid calf`
starts fast.
"""

from __future__ import annotations

import sys

import typer

from crampcare.cli import assess as assess_cli
from crampcare.cli import diary as diary_cli
from crampcare.cli import foods as foods_cli
from crampcare.cli import kb as kb_cli
from crampcare.cli import serve as serve_cli
from crampcare.errors import CrampcareError

app = typer.Typer(
    name="crampcare",
    help="Leg-cramp care: first aid now, an explained assessment, a cramp diary and food advice.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(kb_cli.app, name="kb")
app.add_typer(diary_cli.app, name="diary")
app.add_typer(foods_cli.app, name="foods")
assess_cli.register(app)
serve_cli.register(app)


def _fail(message: str, code: int) -> None:
    print(f"crampcare: {message}", file=sys.stderr)
    sys.exit(code)


def run(argv: list[str] | None = None) -> None:
    """Entry point of the console script and `python -m crampcare`."""
    try:
        result = app(args=argv, standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _fail("aborted", 130)
    except typer.TyperException as exc:  # usage errors: a bad option, an unknown command
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        _fail(message, 2)
    except CrampcareError as exc:
        _fail(exc.one_line(), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:  # the last net: an internal error is one line, never a traceback
        _fail(f"internal error: {type(exc).__name__}: {exc}", 1)
    sys.exit(result if isinstance(result, int) else 0)
