"""Shared fixtures: the real knowledge base and answerer, loaded once per test session."""

from __future__ import annotations

import pytest

from bot.knowledge.answering import KnowledgeAnswerer
from bot.knowledge.loader import KnowledgeBase, load_knowledge


@pytest.fixture(scope="session")
def base() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def answerer(base: KnowledgeBase) -> KnowledgeAnswerer:
    return KnowledgeAnswerer(base)
