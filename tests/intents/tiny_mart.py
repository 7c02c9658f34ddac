"""A tiny, hand-made mart with known small numbers, for exact disclosure and SQL tests.

Three monitor municipalities (Helmond, Deurne, Asten) and Eindhoven outside the monitor. Every
figure is small enough to count by hand; Asten has 3 youths in care in 2023 so the
small-number rule must hide it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from bot.marts.contract import TABLES, create_table_sql

REGION = "Een 10 voor de Jeugd"
PEILDATUM = date(2024, 6, 30)


def build_tiny(path: Path) -> Path:
    """Write the tiny mart to `path` (a DuckDB file) and return it."""
    con = duckdb.connect(str(path))
    for table in TABLES:
        con.execute(create_table_sql(table))
    con.executemany(
        "INSERT INTO meta_mart VALUES (?, ?)",
        [("peildatum", PEILDATUM.isoformat()), ("bron", "demo"), ("versie", "tiny-1")],
    )
    gemeenten = [
        ("GM0794", "Helmond", "Noord-Brabant", "Zuidoost-Brabant", REGION, True),
        ("GM0762", "Deurne", "Noord-Brabant", "Zuidoost-Brabant", REGION, True),
        ("GM0743", "Asten", "Noord-Brabant", "Zuidoost-Brabant", REGION, True),
        ("GM0772", "Eindhoven", "Noord-Brabant", "Zuidoost-Brabant", None, False),
    ]
    con.executemany("INSERT INTO dim_gemeente VALUES (?, ?, ?, ?, ?, ?)", gemeenten)
    con.executemany(
        "INSERT INTO dim_segment VALUES (?, ?, ?)",
        [(i, f"Segment {i}", f"omschrijving {i}") for i in range(1, 6)],
    )
    products = [
        ("41A01", "Behandeling met verblijf", "41", 1, "verblijf", "etmaal", 300, True),
        ("45A01", "Ambulante begeleiding", "45", 3, "ambulant", "uur", 80, False),
        ("43A09", "Pleegzorg", "43", 2, "gezinsnabij", "etmaal", 60, True),
        ("43A14", "Woongroep", "43", 2, "wonen", "etmaal", 200, True),
    ]
    con.executemany("INSERT INTO dim_product VALUES (?, ?, ?, ?, ?, ?, ?, ?)", products)
    con.executemany(
        "INSERT INTO dim_aanbieder VALUES (?, ?)",
        [("10000001", "Zorg Noord (demo)"), ("10000002", "Hulp Zuid (demo)")],
    )
    inwoners = []
    for y in (2022, 2023, 2024):
        inwoners += [
            (y, "GM0794", 90000, 20000),
            (y, "GM0762", 32000, 6000),
            (y, "GM0743", 17000, 3500),
        ]
    con.executemany("INSERT INTO fact_inwoners VALUES (?, ?, ?, ?)", inwoners)

    trajects = []
    tid = 0

    def add(
        client: str, gem: str, prod: str, aanb: str, verw: str, start: date, end: date | None
    ) -> None:
        nonlocal tid
        tid += 1
        trajects.append((tid, client, gem, prod, aanb, verw, start, end))

    # Helmond: 12 youths in 2023 in ambulant care, 2 of them also in verblijf; 8 in 2022.
    for i in range(12):
        start = date(2022, 3, 1) if i < 8 else date(2023, 2, 1)
        add(
            f"H{i}",
            "GM0794",
            "45A01",
            "10000001",
            "huisarts" if i % 2 else "gemeente",
            start,
            date(2023, 10, 31) if i < 4 else None,
        )
    add("H0", "GM0794", "41A01", "10000002", "jeugdarts", date(2023, 5, 1), date(2023, 12, 31))
    add("H1", "GM0794", "43A09", "10000002", "gecertificeerde instelling", date(2023, 1, 1), None)
    # Deurne: 6 youths in 2023 (one also in pleegzorg), none in 2022.
    for i in range(6):
        add(
            f"D{i}", "GM0762", "45A01", "10000001", "huisarts", date(2023, 1, 15), date(2023, 6, 30)
        )
    add("D0", "GM0762", "43A14", "10000002", "gemeente", date(2023, 7, 1), None)
    # Asten: 3 youths in 2023: below the small-number threshold.
    for i in range(3):
        add(f"A{i}", "GM0743", "45A01", "10000001", "huisarts", date(2023, 4, 1), date(2023, 9, 30))
    con.executemany("INSERT INTO fact_traject VALUES (?, ?, ?, ?, ?, ?, ?, ?)", trajects)

    decl = []
    for t in trajects:
        t_id, _c, gem, prod, aanb, _v, start, end = t
        y, m = start.year, start.month
        last = end or PEILDATUM
        while date(y, m, 1) <= last:
            decl.append(
                (date(y, m, 1), t_id, gem, prod, aanb, 10, 1000 if prod == "45A01" else 3000)
            )
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    con.executemany("INSERT INTO fact_declaratie VALUES (?, ?, ?, ?, ?, ?, ?)", decl)
    zk = [
        (2021, "GM0794", 50_000_000, "jaarrekening"), (2022, "GM0794", 45_000_000, "jaarrekening"),
        (2023, "GM0794", 48_000_000, "jaarrekening"), (2021, "GM0762", 12_000_000, "jaarrekening"),
        (2022, "GM0762", 13_000_000, "jaarrekening"), (2023, "GM0762", 12_500_000, "jaarrekening"),
        (2021, "GM0743", 6_000_000, "jaarrekening"), (2022, "GM0743", 5_100_000, "jaarrekening"),
        (2023, "GM0743", 6_600_000, "jaarrekening"),
    ]  # fmt: skip
    con.executemany("INSERT INTO fact_zorgkosten_jaar VALUES (?, ?, ?, ?)", zk)
    con.executemany(
        "INSERT INTO fact_kengetal VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                "jeugdigen in zorg",
                "GM0794",
                2023,
                2635,
                "aantal",
                "000_05fd599307ad2e89.txt",
                "Bijlage 2",
            ),
            (
                "zorgkosten jeugdwet",
                REGION,
                2023,
                94631000,
                "euro",
                "000_05fd599307ad2e89.txt",
                "1.2",
            ),
        ],
    )
    con.close()
    return path
