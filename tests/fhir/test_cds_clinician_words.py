"""CDS cards speak about the patient, not to them: no "you"/"your" (вы, ваш…) in a card a clinician reads.

The plan's sentences address the person; fhir/clinician.py turns the phrases that do into ones about the patient
(data/fhir/clinician.yaml). The walk below runs every sentence that can reach a card through it, in English and
Russian, so a new sentence with "you" in it fails here until its phrase is added.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fhir_builders import bundle, lab, load, medication, patient
from test_cds_hooks import call, draft, drafts, prefetch_of

from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.assessment.config import speaking, texts
from crampcare.assessment.engine import _in_language
from crampcare.fhir.clinician import for_clinician
from crampcare.knowledge.loader import KnowledgeBase

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SECOND_PERSON = {
    "en": re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE),
    "ru": re.compile(r"(?<![а-яё])(вы|вас|вам|вами|ваш[а-яё]*)(?![а-яё])", re.IGNORECASE),
}


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=sqlite_url)), base_url="http://127.0.0.1") as c:
        yield c


def _cards(client: TestClient, lang: str) -> list[dict[str, Any]]:
    headers = {"Accept-Language": lang}
    low = bundle(
        patient(),
        lab("k", "2823-3", 2.3, "mmol/L", "2026-12-01T08:00:00Z"),
        lab("na", "2951-2", 128, "mmol/L", "2026-12-01T08:00:00Z"),
        medication("m1", "salmeterol", "active", "MedicationRequest"),
        medication("m2", "quinine", "active", "MedicationRequest"),
    )
    cards = []
    for record in (load("older_woman_diuretic.json"), low):
        body = call("patient-view", prefetch_of(record))
        cards += client.post("/cds-services/crampcare-patient-view", json=body, headers=headers).json()["cards"]
    orders = drafts(draft("q", "quinine"), draft("n", "ibuprofen"), draft("p", "potassium chloride"))
    body = call("order-sign", prefetch_of(load("older_woman_diuretic.json")), draftOrders=orders)
    cards += client.post("/cds-services/crampcare-order-sign", json=body, headers=headers).json()["cards"]
    return cards


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_card_speaks_to_the_patient(client: TestClient, lang: str) -> None:
    cards = _cards(client, lang)
    assert len(cards) > 10
    said = [f"{c['summary']}\n{c.get('detail', '')}" for c in cards]
    assert any("Because the patient takes" in s or "Так как пациент принимает" in s for s in said)
    left = [
        m.group(0) + ": " + s[max(0, m.start() - 60) : m.end() + 40]
        for s in said
        for m in SECOND_PERSON[lang].finditer(s)
    ]
    assert not left, left


def _sentences(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """Every sentence of the knowledge base and the plan's phrases that a card can quote."""
    for flag in kb.red_flags.values():
        yield f"red flag {flag.id}", flag.action
        yield f"red flag {flag.id} reason", flag.rule.reason
    for cause in kb.causes.values():
        yield f"cause {cause.id}", cause.summary
        yield f"cause {cause.id} reason", cause.rule.reason
    for record in kb.interventions.values():
        for group in ("contraindications", "cautions", "not_for", "discuss_when"):
            for rule in getattr(record, group, None) or []:
                yield f"{record.id} {group}", rule.reason
        for interaction in record.interactions:
            yield f"{record.id} interaction", interaction.advice
    quinine = kb.interventions["quinine"]
    yield "quinine details", quinine.details or ""
    words = texts()
    for level, text in words.triage.items():
        yield f"triage {level}", text.action
    for key in ("lab_abnormal", "medication_cause"):
        yield key, words.reasons[key]
    for key, text in words.because.items():
        yield f"because {key}", text
    for key, text in words.option_reasons.items():
        yield f"option reason {key}", text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_sentence_a_card_can_quote_is_about_the_patient(kb: KnowledgeBase, lang: str) -> None:
    local = kb if lang == "en" else _in_language(kb, "ru")
    with speaking(lang):  # type: ignore[arg-type]
        sentences = list(_sentences(local))
    left = []
    for where, sentence in sentences:
        text = for_clinician(" ".join(sentence.split()), lang)
        if found := SECOND_PERSON[lang].search(text):
            left.append(f"{where}: …{text[max(0, found.start() - 50) : found.end() + 50]}…")
    assert not left, "\n".join(left)


def test_the_patients_own_plan_still_speaks_to_them() -> None:
    from crampcare import assess

    plan = assess({"age_years": 70, "sex": "female", "medications": ["furosemide"]})
    assert any("Because you take furosemide" in r for f in plan.contributing_factors for r in f.because)


# An instruction to the patient: English starts a sentence or clause with the verb ("Do not drink…", ", take…");
# Russian uses the polite imperative (-йте, -ите, -ьте: «не пейте», «обратитесь»). A card says instead what the
# patient should do («пациенту не рекомендуется пить…», "advise the patient not to drink…").
TO_THE_PATIENT = {
    "en": re.compile(
        r"(?:^|[.;:(]\s*|,\s+)(do not|don't|get|book|call|contact|stop|go|seek|arrange|discuss|replace|see|take|"
        r"tell|have|follow|mention|ask|drink|avoid|bring|keep|leave)\b",
        re.IGNORECASE,
    ),
    "ru": re.compile(r"(?<![а-яё])[а-яё]+(?:йте|ите|ьте)(?:сь)?(?![а-яё])", re.IGNORECASE),
}
# What a patient-view card can be built from: labs, conditions, medicines, pregnancy, age (symptoms are not read).
RECORD_FACTS = {"condition", "population", "pregnancy_weeks_at_least", "age_below_years", "age_at_least_years"}
RECORD_FACTS |= {"lab", "drug_class", "inn"}


def _from_record(trigger: Any) -> bool:
    return all(getattr(trigger, name) is None for name in type(trigger).model_fields if name not in RECORD_FACTS)


def _flags_a_card_can_show(kb: KnowledgeBase) -> list[Any]:
    """The red flags a record alone can raise: a flag that needs a symptom or an episode never reaches a card."""
    shown = []
    for flag in kb.red_flags.values():
        rule = flag.rule
        if (
            any(map(_from_record, rule.when))
            and all(map(_from_record, rule.when_all))
            and (not rule.and_one_of or any(map(_from_record, rule.and_one_of)))
            and all(any(map(_from_record, group)) for group in rule.when_each)
        ):
            shown.append(flag)
    return shown


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_red_flag_actions_on_a_card_advise_about_the_patient_not_instruct_them(kb: KnowledgeBase, lang: str) -> None:
    """«Не пейте много воды» on a card the clinician reads -> «Пациенту не рекомендуется пить много воды»."""
    local = kb if lang == "en" else _in_language(kb, "ru")
    flags = _flags_a_card_can_show(local)
    assert {"potassium_severe_low", "sodium_profound_low", "glucose_level_2", "ck_very_high_on_statin"} <= {
        f.id for f in flags
    }
    left = []
    for flag in flags:
        text = for_clinician(" ".join(flag.action.split()), lang)
        for found in TO_THE_PATIENT[lang].finditer(text):
            left.append(f"{flag.id}: …{text[max(0, found.start() - 40) : found.end() + 40]}…")
    assert not left, "\n".join(left)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Advise the patient not to drink large amounts of water."),
        ("ru", "Пациенту не рекомендуется пить много воды."),
        ("ru", "самому пациенту менять его не следует."),
    ],
)
def test_the_low_sodium_card_says_what_the_patient_should_not_do(client: TestClient, lang: str, said: str) -> None:
    record = bundle(patient(), lab("na", "2951-2", 124, "mmol/L", "2026-12-01T08:00:00Z"))
    body = call("patient-view", prefetch_of(record))
    cards = client.post("/cds-services/crampcare-patient-view", json=body, headers={"Accept-Language": lang}).json()
    details = [c.get("detail", "") for c in cards["cards"]]
    assert any(said in d for d in details), details
