"""Sub-regions as areas through `Jeugdbot.answer()` on the demo marts.

Each figure is checked against a plain SQL count over the members read from the reference CSV,
so a sum of member counts (a youth in two member gemeenten counted twice) would fail."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.entities import SUBREGIOS_FILE, EntityResolver
from bot.render.format import fmt_int

MONITOR = {
    "GM0743", "GM0762", "GM1771", "GM1652", "GM0794", "GM1659",
    "GM0820", "GM0847", "GM0848", "GM0861", "GM0866",
}  # fmt: skip


def members(naam: str) -> list[str]:
    with SUBREGIOS_FILE.open(encoding="utf-8", newline="") as f:
        return [r["gemeente_code"] for r in csv.DictReader(f) if r["subregio"] == naam]


def youths(marts: Path, codes: list[str], year: int, segment: int | None = None) -> int:
    sql = """
        SELECT count(DISTINCT t.client_id) FROM fact_traject t
        JOIN dim_product p USING (productcode)
        WHERE list_contains($codes, t.gemeente_code)
          AND t.startdatum <= make_date($y, 12, 31)
          AND (t.einddatum IS NULL OR t.einddatum >= make_date($y, 1, 1))
          AND ($seg IS NULL OR p.segment_nr = $seg)
    """
    with duckdb.connect(str(marts), read_only=True) as con:
        row = con.execute(sql, {"codes": codes, "y": year, "seg": segment}).fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture(scope="module")
def resolver() -> EntityResolver:
    return EntityResolver.from_reference(MONITOR)


@pytest.mark.parametrize(
    ("text", "naam"),
    [
        ("kosten Peelgemeenten 2023", "Peelgemeenten"),
        ("kosten in de Peel", "Peelgemeenten"),
        ("jeugdigen de peel-gemeenten", "Peelgemeenten"),
        ("kosten dommelvallei+ per jaar", "Dommelvallei+"),
        ("kosten Dommelvallei plus 2023", "Dommelvallei+"),
        ("kosten DV+ 2023", "Dommelvallei+"),
        ("jeugdigen in dommelvalei", "Dommelvallei+"),  # a typo, as for gemeenten
    ],
)
def test_spellings_resolve_to_the_subregion(resolver: EntityResolver, text: str, naam: str) -> None:
    ex = resolver.extract(text)
    assert [m.naam for m in ex.subregios] == [naam]
    assert ex.gemeenten == []


def test_helmond_and_veldhoven_stay_gemeenten(resolver: EntityResolver) -> None:
    ex = resolver.extract("vergelijk Helmond met Veldhoven")
    assert ex.subregios == []
    assert [g.naam for g in ex.gemeenten] == ["Helmond", "Veldhoven"]


def test_an_ordinary_word_is_no_subregion(resolver: EntityResolver) -> None:
    # "peel" is a Dutch word too: lowercase and unannounced it names nothing.
    assert resolver.extract("ik heb een peel gekocht voor de kosten").subregios == []


def test_a_figure_for_a_subregion_is_distinct_over_its_members(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    codes = members("Peelgemeenten")
    want = youths(demo_marts, codes, 2023)
    ans = bot.answer("jeugdigen in zorg Peelgemeenten 2023")
    assert ans.intent == "cijfer"
    # One distinct count over the members, not a figure per member added up (the demo has no
    # youth in two gemeenten, so the sum would not show here; the query does).
    assert ans.query == "jeugdigen"
    assert sorted(ans.params["gemeenten"]) == sorted(codes)
    assert f"*{fmt_int(want)}*" in ans.text
    assert "Peelgemeenten (Asten, Deurne, Gemert-Bakel, Laarbeek en Someren)" in ans.text
    assert "referentiedata" in ans.text  # where the membership comes from


def test_a_comparison_of_a_gemeente_with_a_subregion(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("S2 gebruik Helmond vs Dommelvallei+ 2023")
    assert ans.intent == "vergelijking"
    helmond = youths(demo_marts, ["GM0794"], 2023, segment=2)
    dv = youths(demo_marts, members("Dommelvallei+"), 2023, segment=2)
    assert f"Helmond *{fmt_int(helmond)}*" in ans.text
    assert f"Son en Breugel en Waalre) *{fmt_int(dv)}*" in ans.text


def test_two_subregions_compared(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("vergelijk de Peel met Dommelvallei+ in 2023")
    assert ans.intent == "vergelijking"
    assert ans.table is not None
    assert [row[0].split(" (")[0] for row in ans.table.rows] == ["Peelgemeenten", "Dommelvallei+"]
    peel = youths(demo_marts, members("Peelgemeenten"), 2023)
    assert ans.table.rows[0][1] == fmt_int(peel)


def test_a_series_for_a_subregion_is_one_line(bot: Jeugdbot) -> None:
    ans = bot.answer("kosten dommelvallei+ per jaar")
    assert ans.intent == "trend"
    assert ans.table is not None
    assert len(ans.table.columns) == 2  # the period and the area, not one column per member
    assert ans.table.columns[1].startswith("Dommelvallei+ (")


def test_a_change_for_a_subregion(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("jeugdigen Peelgemeenten 2023 vergeleken met 2022")
    assert ans.table is not None
    assert len(ans.table.rows) == 1
    codes = members("Peelgemeenten")
    assert ans.table.rows[0][1:3] == [
        fmt_int(youths(demo_marts, codes, 2022)),
        fmt_int(youths(demo_marts, codes, 2023)),
    ]


def test_a_breakdown_per_subregion_covers_the_region(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("jeugdigen per subregio 2023")
    assert ans.intent == "verdeling"
    assert ans.table is not None
    names = [row[0].split(" (")[0] for row in ans.table.rows]
    assert names == ["Helmond", "Peelgemeenten", "Dommelvallei+", "Veldhoven",
                     "regio Een 10 voor de Jeugd"]  # fmt: skip
    assert ans.table.rows[-1][1] == fmt_int(youths(demo_marts, sorted(MONITOR), 2023))


def test_the_factsheet_figure_per_subregion_stays_the_documents(bot: Jeugdbot) -> None:
    ans = bot.answer("hoeveel jeugdige inwoners heeft de Peelgemeenten volgens de factsheet")
    assert "24.502" in ans.text
    assert "referentiedata" not in ans.text


def test_population_of_a_subregion_in_a_year_without_accounts(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    # fact_inwoners has 2025, the annual accounts do not: the population has its own years
    # (the oracle found it refused as "geen inwoners").
    codes = members("Dommelvallei+")
    with duckdb.connect(str(demo_marts), read_only=True) as con:
        row = con.execute(
            "SELECT sum(jeugdigen_0_17) FROM fact_inwoners "
            "WHERE list_contains($c, gemeente_code) AND jaar = 2025",
            {"c": codes},
        ).fetchone()
    assert row is not None and row[0]
    ans = bot.answer("hoeveel jongeren van 0 tot 18 wonen in Dommelvallei+ in 2025")
    assert ans.intent == "cijfer"
    assert f"*{fmt_int(row[0])}*" in ans.text


def test_a_subregion_name_ending_in_gemeenten_is_no_breakdown(bot: Jeugdbot) -> None:
    ans = bot.answer("kosten per cliënt de peel-gemeenten in 2024")
    assert ans.intent == "cijfer"
    assert ans.text.startswith("Gemiddelde kosten per cliënt in Peelgemeenten (")


def test_a_change_in_money_for_a_subregion_is_also_in_euros(bot: Jeugdbot) -> None:
    """Sub-regions and gemeenten side by side share one table builder: the change in money
    reads in euros as well as in percent for both (before, only the gemeenten had euros)."""
    ans = bot.answer("kosten Helmond en Dommelvallei+ 2022 vergeleken met 2024")
    assert ans.intent == "vergelijking"
    helmond, dommelvallei = ans.text.split(";")[:2]
    assert "%, -€ " in helmond or "%, +€ " in helmond
    assert "Dommelvallei+" in dommelvallei and (
        "%, +€ " in dommelvallei or "%, -€ " in dommelvallei
    )
