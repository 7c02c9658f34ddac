"""The contract's metrics (docs/monitor-marts.md) once more, as plain SQL over the raw marts.

Independent of the answer path on purpose: no serving copy (srv_*), no queries/, no code from
bot/. Each figure is computed from fact_traject, fact_declaratie, fact_zorgkosten_jaar and the
dim_* tables, and the small-number rule ("standaard", bot/disclosure.py's docstring) is applied
here on its own: counts 1-4 are "minder dan 5", costs and averages about fewer than 5 youths
are not shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

SMALL = 5  # counts below this (but above 0) are not shown as such


@dataclass(frozen=True)
class Expected:
    """What the bot may show: `value` (None = must not be shown) and whether it is suppressed."""

    value: float | None
    suppressed: bool = False


Filter = tuple[str, object] | None  # ("segment", 2), ("verwijzer", "huisarts"), ("productcode", ..)

_FILTER_SQL = {
    "segment": "p.segment_nr = ?",
    "productcode": "p.productcode = ?",
    "aanbieder": "{t}.aanbieder_code = ?",
    # the verwijzer of a declaration is that of its trajectory
    "verwijzer": "{t}.traject_id IN (SELECT traject_id FROM fact_traject WHERE verwijzer = ?)",
}


def _where(filt: Filter, t: str) -> tuple[str, list[object]]:
    if filt is None:
        return "", []
    return " AND " + _FILTER_SQL[filt[0]].format(t=t), [filt[1]]


class Oracle:
    def __init__(self, marts: Path) -> None:
        self.con = duckdb.connect(str(marts), read_only=True)
        self.peildatum = date.fromisoformat(
            self.con.execute("SELECT value FROM meta_mart WHERE key = 'peildatum'").fetchall()[0][0]
        )
        rows = self.con.execute(
            "SELECT gemeente_code, gemeente_naam FROM dim_gemeente WHERE in_monitor ORDER BY 2"
        ).fetchall()
        self.gemeenten: dict[str, str] = dict(rows)
        self._cache: dict[tuple[object, ...], float | None] = {}

    def close(self) -> None:
        self.con.close()

    # -- raw figures -----------------------------------------------------------------------

    def _one(self, sql: str, params: list[object]) -> float | None:
        key = (sql, *[tuple(p) if isinstance(p, list) else p for p in params])
        if key not in self._cache:
            row = self.con.execute(sql, params).fetchone()
            self._cache[key] = None if row is None or row[0] is None else float(row[0])
        return self._cache[key]

    _TRAJECT = """
        FROM fact_traject AS t JOIN dim_product AS p USING (productcode)
        WHERE list_contains(?, t.gemeente_code)"""

    def jeugdigen(self, codes: list[str], start: date, end: date, filt: Filter) -> int:
        w, a = _where(filt, "t")
        sql = f"""SELECT count(DISTINCT client_id) {self._TRAJECT}{w}
          AND t.startdatum <= ? AND (t.einddatum IS NULL OR t.einddatum >= ?)"""
        return int(self._one(sql, [codes, *a, end, start]) or 0)

    def trajecten(self, kind: str, codes: list[str], start: date, end: date, filt: Filter) -> int:
        cond = {
            "gestart": "t.startdatum BETWEEN ? AND ? AND ? IS NOT NULL",
            "beeindigd": "t.einddatum BETWEEN ? AND ? AND ? IS NOT NULL",
            "lopend": "t.startdatum <= ? AND (t.einddatum IS NULL OR t.einddatum >= ?)"
            " AND ? IS NOT NULL",
        }[kind]
        args: list[object] = [start, end, 1] if kind != "lopend" else [end, start, 1]
        w, a = _where(filt, "t")
        sql = f"SELECT count(*) {self._TRAJECT}{w} AND {cond}"
        return int(self._one(sql, [codes, *a, *args]) or 0)

    def kosten(self, codes: list[str], start: date, end: date, filt: Filter) -> float:
        w, a = _where(filt, "d")
        sql = f"""SELECT sum(d.bedrag_eur)
            FROM fact_declaratie AS d JOIN dim_product AS p USING (productcode)
            WHERE list_contains(?, d.gemeente_code){w}
              AND d.maand BETWEEN ? AND ?"""
        return self._one(sql, [codes, *a, start, end]) or 0.0

    def zorgkosten(self, codes: list[str], jaar: int) -> float | None:
        sql = """SELECT CASE WHEN count(*) = len(?) THEN sum(zorgkosten_eur) END
            FROM fact_zorgkosten_jaar WHERE list_contains(?, gemeente_code) AND jaar = ?"""
        return self._one(sql, [codes, codes, jaar])

    # -- figures as they may be shown --------------------------------------------------------

    def expected(
        self, measure: str, codes: list[str], start: date, end: date, filt: Filter
    ) -> Expected:
        if measure == "zorgkosten":
            return Expected(self.zorgkosten(codes, start.year))
        if measure == "jeugdigen":
            return _count(self.jeugdigen(codes, start, end, filt))
        if measure in ("gestart", "beeindigd", "lopend"):
            return _count(self.trajecten(measure, codes, start, end, filt))
        youths = self.jeugdigen(codes, start, end, filt)
        amount = self.kosten(codes, start, end, filt)
        if youths < SMALL and not (measure == "kosten" and youths == 0 and amount == 0):
            return Expected(None, suppressed=True)
        if measure == "kosten":
            return Expected(amount)
        if measure == "kosten_per_client":
            return Expected(amount / youths)
        raise ValueError(measure)


def _count(n: int) -> Expected:
    return Expected(None, suppressed=True) if 0 < n < SMALL else Expected(float(n))
