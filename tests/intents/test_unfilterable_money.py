"""The zorgkosten Jeugdwet come from the annual accounts per gemeente: they have no segment,
product or verwijzer. A question for them with a form of care is asked back, with the declared
costs of that care offered; it was answered with the count of jeugdigen in that care (a number
for another measure, "zorgkosten segment 2 helmond 2023" gave 145 youths). A population measure
with a form of care stays the clients in that care ("hoeveel kinderen wonen in een gezinshuis")."""

from __future__ import annotations

import pytest

from bot.core import Jeugdbot
from bot.models import Context, Kind


@pytest.mark.parametrize(
    "question",
    [
        "zorgkosten Jeugdwet pleegzorg Deurne 2023",
        "wat waren de zorgkosten van segment 1 in de regio in 2022",
        "kostenontwikkeling verblijf Someren 2023",
    ],
)
def test_money_without_a_form_of_care_is_asked_back(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"unf-{question}"))
    assert ans.kind == Kind.CLARIFY, ans.text
    assert "Jeugdigen in zorg" not in ans.text and "*" not in ans.text, ans.text
    assert ans.options, ans.text
    chosen = bot.answer(ans.options[0].value, Context(channel="cli", conversation_id="chosen"))
    assert chosen.kind == Kind.ANSWER and "€" in chosen.text, chosen.text
    assert "declaraties" in chosen.text.lower(), chosen.text


def test_a_population_with_a_form_of_care_is_its_clients(bot: Jeugdbot) -> None:
    ans = bot.answer("hoeveel kinderen wonen er in Helmond in een gezinshuis in 2023", Context())
    assert ans.kind == Kind.ANSWER and "Jeugdigen in zorg" in ans.text, ans.text


def test_a_gemeente_outside_the_monitor_is_said_first(bot: Jeugdbot) -> None:
    ans = bot.answer("zorgkosten pleegzorg Eindhoven 2023", Context(channel="cli"))
    assert ans.intent == "buiten_monitor" and "Eindhoven" in ans.text, ans.text


def test_a_year_without_data_gives_no_figure_either_way(bot: Jeugdbot) -> None:
    ans = bot.answer("zorgkosten segment 2 Asten 2019", Context(channel="cli"))
    assert ans.kind == Kind.CLARIFY and "*" not in ans.text, ans.text
    chosen = bot.answer(ans.options[0].value, Context(channel="cli"))
    assert "2019" in chosen.text and "*" not in chosen.text, chosen.text
