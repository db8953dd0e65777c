"""A care plan as JSON bytes, byte-identical to `plan.model_dump_json()`, for less work.

Most of a plan's ~80 options are the ready-made options the engine shares
between plans (see `index`); their JSON is kept with them, so only the options
built for this person are serialised. The rest of the plan is serialised by
pydantic with an empty option list, and the options are spliced in where it
stands: `"options":[]` occurs once, as the plan's own key (no other model of
the plan has an `options` field, and inside a JSON string every quote is
escaped, so the bytes cannot occur there).
"""

from __future__ import annotations

from pydantic_core import to_json

from crampcare.assessment import index as index_module
from crampcare.assessment.index import EVIDENCE_KEY, option_index
from crampcare.assessment.plan import CarePlan, EvidenceOut, Option
from crampcare.knowledge.loader import KnowledgeBase, knowledge

EMPTY_OPTIONS = b'"options":[]'
OPEN_OPTIONS = b'"options":['


def plan_json(plan: CarePlan, kb: KnowledgeBase | None = None) -> bytes:
    """`plan.model_dump_json().encode()`, with the shared options' JSON reused (`kb`: the plan's knowledge)."""
    index = option_index(kb or knowledge())
    cached, made, option_parts = index.option_json, index.made_json, index.option_parts
    limit = index_module.MADE_JSON_LIMIT
    parts: list[bytes] = []
    for option in plan.options:
        entry = cached.get(id(option)) or made.get(id(option), limit)
        if entry is not None and entry[0] is option:
            parts.append(entry[1])
            continue
        data = _option_json(option, option_parts)
        made.put(id(option), (option, data), limit)
        parts.append(data)
    shell = plan.model_copy(update={"options": []})
    head = CarePlan.__pydantic_serializer__.to_json(shell)
    at = head.index(EMPTY_OPTIONS)
    return b"".join((head[:at], OPEN_OPTIONS, b",".join(parts), head[at + len(EMPTY_OPTIONS) - 1 :]))


def _option_json(option: Option, option_parts: dict[int, tuple[EvidenceOut, str, bytes, bytes]]) -> bytes:
    """An option built for this person: its record's JSON parts around this status and these reasons.

    Only the status and reasons are serialised (by pydantic-core, so strings are escaped exactly as in the
    rest of the plan); the evidence, most of an option's bytes, is the ready-made option's.
    """
    entry = option_parts.get(id(option.evidence))
    if entry is None or entry[0] is not option.evidence or entry[1] != option.id:
        return Option.__pydantic_serializer__.to_json(option)
    middle = to_json(option.status) + b',"reasons":' + to_json(option.reasons) + EVIDENCE_KEY
    return entry[2] + middle + entry[3] + b"}"
