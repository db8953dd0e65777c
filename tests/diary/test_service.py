"""Storage on SQLite and PostgreSQL: every test runs on both (see the `db_url` fixture)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from crampcare.diary import repository, service
from crampcare.diary.db import session_scope
from crampcare.errors import InputError, NotFoundError
from diary.sample import EPISODE, PROFILE, TODAY, fill


def test_log_and_read_back_with_the_day_rule(db_url: str) -> None:
    saved = service.log_episode(EPISODE | {"triggers": ["heat"], "note": "after a hot day"}, db_url=db_url)
    shown = service.get_episode(saved["id"], db_url=db_url)
    assert shown["started"] == "2024-05-08T02:30:00+02:00"
    assert shown["diary_day"] == "2024-05-07"
    assert shown["triggers"] == ["heat"] and shown["note"] == "after a hot day"
    assert [e["id"] for e in service.list_episodes(db_url=db_url)] == [saved["id"]]


def test_bad_episode_names_the_field_and_stores_nothing(db_url: str) -> None:
    with pytest.raises(InputError) as caught:
        service.log_episode(EPISODE | {"pain": 11}, db_url=db_url)
    assert caught.value.one_line() == "pain: must be from 0 to 10 (got 11)"
    with pytest.raises(InputError, match="unknown trigger 'moon'"):
        service.log_episode(EPISODE | {"triggers": ["moon"]}, db_url=db_url)
    with pytest.raises(InputError, match="unknown intervention id"):
        service.log_episode(EPISODE | {"tried": [{"id": "no_such_thing", "effect": 2}]}, db_url=db_url)
    assert service.list_episodes(db_url=db_url) == []


def test_tried_interventions_are_validated_against_the_knowledge_base(db_url: str, kb: Any) -> None:
    known = sorted(kb.interventions)[0]
    saved = service.log_episode(EPISODE | {"tried": [{"id": known, "effect": 3}]}, db_url=db_url)
    assert saved["tried"] == [{"id": known, "effect": 3}]
    with pytest.raises(InputError, match=r"tried\.0\.effect"):
        service.log_episode(EPISODE | {"tried": [{"id": known, "effect": 4}]}, db_url=db_url)


def test_edit_and_delete_keep_the_old_version(db_url: str) -> None:
    saved = service.log_episode(EPISODE, db_url=db_url)
    edited = service.edit_episode(saved["id"], {"pain": 4}, db_url=db_url)
    assert edited["pain"] == 4 and edited["started"] == saved["started"]
    service.delete_episode(saved["id"], db_url=db_url)
    with pytest.raises(NotFoundError):
        service.get_episode(saved["id"], db_url=db_url)
    with session_scope(db_url) as session:
        kept = [(h.action, h.before["pain"]) for h in repository.history(session=session)]
    assert kept == [("edit", 7), ("delete", 4)]


def test_edit_refuses_unknown_fields(db_url: str) -> None:
    saved = service.log_episode(EPISODE, db_url=db_url)
    with pytest.raises(InputError, match="cannot edit 'colour'"):
        service.edit_episode(saved["id"], {"colour": "red"}, db_url=db_url)


def test_checkin_replaces_the_day_and_keeps_history(db_url: str) -> None:
    service.save_checkin({"day": "2024-05-07", "water_litres": 1.0, "heat": True}, db_url=db_url)
    service.save_checkin({"day": "2024-05-07", "water_litres": 2.0}, db_url=db_url)
    assert [c["water_litres"] for c in service.list_checkins(db_url=db_url)] == [2.0]
    with session_scope(db_url) as session:
        assert [h.before["water_litres"] for h in repository.history(session=session)] == [1.0]


def test_profile_versions_and_the_assessment_input(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "today_local", lambda: TODAY)  # the pattern counts back from "today"
    assert service.list_checkins(db_url=db_url) == []  # opens (creates) the empty diary
    with pytest.raises(InputError, match="profile set"):
        service.profile_for_assessment(db_url)
    fill(db_url)
    service.save_profile(PROFILE | {"age_years": 68}, db_url=db_url)
    with session_scope(db_url) as session:
        assert [v.data["age_years"] for v in repository.profile_versions(session=session)] == [67, 68]
    merged = service.profile_for_assessment(db_url)
    assert merged["age_years"] == 68 and merged["medications"] == PROFILE["medications"]
    # 13 episodes in the sample's last 4 weeks (3.25 a week); the records span about ten weeks.
    assert merged["pattern"] == {"episodes_per_week": 3.25, "weeks": 10.1, "mostly_at_night": True}


def test_bad_profile_is_refused_with_the_field(db_url: str) -> None:
    with pytest.raises(InputError) as caught:
        service.save_profile({"age_years": -5}, db_url=db_url)
    assert caught.value.field == "age_years"


def test_stats_over_a_sample_diary(db_url: str) -> None:
    fill(db_url)
    result = service.stats(db_url=db_url, today=TODAY)
    assert result["episodes"] == 30 and result["checkins"] == 70
    assert result["regular"]["met"]
    heat = next(row for row in result["associations"] if row["factor"] == "heat")
    assert heat["available"] and heat["rate_ratio"] > 1 and heat["p_value"] < 0.05


def test_wipe_removes_everything(db_url: str) -> None:
    fill(db_url)
    removed = service.wipe(db_url=db_url)
    assert removed["episodes"] == 30
    assert service.list_episodes(db_url=db_url) == [] and service.current_profile(db_url=db_url) is None


def test_delete_checkin_keeps_a_copy_in_history(db_url: str) -> None:
    service.save_checkin({"day": "2024-05-07", "water_litres": 1.0, "heat": True}, db_url=db_url)
    service.save_checkin({"day": "2024-05-08", "water_litres": 2.0}, db_url=db_url)
    removed = service.delete_checkin("2024-05-07", db_url=db_url)
    assert removed["day"] == "2024-05-07" and removed["heat"] is True
    assert [c["day"] for c in service.list_checkins(db_url=db_url)] == ["2024-05-08"]
    with session_scope(db_url) as session:
        kept = [(h.kind, h.action, h.before["water_litres"]) for h in repository.history(session=session)]
    assert kept == [("checkin", "delete", 1.0)]
    with pytest.raises(NotFoundError) as missing:
        service.delete_checkin("2024-05-07", db_url=db_url)
    assert missing.value.field == "day"
    with pytest.raises(InputError, match="not a date") as bad:
        service.delete_checkin("7 May", db_url=db_url)
    assert bad.value.valid is not None and "YYYY-MM-DD" in bad.value.valid


@pytest.mark.parametrize(
    ("data", "field", "wrong"),
    [
        (EPISODE | {"started": "0001-01-01T00:30:00+05:00"}, "started", "year 1 is not plausible"),
        (EPISODE | {"started": "9999-12-31T23:00:00-05:00"}, "started", "year 9999 is not plausible"),
        (EPISODE | {"started": "2199-01-01T00:00:00+00:00"}, "started", "2199-01-01 is in the future"),
        ({"day": "1899-12-31"}, "day", "year 1899 is not plausible"),
        ({"day": "2201-01-01"}, "day", "year 2201 is not plausible"),
    ],
)
def test_implausible_dates_are_refused_naming_field_and_range(data: dict[str, Any], field: str, wrong: str) -> None:
    from crampcare.diary.schemas import CheckinIn, EpisodeIn, validate

    with pytest.raises(InputError) as caught:
        validate(EpisodeIn if field == "started" else CheckinIn, data)
    assert caught.value.field == field and wrong in caught.value.message
    assert caught.value.valid is not None and "1900–2200" in caught.value.valid


def test_dates_at_the_edges_of_the_range_are_stored_and_analysed(db_url: str) -> None:
    service.log_episode(EPISODE | {"started": "1900-01-01T12:00:00+00:00"}, db_url=db_url)
    service.save_checkin({"day": "1900-01-02", "heat": True}, db_url=db_url)
    service.log_episode(EPISODE, db_url=db_url)
    result = service.stats(db_url=db_url, today=TODAY)
    assert result["episodes"] == 2 and result["first_day"] == "1900-01-01"


@pytest.mark.parametrize("episode_id", [0, -1, 2**63, 10**22])
def test_an_id_no_database_can_hold_is_not_found_not_an_overflow(sqlite_url: str, episode_id: int) -> None:
    with pytest.raises(NotFoundError) as caught:
        service.get_episode(episode_id, db_url=sqlite_url)
    assert caught.value.field == "ID"
    with pytest.raises(NotFoundError):
        service.delete_episode(episode_id, db_url=sqlite_url)


def test_true_or_false_is_not_stored_as_a_pain_score(sqlite_url: str) -> None:
    with pytest.raises(InputError, match="must be a number, not true") as caught:
        service.log_episode(EPISODE | {"pain": True}, db_url=sqlite_url)
    assert caught.value.field == "pain"
    assert service.list_episodes(db_url=sqlite_url) == []


def test_a_profile_with_a_misspelt_condition_is_not_stored(sqlite_url: str) -> None:
    with pytest.raises(InputError, match="did you mean") as caught:
        service.save_profile({"age_years": 60, "conditions": ["kidny failure"]}, db_url=sqlite_url)
    assert caught.value.field == "conditions[0]"
    assert service.current_profile(db_url=sqlite_url) is None


def test_a_misspelt_condition_the_person_keeps_unchecked_is_stored_with_that_choice(sqlite_url: str) -> None:
    # Issue 11 §5: the same choice as at assessment, so a saved profile can be assessed again without the stop.
    data = {"age_years": 60, "conditions": ["kidny failure"], "keep_unchecked": ["kidny failure"]}
    saved = service.save_profile(data, db_url=sqlite_url)
    assert saved["profile"]["keep_unchecked"] == ["kidny failure"]
    stored = service.current_profile(db_url=sqlite_url)
    assert stored is not None and stored["profile"]["conditions"] == ["kidny failure"]


def test_a_stored_profile_accepts_everyday_symptom_names_like_the_assessment(sqlite_url: str) -> None:
    saved = service.save_profile({"age_years": 60, "symptoms": ["swollen calf"]}, db_url=sqlite_url)
    assert saved["profile"]["symptoms"] == ["calf_swelling"]


def test_the_assessment_input_never_creates_a_diary_at_a_mistyped_path(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "diary.db"
    with pytest.raises(InputError, match=r"^--db: there is no diary file at .*typo/diary.db"):
        service.profile_for_assessment(f"sqlite:///{missing}")
    assert not missing.parent.exists()


def test_an_edit_keeps_the_named_time_zone(db_url: str) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    started = dt.datetime(2024, 5, 8, 2, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    logged = service.log_episode(EPISODE | {"started": started}, db_url=db_url)
    assert logged["tz"] == "Europe/Berlin"
    edited = service.edit_episode(logged["id"], {"pain": 6}, db_url=db_url)
    assert edited["tz"] == "Europe/Berlin" and edited["started"] == logged["started"] and edited["pain"] == 6


def test_save_checkin_keeps_stored_fields_the_caller_does_not_ask_about(db_url: str) -> None:
    service.save_checkin(
        {"day": "2024-05-05", "water_litres": 1, "medicines": ["magnesium"], "note": "keep me"}, db_url=db_url
    )
    kept = service.save_checkin({"day": "2024-05-05", "water_litres": 2}, db_url=db_url, keep=("medicines", "note"))
    assert kept["medicines"] == ["magnesium"] and kept["note"] == "keep me" and kept["water_litres"] == 2
    # Given explicitly, a kept field is what the caller says (an empty list clears it).
    cleared = service.save_checkin({"day": "2024-05-05", "medicines": []}, db_url=db_url, keep=("medicines", "note"))
    assert cleared["medicines"] == [] and cleared["note"] == "keep me"
    # Without `keep` a save replaces the whole day (the CLI's documented behaviour).
    replaced = service.save_checkin({"day": "2024-05-05"}, db_url=db_url)
    assert replaced["note"] == "" and service.get_checkin(dt.date(2024, 5, 5), db_url=db_url) == replaced
