"""The serving copy gives exactly the figures of the marts, and is rebuilt when they change.

Precomputed yearly counts are only worth having if they can never differ from counting the
trajectories: every yearly row is checked against the metric's own query, and the totals
against the contract's definition run on the marts file itself.
"""

from __future__ import annotations

import itertools
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.intents.breakdown import DIM_NUMBERS, Q_JAAR, QUERIES
from bot.intents.measures import (
    METRICS,
    Q_JEUGDIGEN,
    Q_JEUGDIGEN_JAAR,
    Q_KOSTEN,
    Q_KOSTEN_JAAR,
    Q_TRAJECTEN,
    Q_TRAJECTEN_JAAR,
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


def _years(wh: Warehouse, whole_last: bool = False) -> tuple[list[date], list[date]]:
    """The yearly spans, each year once: the running year clipped to the data end, as a trend
    spans it, or whole, as "in 2025" does. The copy holds both."""
    last = wh.data_end.year

    def keep(start: date, end: date) -> bool:
        if (start.month, start.day) != (1, 1):
            return False
        if start.year != last:
            return end == date(start.year, 12, 31)
        return end == (date(last, 12, 31) if whole_last else wh.data_end)

    spans = sorted(x for x in wh.jeugdigen_jaren if keep(*x))
    return [s for s, _ in spans], [e for _, e in spans]


WHOLE_LAST = pytest.mark.parametrize("whole_last", [False, True], ids=["clipped", "whole"])


def _raw_params(
    gemeenten: list[str], starts: list[date], ends: list[date], segment: Any = None, **f: Any
) -> dict:
    return {
        "gemeenten": gemeenten,
        "starts": starts,
        "ends": ends,
        **Filters(segment=segment, **f).params(),
    }


def _one_filter(wh: Warehouse) -> list[dict[str, Any]]:
    """No filter, and each value of every filter the yearly tables are split by."""
    products = sorted(wh.producten)
    verwijzers = [
        r[0] for r in wh._con.execute("SELECT DISTINCT verwijzer FROM srv_traject").fetchall()
    ]
    return [
        {},
        *({"segment": n} for n in sorted(wh.segmenten)),
        *({"productcode": c} for c in products),
        *({"verwijzer": v} for v in sorted(verwijzers)),
    ]


def _rows(rows: list[tuple[Any, ...]]) -> dict[tuple[Any, Any], tuple[Any, ...]]:
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def test_the_yearly_counts_cover_every_year_up_to_the_data_end(wh: Warehouse) -> None:
    starts, ends = _years(wh)
    assert [s.year for s in starts] == list(range(starts[0].year, wh.data_end.year + 1))
    assert ends[-1] == wh.data_end  # the running year clipped, as a trend spans it
    assert all(e == date(e.year, 12, 31) for e in ends[:-1])
    assert _years(wh, whole_last=True)[1][-1] == date(wh.data_end.year, 12, 31)  # and whole
    last_is_whole = (wh.data_end.month, wh.data_end.day) == (12, 31)
    assert len(wh.jaren_alle_splitsingen) == len(starts) + (0 if last_is_whole else 1)


def _parts(wh: Warehouse, since: int = 0) -> list[tuple[list[date], list[date]]]:
    """The half-years, quarters and months the copy holds (from the year `since` on), in
    batches whose starts differ (the metrics' own queries key their rows on the start) and
    whose rows stay under the warehouse's row cap."""
    batches: list[dict[date, date]] = []
    per_batch = wh.settings.max_rows // (len(wh.monitor_codes) + 1)
    for start, end in sorted(wh.jeugdigen_jaren - wh.jaren_alle_splitsingen):
        if start.year < since:
            continue
        batch = next((b for b in batches if start not in b and len(b) < per_batch), None)
        if batch is None:
            batch = {}
            batches.append(batch)
        batch[start] = end
    return [(list(b), list(b.values())) for b in batches]


def _calendar_parts(year: int, last: date) -> set[tuple[date, date]]:
    """Every half-year, quarter and month of `year` that starts by `last`, clipped there and,
    when clipped, whole as well (as the bot spans them)."""
    out: set[tuple[date, date]] = set()
    for first, months in [(1, 6), (7, 6), (1, 3), (4, 3), (7, 3), (10, 3)] + [
        (m, 1) for m in range(1, 13)
    ]:
        start = date(year, first, 1)
        after = first + months
        end = date.fromordinal(
            (date(year + 1, 1, 1) if after > 12 else date(year, after, 1)).toordinal() - 1
        )
        if start > last:
            continue
        out.add((start, min(end, last)))
        out.add((start, end))
    return out


def test_the_parts_of_every_year_are_there_split_by_segment_only(wh: Warehouse) -> None:
    """Half-years, quarters and months: each once, up to the data end, clipped and whole; a
    clipped year that is also a half-year (1 januari-30 juni) keeps every split."""
    starts, _ = _years(wh)
    expected: set[tuple[date, date]] = set()
    for year in range(starts[0].year, wh.data_end.year + 1):
        expected |= _calendar_parts(year, wh.data_end)
    assert wh.jeugdigen_jaren - wh.jaren_alle_splitsingen == expected - wh.jaren_alle_splitsingen
    assert (date(2024, 2, 1), date(2024, 2, 29)) in expected  # a leap February
    splits = wh._con.execute(
        "SELECT DISTINCT alle_producten AND alle_verwijzers AND alle_aanbieders FROM srv_jaar "
        "WHERE p_start = DATE '2024-04-01' AND p_end = DATE '2024-06-30'"
    ).fetchall()
    assert splits == [(True,)]  # a quarter: in total and by segment, nothing else


@pytest.mark.parametrize("table", ["srv_jaar", "srv_trajecten_jaar"])
def test_every_yearly_row_is_there_once(wh: Warehouse, table: str) -> None:
    """A span, an area and a split identify one row. The running year is there twice (whole and
    clipped), and a join on its start alone once paired each with the other's costs."""
    keys = {
        "srv_jaar": "p_start, p_end, gemeente_code, segment_nr, productcode, verwijzer, "
        "aanbieder_code, alle_gemeenten, alle_segmenten, alle_producten, alle_verwijzers, "
        "alle_aanbieders",
        "srv_trajecten_jaar": "p_start, p_end, gemeente_code, segment_nr, verwijzer, "
        "alle_gemeenten, alle_segmenten, alle_verwijzers",
    }[table]
    # Test-only SQL on build-time names, over the copy's own connection.
    distinct = f"SELECT count(*) FROM (SELECT DISTINCT {keys} FROM {table})"
    rows, unique = wh._con.execute(f"SELECT count(*), ({distinct}) FROM {table}").fetchone()
    assert rows == unique and rows > 0


def _yearly_params(
    wh: Warehouse,
    gemeenten: list[str],
    query: Any,
    regio: bool,
    f: dict[str, Any],
    whole_last: bool = False,
) -> dict[str, Any]:
    starts, ends = _years(wh, whole_last)
    p = {"gemeenten": gemeenten, "starts": starts, "ends": ends, "regio": regio}
    p |= {k: f.get(k) for k in query.params if k not in p}
    return p


@WHOLE_LAST
@pytest.mark.parametrize("regio", [True, False], ids=["regio", "per-gemeente"])
def test_yearly_jeugdigen_and_kosten_equal_counting_the_trajectories(
    wh: Warehouse, regio: bool, whole_last: bool
) -> None:
    """Every filter value, all monitor gemeenten and each gemeente alone; compared per row."""
    starts, ends = _years(wh, whole_last)
    areas = [wh.monitor_codes] if regio else [[c] for c in wh.monitor_codes]
    checked = 0
    for gemeenten in areas:
        for f in _one_filter(wh) if regio else [{}, {"segment": 2}, {"verwijzer": "huisarts"}]:
            for raw_q, year_q in ((Q_JEUGDIGEN, Q_JEUGDIGEN_JAAR), (Q_KOSTEN, Q_KOSTEN_JAAR)):
                raw = _rows(wh.run(raw_q, _raw_params(gemeenten, starts, ends, **f)))
                got = _rows(
                    wh.run(year_q, _yearly_params(wh, gemeenten, year_q, regio, f, whole_last))
                )
                if not regio:  # one gemeente: the caller takes its row as the total
                    raw = {k: v for k, v in raw.items() if k[1] is not None}
                    got = {k: v for k, v in got.items() if k[1] is not None}
                assert got == raw, (raw_q.name, gemeenten, f)
                checked += len(raw)
    assert checked > 100


@WHOLE_LAST
def test_yearly_trajecten_equal_counting_the_trajectories(wh: Warehouse, whole_last: bool) -> None:
    starts, ends = _years(wh, whole_last)
    monitor = wh.monitor_codes
    filters = [f for f in _one_filter(wh) if "productcode" not in f]
    for f in filters:
        raw = _rows(wh.run(Q_TRAJECTEN, _raw_params(monitor, starts, ends, **f)))
        got = _rows(
            wh.run(
                Q_TRAJECTEN_JAAR,
                _yearly_params(wh, monitor, Q_TRAJECTEN_JAAR, True, f, whole_last),
            )
        )
        assert got.keys() == raw.keys(), f
        for k, row in raw.items():
            assert got[k] == pytest.approx(row), (f, k)  # gem_duur is a float mean


@pytest.mark.parametrize("regio", [True, False], ids=["regio", "per-gemeente"])
def test_the_parts_of_a_year_equal_counting_the_trajectories(wh: Warehouse, regio: bool) -> None:
    """Every half-year, quarter and month in total and per segment: youths, costs and the
    trajectory figures, compared per row with the metrics' own queries."""
    batches = _parts(wh, since=0 if regio else wh.data_end.year - 1)
    areas = [wh.monitor_codes] if regio else [[c] for c in wh.monitor_codes]
    segments: list[dict[str, Any]] = [{}, *({"segment": n} for n in sorted(wh.segmenten))]
    checked = 0
    for (starts, ends), gemeenten in itertools.product(batches, areas):
        for f in segments if regio else segments[:3]:
            for raw_q, part_q in (
                (Q_JEUGDIGEN, Q_JEUGDIGEN_JAAR),
                (Q_KOSTEN, Q_KOSTEN_JAAR),
                (Q_TRAJECTEN, Q_TRAJECTEN_JAAR),
            ):
                raw = _rows(wh.run(raw_q, _raw_params(gemeenten, starts, ends, **f)))
                params = {"gemeenten": gemeenten, "starts": starts, "ends": ends, "regio": regio}
                params |= {k: f.get(k) for k in part_q.params if k not in params}
                got = _rows(wh.run(part_q, params))
                if not regio:  # one gemeente: the caller takes its row as the total
                    raw = {k: v for k, v in raw.items() if k[1] is not None}
                    got = {k: v for k, v in got.items() if k[1] is not None}
                assert got.keys() == raw.keys(), (raw_q.name, gemeenten, f)
                for k, row in raw.items():
                    assert got[k] == pytest.approx(row), (raw_q.name, gemeenten, f, k)
                checked += len(raw)
    assert checked > 1000


@pytest.mark.parametrize("dim", sorted(DIM_NUMBERS))
def test_yearly_breakdowns_equal_the_breakdown_queries(wh: Warehouse, dim: str) -> None:
    # every year, the running one clipped and whole; the parts of a year by segment only
    spans = sorted(wh.jeugdigen_jaren if dim == "segment" else wh.jaren_alle_splitsingen)
    for gemeenten, regio in ((wh.monitor_codes, True), (wh.monitor_codes[:1], False)):
        for start, end in spans:
            base = {"gemeenten": gemeenten, "start": start, "end": end}
            raw = wh.run(
                QUERIES[dim], base | {"segment": None, "subsegment": None, "verblijf": False}
            )
            got = wh.run(Q_JAAR, base | {"regio": regio, "dim": DIM_NUMBERS[dim]})
            as_key = (lambda k: int(k) if k is not None else None) if dim == "segment" else str
            # the precomputed figures hold the first columns (jeugdigen, lopend, kosten)
            width = len(got[0]) if got else 4
            want = {r[0]: r[1:width] for r in raw}
            assert {as_key(r[0]): r[1:] for r in got} == want, (dim, start)


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


def test_two_filters_a_week_or_two_gemeenten_are_counted_from_the_trajectories(
    wh: Warehouse,
) -> None:
    y = Span(date(2023, 1, 1), date(2023, 12, 31), "2023")
    q = Span(date(2023, 1, 1), date(2023, 3, 31), "Q1 2023")
    m = Span(date(2023, 2, 1), date(2023, 2, 28), "februari 2023")
    week = Span(date(2023, 2, 6), date(2023, 2, 12), "week 6 2023")
    two = wh.monitor_codes[:2]
    one = wh.monitor_codes[:1]
    metric = METRICS["jeugdigen"]
    assert fetch(wh, metric, one, [y], Filters()).query is Q_JEUGDIGEN_JAAR
    assert fetch(wh, metric, two, [y], Filters()).query is Q_JEUGDIGEN
    assert fetch(wh, metric, one, [q], Filters()).query is Q_JEUGDIGEN_JAAR
    assert fetch(wh, metric, wh.monitor_codes, [m, q], Filters()).query is Q_JEUGDIGEN_JAAR
    assert fetch(wh, metric, one, [q], Filters(segment=2)).query is Q_JEUGDIGEN_JAAR
    assert fetch(wh, metric, one, [week], Filters()).query is Q_JEUGDIGEN
    # Parts of a year are split by segment only: other filters count the trajectories.
    assert fetch(wh, metric, one, [q], Filters(verwijzer="huisarts")).query is Q_JEUGDIGEN
    assert fetch(wh, METRICS["kosten"], one, [m], Filters(productcode="45A41")).query is Q_KOSTEN
    assert fetch(wh, metric, one, [y, m], Filters(verwijzer="huisarts")).query is Q_JEUGDIGEN
    product = next(iter(wh.producten))
    by_product = Filters(productcode=product)
    assert fetch(wh, metric, one, [y], by_product).query is Q_JEUGDIGEN_JAAR
    both = Filters(productcode=product, verwijzer="huisarts")
    assert fetch(wh, metric, one, [y], both).query is Q_JEUGDIGEN
    assert fetch(wh, metric, one, [y], Filters(verblijf=True)).query is Q_JEUGDIGEN
    assert fetch(wh, metric, one, [y], Filters(subsegment="wonen")).query is Q_JEUGDIGEN
    gestart = METRICS["trajecten_gestart"]
    assert fetch(wh, gestart, one, [y], Filters(segment=3)).query is Q_TRAJECTEN_JAAR
    assert fetch(wh, gestart, one, [y], by_product).query is Q_TRAJECTEN
    assert fetch(wh, gestart, one, [m], Filters(segment=3)).query is Q_TRAJECTEN_JAAR
    assert fetch(wh, gestart, one, [m], Filters(verwijzer="huisarts")).query is Q_TRAJECTEN


@pytest.mark.parametrize("key", ["jeugdigen", "kosten", "trajecten_gestart"])
def test_several_gemeenten_without_their_total_are_looked_up(wh: Warehouse, key: str) -> None:
    """Side by side ("Helmond vs Veldhoven"): each gemeente's figure from the precomputed
    rows, equal to counting the trajectories; their total is absent, never 0."""
    metric = METRICS[key]
    spans = [
        Span(date(2023, 1, 1), date(2023, 12, 31), "2023"),
        Span(date(2024, 4, 1), date(2024, 6, 30), "Q2 2024"),
    ]
    three = wh.monitor_codes[:3]
    got = fetch(wh, metric, three, spans, Filters(), total=False)
    counted = fetch(wh, metric, three, spans, Filters())
    assert got.query is not None and got.query.name.endswith("_jaar")
    assert counted.query is metric.query  # with their total: counted from the trajectories
    for i in range(len(spans)):
        for code in three:
            assert got.get(i, code).value == pytest.approx(counted.get(i, code).value)
            assert got.get(i, code).youths == counted.get(i, code).youths
        assert (i, None) not in got.cells and got.get(i, None).value is None
        assert counted.get(i, None).value  # the total exists; it just is not looked up


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
