"""The `crampcare` command: parses, calls the core, formats; errors become one line.

Exit codes: 0 ok, 2 bad input (one line naming what was wrong), 1 internal
error. Never a traceback: `run` translates every exception at this edge.
Sub-command modules import the core lazily so that `crampcare first-aid calf`
starts fast; a plain `first-aid` call does not even import Typer (see
cli/assess_first_aid.py: same output, and help or errors still go through Typer).
"""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn

from crampcare import i18n
from crampcare.errors import CrampcareError, InputError
from crampcare.i18n import N_
from crampcare.textsafety import terminal_safe

if TYPE_CHECKING:
    import typer


@cache
def build_app() -> typer.Typer:
    """The Typer app with every sub-command (built on first use: Typer is slow to import)."""
    import typer

    from crampcare.cli import assess as assess_cli
    from crampcare.cli import diary as diary_cli
    from crampcare.cli import experiment as experiment_cli
    from crampcare.cli import foods as foods_cli
    from crampcare.cli import kb as kb_cli
    from crampcare.cli import serve as serve_cli
    from crampcare.cli.help_i18n import TranslatedGroup

    app = typer.Typer(
        name="crampcare",
        cls=TranslatedGroup,
        help=N_(
            "Leg-cramp care: first aid now, an explained assessment, a cramp diary and food advice.\n\n"
            "Example: crampcare first-aid calf"
        ),
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )

    def _print_version(value: bool) -> None:
        if value:
            print(f"crampcare {installed_version()}")
            raise typer.Exit(0)

    @app.callback()
    def _top(
        version: bool = typer.Option(
            False, "--version", help=N_("Print crampcare's version and exit."), is_eager=True, callback=_print_version
        ),
        lang: str = typer.Option(
            None,
            "--lang",
            help=N_(
                "Language of the output: en or ru (default: CRAMPCARE_LANG, then the locale, then en). "
                "Example: crampcare --lang ru first-aid calf"
            ),
        ),
    ) -> None:
        """Options that apply before any command."""
        if lang is not None:  # run() has already read it; this keeps it in --help and for direct Typer calls
            # (each group and command translates its help when it parses its own arguments, after this)
            i18n.activate(i18n.check(lang, field="--lang"))

    app.add_typer(kb_cli.app, name="kb")
    app.add_typer(diary_cli.app, name="diary")
    app.add_typer(experiment_cli.app, name="experiment")
    app.add_typer(foods_cli.app, name="foods")
    assess_cli.register(app)
    serve_cli.register(app)
    return app


def installed_version() -> str:
    """The version pip installed (pyproject.toml is its one source)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("crampcare")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return i18n._("unknown (not installed)")


def __getattr__(name: str) -> Any:
    if name == "app":  # `from crampcare.cli.main import app` keeps working
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _fail(message: str, code: int) -> NoReturn:
    print(f"crampcare: {terminal_safe(message)}", file=sys.stderr)  # a typed name may hold an escape sequence
    sys.exit(code)


def choose_language(argv: list[str]) -> list[str]:
    """Activate the output language (`--lang ru` before or after the command, else CRAMPCARE_LANG, else the locale)
    and return the arguments without the option. InputError names `--lang` (or CRAMPCARE_LANG) and the valid codes.
    """
    rest = list(argv)
    lang: str | None = None
    for index, arg in enumerate(rest):
        if arg == "--":
            break  # what follows is an argument, never our option
        if arg == "--lang":
            if index + 1 >= len(rest):
                raise InputError(i18n._("needs a language"), field="--lang", valid=", ".join(i18n.LANGUAGES))
            lang = rest[index + 1]
            del rest[index : index + 2]
            break
        if arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
            del rest[index]
            break
    i18n.activate(i18n.check(lang, field="--lang") if lang is not None else i18n.from_environment())
    return rest


def run(argv: list[str] | None = None) -> None:
    """Entry point of the console script and `python -m crampcare`."""
    from crampcare.cli.assess_first_aid import fast_output

    try:
        argv = choose_language(sys.argv[1:] if argv is None else argv)
    except CrampcareError as exc:
        _fail(exc.one_line(), exc.exit_code)
    try:
        fast = fast_output(argv)
    except Exception:  # the fast path never decides failures: Typer's command reports them
        fast = None
    if fast is not None:
        sys.stdout.write(fast)
        sys.exit(0)
    import typer

    from crampcare.cli.help_i18n import usage_error

    try:
        result = build_app()(args=argv, standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _fail(i18n._("aborted"), 130)
    except typer.TyperException as exc:  # usage errors: a bad option, an unknown command
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        _fail(usage_error(message), 2)
    except CrampcareError as exc:
        _fail(exc.one_line(), exc.exit_code)
    except KeyboardInterrupt:
        _fail(i18n._("interrupted"), 130)
    except Exception as exc:  # the last net: an internal error is one line, never a traceback
        _fail(i18n._("internal error: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"}, 1)
    sys.exit(result if isinstance(result, int) else 0)
