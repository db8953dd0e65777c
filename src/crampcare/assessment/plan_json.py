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

from crampcare.assessment.index import option_index
from crampcare.assessment.plan import CarePlan, Option
from crampcare.knowledge.loader import KnowledgeBase, knowledge

EMPTY_OPTIONS = b'"options":[]'


def plan_json(plan: CarePlan, kb: KnowledgeBase | None = None) -> bytes:
    """`plan.model_dump_json().encode()`, with the shared options' JSON reused (`kb`: the plan's knowledge)."""
    cached = option_index(kb or knowledge()).option_json
    parts: list[bytes] = []
    for option in plan.options:
        entry = cached.get(id(option))
        parts.append(entry[1] if entry is not None and entry[0] is option else _option_json(option))
    shell = plan.model_copy(update={"options": []})
    head = CarePlan.__pydantic_serializer__.to_json(shell)
    return head.replace(EMPTY_OPTIONS, b'"options":[' + b",".join(parts) + b"]", 1)


def _option_json(option: Option) -> bytes:
    return Option.__pydantic_serializer__.to_json(option)
