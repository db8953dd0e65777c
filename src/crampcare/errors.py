"""The one error family crampcare raises.

The core (knowledge, assessment, diary, nutrition, reports) raises only these;
the interfaces translate them at the edge: the CLI prints one line and exits 2
(bad input) or 1 (internal), the API answers one JSON error shape, the web app
renders an error page.

    CrampcareError
    ├── InputError                  bad input from a person or a file (exit 2, HTTP 422)
    │   ├── UnknownNameError        a name that resolves to nothing; carries close matches
    │   └── NotFoundError           a record id that does not exist (HTTP 404)
    ├── KnowledgeError              the shipped knowledge base is broken (a bug, exit 1)
    ├── StorageError                the diary database failed (exit 1, HTTP 500)
    │   └── ConflictError           a concurrent change won a race; nothing was saved, try again (HTTP 409)
    ├── PlanningError               a nutrition plan cannot be met (exit 2, HTTP 422)
    └── BusyError                   a computation ran out of time before it had an answer (exit 1, HTTP 503)
"""

from __future__ import annotations


class CrampcareError(Exception):
    """Base of every error crampcare raises on purpose."""

    #: Exit code the CLI uses for this error.
    exit_code: int = 1

    def __init__(self, message: str, *, field: str | None = None, valid: str | None = None) -> None:
        self.message = message
        self.field = field
        self.valid = valid
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message as one line: field, what is wrong, what would be valid (in the language active now)."""
        parts = []
        if self.field:
            parts.append(f"{self.field}: ")
        parts.append(self.message)
        if self.valid:
            from crampcare.i18n import _  # i18n imports this module: read it when the line is shown

            parts.append(_(" (valid: %(valid)s)") % {"valid": self.valid})
        return "".join(parts)


class InputError(CrampcareError):
    """Input that crampcare cannot accept; the message names the field and what is valid."""

    exit_code = 2


class UnknownNameError(InputError):
    """A name (drug, condition, symptom, food) that matches nothing known."""

    def __init__(
        self, kind: str, name: str, suggestions: list[str], *, field: str | None = None, valid: str | None = None
    ) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = suggestions
        from crampcare.i18n import _, kind_of_name  # i18n imports this module

        hint = (
            _("; did you mean %(names)s?") % {"names": ", ".join(repr(s) for s in suggestions)} if suggestions else ""
        )
        message = _("unknown %(kind)s %(name)s") % {"kind": kind_of_name(kind), "name": repr(name)}
        super().__init__(message + hint, field=field, valid=valid)


class NotFoundError(InputError):
    """A record that does not exist (an id in a URL, a diary entry number)."""


class StateError(InputError):
    """Well-formed input that the diary's present state does not allow (an experiment already running, none
    paused, one stopped): 409 in the API, exit 2 on the command line."""


class KnowledgeError(CrampcareError):
    """The knowledge data failed validation; each problem reads `file: record id: field: what is wrong`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n" + "\n".join(problems))

    def one_line(self) -> str:
        return self.message


class StorageError(CrampcareError):
    """The diary store could not read or write."""


class ConflictError(StorageError):
    """Another change to the same record won a race (a unique day, a serialization failure); nothing was saved."""


class PlanningError(InputError):
    """A nutrition plan that cannot meet its targets; the message says which and why."""


class BusyError(CrampcareError):
    """A computation stopped at its time limit without an answer it can stand behind (a busy machine): nothing
    was decided, and saying "cannot be met" would be a guess. The same request may succeed a moment later."""
