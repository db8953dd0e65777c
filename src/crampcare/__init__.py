"""crampcare: leg-cramp care from an explained, cited knowledge base.

`crampcare.assess(profile)` is loaded on first use, so `import crampcare` stays cheap.
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
