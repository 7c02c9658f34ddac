"""The one entry point every channel calls: answer(question, context) -> Answer."""

from __future__ import annotations

from functools import lru_cache

from bot.config import Settings, get_settings
from bot.models import Answer, Context, Kind


class Jeugdbot:
    """Holds what answering needs (marts, knowledge, conversations); one per process."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    def answer(self, question: str, context: Context | None = None) -> Answer:
        """Answer a Dutch question (placeholder until the numeric pipeline lands)."""
        return Answer(kind=Kind.HELP, text="Stel een vraag over jeugdhulp in de regio.")


@lru_cache(maxsize=1)
def get_bot() -> Jeugdbot:
    """The process-wide bot built from the environment's settings."""
    return Jeugdbot(get_settings())


def answer(question: str, context: Context | None = None) -> Answer:
    """Answer with the process-wide bot."""
    return get_bot().answer(question, context)
