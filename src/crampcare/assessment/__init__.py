"""The assessment engine: a person's profile becomes an explained, safe care plan.

`assess` is imported lazily so that importing `crampcare.assessment.profile`
(the API, the diary) does not load the engine and its lookups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crampcare.assessment.engine import assess

__all__ = ["assess"]


def __getattr__(name: str) -> Any:
    if name == "assess":
        from crampcare.assessment.engine import assess

        return assess
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
