"""A figure the documents give for other years than the one asked: the bot says the asked year
is not in the documents and gives the years they do give, each labelled, instead of saying it
does not know the word (issue 13). A question the monitor answers for the asked year keeps the
monitor's answer. Expected values come from knowledge/kengetallen.yaml."""

from __future__ import annotations

from bot.core import Jeugdbot
from bot.models import Context, Kind
from tests.intents.published_data import waarden

REGION = "Een 10 voor de Jeugd"


def _values(onderwerp: str) -> dict[int, int]:
    return {int(k): int(v) for k, v in waarden(onderwerp, REGION).items()}


def test_a_year_the_documents_do_not_give_gets_the_years_they_do(bot: Jeugdbot) -> None:
    ((year, value),) = _values("casussen in het Regionaal Matchingsteam (RMT)").items()
    ans = bot.answer("hoeveel casussen had het RMT in 2021", Context(channel="cli"))
    assert ans.kind == Kind.ANSWER, ans.text
    first = ans.text.split("\n")[0]
    assert "2021" in first and "niet" in first, ans.text  # the asked year is said to be missing
    assert f"*{value}*" in ans.text and str(year) in ans.text, ans.text
    assert "Programmaplan" in ans.text


def test_the_monitor_still_answers_its_own_years(bot: Jeugdbot) -> None:
    ans = bot.answer("hoeveel jeugdigen zaten in 2024 in pleegzorg", Context(channel="cli"))
    assert ans.kind == Kind.ANSWER and "Programmaplan" not in ans.text.split("\n")[0], ans.text


def test_a_figure_of_another_thing_in_another_year_is_no_answer(bot: Jeugdbot) -> None:
    """ "verwachte kosten 2035": the VNG's expected saving of 2022 shares the words beside what it
    counts, not what it counts."""
    ans = bot.answer("verwachte kosten regio 2035", Context(channel="cli"))
    assert "47.000.000" not in ans.text and "besparing" not in ans.text, ans.text
