"""The CDS Hooks fast paths (issue 14, the latency target) give exactly what the reference paths give.

Fast paths: a resource whose exact JSON the R4B models accepted before is not validated again
(`parse_bundle(remember=True)`); a record read before is not read again while the time changes nothing in it, nor
are its patient-view cards built again (`fhir.remembered`; its time boundaries are tested in
test_fhir_remembered.py); the ATC-name map, the cramp-problem words and the labs the causes test for are built
once per knowledge base; a JSON body's duplicate keys are counted in one pass. Each is compared with the path it
replaced (validation of every resource, every record read afresh, the maps rebuilt on every call, the two-pass
key check) on every FHIR record of the tests: the bundle fixtures, every clinical scenario written as a record,
and broken records.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
import re
import sys
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from fhir_builders import BUNDLES, NOW, bundle, bundle_from_profile, lab, medication, patient

from crampcare.errors import InputError
from crampcare.fhir import cds, inbound, parse, records, remembered
from crampcare.fhir.codes import codes
from crampcare.inputfiles import DuplicateKeyError, _build, _Pairs, loads_unique_keys
from crampcare.knowledge.loader import KnowledgeBase
from crampcare.knowledge.lookup import normalise

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "assessment"))
from scenario_cases import load_scenario, scenario_files

MAPPED = {"age_years", "sex", "pregnancy_weeks", "conditions", "medications", "allergies", "labs"}
ORDERS = ("quinine", "ibuprofen", "spironolactone", "potassium chloride", "furosemide", "atorvastatin")


def _records() -> dict[str, dict[str, Any]]:
    found = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(BUNDLES.glob("*.json"))}
    for path in scenario_files():
        profile = load_scenario(path).profile
        if not isinstance(profile, dict) or not set(profile) <= MAPPED or "age_years" not in profile:
            continue
        if not float(profile["age_years"]).is_integer():
            continue
        try:
            found[f"scenario:{path.stem}"] = bundle_from_profile(dict(profile))
        except (KeyError, ValueError):  # a lab the record builder has no LOINC for
            continue
    return found


RECORDS = _records()


def _broken() -> dict[str, Any]:
    """Records the models refuse, each at a different entry and element; and some that are refused earlier."""
    base = json.loads((BUNDLES / "older_woman_diuretic.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for index, entry in enumerate(base["entry"]):
        resource = entry["resource"]
        extra = copy.deepcopy(base)
        extra["entry"][index]["resource"]["photoOfTheDay"] = "me.png"
        out[f"extra element in entry {index}"] = extra
        wrong = copy.deepcopy(base)
        wrong["entry"][index]["resource"]["id"] = ["not", "an", "id"]
        out[f"bad id in entry {index}"] = wrong
        if "valueQuantity" in resource:
            text = copy.deepcopy(base)
            text["entry"][index]["resource"]["valueQuantity"]["value"] = "three"
            out[f"text value in entry {index}"] = text
    bad_lab = bundle(patient(), lab("o1", "2823-3", 3.0, "mmol/L"))
    bad_lab["entry"][1]["resource"]["effectiveDateTime"] = "yesterday"
    out["not a time"] = bad_lab
    out["birth date"] = bundle(patient("yesterday"))
    out["unknown resource type"] = bundle(patient(), {"resourceType": "Nope", "id": "x"})
    out["entry without resource"] = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": "text"}]}
    out["bundle total"] = {
        "resourceType": "Bundle",
        "type": "collection",
        "total": "many",
        "entry": [{"resource": patient()}],
    }
    out["not a bundle"] = {"resourceType": "Patient"}
    return out


BROKEN = _broken()


def _outcome(check: Callable[[], object]) -> tuple[str, str | None] | None:
    try:
        check()
    except InputError as exc:
        return exc.one_line(), exc.field
    return None


@pytest.fixture
def forget() -> Iterator[None]:
    parse._accepted.clear()
    remembered.forget()
    yield
    parse._accepted.clear()
    remembered.forget()


@pytest.mark.parametrize("name", [*RECORDS, *BROKEN])
def test_remembered_validation_gives_the_models_verdict(name: str, forget: None) -> None:
    data = RECORDS.get(name) or BROKEN[name]
    reference = _outcome(lambda: parse.parse_bundle(copy.deepcopy(data), field="prefetch", remember=False))
    if name in BROKEN:
        assert reference is not None
    for _ in range(2):  # the first call validates and remembers, the second finds what it remembered
        assert _outcome(lambda: parse.parse_bundle(copy.deepcopy(data), field="prefetch")) == reference


def test_a_resource_changed_after_it_was_accepted_is_validated_again(forget: None) -> None:
    data = json.loads((BUNDLES / "older_woman_diuretic.json").read_text(encoding="utf-8"))
    parse.parse_bundle(data)
    # each resource, the Bundle around them, and the whole record
    assert len(parse._accepted.digests) == len(data["entry"]) + 2
    for broken in BROKEN.values():
        reference = _outcome(lambda b=broken: parse.parse_bundle(b, remember=False))
        assert reference is not None
        assert _outcome(lambda b=broken: parse.parse_bundle(b)) == reference


def test_a_whole_record_accepted_before_is_not_looked_at_again(forget: None, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads((BUNDLES / "older_woman_diuretic.json").read_text(encoding="utf-8"))
    parse.parse_bundle(copy.deepcopy(data))

    def looked_at(*_args: Any) -> None:
        raise AssertionError("a part of the record was looked up again")

    monkeypatch.setattr(parse, "_validate", looked_at)
    parse.parse_bundle(copy.deepcopy(data))  # the whole record's digest is found: no part is looked up
    changed = copy.deepcopy(data)
    changed["entry"][1]["resource"]["id"] = "another"
    with pytest.raises(AssertionError, match="looked up again"):
        parse.parse_bundle(changed)  # another record: its parts are looked up (and validated if new)
    with pytest.raises(AssertionError, match="looked up again"):
        parse.parse_bundle(copy.deepcopy(data), remember=False)


def test_a_refused_record_is_not_remembered_whole(forget: None) -> None:
    for name, broken in BROKEN.items():
        if isinstance(broken, dict) and broken.get("resourceType") == "Bundle":
            _outcome(lambda b=broken: parse.parse_bundle(b))
            whole = parse._digest(parse.Bundle, broken, parse.WHOLE)
            assert whole not in parse._accepted, name


def test_what_is_remembered_is_bounded(forget: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse._accepted, "size", 3)
    for age in range(1950, 1960):
        parse.parse_bundle(bundle(patient(f"{age}-01-01")))
    assert len(parse._accepted.digests) == 3


def test_json_that_cannot_be_written_is_validated_every_time(forget: None) -> None:
    from datetime import date

    data = bundle(patient() | {"birthDate": date(1950, 3, 2)})  # not JSON: no digest, the models decide each time
    reference = _outcome(lambda: parse.parse_bundle(data, remember=False))
    assert _outcome(lambda: parse.parse_bundle(data)) == reference
    assert len(parse._accepted.digests) == 1  # the Bundle around it only


# --- the cards --------------------------------------------------------------------------------------------


def _reference_lab_tests(kb: KnowledgeBase) -> list[tuple[str, str, list[str]]]:
    """What `_lab_card` read from the knowledge base on every call before it was kept."""
    tests = []
    for cause in kb.causes.values():
        for trigger in cause.rule.when:
            if trigger.lab is not None:
                tests.append((trigger.lab.name, cause.title, cause.rule.sources))
    return tests


def _reference_atc(kb: KnowledgeBase) -> dict[str, str]:
    """The ATC map `drug_names` built on every call before it was kept."""
    verified = {r.atc.code: r.inn or r.name for r in kb.interventions.values() if r.atc is not None and r.atc.verified}
    return {**verified, **codes().atc}


def _reference_cramp_words() -> frozenset[str]:
    return frozenset(normalise(w) for w in codes().cramp_problems.words)


def _draft(name: str, index: int) -> dict[str, Any]:
    order = medication(f"draft{index}", name, status="draft", kind="MedicationRequest")
    order["intent"] = "order"
    return order


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _numbered(text: str) -> str:
    """Each uuid replaced by the order in which it first appears: which cards share one, and which do not, is kept."""
    seen: dict[str, int] = {}
    return _UUID.sub(lambda m: f"uuid-{seen.setdefault(m.group(0), len(seen))}", text)


def _cards(data: dict[str, Any], kb: KnowledgeBase, *, kept: bool = False) -> str:
    """Every card patient-view and order-sign give for a record (uuids numbered in order), and what was read;
    `kept`: read and patient-view through `fhir.remembered`."""
    counter = itertools.count()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cds.uuid, "uuid4", lambda: uuid.UUID(int=next(counter)))
        try:
            if kept:
                found = remembered.read_record(copy.deepcopy(data), now=NOW, kb=kb, field="prefetch")
                view = remembered.patient_view_cards(copy.deepcopy(data), now=NOW, kb=kb)
            else:
                found = inbound.profile_from_bundle(copy.deepcopy(data), now=NOW, kb=kb, field="prefetch")
                view = cds.patient_view(found, kb)
        except InputError as exc:  # a scenario of bad input: the same error both ways
            return json.dumps({"refused": [exc.one_line(), exc.field]})
        orders = cds.order_review(found, [_draft(name, i) for i, name in enumerate(ORDERS)], kb)
    text = json.dumps(
        {
            "import": found.model_dump(mode="json"),
            "patient-view": [(card.as_json(), kind) for card, kind in view],
            "order-sign": [(card.as_json(), kind) for card, kind in orders],
        },
        sort_keys=True,
    )
    return _numbered(text)


def test_there_are_records_to_compare() -> None:
    assert len(RECORDS) >= 100
    assert len(BROKEN) >= 40


@pytest.mark.parametrize("name", list(RECORDS))
def test_cards_are_the_reference_paths_cards(name: str, kb: KnowledgeBase, forget: None) -> None:
    data = RECORDS[name]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inbound, "parse_bundle", partial(parse.parse_bundle, remember=False))
        patch.setattr(records, "_atc_names", _reference_atc)
        patch.setattr(records, "_cramp_words", _reference_cramp_words)
        patch.setattr(cds, "_lab_tests", _reference_lab_tests)
        reference = _cards(data, kb)
    assert not parse._accepted.digests
    assert not remembered._store.kept
    assert _cards(data, kb) == reference  # validates and remembers
    assert _cards(data, kb) == reference  # remembered
    assert _cards(data, kb, kept=True) == reference  # read, assessed and kept
    assert _cards(data, kb, kept=True) == reference  # the kept reading and cards (new uuids)


def test_the_kept_maps_are_the_knowledge_bases(kb: KnowledgeBase) -> None:
    assert records._atc_names(kb) == _reference_atc(kb)
    assert records._atc_names(kb) is records._atc_names(kb)
    assert records._cramp_words() == _reference_cramp_words()
    assert cds._lab_tests(kb) == _reference_lab_tests(kb)
    other = dataclasses.replace(kb, causes={})
    assert cds._lab_tests(other) == []  # another knowledge base object gets its own
    assert cds._lab_tests(kb) == _reference_lab_tests(kb)


# --- duplicate keys ---------------------------------------------------------------------------------------


def _reference_loads(text: str | bytes) -> Any:
    return _build(json.loads(text, object_pairs_hook=_Pairs), "")


def _loaded(load: Callable[[str | bytes], Any], text: str | bytes) -> Any:
    try:
        return ("value", load(text))
    except DuplicateKeyError as exc:
        return ("duplicate", exc.key, str(exc))
    except (ValueError, RecursionError) as exc:
        return (type(exc).__name__, str(exc))


@pytest.mark.parametrize(
    "text",
    [
        '{"age_years": 70, "labs": {"potassium": 4.0, "potassium": 7.0}}',
        '{"episodes": [{"pain": 1}, {"pain": 2, "pain": 3}]}',
        '{"a": {"b": 1}, "c": {"b": 2}}',
        '{"a": 1, "a": 1}',
        '{"a": {"x": 1, "x": 2}, "b": [1, 2,',  # a repeat, then broken JSON: the JSON error wins, as before
        '{"a": [1, 2,',
        "[]",
        '"text"',
        '{"é": 1, "\\u00e9": 2}',
        b'{"a": 1, "b": {"c": [true, null, 1.5e3]}}',
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_duplicate_keys_are_found_as_the_two_pass_check_finds_them(text: str | bytes) -> None:
    assert _loaded(loads_unique_keys, text) == _loaded(_reference_loads, text)


@pytest.mark.parametrize("name", [*list(RECORDS)[:20], "older_woman_diuretic"])
def test_records_load_as_the_two_pass_check_loads_them(name: str) -> None:
    text = json.dumps({"hook": "patient-view", "prefetch": {"record": RECORDS[name]}})
    assert loads_unique_keys(text) == _reference_loads(text)
    repeated = text[:-2] + ', "record": {}}}'
    assert _loaded(loads_unique_keys, repeated) == _loaded(_reference_loads, repeated)
    assert _loaded(loads_unique_keys, repeated)[1] == "prefetch.record"
