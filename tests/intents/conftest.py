"""The bot on the demo marts as the golden sets see it (today = 1 september 2025), per module."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core import Jeugdbot


@pytest.fixture(scope="module")
def bot(demo_marts: Path, tmp_path_factory: pytest.TempPathFactory) -> Jeugdbot:
    settings = Settings(
        marts=demo_marts,
        cache_dir=tmp_path_factory.mktemp("c"),
        _env_file=None,  # type: ignore[call-arg]
    )
    return Jeugdbot(settings, today=date(2025, 9, 1))
