"""Build the demo monitor marts: invented microdata that reproduces the published figures.

Everything is drawn from one fixed seed, so every build gives the same rows; `scale` N adds N-1
more populations with fresh pseudonyms (for benchmarks; the published figures then hold times N).
The build writes to a temporary file next to the target and renames it into place, so a reader
never sees a half-written database and two builders never clash.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from bot.marts import simulate as sim
from bot.marts.contract import REGION_NAME, TABLES, create_table_sql
from bot.marts.sources import (
    Gemeente,
    Kengetal,
    Product,
    figure,
    inputs_digest,
    load_gemeenten,
    load_kengetallen,
    load_pdc,
)
from bot.marts.zorgkosten import largest_remainder, solve

GENERATOR_VERSION = "1"
SEED = 20250630
PEILDATUM = sim.PEILDATUM
BRON_INWONERS = "demo (geen CBS-data offline)"

SEGMENTEN: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "Hoog specialistisch / weinig voorkomend",
        "Zware en (zeer) complexe hulpvragen, vaak dure en langdurige trajecten zoals behandeling "
        "met verblijf en intensieve ambulante behandeling.",
    ),
    (
        2,
        "Wonen",
        "Woonaanbod voor jeugdigen die tijdelijk of langdurig niet thuis kunnen wonen: pleegzorg "
        "en gezinshuis (gezinsnabij), woongroep en begeleiding naar zelfstandig wonen (wonen).",
    ),
    (
        3,
        "Dagbehandeling en dagbesteding",
        "Voor jeugdigen die tijdelijk of langdurig geen regulier of speciaal onderwijs kunnen "
        "volgen door psychische of gedragsproblemen of een (licht) verstandelijke beperking.",
    ),
    (
        4,
        "Specialistisch / veel voorkomend",
        "Veel voorkomende specialistische zorg bij enkelvoudige of kortdurende problemen: "
        "ambulante en poliklinische hulp, vaak gericht op de opvoedsituatie.",
    ),
    (5, "Crisis", "Zorgvormen voor jeugdigen in een urgente of crisissituatie."),
)

# Invented population (2023) and youths 0-17 per municipality, in line with the factsheet's
# CBS youth counts per subregion; the marts mark them as demo (meta_mart.inwoners_bron).
INWONERS_2023: dict[str, tuple[int, int]] = {
    "GM0743": (17_310, 3_200),  # Asten
    "GM0762": (33_180, 6_000),  # Deurne
    "GM1771": (40_120, 7_400),  # Geldrop-Mierlo
    "GM1652": (31_350, 5_900),  # Gemert-Bakel
    "GM0794": (93_960, 18_250),  # Helmond
    "GM1659": (22_980, 4_300),  # Laarbeek
    "GM0820": (23_690, 4_300),  # Nuenen, Gerwen en Nederwetten
    "GM0847": (19_820, 3_750),  # Someren
    "GM0848": (17_680, 3_950),  # Son en Breugel
    "GM0861": (46_470, 8_520),  # Veldhoven
    "GM0866": (17_940, 3_530),  # Waalre
}

_PROVIDER_KINDS = (
    "Jeugdhulp",
    "Zorggroep",
    "Praktijk",
    "Stichting",
    "Centrum",
    "Gezinshuis",
    "Jeugdzorg",
    "Behandelcentrum",
    "Kindpraktijk",
    "Begeleiding",
)
_PROVIDER_NAMES = (
    "Wilgenstroom",
    "Peelvalk",
    "Zonnebrug",
    "Lindeboog",
    "Ankerlicht",
    "Vlasakker",
    "Molenwiek",
    "Sterrenpad",
    "Korenwaard",
    "Beekdal",
    "Heidebries",
    "Kempenvuur",
    "Dommelpad",
    "Eikenkring",
    "Waterhoen",
    "Vennebrug",
    "Zandloper",
    "Kastanjelaan-Oost",
    "Merelhof",
    "Bremstraat",
    "Lichtbaken",
    "Wolkenveld",
    "Hazelaar",
    "Regenboogerf",
)


@contextlib.contextmanager
def _progress(enabled: bool) -> Iterator[Progress]:
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, disable=not enabled, transient=False) as bar:
        yield bar


def demo_version() -> str:
    """Changes when the generator or any of its input files change (cache key)."""
    return f"{GENERATOR_VERSION}+{inputs_digest()}"


def build_demo(out: Path, scale: int = 1, progress: bool = True) -> Path:
    """Build the demo marts into the DuckDB file `out` (replaced atomically); returns `out`."""
    if scale < 1:
        raise ValueError("scale moet 1 of groter zijn")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        with _progress(progress) as bar:
            _build(tmp, scale, bar)
        os.replace(tmp, out)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return out


def _build(path: Path, scale: int, bar: Progress) -> None:
    step = bar.add_task("Referentiedata en kengetallen", total=1)
    gemeenten = load_gemeenten()
    products = load_pdc()
    kengetallen = load_kengetallen(gemeenten=gemeenten)
    monitor = [g for g in gemeenten if g.in_monitor]
    bar.advance(step)

    task = bar.add_task("Cliënten en trajecten", total=scale)
    rng0 = np.random.default_rng([SEED, 0])
    catalogue = sim.Catalogue(products, rng0)
    targets_total, targets_cat, ov_s1s2, ov_gnwo = _targets(kengetallen, monitor, rng0)
    parts: list[sim.Trajectories] = []
    offset = 0
    for r in range(scale):
        rng = np.random.default_rng([SEED, 1, r])
        tr, n_clients = sim.simulate(
            rng, catalogue, targets_total, targets_cat, ov_s1s2, ov_gnwo, client_offset=offset
        )
        parts.append(tr)
        offset += n_clients
        bar.advance(task)
    traj = _concat(parts)

    task = bar.add_task("Declaraties", total=1)
    decl = _declarations(np.random.default_rng([SEED, 2]), traj, products)
    bar.advance(task)

    task = bar.add_task("Wegschrijven", total=len(TABLES))
    con = duckdb.connect(str(path))
    try:
        for name in TABLES:
            con.execute(create_table_sql(name))
        _write_dims(con, gemeenten, products, catalogue.n_providers)
        bar.advance(task, 4)
        _write_inwoners(con, monitor)
        _write_trajecten(con, traj, monitor, products)
        _write_declaraties(con, decl)
        bar.advance(task, 3)
        _write_zorgkosten(con, kengetallen, monitor, targets_total)
        _write_kengetallen(con, kengetallen)
        _write_meta(con, scale)
        bar.advance(task, 3)
        con.execute("CHECKPOINT")
    finally:
        con.close()

    task = bar.add_task("Controle gepubliceerde cijfers", total=1)
    problems = verify_published(path, scale)
    if problems:
        raise RuntimeError(
            "demo-marts wijken af van de gepubliceerde cijfers:\n" + "\n".join(problems)
        )
    bar.advance(task)


def _targets(
    kengetallen: list[Kengetal], monitor: list[Gemeente], rng: np.random.Generator
) -> tuple[np.ndarray, dict[int, np.ndarray], list[int], list[int]]:
    """Clients per municipality and year: the published 2022/2023 figures, and invented but
    continuous ones for 2021, 2024 and 2025 (up to the peildatum)."""
    n = len(monitor)
    y22, y23 = sim.YEARS.index(2022), sim.YEARS.index(2023)

    def published(onderwerp: str) -> np.ndarray:
        out = np.zeros((n, len(sim.YEARS)), dtype=np.int64)
        for i, g in enumerate(monitor):
            out[i, y22] = int(figure(kengetallen, onderwerp, g.code, 2022))
            out[i, y23] = int(figure(kengetallen, onderwerp, g.code, 2023))
        return out

    def extend(
        a: np.ndarray, f21: tuple[float, float], f24: tuple[float, float], f25: tuple[float, float]
    ) -> np.ndarray:
        a = a.copy()
        a[:, 0] = np.round(a[:, y22] * rng.uniform(*f21, n))
        a[:, 3] = np.round(a[:, y23] * rng.uniform(*f24, n))
        a[:, 4] = np.round(a[:, 3] * rng.uniform(*f25, n))
        return a

    total = extend(published("jeugdigen in zorg"), (0.95, 1.03), (1.0, 1.05), (0.78, 0.84))
    cat = {
        sim.S1V: extend(
            published("jeugdigen in S1-verblijf"), (0.98, 1.12), (0.88, 1.0), (0.72, 0.85)
        ),
        sim.GN: extend(
            published("jeugdigen in S2-gezinsnabij"), (0.98, 1.08), (0.9, 1.0), (0.82, 0.92)
        ),
        sim.WO: extend(published("jeugdigen in S2-wonen"), (0.25, 0.35), (1.0, 1.2), (0.75, 0.85)),
    }
    region = REGION_NAME
    s1 = [figure(kengetallen, "jeugdigen in S1-verblijf", region, y) for y in (2022, 2023)]
    s2 = [figure(kengetallen, "jeugdigen in segment 2", region, y) for y in (2022, 2023)]
    tot = [figure(kengetallen, "jeugdigen in verblijf", region, y) for y in (2022, 2023)]
    gn = [figure(kengetallen, "jeugdigen in S2-gezinsnabij", region, y) for y in (2022, 2023)]
    wo = [figure(kengetallen, "jeugdigen in S2-wonen", region, y) for y in (2022, 2023)]
    # The published totals imply these overlaps (2022: 168 + 351 - 492 = 27 in S1 and S2).
    ov_s1s2 = [int(a + b - c) for a, b, c in zip(s1, s2, tot, strict=True)]
    ov_gnwo = [int(a + b - c) for a, b, c in zip(gn, wo, s2, strict=True)]
    return total, cat, [24, *ov_s1s2, 22, 12], [0, *ov_gnwo, 5, 3]


def _concat(parts: list[sim.Trajectories]) -> sim.Trajectories:
    fields = ("client", "gem", "product", "provider", "verwijzer", "start", "end")
    cols = {f: np.concatenate([getattr(p, f) for p in parts]) for f in fields}
    # History that ended before the data begin (January 2021) is not part of the marts.
    keep = (cols["end"] == sim.OPEN) | (cols["end"] >= 0)
    cols = {f: v[keep] for f, v in cols.items()}
    # Trajectory ids in order of start date, so they read like an allocation register.
    order = np.lexsort((cols["product"], cols["client"], cols["start"]))
    return sim.Trajectories(**{f: v[order] for f, v in cols.items()})


def pseudonyms(index: np.ndarray) -> np.ndarray:
    """Stable client pseudonyms: an invertible scramble of the client number (so never two
    alike), written as 10 hex digits."""
    mask = np.uint64((1 << 40) - 1)
    x = (index.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F) & mask
    x = (x ^ np.uint64(0x5A5A5A5A5A)) & mask
    x = (x * np.uint64(0x1B873593) + np.uint64(0x2545F491)) & mask
    return np.array([f"C{v:010X}" for v in x.tolist()])


def _month_index(days: np.ndarray) -> np.ndarray:
    """Months since January 2021 of each day index."""
    epoch = np.datetime64(sim.EPOCH, "D")
    months = (epoch + days).astype("datetime64[M]") - epoch.astype("datetime64[M]")
    return months.astype(np.int64)


MONTH_VOLUME = (1.0, 1.02, 1.03, 1.0, 0.98, 0.97, 0.72, 0.68, 1.02, 1.04, 1.03, 0.86)


def _declarations(
    rng: np.random.Generator, traj: sim.Trajectories, products: list[Product]
) -> dict[str, np.ndarray]:
    """One row per trajectory and month in care up to the peildatum; a stay is declared per
    day in care, other care in hours, day parts or rides around the product's monthly mean,
    lower in the summer holidays."""
    start = np.maximum(traj.start, 0)  # declarations begin in January 2021
    end = np.where(traj.end == sim.OPEN, sim.PEIL, np.minimum(traj.end, sim.PEIL))
    epoch = np.datetime64(sim.EPOCH, "D")
    m0, m1 = _month_index(start), _month_index(end)
    count = m1 - m0 + 1
    rows = np.repeat(np.arange(len(start)), count)
    first_row = np.repeat(np.cumsum(count) - count, count)
    month = m0[rows] + (np.arange(len(rows)) - first_row)
    n_months = int(month.max()) + 2
    month_start = (
        (epoch.astype("datetime64[M]") + np.arange(n_months)).astype("datetime64[D]") - epoch
    ).astype(np.int64)
    ms, me = month_start[month], month_start[month + 1] - 1
    active = np.minimum(end[rows], me) - np.maximum(start[rows], ms) + 1
    frac = active / (me - ms + 1)

    prod = traj.product[rows]
    unit = np.array([p.eenheid for p in products])[prod]
    mean = np.array([p.volume for p in products])[prod]
    season = np.asarray(MONTH_VOLUME)[month % 12]
    raw = mean * frac * season * rng.gamma(4.0, 0.25, len(rows))
    volume = np.where(
        unit == "etmaal",
        active.astype(float),
        np.where(
            unit == "uur", np.maximum(0.25, np.round(raw * 4) / 4), np.maximum(1, np.round(raw))
        ),
    )
    return {"maand": ms, "row": rows, "volume": volume}


def _write_dims(
    con: duckdb.DuckDBPyConnection,
    gemeenten: list[Gemeente],
    products: list[Product],
    n_providers: int,
) -> None:
    con.executemany(
        "INSERT INTO dim_gemeente VALUES (?, ?, ?, ?, ?, ?)",
        [
            (g.code, g.naam, g.provincie, g.jeugdregio, g.inkoopregio, g.in_monitor)
            for g in gemeenten
        ],
    )
    con.executemany("INSERT INTO dim_segment VALUES (?, ?, ?)", list(SEGMENTEN))
    con.executemany(
        "INSERT INTO dim_product VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                p.productcode,
                p.product_naam,
                p.productcategorie,
                p.segment_nr,
                p.subsegment,
                p.eenheid,
                p.tarief_eur,
                p.is_verblijf,
            )
            for p in sorted(products, key=lambda p: p.productcode)
        ],
    )
    con.executemany("INSERT INTO dim_aanbieder VALUES (?, ?)", providers(n_providers))


def providers(n: int) -> list[tuple[str, str]]:
    """Invented providers: codes and names that belong to no real organisation."""
    rng = np.random.default_rng([SEED, 3])
    combos = [f"{k} {w}" for w in _PROVIDER_NAMES for k in _PROVIDER_KINDS]
    names = [combos[i] for i in rng.choice(len(combos), size=n, replace=False)]
    codes = 75_000_000 + rng.choice(1_000_000, size=n, replace=False)
    return [(str(c), name) for c, name in zip(codes.tolist(), names, strict=True)]


def _write_inwoners(con: duckdb.DuckDBPyConnection, monitor: list[Gemeente]) -> None:
    rows = []
    for g in monitor:
        inw, jeugd = INWONERS_2023[g.code]
        for y in range(2021, PEILDATUM.year + 1):
            rows.append(
                (y, g.code, round(inw * 1.006 ** (y - 2023)), round(jeugd * 0.997 ** (y - 2023)))
            )
    con.executemany("INSERT INTO fact_inwoners VALUES (?, ?, ?, ?)", rows)


def _write_trajecten(
    con: duckdb.DuckDBPyConnection,
    traj: sim.Trajectories,
    monitor: list[Gemeente],
    products: list[Product],
) -> None:
    codes = np.array([g.code for g in monitor])
    prov_codes = np.array([c for c, _ in providers(int(traj.provider.max()) + 1)])
    src = {
        "traject_id": np.arange(1, len(traj) + 1, dtype=np.int64),
        "client_id": pseudonyms(traj.client),
        "gemeente_code": codes[traj.gem],
        "productcode": np.array([p.productcode for p in products])[traj.product],
        "aanbieder_code": prov_codes[traj.provider],
        "verwijzer": np.array(sim.VERWIJZERS)[traj.verwijzer],
        "start_d": traj.start.astype(np.int32),
        "end_d": np.where(traj.end == sim.OPEN, np.iinfo(np.int32).min, traj.end).astype(np.int32),
    }
    con.register("src_traject", src)
    con.execute(
        "INSERT INTO fact_traject SELECT traject_id, client_id, gemeente_code, productcode, "
        "aanbieder_code, verwijzer, DATE '2021-01-01' + start_d, "
        "CASE WHEN end_d = -2147483648 THEN NULL ELSE DATE '2021-01-01' + end_d END "
        "FROM src_traject ORDER BY traject_id"
    )
    con.unregister("src_traject")


def _write_declaraties(con: duckdb.DuckDBPyConnection, decl: dict[str, np.ndarray]) -> None:
    src = {
        "maand_d": decl["maand"].astype(np.int32),
        "traject_id": (decl["row"] + 1).astype(np.int64),
        "volume": decl["volume"],
    }
    con.register("src_decl", src)
    con.execute(
        "INSERT INTO fact_declaratie SELECT DATE '2021-01-01' + s.maand_d, s.traject_id, "
        "t.gemeente_code, t.productcode, t.aanbieder_code, CAST(s.volume AS DECIMAL(10,2)), "
        "CAST(round(CAST(s.volume AS DECIMAL(10,2)) * p.tarief_eur, 2) AS DECIMAL(14,2)) "
        "FROM src_decl s JOIN fact_traject t USING (traject_id) "
        "JOIN dim_product p USING (productcode) ORDER BY 1, 2"
    )
    con.unregister("src_decl")


def _write_zorgkosten(
    con: duckdb.DuckDBPyConnection,
    kengetallen: list[Kengetal],
    monitor: list[Gemeente],
    targets_total: np.ndarray,
) -> None:
    region = REGION_NAME
    totals = tuple(
        int(figure(kengetallen, "zorgkosten jeugdwet", region, y)) // 1000
        for y in (2021, 2022, 2023)
    )
    onderwerp = "kostenontwikkeling zorgkosten jeugdwet per gemeente"
    p22 = np.array([figure(kengetallen, onderwerp, g.code, 2022) for g in monitor])
    p23 = np.array([figure(kengetallen, onderwerp, g.code, 2023) for g in monitor])
    base = targets_total[:, sim.YEARS.index(2022)] / (1 + p22 / 100)
    k = solve((totals[0], totals[1], totals[2]), (p22, p23), base.astype(float))
    rng = np.random.default_rng([SEED, 4])
    k24 = largest_remainder(
        k[:, 2] * rng.uniform(1.02, 1.09, len(monitor)), round(float(k[:, 2].sum()) * 1.055)
    )
    bron_pub = (
        "demo: verdeling verzonnen; regiototaal en ontwikkeling per gemeente zoals "
        "gepubliceerd (jaarrekeningen 11 gemeenten, programmaplan 10vdJ)"
    )
    rows = []
    for i, g in enumerate(monitor):
        for j, y in enumerate((2021, 2022, 2023)):
            rows.append((y, g.code, int(k[i, j]) * 1000, bron_pub))
        rows.append((2024, g.code, int(k24[i]) * 1000, "demo: verzonnen"))
    con.executemany("INSERT INTO fact_zorgkosten_jaar VALUES (?, ?, ?, ?)", rows)


def _write_kengetallen(con: duckdb.DuckDBPyConnection, kengetallen: list[Kengetal]) -> None:
    con.executemany(
        "INSERT INTO fact_kengetal VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (k.onderwerp, k.gebied, k.jaar, k.waarde, k.eenheid, k.bron_document, k.bron_locatie)
            for k in kengetallen
        ],
    )


def _write_meta(con: duckdb.DuckDBPyConnection, scale: int) -> None:
    meta: dict[str, Any] = {
        "peildatum": PEILDATUM.isoformat(),
        "bron": "demo",
        "versie": demo_version(),
        "scale": scale,
        "seed": SEED,
        "inwoners_bron": BRON_INWONERS,
        "omschrijving": (
            "Verzonnen demodata onder de gepubliceerde cijfers van het programmaplan "
            "Een 10 voor de Jeugd 2024-2028; aanbieders en cliënten zijn verzonnen."
        ),
        "eerste_maand": date(sim.YEARS[0], 1, 1).isoformat(),
    }
    con.executemany("INSERT INTO meta_mart VALUES (?, ?)", [(k, str(v)) for k, v in meta.items()])


def verify_published(path: Path, scale: int = 1) -> list[str]:
    """The published figures recomputed from the microdata with the contract's definitions;
    one message per mismatch (empty when all hold). Times `scale` for bigger builds."""
    from bot.marts.warehouse import open_readonly

    con = open_readonly(path)
    try:
        return _verify(con, scale)
    finally:
        con.close()


_COUNT_SQL = """
SELECT g.gemeente_code, y.jaar, count(DISTINCT t.client_id)
FROM fact_traject t
JOIN dim_gemeente g USING (gemeente_code)
JOIN dim_product p USING (productcode)
CROSS JOIN (SELECT unnest([2022, 2023]) AS jaar) y
WHERE t.startdatum <= make_date(y.jaar, 12, 31)
  AND (t.einddatum IS NULL OR t.einddatum >= make_date(y.jaar, 1, 1))
  AND ({where})
GROUP BY ALL
"""
_SELECTIONS = {
    "jeugdigen in zorg": "TRUE",
    "jeugdigen in S1-verblijf": "p.segment_nr = 1 AND p.is_verblijf",
    "jeugdigen in S2-gezinsnabij": "p.segment_nr = 2 AND p.subsegment = 'gezinsnabij'",
    "jeugdigen in S2-wonen": "p.segment_nr = 2 AND p.subsegment = 'wonen'",
    "jeugdigen in segment 2": "p.segment_nr = 2",
    "jeugdigen in verblijf": "(p.segment_nr = 1 AND p.is_verblijf) OR p.segment_nr = 2",
}


def _verify(con: duckdb.DuckDBPyConnection, scale: int) -> list[str]:
    problems: list[str] = []
    published = con.execute(
        "SELECT onderwerp, gebied, jaar, waarde FROM fact_kengetal "
        "WHERE bron_document = '000_05fd599307ad2e89.txt'"
    ).fetchall()
    want = {(o, g, j): w for o, g, j, w in published}
    for onderwerp, where in _SELECTIONS.items():
        got: dict[tuple[str, int], int] = {}
        for code, jaar, n in con.execute(_COUNT_SQL.format(where=where)).fetchall():
            got[(code, jaar)] = n
        for (o, gebied, jaar), waarde in want.items():
            if o != onderwerp:
                continue
            if gebied == REGION_NAME:
                n = sum(v for (c, j), v in got.items() if j == jaar)
                if onderwerp in ("jeugdigen in segment 2", "jeugdigen in verblijf"):
                    n = _region_distinct(con, where, jaar)
            else:
                n = got.get((gebied, jaar), 0)
            if n != waarde * scale:
                problems.append(
                    f"{onderwerp} {gebied} {jaar}: {n} in plaats van {waarde * scale:g}"
                )
    costs = dict(
        con.execute(
            "SELECT jaar, sum(zorgkosten_eur) FROM fact_zorgkosten_jaar GROUP BY jaar"
        ).fetchall()
    )
    for (o, gebied, jaar), waarde in want.items():
        if o == "zorgkosten jeugdwet" and gebied == REGION_NAME and costs.get(jaar) != waarde:
            problems.append(f"zorgkosten {jaar}: {costs.get(jaar)} in plaats van {waarde:g}")
    return problems


def _region_distinct(con: duckdb.DuckDBPyConnection, where: str, jaar: int) -> int:
    # `where` is one of the constant selections above, never outside input.
    sql = (
        "SELECT count(DISTINCT t.client_id) FROM fact_traject t "  # noqa: S608
        "JOIN dim_gemeente g USING (gemeente_code) JOIN dim_product p USING (productcode) "
        f"WHERE g.in_monitor AND ({where}) AND t.startdatum <= make_date(?, 12, 31) "
        "AND (t.einddatum IS NULL OR t.einddatum >= make_date(?, 1, 1))"
    )
    rows = con.execute(sql, [jaar, jaar]).fetchall()
    return int(rows[0][0])
