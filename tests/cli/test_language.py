"""The CLI's language: --lang, CRAMPCARE_LANG, the locale; a language crampcare lacks is one line, exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from english_left import english_left


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("CRAMPCARE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "crampcare", *args], capture_output=True, text=True, timeout=60, env={**environ, **env}
    )


def test_an_unknown_lang_option_names_it_and_the_valid_codes() -> None:
    result = run("--lang", "de", "first-aid", "calf")
    assert result.returncode == 2
    assert result.stderr == "crampcare: --lang: unknown language 'de' (valid: en, ru)\n"


def test_an_unknown_crampcare_lang_names_the_variable() -> None:
    result = run("first-aid", "calf", CRAMPCARE_LANG="xx")
    assert result.returncode == 2
    assert "CRAMPCARE_LANG: unknown language 'xx'" in result.stderr


def test_lang_is_read_before_or_after_the_command() -> None:
    for args in (("--lang", "ru", "--version"), ("--version", "--lang=ru")):
        result = run(*args)
        assert result.returncode == 0, result.stderr


def test_an_unknown_locale_falls_back_to_english() -> None:
    result = run("first-aid", "calf", LANG="de_DE.UTF-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Get help:")


def test_first_aid_frames_its_steps_in_russian() -> None:
    result = run("--lang", "ru", "first-aid", "calf")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Когда обращаться за помощью: ")
    assert result.stdout.rstrip().endswith("ещё 3 способа: crampcare first-aid calf --all")


RUSSIAN_PROFILE = {
    "age_years": 70,
    "medications": ["furosemide", "atorvastatin"],
    "conditions": ["type 2 diabetes"],
    "labs": {"potassium": 3.0},
}
# Short labels the catalogue check (three words or more) cannot see: each must be gone in Russian.
SHORT_LABELS = ("Why:", "Lab results", "Whom to see", "(medicine)", "(reference ", "Option", "Evidence", "Diet",
                "Prevention", "consensus", "knowledge version", "First aid")  # fmt: skip


def test_assess_frames_the_plan_in_russian(tmp_path: Path) -> None:
    profile = tmp_path / "me.json"
    profile.write_text(json.dumps(RUSSIAN_PROFILE), encoding="utf-8")
    result = run("--lang", "ru", "assess", "--profile", str(profile), COLUMNS="100")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for russian in ("Покажитесь врачу: запишитесь на приём", "Почему:", "Первая помощь 1:", "Анализы",
                    "Калий сыворотки 3 ммоль/л: ниже нормы", "Можно начать уже сейчас (", "(лекарство)",
                    "Сначала обсудите с врачом (", "добавьте --all, чтобы увидеть все", "Возможно,"):  # fmt: skip
        assert russian in out, russian
    assert not english_left(out), english_left(out)
    left = [label for label in SHORT_LABELS if label in out]
    assert not left, left
    english = run("assess", "--profile", str(profile), COLUMNS="100", LANG="en_GB.UTF-8")
    assert [label for label in SHORT_LABELS if label not in " ".join(english.stdout.split())] == []


def test_foods_top_and_show_speak_russian() -> None:
    top = run("--lang", "ru", "foods", "top", "magnesium", "--limit", "5")
    assert top.returncode == 0, top.stderr
    assert "мг/100 г" in top.stdout and "Тыквенные семечки" in top.stdout
    assert "mg/" not in top.stdout and not english_left(top.stdout)
    show = run("--lang", "ru", "foods", "show", "11457")
    assert show.returncode == 0, show.stderr
    assert "Магний" in show.stdout and "мг на 100 г" in show.stdout and "порция:" in show.stdout
    for english in ("Magnesium", "serving", "/100 g", "Food data"):
        assert english not in show.stdout, english


def test_the_diary_speaks_russian(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'diary.db'}"
    logged = run("--lang", "ru", "diary", "log", "--db", db, "--muscle", "calf", "--side", "left", "--pain", "6",
                 "--duration", "25", "--setting", "bed_night", "--at", "2026-12-01T03:00+03:00")  # fmt: skip
    assert logged.returncode == 0, logged.stderr
    out = logged.stdout
    assert "Записано: №1" in out and "икра, левая, в постели / ночью, боль 6/10, 25 мин" in out
    assert "НЕОТЛОЖНО" in out and "Почему:" in out and "Оценено как для взрослого" in out
    assert "Seek help today" not in out  # the red flag's own text is the knowledge base's Russian
    checkin = run("--lang", "ru", "diary", "checkin", "--db", db, "--day", "2026-12-02", "--water", "1.5")
    assert checkin.stdout == "Отметка за 2 декабря 2026 сохранена.\n", checkin.stderr
    listed = run("--lang", "ru", "diary", "list", "--db", db)
    stats = run("--lang", "ru", "diary", "stats", "--db", db)
    assert stats.returncode == 0, stats.stderr
    assert "Дневник: 1 эпизод, 1 ежедневная отметка" in stats.stdout
    assert "Динамика частоты: пока мало данных (нужно не меньше 4 нед." in stats.stdout
    for text in (out, listed.stdout, stats.stdout.split("Провоцирующие")[0]):
        assert not english_left(text), english_left(text)
        for english in ("Logged", "diary day", "pain ", " min\n", "Why:", "not enough data", "Muscles", "per week"):
            assert english not in text, english


def test_kb_show_and_search_speak_russian() -> None:
    shown = run("--lang", "ru", "kb", "show", "Мидокалм", COLUMNS="100")
    assert shown.returncode == 0, shown.stderr
    for russian in ("Толперизон", "МНН: толперизон (tolperisone)", "другие названия:", "Доказательства",
                    "Исходная оценка", "Кратко", "Источники", "Не рекомендуется:"):  # fmt: skip
        assert russian in shown.stdout, russian
    for english in ("INN:", "also called", "Starts as", "Summary", "Sources", "not_recommended:"):
        assert english not in shown.stdout, english
    found = run("--lang", "ru", "kb", "search", "судороги ночью", "--limit", "3", COLUMNS="100")
    assert "3 результата по запросу" in found.stdout and "причина" in found.stdout
    assert "result(s)" not in found.stdout and "family" not in found.stdout
