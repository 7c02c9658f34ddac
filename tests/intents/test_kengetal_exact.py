"""A question that names all a published figure counts, in words the monitor also knows, gets
that figure from its document (issue 13): "hoeveel jeugdigen binnen segment 2 maken gebruik van
pleegzorg?" names the factsheet's count, not the monitor's count of jeugdigen in pleegzorg."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.core import Jeugdbot
from bot.intents.kengetal_index import KENGETALLEN_YAML, best_for_document
from bot.marts.sources import kengetal_date
from bot.marts.warehouse import open_readonly
from bot.models import Context
from bot.render.format import fmt_date, fmt_int


def _published(onderwerp: str, gebied: str, jaar: int | str) -> float | date:
    raw = yaml.safe_load(KENGETALLEN_YAML.read_text(encoding="utf-8"))["kengetallen"]
    (block,) = [b for b in raw if b["onderwerp"] == onderwerp]
    return block["waarden"][gebied][jaar]


@pytest.mark.parametrize(
    ("question", "onderwerp", "gebied", "jaar", "source"),
    [
        (
            "Hoeveel jeugdigen binnen segment 2 maken ongeveer gebruik van pleegzorg?",
            "jeugdigen in pleegzorg binnen segment 2 (circa)",
            "Een 10 voor de Jeugd",
            2023,
            "Programmaplan",
        ),
        (
            "Hoeveel jeugdigen tussen 18 en 23 jaar kregen in het eerste halfjaar van 2021 "
            "jeugdhulp?",
            "jeugdigen met jeugdhulp in het eerste halfjaar: 18 tot 23 jaar",
            "Nederland",
            2021,
            "VNG",
        ),
    ],
)
def test_a_fully_named_published_figure_is_quoted_not_counted(
    bot: Jeugdbot, question: str, onderwerp: str, gebied: str, jaar: int | str, source: str
) -> None:
    hit = best_for_document(question)
    assert hit is not None and hit.exact and hit.block.onderwerp == onderwerp
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"exact-{question}"))
    value = _published(onderwerp, gebied, jaar)
    assert isinstance(value, (int, float))
    assert fmt_int(int(value)) in ans.text and source in ans.text, ans.text


@pytest.mark.parametrize(
    "question",
    [
        # Years the document has no figure for: the monitor's own half year.
        "hoeveel jeugdigen met jeugdhulp in het eerste halfjaar van 2023",
        # A count the monitor measures is named as fully as the document's.
        "hoeveel jeugdigen in segment 2 in 2023",
    ],
)
def test_a_fully_named_figure_for_another_period_or_a_monitor_count_stays_with_the_monitor(
    question: str,
) -> None:
    assert best_for_document(question) is None


@pytest.mark.parametrize(
    ("question", "onderwerp", "gebied", "jaar"),
    [
        (
            "Per wanneer gaan de nieuwe contracten van de Gelderse gemeenten in?",
            "ingang van de nieuwe contracten jeugdbescherming van de Gelderse en Utrechtse "
            "gemeenten",
            "Gelderland",
            2022,
        ),
        (
            "Op welke datum is de dataset van de factsheet segment 2 aangeleverd?",
            "aanlevering door de gemeenten van de dataset van de factsheet segment 2",
            "Een 10 voor de Jeugd",
            2023,
        ),
    ],
)
def test_a_question_for_a_date_gets_the_documents_date_in_dutch(
    bot: Jeugdbot, question: str, onderwerp: str, gebied: str, jaar: int
) -> None:
    published = _published(onderwerp, gebied, jaar)
    assert isinstance(published, date)
    hit = best_for_document(question, dates=True)
    assert hit is not None and hit.block.onderwerp == onderwerp
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"date-{question}"))
    assert fmt_date(published) in ans.text, ans.text
    # A question for an amount never gets a date, and a date question never an amount.
    assert best_for_document(question) is None or best_for_document(question).block.eenheid != (
        "datum"
    )


def test_dates_are_stored_as_day_numbers_in_fact_kengetal(demo_marts: Path) -> None:
    con = open_readonly(demo_marts)
    try:
        (waarde,) = con.execute(
            "SELECT waarde FROM fact_kengetal WHERE eenheid = 'datum' AND gebied = 'Gelderland'"
        ).fetchone()
    finally:
        con.close()
    assert kengetal_date(waarde) == date(2022, 4, 1)
