"""A hand-counted mart for disclosure tests through the whole Jeugdbot.

tests/intents/tiny_mart.py holds four municipalities, too few for the entity resolver (which
checks its aliases against every municipality of the Netherlands), so the full bot cannot run on
it. This mart has the real dim_gemeente (all municipalities, the 11 of the monitor) and the
demo catalogue, with a handful of invented trajectories whose counts are known by hand. Every
trajectory runs through 2022 and 2023, so both years have the same youths, and every youth has
exactly one trajectory, so totals are plain sums of their parts (the worst case for
differencing).

2022 and 2023, youths per monitor municipality (index i in name order, see MONITOR):
- segment 3 (dagbehandeling 41A12): 10 + 2*i, all shown exactly;
- segment 2 (pleegzorg 43A09): Asten 3 (hidden: "minder dan 5"), Deurne 5, the others 6 + i;
- segment 1 (verblijf 43A15): Helmond 1, Someren 4, the others 0.
Laarbeek has no fact_inwoners row for 2023 and Waalre no zorgkosten row for 2023 (the column
is NOT NULL in the contract, so absence is how a mart says "unknown"): both are
"niet beschikbaar", never 0.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from bot.marts.contract import TABLES, create_table_sql
from bot.marts.demo import SEGMENTEN
from bot.marts.sources import load_gemeenten, load_pdc

PEILDATUM = date(2024, 6, 30)
START, END = date(2022, 1, 1), date(2023, 12, 31)
SEG3, SEG2, SEG1 = "41A12", "43A09", "43A15"

MONITOR: list[tuple[str, str]] = sorted(
    ((g.code, g.naam) for g in load_gemeenten() if g.in_monitor), key=lambda g: g[1]
)
NAMES = dict(MONITOR)
ASTEN, DEURNE, HELMOND, SOMEREN = "GM0743", "GM0762", "GM0794", "GM0847"
LAARBEEK, WAALRE = "GM1659", "GM0866"


def seg3(i: int) -> int:
    return 10 + 2 * i


def seg2(code: str, i: int) -> int:
    return {ASTEN: 3, DEURNE: 5}.get(code, 6 + i)


def seg1(code: str) -> int:
    return {HELMOND: 1, SOMEREN: 4}.get(code, 0)


def youths(code: str) -> dict[str, int]:
    """The hand-counted 2023 youths of one municipality per segment, and their total."""
    i = [c for c, _ in MONITOR].index(code)
    parts = {"segment 3": seg3(i), "segment 2": seg2(code, i), "segment 1": seg1(code)}
    return {**parts, "totaal": sum(parts.values())}


def build_small(path: Path) -> Path:
    """Write the mart to `path` (a DuckDB file) and return it."""
    con = duckdb.connect(str(path))
    try:
        for table in TABLES:
            con.execute(create_table_sql(table))
        con.executemany(
            "INSERT INTO meta_mart VALUES (?, ?)",
            [("peildatum", PEILDATUM.isoformat()), ("bron", "demo"), ("versie", "small-1")],
        )
        con.executemany(
            "INSERT INTO dim_gemeente VALUES (?, ?, ?, ?, ?, ?)",
            [
                (g.code, g.naam, g.provincie, g.jeugdregio, g.inkoopregio, g.in_monitor)
                for g in load_gemeenten()
            ],
        )
        con.executemany("INSERT INTO dim_segment VALUES (?, ?, ?)", list(SEGMENTEN))
        products = {p.productcode: p for p in load_pdc()}
        con.executemany(
            "INSERT INTO dim_product VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (p.productcode, p.product_naam, p.productcategorie, p.segment_nr, p.subsegment,
                 p.eenheid, p.tarief_eur, p.is_verblijf)
                for p in products.values()
            ],
        )  # fmt: skip
        con.executemany(
            "INSERT INTO dim_aanbieder VALUES (?, ?)",
            [("10000001", "Zorg Noord (demo)"), ("10000002", "Hulp Zuid (demo)")],
        )
        inwoners, zorgkosten, counts = [], [], []
        for i, (code, _naam) in enumerate(MONITOR):
            for jaar in (2022, 2023):
                if not (code == LAARBEEK and jaar == 2023):
                    inwoners.append((jaar, code, 10_000 * (i + 1), 2_000 * (i + 1)))
                if not (code == WAALRE and jaar == 2023):
                    zorgkosten.append((jaar, code, 1_000_000 * (i + 1), "jaarrekening"))
            for product, n in ((SEG3, seg3(i)), (SEG2, seg2(code, i)), (SEG1, seg1(code))):
                counts.append((code, product, n))
        con.executemany("INSERT INTO fact_inwoners VALUES (?, ?, ?, ?)", inwoners)
        con.executemany("INSERT INTO fact_zorgkosten_jaar VALUES (?, ?, ?, ?)", zorgkosten)
        # The trajectories and their monthly declarations are expanded in SQL from the counts
        # above (row-by-row inserts of ~30.000 declarations took most of a minute).
        con.execute("CREATE TEMP TABLE counts (gemeente_code TEXT, productcode TEXT, n INTEGER)")
        con.executemany("INSERT INTO counts VALUES (?, ?, ?)", counts)
        con.execute(
            """
            INSERT INTO fact_traject
            SELECT row_number() OVER (ORDER BY c.gemeente_code, c.productcode, k.range),
                   c.gemeente_code || '-' || c.productcode || '-' || k.range,
                   c.gemeente_code, c.productcode, '10000001', 'huisarts', ?, ?
            FROM counts c, range(c.n) k
            """,
            [START, END],
        )
        con.execute(
            """
            INSERT INTO fact_declaratie
            SELECT m.range::DATE, t.traject_id, t.gemeente_code, t.productcode,
                   t.aanbieder_code, 10, 100
            FROM fact_traject t, range(DATE '2022-01-01', DATE '2024-01-01', INTERVAL 1 MONTH) m
            """
        )
    finally:
        con.close()
    return path
