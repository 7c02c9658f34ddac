"""A quoted published figure shows the document's own line for THAT figure (issue 13): a block's
wording is one row of its table, and quoting the 2021 row beside the 2023 figure put a different
number under "Het document zegt". Document words are also inert for the answer's *bold* markup."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.core import Jeugdbot
from bot.intents.kengetal_index import KENGETALLEN_YAML, blocks, wording_of
from bot.marts.sources import kengetal_value, value_renderings
from bot.models import Context
from bot.render.format import quoted

RAW = yaml.safe_load(KENGETALLEN_YAML.read_text(encoding="utf-8"))["kengetallen"]
FIGURES = [
    (b, gebied, jaar, waarde)
    for b, raw in zip(blocks(), RAW, strict=True)
    for gebied, per in raw["waarden"].items()
    for jaar, waarde in per.items()
    if not (waarde == 0 and "lege cel" in raw["bron_locatie"])  # an empty cell has no digits
]


def _said(text: str) -> str:
    m = re.search(r"Het document zegt: \u201c(.*?)\u201d", text)
    assert m, text
    return m.group(1)


def test_every_figure_has_a_document_line_that_holds_it() -> None:
    missing = []
    for b, gebied, jaar, waarde in FIGURES:
        year = int(jaar) if str(jaar).isdigit() else None
        line = wording_of(b, gebied, year, kengetal_value(waarde, b.eenheid))
        forms = value_renderings(waarde, b.eenheid)
        if not any(f in line for f in forms):
            missing.append(f"{b.onderwerp} {gebied} {jaar}: {line[:60]}")
    assert len(FIGURES) > 400
    assert not missing, "\n".join(missing[:10])


@pytest.mark.parametrize(
    ("question", "shown", "not_shown"),
    [
        ("wat waren de zorgkosten volgens het programmaplan in 2023", "94.631.000", "92.000.000"),
        ("zorgkosten jeugdwet 2022 volgens het programmaplan", "86.934.000", "92.000.000"),
    ],
)
def test_the_quote_is_the_line_of_the_asked_year(
    bot: Jeugdbot, question: str, shown: str, not_shown: str
) -> None:
    ans = bot.answer(question, Context(conversation_id=None, channel="api"))
    said = _said(ans.text)
    assert shown in said and not_shown not in said


def test_a_footnote_star_in_the_document_does_not_break_bold(bot: Jeugdbot) -> None:
    ans = bot.answer(
        "hoeveel unieke cliënten verblijf volgens het programmaplan",
        Context(conversation_id=None, channel="api"),
    )
    said = _said(ans.text)
    assert "verblijf\u204e" in said and "*" not in said
    assert ans.text.count("*") % 2 == 0


def test_quoted_keeps_the_words_and_drops_only_markup_power() -> None:
    assert quoted("Totaal  verblijf*\t492") == "Totaal verblijf\u204e 492"
    assert quoted("geen ster") == "geen ster"
