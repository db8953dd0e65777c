"""A number out of range says the field's whole range with its unit, in English and Russian: weight_kg said "1 to
400" (kilograms, pounds?), a check-in's water "0 to 15" with no unit, an experiment's weeks "1.0 to 4.0", and a
query's limit only "≥ 1" (its upper limit, 10000, was never said)."""

from __future__ import annotations

from typing import Any

import pytest

from crampcare.api.validation import find_field
from crampcare.assessment.profile import Profile
from crampcare.web.problems import PROFILE_FIELDS

from .conftest import TestClient


def error(response: Any) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    return dict(response.json()["error"])


EPISODE = {"started": "2026-12-01T23:00+01:00", "muscle": "calf", "side": "left", "setting": "bed_night", "pain": 4}


@pytest.mark.parametrize(
    ("method", "path", "body", "en", "ru"),
    [
        ("post", "/api/v1/assess", {"age_years": 40, "weight_kg": 0}, "1 to 400 kg", "от 1 до 400 кг"),
        ("post", "/api/v1/assess", {"age_years": 130}, "0 to 120 years", "от 0 до 120 лет"),
        (
            "post",
            "/api/v1/assess",
            {"age_years": 40, "lifestyle": {"water_litres_per_day": 15.5}},
            "0 to 15 litres a day",
            "от 0 до 15 литров в день",
        ),
        (
            "put",
            "/api/v1/diary/checkins",
            {"day": "2026-12-01", "water_litres": 20.5},
            "0 to 15 litres",
            "от 0 до 15 л",
        ),
        (
            "post",
            "/api/v1/diary/episodes",
            {**EPISODE, "duration_minutes": 0.01},
            "0.05 to 1440 minutes",
            "от 0,05 до 1440 минут",
        ),
        ("post", "/api/v1/experiments", {"intervention": "x", "period_weeks": 9}, "1 to 4 weeks", "от 1 до 4 недель"),
        ("get", "/api/v1/diary/episodes?limit=0", None, "1 to 10000", "от 1 до 10000"),
    ],
)
def test_a_number_out_of_range_says_its_whole_range_and_unit(
    client: TestClient, method: str, path: str, body: Any, en: str, ru: str
) -> None:
    send = getattr(client, method)
    kwargs = {} if body is None else {"json": body}
    assert error(send(path, **kwargs))["valid"] == en
    said = error(send(path, headers={"Accept-Language": "ru"}, **kwargs))
    assert said["valid"] == ru
    assert f"должно быть {ru} (получено: " in said["message"], said


def test_the_profiles_units_are_the_words_of_the_forms_labels() -> None:
    """The API and the CLI read a profile field's unit from its description; the web form prints its own."""
    checked = 0
    for name, (_label, unit) in PROFILE_FIELDS.items():
        info = find_field(Profile, name.split("."))[1]
        assert info is not None, name
        if unit:
            assert (info.description or "").split(",")[-1].strip() == unit, name
            checked += 1
    assert checked >= 15


def _numbers(model: type[Any], path: str = "") -> list[tuple[str, Any]]:
    """(dotted name, field) of every number field of `model` and the models it holds."""
    import typing

    found = []
    for name, info in model.model_fields.items():
        kinds = typing.get_args(info.annotation) or (info.annotation,)
        inner = [k for k in kinds for k in (typing.get_args(k) or (k,)) if hasattr(k, "model_fields")]
        for sub in inner:
            found += _numbers(sub, f"{path}{name}.")
        if {int, float} & set(kinds) and bool not in kinds:
            found.append((path + name, info))
    return found


def test_every_number_a_person_gives_has_both_limits() -> None:
    """So every refusal can say the whole range ("from 0 to 15 litres"): a field with one limit only would fall back
    to "must be at least 0", the wording that left people guessing."""
    from crampcare.diary.schemas import CheckinIn, EpisodeIn
    from crampcare.experiments.schemas import DayIn, ExperimentIn

    checked = []
    for model in (Profile, EpisodeIn, CheckinIn, ExperimentIn, DayIn):
        for name, info in _numbers(model):
            kinds = {a for m in info.metadata for a in ("ge", "gt", "le", "lt") if getattr(m, a, None) is not None}
            assert kinds & {"ge", "gt"} and kinds & {"le", "lt"}, f"{model.__name__}.{name}: {kinds or 'no limits'}"
            checked.append(name)
    assert {"weight_kg", "labs.potassium", "water_litres", "duration_minutes", "tried.effect", "mid_per_week"} <= set(
        checked
    )
