"""Compounds of a form of care and a measure ("pleegzorgcliënten", "gezinshuiskosten"): the
figure is the count of that form of care, never of all jeugdigen, and a measure word found only
as the tail of an unknown word ("xyzjeugdigen") is asked back.

The expected figures are counted here from the demo marts with SQL of this file (the
monitor's definitions: a youth in care has a trajectory that overlaps the period; costs are the
declarations of its months), or compared with the same question asked in separate words.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind


def ask(bot: Jeugdbot, q: str) -> Answer:
    return bot.answer(q, Context(conversation_id=None, channel="api"))


def bold(ans: Answer) -> list[str]:
    return re.findall(r"\*([^*]+)\*", ans.text)


def monitor_figure(ans: Answer) -> float:
    """The monitor's own count: after a quoted published figure, when one comes first."""
    text = ans.text.split("De monitor telt zelf: ", 1)[-1]
    return figure(re.findall(r"\*([^*]+)\*", text)[0])


def understood(ans: Answer) -> str:
    line = next((x for x in ans.text.splitlines() if x.startswith("Ik begreep")), "")
    assert line, ans.text
    return line


def figure(text: str) -> float:
    """'2.635' -> 2635, '€ 3.093.516 (€ 3,1 mln)' -> 3093516."""
    m = re.search(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", text)
    assert m, text
    return float(m.group(0).replace(".", "").replace(",", "."))


@pytest.fixture(scope="module")
def con(demo_marts: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(demo_marts), read_only=True)
    yield c
    c.close()


def codes_of(con: duckdb.DuckDBPyConnection, area: str) -> list[str]:
    if area == "regio":
        rows = con.execute("SELECT gemeente_code FROM dim_gemeente WHERE in_monitor").fetchall()
    else:
        rows = con.execute(
            "SELECT gemeente_code FROM dim_gemeente WHERE gemeente_naam = ?", [area]
        ).fetchall()
    assert rows, area
    return [r[0] for r in rows]


def expected(
    con: duckdb.DuckDBPyConnection, measure: str, where: str, value: object, area: str,
    start: date, end: date,
) -> float:  # fmt: skip
    """The filtered figure, counted from the raw marts."""
    codes = codes_of(con, area)
    if measure == "kosten":
        row = con.execute(
            f"""SELECT sum(d.bedrag_eur) FROM fact_declaratie AS d
            JOIN dim_product AS p USING (productcode)
            WHERE list_contains(?, d.gemeente_code) AND {where} = ?
              AND d.maand BETWEEN ? AND ?""",
            [codes, value, start, end],
        ).fetchone()
        return float(row[0] or 0) if row else 0.0
    what = {"jeugdigen": "count(DISTINCT t.client_id)", "lopend": "count(*)"}[measure]
    row = con.execute(
        f"""SELECT {what} FROM fact_traject AS t JOIN dim_product AS p USING (productcode)
        WHERE list_contains(?, t.gemeente_code) AND {where} = ?
          AND t.startdatum <= ? AND (t.einddatum IS NULL OR t.einddatum >= ?)""",
        [codes, value, end, start],
    ).fetchone()
    return float(row[0] or 0) if row else 0.0


UNKNOWN_PREFIX = [
    ("hoeveel xyzjeugdigen in 2024", "xyzjeugdigen"),
    ("aantal blablacliënten in Helmond in 2023", "blablaclienten"),  # named as folded
    ("hoeveel gezinshuisplekken waren er in Asten in 2024", "gezinshuisplekken"),
    ("hoeveel schoolkinderen hadden jeugdhulp in Deurne in 2023", "schoolkinderen"),
]


@pytest.mark.parametrize(("q", "word"), UNKNOWN_PREFIX)
def test_a_measure_only_as_the_tail_of_an_unknown_word_is_asked_back(
    bot: Jeugdbot, q: str, word: str
) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.CLARIFY, (q, ans.text)
    assert ans.intent == "onbekend_woord", (q, ans.intent, ans.text)
    assert word in ans.text, (q, ans.text)
    assert not bold(ans) or all(not re.search(r"\d", b) for b in bold(ans)), ans.text
