"""Clinical scenarios as data: tests/scenarios/*.yaml, each a profile and what the plan must show.

The schema is strict (unknown keys are errors) so that a typo in a scenario
fails loudly instead of silently checking nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"

Level = Literal["emergency", "urgent", "see_doctor", "self_care"]
StatusName = Literal["self_care", "discuss_with_doctor", "avoid", "not_recommended"]
Place = Literal["swimming", "exercise", "walking_standing", "sitting", "bed_night", "other", "unknown"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OptionExpectation(Strict):
    status: StatusName | None = None
    not_status: StatusName | None = None
    reason: str | None = None  # substring (case-insensitive) of one of the option's reasons


class Expect(Strict):
    triage: Level | None = None
    triage_at_least: Level | None = None
    triage_reason: list[str] = []  # each a substring of some triage reason
    action: str | None = None
    red_flags: list[str] = []
    no_red_flags: bool = False
    factors: list[str] = []
    no_factors: list[str] = []
    specialists: list[str] = []
    options: dict[str, OptionExpectation] = {}
    warnings: list[str] = []
    no_warnings: bool = False
    first_aid_first: str | None = None
    # The first manoeuvre for each place, the profile's episode moved there ("unknown": no place given).
    first_aid_first_by_setting: dict[Place, str] = {}
    first_aid_absent: list[str] = []
    first_aid_present: list[str] = []
    first_aid_step_starts: dict[str, str] = {}  # manoeuvre id → substring (case-insensitive) of its first step
    first_aid_reasons: list[str] = []  # each a substring of a reason given for some manoeuvre
    labs: dict[str, Literal["low", "normal", "high"]] = {}
    diet_limits: list[str] = []
    prevention: list[str] = []
    # Issue 11: what must NOT be shown, and the new contract fields.
    red_flags_absent: list[str] = []  # red flag ids that must not fire
    no_specialists: list[str] = []  # specialist ids that must not be listed
    factor_because: dict[str, str] = {}  # factor id → substring of its explanation
    not_in_plan: list[str] = []  # substrings (case-insensitive) that no text of the plan may contain
    unchecked_conditions: list[str] | None = None  # the plan's unchecked_conditions, exactly


class ErrorExpectation(Strict):
    field: str
    message: str


class Scenario(Strict):
    title: str
    profile: dict[str, Any]
    expect: Expect | None = None
    error: ErrorExpectation | None = None


def scenario_files() -> list[Path]:
    return sorted(SCENARIO_DIR.glob("*.yaml"))


def load_scenario(path: Path) -> Scenario:
    return Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
