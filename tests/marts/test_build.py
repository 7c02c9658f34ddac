"""The demo build: deterministic, scalable, plausible, and what the contract asks of its rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.marts.contract import TABLES, VERWIJZERS
from bot.marts.demo import build_demo, demo_version, pseudonyms
from bot.marts.warehouse import open_readonly


def checksums(path: Path) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash of every row, per table."""
    con = open_readonly(path)
    try:
        return {
            name: con.execute(f"SELECT count(*), sum(hash(t)) FROM {name} t").fetchall()[0]
            for name in TABLES
        }
    finally:
        con.close()


def rows(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = open_readonly(path)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_two_builds_are_identical(demo_marts: Path, tmp_path: Path) -> None:
    again = build_demo(tmp_path / "again.duckdb", progress=False)
    assert checksums(again) == checksums(demo_marts)


def test_build_replaces_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "marts.duckdb"
    target.write_text("oude inhoud")
    build_demo(target, progress=False)
    assert rows(target, "SELECT value FROM meta_mart WHERE key = 'bron'") == [("demo",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["marts.duckdb"]


def test_scale_multiplies_clients_with_fresh_pseudonyms(demo_marts: Path, tmp_path: Path) -> None:
    big = build_demo(tmp_path / "x2.duckdb", scale=2, progress=False)
    count = (
        "SELECT count(DISTINCT client_id) FROM fact_traject WHERE gemeente_code = 'GM0794' "
        "AND startdatum <= DATE '2023-12-31' "
        "AND (einddatum IS NULL OR einddatum >= DATE '2023-01-01')"
    )
    assert rows(big, count) == [(2 * 2635,)]
    assert rows(big, "SELECT value FROM meta_mart WHERE key = 'scale'") == [("2",)]
    one = rows(demo_marts, "SELECT count(DISTINCT client_id) FROM fact_traject")[0][0]
    two = rows(big, "SELECT count(DISTINCT client_id) FROM fact_traject")[0][0]
    # Each copy draws its own population (fresh pseudonyms), so about twice the clients.
    assert two == pytest.approx(2 * one, rel=0.001)


def test_pseudonyms_are_unique_and_stable() -> None:
    import numpy as np

    ids = pseudonyms(np.arange(200_000))
    assert len(set(ids.tolist())) == 200_000
    assert pseudonyms(np.array([0, 1])).tolist() == ids[:2].tolist()
    assert all(len(x) == 11 and x.startswith("C") for x in ids[:10])


def test_meta(demo_marts: Path) -> None:
    meta = dict(rows(demo_marts, "SELECT key, value FROM meta_mart"))
    assert meta["peildatum"] == "2025-06-30"
    assert meta["bron"] == "demo"
    assert meta["versie"] == demo_version()
    assert meta["scale"] == "1"
    assert "demo" in meta["inwoners_bron"]


def test_dim_gemeente(demo_marts: Path) -> None:
    assert rows(demo_marts, "SELECT count(*) FROM dim_gemeente") == [(342,)]
    monitor = rows(
        demo_marts,
        "SELECT gemeente_naam, inkoopregio, jeugdregio FROM dim_gemeente WHERE in_monitor "
        "ORDER BY gemeente_naam",
    )
    assert [r[0] for r in monitor] == [
        "Asten", "Deurne", "Geldrop-Mierlo", "Gemert-Bakel", "Helmond", "Laarbeek",
        "Nuenen, Gerwen en Nederwetten", "Someren", "Son en Breugel", "Veldhoven", "Waalre",
    ]  # fmt: skip
    assert {(r[1], r[2]) for r in monitor} == {("Een 10 voor de Jeugd", "Zuidoost-Brabant")}
    assert rows(
        demo_marts, "SELECT count(*) FROM dim_gemeente WHERE NOT in_monitor AND inkoopregio IS NULL"
    ) == [(331,)]
    assert rows(
        demo_marts,
        "SELECT gemeente_naam FROM dim_gemeente WHERE gemeente_naam LIKE 'Bergen (%' ORDER BY 1",
    ) == [("Bergen (L.)",), ("Bergen (NH.)",)]


def test_segments_and_segment_2_products(demo_marts: Path) -> None:
    assert [r[0] for r in rows(demo_marts, "SELECT segment_nr FROM dim_segment ORDER BY 1")] == [
        1, 2, 3, 4, 5,
    ]  # fmt: skip
    s2 = rows(
        demo_marts,
        "SELECT productcode, product_naam, subsegment, is_verblijf FROM dim_product "
        "WHERE segment_nr = 2 ORDER BY productcode",
    )
    assert s2 == [
        ("43A09", "Pleegzorg", "gezinsnabij", True),
        ("43A10", "Gezinshuis", "gezinsnabij", True),
        ("43A14", "Woongroep", "wonen", True),
        ("43B99", "Begeleiding naar zelfstandig wonen", "wonen", True),
    ]
    n = rows(demo_marts, "SELECT count(*) FROM dim_product")[0][0]
    assert 30 <= n <= 60
    per_segment = dict(rows(demo_marts, "SELECT segment_nr, count(*) FROM dim_product GROUP BY 1"))
    assert all(per_segment[s] >= 3 for s in (1, 3, 4, 5))
    s1 = rows(
        demo_marts,
        "SELECT is_verblijf, count(*) FROM dim_product WHERE segment_nr = 1 GROUP BY 1 ORDER BY 1",
    )
    assert [r[0] for r in s1] == [False, True]
    assert rows(
        demo_marts,
        "SELECT DISTINCT subsegment FROM dim_product WHERE segment_nr = 1 AND is_verblijf",
    ) == [("verblijf",)]


def test_trajectories_are_plausible(demo_marts: Path) -> None:
    # Referrers as the contract lists them, all used.
    assert {r[0] for r in rows(demo_marts, "SELECT DISTINCT verwijzer FROM fact_traject")} == set(
        VERWIJZERS
    )
    # Seasonality: fewer starts in the summer holidays than after them.
    starts = dict(
        rows(
            demo_marts,
            "SELECT month(startdatum), count(*) FROM fact_traject "
            "WHERE year(startdatum) BETWEEN 2021 AND 2024 GROUP BY 1",
        )
    )
    assert starts[7] < 0.85 * starts[9] and starts[8] < 0.85 * starts[9]
    # Durations by product: foster care lasts far longer than crisis care.
    dur = dict(
        rows(
            demo_marts,
            "SELECT productcode, median(einddatum - startdatum) FROM fact_traject "
            "WHERE einddatum IS NOT NULL GROUP BY 1",
        )
    )
    assert dur["43A09"] > 4 * dur["46A01"]
    # Woongroep is a new product per 1-1-2022 (factsheet segment 2).
    assert rows(
        demo_marts,
        "SELECT count(*) FROM fact_traject WHERE productcode = '43A14' "
        "AND startdatum < DATE '2022-01-01'",
    ) == [(0,)]
    # Nothing starts after the peildatum; open trajectories exist.
    assert rows(
        demo_marts,
        "SELECT max(startdatum) <= DATE '2025-06-30', max(einddatum) <= DATE '2025-06-30', "
        "count(*) FILTER (einddatum IS NULL) > 0 FROM fact_traject",
    ) == [(True, True, True)]


def test_declarations_follow_tariffs(demo_marts: Path) -> None:
    assert rows(
        demo_marts,
        "SELECT count(*) FROM fact_declaratie d JOIN dim_product p USING (productcode) "
        "WHERE d.bedrag_eur <> round(d.volume * p.tarief_eur, 2)",
    ) == [(0,)]
    # A stay is declared per day in care: never more days than the month has.
    assert rows(
        demo_marts,
        "SELECT count(*) FROM fact_declaratie d JOIN dim_product p USING (productcode) "
        "WHERE p.eenheid = 'etmaal' AND d.volume > day(last_day(d.maand))",
    ) == [(0,)]
    months = rows(
        demo_marts, "SELECT min(maand), max(maand), count(DISTINCT maand) FROM fact_declaratie"
    )[0]
    assert (str(months[0]), str(months[1]), months[2]) == ("2021-01-01", "2025-06-01", 54)


@pytest.mark.parametrize("jaar", [2021, 2022, 2023, 2024])
def test_other_years_are_continuous(demo_marts: Path, jaar: int) -> None:
    """Invented years stay within a plausible distance of the published neighbours."""
    n = rows(
        demo_marts,
        "SELECT count(DISTINCT client_id) FROM fact_traject "
        "WHERE startdatum <= make_date(?, 12, 31) "
        "AND (einddatum IS NULL OR einddatum >= make_date(?, 1, 1))",
        [jaar, jaar],
    )[0][0]
    assert 8_500 <= n <= 9_900


def test_inwoners(demo_marts: Path) -> None:
    got = rows(
        demo_marts,
        "SELECT count(*), min(jaar), max(jaar), min(jeugdigen_0_17 * 1.0 / inwoners), "
        "max(jeugdigen_0_17 * 1.0 / inwoners) FROM fact_inwoners",
    )[0]
    assert got[:3] == (55, 2021, 2025)
    assert got[3] > 0.15
    assert got[4] < 0.25


def test_zorgkosten_exceed_declarations(demo_marts: Path) -> None:
    """Annual accounts include JB/JR, national contracts and crisis, so exceed declarations."""
    got = rows(
        demo_marts,
        "SELECT z.jaar, z.k, d.k FROM "
        "(SELECT jaar, sum(zorgkosten_eur) k FROM fact_zorgkosten_jaar GROUP BY 1) z JOIN "
        "(SELECT year(maand) jaar, sum(bedrag_eur) k FROM fact_declaratie GROUP BY 1) d "
        "USING (jaar)",
    )
    assert len(got) == 4
    assert all(z > d for _, z, d in got)
