"""Which language a request gets (api/language.py): ?lang=, the web's cookie, Accept-Language, English."""

from __future__ import annotations

from fastapi import FastAPI

from .conftest import make_client


def test_accept_language_picks_russian_for_pages_and_the_api(local_app: FastAPI) -> None:
    client = make_client(local_app)
    page = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert page.headers["content-language"] == "ru"
    assert '<html lang="ru">' in page.text
    assert "Судорога сейчас" in page.text
    assert "Accept-Language" in page.headers["vary"]
    assert "crampcare_lang" not in page.headers.get("set-cookie", "")  # a header is asked each time, not kept
    api = client.get("/api/v1/health", headers={"Accept-Language": "ru"})
    assert api.headers["content-language"] == "ru"


def test_english_is_the_default(local_app: FastAPI) -> None:
    page = make_client(local_app).get("/", headers={"Accept-Language": "de-DE,fr;q=0.8"})
    assert page.headers["content-language"] == "en"
    assert '<html lang="en">' in page.text
    assert ">Cramp now<" in page.text


def test_the_web_switch_is_remembered_in_a_cookie(local_app: FastAPI) -> None:
    client = make_client(local_app)
    home = client.get("/", headers={"Accept-Language": "en"})
    assert 'href="/?lang=ru" lang="ru"' in home.text  # the visible switch
    switched = client.get("/?lang=ru", headers={"Accept-Language": "en"})
    assert "crampcare_lang=ru" in switched.headers["set-cookie"]
    assert "Max-Age=" in switched.headers["set-cookie"]
    later = client.get("/get-help", headers={"Accept-Language": "en"})  # the cookie beats the header
    assert later.headers["content-language"] == "ru"
    back = client.get("/get-help?lang=en")
    assert back.headers["content-language"] == "en"
    assert client.get("/").headers["content-language"] == "en"


def test_the_switch_keeps_the_page_and_its_query(local_app: FastAPI) -> None:
    page = make_client(local_app).get("/first-aid/calf?setting=bed_night&lang=ru")
    assert 'href="/first-aid/calf?setting=bed_night&amp;lang=en" lang="en"' in page.text


def test_the_api_lang_parameter_wins_and_is_not_kept(local_app: FastAPI) -> None:
    client = make_client(local_app)
    answer = client.get("/api/v1/health?lang=ru", headers={"Accept-Language": "en"})
    assert answer.headers["content-language"] == "ru"
    assert "set-cookie" not in answer.headers


def test_an_unknown_lang_is_refused_naming_the_field(local_app: FastAPI) -> None:
    client = make_client(local_app)
    api = client.get("/api/v1/health?lang=de")
    assert api.status_code == 422
    assert api.json()["error"]["field"] == "lang"
    assert api.json()["error"]["valid"] == "en, ru"
    page = client.get("/?lang=klingon")
    assert page.status_code == 422
    assert "text/html" in page.headers["content-type"]
    assert "klingon" in page.text and "en, ru" in page.text


def test_the_plan_json_carries_its_language_and_the_same_decisions(local_app: FastAPI) -> None:
    client = make_client(local_app)
    profile = {"age_years": 70, "medications": ["furosemide"], "symptoms": ["calf_swelling"]}
    russian = client.post("/api/v1/assess", json=profile, headers={"Accept-Language": "ru"}).json()
    english = client.post("/api/v1/assess?lang=en", json=profile, headers={"Accept-Language": "ru"}).json()
    assert (russian["lang"], english["lang"]) == ("ru", "en")
    assert russian["triage"]["level"] == english["triage"]["level"] == "urgent"
    assert {o["id"]: o["status"] for o in russian["options"]} == {o["id"]: o["status"] for o in english["options"]}
    assert russian["red_flags"][0]["title"] != english["red_flags"][0]["title"]  # the red flag's Russian


def test_first_aid_answers_in_the_asked_language(local_app: FastAPI) -> None:
    client = make_client(local_app)
    russian = client.get("/api/v1/first-aid?muscle=calf&lang=ru").json()
    english = client.get("/api/v1/first-aid?muscle=calf").json()
    assert russian["safety_net"] != english["safety_net"]
    assert "судорога" in russian["safety_net"]
    assert [s["id"] for s in russian["first_aid"]] == [s["id"] for s in english["first_aid"]]


def test_api_errors_speak_the_asked_language_with_the_same_shape(local_app: FastAPI) -> None:
    client = make_client(local_app)
    missing = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "ru"})
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "такой страницы или адреса API нет"
    bad = client.post("/api/v1/assess?lang=ru", json={"age_years": "forty"})
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["field"] == "age_years"  # field names and codes stay as the API spells them
    assert error["code"] == "invalid_input"
    english = client.post("/api/v1/assess", json={"age_years": "forty"}).json()["error"]
    assert error["valid"] != english["valid"]


def test_an_unknown_language_is_refused_in_russian_for_a_russian_reader(local_app: FastAPI) -> None:
    answer = make_client(local_app).get("/api/v1/health?lang=xx", headers={"Accept-Language": "ru"})
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == "неизвестный язык 'xx'"


def test_the_lang_parameter_is_in_the_openapi_schema_of_every_operation(local_app: FastAPI) -> None:
    import re

    schema = make_client(local_app).get("/openapi.json").json()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) > 20
    for operation in operations:
        (lang,) = [p for p in operation["parameters"] if p["name"] == "lang"]
        assert lang["in"] == "query" and not lang["required"]
    pattern = re.compile(lang["schema"]["pattern"])
    client = make_client(local_app)
    for value in ("ru", "RU", "ru-RU", "en_GB.UTF-8", " ru ", "", "de", "xx", "r", "rus"):
        accepted = client.get("/api/v1/health", params={"lang": value}).status_code == 200
        assert accepted == bool(pattern.match(value)), value
