"""`crampcare foods …` through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crampcare", "foods", *args], capture_output=True, text=True)


def test_top_json() -> None:
    out = run("top", "magnesium", "--limit", "3", "--json")
    assert out.returncode == 0
    assert len(json.loads(out.stdout)) == 3


def test_show_unknown_food_suggests_and_exits_2() -> None:
    out = run("show", "spinnach zzq")
    assert out.returncode == 2 and "did you mean" in out.stderr and out.stderr.count("\n") == 1


def test_plan_with_profile(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"age_years": 68, "conditions": ["CKD"], "labs": {"egfr": 30}}))
    out = run("plan", "--profile", str(profile), "--json")
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert plan["days"][0]["totals"]["potassium"] <= 2000


def test_plan_bad_profile_exits_2(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"age_years": 500}))
    out = run("plan", "--profile", str(profile))
    assert out.returncode == 2 and "age_years" in out.stderr


def test_plan_text_is_grouped_by_meal_and_json_has_slots() -> None:
    out = run("plan", "--days", "2")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    headers = [line.strip().split(" (")[0] for line in lines if line.startswith("  ") and not line.startswith("   ")]
    assert headers[:4] == ["Breakfast", "Lunch", "Dinner", "Snack"], headers
    plan = json.loads(run("plan", "--json").stdout)
    assert {item["slot"] for item in plan["days"][0]["items"]} == {"breakfast", "lunch", "dinner", "snack"}


def test_plan_days_out_of_range_names_the_option() -> None:
    out = run("plan", "--days", "0")
    assert out.returncode == 2
    assert out.stderr == "crampcare: --days: must be between 1 and 14 (got 0)\n"


def test_plan_empty_profile_path_asks_for_a_file_name() -> None:
    out = run("plan", "--profile", "")
    assert out.returncode == 2
    assert out.stderr == "crampcare: --profile: a file name is required\n"


def test_plan_profile_type_error_is_in_plain_words(tmp_path: Path) -> None:
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"age_years": 50, "conditions": "diabetes"}))
    out = run("plan", "--profile", str(profile))
    assert out.returncode == 2
    assert (
        out.stderr
        == f"crampcare: --profile: {profile}: conditions: must be a list, e.g. [\"diabetes\"] (got 'diabetes')\n"
    )


def test_top_unknown_diet_names_the_option() -> None:
    out = run("top", "magnesium", "--diet", "keto")
    assert out.returncode == 2
    assert out.stderr == "crampcare: --diet: unknown diet 'keto' (valid: vegetarian, vegan, lactose_free)\n"


def test_top_excluding_everything_exits_2_naming_exclude() -> None:
    out = run("top", "magnesium", *[arg for word in "aeiou" for arg in ("--exclude", word)])
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("crampcare: --exclude: no foods are left after excluding 'a', 'e'")


def test_show_unknown_food_without_matches_shows_valid_input() -> None:
    out = run("show", "zzz")
    assert out.returncode == 2
    assert "unknown food 'zzz'" in out.stderr and "e.g. 'spinach raw'" in out.stderr and "11457" in out.stderr


def test_show_misspelt_food_suggests_the_plain_food() -> None:
    out = run("show", "spinich")
    assert out.returncode == 2 and "did you mean 'Spinach, raw'" in out.stderr


def test_plan_for_a_baby_exits_2_naming_profile_and_age(tmp_path: Path) -> None:
    profile = tmp_path / "baby.json"
    profile.write_text(json.dumps({"age_years": 0}))
    out = run("plan", "--profile", str(profile), "--kcal", "1000")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith(f"crampcare: --profile: {profile}: age_years: 0 is under 1 year")
    assert "(valid: 1-120 years)" in out.stderr


def test_plan_for_a_child_needs_kcal(tmp_path: Path) -> None:
    profile = tmp_path / "child.json"
    profile.write_text(json.dumps({"age_years": 2}))
    out = run("plan", "--profile", str(profile))
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("crampcare: --kcal: required for a child (age_years 2)")
    assert "adult food-label reference" in out.stderr


def test_plan_for_a_child_with_kcal_uses_child_targets(tmp_path: Path) -> None:
    profile = tmp_path / "child.json"
    profile.write_text(json.dumps({"age_years": 10}))
    out = run("plan", "--profile", str(profile), "--kcal", "1800", "--json")
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert {t["nutrient"]: t["amount"] for t in plan["targets"]}["magnesium"] == 240
    assert plan["assumed"] is None and "child's doctor or dietitian" in plan["notes"][0]


def test_plan_without_profile_states_the_assumed_person() -> None:
    out = run("plan")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Assumed person: no profile given: targets for a 40-year-old adult")
    plan = json.loads(run("plan", "--json").stdout)
    assert "sex not given" in plan["assumed"]


def test_show_never_guesses_from_a_number_or_a_letter() -> None:
    for query in ("12", "0", "x"):
        result = run("show", query)
        assert result.returncode == 2, query
        assert "NAME_OR_NDB" in result.stderr and "5-digit NDB number" in result.stderr
    assert run("show", "11457").stdout.startswith("Spinach, raw")


def test_show_prefers_the_food_named_first() -> None:
    # USDA names put the food first: "egg" is an egg, not "Bread, egg" nor "Eggnog".
    assert run("show", "egg").stdout.startswith("Egg, ")


def test_plan_says_food_allergies_are_not_checked_and_excludes_words(tmp_path: Path) -> None:
    person = tmp_path / "p.json"
    person.write_text(json.dumps({"age_years": 40, "allergies": ["penicillin"]}))
    result = run("plan", "--profile", str(person), "--exclude", "peanut", "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert any("not checked for food allergies" in note for note in plan["notes"])
    names = [item["name"].casefold() for day in plan["days"] for item in day["items"]]
    assert names and not any("peanut" in name for name in names)
