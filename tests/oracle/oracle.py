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
LATER_MEASURES = ("per_1000", "trajectduur", "aanbieders")


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
    # the 0-meting's cells (tests/oracle/cells_published.py): S2-gezinsnabij and S2-wonen are
    # subsegments; verblijf is segment 1 with verblijf and all of segment 2 (the contract)
    "subsegment": "p.subsegment = ?",
    "s1_verblijf": "(p.segment_nr = 1 AND p.is_verblijf) = ?",
    "verblijf": "((p.segment_nr = 1 AND p.is_verblijf) OR p.segment_nr = 2) = ?",
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

    # -- the measures added later: per 1.000 jeugdigen, trajectduur, aanbieders (one block) ---

    def trajectduur(
        self, codes: list[str], start: date, end: date, filt: Filter
    ) -> tuple[float | None, int]:
        """Mean days start to end of the trajectories ended in the period, and their youths
        (the small-number rule is about the youths behind the mean, not the trajectories)."""
        w, a = _where(filt, "t")
        base = f"{self._TRAJECT}{w} AND t.einddatum BETWEEN ? AND ?"
        args = [codes, *a, start, end]
        days = self._one(f"SELECT avg(date_diff('day', t.startdatum, t.einddatum)) {base}", args)
        youths = self._one(f"SELECT count(DISTINCT client_id) {base}", args)
        return days, int(youths or 0)

    def aanbieders(self, codes: list[str], start: date, end: date, filt: Filter) -> int:
        w, a = _where(filt, "t")
        sql = f"""SELECT count(DISTINCT t.aanbieder_code) {self._TRAJECT}{w}
          AND t.startdatum <= ? AND (t.einddatum IS NULL OR t.einddatum >= ?)"""
        return int(self._one(sql, [codes, *a, end, start]) or 0)

    def jeugdigen_0_17(self, codes: list[str], jaar: int) -> int | None:
        """Inhabitants 0-17 of the area in that year; None unless every gemeente has the year."""
        sql = """SELECT CASE WHEN count(*) = len(?) THEN sum(jeugdigen_0_17) END
            FROM fact_inwoners WHERE list_contains(?, gemeente_code) AND jaar = ?"""
        n = self._one(sql, [codes, codes, jaar])
        return None if n is None else int(n)

    def rate(
        self, count: str, codes: list[str], start: date, end: date, filt: Filter, per: str
    ) -> Expected:
        """A count (jeugdigen, gestart, beeindigd, lopend) or the declared costs per 1.000
        inhabitants 0-17 (`per` "jeugdigen_0_17") or of all ages ("inwoners") of the period's
        calendar year; hidden with its numerator (a count 1-4, costs of 1-4 youths)."""
        column = {
            "jeugdigen_0_17": "jeugdigen_0_17",
            "inwoners": "inwoners",
            "jeugdige_0_17": "jeugdigen_0_17",  # per head: euros per jeugdige inwoner
            "inwoner": "inwoners",
        }[per]
        scale = 1 if per in ("jeugdige_0_17", "inwoner") else 1000
        sql = f"""SELECT CASE WHEN count(*) = len(?) THEN sum({column}) END
            FROM fact_inwoners WHERE list_contains(?, gemeente_code) AND jaar = ?"""
        base = self._one(sql, [codes, codes, end.year]) if start.year == end.year else None
        if count == "zorgkosten":  # the annual accounts of that year: no youths behind them
            total = self.zorgkosten(codes, end.year) if start.year == end.year else None
            return Expected(total / base * scale if base and total is not None else None)
        if count == "kosten":
            youths = self.jeugdigen(codes, start, end, filt)
            amount = self.kosten(codes, start, end, filt)
            if youths < SMALL and not (youths == 0 and amount == 0):
                return Expected(None, suppressed=True)
            return Expected(amount / base * scale if base else None)
        if count == "jeugdigen":
            n = self.jeugdigen(codes, start, end, filt)
        else:
            n = self.trajecten(count, codes, start, end, filt)
        if 0 < n < SMALL:
            return Expected(None, suppressed=True)
        return Expected(n / base * 1000 if base else None)

    def _expected_later(
        self, measure: str, codes: list[str], start: date, end: date, filt: Filter
    ) -> Expected:
        if measure == "aanbieders":
            return _count(self.aanbieders(codes, start, end, filt))
        if measure == "per_1000":
            # the count over the period per 1.000 inhabitants 0-17 of the period's last year,
            # hidden with its numerator (1-4 youths)
            count = self.jeugdigen(codes, start, end, filt)
            base = self.jeugdigen_0_17(codes, end.year)
            if 0 < count < SMALL:
                return Expected(None, suppressed=True)
            return Expected(count / base * 1000 if base else None)
        days, ended = self.trajectduur(codes, start, end, filt)  # an average about its youths
        if days is not None and ended < SMALL:
            return Expected(None, suppressed=True)
        return Expected(days)

    # -- figures as they may be shown --------------------------------------------------------

    def expected(
        self, measure: str, codes: list[str], start: date, end: date, filt: Filter
    ) -> Expected:
        if measure in LATER_MEASURES:
            return self._expected_later(measure, codes, start, end, filt)
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
