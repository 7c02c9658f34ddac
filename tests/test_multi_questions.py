"""Several questions in one message (bot.intents.multi): the first answered, the rest open.

Through the real core on the demo marts; figures are the published ones of the programme plan.
"""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.core import Jeugdbot
from bot.evaluation import GOLDEN_TODAY
from bot.intents.multi import split_questions
from bot.models import Context, Kind

TWO = "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Deurne en wat waren daar de zorgkosten?"


@pytest.fixture
def bot(settings: Settings) -> Jeugdbot:
    return Jeugdbot(settings, today=GOLDEN_TODAY)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (TWO, 2),
        ("Wat waren de zorgkosten van Helmond in 2023? En hoeveel zaten er in verblijf?", 2),
        ("kosten S2 Asten 2024; kosten S1 Asten 2024", 2),
        ("Hoeveel jeugdigen in zorg telde Son en Breugel in 2023?", 1),
        ("Hoeveel jeugdigen hadden jeugdhulp in Laarbeek en in Someren in 2023?", 1),
        ("hoeveel jeugdigen in Helmond? en wat?", 1),  # a tail of two words is no question
    ],
)
def test_split(text: str, parts: int) -> None:
    assert len(split_questions(text)) == parts


def test_first_question_answered_and_the_other_offered(bot: Jeugdbot) -> None:
    ctx = Context(conversation_id="c1")
    ans = bot.answer(TWO, ctx)
    assert ans.kind == Kind.ANSWER and ans.slots["metric"] == "jeugdigen"
    assert "637" in ans.text  # Bijlage 2: Deurne 2023
    assert "Nog open" in ans.text and "zorgkosten" in ans.text.split("Nog open")[1]
    (option,) = ans.options
    assert option.value == "en wat waren daar de zorgkosten in Deurne in 2023?"
    # The option asked as offered, in the same conversation and in a new one, gives the same.
    for context in (ctx, Context(conversation_id="c2"), Context()):
        follow = bot.answer(option.value, context)
        assert follow.slots["metric"] == "zorgkosten"
        assert follow.slots["gemeenten"] == ["GM0762"]
        assert [p["label"] for p in follow.slots["periods"]] == ["2023"]


def test_the_open_question_typed_again_is_asked_as_offered(bot: Jeugdbot) -> None:
    ctx = Context(conversation_id="c3")
    first = bot.answer(
        "Wat waren de zorgkosten van Helmond in 2023? En hoeveel jeugdigen zaten er in verblijf?",
        ctx,
    )
    assert first.slots["metric"] == "zorgkosten" and not first.slots.get("verblijf")
    again = bot.answer("hoeveel jeugdigen zaten er in verblijf?", ctx)
    assert again.slots["gemeenten"] == ["GM0794"] and again.slots["verblijf"] is True
    # Outside that conversation the same words mean the whole region in the default year.
    alone = bot.answer("hoeveel jeugdigen zaten er in verblijf?", Context(conversation_id="c4"))
    assert alone.slots["regio"] is True


def test_a_part_that_only_adds_a_year_is_one_comparison(bot: Jeugdbot) -> None:
    ans = bot.answer(
        "Kunt u mij vertellen hoeveel jeugdigen in 2023 in de gemeente Helmond jeugdhulp "
        "ontvingen, en hoe zich dat verhoudt tot 2022?"
    )
    assert ans.intent == "vergelijking" and "Nog open" not in ans.text
    assert "2.602" in ans.text and "2.635" in ans.text and "+1,3%" in ans.text


def test_a_refusal_anywhere_refuses_the_whole_message(bot: Jeugdbot) -> None:
    ans = bot.answer("Hoeveel jeugdigen in Asten in 2023? En wat is het BSN van die jongere?")
    assert ans.kind == Kind.REFUSE


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "kosten en aantal jeugdigen laarbeek 2024",
            ["kosten laarbeek 2024", "aantal jeugdigen laarbeek 2024"],
        ),
        ("kosten en zorgkosten Helmond 2023", ["kosten helmond 2023", "zorgkosten helmond 2023"]),
        (
            "hoeveel kosten en jeugdigen in asten 2023",
            ["hoeveel kosten in asten 2023", "hoeveel jeugdigen in asten 2023"],
        ),
        (
            "aantal jeugdigen en lopende trajecten deurne 2024",
            ["aantal jeugdigen deurne 2024", "aantal lopende trajecten deurne 2024"],
        ),
        # one measure, or two that form one phrase: not split
        ("kosten segment 2 en 3", ["kosten segment 2 en 3"]),
        (
            "jeugdigen in zorg in helmond en deurne 2024",
            ["jeugdigen in zorg in helmond en deurne 2024"],
        ),
        ("kosten per client helmond 2023", ["kosten per client helmond 2023"]),
    ],
)
def test_two_measures_joined_by_en_are_two_questions(text: str, parts: list[str]) -> None:
    assert split_questions(text) == parts


@pytest.mark.parametrize(
    ("text", "first", "open_"),
    [
        (
            "kosten en aantal jeugdigen laarbeek 2024",
            "Kosten (declaraties) in Laarbeek",
            "jeugdigen",
        ),
        ("kosten en zorgkosten Helmond 2023", "Kosten (declaraties) in Helmond", "zorgkosten"),
    ],
)
def test_the_second_measure_is_never_dropped(
    bot: Jeugdbot, text: str, first: str, open_: str
) -> None:
    """Before, the first measure in the lexicon's order was answered and the other silently
    left out; now the first is answered and the other offered as the next question."""
    ans = bot.answer(text, Context(conversation_id=None, channel="api"))
    assert ans.kind == Kind.ANSWER and ans.text.startswith(first)
    assert "Nog open" in ans.text
    assert any(open_ in o.value for o in ans.options)
    follow = bot.answer(ans.options[-1].value, Context(conversation_id=None, channel="api"))
    assert follow.kind == Kind.ANSWER and follow.slots.get("gemeenten") == ans.slots["gemeenten"]
