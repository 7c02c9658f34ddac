"""Words that explain a question without naming a new measure (issue 12): the past tense of
'starten' names gestarte trajecten, and 'procent' asks a change or share in percent. Both were
unknown words, so such questions were asked back although the monitor answers them."""

from __future__ import annotations

import pytest

from bot.core import Jeugdbot
from bot.models import Context, Kind


def ask(bot: Jeugdbot, q: str):  # type: ignore[no-untyped-def]
    return bot.answer(q, Context(conversation_id=None, channel="api"))


@pytest.mark.parametrize(
    "q",
    [
        "welk segment startte de meeste trajecten in 2023",
        "welke aanbieders startten de meeste trajecten vorig jaar",
        "bij welke aanbieder werden de meeste trajecten gestart in 2023",
    ],
)
def test_startte_is_gestarte_trajecten(bot: Jeugdbot, q: str) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.ANSWER and ans.intent == "ranglijst"
    assert "gestarte trajecten" in ans.text


def test_procent_with_a_change_word_is_the_change(bot: Jeugdbot) -> None:
    ans = ask(bot, "met hoeveel procent steeg het aantal jeugdigen in asten in 2024")
    assert ans.kind == Kind.ANSWER and "%" in ans.text
    assert len(ans.params["starts"]) == 2  # 2023 against 2024


def test_procent_does_not_explain_an_unknown_thing(bot: Jeugdbot) -> None:
    ans = ask(bot, "hoeveel procent van de ouders is tevreden")
    assert ans.kind == Kind.CLARIFY and "ouders" in ans.text


def test_the_noun_before_the_past_tense_is_gestarte_trajecten(bot: Jeugdbot) -> None:
    # "trajecten startten er": the noun before its verb, as users write a comparison
    ans = ask(bot, "hoeveel meer trajecten startten er in 2024 dan in 2023 in deurne")
    assert ans.kind == Kind.ANSWER and "gestarte trajecten" in ans.text
    assert len(ans.params["starts"]) == 2  # 2023 against 2024
