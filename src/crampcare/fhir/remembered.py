"""A record read before, read again: its reading and its patient-view cards, kept while the time changes nothing.

An EHR sends the same record each time a chart is opened. Reading it into a profile, assessing the profile and
building the cards cost about two thirds of a patient-view call, and all of it is a function of the record's
exact JSON, the knowledge base, the language and the time. The time enters only through `ReadAt`
(fhir/clock.py), which gives the span of times that read the record alike; a reading is kept with that span
and used again only at a time inside it. A birthday, a result passing its age limit or a gestational week
turning ends the span, and the record is read afresh. Errors are never kept: a record that is refused is read
(and refused) again each time. Each call's cards get new uuids, since feedback names a card by its uuid.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from crampcare import i18n
from crampcare.assessment.config import spoken
from crampcare.fhir.cds import Issued, patient_view
from crampcare.fhir.clock import ReadAt
from crampcare.fhir.inbound import read_bundle
from crampcare.fhir.result import FhirImport
from crampcare.knowledge.loader import KnowledgeBase

REMEMBERED = 256  # records kept, the most recently used (each about 50 kB with its cards)

Key = tuple[bytes, int, str, str]


@dataclass
class _Kept:
    kb: KnowledgeBase  # kept so that the id() in the key stays this knowledge base's
    found: FhirImport
    at: ReadAt
    view: Issued | None = None


class _Store:
    """The readings kept, the most recently used first to stay; a lock around every look and change."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.kept: OrderedDict[Key, _Kept] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Key, kb: KnowledgeBase, now: datetime) -> _Kept | None:
        with self.lock:
            kept = self.kept.get(key)
            if kept is None or kept.kb is not kb or not kept.at.holds(now):
                return None
            self.kept.move_to_end(key)
            return kept

    def put(self, key: Key, kept: _Kept) -> None:
        with self.lock:
            self.kept[key] = kept
            self.kept.move_to_end(key)
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)

    def set_view(self, kept: _Kept, cards: Issued) -> None:
        with self.lock:
            kept.view = cards

    def clear(self) -> None:
        with self.lock:
            self.kept.clear()


_store = _Store(REMEMBERED)


def _key(data: Any, kb: KnowledgeBase) -> Key | None:
    """The record's exact JSON (sha256), the knowledge base and both languages; None if it has no JSON text."""
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=True)
    except (TypeError, ValueError, RecursionError):
        return None
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    return digest, id(kb), i18n.current(), spoken()


def _read(data: Any, kb: KnowledgeBase, now: datetime | None, field: str) -> _Kept:
    at = ReadAt(now or datetime.now(UTC))
    key = _key(data, kb)
    kept = _store.get(key, kb, at.now) if key is not None else None
    if kept is None:
        kept = _Kept(kb=kb, found=read_bundle(data, at, kb=kb, field=field), at=at)
        if key is not None:
            _store.put(key, kept)
    return kept


def read_record(data: Any, *, kb: KnowledgeBase, now: datetime | None = None, field: str = "bundle") -> FhirImport:
    """`profile_from_bundle(data, now=now, kb=kb, field=field)`, kept for the span of times that read it alike.

    `data` is JSON as parsed (dicts, lists, strings, numbers); the result is shared with later calls: read it,
    do not change it.
    """
    return _read(data, kb, now, field).found


def patient_view_cards(data: Any, *, kb: KnowledgeBase, now: datetime | None = None, field: str = "bundle") -> Issued:
    """`cds.patient_view`'s cards for the record (read as `read_record` reads it), each card with a new uuid."""
    kept = _read(data, kb, now, field)
    cards = kept.view
    if cards is None:
        cards = patient_view(kept.found, kb)
        _store.set_view(kept, cards)
    return [(card.model_copy(update={"uuid": str(uuid.uuid4())}), kind) for card, kind in cards]


def forget() -> None:
    """Drop every kept reading (tests; a server never needs to)."""
    _store.clear()
