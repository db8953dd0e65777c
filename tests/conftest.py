"""Shared fixtures: the shipped knowledge base, and database URLs for SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from crampcare.knowledge.loader import KnowledgeBase, knowledge


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return knowledge()
