"""A question's words match a published figure's however the two are inflected or compounded
(issue 13): "begroot" is the "begroting" of "programmabegroting" (one Snowball stem, the tail
of a compound), "regiomonitor" the "regionale monitor", and "wat kost" asks an amount, which a
figure in euro explains. "verwachte" is no "wachten": a stem only matches as a compound's tail.
Expected values come from knowledge/kengetallen.yaml."""

from __future__ import annotations

import pytest
import yaml

from bot.core import Jeugdbot
from bot.intents.kengetal_index import KENGETALLEN_YAML, _expand
from bot.models import Context, Kind
from bot.render.format import fmt_eur


def _published(onderwerp: str, jaar: int) -> str:
    raw = yaml.safe_load(KENGETALLEN_YAML.read_text(encoding="utf-8"))["kengetallen"]
    (block,) = [b for b in raw if b["onderwerp"] == onderwerp]
    return fmt_eur(block["waarden"]["Haaglanden"][jaar])


@pytest.mark.parametrize(
    ("question", "onderwerp", "jaar"),
    [
        ("wat kostte de regiomonitor van Haaglanden in 2025", "regionale monitor", 2025),
        ("hoeveel is er voor 2026 begroot voor onderzoek in Haaglanden", "onderzoeksbudget", 2026),
        ("hoeveel is in 2024 begroot voor de regioconferentie van Haaglanden", "regioconferentie",
         2024),
    ],
)  # fmt: skip
def test_inflected_and_compound_words_find_the_figure(
    bot: Jeugdbot, question: str, onderwerp: str, jaar: int
) -> None:
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"words-{question}"))
    assert ans.kind == Kind.ANSWER, ans.text
    assert f"*{_published(f'programmabegroting uitgaven: {onderwerp}', jaar)}*" in ans.text
    assert "Haaglanden" in ans.text


def test_a_stem_matches_only_as_the_tail_of_a_compound() -> None:
    assert "programmabegroting" in _expand("begroot")
    assert not any(w.startswith("wacht") for w in _expand("verwachte"))
