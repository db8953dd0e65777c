"""CDS Hooks cards in Russian are Russian throughout: a GP whose EHR asks in Russian reads no English sentence.

Each hook is called in Russian (Accept-Language: ru) on records that between them raise every kind of card. The
words a clinician reads (summary, detail, suggestion and action labels, link labels, override reasons, the source
label) may keep Latin letters only for what is not crampcare's to translate: the record's own words (medicine,
condition and allergy names as the EHR wrote them), FHIR references and codes, abbreviations (MHRA, ESE, LOINC)
and the name crampcare. A source's label is the publication's own title, in Russian where the knowledge base
has one. Error texts are read by EHR software and stay English (not checked here).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fhir_builders import bundle, lab, load, medication, patient
from test_cds_hooks import _record, call, draft, drafts, prefetch_of

from crampcare.api import issued_cards
from crampcare.api.app import create_app
from crampcare.api.settings import Settings
from crampcare.fhir.cds import SUMMARY_MAX, _lab_names, _lab_tests
from crampcare.fhir.cds_config import card_words, cds_config
from crampcare.knowledge.language import knowledge_in
from crampcare.knowledge.loader import KnowledgeBase

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

KINDS = {
    "red_flag",
    "cramp_cause",
    "taken_avoid",
    "taken_not_recommended",
    "labs",
    "unmapped",
    "summary",
    "order_cramp_cause",
    "order_avoid",
    "order_caution",
    "order_quinine",
}
# Latin words that are not English sentences: the product's name and FHIR's resource types (a reference's kind).
KEPT = {"crampcare", "Patient", "Observation", "Condition", "Medication", "MedicationRequest", "MedicationStatement"}
KEPT |= {"AllergyIntolerance", "order-select", "order-sign"}  # the hooks, by name
LATIN_RUN = re.compile(r"[A-Za-z][\w'’.-]*(?:[\s,;:()]+[A-Za-z][\w'’.-]*)*")
CODE = re.compile(r"\S*[/|]\S*|\S*\d\S*")  # references, URLs, system|code, anything with a digit (G3, CD005044)


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=sqlite_url)), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture
def kinds(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """card uuid → kind, as the route hands them to the feedback store."""
    seen: dict[str, str] = {}
    submit = issued_cards.submit

    def noting(db_url: str | None, service: str, cards: list[tuple[str, str]]) -> None:
        seen.update(cards)
        submit(db_url, service, cards)

    monkeypatch.setattr(issued_cards, "submit", noting)
    return seen


def _said(value: Any) -> Iterator[str]:
    """Every `text` and `display` a record or order carries: the EHR's own words, which a card may quote."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("text", "display") and isinstance(item, str):
                yield item
            else:
                yield from _said(item)
    elif isinstance(value, list):
        for item in value:
            yield from _said(item)


def _calls() -> list[tuple[str, dict[str, Any]]]:
    """(service, body) for each hook, on records that between them raise every kind of card."""
    older = load("older_woman_diuretic.json")  # loop and thiazide diuretics, CKD, cramps, unused items
    older["entry"].append({"resource": medication("q", "quinine sulfate 200 mg")})  # taken, not recommended
    low = bundle(
        patient(),
        lab("k", "2823-3", 2.3, "mmol/L", "2026-12-01T08:00:00Z"),
        lab("na", "2951-2", 124, "mmol/L", "2026-12-01T08:00:00Z"),
    )
    spared = bundle(patient(), medication("s", "spironolactone"), medication("kc", "potassium chloride"))
    furosemide = {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "4603"}
    selected = drafts(draft("p", "potassium chloride"), draft("f", "furosemide 40 MG Oral Tablet", furosemide))
    signed = drafts(draft("q", "quinine"), draft("b", "baclofen"), draft("n", "naproxen"))
    return [
        *[("patient-view", call("patient-view", prefetch_of(r))) for r in (older, low, spared)],
        (
            "order-select",
            call(
                "order-select",
                _record(medication("s", "spironolactone")),
                draftOrders=selected,
                selections=["MedicationRequest/p", "MedicationRequest/f"],
            ),
        ),
        ("order-sign", call("order-sign", prefetch_of(load("older_woman_diuretic.json")), draftOrders=signed)),
    ]


def _read(card: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, text) of each text of a card a clinician reads, but the source label (checked on its own)."""
    yield "summary", card["summary"]
    yield "detail", card.get("detail", "")
    for i, suggestion in enumerate(card.get("suggestions", [])):
        yield f"suggestions[{i}].label", suggestion["label"]
        for j, action in enumerate(suggestion.get("actions", [])):
            yield f"suggestions[{i}].actions[{j}].description", action["description"]
    for i, link in enumerate(card.get("links", [])):
        yield f"links[{i}].label", link["label"]
    for i, reason in enumerate(card.get("overrideReasons", [])):
        yield f"overrideReasons[{i}].display", reason["display"]


def english_in(text: str, record_words: list[str]) -> list[str]:
    """The runs of Latin words in `text` that are neither the record's own words, codes, abbreviations nor kept."""
    for phrase in sorted(record_words, key=len, reverse=True):
        text = text.replace(phrase, " ")
    text = CODE.sub(" ", text)
    left = []
    for run in LATIN_RUN.finditer(text):
        words = re.findall(r"[A-Za-z][\w'’-]*", run.group(0))
        if any(word not in KEPT and not word.isupper() for word in words):
            left.append(run.group(0))
    return left


def _source_leak(label: str, kb: KnowledgeBase, russian: KnowledgeBase) -> str | None:
    """A source label in English where Russian is there to say: crampcare's own label, or a source's English title
    when the knowledge base gives its Russian title."""
    if label == cds_config().source_label:
        return label
    for sid, source in kb.sources.items():
        if label == source.title[:200] and russian.sources[sid].title != source.title:
            return label
    return None


def test_every_card_of_every_hook_is_russian_when_asked_in_russian(
    client: TestClient, kinds: dict[str, str], kb: KnowledgeBase
) -> None:
    russian = knowledge_in("ru")
    leaks: list[str] = []
    issued: set[str] = set()
    for hook, body in _calls():
        answer = client.post(f"/cds-services/crampcare-{hook}", json=body, headers={"Accept-Language": "ru"})
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-language"] == "ru"
        record_words = list(_said(body))
        for card in answer.json()["cards"]:
            kind = kinds[card["uuid"]]
            issued.add(kind)
            for field, text in _read(card):
                leaks += [f"{hook} {kind} {field}: {run!r}" for run in english_in(text, record_words)]
            if leak := _source_leak(card["source"]["label"], kb, russian):
                leaks.append(f"{hook} {kind} source.label: {leak!r}")
            assert len(card["summary"]) <= SUMMARY_MAX, card["summary"]
            assert not card["summary"].endswith("…"), card["summary"]  # cut short to fit
    missing = sorted(KINDS - issued)  # a card the same record gets in English (the decisions are the same)
    assert not leaks and not missing, f"kinds not issued: {missing}; English in Russian cards:\n" + "\n".join(
        dict.fromkeys(leaks)
    )


def test_the_services_are_described_in_russian_when_asked_in_russian(client: TestClient) -> None:
    services = client.get("/cds-services", headers={"Accept-Language": "ru"}).json()["services"]
    assert len(services) == 3
    leaks = [
        f"{service['id']} {field}: {run!r}"
        for service in services
        for field in ("title", "description")
        for run in english_in(service[field], [])
    ]
    assert not leaks, leaks
    english = client.get("/cds-services").json()["services"]
    assert [s["prefetch"] for s in services] == [s["prefetch"] for s in english]  # the queries are the same


def test_the_english_cards_are_still_english(client: TestClient) -> None:
    """The same calls without a Russian reader keep crampcare's English sentences (their exact words are pinned by
    test_cds_hooks.py)."""
    summaries = []
    for hook, body in _calls():
        summaries += [c["summary"] for c in client.post(f"/cds-services/crampcare-{hook}", json=body).json()["cards"]]
    assert any(s.endswith("may cause or worsen leg cramps") for s in summaries)
    assert any(s.startswith("Tests the cramp causes need: ") for s in summaries)
    assert "Quinine for ordinary night cramps: regulators advise against routine use" in summaries


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_summary_fits_the_specification_with_the_longest_names(kb: KnowledgeBase, lang: str) -> None:
    """CDS Hooks: a summary under 140 characters. Longer ones are cut with "…" (cds._summary), which a clinician
    should not meet for crampcare's own words: each summary, filled in with the knowledge base's longest names,
    fits whole. A cause title that does not fit even in English is the title's length, not the language's."""
    words = card_words(lang).cards
    reader = knowledge_in(lang)  # type: ignore[arg-type]
    local = kb.local_names["ru"].drugs
    drug = max([*local, *local.values()], key=len)  # the longest medicine name, Russian or INN
    labs = _lab_names(lang)
    every_lab = ", ".join(labs.get(name, name) for name in sorted({lab for lab, _, _ in _lab_tests(kb)}))
    english = card_words("en").cards["cramp_cause"]
    causes = [c for c in kb.causes.values() if c.kind == "medication"]
    fitting = [c.id for c in causes if len(english.format(drug=c.title)) <= SUMMARY_MAX]
    assert len(fitting) >= len(causes) - 1, "more cause titles too long in English than the one known"
    summaries = [words["cramp_cause"].format(drug=reader.causes[cid].title) for cid in fitting]
    summaries += [flag.title for flag in reader.red_flags.values()]
    summaries += [words[key].format(drug=drug) for key in ("taken_avoid", "taken_not_recommended", "order_avoid")]
    summaries += [words["order_cramp_cause"].format(drug=drug), words["quinine"]]
    summaries += [words["order_caution"].format(drug=drug, status=s) for s in card_words(lang).statuses.values()]
    summaries += [words["labs"].format(labs=every_lab), words["unmapped"].format(count=9999)]
    summaries += [words["summary"].format(level=level, count=99) for level in card_words(lang).levels.values()]
    too_long = [f"{len(s)}: {s}" for s in summaries if len(s) > SUMMARY_MAX]
    assert not too_long, too_long


def test_the_russian_triage_card_says_what_the_patient_needs_not_what_they_should_do(client: TestClient) -> None:
    """The plan tells the person «Покажитесь врачу сегодня: запишитесь…»; the card tells the clinician what the
    patient needs (data/fhir/clinician.yaml), as the English card does."""
    low = bundle(patient(), lab("k", "2823-3", 2.3, "mmol/L", "2026-12-01T08:00:00Z"))
    body = call("patient-view", prefetch_of(low))
    cards = client.post("/cds-services/crampcare-patient-view", json=body, headers={"Accept-Language": "ru"}).json()
    triage = next(c for c in cards["cards"] if c["summary"].startswith("crampcare: "))
    assert triage["summary"].startswith("crampcare: осмотр врача сегодня; вероятных причин: ")
    assert triage["detail"].startswith("Нужен осмотр врача сегодня: приём в поликлинике в тот же день")
    assert "Покажитесь" not in triage["detail"] and "запишитесь" not in triage["detail"]
