"""How many gemeenten the region or a sub-region has (bot.intents.members): counted from the
marts' own gemeenten and sub-regions, through the real answer(); a count of gemeenten with a
period, a measure or another subject stays another question."""

from __future__ import annotations

import re

import pytest

from bot.core import Jeugdbot
from bot.entities import subregions_of
from bot.intents.compose import naam
from bot.models import Answer, Context, Kind


def ask(bot: Jeugdbot, q: str) -> Answer:
    return bot.answer(q, Context(conversation_id=None, channel="api"))


def _members(bot: Jeugdbot, area: str) -> list[str]:
    wh = bot.warehouse
    if area == "regio":
        return list(wh.monitor_codes)
    sub = next(s for s in subregions_of(frozenset(wh.monitor_codes)) if s.naam == area)
    return list(sub.codes)


@pytest.mark.parametrize(
    ("q", "area"),
    [
        ("hoeveel gemeenten heeft de regio?", "regio"),
        ("Hoeveel gemeenten zitten er in onze regio", "regio"),
        ("aantal gemeenten regio", "regio"),
        ("hoeveel gemeentes telt de regio?", "regio"),
        ("hoeveel gemeenten heeft de Peel?", "Peelgemeenten"),
        ("Hoeveel gemeenten horen bij Dommelvallei+?", "Dommelvallei+"),
        ("uit hoeveel gemeenten bestaat de regio?", "regio"),
    ],
)
def test_the_number_of_gemeenten_of_an_area_is_counted_from_the_marts(
    bot: Jeugdbot, q: str, area: str
) -> None:
    codes = _members(bot, area)
    ans = ask(bot, q)
    assert ans.kind == Kind.ANSWER and ans.intent == "gemeenten_aantal", (q, ans.text)
    assert re.findall(r"\*([^*]+)\*", ans.text) == [str(len(codes))], ans.text
    assert all(naam(bot.warehouse, c) in ans.text for c in codes), ans.text
    assert ans.slots["gemeenten"] == codes
    assert "Peildatum" in ans.text and ans.sources


@pytest.mark.parametrize(
    "q",
    [
        "hoeveel gemeenten had de regio in 2022?",  # membership then: not what the marts hold
        "hoeveel gemeenten in de regio hebben meer dan 500 jeugdigen?",  # a measure
        "hoeveel gemeenten?",  # no area: asked back (bot.intents.vague)
        "hoeveel jeugdigen heeft de regio?",
    ],
)
def test_other_questions_with_gemeenten_are_not_the_member_count(bot: Jeugdbot, q: str) -> None:
    assert ask(bot, q).intent != "gemeenten_aantal", q
