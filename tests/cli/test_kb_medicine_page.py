"""`crampcare kb show` for a medicine known only as a drug-class member (issue 19; «омепразол» was "unknown
record"): the page says what the name resolved to and every record that acts on it, or that nothing does."""

from __future__ import annotations

import json
from typing import Any

import pytest

from crampcare.cli.main import run
from crampcare.knowledge.describe import MedicineEntry, resolve_any
from crampcare.knowledge.loader import knowledge


def show(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        run(["kb", "show", *args])
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def show_json(capsys: pytest.CaptureFixture[str], name: str) -> Any:
    code, out, err = show(capsys, name, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("name", ["омепразол", "omeprazole", "Omez", "Омез", "omeprazole 20 mg"])
def test_a_ppi_by_any_name_shows_its_medicine_page(capsys: pytest.CaptureFixture[str], name: str) -> None:
    page = show_json(capsys, name)
    assert page["family"] == "medicine"
    assert page["id"] == "omeprazole"
    assert page["name"] == name
    assert [c["id"] for c in page["classes"]] == ["proton_pump_inhibitors"]
    assert "Losec" in page["brands"]
    causes = [a for a in page["acts_on_it"] if a["family"] == "cause"]
    assert [c["id"] for c in causes] == ["med_proton_pump_inhibitors"]
    assert "fda_ppi_magnesium_2011" in {s["id"] for s in page["cited_sources"]}
    assert page["not_checked"] is None


def test_the_readable_page_says_what_it_is_and_why(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, err = show(capsys, "омепразол")
    assert code == 0, err
    for text in (
        "омепразол = omeprazole",
        "INN: omeprazole",
        "Proton pump inhibitors",
        "May add to cramps",
        "magnesium",
    ):
        assert text in out, text


def test_a_medicine_no_rule_names_says_it_is_not_checked(capsys: pytest.CaptureFixture[str]) -> None:
    page = show_json(capsys, "Metoject")
    assert page["id"] == "methotrexate"
    assert page["acts_on_it"] == []
    assert "not checked" in page["not_checked"]
    code, out, _ = show(capsys, "метотрексат")
    assert code == 0 and "Not checked" in out


def test_a_medicine_page_lists_the_options_it_changes_with_when() -> None:
    family, page = resolve_any(knowledge(), "Lasix")
    assert family == "medicine" and isinstance(page, MedicineEntry)
    ibuprofen = [a for a in page.acts_on_it if a.id == "ibuprofen_after_cramp"]
    assert ibuprofen and all(a.how == "contraindications" and a.when for a in ibuprofen)
    assert any(a.family == "cause" and a.id for a in page.acts_on_it)


def test_a_member_page_does_not_take_another_members_rule() -> None:
    # A cause that names suxamethonium's INN is not about vecuronium, though both are neuromuscular blockers.
    _, page = resolve_any(knowledge(), "vecuronium")
    assert isinstance(page, MedicineEntry)
    named = [knowledge().causes[a.id] for a in page.acts_on_it if a.family == "cause"]
    assert not any(t.inn == "suxamethonium" for cause in named for t in cause.rule.when)


def test_a_medicine_with_its_own_option_still_shows_the_option() -> None:
    family, _ = resolve_any(knowledge(), "baclofen")
    assert family == "intervention"


def test_an_unknown_name_is_still_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = show(capsys, "zzqx-not-a-medicine")
    assert code == 2 and "unknown record" in err and "Traceback" not in err
