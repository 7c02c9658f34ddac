"""The demo marts reproduce every published figure of the contract, recomputed here from the
microdata with the contract's own metric definitions (docs/monitor-marts.md).

The expected values are transcribed from document 000 (Programmaplan Een 10 voor de Jeugd,
Bijlage 2 and §1.2) independently of knowledge/kengetallen.yaml, so a slip in either shows.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from bot.marts.warehouse import open_readonly

GEMEENTEN = {
    "Asten": "GM0743",
    "Deurne": "GM0762",
    "Geldrop-Mierlo": "GM1771",
    "Gemert-Bakel": "GM1652",
    "Helmond": "GM0794",
    "Laarbeek": "GM1659",
    "Nuenen": "GM0820",
    "Someren": "GM0847",
    "Son en Breugel": "GM0848",
    "Veldhoven": "GM0861",
    "Waalre": "GM0866",
}
ORDER = list(GEMEENTEN)

# Bijlage 2, "Aantal jeugdigen in zorg per gemeente".
IN_ZORG = {
    2022: [363, 654, 1264, 541, 2602, 523, 497, 381, 499, 1226, 464],
    2023: [372, 637, 1224, 607, 2635, 515, 547, 367, 519, 1299, 479],
}
IN_ZORG_TOTAAL = {2022: 9014, 2023: 9201}
ONTWIKKELING = [2.5, -2.6, -3.2, 12.2, 1.3, -1.5, 10.1, -3.7, 4.0, 6.0, 3.2]
# Bijlage 2, "Verblijf per gemeente" (blank cells are 0): (2022, 2023) per column.
S1_VERBLIJF = [
    (11, 9),
    (15, 13),
    (12, 20),
    (10, 13),
    (58, 54),
    (6, 11),
    (6, 4),
    (2, 3),
    (8, 8),
    (31, 28),
    (9, 7),
]
S2_GEZINSNABIJ = [
    (16, 9),
    (19, 15),
    (33, 31),
    (18, 17),
    (138, 136),
    (18, 17),
    (15, 10),
    (7, 7),
    (10, 9),
    (44, 44),
    (8, 7),
]
S2_WONEN = [(2, 3), (1, 3), (4, 0), (0, 1), (9, 11), (2, 3), (0, 0), (1, 2), (1, 0), (9, 9), (0, 1)]
# Bijlage 2, "Aantal unieke cliënten in verblijf".
UNIEK = {
    2022: {"s1": 168, "s2": 351, "totaal": 492},
    2023: {"s1": 170, "s2": 328, "totaal": 473},
}
# §1.2 Financiën.
ZORGKOSTEN = {2021: 92_000_000, 2022: 86_934_000, 2023: 94_631_000}
KOSTEN_ONTWIKKELING = {
    2022: [-15, -19, 6, -9, -9, 6, -12, 2, 12, -5, 6],
    2023: [29, -3, 16, 11, -4, 17, 12, 12, 40, 13, 12],
}

S1V = "p.segment_nr = 1 AND p.is_verblijf"
S2 = "p.segment_nr = 2"
GEZINSNABIJ = "p.segment_nr = 2 AND p.subsegment = 'gezinsnabij'"
WONEN = "p.segment_nr = 2 AND p.subsegment = 'wonen'"


@pytest.fixture(scope="module")
def con(demo_marts: Path) -> duckdb.DuckDBPyConnection:
    c = open_readonly(demo_marts)
    yield c
    c.close()


def jeugdigen(
    con: duckdb.DuckDBPyConnection, jaar: int, selection: str = "TRUE", gemeente: str | None = None
) -> int:
    """Distinct clients with a trajectory overlapping the year (the contract's definition)."""
    sql = f"""
        SELECT count(DISTINCT t.client_id)
        FROM fact_traject t
        JOIN dim_product p USING (productcode)
        JOIN dim_gemeente g USING (gemeente_code)
        WHERE g.in_monitor
          AND t.startdatum <= make_date($jaar, 12, 31)
          AND (t.einddatum IS NULL OR t.einddatum >= make_date($jaar, 1, 1))
          AND ($gemeente IS NULL OR t.gemeente_code = $gemeente)
          AND ({selection})
    """
    return con.execute(sql, {"jaar": jaar, "gemeente": gemeente}).fetchall()[0][0]


def half_up(value: float, places: int) -> float:
    q = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("jaar", [2022, 2023])
@pytest.mark.parametrize("naam", ORDER)
def test_jeugdigen_in_zorg_per_gemeente(con, naam: str, jaar: int) -> None:
    expected = IN_ZORG[jaar][ORDER.index(naam)]
    assert jeugdigen(con, jaar, gemeente=GEMEENTEN[naam]) == expected


@pytest.mark.parametrize("jaar", [2022, 2023])
def test_jeugdigen_in_zorg_regio(con, jaar: int) -> None:
    assert sum(IN_ZORG[jaar]) == IN_ZORG_TOTAAL[jaar]  # the transcription itself
    assert jeugdigen(con, jaar) == IN_ZORG_TOTAAL[jaar]


def test_helmond_2023_is_2635(con) -> None:
    assert jeugdigen(con, 2023, gemeente="GM0794") == 2635


@pytest.mark.parametrize("naam", ORDER)
def test_ontwikkeling_jeugdigen_in_zorg(con, naam: str) -> None:
    code = GEMEENTEN[naam]
    a, b = jeugdigen(con, 2022, gemeente=code), jeugdigen(con, 2023, gemeente=code)
    assert half_up((b / a - 1) * 100, 1) == ONTWIKKELING[ORDER.index(naam)]


def test_ontwikkeling_regio(con) -> None:
    assert half_up((jeugdigen(con, 2023) / jeugdigen(con, 2022) - 1) * 100, 1) == 2.1


@pytest.mark.parametrize("jaar", [2022, 2023])
@pytest.mark.parametrize("naam", ORDER)
@pytest.mark.parametrize(
    ("kolom", "selection"),
    [("S1-verblijf", S1V), ("S2-gezinsnabij", GEZINSNABIJ), ("S2-wonen", WONEN)],
)
def test_verblijf_per_gemeente(con, kolom: str, selection: str, naam: str, jaar: int) -> None:
    table = {"S1-verblijf": S1_VERBLIJF, "S2-gezinsnabij": S2_GEZINSNABIJ, "S2-wonen": S2_WONEN}
    expected = table[kolom][ORDER.index(naam)][jaar - 2022]
    assert jeugdigen(con, jaar, selection, GEMEENTEN[naam]) == expected


def test_veldhoven_gezinsnabij_2023_is_44(con) -> None:
    assert jeugdigen(con, 2023, GEZINSNABIJ, "GM0861") == 44


@pytest.mark.parametrize("jaar", [2022, 2023])
def test_unieke_clienten_verblijf(con, jaar: int) -> None:
    want = UNIEK[jaar]
    assert jeugdigen(con, jaar, S1V) == want["s1"]
    assert jeugdigen(con, jaar, S2) == want["s2"]
    assert jeugdigen(con, jaar, f"({S1V}) OR {S2}") == want["totaal"]
    # Column totals of the per-municipality table.
    col = jaar - 2022
    assert jeugdigen(con, jaar, GEZINSNABIJ) == sum(r[col] for r in S2_GEZINSNABIJ)
    assert jeugdigen(con, jaar, WONEN) == sum(r[col] for r in S2_WONEN)


@pytest.mark.parametrize("jaar", [2022, 2023])
def test_overlaps_only_where_a_gemeente_has_both(con, jaar: int) -> None:
    """Youths in two categories in one year sit in municipalities that publish both."""
    rows = con.execute(
        """
        WITH act AS (
            SELECT t.client_id, t.gemeente_code,
                   bool_or(p.segment_nr = 1 AND p.is_verblijf) AS s1,
                   bool_or(p.subsegment = 'gezinsnabij' AND p.segment_nr = 2) AS gn,
                   bool_or(p.subsegment = 'wonen' AND p.segment_nr = 2) AS wo
            FROM fact_traject t JOIN dim_product p USING (productcode)
            WHERE t.startdatum <= make_date(?, 12, 31)
              AND (t.einddatum IS NULL OR t.einddatum >= make_date(?, 1, 1))
            GROUP BY ALL
        )
        SELECT gemeente_code, count(*) FILTER (s1 AND (gn OR wo)),
               count(*) FILTER (gn AND wo)
        FROM act GROUP BY ALL
        """,
        [jaar, jaar],
    ).fetchall()
    codes = list(GEMEENTEN.values())
    col = jaar - 2022
    s1_s2 = gn_wo = 0
    for code, both_s1_s2, both_gn_wo in rows:
        i = codes.index(code)
        if both_s1_s2:
            assert S1_VERBLIJF[i][col] and (S2_GEZINSNABIJ[i][col] or S2_WONEN[i][col])
        if both_gn_wo:
            assert S2_GEZINSNABIJ[i][col] and S2_WONEN[i][col]
        s1_s2 += both_s1_s2
        gn_wo += both_gn_wo
    u = UNIEK[jaar]
    assert s1_s2 == u["s1"] + u["s2"] - u["totaal"]  # 2022: 27, 2023: 25
    assert gn_wo == sum(r[col] for r in S2_GEZINSNABIJ) + sum(r[col] for r in S2_WONEN) - u["s2"]


@pytest.mark.parametrize("jaar", [2021, 2022, 2023])
def test_zorgkosten_regio(con, jaar: int) -> None:
    got = con.execute(
        "SELECT sum(z.zorgkosten_eur) FROM fact_zorgkosten_jaar z "
        "JOIN dim_gemeente g USING (gemeente_code) WHERE g.in_monitor AND z.jaar = ?",
        [jaar],
    ).fetchall()[0][0]
    assert got == ZORGKOSTEN[jaar]


def test_zorgkosten_regio_ontwikkeling(con) -> None:
    rows = dict(
        con.execute(
            "SELECT jaar, sum(zorgkosten_eur) FROM fact_zorgkosten_jaar GROUP BY jaar"
        ).fetchall()
    )
    assert half_up(float((rows[2022] / rows[2021] - 1) * 100), 2) == -5.51
    assert half_up(float((rows[2023] / rows[2022] - 1) * 100), 1) == 8.9


@pytest.mark.parametrize("jaar", [2022, 2023])
@pytest.mark.parametrize("naam", ORDER)
def test_kostenontwikkeling_per_gemeente(con, naam: str, jaar: int) -> None:
    rows = dict(
        con.execute(
            "SELECT jaar, zorgkosten_eur FROM fact_zorgkosten_jaar WHERE gemeente_code = ?",
            [GEMEENTEN[naam]],
        ).fetchall()
    )
    change = (Decimal(rows[jaar]) / Decimal(rows[jaar - 1]) - 1) * 100
    assert half_up(float(change), 0) == KOSTEN_ONTWIKKELING[jaar][ORDER.index(naam)]


def _gemiddelde_kosten(con: duckdb.DuckDBPyConnection, jaar: int, selection: str) -> float:
    """Declared costs / jeugdigen in zorg over the same selection (the contract's definition)."""
    kosten = con.execute(
        f"SELECT sum(d.bedrag_eur) FROM fact_declaratie d JOIN dim_product p USING (productcode) "
        f"WHERE year(d.maand) = ? AND ({selection})",
        [jaar],
    ).fetchall()[0][0]
    return float(kosten) / jeugdigen(con, jaar, selection)


@pytest.mark.parametrize(
    ("selection", "published"),
    [
        (S2, 21_000),  # "ca € 21.000 per jaar" for segment 2 wonen
        (S1V, 57_000),  # "ca € 57.000 per jaar" for verblijf in segment 1
        (f"NOT (({S1V}) OR {S2})", 6_600),  # "ca € 6.600 per jaar" overige jeugdhulp
        ("TRUE", 8_100),  # "ca € 8.100 per jaar" all youth care
    ],
)
def test_factsheet_averages_roughly_hold(con, selection: str, published: int) -> None:
    """Segment 2 factsheet (Bijlage 5 → Bijlage 2), 2022: within 15%."""
    assert _gemiddelde_kosten(con, 2022, selection) == pytest.approx(published, rel=0.15)
