"""Inwoners and jeugdigen 0-17 (issue 13, item 3) as measures of their own, through answer(),
against plain SQL over the raw fact_inwoners: the population, never the youths in care."""

from __future__ import annotations

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.models import Context
from bot.render.format import fmt_int

MONITOR = (
    "GM0743", "GM0762", "GM1771", "GM1652", "GM0794", "GM1659", "GM0820", "GM0847", "GM0848",
    "GM0861", "GM0866",
)  # fmt: skip


def _raw(marts, column: str, codes: tuple[str, ...], year: int) -> int:  # type: ignore[no-untyped-def]
    with duckdb.connect(str(marts), read_only=True) as con:
        row = con.execute(
            f"SELECT sum({column}) FROM fact_inwoners "
            "WHERE jaar = ? AND list_contains(?, gemeente_code)",
            [year, list(codes)],
        ).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(
    ("q", "column", "codes", "year"),
    [
        ("hoeveel jongeren van 0 tot 18 wonen in Asten?", "jeugdigen_0_17", ("GM0743",), 2024),
        ("inwoners Helmond 2023", "inwoners", ("GM0794",), 2023),
        ("hoeveel inwoners heeft de regio in 2022", "inwoners", MONITOR, 2022),
        ("aantal jeugdige inwoners in Veldhoven in 2023", "jeugdigen_0_17", ("GM0861",), 2023),
        (
            "Hoeveel minderjarigen woonden er in 2024 in Waalre?",
            "jeugdigen_0_17",
            ("GM0866",),
            2024,
        ),
    ],
)
def test_the_population_is_answered(
    bot: Jeugdbot, demo_marts, q: str, column: str, codes: tuple[str, ...], year: int
) -> None:  # type: ignore[no-untyped-def]
    ans = bot.answer(q, Context(channel="cli", conversation_id=f"pop-{q}"))
    assert ans.intent == "cijfer", ans.text
    assert f": {fmt_int(_raw(demo_marts, column, codes, year))}" in ans.text.replace("*", "")
    assert "in zorg" not in ans.text.split("\n")[0]


def test_cost_per_inwoner_is_per_head_not_a_total(bot: Jeugdbot) -> None:
    """Once asked back (no rate per head existed); now the declaraties per inwoner (issue 13),
    never the total under that name."""
    ans = bot.answer(
        "kosten per inwoner Helmond 2023", Context(channel="cli", conversation_id="pop-x")
    )
    assert ans.slots["metric"] == "kosten_per_inwoner", ans.text
    assert "per inwoner (alle leeftijden)" in ans.text and "mln" not in ans.text.split(",")[0]


def _in_care(marts, codes: tuple[str, ...], year: int, productcode: str) -> int:  # type: ignore[no-untyped-def]
    """Jeugdigen in zorg by the contract: distinct clients with a trajectory of the product
    overlapping the year."""
    with duckdb.connect(str(marts), read_only=True) as con:
        row = con.execute(
            "SELECT count(DISTINCT client_id) FROM fact_traject WHERE productcode = ? "
            "AND startdatum <= make_date(?, 12, 31) "
            "AND (einddatum IS NULL OR einddatum >= make_date(?, 1, 1)) "
            "AND list_contains(?, gemeente_code)",
            [productcode, year, year, list(codes)],
        ).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(
    ("q", "codes", "year", "productcode"),
    [
        ("hoeveel kinderen wonen er in een gezinshuis in 2024?", MONITOR, 2024, "43A10"),
        ("hoeveel kinderen wonen er in pleegzorg in Helmond in 2023", ("GM0794",), 2023, "43A09"),
        ("aantal jongeren dat in 2023 in een woongroep woont in de regio", MONITOR, 2023, "43A14"),
    ],
)
def test_children_living_in_a_form_of_care_are_its_clients_not_the_population(
    bot: Jeugdbot, demo_marts, q: str, codes: tuple[str, ...], year: int, productcode: str
) -> None:  # type: ignore[no-untyped-def]
    """The population has no form of care: "kinderen wonen in een gezinshuis" are the clients
    of gezinshuis. Read as inwoners, the product was dropped and all children were answered."""
    ans = bot.answer(q, Context(channel="cli", conversation_id=f"care-{q}"))
    assert f"*{fmt_int(_in_care(demo_marts, codes, year, productcode))}*" in ans.text, ans.text
    assert productcode in ans.text and "inwoners" not in ans.text.split("\n")[0]
