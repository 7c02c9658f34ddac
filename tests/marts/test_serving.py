"""The serving copy gives exactly the figures of the marts, and is rebuilt when they change.

Precomputed yearly counts are only worth having if they can never differ from counting the
trajectories: every yearly row is checked against the metric's own query, and the totals
against the contract's definition run on the marts file itself.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.intents.measures import (
    METRICS,
    Q_JEUGDIGEN,
    Q_JEUGDIGEN_JAAR,
    Q_KOSTEN,
    Q_KOSTEN_JAAR,
    Filters,
    Span,
    fetch,
)
from bot.marts.serving import TABLES, serving_path
from bot.marts.warehouse import Warehouse, open_readonly


@pytest.fixture(scope="module")
def wh(demo_marts: Path, tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    cache = tmp_path_factory.mktemp("serving")
    w = Warehouse(demo_marts, Settings(marts=demo_marts, cache_dir=cache, _env_file=None))  # type: ignore[call-arg]
    yield w
    w.close()


def _years(wh: Warehouse) -> tuple[list[date], list[date]]:
    spans = sorted(wh.jeugdigen_jaren)
    return [s for s, _ in spans], [e for _, e in spans]


def _raw_params(gemeenten: list[str], starts: list[date], ends: list[date], segment: Any) -> dict:
    return {
        "gemeenten": gemeenten,
        "starts": starts,
        "ends": ends,
        **Filters(segment=segment).params(),
    }


def _rows(rows: list[tuple[Any, ...]]) -> dict[tuple[Any, Any], tuple[Any, ...]]:
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def test_the_yearly_counts_cover_every_year_up_to_the_data_end(wh: Warehouse) -> None:
    starts, ends = _years(wh)
    assert [s.year for s in starts] == list(range(starts[0].year, wh.data_end.year + 1))
    assert ends[-1] == wh.data_end  # the running year is clipped, as the bot spans it
    assert all(e == date(e.year, 12, 31) for e in ends[:-1])


@pytest.mark.parametrize("segment", [None, 1, 2, 3, 4, 5])
def test_yearly_jeugdigen_equal_counting_the_trajectories(wh: Warehouse, segment: int) -> None:
    starts, ends = _years(wh)
    monitor = wh.monitor_codes
    raw = _rows(wh.run(Q_JEUGDIGEN, _raw_params(monitor, starts, ends, segment)))
    cube = wh.run(
        Q_JEUGDIGEN_JAAR,
        {"gemeenten": monitor, "starts": starts, "ends": ends, "segment": segment, "regio": True},
    )
    assert raw, "the demo has youths in every segment"
    assert _rows(cube) == raw


@pytest.mark.parametrize("segment", [None, 2])
def test_yearly_kosten_equal_summing_the_declarations(wh: Warehouse, segment: int) -> None:
    starts, ends = _years(wh)
    monitor = wh.monitor_codes
    raw = _rows(wh.run(Q_KOSTEN, _raw_params(monitor, starts, ends, segment)))
    cube = wh.run(
        Q_KOSTEN_JAAR,
        {"gemeenten": monitor, "starts": starts, "ends": ends, "segment": segment, "regio": True},
    )
    assert _rows(cube) == raw


def test_one_gemeente_through_fetch_equals_counting_the_trajectories(wh: Warehouse) -> None:
    starts, ends = _years(wh)
    spans = [Span(s, e, str(s.year)) for s, e in zip(starts, ends, strict=True)]
    for code in wh.monitor_codes:
        for key in ("jeugdigen", "kosten"):
            metric = METRICS[key]
            got = fetch(wh, metric, [code], spans, Filters())
            assert got.query is not None and got.query.name.endswith("_jaar")
            raw = _rows(wh.run(metric.query, _raw_params([code], starts, ends, None)))
            for i, s in enumerate(starts):
                for area in (code, None):
                    row = raw.get((s, area))
                    cell = got.get(i, area)
                    if key == "jeugdigen":
                        assert cell.value == (row[0] if row else 0), (code, s, area)
                    else:
                        assert cell.value == pytest.approx(float(row[0] or 0) if row else 0.0)
                        assert cell.youths == (row[1] if row else 0)


def test_a_product_a_quarter_or_two_gemeenten_are_counted_from_the_trajectories(
    wh: Warehouse,
) -> None:
    y = Span(date(2023, 1, 1), date(2023, 12, 31), "2023")
    q = Span(date(2023, 1, 1), date(2023, 3, 31), "Q1 2023")
    two = wh.monitor_codes[:2]
    one = wh.monitor_codes[:1]
    metric = METRICS["jeugdigen"]
    assert fetch(wh, metric, one, [y], Filters()).query is Q_JEUGDIGEN_JAAR
    assert fetch(wh, metric, two, [y], Filters()).query is Q_JEUGDIGEN
    assert fetch(wh, metric, one, [q], Filters()).query is Q_JEUGDIGEN
    product = next(iter(wh.producten))
    assert fetch(wh, metric, one, [y], Filters(productcode=product)).query is Q_JEUGDIGEN
    assert fetch(wh, metric, one, [y], Filters(verblijf=True)).query is Q_JEUGDIGEN


def test_totals_equal_the_contract_definition_on_the_marts_file(
    wh: Warehouse, demo_marts: Path
) -> None:
    """Independent of every template: the contract's definitions, straight on the marts."""
    raw = open_readonly(demo_marts)
    try:
        youths = raw.execute(
            "SELECT count(DISTINCT client_id) FROM fact_traject "
            "WHERE startdatum <= DATE '2023-12-31' "
            "AND (einddatum IS NULL OR einddatum >= DATE '2023-01-01')"
        ).fetchone()
        costs = raw.execute(
            "SELECT sum(bedrag_eur) FROM fact_declaratie WHERE year(maand) = 2023"
        ).fetchone()
    finally:
        raw.close()
    got = {
        k: fetch(
            wh,
            METRICS[k],
            wh.monitor_codes,
            [Span(date(2023, 1, 1), date(2023, 12, 31), "2023")],
            Filters(),
        ).get(0, None)
        for k in ("jeugdigen", "kosten")
    }
    assert youths and got["jeugdigen"].value == youths[0]
    assert costs and got["kosten"].value == pytest.approx(float(costs[0]), abs=0.005)


def test_the_runtime_connection_reads_the_serving_copy_read_only(wh: Warehouse) -> None:
    settings = dict(wh._con.execute("SELECT name, value FROM duckdb_settings()").fetchall())
    assert settings["access_mode"] == "read_only"
    assert settings["enable_external_access"] == "false"
    assert settings["lock_configuration"] == "true"
    tables = {r[0] for r in wh._con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == set(TABLES)
    columns = {r[0] for r in wh._con.execute("SELECT column_name FROM duckdb_columns()").fetchall()}
    assert "client_id" not in columns  # answers need no pseudonyms, so the copy has none


def test_a_new_delivery_gives_a_new_copy_and_the_old_one_goes(
    demo_marts: Path, tmp_path: Path
) -> None:
    marts = tmp_path / "levering.duckdb"
    marts.write_bytes(demo_marts.read_bytes())
    first = serving_path(marts, tmp_path / "cache")
    built_at = first.stat().st_mtime_ns
    assert serving_path(marts, tmp_path / "cache") == first  # reused, not rebuilt
    assert first.stat().st_mtime_ns == built_at
    st = marts.stat()
    os.utime(marts, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a new delivery
    second = serving_path(marts, tmp_path / "cache")
    assert second != first and second.is_file() and not first.exists()
