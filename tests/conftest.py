"""Shared fixtures: the demo marts built once per test session, and settings that use them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.config import Settings


@pytest.fixture(scope="session")
def demo_marts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo monitor marts as a DuckDB file, built once per session (a few seconds).

    Set JEUGDBOT_TEST_MARTS to a built file to reuse it across runs.
    """
    reuse = os.environ.get("JEUGDBOT_TEST_MARTS")
    if reuse:
        return Path(reuse)
    from bot.marts.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("marts") / "demo-marts.duckdb", progress=False)


@pytest.fixture
def settings(demo_marts: Path, tmp_path: Path) -> Settings:
    """Settings on the demo marts with a private cache directory; no .env file is read."""
    return Settings(marts=demo_marts, cache_dir=tmp_path / "cache", _env_file=None)  # type: ignore[call-arg]
