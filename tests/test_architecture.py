"""The layout is the architecture: the core never imports an interface.

knowledge/, assessment/, diary/, experiments/, fhir/, nutrition/ and reports/ may not import Typer, Rich, FastAPI,
Starlette or uvicorn, nor crampcare's own cli/api/web packages. (reports/ renders its HTML
with Jinja2 on purpose: the report is a document, not a web page.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "crampcare"
CORE = ("knowledge", "assessment", "diary", "experiments", "fhir", "nutrition", "reports")
FORBIDDEN = ("typer", "rich", "fastapi", "starlette", "uvicorn", "crampcare.cli", "crampcare.api", "crampcare.web")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _core_files() -> list[Path]:
    return sorted(path for part in CORE for path in (PACKAGE / part).rglob("*.py"))


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_imports_no_interface(path: Path) -> None:
    bad = {name for name in _imports(path) if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)}
    assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}"


def test_the_check_sees_imports() -> None:
    assert "typer" in _imports(PACKAGE / "cli" / "kb.py")


def test_core_raises_only_the_crampcare_error_family() -> None:
    # Core code raises crampcare.errors.* or an error that a factory function builds (lowercase call).
    import inspect

    from crampcare import errors

    family = {
        name for name, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, errors.CrampcareError)
    }
    assert {"InputError", "StorageError", "CrampcareError"} <= family
    allowed = family | {
        "ValueError",  # inside pydantic validators, where it surfaces as InputError
        "PydanticCustomError",  # likewise
        "AttributeError",  # protocol errors of dunder methods (__getattr__, __getitem__)
        "IndexError",
        "KeyError",
        "AssertionError",  # unreachable invariants the models already guarantee
    }
    offenders = []
    for path in _core_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if name and name[0].isupper() and name not in allowed:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} raises {name}")
    assert not offenders, offenders
