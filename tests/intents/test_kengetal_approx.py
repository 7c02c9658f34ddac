"""A question for an approximate figure ("ongeveer", "circa", "zo'n") asks for a figure the
documents state as approximate: the plan's "ca. 215 jeugdigen in pleegzorg", "ongeveer 180
aanbieders". The monitor counts exactly, for its own years; its count in their place answered
another question (issue 13). Without such a word, or with a year the document has no figure
for, the monitor's count stays the answer. Expected values come from knowledge/kengetallen.yaml.
"""

from __future__ import annotations

import pytest

from bot.core import Jeugdbot
from bot.intents.kengetal_index import blocks
from bot.models import Context, Kind
from bot.render.format import fmt_int
from tests.intents.published_data import waarden

REGION = "Een 10 voor de Jeugd"
PLEEG = "jeugdigen in pleegzorg binnen segment 2"
GEZINSHUIS = "jeugdigen in gezinshuizen binnen segment 2"
AANBIEDERS = "aanbieders waarmee de inkooporganisatie werkt"


def _published(onderwerp: str) -> str:
    (value,) = waarden(onderwerp, REGION).values()
    return fmt_int(int(value))


def _ask(bot: Jeugdbot, q: str) -> str:
    ans = bot.answer(q, Context(channel="cli", conversation_id=f"approx-{q}"))
    assert ans.kind == Kind.ANSWER, (q, ans.intent, ans.text)
    return ans.text


@pytest.mark.parametrize(
    ("question", "onderwerp"),
    [
        ("hoeveel kinderen zitten er circa in pleegzorg?", f"{PLEEG} (circa)"),
        ("zo'n hoeveel jongeren wonen in een gezinshuis", f"{GEZINSHUIS} (circa)"),
        ("Met hoeveel zorgaanbieders werkt 10vdJ ongeveer?", f"{AANBIEDERS} (ongeveer)"),
    ],
)
def test_an_approximate_question_gets_the_documents_approximate_figure(
    bot: Jeugdbot, question: str, onderwerp: str
) -> None:
    text = _ask(bot, question)
    assert f"*{_published(onderwerp)}*" in text, text
    assert "Programmaplan" in text


@pytest.mark.parametrize(
    "question",
    [
        "hoeveel kinderen zitten er in pleegzorg?",  # no approximation: the monitor's count
        "hoeveel kinderen zaten er in 2024 ongeveer in pleegzorg?",  # a year the plan has not
    ],
)
def test_without_approximation_or_in_another_year_the_monitor_counts(
    bot: Jeugdbot, question: str
) -> None:
    text = _ask(bot, question)
    assert "Programmaplan" not in text.split("\n")[0], text
    assert "2024" in text


def test_approximate_blocks_say_so_in_their_wording() -> None:
    """The marker in the onderwerp is data a user's "ongeveer" is matched on: it must be what
    the document says ("ca.", "circa", "ongeveer", "zo'n")."""
    marked = [b for b in blocks() if b.approximate]
    assert len(marked) >= 5
    for b in marked:
        assert any(w in b.formulering.lower() for w in ("ca.", "circa", "ongeveer", "zo'n")), b
