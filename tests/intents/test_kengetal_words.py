"""A question's words match a published figure's however the two are inflected or compounded
(issue 13): "begroot" is the "begroting" of "programmabegroting" (one Snowball stem, the tail
of a compound), "regiomonitor" the "regionale monitor", and "wat kost" asks an amount, which a
figure in euro explains. "verwachte" is no "wachten": a stem only matches as a compound's tail.
Expected values come from knowledge/kengetallen.yaml."""

from __future__ import annotations

import pytest

from bot.core import Jeugdbot
from bot.intents.kengetal_index import _expand
from bot.models import Context, Kind
from bot.render.format import fmt_eur
from tests.intents.published_data import waarden


def _published(onderwerp: str, jaar: int) -> str:
    return fmt_eur(waarden(onderwerp, "Haaglanden")[jaar])


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


def test_money_asked_in_other_words_finds_the_amount(bot: Jeugdbot) -> None:
    ans = bot.answer("hoeveel geld gaat er naar onderzoek in Haaglanden in 2025", Context())
    assert f"*{_published('programmabegroting uitgaven: onderzoeksbudget', 2025)}*" in ans.text


@pytest.mark.parametrize(
    ("question", "wrong"),
    [
        # a count of people, not the Oudersraad's budget
        ("hoeveel ouders heeft de Oudersraad van Haaglanden", "€ 40.000"),
        # "uithuisplaatsingen" are no afgebroken "plaatsingen" (breakdowns in foster care)
        ("hoeveel uithuisplaatsingen telde de regio in 2022", "*28*"),
        # a count of employees, not the growth of their number in %
        ("hoeveel mensen werken in de jeugdhulp in Noord-Brabant", "*29%*"),
    ],
)
def test_a_figure_of_another_thing_is_no_answer(bot: Jeugdbot, question: str, wrong: str) -> None:
    ans = bot.answer(question, Context())
    assert wrong not in ans.text, ans.text
