"""How the plan page groups the engine's warnings: medicine warnings go in a box near the top.

The engine gives plain sentences (plan.warnings) built from the templates in
data/assessment/texts.yaml; the medicine ones are recognised by those very
templates, so a reworded text still lands in the right box.
"""

from __future__ import annotations

import re
from functools import cache
from string import Formatter

# The texts.yaml warning templates about a person's medicines (unknown names, interactions).
MEDICINE_TEMPLATES = ("unknown_medication", "minor_interaction")


def _pattern(template: str) -> re.Pattern[str]:
    """A template such as "not checked: {name} (…)" as a regex that matches what it formats to."""
    parts = [
        re.escape(literal) + (".+?" if field is not None else "")
        for literal, field, _, _ in Formatter().parse(template)
    ]
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


@cache
def _medicine_patterns() -> tuple[re.Pattern[str], ...]:
    from crampcare.assessment.config import texts

    words = texts().warnings
    return tuple(_pattern(words[key]) for key in MEDICINE_TEMPLATES if key in words)


def split_warnings(warnings: list[str]) -> tuple[list[str], list[str]]:
    """(warnings about the person's medicines, every other warning), each in the engine's order."""
    patterns = _medicine_patterns()
    medicines = [w for w in warnings if any(p.match(w) for p in patterns)]
    return medicines, [w for w in warnings if w not in medicines]
