"""Questions for a figure that name no subject are asked back, never given a figure
(bot.intents.vague); short questions that do name one (a place, a period, a project, a measure
of the monitor, the conversation) keep their answer. Everything through the real answer() on
the demo marts."""

from __future__ import annotations

import re

import pytest

from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind

_FIGURE = re.compile(r"\d")


def ask(bot: Jeugdbot, q: str, conversation: str | None = None) -> Answer:
    return bot.answer(q, Context(conversation_id=conversation, channel="api"))


VAGUE = [
    # (question, the kind of value asked: what the ask-back is about)
    ("wat is het budget?", "bedrag"),
    ("hoeveel is het budget", "bedrag"),
    ("Hoe hoog is het budget eigenlijk?", "bedrag"),
    ("hoeveel kost het?", "bedrag"),
    ("wat zijn de kosten?", "bedrag"),
    ("Wat was het totale bedrag?", "bedrag"),
    ("hoeveel geld is er beschikbaar?", "bedrag"),
    ("wat zijn de gemiddelde kosten?", "bedrag"),
    ("wat is de begroting?", "bedrag"),
    ("hoeveel bedraagt de bijdrage?", "bedrag"),
    ("Wat zijn de uitgaven?", "bedrag"),
    ("wat is het tekort?", "bedrag"),
    ("Wat is het saldo?", "bedrag"),
    ("welk percentage?", "percentage"),
    ("Hoeveel procent is het?", "percentage"),
    ("wat is het aandeel?", "percentage"),
    ("hoeveel gemeenten?", "aantal"),
    ("Hoeveel gemeenten doen mee?", "aantal"),
    ("hoeveel zijn het er?", "aantal"),
    ("wat is het totaal?", "cijfer"),
    # a pronoun with nothing before it to stand for, whatever the shape ("per jaar": a series)
    ("Wat kost dit per jaar?", "bedrag"),
    ("en hoeveel kost dat per maand", "bedrag"),
    # a count of places of nothing named
    ("hoeveel plaatsen zijn er over?", "aantal"),
    # a period with no measure: of what?
    ("wat was het totaal in 2023?", "cijfer"),
    ("hoeveel is het budget voor 2025", "bedrag"),
    # a date of nothing named
    ("wanneer is het klaar?", "datum"),
    ("Wanneer moet de actie af zijn?", "datum"),
    ("wanneer start het project", "datum"),
]


@pytest.mark.parametrize(("q", "kind"), VAGUE)
def test_a_figure_of_nothing_named_is_asked_back(bot: Jeugdbot, q: str, kind: str) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.CLARIFY and ans.intent == "welk_onderwerp", (q, ans.intent, ans.text)
    assert kind in ans.text and "Bijvoorbeeld:" in ans.text, ans.text
    # The examples name a year, never a figure: no amount, count or share in the text.
    assert not re.search(r"€|%|\d[.,]\d", ans.text), ans.text
    assert len(ans.options) >= 2


@pytest.mark.parametrize("q", sorted({q for q, _ in VAGUE}))
def test_every_offered_question_answers_with_a_figure(bot: Jeugdbot, q: str) -> None:
    for option in ask(bot, q).options:
        ans = ask(bot, option.value)
        assert ans.kind == Kind.ANSWER, (option.value, ans.intent, ans.text[:200])
        assert "*" in ans.text and _FIGURE.search(ans.text), (option.value, ans.text[:200])


SPECIFIC = [
    # (question, the intent that answers it, a word its answer must hold)
    ("budget Mockingbird", "kennis.zoeken", "Mockingbird"),
    ("wat kost project Mockingbird?", "kennis.zoeken", "200.000"),
    ("wat kost het coördinatiepunt gezinshuizen", "kennis.zoeken", "coördinatiepunt"),
    ("kosten 2023", "cijfer", "2023"),
    ("wat waren de kosten in Deurne?", "cijfer", "Deurne"),
    ("zorgkosten helmond", "cijfer", "Helmond"),
    ("wat zijn de zorgkosten?", "cijfer", "Zorgkosten"),
    ("hoeveel jeugdigen in 2023", "cijfer", "9.201"),
    ("hoeveel jeugdigen?", "cijfer", "Jeugdigen in zorg"),
    ("kosten segment 2", "cijfer", "segment 2"),
    ("wat is de regiobegroting van Haaglanden?", "kennis.zoeken", "Haaglanden"),
    ("welke gemeente heeft de hoogste kosten?", "ranglijst", "hoogste"),
    ("hoe ontwikkelden de kosten?", "trend", "kosten"),
    ("wat is het budget van het doorbraaklab?", "kengetal", "200.000"),
]


@pytest.mark.parametrize(("q", "intent", "word"), SPECIFIC)
def test_a_short_question_that_names_its_subject_is_answered(
    bot: Jeugdbot, q: str, intent: str, word: str
) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.ANSWER and ans.intent == intent, (q, ans.intent, ans.text[:200])
    assert word in ans.text, (q, ans.text[:300])


def test_the_region_named_is_a_subject_not_a_vague_question(bot: Jeugdbot) -> None:
    # "hoeveel gemeenten heeft de regio" names the region: not the subjectless ask-back.
    ans = ask(bot, "hoeveel gemeenten heeft de regio")
    assert ans.intent != "welk_onderwerp", ans.text


FOLLOW_UPS = [
    # (first question, follow-up, the intent of the follow-up's answer, a word it must hold)
    ("zorgkosten Helmond 2023", "en in 2022?", "cijfer", "2022"),
    ("zorgkosten Helmond 2023", "wat kost het?", "cijfer", "Helmond"),
    ("hoeveel jeugdigen in Deurne 2023", "en de kosten?", "cijfer", "Deurne"),
    ("kosten Asten 2023", "en het aantal?", "cijfer", "Asten"),
]


@pytest.mark.parametrize(("first", "then", "intent", "word"), FOLLOW_UPS)
def test_a_follow_up_takes_its_subject_from_the_conversation(
    bot: Jeugdbot, first: str, then: str, intent: str, word: str
) -> None:
    conv = f"vague-{first}-{then}"
    assert ask(bot, first, conv).kind == Kind.ANSWER
    ans = ask(bot, then, conv)
    assert ans.kind == Kind.ANSWER and ans.intent == intent, (then, ans.intent, ans.text[:200])
    assert word in ans.text, ans.text[:300]


@pytest.mark.parametrize(
    ("first", "place", "year"),
    [
        ("zorgkosten Helmond 2023", "Helmond", "2023"),
        ("kosten Deurne 2022", "Deurne", "2022"),
        ("hoeveel jeugdigen in Asten 2023", "Asten", "2023"),
    ],
)
@pytest.mark.parametrize("then", ["en het budget?", "wat is het budget?", "en de begroting?"])
def test_a_budget_after_a_figure_offers_that_place_and_period(
    bot: Jeugdbot, first: str, place: str, year: str, then: str
) -> None:
    """The monitor holds no budget: no figure, the measures it has for the same place and
    period offered, and the conversation kept for the next follow-up."""
    conv = f"budget-{first}-{then}"
    ask(bot, first, conv)
    ans = ask(bot, then, conv)
    assert ans.kind == Kind.CLARIFY and not re.search(r"€|\d\.\d", ans.text), ans.text
    assert ans.options and all(place in o.value and year in o.value for o in ans.options)
    again = ask(bot, "en in 2021?", conv)
    assert again.kind == Kind.ANSWER and place in again.text and "2021" in again.text, again.text
