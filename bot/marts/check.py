"""Validate a mart set (a DuckDB file or a folder of Parquet files) against the contract.

A region plugs in its own marts; a wrong type, a dangling code or a duplicate key there would
silently give wrong answers, so the checker reports every deviation with the table, the
column, how many rows and an example, in Dutch, before the bot reads anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bot.marts.contract import META_KEYS_REQUIRED, PREREQUISITES, TABLES, TableSpec
from bot.marts.files import sql_literal

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
EXAMPLES = 3


@dataclass(frozen=True)
class Violation:
    """One deviation from the contract."""

    table: str
    column: str | None
    rule: str  # tabel, kolom, type, leeg, waarde, sleutel, verwijzing, meta, voorwaarde
    message: str

    def __str__(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        return f"{where}: {self.message}"


def parquet_tables(folder: Path) -> dict[str, str]:
    """Contract tables found in a Parquet folder, as DuckDB read_parquet globs.

    A table is `<table>.parquet` or a sub-folder `<table>/` of Parquet parts.
    """
    found: dict[str, str] = {}
    for name in TABLES:
        single = folder / f"{name}.parquet"
        if single.is_file():
            found[name] = str(single)
        elif (folder / name).is_dir() and any((folder / name).rglob("*.parquet")):
            found[name] = str(folder / name / "**" / "*.parquet")
    return found


def connect_mart_set(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only view of the mart set: the DuckDB file itself, or views over Parquet files."""
    path = Path(path)
    if path.is_dir():
        con = duckdb.connect()
        for name, glob in parquet_tables(path).items():
            view = _q("CREATE VIEW {t} AS SELECT * FROM read_parquet(", t=name)
            con.execute(view + sql_literal(glob) + ")")
        return con
    if not path.is_file():
        raise FileNotFoundError(f"martset niet gevonden: {path}")
    from bot.marts.warehouse import open_readonly

    return open_readonly(path)


def _q(template: str, **names: str) -> str:
    """SQL with identifiers from the contract filled in, quoted; refuses anything else."""
    for value in names.values():
        if not _IDENT.match(value):
            raise ValueError(f"ongeldige naam in controle-SQL: {value!r}")
    return template.format(**{k: f'"{v}"' for k, v in names.items()})


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> list:
    return con.execute(sql, params or []).fetchall()


def _rijen(n: int) -> str:
    return f"{n} rij" if n == 1 else f"{n} rijen"


def _examples(values: list[tuple]) -> str:
    shown = ", ".join(str(v[0]) for v in values[:EXAMPLES])
    return f" (bijv. {shown})" if shown else ""


def check_marts(path: Path) -> list[Violation]:
    """All deviations of the mart set at `path` from the contract (empty when it conforms)."""
    con = connect_mart_set(path)
    try:
        return _check(con)
    finally:
        con.close()


def _check(con: duckdb.DuckDBPyConnection) -> list[Violation]:
    out: list[Violation] = []
    present = {
        r[0]
        for r in _rows(
            con,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'",
        )
    }
    complete: set[str] = set()  # tables with every contract column present
    for name, spec in TABLES.items():
        if name not in present:
            out.append(Violation(name, None, "tabel", "tabel ontbreekt"))
            continue
        before = len(out)
        out += _check_columns(con, spec)
        if not any(v.rule == "kolom" for v in out[before:]):
            complete.add(name)
    for name in TABLES:
        if name in complete:
            out += _check_rows(con, TABLES[name])
    for name in TABLES:
        if name in complete:
            out += _check_foreign_keys(con, TABLES[name], complete)
    if "meta_mart" in complete:
        out += _check_meta(con)
    out += _check_prerequisites(con, complete)
    return out


def _check_columns(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> list[Violation]:
    actual = dict(
        _rows(
            con,
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = ?",
            [spec.name],
        )
    )
    out = []
    for col in spec.columns:
        if col.name not in actual:
            out.append(Violation(spec.name, col.name, "kolom", "kolom ontbreekt"))
        elif not col.accepts_type(actual[col.name]):
            out.append(
                Violation(
                    spec.name,
                    col.name,
                    "type",
                    f"type {actual[col.name]}, verwacht {col.type}",
                )
            )
    return out


def _check_rows(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> list[Violation]:
    out = []
    t = spec.name
    for col in spec.columns:
        if not col.nullable:
            n = _rows(con, _q("SELECT count(*) FROM {t} WHERE {c} IS NULL", t=t, c=col.name))[0][0]
            if n:
                out.append(Violation(t, col.name, "leeg", f"{_rijen(n)} zonder waarde"))
        if col.allowed is not None:
            bad = _rows(
                con,
                _q(
                    "SELECT CAST({c} AS VARCHAR) AS v, count(*) FROM {t} "
                    "WHERE {c} IS NOT NULL AND CAST({c} AS VARCHAR) NOT IN "
                    "(SELECT unnest(?::VARCHAR[])) GROUP BY v ORDER BY v",
                    t=t,
                    c=col.name,
                ),
                [list(col.allowed)],
            )
            if bad:
                n = sum(r[1] for r in bad)
                out.append(
                    Violation(
                        t,
                        col.name,
                        "waarde",
                        f"{_rijen(n)} met een waarde buiten {', '.join(col.allowed)}"
                        + _examples(bad),
                    )
                )
        if col.pattern is not None:
            bad = _rows(
                con,
                _q(
                    "SELECT DISTINCT CAST({c} AS VARCHAR) FROM {t} WHERE {c} IS NOT NULL "
                    "AND NOT regexp_full_match(CAST({c} AS VARCHAR), ?) LIMIT 100",
                    t=t,
                    c=col.name,
                ),
                [col.pattern.strip("^$")],
            )
            if bad:
                n = _rows(
                    con,
                    _q(
                        "SELECT count(*) FROM {t} WHERE {c} IS NOT NULL "
                        "AND NOT regexp_full_match(CAST({c} AS VARCHAR), ?)",
                        t=t,
                        c=col.name,
                    ),
                    [col.pattern.strip("^$")],
                )[0][0]
                out.append(
                    Violation(
                        t,
                        col.name,
                        "waarde",
                        f"{_rijen(n)} met een ongeldige code" + _examples(bad),
                    )
                )
    out += _check_key(con, spec)
    return out


def _check_key(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> list[Violation]:
    key_cols = spec.primary_key
    cols = ", ".join(_q("{c}", c=c) for c in key_cols)
    shown = " || ' / ' || ".join(_q("coalesce(CAST({c} AS VARCHAR), '-')", c=c) for c in key_cols)
    # cols and shown are built from quoted contract identifiers only.
    sql = (
        f"SELECT {shown} AS k, count(*) AS n FROM {_q('{t}', t=spec.name)} "  # noqa: S608
        f"GROUP BY {cols} HAVING count(*) > 1 ORDER BY n DESC, k LIMIT 100"
    )
    dupes = _rows(con, sql)
    if not dupes:
        return []
    total = _rows(
        con,
        f"SELECT count(*) FROM (SELECT 1 FROM {_q('{t}', t=spec.name)} "  # noqa: S608
        f"GROUP BY {cols} HAVING count(*) > 1)",
    )[0][0]
    what = "sleutel" if len(key_cols) == 1 else f"sleutel ({', '.join(key_cols)})"
    return [
        Violation(
            spec.name,
            ", ".join(key_cols),
            "sleutel",
            f"{total} {'dubbele waarde' if total == 1 else 'dubbele waarden'} van de {what}"
            + _examples(dupes),
        )
    ]


def _check_foreign_keys(
    con: duckdb.DuckDBPyConnection, spec: TableSpec, complete: set[str]
) -> list[Violation]:
    out = []
    for fk in spec.foreign_keys:
        if fk.ref_table not in complete:
            continue  # the missing table is reported already
        col, ref = fk.columns[0], fk.ref_columns[0]
        sql = _q(
            "SELECT CAST(a.{c} AS VARCHAR) AS v, count(*) FROM {t} a "
            "WHERE a.{c} IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM {r} b WHERE b.{rc} = a.{c}) GROUP BY v ORDER BY v",
            t=spec.name,
            c=col,
            r=fk.ref_table,
            rc=ref,
        )
        bad = _rows(con, sql)
        if bad:
            n = sum(r[1] for r in bad)
            noun = "code" if col != "traject_id" else "traject_id"
            out.append(
                Violation(
                    spec.name,
                    col,
                    "verwijzing",
                    f"{_rijen(n)} met {noun} die niet in {fk.ref_table} staat" + _examples(bad),
                )
            )
    return out


def _check_meta(con: duckdb.DuckDBPyConnection) -> list[Violation]:
    keys = {r[0]: r[1] for r in _rows(con, "SELECT key, value FROM meta_mart")}
    out = [
        Violation("meta_mart", "key", "meta", f"sleutel '{k}' ontbreekt")
        for k in META_KEYS_REQUIRED
        if k not in keys
    ]
    for k in META_KEYS_REQUIRED:
        if k in keys and not str(keys[k] or "").strip():
            out.append(Violation("meta_mart", "value", "meta", f"sleutel '{k}' heeft geen waarde"))
    return out


def _check_prerequisites(con: duckdb.DuckDBPyConnection, complete: set[str]) -> list[Violation]:
    out = []
    for table, description, sql in PREREQUISITES:
        needed = {t for t in TABLES if re.search(rf"\b{t}\b", sql)}
        if not needed <= complete:
            continue
        try:
            bad = _rows(con, f"SELECT DISTINCT * FROM ({sql}) LIMIT 100")  # noqa: S608 (contract constant)
            if not bad:
                continue
            n = _rows(con, f"SELECT count(*) FROM ({sql})")[0][0]  # noqa: S608
        except duckdb.Error as exc:  # e.g. a column of the wrong type
            out.append(
                Violation(table, None, "voorwaarde", f"{description}: niet te controleren ({exc})")
            )
            continue
        out.append(
            Violation(table, None, "voorwaarde", f"{_rijen(n)}: {description}" + _examples(bad))
        )
    return out
