"""The published values of knowledge/kengetallen.yaml as the tests expect them: read from the
data, never from bot code, so a test fails when the bot quotes another figure."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from bot.intents.kengetal_index import KENGETALLEN_YAML


@lru_cache(maxsize=1)
def _raw() -> tuple[dict[str, Any], ...]:
    return tuple(yaml.safe_load(KENGETALLEN_YAML.read_text(encoding="utf-8"))["kengetallen"])


def waarden(onderwerp: str, gebied: str) -> dict[Any, Any]:
    """The values one block gives for one area, by year."""
    (block,) = [b for b in _raw() if b["onderwerp"] == onderwerp]
    return dict(block["waarden"][gebied])
