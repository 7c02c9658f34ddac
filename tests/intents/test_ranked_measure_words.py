"""A ranking of the gemeenten by a measure named after a dimension word: "de meeste aanbieders"
is the measure aantal aanbieders (the oracle grid found it ranked jeugdigen in zorg instead),
while "welke aanbieder had de meeste ..." still ranks the aanbieders by the measure named."""

from __future__ import annotations

import pytest

from bot.core import Jeugdbot
from bot.models import Kind


@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("welke gemeente had de meeste aanbieders in 2023", "high"),
        ("welke gemeente had de minste zorgaanbieders in 2024", "low"),
        ("waar waren de meeste aanbieders actief in 2022", "high"),
    ],
)
def test_most_providers_ranks_gemeenten_by_the_number_of_providers(
    bot: Jeugdbot, question: str, direction: str
) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER and ans.intent == "ranglijst", ans.text
    assert ans.slots["metric"] == "aanbieders" and ans.slots["direction"] == direction
    assert ans.slots.get("dimension") is None
    assert "aanbieders" in ans.text.split(":")[0] and "jeugdigen" not in ans.text.split(":")[0]


def test_which_provider_had_most_youths_still_ranks_providers(bot: Jeugdbot) -> None:
    ans = bot.answer("welke aanbieder had de meeste jeugdigen in zorg in 2023")
    assert ans.kind == Kind.ANSWER and ans.intent == "ranglijst", ans.text
    assert ans.slots["dimension"] == "aanbieder" and ans.slots["metric"] == "jeugdigen"
