"""A lab named in the readable plan's reasons and in `kb show` keeps its own capitals: "eGFR 25 … is low", "CK",
"TSH" («СКФ», «КФК», «ТТГ» in Russian); the English reasons printed the lab's id ("egfr 25 mL/min/1.73 m² is low",
"Because ck 2000 U/L > 1000") and `kb show` its rule as "egfr < 30"."""

from __future__ import annotations

import contextvars
import json
import re
from pathlib import Path

import pytest

from crampcare.cli.main import run

PROFILE = {"age_years": 70, "labs": {"egfr": 25, "ck": 2000, "tsh": 12}, "conditions": ["chronic kidney disease"]}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as info:
        contextvars.copy_context().run(run, argv)  # run() activates the language for its own context only
    out, err = capsys.readouterr()
    assert (info.value.code or 0) == 0, err
    return " ".join(out.replace("│", " ").split())


@pytest.mark.parametrize(
    ("lang", "names", "ids"),
    [("en", ["eGFR 25", "CK 2000", "TSH 12"], ["egfr", "ck", "tsh"]), ("ru", ["СКФ 25", "КФК 2 000", "ТТГ 12"], [])],
)
def test_the_readable_plan_names_each_lab_with_its_capitals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, names: list[str], ids: list[str]
) -> None:
    profile = tmp_path / "me.json"
    profile.write_text(json.dumps(PROFILE))
    out = _run(["--lang", lang, "assess", "--profile", str(profile)], capsys)
    for name in names:
        assert name in out, name
    for lab_id in ids:
        assert not re.search(rf"\b{lab_id}\b", out), f"the id {lab_id!r} is printed as the lab's name"


def test_kb_show_names_the_lab_of_a_rule_as_the_plan_does(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(["--lang", "en", "kb", "show", "baclofen"], capsys)
    assert "eGFR < 30 mL/min/1.73 m²" in out and not re.search(r"\begfr\b", out)
