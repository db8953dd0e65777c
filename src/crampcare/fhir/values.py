"""Small readers for FHIR JSON values: codings, dates, references."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any


def ref(resource: dict[str, Any]) -> str:
    return f"{resource.get('resourceType', 'Resource')}/{resource.get('id', '?')}"


def codings(concept: Any) -> list[dict[str, Any]]:
    if not isinstance(concept, dict):
        return []
    return [c for c in concept.get("coding") or [] if isinstance(c, dict)]


def words(concept: Any) -> list[str]:
    """The concept's text, then each coding's display, without SNOMED's semantic tag ("(disorder)")."""
    if not isinstance(concept, dict):
        return []
    found = [concept.get("text"), *(c.get("display") for c in codings(concept))]
    out: list[str] = []
    for word in found:
        if isinstance(word, str) and word.strip():
            text = word.strip()
            if text.endswith(")") and " (" in text:
                text = text[: text.rindex(" (")].strip()
            out.append(text)
    return list(dict.fromkeys(out))


def describe(concept: Any) -> str:
    """`SNOMED 123 "Name"`-style words for a concept, for reports."""
    parts = [f"{c.get('system', '?')}|{c.get('code', '?')}" for c in codings(concept)]
    text = concept.get("text") if isinstance(concept, dict) else None
    if isinstance(text, str) and text.strip():
        parts.append(repr(text.strip()))
    return ", ".join(parts) or "no code or text"


def status_codes(concept: Any) -> set[str]:
    return {str(c.get("code")) for c in codings(concept) if c.get("code")}


def has_code(concept: Any, system: str | list[str], code_set: list[str] | set[str]) -> bool:
    systems = [system] if isinstance(system, str) else system
    return any(c.get("system") in systems and str(c.get("code")) in code_set for c in codings(concept))


def instant(value: Any) -> datetime | None:
    """A FHIR date or dateTime as an aware datetime (UTC when no offset; a partial date counts from its start)."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    try:
        if len(text) == 4:
            moment = datetime(int(text), 1, 1)
        elif len(text) == 7:
            moment = datetime(int(text[:4]), int(text[5:7]), 1)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def observed_at(resource: dict[str, Any]) -> datetime | None:
    """When a result was taken: effective[x] (a period's end, else its start), else when it was issued."""
    period = resource.get("effectivePeriod")
    for value in (
        resource.get("effectiveDateTime"),
        resource.get("effectiveInstant"),
        period.get("end") if isinstance(period, dict) else None,
        period.get("start") if isinstance(period, dict) else None,
        resource.get("issued"),
    ):
        moment = instant(value)
        if moment is not None:
            return moment
    return None


def day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()
