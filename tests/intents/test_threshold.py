"""Gemeenten above or below a threshold, and changes above a percentage, against plain SQL.

"Hoeveel gemeenten hebben meer dan 500 jeugdigen?" used to get the region's total (9.403): the
threshold and the selection of gemeenten were dropped. "welke gemeenten hadden meer dan 10
procent stijging" listed every gemeente that rose at all. Expected sets come from the raw marts.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.intents.threshold import threshold_of
from bot.models import Context, Kind


def _names(marts: Path, sql: str, params: list[object]) -> set[str]:
    with duckdb.connect(str(marts), read_only=True) as con:
        return {str(r[0]) for r in con.execute(sql, params).fetchall()}


_CLIENTS = (
    "SELECT g.gemeente_naam FROM dim_gemeente g JOIN fact_traject t USING (gemeente_code) "
    "WHERE g.in_monitor AND t.startdatum <= make_date(?, 12, 31) "
    "AND (t.einddatum IS NULL OR t.einddatum >= make_date(?, 1, 1)) {product} "
    "GROUP BY g.gemeente_naam HAVING count(DISTINCT t.client_id) {op} ?"
)


def _ask(bot: Jeugdbot, q: str) -> str:
    ans = bot.answer(q, Context(channel="cli", conversation_id=f"thr-{q}"))
    assert ans.kind == Kind.ANSWER, (q, ans.intent, ans.text)
    return ans.text.split("\n")[0]


def _listed(first_line: str, every: set[str]) -> set[str]:
    return {n for n in every if f"{n} (" in first_line}


@pytest.fixture(scope="module")
def gemeenten(demo_marts: Path) -> set[str]:
    return _names(demo_marts, "SELECT gemeente_naam FROM dim_gemeente WHERE in_monitor", [])


@pytest.mark.parametrize(
    ("question", "year", "op", "limit", "product"),
    [
        ("Hoeveel gemeenten hebben meer dan 500 jeugdigen?", 2024, ">", 500, None),
        ("welke gemeenten hadden in 2023 meer dan 1.000 jeugdigen in zorg", 2023, ">", 1000, None),
        ("gemeenten met minder dan 600 jeugdigen in 2022", 2022, "<", 600, None),
        ("welke gemeenten hadden in 2024 meer dan 20 jeugdigen in pleegzorg", 2024, ">", 20,
         "43A09"),
    ],
)  # fmt: skip
def test_the_gemeenten_past_a_threshold_are_listed_and_counted(
    bot: Jeugdbot,
    demo_marts: Path,
    gemeenten: set[str],
    question: str,
    year: int,
    op: str,
    limit: int,
    product: str | None,
) -> None:
    where = "AND t.productcode = ?" if product else ""
    params: list[object] = [year, year, *([product] if product else []), limit]
    want = _names(demo_marts, _CLIENTS.format(product=where, op=op), params)
    line = _ask(bot, question)
    assert _listed(line, gemeenten) == want, line
    assert line.startswith(f"{len(want)} van de 11 gemeenten") or (
        not want and line.startswith("Geen van de 11")
    )
    assert "9.403" not in line


def test_a_threshold_in_millions_on_zorgkosten(
    bot: Jeugdbot, demo_marts: Path, gemeenten: set[str]
) -> None:
    want = _names(
        demo_marts,
        "SELECT g.gemeente_naam FROM dim_gemeente g JOIN fact_zorgkosten_jaar z "
        "USING (gemeente_code) WHERE g.in_monitor AND z.jaar = 2024 AND z.zorgkosten_eur > ?",
        [10_000_000],
    )
    line = _ask(bot, "welke gemeenten hadden in 2024 zorgkosten boven de 10 mln")
    assert _listed(line, gemeenten) == want and want, line


def test_a_change_above_a_percentage(bot: Jeugdbot, demo_marts: Path, gemeenten: set[str]) -> None:
    rows = dict(
        duckdb.connect(str(demo_marts), read_only=True)
        .execute(
            "SELECT g.gemeente_naam, (a.zorgkosten_eur - b.zorgkosten_eur) / b.zorgkosten_eur "
            "FROM dim_gemeente g JOIN fact_zorgkosten_jaar a USING (gemeente_code) "
            "JOIN fact_zorgkosten_jaar b USING (gemeente_code) "
            "WHERE g.in_monitor AND a.jaar = 2023 AND b.jaar = 2022"
        )
        .fetchall()
    )
    want = {n for n, ch in rows.items() if float(ch) * 100 > 15}
    line = _ask(bot, "in welke gemeenten stegen de zorgkosten in 2023 met meer dan 15%")
    assert _listed(line, gemeenten) == want and want, line
    every_rise = _ask(bot, "in welke gemeenten stegen de zorgkosten in 2023")
    assert len(_listed(every_rise, gemeenten)) > len(want)


def test_a_threshold_on_a_change_in_numbers_is_asked_back(bot: Jeugdbot) -> None:
    ans = bot.answer("welke gemeenten zijn meer dan 50 gestegen in 2024")
    assert ans.kind == Kind.CLARIFY and "*" not in ans.text


def test_a_size_class_of_a_document_is_no_selection_of_the_monitors_gemeenten(
    bot: Jeugdbot,
) -> None:
    ans = bot.answer("hoeveel gemeenten met meer dan 100.000 inwoners zijn er volgens de VNG?")
    assert ans.intent != "drempel"


@pytest.mark.parametrize(
    ("text", "above", "value", "inclusive"),
    [
        ("meer dan 500 jeugdigen", True, 500, False),
        ("minder dan 1.250", False, 1250, False),
        ("boven de 10 mln", True, 10_000_000, False),
        ("minstens 5 miljoen", True, 5_000_000, True),
        ("maximaal 2,5 miljoen", False, 2_500_000, True),
    ],
)
def test_threshold_words(text: str, above: bool, value: float, inclusive: bool) -> None:
    t = threshold_of(text)
    assert t is not None
    assert (t.above, t.value, t.inclusive) == (above, value, inclusive)


def test_a_threshold_within_a_subregion_selects_its_members_only(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    peel = {"Asten", "Deurne", "Gemert-Bakel", "Laarbeek", "Someren"}
    want = _names(demo_marts, _CLIENTS.format(product="", op=">"), [2024, 2024, 500]) & peel
    ans = bot.answer("welke gemeenten in de Peel hadden in 2024 meer dan 500 jeugdigen")
    line = ans.text.split("\n")[0]
    assert _listed(line, peel) == want and line.startswith(f"{len(want)} van de 5 gemeenten")
    assert "de gemeenten van" in ans.text  # the sub-region named as such, not its members


@pytest.mark.parametrize(
    "question",
    [
        "welke gemeenten hadden in 2031 meer dan 500 jeugdigen",  # a year without data
        "welke gemeenten hadden meer dan 500 jeugdigen per 1.000 inwoners in 2024",  # a rate
    ],
)
def test_a_threshold_without_data_or_on_a_rate_gives_no_selection(
    bot: Jeugdbot, question: str
) -> None:
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"thr-no-{question}"))
    assert ans.kind == Kind.CLARIFY and " van de 11 gemeenten" not in ans.text
