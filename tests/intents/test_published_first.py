"""Published series first (issue 13 item 4): a question for exactly a cell the 0-meting
publishes gets that figure with its source first, then the monitor's own count and why the two
may differ; both checked here against the YAML and a raw query on the demo marts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core import Jeugdbot
from bot.intents.kengetal_index import KENGETALLEN_YAML
from bot.marts.warehouse import open_readonly
from bot.models import Context
from bot.render.format import fmt_int

REGION = "Een 10 voor de Jeugd"


def _published(gebied: str, jaar: int) -> int:
    raw = yaml.safe_load(KENGETALLEN_YAML.read_text(encoding="utf-8"))["kengetallen"]
    (block,) = [b for b in raw if b["onderwerp"] == "jeugdigen in zorg"]
    assert (block["monitor"]["maat"], block["monitor"]["periode"]) == ("jeugdigen", "kalenderjaar")
    return int(block["waarden"][gebied][jaar])


def _monitor(demo_marts: Path, code: str | None, jaar: int) -> int:
    con = open_readonly(demo_marts)
    try:
        (n,) = con.execute(
            "SELECT count(DISTINCT client_id) FROM fact_traject "
            "WHERE startdatum <= make_date(?, 12, 31) "
            "AND (einddatum IS NULL OR einddatum >= make_date(?, 1, 1)) "
            "AND (? IS NULL OR gemeente_code = ?)",
            [jaar, jaar, code, code],
        ).fetchone()
    finally:
        con.close()
    return int(n)


@pytest.mark.parametrize(
    ("question", "gebied", "code", "jaar"),
    [
        ("hoeveel jeugdigen in zorg in Helmond in 2022", "Helmond", "GM0794", 2022),
        ("jeugdigen in zorg in de regio in 2023", REGION, None, 2023),
    ],
)
def test_the_published_figure_comes_first_then_the_monitors_count(
    bot: Jeugdbot, demo_marts: Path, question: str, gebied: str, code: str | None, jaar: int
) -> None:
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"pub-{question}"))
    published, monitor = _published(gebied, jaar), _monitor(demo_marts, code, jaar)
    first, _, rest = ans.text.partition("De monitor telt zelf:")
    assert rest, ans.text
    assert "0-meting" in first and "Programmaplan" in first
    assert f"*{fmt_int(published)}*" in first
    assert f"*{fmt_int(monitor)}*" in rest
    assert "peildatum" in rest  # says why the two may differ
    assert any(s.document == "000_05fd599307ad2e89.txt" for s in ans.sources)


@pytest.mark.parametrize(
    "question",
    [
        "jeugdigen in zorg Helmond 2024",  # no published figure for that year
        "jeugdigen in pleegzorg Helmond 2022",  # a filter: not the published cell
        "jeugdigen in zorg Helmond eerste halfjaar 2022",  # not the calendar year
    ],
)
def test_no_published_figure_without_exactly_that_cell(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"nopub-{question}"))
    assert "De monitor telt zelf" not in ans.text and "0-meting" not in ans.text, ans.text


def test_a_quote_of_a_linked_figure_shows_the_monitors_count_beside_it(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    q = "Hoeveel jeugdigen in zorg had Helmond in 2022 volgens de 0-meting?"
    ans = bot.answer(q, Context(channel="cli", conversation_id="beside"))
    quote, _, beside = ans.text.partition("De monitor telt zelf")
    assert ans.intent == "kengetal" and beside, ans.text
    assert f"*{fmt_int(_published('Helmond', 2022))}*" in quote
    assert f"*{fmt_int(_monitor(demo_marts, 'GM0794', 2022))}*" in beside


def test_a_figure_the_monitor_does_not_measure_is_quoted_alone(bot: Jeugdbot) -> None:
    ans = bot.answer("hoeveel casussen had het RMT in 2023?", Context(channel="cli"))
    assert "*44*" in ans.text and "De monitor telt zelf" not in ans.text, ans.text
