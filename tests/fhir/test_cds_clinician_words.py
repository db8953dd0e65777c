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
