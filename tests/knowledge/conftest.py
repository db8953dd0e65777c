"""A small, self-contained knowledge base (tests/knowledge/mini_kb/), so lookup, search, CLI and
loader tests do not depend on how far the shipped data has grown. Loader tests copy it and
change one file to provoke one error at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crampcare.knowledge.loader import KnowledgeBase, load

MINI_KB = Path(__file__).parent / "mini_kb"


def copy_mini_kb(root: Path) -> Path:
    """A writable copy of the mini knowledge base under `root`."""
    target = root / "data"
    shutil.copytree(MINI_KB, target)
    return target


@pytest.fixture(scope="session")
def mini_kb() -> KnowledgeBase:
    return load(MINI_KB)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return copy_mini_kb(tmp_path)
