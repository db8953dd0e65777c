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
