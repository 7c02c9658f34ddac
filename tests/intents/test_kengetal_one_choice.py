"""The published figure the router chooses is the one the answer quotes: the kengetal intent
no longer chooses again by rules of its own, which once quoted the 318.610 youths of all ages
for a question the router had matched to the 0-4-year-olds (issue 13)."""

from __future__ import annotations

import pytest

from bot.core import Jeugdbot
from bot.intents.kengetal_index import best_for_document
from bot.models import Context


@pytest.mark.parametrize(
    "question",
    [
        "hoeveel kinderen van 0 tot 4 jaar kregen jeugdhulp in het eerste halfjaar van 2015",
        "wat kostte de regiomonitor van Haaglanden in 2025",
        "hoeveel casussen had het RMT in 2023",
        "Met hoeveel zorgaanbieders werkt 10vdJ ongeveer?",
        "gem. kosten per jeugdige per maand gezinshuis april 2023",
    ],
)
def test_the_router_s_figure_is_quoted(bot: Jeugdbot, question: str) -> None:
    chosen = best_for_document(question, ages=("0", "4") if "0 tot 4" in question else ())
    assert chosen is not None
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"one-{question}"))
    assert ans.intent == "kengetal", ans.text
    assert ans.slots.get("onderwerp") == chosen.block.onderwerp, (ans.slots, ans.text[:200])
