"""Russian texts beside the English (issue 15): checked against their record, required per record type."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

import crampcare
from crampcare.assessment import config, quick
from crampcare.assessment.config import text_gaps, translation_problems
from crampcare.errors import KnowledgeError
from crampcare.knowledge.language import coverage, localize
from crampcare.knowledge.loader import KnowledgeBase, load
from crampcare.knowledge.translated import CYRILLIC

FLAG_RU = {
    "title": "Икра отекла и стала горячей",
    "action": "Покажитесь врачу сегодня.",
    "possible_cause": "Тромб в глубокой вене.",
    "rule": {"reason": "Отёк икры может быть тромбом."},
}
BACLOFEN_RU = {
    "name": "Баклофен",
    "summary": "Тестовая запись для проверок.",
    "base_status": {"reason": "В тесте — только по рецепту."},
    "contraindications": [{"reason": "Выводится почками и накапливается."}],
    "cautions": [{"reason": "Начинать с малой дозы: выводится медленнее."}],
    "interactions": [{"advice": "Вместе усиливают сонливость."}],
    "evidence": {"summary": "Тестовые данные о доказательности."},
}


def _edit(path: Path, rid: str | None, **changes: Any) -> None:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    records = loaded if isinstance(loaded, list) else [loaded]
    for record in records:
        if rid is None or record["id"] == rid:
            record.update(changes)
    path.write_text(yaml.safe_dump(loaded, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _require(data_dir: Path, *types: str) -> None:
    (data_dir / "local_names").mkdir(exist_ok=True)
    local = {"id": "ru", "language": "ru", "sources": ["ref"], "required_texts": list(types)}
    (data_dir / "local_names" / "ru.yaml").write_text(yaml.safe_dump([local], allow_unicode=True), encoding="utf-8")


def _problems(data_dir: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load(data_dir)
    return info.value.problems


def test_a_required_type_refuses_a_record_without_russian(data_dir: Path) -> None:
    _require(data_dir, "red_flags")
    assert _problems(data_dir) == [
        "red_flags.yaml: swollen_calf: ru: missing (Russian texts are required for red_flags)"
    ]
    _edit(data_dir / "red_flags.yaml", "swollen_calf", ru=FLAG_RU)
    assert coverage(load(data_dir))["red_flags"] == {"records": 1, "russian": 1, "required": True}


def test_required_causes_refuse_a_cause_without_russian_and_a_reason_left_english(data_dir: Path) -> None:
    _require(data_dir, "causes")
    assert _problems(data_dir) == [
        "causes.yaml: loop_diuretic_use: ru: missing (Russian texts are required for causes)"
    ]
    cause_ru = {"title": "Приём петлевых диуретиков", "summary": "Мочегонные выводят калий и магний."}
    _edit(data_dir / "causes.yaml", "loop_diuretic_use", ru={**cause_ru, "rule": {"reason": "Lower electrolytes."}})
    (problem,) = _problems(data_dir)
    assert problem.startswith("causes.yaml: loop_diuretic_use: ru.rule.reason: Value error, not Russian")
    _edit(data_dir / "causes.yaml", "loop_diuretic_use", ru={**cause_ru, "rule": {"reason": "снижают электролиты"}})
    kb = load(data_dir)
    assert coverage(kb)["causes"] == {"records": 1, "russian": 1, "required": True}
    cause = localize(kb, "ru").causes["loop_diuretic_use"]
    assert (cause.title, cause.rule.reason) == ("Приём петлевых диуретиков", "снижают электролиты")
    assert cause.rule.when == kb.causes["loop_diuretic_use"].rule.when


def test_required_interventions_refuse_a_record_without_russian(data_dir: Path) -> None:
    _require(data_dir, "interventions")
    missing = [
        p for p in _problems(data_dir) if p.endswith("ru: missing (Russian texts are required for interventions)")
    ]
    assert (
        "interventions/baclofen.yaml: baclofen: ru: missing (Russian texts are required for interventions)" in missing
    )
    assert len(missing) == len(list((data_dir / "interventions").glob("*.yaml")))
    for path in (data_dir / "interventions").glob("*.yaml"):
        if path.stem != "baclofen":
            path.unlink()
    _edit(data_dir / "interventions" / "baclofen.yaml", None, ru=BACLOFEN_RU)
    kb = load(data_dir)
    assert coverage(kb)["interventions"] == {"records": 1, "russian": 1, "required": True}
    assert localize(kb, "ru").interventions["baclofen"].name == "Баклофен"


def test_a_type_not_yet_required_may_stay_english(data_dir: Path) -> None:
    _require(data_dir)
    kb = load(data_dir)
    assert coverage(kb)["red_flags"] == {"records": 1, "russian": 0, "required": False}
    assert localize(kb, "ru").red_flags["swollen_calf"].title == "Swollen, warm calf"


def test_russian_must_be_cyrillic_and_name_its_field(data_dir: Path) -> None:
    _edit(data_dir / "red_flags.yaml", "swollen_calf", ru={**FLAG_RU, "title": "Swollen calf"})
    (problem,) = _problems(data_dir)
    assert problem.startswith("red_flags.yaml: swollen_calf: ru.title: Value error, not Russian")


def test_every_rule_needs_its_russian_reason(data_dir: Path) -> None:
    path = data_dir / "interventions" / "baclofen.yaml"
    _edit(path, None, ru={**BACLOFEN_RU, "contraindications": []})
    assert "interventions/baclofen.yaml: baclofen: ru.contraindications: missing (1 entries in English)" in (
        _problems(data_dir)
    )
    extra = [*BACLOFEN_RU["contraindications"], {"reason": "Лишнее правило без пары."}]
    _edit(path, None, ru={**BACLOFEN_RU, "contraindications": extra})
    assert "interventions/baclofen.yaml: baclofen: ru.contraindications: 2 entries in Russian, 1 in English" in (
        _problems(data_dir)
    )


def test_localize_swaps_texts_and_keeps_every_decision(data_dir: Path) -> None:
    _edit(data_dir / "red_flags.yaml", "swollen_calf", ru=FLAG_RU)
    _edit(data_dir / "interventions" / "baclofen.yaml", None, ru=BACLOFEN_RU)
    kb = load(data_dir)
    ru = localize(kb, "ru")
    flag, flag_ru = kb.red_flags["swollen_calf"], ru.red_flags["swollen_calf"]
    assert (flag_ru.title, flag_ru.rule.reason) == (FLAG_RU["title"], FLAG_RU["rule"]["reason"])
    assert (flag_ru.level, flag_ru.rule.when, flag_ru.rule.sources) == (flag.level, flag.rule.when, flag.rule.sources)
    drug, drug_ru = kb.interventions["baclofen"], ru.interventions["baclofen"]
    assert drug_ru.contraindications[0].reason == "Выводится почками и накапливается."
    assert drug_ru.contraindications[0].when == drug.contraindications[0].when
    assert drug_ru.interactions[0].with_classes == drug.interactions[0].with_classes
    assert ru.interventions["drotaverine"] == kb.interventions["drotaverine"]  # no Russian yet: the English stays
    assert (drug_ru.base_status.status, drug_ru.evidence.grade) == (drug.base_status.status, drug.evidence.grade)


def test_the_shipped_required_types_are_complete(kb: KnowledgeBase) -> None:
    rows = coverage(kb)
    assert all(
        rows[kind]["required"]
        for kind in (
            "red_flags",
            "first_aid",
            "interventions",
            "causes",
            "specialists",
            "labs",
            "conditions",
            "drug_classes",
        )
    )
    for kind, row in rows.items():
        if row["required"]:
            assert row["russian"] == row["records"], kind


def test_the_plan_sentences_have_their_russian() -> None:
    assert translation_problems("texts", "ru") == []


def test_a_lost_placeholder_or_missing_sentence_is_named() -> None:
    english = {"reasons": {"lab": "{lab} is {status}", "other": "x"}, "tips": ["a", "b"]}
    local = {"reasons": {"lab": "{lab} — отклонение", "spare": "лишнее"}, "tips": ["а"]}
    assert sorted(text_gaps(english, local)) == [
        ("reasons.lab", "placeholders differ from the English ['lab', 'status']"),
        ("reasons.other", "missing"),
        ("reasons.spare", "not in English"),
        ("tips", "2 entries in English"),
    ]


def _first_aid_order() -> dict[str, Any]:
    path = Path(config.__file__).resolve().parent.parent / "data" / "assessment" / "first_aid_order.yaml"
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def test_the_first_aid_order_needs_its_russian() -> None:
    raw = _first_aid_order()
    del raw["reasons"]["in_bed"]["ru"]
    with pytest.raises(ValidationError, match=r"ru: missing for reasons\.in_bed"):
        config.FirstAidOrder.model_validate(raw)


def test_the_falls_reason_keeps_its_placeholder_in_russian() -> None:
    raw = _first_aid_order()
    raw["falls_risk"]["ru"]["reason"] = "Из-за риска упасть сначала идут приёмы сидя."
    with pytest.raises(ValidationError, match=r"falls_risk\.ru\.reason: placeholders \[\] differ"):
        config.FirstAidOrder.model_validate(raw)
    raw = _first_aid_order()
    del raw["falls_risk"]["ru"]["first_step"]["bed_night"]
    with pytest.raises(ValidationError, match=r"falls_risk\.ru\.first_step: needs exactly the keys"):
        config.FirstAidOrder.model_validate(raw)


@pytest.mark.parametrize("muscle", quick.MUSCLES)
def test_the_fast_first_aid_answers_alike_in_russian(muscle: str) -> None:
    for setting in (None, *quick.SETTINGS):
        english, russian = quick.first_aid(muscle, setting, lang="en"), quick.first_aid(muscle, setting, lang="ru")
        assert [aid.id for aid in russian] == [aid.id for aid in english]
        assert [len(aid.steps) for aid in russian] == [len(aid.steps) for aid in english]
        for aid in russian:
            assert all(CYRILLIC.search(text) for text in [aid.title, *aid.steps, *aid.reasons]), aid
    assert CYRILLIC.search(quick.safety_net(lang="ru"))


def test_unverified_russian_steps_say_so_in_plain_words() -> None:
    # «фоновое знание» is a calque of "background knowledge"; a reader needs "not checked against a source".
    path = Path(crampcare.__file__).parent / "data" / "assessment" / "first_aid_order.yaml"
    text = " ".join(path.read_text(encoding="utf-8").split())
    assert "фоновое знание" not in text
    assert text.count("общие сведения, не проверенные по источнику") >= 2


def test_the_herbal_teas_russian_keeps_no_untranslated_plant_name(kb: KnowledgeBase) -> None:
    ru = kb.interventions["herbal_teas"].ru
    assert ru is not None and ru.details is not None
    assert not re.search(r"[A-Za-z]{3,}", ru.details), ru.details


def test_the_sources_the_project_describes_read_in_russian(kb: KnowledgeBase) -> None:
    """A source whose title the project wrote itself ([BK], the seed article, the project's reference) has its
    Russian words (sources.yaml `ru`); published titles stay as published; English is unchanged."""
    from crampcare.knowledge.language import for_reader

    russian = for_reader(kb, "ru").sources
    described = ("reference_background", "article", "crampcare_reference_grading", "crampcare_reference_products")
    for sid in (*described, "nhs_leg_cramps", "label_drotaverine", "fda_quinine"):
        assert kb.sources[sid].ru is not None and russian[sid].title == kb.sources[sid].ru.title  # type: ignore[union-attr]
    assert "[BK]" in russian["reference_background"].title and "Background" not in russian["reference_background"].title
    assert russian["cks_leg_cramps"].title == kb.sources["cks_leg_cramps"].title  # a guideline's own title
    assert for_reader(kb, "en").sources["reference_background"].title.startswith("Background knowledge")
