"""Hardened, read-only access to the monitor marts: the only place SQL is executed.

One DuckDB connection opened read-only with external access, extension autoloading and
configuration changes switched off; every query runs on its own cursor, under a concurrency
cap and a timeout that interrupts it. Only registered, validated templates are executed.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from bot.config import Settings
from bot.marts.serving import serving_path
from bot.marts.sqlguard import Query, check, load_query, registered

log = logging.getLogger(__name__)


class WarehouseError(RuntimeError):
    """A query could not be answered; `message` is the Dutch text for the user."""

    message = "Er ging iets mis bij het ophalen van de cijfers. Probeer het later opnieuw."


class QueryTimeout(WarehouseError):
    message = (
        "Het ophalen van de cijfers duurde te lang en is afgebroken. "
        "Maak de vraag kleiner (bijvoorbeeld één gemeente of één jaar) en probeer het opnieuw."
    )


class QueryMemoryError(WarehouseError):
    message = (
        "Deze vraag vraagt te veel geheugen om te beantwoorden. "
        "Maak de vraag kleiner (bijvoorbeeld één gemeente of één jaar)."
    )


class TooManyRows(WarehouseError):
    """More rows than `max_rows`: never cut silently, since a caller that fills absent rows with
    0 (a period nobody matched) would then show a wrong 0 (issue 12: the months of a regio
    series past the cap showed € 0)."""

    message = (
        "Deze vraag geeft te veel uitkomsten om te tonen. "
        "Maak de vraag kleiner (bijvoorbeeld één gemeente of één jaar)."
    )


class UnregisteredQuery(WarehouseError):
    """Raised when code tries to run SQL that is not a registered template."""


class _Watchdog:
    """One thread that interrupts the queries that overrun their time.

    A threading.Timer per query started and joined a thread for every query: about 0.5 ms each,
    a tenth of a whole answer. The deadlines live in a dict, not a heap: at most as many queries
    are in flight as the warehouse has slots, so the next deadline is a min over a handful."""

    def __init__(self) -> None:
        self._cv = threading.Condition()
        self._due: dict[int, tuple[float, Callable[[], None]]] = {}
        self._tokens = itertools.count()
        self._thread: threading.Thread | None = None

    def schedule(self, delay_s: float, fire: Callable[[], None]) -> int:
        with self._cv:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="query-watchdog")
                self._thread.daemon = True
                self._thread.start()
            token = next(self._tokens)
            self._due[token] = (time.monotonic() + delay_s, fire)
            self._cv.notify()
            return token

    def cancel(self, token: int) -> None:
        with self._cv:
            self._due.pop(token, None)

    def _loop(self) -> None:
        while True:
            with self._cv:
                while True:
                    if not self._due:
                        self._cv.wait()
                        continue
                    token, (deadline, fire) = min(self._due.items(), key=lambda kv: kv[1][0])
                    left = deadline - time.monotonic()
                    if left <= 0:
                        del self._due[token]
                        break
                    self._cv.wait(left)
            try:
                fire()
            except Exception:  # a cursor closed in the meantime: nothing left to interrupt
                log.debug("query-watchdog: interrupt failed", exc_info=True)


_WATCHDOG = _Watchdog()


@dataclass(frozen=True)
class Gemeente:
    code: str
    naam: str
    provincie: str | None
    jeugdregio: str | None
    inkoopregio: str | None
    in_monitor: bool


@dataclass(frozen=True)
class Product:
    code: str
    naam: str
    categorie: str | None
    segment_nr: int | None
    subsegment: str | None
    is_verblijf: bool


@dataclass(frozen=True)
class Segment:
    nr: int
    naam: str
    omschrijving: str | None


_Q_META = load_query("meta_mart", set())
_Q_GEMEENTEN = load_query("dim_gemeente", set())
_Q_PRODUCTEN = load_query("dim_product", set())
_Q_SEGMENTEN = load_query("dim_segment", set())
_Q_DEKKING = load_query("dekking", set())
_Q_AANBIEDERS = load_query("dim_aanbieder", set())
_Q_JEUGDIGEN_JAREN = load_query("jeugdigen_jaren", set())


def open_readonly(path: Path, settings: Settings | None = None) -> duckdb.DuckDBPyConnection:
    """A hardened read-only connection to a marts file.

    Every reader in the process opens the file this way: DuckDB shares one database per
    file within a process and refuses a second connection with a different configuration,
    so the bot, the checker and the evaluation must agree on it.
    """
    if settings is None:
        from bot.config import get_settings

        settings = get_settings()
    con = duckdb.connect(
        str(path),
        read_only=True,
        config={
            "enable_external_access": False,
            "autoload_known_extensions": False,
            "autoinstall_known_extensions": False,
            "threads": settings.threads_per_query(),
            "memory_limit": settings.duckdb_memory_limit,
        },
    )
    # Locked last: from here on no statement can loosen any of the settings above. The
    # shared database may be locked already by an earlier connection; setting it again
    # would be refused.
    locked = con.execute("SELECT current_setting('lock_configuration')").fetchone()
    if not (locked and locked[0]):
        con.execute("SET lock_configuration = true")
    return con


class Warehouse:
    """The marts behind a small interface: `run(query, params) -> rows`."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path = Path(path)
        self.settings = settings
        # Answers come from the serving copy of the marts: the same facts in a layout made
        # for the questions (bot/marts/serving.py), opened as hardened as the marts would be.
        self.serving = serving_path(self.path, settings.serving_path())
        self._con = open_readonly(self.serving, settings)
        self._slots = threading.BoundedSemaphore(max(1, settings.max_concurrent_queries))
        self._lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self._load_reference()

    # -- reference data, read once -------------------------------------------------------

    def _load_reference(self) -> None:
        meta = {str(k): str(v) for k, v in self.run(_Q_META, {}, capped=False)}
        self.meta = meta
        self.peildatum = date.fromisoformat(meta["peildatum"][:10])
        self.bron = meta.get("bron", "")
        self.versie = meta.get("versie", "")
        self.demo = self.bron.strip().lower() == "demo"
        self.gemeenten = {
            r[0]: Gemeente(r[0], r[1], r[2], r[3], r[4], bool(r[5]))
            for r in self.run(_Q_GEMEENTEN, {}, capped=False)
        }
        self.producten = {
            r[0]: Product(r[0], r[1], r[2], r[3], r[4], bool(r[5]))
            for r in self.run(_Q_PRODUCTEN, {}, capped=False)
        }
        self.segmenten = {
            r[0]: Segment(r[0], r[1], r[2]) for r in self.run(_Q_SEGMENTEN, {}, capped=False)
        }
        self.aanbieders = {str(r[0]): str(r[1]) for r in self.run(_Q_AANBIEDERS, {}, capped=False)}
        first, last, first_year, last_year, *population = self.run(_Q_DEKKING, {}, capped=False)[0]
        self.data_start: date = first
        # laatste_maand is the first day of the last declared month: the data run to its end.
        if last:
            nxt = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
            self.data_end: date = min(date.fromordinal(nxt.toordinal() - 1), self.peildatum)
        else:
            self.data_end = self.peildatum
        self.zorgkosten_jaren = (first_year, last_year)
        # The population has years of its own: a year without accounts may have inhabitants.
        self.inwoners_jaren: tuple[int, int] = (
            (population[0], population[1]) if population[0] is not None else (first_year, last_year)
        )
        # The (start, end) spans with precomputed counts in the serving copy, and those of
        # them split by every dimension (years), not by segment only (parts of a year).
        spans = self.run(_Q_JEUGDIGEN_JAREN, {}, capped=False)
        self.jeugdigen_jaren: frozenset[tuple[date, date]] = frozenset((r[0], r[1]) for r in spans)
        self.jaren_alle_splitsingen: frozenset[tuple[date, date]] = frozenset(
            (r[0], r[1]) for r in spans if r[2]
        )

    @property
    def monitor_codes(self) -> list[str]:
        """The municipalities whose care data the marts hold, in name order."""
        return sorted(
            (g.code for g in self.gemeenten.values() if g.in_monitor),
            key=lambda c: self.gemeenten[c].naam,
        )

    @property
    def regio_naam(self) -> str:
        names = {g.inkoopregio for g in self.gemeenten.values() if g.in_monitor and g.inkoopregio}
        return names.pop() if len(names) == 1 else "de monitorregio"

    # -- execution ----------------------------------------------------------------------------

    def run(
        self, query: Query, params: dict[str, Any], *, capped: bool = True
    ) -> list[tuple[Any, ...]]:
        """Execute a registered template with bound parameters; interrupt it on timeout.

        More rows than `max_rows` raise TooManyRows; `capped=False` is for the start-up reads
        of the dimensions, whose size is the marts' and not a question's."""
        known = registered().get(query.name)
        if known is None or known.sql != query.sql or known is not query:
            raise UnregisteredQuery(f"niet-geregistreerde query: {query.name}")
        if set(params) != set(query.params):
            raise UnregisteredQuery(f"parameters wijken af voor {query.name}")
        check(query)
        with self._slots:
            with self._lock:
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                return self._execute(query, params, capped)
            finally:
                with self._lock:
                    self.in_flight -= 1

    def _execute(
        self, query: Query, params: dict[str, Any], capped: bool = True
    ) -> list[tuple[Any, ...]]:
        cursor = self._con.cursor()
        fired = threading.Event()

        def interrupt() -> None:
            fired.set()
            cursor.interrupt()

        started = time.perf_counter()
        timer = _WATCHDOG.schedule(self.settings.query_timeout_s, interrupt)
        try:
            cursor.execute(query.sql, params or None)
            rows = cursor.fetchmany(self.settings.max_rows + 1) if capped else cursor.fetchall()
        except duckdb.InterruptException as e:
            raise QueryTimeout(query.name) from e
        except duckdb.OutOfMemoryException as e:
            raise QueryMemoryError(query.name) from e
        except duckdb.Error as e:
            if fired.is_set():
                raise QueryTimeout(query.name) from e
            if "memory" in str(e).lower():
                raise QueryMemoryError(query.name) from e
            raise WarehouseError(f"{query.name}: {type(e).__name__}") from e
        finally:
            _WATCHDOG.cancel(timer)
            cursor.close()
        log.debug(
            "query=%s rows=%d ms=%.1f",
            query.name,
            len(rows),
            1000 * (time.perf_counter() - started),
        )
        if capped and len(rows) > self.settings.max_rows:
            raise TooManyRows(query.name)
        return [tuple(r) for r in rows]

    def close(self) -> None:
        self._con.close()
