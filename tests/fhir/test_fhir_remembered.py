"""A record read before is answered from what was kept only while the time changes nothing in it (issue 14).

`fhir.remembered` keeps a record's reading and its patient-view cards with the span of times that read the record
alike (`fhir.clock.ReadAt`). At each time boundary (a birthday at midnight UTC, a result passing its age limit, a
gestational week turning, a pregnancy status growing too old) the kept answer must be the fresh one, on both sides
of the boundary and whichever side is asked first. Every record of the tests is compared at the same time in
test_fhir_fast_paths.py.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fhir_builders import BUNDLES, NOW, bundle, gestational_age, lab, load, patient, pregnancy_status

from crampcare import i18n
from crampcare.errors import InputError
from crampcare.fhir import cds, inbound, parse, remembered
from crampcare.fhir.clock import LATEST, TICK, ReadAt
from crampcare.fhir.codes import codes
from crampcare.knowledge.loader import KnowledgeBase


@pytest.fixture(autouse=True)
def forget() -> Iterator[None]:
    remembered.forget()
    yield
    remembered.forget()
    parse._accepted.clear()


def _answer(found: Any, cards: cds.Issued) -> dict[str, Any]:
    """The reading and the cards, without the cards' uuids (new on every call)."""
    view = [({k: v for k, v in card.as_json().items() if k != "uuid"}, kind) for card, kind in cards]
    return {"import": found.model_dump(mode="json"), "cards": view}


def fresh(data: dict[str, Any], now: datetime, kb: KnowledgeBase) -> dict[str, Any]:
    found = inbound.profile_from_bundle(copy.deepcopy(data), now=now, kb=kb)
    return _answer(found, cds.patient_view(found, kb))


def kept(data: dict[str, Any], now: datetime, kb: KnowledgeBase) -> dict[str, Any]:
    found = remembered.read_record(copy.deepcopy(data), now=now, kb=kb)
    return _answer(found, remembered.patient_view_cards(copy.deepcopy(data), now=now, kb=kb))


def _walk(data: dict[str, Any], times: list[datetime], kb: KnowledgeBase) -> None:
    """At each time, forwards and then backwards (each direction with the store as the other left it), the kept
    answer is the fresh one."""
    for when in [*times, *reversed(times)]:
        assert kept(data, when, kb) == fresh(data, when, kb), when


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_a_birthday_at_midnight_utc(kb: KnowledgeBase) -> None:
    data = bundle(patient("1950-12-05"))
    eve, midnight = _at("2026-12-04T23:59:59.999999+00:00"), _at("2026-12-05T00:00:00+00:00")
    assert fresh(data, eve, kb)["import"]["profile"]["age_years"] == 75
    assert fresh(data, midnight, kb)["import"]["profile"]["age_years"] == 76
    _walk(data, [eve - timedelta(hours=12), eve, midnight, midnight + timedelta(hours=23)], kb)


def test_a_birthday_on_29_february_in_a_common_year(kb: KnowledgeBase) -> None:
    data = bundle(patient("1948-02-29"))
    times = [_at(t) for t in ("2027-02-28T23:59:59+00:00", "2027-03-01T00:00:00+00:00", "2028-02-29T00:00:00+00:00")]
    assert [fresh(data, t, kb)["import"]["profile"]["age_years"] for t in times] == [78, 79, 80]
    _walk(data, times, kb)


def test_a_result_crossing_its_age_limit(kb: KnowledgeBase) -> None:
    taken = _at("2026-09-01T08:30:00+02:00")
    data = bundle(patient(), lab("o1", "2823-3", 2.9, "mmol/L", taken.isoformat()))
    edge = taken + timedelta(days=codes().max_age_days)  # still used at the limit itself, too old just after
    assert fresh(data, edge, kb)["import"]["profile"]["labs"]["potassium"] == 2.9
    assert fresh(data, edge + TICK, kb)["import"]["profile"]["labs"]["potassium"] is None
    _walk(data, [taken, edge - timedelta(hours=1), edge, edge + TICK, edge + timedelta(days=3)], kb)


def test_a_gestational_week_turning(kb: KnowledgeBase) -> None:
    measured = _at("2026-11-20T10:15:00+00:00")
    data = bundle(patient("1994-01-01"), gestational_age("g", 20, "wk", measured.isoformat()))
    turning = measured + timedelta(days=7)
    assert fresh(data, turning - TICK, kb)["import"]["profile"]["pregnancy_weeks"] == 20
    assert fresh(data, turning, kb)["import"]["profile"]["pregnancy_weeks"] == 21
    _walk(data, [measured, turning - TICK, turning, turning + timedelta(days=6, hours=23)], kb)


def test_a_gestational_age_past_the_end_of_pregnancy(kb: KnowledgeBase) -> None:
    measured = _at("2026-11-20T00:00:00+00:00")
    data = bundle(patient("1994-01-01"), gestational_age("g", 41, "wk", measured.isoformat()))
    over = measured + timedelta(days=8)  # past 42 weeks: not a pregnancy crampcare uses
    assert fresh(data, over - TICK, kb)["import"]["profile"]["pregnancy_weeks"] == 42
    assert fresh(data, over, kb)["import"]["profile"]["pregnancy_weeks"] is None
    _walk(data, [measured, over - TICK, over], kb)


def test_a_pregnancy_status_growing_too_old(kb: KnowledgeBase) -> None:
    data = bundle(patient("1994-01-01"), pregnancy_status("s", "77386006", "2026-09-01"))
    edge = _at("2026-09-01T00:00:00+00:00") + timedelta(days=codes().max_age_days)
    before, after = fresh(data, edge, kb), fresh(data, edge + TICK, kb)
    assert [u["reason"] for u in before["import"]["unmapped"]] == ["pregnancy_unknown_week"]
    assert [u["reason"] for u in after["import"]["unmapped"]] == ["too_old"]
    _walk(data, [edge - timedelta(days=1), edge, edge + TICK], kb)


def test_the_span_of_every_fixture_reads_it_alike_at_both_ends(kb: KnowledgeBase) -> None:
    for path in sorted(BUNDLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        at = ReadAt(NOW)
        try:
            inbound.read_bundle(copy.deepcopy(data), at, kb=kb, field="bundle")
        except InputError:
            continue
        assert at.holds(NOW), path.name
        expected = fresh(data, NOW, kb)
        assert fresh(data, at.start, kb) == expected, path.name
        assert fresh(data, at.end - TICK, kb) == expected, path.name


def test_a_result_dated_in_year_9999_is_read(kb: KnowledgeBase) -> None:
    data = bundle(patient(), lab("o1", "2823-3", 4.1, "mmol/L", "9999-12-31T23:00:00Z"))
    at = ReadAt(NOW)
    inbound.read_bundle(data, at, kb=kb, field="bundle")
    assert at.end <= datetime(2026, 12, 5, tzinfo=UTC)  # the UTC day still ends it
    assert kept(data, NOW, kb) == fresh(data, NOW, kb)
    assert ReadAt(NOW).older_than(datetime(9999, 12, 31, tzinfo=UTC), timedelta(days=90)) is False


def test_each_call_gets_new_uuids(kb: KnowledgeBase) -> None:
    data = load("older_woman_diuretic.json")
    calls = [remembered.patient_view_cards(copy.deepcopy(data), now=NOW, kb=kb) for _ in range(3)]
    uuids = [card.uuid for cards in calls for card, _ in cards]
    assert len(uuids) == len(set(uuids)) == 3 * len(calls[0])
    assert [_answer(inbound.profile_from_bundle(data, now=NOW, kb=kb), c)["cards"] for c in calls[1:]] == [
        _answer(inbound.profile_from_bundle(data, now=NOW, kb=kb), calls[0])["cards"]
    ] * 2


def test_the_language_is_part_of_what_is_kept(kb: KnowledgeBase) -> None:
    data = load("older_woman_diuretic.json")
    english = kept(data, NOW, kb)
    with i18n.use("ru"):
        russian = kept(data, NOW, kb)
        assert russian == fresh(data, NOW, kb)
    assert russian != english
    assert kept(data, NOW, kb) == english


def test_a_refused_record_is_never_kept(kb: KnowledgeBase) -> None:
    data = bundle(patient("2027-01-01"))  # born after NOW
    for _ in range(2):
        with pytest.raises(InputError, match="is after"):
            remembered.read_record(copy.deepcopy(data), now=NOW, kb=kb)
    assert not remembered._store.kept


def test_what_is_kept_is_bounded(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remembered._store, "size", 3)
    for year in range(1950, 1960):
        remembered.read_record(bundle(patient(f"{year}-01-01")), now=NOW, kb=kb)
    assert len(remembered._store.kept) == 3
    assert ReadAt(NOW).end == LATEST
