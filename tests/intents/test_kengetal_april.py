"""The factsheet's money per product for April 2023 is a beschikt bedrag: what the indications
grant, not what providers declared. Its monitor link is therefore `naast` (issue 13): a question
for the factsheet's figure gets it with the monitor's declared figure beside it and why they
differ; a question for the monitor's costs gets the monitor's, never the beschikt bedrag first.
Expected values come from knowledge/kengetallen.yaml and plain SQL on the demo marts."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.models import Context, Kind
from bot.render.format import fmt_eur
from tests.intents.published_data import waarden


def _published(onderwerp: str) -> str:
    return fmt_eur(waarden(onderwerp, "Een 10 voor de Jeugd")[2023])


def _declared(demo_marts: Path, code: str) -> str:
    with duckdb.connect(str(demo_marts), read_only=True) as marts:
        (value,) = marts.execute(
            "select sum(bedrag_eur) from fact_declaratie where productcode = ? "
            "and maand = date '2023-04-01'",
            [code],
        ).fetchone()
    return fmt_eur(float(value))


def _ask(bot: Jeugdbot, q: str) -> str:
    ans = bot.answer(q, Context(channel="cli", conversation_id=f"april-{q}"))
    assert ans.kind == Kind.ANSWER, (q, ans.intent, ans.text)
    return ans.text


@pytest.mark.parametrize(
    ("question", "product"),
    [
        ("gemiddelde kosten per cliënt per maand pleegzorg in april 2023", "pleegzorg (43A09)"),
        ("gemiddelde kosten per jeugdige per maand woongroep april 2023", "woongroep (43A14)"),
        ("gem. kosten per jeugdige per maand gezinshuis april 2023", "gezinshuis (43A10)"),
    ],
)
def test_the_factsheets_amount_per_client_with_the_monitors_beside(
    bot: Jeugdbot, question: str, product: str
) -> None:
    text = _ask(bot, question)
    quote, _, beside = text.partition("De monitor telt zelf")
    assert f"*{_published(f'gemiddelde kosten per cliënt per maand: {product}')}*" in quote
    assert "Programmaplan" in quote
    code = product[-6:-1]
    assert f"product {code}" in beside and "ander bedrag" in beside, beside


def test_the_monitors_costs_stay_the_monitors(bot: Jeugdbot, demo_marts: Path) -> None:
    text = _ask(bot, "kosten pleegzorg april 2023")
    assert f"*{_declared(demo_marts, '43A09')}*" in text, text
    assert _published("beschikt maandbedrag april 2023: pleegzorg (43A09)") not in text
