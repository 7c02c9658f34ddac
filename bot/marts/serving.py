"""The serving copy: the marts laid out for answering, built once per marts file.

The contract describes the marts as the data team delivers them: pseudonyms as strings, facts in
load order, a row per declaration per month. Answering straight from that layout makes every
count a hash over millions of strings and every cost a scan of every declaration, so latency
grows with the size of the region. The serving copy keeps the same facts in a layout made for
the questions, and the runtime connection opens *it*, read-only and hardened like the marts:

- `srv_traject`: fact_traject sorted on (gemeente_code, startdatum), so a question about one
  gemeente reads only its row groups; `client_nr` is a dense integer per client_id (a bijection,
  so distinct counts are unchanged) and `eind` is einddatum with open trajectories at
  9999-12-31, so the overlap test is one comparison;
- `srv_kosten_maand`: bedrag_eur summed per month, gemeente, product and the verwijzer of the
  trajectory (and `srv_kosten_aanbieder_maand` per aanbieder): costs are additive, so every
  cost question over whole months gives the same sum from a table whose size no longer grows
  with the number of declarations;
- `srv_jaar` (jeugdigen in zorg, lopende trajecten, kosten) and `srv_trajecten_jaar`: per
  calendar year, half-year, quarter and month (the running one both whole and clipped to the
  data end), per monitor gemeente and for all of them together, in total and split by one
  dimension (parts of a year: by segment only): distinct counts do not add up, so the figures
  asked most are counted once, here;
- the small tables (dimensions, population, annual accounts, kengetallen, meta) as they are.

The copy is keyed on the marts file (path, size, modification time) and on the text of this
layout, so a new delivery or a new layout gives a new copy; building happens under a file lock
and lands with an atomic rename, as the Parquet import does. Nothing here sees user input.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import time
from pathlib import Path

import duckdb

from bot.marts.files import locked, sql_literal, temp_path

log = logging.getLogger(__name__)

# Tables copied unchanged from the marts (small: dimensions and yearly facts).
COPIED = (
    "meta_mart",
    "dim_gemeente",
    "dim_product",
    "dim_segment",
    "dim_aanbieder",
    "fact_inwoners",
    "fact_zorgkosten_jaar",
    "fact_kengetal",
)

# Dense client numbers: row_number over the sorted distinct pseudonyms.
_CLIENTS = """
CREATE TEMP TABLE clients AS
SELECT client_id, CAST(row_number() OVER (ORDER BY client_id) AS INTEGER) AS client_nr
FROM (SELECT DISTINCT client_id FROM src.fact_traject)
"""

_TRAJECT = """
CREATE TABLE srv_traject AS
SELECT
    t.traject_id,
    c.client_nr,
    t.gemeente_code,
    t.productcode,
    t.aanbieder_code,
    t.verwijzer,
    t.startdatum,
    t.einddatum,
    coalesce(t.einddatum, DATE '9999-12-31') AS eind
FROM src.fact_traject AS t
JOIN clients AS c ON c.client_id = t.client_id
ORDER BY t.gemeente_code, t.startdatum
"""

# Declarations summed per month. The declaration's own gemeente, product and aanbieder (the
# contract requires them to equal the trajectory's); the verwijzer is the trajectory's. The
# table without the aanbieder is summed from the one with it: the breakdowns need the
# aanbieder, the other cost questions are faster on fewer rows.
_KOSTEN_AANBIEDER = """
CREATE TABLE srv_kosten_aanbieder_maand AS
SELECT
    d.maand,
    d.gemeente_code,
    d.productcode,
    d.aanbieder_code,
    t.verwijzer,
    sum(d.bedrag_eur) AS bedrag_eur
FROM src.fact_declaratie AS d
LEFT JOIN src.fact_traject AS t ON t.traject_id = d.traject_id
GROUP BY ALL
ORDER BY d.gemeente_code, d.maand
"""

_KOSTEN = """
CREATE TABLE srv_kosten_maand AS
SELECT maand, gemeente_code, productcode, verwijzer, sum(bedrag_eur) AS bedrag_eur
FROM srv_kosten_aanbieder_maand
GROUP BY ALL
ORDER BY gemeente_code, maand
"""

# Calendar periods from the first trajectory's year to the data end (the last declared month,
# and never past the peildatum): years, and within them half-years, quarters and months, as the
# bot spans them. The one that holds the data end is there both clipped to it and whole, as the
# bot asks for both (a trend stops at the data end; "in 2025" is the calendar year, whose
# jeugdigen include any trajectory that starts after the data end, as the contract defines
# them). `jaar` tells a year from a part of one.
_PERIODEN = """
CREATE TEMP TABLE perioden AS
WITH bounds AS (
    SELECT
        (SELECT min(startdatum) FROM srv_traject) AS first_day,
        least(
            (SELECT CAST(max(maand) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE)
             FROM srv_kosten_maand),
            (SELECT CAST(value AS DATE) FROM meta_mart WHERE key = 'peildatum')
        ) AS last_day
),
-- Each kind of period as (first month, number of months) within its year.
soorten AS (
    SELECT * FROM (VALUES (1, 12), (1, 6), (7, 6), (1, 3), (4, 3), (7, 3), (10, 3))
        AS k(first_month, months)
    UNION ALL
    SELECT CAST(m AS INTEGER), 1 FROM range(1, 13) AS r(m)
),
kalender AS (
    SELECT
        make_date(CAST(y AS INTEGER), k.first_month, 1) AS p_start,
        CAST(
            make_date(CAST(y AS INTEGER), k.first_month, 1)
            + to_months(k.months) - INTERVAL 1 DAY AS DATE
        ) AS p_end,
        k.months = 12 AS jaar
    FROM bounds AS b, range(year(b.first_day), year(b.last_day) + 1) AS r(y), soorten AS k
)
SELECT p_start, p_end, bool_or(jaar) AS jaar  -- a clipped year may equal a half-year
FROM (
    SELECT k.p_start, least(k.p_end, b.last_day) AS p_end, k.jaar
    FROM kalender AS k, bounds AS b
    WHERE k.p_start <= b.last_day
    UNION ALL
    SELECT k.p_start, k.p_end, k.jaar
    FROM kalender AS k, bounds AS b
    WHERE k.p_start <= b.last_day AND k.p_end > b.last_day
)
GROUP BY p_start, p_end
"""

# Trajectories and monthly costs per calendar year, with the dimensions a question can filter
# or split on. Only the monitor's gemeenten: "all gemeenten together" must mean the region the
# bot answers for.
_TRAJECT_JAAR = """
CREATE TEMP TABLE traject_jaar AS
SELECT
    j.p_start, j.p_end, t.gemeente_code, p.segment_nr, t.productcode, t.verwijzer,
    t.aanbieder_code, t.client_nr, t.startdatum, t.einddatum
FROM perioden AS j
JOIN srv_traject AS t ON t.startdatum <= j.p_end AND t.eind >= j.p_start
JOIN dim_product AS p ON p.productcode = t.productcode
JOIN dim_gemeente AS g ON g.gemeente_code = t.gemeente_code AND g.in_monitor
WHERE j.jaar
"""

_KOSTEN_MAAND_JAAR = """
CREATE TEMP TABLE kosten_maand_jaar AS
SELECT
    j.p_start, j.p_end, k.gemeente_code, p.segment_nr, k.productcode, k.verwijzer,
    k.aanbieder_code, k.bedrag_eur
FROM perioden AS j
JOIN srv_kosten_aanbieder_maand AS k ON k.maand >= j.p_start AND k.maand <= j.p_end
JOIN dim_product AS p ON p.productcode = k.productcode
JOIN dim_gemeente AS g ON g.gemeente_code = k.gemeente_code AND g.in_monitor
WHERE j.jaar
"""

# The same for the parts of a year, with only the segment to split on: a trajectory overlaps
# six months on average, so these rows outnumber the yearly ones several times, and splitting
# them by product, verwijzer and aanbieder as well made the build six times slower (17 s
# instead of 3 s at 10x). Questions that need those splits per month are counted from the
# trajectories (bot/intents/measures.py, yearly_area).
_TRAJECT_DEEL = """
CREATE TEMP TABLE traject_deel AS
SELECT
    j.p_start, j.p_end, t.gemeente_code, p.segment_nr, t.client_nr, t.startdatum, t.einddatum
FROM perioden AS j
JOIN srv_traject AS t ON t.startdatum <= j.p_end AND t.eind >= j.p_start
JOIN dim_product AS p ON p.productcode = t.productcode
JOIN dim_gemeente AS g ON g.gemeente_code = t.gemeente_code AND g.in_monitor
WHERE NOT j.jaar
"""

_KOSTEN_MAAND_DEEL = """
CREATE TEMP TABLE kosten_maand_deel AS
SELECT j.p_start, j.p_end, k.gemeente_code, p.segment_nr, k.bedrag_eur
FROM perioden AS j
JOIN srv_kosten_maand AS k ON k.maand >= j.p_start AND k.maand <= j.p_end
JOIN dim_product AS p ON p.productcode = k.productcode
JOIN dim_gemeente AS g ON g.gemeente_code = k.gemeente_code AND g.in_monitor
WHERE NOT j.jaar
"""

# The rows of the yearly figures: per gemeente and for all gemeenten together, in total and
# split by one of segment, product, verwijzer or aanbieder (parts of a year: by segment only).
# The alle_* flags say which columns a row is not split on. Shared by the youth and the cost
# aggregation, so their rows match.
_SPLIT_COLUMNS = """
    p_start, p_end, gemeente_code, segment_nr, productcode, verwijzer, aanbieder_code,
    grouping(gemeente_code) = 1 AS alle_gemeenten,
    grouping(segment_nr) = 1 AS alle_segmenten,
    grouping(productcode) = 1 AS alle_producten,
    grouping(verwijzer) = 1 AS alle_verwijzers,
    grouping(aanbieder_code) = 1 AS alle_aanbieders,"""

_SPLITS = """
GROUP BY GROUPING SETS (
    (p_start, p_end, gemeente_code), (p_start, p_end),
    (p_start, p_end, gemeente_code, segment_nr), (p_start, p_end, segment_nr),
    (p_start, p_end, gemeente_code, productcode), (p_start, p_end, productcode),
    (p_start, p_end, gemeente_code, verwijzer), (p_start, p_end, verwijzer),
    (p_start, p_end, gemeente_code, aanbieder_code), (p_start, p_end, aanbieder_code)
)"""

# UNION ALL BY NAME leaves the columns a part of a year is not split on NULL.
_DEEL_COLUMNS = """
    p_start, p_end, gemeente_code, segment_nr,
    grouping(gemeente_code) = 1 AS alle_gemeenten,
    grouping(segment_nr) = 1 AS alle_segmenten,
    true AS alle_producten,
    true AS alle_verwijzers,
    true AS alle_aanbieders,"""

_DEEL_SPLITS = """
GROUP BY GROUPING SETS (
    (p_start, p_end, gemeente_code), (p_start, p_end),
    (p_start, p_end, gemeente_code, segment_nr), (p_start, p_end, segment_nr)
)"""

# Jeugdigen in zorg and lopende trajecten per period: the single figures and the breakdowns.
_JEUGDIGEN_JAAR = f"""
CREATE TEMP TABLE jeugdigen_jaar AS
SELECT{_SPLIT_COLUMNS}
    count(DISTINCT client_nr) AS jeugdigen,
    count(*) AS lopend
FROM traject_jaar{_SPLITS}
UNION ALL BY NAME
SELECT{_DEEL_COLUMNS}
    count(DISTINCT client_nr) AS jeugdigen,
    count(*) AS lopend
FROM traject_deel{_DEEL_SPLITS}
"""

# Kosten per period with the same rows.
_KOSTEN_JAAR = f"""
CREATE TEMP TABLE kosten_jaar AS
SELECT{_SPLIT_COLUMNS}
    sum(bedrag_eur) AS kosten
FROM kosten_maand_jaar{_SPLITS}
UNION ALL BY NAME
SELECT{_DEEL_COLUMNS}
    sum(bedrag_eur) AS kosten
FROM kosten_maand_deel{_DEEL_SPLITS}
"""

# Both in one row, so a yearly figure is one lookup in one table. A row is identified by its
# span (p_start and p_end: the running year is there twice, whole and clipped), its keys and
# the flags that say which keys are split. Keys may be NULL (a product without a segment), so
# they are matched as values.
_ROW_ID = (
    "p_start", "p_end", "gemeente_code", "segment_nr", "productcode", "verwijzer",
    "aanbieder_code", "alle_gemeenten", "alle_segmenten", "alle_producten", "alle_verwijzers",
    "alle_aanbieders",
)  # fmt: skip
_ROW_ID_COLUMNS = ",\n    ".join(f"coalesce(c.{x}, k.{x}) AS {x}" for x in _ROW_ID)
_ROW_ID_MATCH = "\n    AND ".join(f"k.{x} IS NOT DISTINCT FROM c.{x}" for x in _ROW_ID)
# Built from the constant names above only; nothing here sees user input.
_JAAR = f"""
CREATE TABLE srv_jaar AS
SELECT
    {_ROW_ID_COLUMNS},
    coalesce(c.jeugdigen, 0) AS jeugdigen,
    coalesce(c.lopend, 0) AS lopend,
    k.kosten
FROM jeugdigen_jaar AS c
FULL OUTER JOIN kosten_jaar AS k
    ON {_ROW_ID_MATCH}
ORDER BY p_start, gemeente_code
"""  # noqa: S608

# The trajectory figures per period (started, ended, running, mean duration of the ended ones
# and the distinct youths behind that mean), in total, per segment and per verwijzer (parts of
# a year: in total and per segment).
_TRAJECT_FIGURES = """
    count(*) FILTER (WHERE startdatum >= p_start) AS gestart,
    count(*) FILTER (WHERE einddatum <= p_end) AS beeindigd,
    count(*) AS lopend,
    avg(date_diff('day', startdatum, einddatum)) FILTER (WHERE einddatum <= p_end) AS gem_duur,
    count(DISTINCT client_nr) FILTER (WHERE einddatum <= p_end) AS jeugdigen_beeindigd"""

_TRAJECTEN_JAAR = f"""
CREATE TABLE srv_trajecten_jaar AS
SELECT
    p_start, p_end, gemeente_code, segment_nr, verwijzer,
    grouping(gemeente_code) = 1 AS alle_gemeenten,
    grouping(segment_nr) = 1 AS alle_segmenten,
    grouping(verwijzer) = 1 AS alle_verwijzers,{_TRAJECT_FIGURES}
FROM traject_jaar
GROUP BY GROUPING SETS (
    (p_start, p_end, gemeente_code), (p_start, p_end),
    (p_start, p_end, gemeente_code, segment_nr), (p_start, p_end, segment_nr),
    (p_start, p_end, gemeente_code, verwijzer), (p_start, p_end, verwijzer)
)
UNION ALL BY NAME
SELECT
    p_start, p_end, gemeente_code, segment_nr,
    grouping(gemeente_code) = 1 AS alle_gemeenten,
    grouping(segment_nr) = 1 AS alle_segmenten,
    true AS alle_verwijzers,{_TRAJECT_FIGURES}
FROM traject_deel{_DEEL_SPLITS}
ORDER BY p_start, gemeente_code
"""  # noqa: S608  (built from the constants above only)

LAYOUT = (
    _CLIENTS,
    _TRAJECT,
    _KOSTEN_AANBIEDER,
    _KOSTEN,
    _PERIODEN,
    _TRAJECT_JAAR,
    _KOSTEN_MAAND_JAAR,
    _TRAJECT_DEEL,
    _KOSTEN_MAAND_DEEL,
    _JEUGDIGEN_JAAR,
    _KOSTEN_JAAR,
    _JAAR,
    _TRAJECTEN_JAAR,
)
DERIVED = (
    "srv_traject",
    "srv_kosten_maand",
    "srv_kosten_aanbieder_maand",
    "srv_jaar",
    "srv_trajecten_jaar",
)
TABLES: frozenset[str] = frozenset(COPIED + DERIVED)


def layout_key() -> str:
    """Changes whenever the layout above changes, so an old copy is never used."""
    return hashlib.sha256("\0".join((*COPIED, *LAYOUT)).encode()).hexdigest()[:12]


def serving_key(marts: Path) -> str:
    st = marts.stat()
    ident = f"{marts.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0{layout_key()}"
    return hashlib.sha256(ident.encode()).hexdigest()[:16]


def serving_path(marts: Path, cache_dir: Path) -> Path:
    """The serving copy of `marts`, built now if it is not there yet."""
    marts = Path(marts)
    target = Path(cache_dir) / f"{_prefix(marts)}{serving_key(marts)}.duckdb"
    if target.is_file():
        return target
    with locked(target):
        if not target.is_file():  # another process may have built it while we waited
            build(marts, target)
            _remove_older(target, _prefix(marts))
    return target


def build(marts: Path, target: Path, threads: int = 2) -> Path:
    """Build the serving copy of `marts` into `target` (replaced atomically)."""
    started = time.perf_counter()
    tmp = temp_path(target)
    try:
        con = duckdb.connect(str(tmp), config={"threads": max(1, threads)})
        try:
            con.execute("SET enable_progress_bar = false")
            # The marts path is ours (configuration), quoted as a literal; never user text.
            con.execute(f"ATTACH {sql_literal(str(marts))} AS src (READ_ONLY)")
            for name in COPIED:
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM src.{name}")  # noqa: S608
            for statement in LAYOUT:
                con.execute(statement)
            con.execute("DETACH src")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    log.info("serving copy built in %.1f s: %s", time.perf_counter() - started, target.name)
    return target


def _prefix(marts: Path) -> str:
    """Names the marts file: its stem for people, a hash of its full path for uniqueness."""
    where = hashlib.sha256(str(marts.resolve()).encode()).hexdigest()[:8]
    return f"serving-{marts.stem}-{where}-"


def _remove_older(current: Path, prefix: str) -> None:
    """Earlier copies of the same marts file, superseded by `current`. A process that still
    has one open keeps reading it (the file lives until it is closed)."""
    for old in current.parent.glob(f"{prefix}*.duckdb"):
        if old != current:
            with contextlib.suppress(OSError):
                old.unlink()
