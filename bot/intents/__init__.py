"""Numeric intents: importing this package registers every intent family once."""

from bot.intents import (  # noqa: F401  (imported for their registration)
    breakdown,
    change_filter,
    comparison,
    definition,
    help,
    kengetal,
    ranking,
    refuse,
    single,
    threshold,
    trend,
)
from bot.intents.base import REGISTRY, Intent, Parsed, Run

__all__ = ["REGISTRY", "Intent", "Parsed", "Run"]
