"""The reviewed order of first-aid manoeuvres (data/assessment/first_aid_order.yaml) against the knowledge base.

The scenarios (tests/scenarios/first_aid_*.yaml) pin what a person sees; these tests keep the data itself honest:
every record described, every list possible in its place, every reason sourced.
"""

from __future__ import annotations

import pytest

from crampcare.assessment.config import PLACE_KEYS, FirstAidOrder, first_aid_order, first_aid_table
from crampcare.assessment.ranking import order
from crampcare.knowledge.loader import KnowledgeBase

ORDER = first_aid_order()


def test_every_first_aid_record_is_described_and_nothing_else(kb: KnowledgeBase) -> None:
    records = {r.id for r in kb.interventions.values() if r.kind == "first_aid"}
    assert set(ORDER.manoeuvres) == records


def test_every_listed_manoeuvre_fits_its_muscle_and_place(kb: KnowledgeBase) -> None:
    wrong = []
    for muscle, places in ORDER.orders.items():
        for place, entry in places.items():
            for rid in entry.order:
                record = kb.interventions[rid]
                if muscle != "any" and muscle not in record.muscles:
                    wrong.append(f"{muscle}/{place}: {rid} is not for the {muscle}")
                if place != "unknown" and place not in record.settings:
                    wrong.append(f"{muscle}/{place}: {rid} does not list {place}")
    assert wrong == []


def test_a_manoeuvre_for_another_muscle_never_leads(kb: KnowledgeBase) -> None:
    for muscle, places in ORDER.orders.items():
        for place, entry in places.items():
            first = kb.interventions[entry.order[0]]
            assert muscle == "any" or muscle in first.muscles, (muscle, place, first.id)


def test_in_the_water_only_in_water_manoeuvres_and_on_land_none(kb: KnowledgeBase) -> None:
    for muscle, places in ORDER.orders.items():
        for place, entry in places.items():
            in_water = {ORDER.manoeuvres[rid].position == "in_water" for rid in entry.order}
            assert in_water == {place == "swimming"}, (muscle, place)


def test_in_bed_a_standing_manoeuvre_never_leads_and_elsewhere_only_the_thighs_own_stretch() -> None:
    for muscle, places in ORDER.orders.items():
        assert ORDER.manoeuvres[places["bed_night"].order[0]].position != "standing", muscle
        for place in ("sitting", "other", "unknown"):
            first = places[place].order[0]
            # The front-of-thigh stretch is done standing, holding on (its first-line form); no other muscle's is.
            assert ORDER.manoeuvres[first].position != "standing" or first == "fa_front_thigh_stretch", (muscle, place)


def test_every_reason_cites_known_sources_and_background_is_unverified(kb: KnowledgeBase) -> None:
    for rid, reason in ORDER.reasons.items():
        assert set(reason.sources) <= set(kb.sources), rid
        assert reason.unverified == ("reference_background" in reason.sources), rid
    falls = ORDER.falls_risk
    assert set(falls.sources) <= set(kb.sources) and falls.unverified
    assert set(falls.drug_classes) <= set(kb.drug_classes)
    assert set(falls.conditions) <= set(kb.conditions)


def test_a_gap_in_the_order_is_refused_not_guessed() -> None:
    data = first_aid_order().model_dump()
    del data["orders"]["calf"]["sitting"]
    with pytest.raises(ValueError, match=r"orders\.calf: need exactly the places"):
        FirstAidOrder.model_validate(data)
    data = first_aid_order().model_dump()
    data["orders"]["shin"]["other"]["order"].append("fa_moonwalk")
    with pytest.raises(ValueError, match="not in manoeuvres: fa_moonwalk"):
        FirstAidOrder.model_validate(data)


def test_falls_risk_moves_standing_manoeuvres_last_in_order_and_starts_them_seated() -> None:
    table = first_aid_table()
    available = set(ORDER.manoeuvres)
    for place in PLACE_KEYS:
        setting = None if place == "unknown" else place
        plain = [p.id for p in order(table, "calf", setting, available)]
        placed = order(table, "calf", setting, available, falls_reason="because")
        standing = [p for p in placed if ORDER.manoeuvres[p.id].position == "standing"]
        assert [p.id for p in placed] == [i for i in plain if i not in {p.id for p in standing}] + [
            i for i in plain if i in {p.id for p in standing}
        ]
        assert all(p.first_step and "hold on to something steady" in p.first_step.lower() for p in standing)
        assert all(p.first_step is None for p in placed if p not in standing)
        assert placed[0].reasons[0] == "because"


def test_the_helper_manoeuvre_only_with_a_helper() -> None:
    table = first_aid_table()
    available = set(ORDER.manoeuvres)
    alone = [p.id for p in order(table, "calf", "bed_night", available)]
    helped = order(table, "calf", "bed_night", available, helper=True)
    assert "fa_helper_stretch" not in alone
    helper = next(p for p in helped if p.id == "fa_helper_stretch")
    assert helper.reasons == (ORDER.helper_reason,)
    assert [p.id for p in helped if p.id != "fa_helper_stretch"] == alone
