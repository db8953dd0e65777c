"""Small helpers every command uses to print JSON and human output the same way."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:  # rich is imported only when a command prints with it
    from rich.console import Console


def to_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: to_jsonable(item) for key, item in value.items()}
    return value


def print_json(value: Any) -> None:
    """Stable, readable JSON on stdout (sorted keys only where the caller sorted them)."""
    sys.stdout.write(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n")


def safe_console(**options: Any) -> Console:
    """A rich Console whose text never carries a raw control character from the data it shows (a typed medicine
    name or note holding an escape sequence is shown as `\\x1b[...`); rich's own colour codes are untouched."""
    from rich.console import Console
    from rich.segment import Segment

    from crampcare.textsafety import terminal_safe

    class SafeConsole(Console):
        def _render_buffer(self, buffer: Any) -> str:
            # Segments with `control` set are rich's own cursor codes; every other segment is text to show.
            safe = [seg if seg.control else Segment(terminal_safe(seg.text), seg.style) for seg in buffer]
            return str(super()._render_buffer(safe))

    return SafeConsole(**options)
