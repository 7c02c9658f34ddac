"""Abstaining (issue 12, item 2) through the whole bot on the demo marts: a question with a word
nothing explains gets no figure, only a reply that names the word or the documents' answer; a
question without a measure gets no default count; an ordinary Dutch word is never a place."""

from __future__ import annotations

import itertools
import re

import pytest

from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind

NUMERIC = {"cijfer", "vergelijking", "ranglijst", "trend", "verdeling", "filter"}

# Things people count that the monitor does not: each must be named back, never counted as
# jeugdigen (or anything else).
UNKNOWN_MEASURES = (
    "vergaderingen", "klachten", "wachtlijsten", "meldingen", "medewerkers", "fte",
    "subsidies", "casussen", "huisbezoeken", "zorgverleners", "wachtenden", "gezinscoaches",
)  # fmt: skip
TEMPLATES = (
    "hoeveel {w} had {p} in 2023?",
    "aantal {w} {p} 2024",
    "{w} in {p} vorig jaar",
    "Kunt u aangeven hoeveel {w} er in 2023 in {p} waren?",
    "hoeveel {w} waren er in 2022 in segment 2 in {p}",
)
PLACES = ("Helmond", "de regio", "Deurne")


def _ask(bot: Jeugdbot, q: str) -> Answer:
    return bot.answer(q, Context(channel="cli", conversation_id=f"abstain-{q}"))


def _figures(text: str) -> list[str]:
    return re.findall(r"\d[\d.]*(?:,\d+)?", text)


@pytest.mark.parametrize(
    ("word", "template", "place"),
    list(itertools.product(UNKNOWN_MEASURES, TEMPLATES, PLACES))[::3],
)
def test_an_unknown_measure_word_gets_no_figure(
    bot: Jeugdbot, word: str, template: str, place: str
) -> None:
    q = template.format(w=word, p=place)
    ans = _ask(bot, q)
    assert ans.intent not in NUMERIC, f"{q!r} got a figure: {ans.text[:160]}"
    if ans.kind == Kind.CLARIFY:
        assert f"'{word}'" in ans.text
        assert [o.label for o in ans.options][:2] == ["jeugdigen", "trajecten"]
        # One tap asks the same question about a measure the monitor has.
        assert word not in ans.options[0].value and "jeugdigen" in ans.options[0].value


def test_an_option_of_the_reply_answers(bot: Jeugdbot) -> None:
    ans = _ask(bot, "hoeveel klachten had Helmond in 2023?")
    assert ans.kind == Kind.CLARIFY
    follow = _ask(bot, ans.options[0].value)
    assert follow.intent == "cijfer" and "2.635" in follow.text


@pytest.mark.parametrize(
    "q",
    [
        "hoeveel jeugdigen met autisme in Helmond 2023",
        "kosten van leerlingenvervoer in Deurne 2024",
        "hoeveel trajecten met een wachttijd in Asten in 2024",
    ],
)
def test_an_unknown_qualifier_of_a_known_measure_gets_no_figure(bot: Jeugdbot, q: str) -> None:
    """ "jeugdigen met autisme" is not "jeugdigen": the count of all would be a wrong number."""
    ans = _ask(bot, q)
    assert ans.intent not in NUMERIC, ans.text[:160]


@pytest.mark.parametrize(
    "q", ["hoeveel in Helmond in 2023?", "Helmond 2023", "aantal Deurne vorig jaar"]
)
def test_no_measure_means_asking_which(bot: Jeugdbot, q: str) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.CLARIFY and ans.intent == "welke_maat"
    assert not _figures(ans.text.replace("0 tot en met 17 jaar", ""))
    assert {o.label for o in ans.options} >= {"jeugdigen", "kosten", "zorgkosten"}


# Ordinary Dutch words, some a few letters from a municipality (Groningen, Asten, Woerden, Zeist):
# the wordfreq Dutch word list keeps them words.
VERBS = ("gingen", "kreeg", "zitten", "kregen", "lasten", "worden", "zeiden", "stonden", "liepen")


@pytest.mark.parametrize("verb", VERBS)
def test_an_ordinary_word_is_never_a_place(bot: Jeugdbot, verb: str) -> None:
    for q in (f"hoeveel jeugdigen {verb} in 2023 jeugdhulp in Helmond", f"in {verb} 2023 kosten"):
        ans = _ask(bot, q)
        assert ans.intent not in ("onbekende_gemeente", "buiten_monitor"), (q, ans.text[:120])
        assert "Groningen" not in ans.text and "Woerden" not in ans.text


def test_a_typo_of_a_place_still_resolves(bot: Jeugdbot) -> None:
    ans = _ask(bot, "hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmnd")
    assert ans.intent == "cijfer" and "2.635" in ans.text


def test_the_known_question_still_answers(bot: Jeugdbot) -> None:
    ans = _ask(
        bot,
        "Kunt u mij vertellen hoeveel jeugdigen in 2023 in de gemeente Helmond jeugdhulp "
        "ontvingen?",
    )
    assert ans.intent == "cijfer" and "2.635" in ans.text
