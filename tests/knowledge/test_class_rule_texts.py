"""A rule that matches a whole drug class speaks of the class, never of one member as if it were the person's.

The reason shown for amlodipine used to be "nifedipine is a guideline example of a cramp-inducing drug", and for
digitoxin with quinine "Quinine raises digoxin levels": true of another medicine of the class, not of the one the
person takes. A class-level text that names a member of its class must name them all, or say that the sources name
that one ("such as", "names", "other", "in general", "and similar").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from crampcare import assess
from crampcare.knowledge.loader import KnowledgeBase

DATA = Path(__file__).resolve().parents[2] / "src" / "crampcare" / "data"
ATTRIBUTION = ("such as", "names", "name ", "other ", "in general", "and similar", "e.g.")
# Rules whose other members the text names by what they are, with why.
COVERED = {
    "estrogens_contraceptives": "its other members are the oral contraceptives the text names",
}


def _class_rules(node: Any, own: str | None, where: str) -> Iterator[tuple[str, list[str], str, str | None]]:
    """(where, the classes, the English text, the record's own INN) of every rule matching drug classes."""
    if isinstance(node, dict):
        classes = list(node.get("with_classes") or [])
        for key in ("when", "when_all", "and_one_of"):
            classes += [t["drug_class"] for t in node.get(key) or [] if isinstance(t, dict) and "drug_class" in t]
        text = node.get("reason") or node.get("advice")
        if classes and isinstance(text, str):
            yield where, classes, " ".join(text.split()), own
        for key, value in node.items():
            if key != "ru":  # the Russian texts are checked by reading them against the English ones
                yield from _class_rules(value, own, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _class_rules(value, own, f"{where}[{i}]")


def _all_rules() -> list[tuple[str, list[str], str, str | None]]:
    found = []
    for path in sorted(DATA.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for record in data if isinstance(data, list) else [data]:
            own = record.get("inn") if isinstance(record, dict) else None
            found += _class_rules(record, own, str(path.relative_to(DATA)))
    return found


def test_the_walk_finds_the_class_rules() -> None:
    places = {where.split(".yaml")[0] + ".yaml" for where, *_ in _all_rules()}
    assert {"causes.yaml", "interventions/quinine.yaml", "interventions/calcium_gluconate.yaml"} <= places


@pytest.mark.parametrize(("where", "classes", "text", "own"), _all_rules(), ids=lambda v: str(v)[:40])
def test_a_class_rule_never_speaks_of_one_member_as_the_persons(
    kb: KnowledgeBase, where: str, classes: list[str], text: str, own: str | None
) -> None:
    if any(name in COVERED for name in classes):
        return
    members = {m.inn for name in classes for m in kb.drug_classes[name].members}
    # A member whose name is the class's own word ("the tetracycline" for Tetracycline antibiotics) names the class.
    class_words = " ".join(re.sub(r"\(.*?\)", "", kb.drug_classes[name].name).casefold() for name in classes)
    named = {
        inn
        for inn in members
        if inn not in (own, *class_words.split()) and re.search(rf"\b{re.escape(inn)}\b", text, re.IGNORECASE)
    }
    if not named or named == members - {own}:
        return
    assert any(word in text.casefold() for word in ATTRIBUTION), (where, sorted(named), text)


def test_amlodipine_and_digitoxin_get_reasons_true_of_them() -> None:
    plan = assess({"age_years": 60, "sex": "female", "medications": ["amlodipine", "digitoxin"]})
    because = " ".join(r for f in plan.contributing_factors if f.id == "med_nifedipine_ccb" for r in f.because)
    assert "amlodipine" in because and "calcium-channel blockers in general" in because, because
    quinine = next(o for o in plan.options if o.id == "quinine")
    digitoxin = next(r for r in quinine.reasons if "digitoxin" in r)
    assert "Quinine raises digoxin levels" not in digitoxin and "names digoxin" in digitoxin, digitoxin
