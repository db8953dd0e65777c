"""Issue 11 §3: remedies with the same mechanism get the same status, for the same reason (same_mechanism.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from crampcare.assessment.engine import assess
from crampcare.knowledge.loader import knowledge

GROUPS: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "same_mechanism.yaml").read_text())["groups"]
CASES = [(group, name) for group, spec in GROUPS.items() for name in spec["profiles"]]


@pytest.mark.parametrize(("group", "case"), CASES, ids=[f"{g}-{c}" for g, c in CASES])
def test_same_mechanism_same_status_same_reason(group: str, case: str) -> None:
    spec = GROUPS[group]
    assert all(member in knowledge().interventions for member in spec["members"]), "a typo would check nothing"
    wanted = spec["profiles"][case]
    options = {o.id: o for o in assess(wanted["profile"]).options}
    statuses = {member: options[member].status for member in spec["members"]}
    assert len(set(statuses.values())) == 1, f"{group} differs for {case}: {statuses}"
    if wanted["reason"] is not None:
        for member in spec["members"]:
            first = options[member].reasons[0]
            assert wanted["reason"] in first.casefold(), f"{member}: {first}"
