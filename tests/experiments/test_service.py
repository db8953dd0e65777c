"""Experiments stored in the diary database, on SQLite and PostgreSQL: start, daily check-ins, the answer,
warning signs, adverse effects, edits, summer time."""

from __future__ import annotations

import datetime as dt
from html import unescape
from typing import Any

import pytest
from sqlalchemy import select

from crampcare.diary import service as diary
from crampcare.diary.db import session_scope
from crampcare.diary.models import HistoryRow
from crampcare.errors import InputError
from crampcare.experiments import service
from crampcare.experiments.design import make_design

START = dt.date(2024, 3, 18)  # Europe's clocks go forward on 31 March and back on 27 October 2024
PROFILE = {"age_years": 60, "sex": "female"}
STRETCH = "nightly_calf_hamstring_stretching"


def begin(db_url: str, **extra: Any) -> dict[str, Any]:
    diary.save_profile(PROFILE, db_url=db_url)
    data = {"intervention": STRETCH, "start": START.isoformat(), "seed": 42} | extra
    return service.start(data, db_url=db_url, today=START)


def cramp(db_url: str, day: dt.date, *, hour: int = 2, minutes: float = 2, setting: str = "bed_night") -> None:
    """A cramp belonging to `day`'s night (at 02:00 the next morning by default)."""
    moment = dt.datetime.combine(day + dt.timedelta(days=1 if hour < 6 else 0), dt.time(hour, 30))
    diary.log_episode(
        {
            "started": moment.isoformat() + ("+02:00" if moment.date() >= dt.date(2024, 3, 31) else "+01:00"),
            "duration_minutes": minutes,
            "muscle": "calf",
            "side": "left",
            "setting": setting,
            "pain": 6,
        },
        db_url=db_url,
    )


def live(db_url: str, state: dict[str, Any], nights: dict[str, list[int]]) -> None:
    """Check in every day of every period, following the arm; cramps on the given day numbers of each arm."""
    for period in state["schedule"]:
        first = dt.date.fromisoformat(period["first"])
        last = dt.date.fromisoformat(period["last"])
        for offset in range((last - first).days + 1):
            day = first + dt.timedelta(days=offset)
            arm = period["arm"]
            service.day({"day": day.isoformat(), "done": arm == "A"}, db_url=db_url, today=day)
            if arm in nights and offset in nights[arm]:
                cramp(db_url, day)


def test_start_needs_a_stored_profile(db_url: str) -> None:
    with pytest.raises(InputError) as caught:
        service.start({"intervention": STRETCH}, db_url=db_url, today=START)
    assert caught.value.field == "profile" and "diary profile set" in (caught.value.valid or "")


def test_schedule_is_stored_and_rebuilt_from_the_seed(db_url: str) -> None:
    state = begin(db_url)
    assert state["status"] == "run_in" and state["basis"]["mode"] == "self_care"
    expected = make_design(start=START, seed=42).orders()
    assert state["design"]["orders"] == state["design"]["orders_as_stored"] == expected
    assert service.status(db_url=db_url, today=START)["schedule"] == state["schedule"]
    assert state["schedule"][0]["arm"] == "baseline" and len(state["schedule"]) == 7
    with pytest.raises(InputError) as caught:  # one experiment at a time
        service.start({"intervention": STRETCH}, db_url=db_url, today=START)
    assert caught.value.field == "intervention" and "stop" in (caught.value.valid or "")


def test_a_full_experiment_that_helps(db_url: str) -> None:
    state = begin(db_url, pairs=4)
    live(db_url, state, {"A": [3], "B": [0, 2, 4, 6, 8, 10, 12]})
    end = dt.date.fromisoformat(state["design"]["end"])
    final = service.status(db_url=db_url, today=end + dt.timedelta(days=1))
    assert final["status"] == "finished"
    result = final["result"]
    assert result["verdict"] == "helps" and result["label"] == "helps"
    assert result["high"] < 1 and result["adherence"] == {"A": 1.0, "B": 1.0}
    assert result["cramp_nights_per_week"]["A"] == pytest.approx(0.5)
    assert result["cramp_nights_per_week"]["B"] == pytest.approx(3.5)
    assert all(p["usable"] for p in final["periods"]) and final["unchecked_cramp_nights"] == 0
    html = service.report(db_url=db_url, fmt="html", today=end + dt.timedelta(days=1)).decode()
    assert "Rate ratio A vs B: 0.14" in html and ">helps<" in html and "data:image/svg+xml" in html
    assert service.report(db_url=db_url, fmt="pdf", today=end).startswith(b"%PDF")
    # the day before the end the last period has not ended: no verdict from an unfinished pair
    assert service.status(db_url=db_url, today=end)["result"]["complete_pairs"] == 3


def test_summer_time_keeps_each_night_in_its_period(db_url: str) -> None:
    """The clocks go forward on the night of 30/31 March 2024: a cramp at 01:30 (+01:00) that night and one at
    03:30 (+02:00) the next belong to the 30th and the 31st, whatever the offset."""
    state = begin(db_url, run_in=False)
    service.day({"day": "2024-03-30", "done": True}, db_url=db_url, today=dt.date(2024, 3, 30))
    service.day({"day": "2024-03-31", "done": True}, db_url=db_url, today=dt.date(2024, 3, 31))
    diary.log_episode(
        {
            "started": "2024-03-31T01:30+01:00",
            "duration_minutes": 2,
            "muscle": "calf",
            "side": "left",
            "setting": "bed_night",
            "pain": 5,
        },
        db_url=db_url,
    )
    diary.log_episode(
        {
            "started": "2024-04-01T03:30+02:00",
            "duration_minutes": 2,
            "muscle": "calf",
            "side": "left",
            "setting": "bed_night",
            "pain": 5,
        },
        db_url=db_url,
    )
    later = service.status(db_url=db_url, today=dt.date(2024, 4, 20))
    first = later["periods"][0]  # 18-31 March
    assert later["schedule"][0]["last"] == "2024-03-31"
    assert first["observed_days"] == 2 and first["cramp_nights"] == 2
    assert later["schedule"] == state["schedule"]


def test_the_repeated_hour_in_october_counts_once_for_the_right_night(db_url: str) -> None:
    """Clocks go back on 27 October 2024: 02:30 happens twice; both cramps belong to the night of the 26th."""
    diary.save_profile(PROFILE, db_url=db_url)
    start = dt.date(2024, 10, 14)
    data = {"intervention": STRETCH, "start": start.isoformat(), "seed": 9, "run_in": False}
    state = service.start(data, db_url=db_url, today=start)
    for day in ("2024-10-26", "2024-10-27"):
        service.day({"day": day, "done": True}, db_url=db_url, today=dt.date.fromisoformat(day))
    for offset in ("+02:00", "+01:00"):
        diary.log_episode(
            {
                "started": f"2024-10-27T02:30{offset}",
                "duration_minutes": 2,
                "muscle": "calf",
                "side": "left",
                "setting": "bed_night",
                "pain": 5,
            },
            db_url=db_url,
        )
    later = service.status(db_url=db_url, today=dt.date(2024, 11, 20))
    first = later["periods"][0]  # 14-27 October
    assert first["observed_days"] == 2 and first["cramp_nights"] == 1  # one night, two cramps
    assert later["schedule"] == state["schedule"]


def test_editing_a_past_checkin_keeps_the_old_one_and_the_schedule(db_url: str) -> None:
    state = begin(db_url)
    day = dt.date(2024, 3, 20)
    service.day({"day": day.isoformat(), "done": True}, db_url=db_url, today=day)
    edited = service.day(
        {"day": day.isoformat(), "done": False, "note": "forgot"}, db_url=db_url, today=START + dt.timedelta(days=5)
    )
    assert edited["checkin"] == {"day": "2024-03-20", "done": False, "note": "forgot"}
    with session_scope(db_url) as session:
        kept = session.scalars(select(HistoryRow).where(HistoryRow.kind == "experiment_day")).all()
    assert [h.before["done"] for h in kept] == [True]
    assert service.status(db_url=db_url, today=START)["schedule"] == state["schedule"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"day": "2024-03-25", "done": True}, "day"),  # after "today"
        ({"day": "2024-03-10", "done": True}, "day"),  # before the start
        ({"done": "often"}, "done"),
        ({"adverse": ""}, "adverse"),
    ],
)
def test_bad_checkins_name_the_field(db_url: str, data: dict[str, Any], field: str) -> None:
    begin(db_url)
    with pytest.raises(InputError) as caught:
        service.day(data, db_url=db_url, today=dt.date(2024, 3, 20))
    assert caught.value.field == field


def test_a_warning_sign_pauses_the_experiment_until_resumed(db_url: str) -> None:
    begin(db_url, run_in=False)
    day = dt.date(2024, 3, 20)
    cramp(db_url, day, hour=15, minutes=25, setting="sitting")  # over 10 minutes, by day: a red flag
    today = service.day({}, db_url=db_url, today=day)
    assert today["status"] == "paused" and today["arm"] is None
    assert "warning sign" in today["message"] and today["red_flags"][0]["day"] == "2024-03-20"
    resumed = service.resume(db_url=db_url, today=day)
    assert resumed["status"] == "running" and resumed["red_flags"] == []
    with pytest.raises(InputError):
        service.resume(db_url=db_url, today=day)


def test_a_warning_sign_in_the_profile_pauses_until_the_profile_changes(db_url: str) -> None:
    begin(db_url, run_in=False)
    day = dt.date(2024, 3, 20)
    diary.save_profile(PROFILE | {"symptoms": ["calf_swelling"]}, db_url=db_url)
    paused = service.day({}, db_url=db_url, today=day)
    assert paused["status"] == "paused" and "stored profile now shows a warning sign" in paused["message"]
    with pytest.raises(InputError) as caught:
        service.resume(db_url=db_url, today=day)
    assert "profile" in caught.value.message
    diary.save_profile(PROFILE, db_url=db_url)
    assert service.status(db_url=db_url, today=day)["status"] == "running"


def test_an_adverse_effect_stops_the_experiment(db_url: str) -> None:
    begin(db_url, run_in=False)
    day = dt.date(2024, 3, 21)
    answer = service.day({"day": day.isoformat(), "adverse": "calf pain after stretching"}, db_url=db_url, today=day)
    assert answer["status"] == "stopped" and "doctor or pharmacist" in answer["message"]
    state = service.status(db_url=db_url, today=day)
    assert state["stop_kind"] == "adverse" and state["events"][0]["kind"] == "adverse"
    with pytest.raises(InputError):
        service.stop("again", db_url=db_url, today=day)
    # a new experiment may start once the old one is stopped
    assert service.start({"intervention": STRETCH}, db_url=db_url, today=day)["id"] == 2


def test_who_may_test_what(db_url: str) -> None:
    diary.save_profile(PROFILE, db_url=db_url)
    with pytest.raises(InputError) as caught:
        service.start({"intervention": "Magnerot"}, db_url=db_url, today=START)
    assert caught.value.field == "doctor_agreed"
    agreed = service.start({"intervention": "Magnerot", "doctor_agreed": "2024-03-01"}, db_url=db_url, today=START)
    assert agreed["basis"]["mode"] == "doctor_agreed" and agreed["basis"]["doctor_agreed"] == "2024-03-01"
    service.stop(db_url=db_url, today=START)
    for name, field in (
        ("quinine", "clinician"),
        ("homeopathy", "intervention"),
        ("fa_wall_calf_stretch", "intervention"),
    ):
        with pytest.raises(InputError) as refused:
            service.start({"intervention": name}, db_url=db_url, today=START)
        assert refused.value.field == field
    signed = {"intervention": "quinine", "clinician": "Dr A. Smith", "signed": "2024-03-10", "period_weeks": 4}
    assert service.start(signed, db_url=db_url, today=START)["basis"]["mode"] == "clinician_protocol"


def test_avoid_is_refused_even_on_a_clinicians_protocol(db_url: str) -> None:
    diary.save_profile({"age_years": 30, "sex": "female", "pregnancy_weeks": 20}, db_url=db_url)
    signed = {"intervention": "quinine", "clinician": "Dr A. Smith", "signed": "2024-03-10"}
    with pytest.raises(InputError) as caught:
        service.start(signed, db_url=db_url, today=START)
    assert 'marked "Avoid"' in caught.value.message and "pregnancy" in caught.value.message


def test_wipe_removes_experiments_too(db_url: str) -> None:
    begin(db_url)
    removed = diary.wipe(db_url=db_url)
    assert removed["experiments"] == 1
    assert service.list_all(db_url=db_url) == []


def test_report_words_run_in_and_basis_for_people(db_url: str) -> None:
    state = begin(db_url, pairs=4)
    html = service.report(db_url=db_url, fmt="html", today=START).decode()
    assert "A run-in week, then 4 pairs of 2-week periods" in html  # was "then4 pairs"
    basis = unescape(html.split("Why this could be tested:", 1)[1].split("</p>", 1)[0])
    assert 'your check-up marks it "You can do this yourself"' in basis and "self_care" not in basis
    assert "self_care" not in state["basis"]["text"]


def test_the_basis_is_worded_again_for_experiments_stored_with_raw_status_names(db_url: str) -> None:
    from crampcare.experiments.models import ExperimentRow

    begin(db_url)
    with session_scope(db_url) as session:
        row = session.scalars(select(ExperimentRow)).one()
        row.basis = {**row.basis, "text": "self_care for you: stored before the wording changed"}
    text = service.status(db_url=db_url, today=START)["basis"]["text"]
    assert "self_care" not in text and text.startswith('your check-up marks it "You can do this yourself": ')


def test_doctor_and_clinician_bases_name_the_status_in_words(db_url: str) -> None:
    diary.save_profile(PROFILE, db_url=db_url)
    agreed = service.start({"intervention": "Magnerot", "doctor_agreed": "2024-03-01"}, db_url=db_url, today=START)
    expected = 'your check-up marks it "Discuss with a doctor", and your doctor agreed on 2024-03-01: '
    assert agreed["basis"]["text"].startswith(expected)
    service.stop(db_url=db_url, today=START)
    signed = {"intervention": "quinine", "clinician": "Dr A. Smith", "signed": "2024-03-10", "period_weeks": 4}
    text = service.start(signed, db_url=db_url, today=START)["basis"]["text"]
    assert 'signed by Dr A. Smith on 2024-03-10 (your check-up marks it "Not recommended": ' in text
