"""`crampcare first-aid` without loading the knowledge base: read the first-aid records' YAML directly.

Someone types this mid-cramp, so it must answer in well under 0.3 s; the full
pydantic load is not needed to show a few steps. The records are the same
files the knowledge base validates (`crampcare kb validate`), and the order is
the engine's (`ranking.order` on data/assessment/first_aid_order.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from crampcare import i18n
from crampcare.assessment.ranking import order
from crampcare.knowledge.swap import swapped

DATA = Path(__file__).resolve().parent.parent / "data"
MUSCLES = ("calf", "shin", "foot", "toes", "hamstring", "quadriceps", "gluteal", "whole_leg")
SETTINGS = ("swimming", "exercise", "walking_standing", "sitting", "bed_night", "other")


@dataclass(frozen=True)
class QuickAid:
    id: str
    title: str
    muscles: list[str]
    settings: list[str]
    steps: list[str]
    reasons: list[str]


def _load(text: str) -> Any:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _russian(lang: str | None) -> bool:
    """Whether to answer in Russian: `lang`, else the active interface language (crampcare.i18n)."""
    return (lang or i18n.current()) == "ru"


def records(data_dir: Path = DATA, lang: str | None = None) -> list[dict[str, Any]]:
    """The first-aid records, in file order (the knowledge base's order), their texts in `lang`."""
    found = []
    for path in sorted((data_dir / "interventions").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "first_aid" not in text:  # cheap pre-filter; the parsed kind decides
            continue
        record = _load(text)
        if isinstance(record, dict) and record.get("kind") == "first_aid":
            found.append(swapped(record) if _russian(lang) else record)
    return found


def first_aid(
    muscle: str, setting: str | None = None, helper: bool = False, data_dir: Path = DATA, lang: str | None = None
) -> list[QuickAid]:
    """The manoeuvres for `muscle` (and `setting`), best first; `helper`: someone is there to help. In `lang`
    ("en", "ru"; by default the active interface language), from the records' `ru` blocks."""
    table = _load((data_dir / "assessment" / "first_aid_order.yaml").read_text(encoding="utf-8"))
    if _russian(lang):
        table = swapped(table)
    by_id = {r["id"]: r for r in records(data_dir, lang)}
    return [
        QuickAid(
            id=p.id,
            title=by_id[p.id]["name"],
            muscles=list(by_id[p.id].get("muscles", [])),
            settings=list(by_id[p.id].get("settings", [])),
            steps=list(by_id[p.id]["steps"]),
            reasons=list(p.reasons),
        )
        for p in order(table, muscle, setting, by_id, helper=helper)
    ]


def safety_net(data_dir: Path = DATA, lang: str | None = None) -> str:
    """The self-care safety-net sentence of the care plan (data/assessment/texts.yaml, texts.ru.yaml)."""
    name = "texts.ru.yaml" if _russian(lang) else "texts.yaml"
    words = _load((data_dir / "assessment" / name).read_text(encoding="utf-8"))
    return str(words["triage"]["self_care"]["safety_net"])
