"""CDS Hooks 2.0 response and request shapes (the parts crampcare uses).

Optional fields are None here and left out when serialised (`exclude_none`): the specification says an
optional field is omitted, never null or empty. `cards: []` is the one empty list that must be present.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Indicator = Literal["info", "warning", "critical"]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True, by_alias=True)


class Coding(Out):
    code: str
    system: str | None = None
    display: str


class Source(Out):
    label: str
    url: str | None = None


class Action(Out):
    type: Literal["create", "update", "delete"]
    description: str
    resourceId: str | None = None


class Suggestion(Out):
    label: str
    uuid: str
    isRecommended: bool | None = None
    actions: list[Action] | None = None


class Link(Out):
    label: str
    url: str
    type: Literal["absolute", "smart"]


class Card(Out):
    uuid: str
    summary: str = Field(max_length=139)
    detail: str | None = None
    indicator: Indicator
    source: Source
    suggestions: list[Suggestion] | None = None
    selectionBehavior: Literal["at-most-one", "any"] | None = None
    overrideReasons: list[Coding] | None = None
    links: list[Link] | None = None


class CardKind(BaseModel):
    """Which check produced a card: feedback is counted per kind."""

    uuid: str
    kind: str


class Response(Out):
    cards: list[Card]

    def as_json(self) -> dict[str, Any]:
        return {"cards": [card.as_json() for card in self.cards]}
