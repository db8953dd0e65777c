"""The protocol's limits, prior and texts, read once from `data/experiments/protocol.yaml`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_FILE = Path(__file__).resolve().parent.parent / "data" / "experiments" / "protocol.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Range(_Strict):
    min: float
    max: float
    default: float


class Limits(_Strict):
    period_weeks: Range
    pairs: Range
    run_in_days: int = Field(ge=0)
    washout_days_max_share: float = Field(gt=0, lt=1)
    minimal_important_difference: Range
    min_checkin_share: float = Field(gt=0, le=1)
    min_complete_pairs: int = Field(ge=2)


class Prior(_Strict):
    mean_log_rate_ratio: float
    sd_log_rate_ratio: float = Field(gt=0)
    wording: str


class MethodSource(_Strict):
    id: str
    title: str
    url: str | None = None
    unverified: bool = False


class Protocol(_Strict):
    method_sources: list[MethodSource]
    limits: Limits
    prior: Prior
    not_testable_kinds: dict[str, str]
    not_testable: dict[str, str]
    texts: dict[str, Any]

    def text(self, *path: str, **values: object) -> str:
        """The text at `path` (e.g. "reason", "helps") with `values` filled in."""
        node: Any = self.texts
        for key in path:
            node = node[key]
        return " ".join(str(node).split()).format(**values)


@cache
def protocol() -> Protocol:
    return Protocol.model_validate(yaml.safe_load(PROTOCOL_FILE.read_text(encoding="utf-8")))
