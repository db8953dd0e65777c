"""The plan document from a clinical record in Russian (issue 15): a plan made in Russian prints its frame, the
urgency, factor kinds, lab names and statuses, evidence grades and numbered sources in Russian, with the Babel date
and the decimal comma; the DocumentReference names its language. The names the record itself gives (the medicines
and conditions the engine's reasons quote back) are the record's and may stay as written."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fhir_builders import bundle, lab, load, medication, patient

from crampcare import i18n
from crampcare.fhir import assess_bundle
from crampcare.fhir.document import plan_document
from crampcare.fhir.texts import fhir_texts

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the PDF")
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
KEPT_LATIN = {"crampcare", "Patient", "NICE", "CKS", "NHS", "MHRA", "FDA", "EMA", "NASEM", "AGS", "KDIGO", "B"}
# An older woman on furosemide with a low potassium: every part of the record is used.
RECORD = bundle(patient("1950-01-01"), medication("m1", "furosemide"), lab("o1", "2823-3", 3.1, "mmol/L"))


def printed(document: dict[str, object], tmp_path: Path) -> str:
    attachment = document["content"][0]["attachment"]  # type: ignore[index]
    path = tmp_path / "plan.pdf"
    path.write_bytes(base64.b64decode(attachment["data"]))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def test_the_plan_document_in_russian_prints_its_frame_in_russian(tmp_path: Path) -> None:
    with i18n.use("ru"):
        document = plan_document(RECORD, now=NOW)
        profile = assess_bundle(RECORD, now=NOW).profile
    assert document["content"][0]["attachment"]["language"] == "ru"
    assert document["description"] == fhir_texts().document_ru["description"]
    text = printed(document, tmp_path)
    body, sources = text.split(" Источники ", 1)  # the source list keeps each source's own title
    record_words = set(re.findall(r"[A-Za-z]+", " ".join([*profile.medications, *profile.conditions])))
    latin = {w for w in re.findall(r"\b[A-Za-z]+\b", body)} - KEPT_LATIN - record_words
    assert latin == set(), sorted(latin)
    assert re.findall(r"\d{4}-\d{2}-\d{2}", body) == [] and re.findall(r"\b\d+\.\d+\b", body) == []
    assert "План crampcare по медицинской карте: для врача" in body and "Составлено 4 декабря 2026" in body
    assert "Лекарства: фуросемид" in body and "Калий сыворотки: 3,1 ммоль/л, ниже нормы" in body
    assert "(лекарство)" in body and re.search(r"доказательность: [а-я ]+; источники: \[\d", body)
    assert sources.startswith("[1] ")


def test_the_english_plan_document_keeps_its_ids_and_dates(tmp_path: Path) -> None:
    document = plan_document(load("older_woman_diuretic.json"), now=NOW)
    assert document["content"][0]["attachment"]["language"] == "en"
    text = printed(document, tmp_path)
    assert "Prepared 2026-12-04 from the record of Patient/" in text
    assert "(medication)" in text and re.search(r"evidence [a-z ]+; sources: [a-z]", text)
    assert "potassium: 3.2 mmol/L, low" in text and "Источники" not in text


def test_what_the_record_held_but_was_not_used_is_said_in_russian(tmp_path: Path) -> None:
    record = bundle(
        patient("1950-01-01"),
        medication("m1", "furosemide"),
        lab("o1", "2823-3", 3.1, "mmol/L", when="2019-01-02T08:00:00Z"),  # too old to use
    )
    with i18n.use("ru"):
        text = printed(plan_document(record, now=NOW), tmp_path)
        warnings = assess_bundle(record, now=NOW).plan.warnings
    assert "Из карты, не учтено" in text and "Из медицинской карты, не учтено: Observation/o1" in text
    assert "результат от 2019-01-02, старше 90 дней; нужен свежий" in text
    assert "From the clinical record" not in text and "older than" not in text
    assert any(w.startswith("Из медицинской карты, не учтено: Observation/o1") for w in warnings)


def test_every_sentence_about_an_unused_part_has_its_russian_with_the_same_placeholders() -> None:
    from string import Formatter

    texts = fhir_texts()

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    for group in ("reasons", "notes"):
        english, russian = getattr(texts, group), getattr(texts.ru, group)
        assert set(english) == set(russian)
        for key, text in english.items():
            assert fields(text) == fields(russian[key]), key
            assert re.search(r"[а-яё]", russian[key]) or fields(russian[key]) == {"detail"}, key
    assert fields(texts.warning) == fields(texts.ru.warning)
    assert set(texts.document) == set(texts.document_ru)


def test_the_unused_parts_of_a_record_are_named_in_russian(tmp_path: Path) -> None:
    """Every record the plan did not use is named in Russian words (its lab by its Russian name with the decimal
    comma, its FHIR status and category codes, the element); only the record's own words ('Peanut'), references,
    code systems and resource types stay as the record has them."""
    with i18n.use("ru"):
        text = printed(plan_document(load("older_woman_diuretic.json"), now=NOW), tmp_path)
    unused = text.split("Из карты, не учтено", 1)[1].split(" Источники ", 1)[0]
    kept = re.sub(r"'[^']*'|https?://\S+|\b[A-Za-z]+/[\w-]+", " ", unused)
    latin = set(re.findall(r"\b[A-Za-z][A-Za-z-]*\b", kept)) - {"crampcare", "LOINC", "Observation", "Encounter"}
    assert latin == set(), sorted(latin)
    assert "(калий 4,1 ммоль/л, 2026-10-01)" in unused and "(креатинин 114,9 мкмоль/л" in unused
    assert "клинический статус — разрешилось" in unused and "(категория пища)" in unused


def test_a_pregnancy_not_used_and_an_implausible_value_are_said_in_russian() -> None:
    """The particulars of two more unused parts: a pregnancy in a man's record (his sex in Russian words) and a
    value crampcare does not accept as real (with the decimal comma and the Russian unit)."""
    from fhir_builders import gestational_age

    record = bundle(patient("1994-01-01", "male"), gestational_age("g", 20), lab("o1", "2823-3", 50.5, "mmol/L"))
    with i18n.use("ru"):
        warnings = assess_bundle(record, now=NOW).plan.warnings
    said = " ".join(warnings)
    assert "беременность нельзя учесть для этого пациента (пол: мужской, возраст 32)" in said
    assert "значение 50,5 ммоль/л" in said
    english = " ".join(assess_bundle(record, now=NOW).plan.warnings)
    assert "(gender male, age 32)" in english and "the value 50.5 mmol/L" in english
