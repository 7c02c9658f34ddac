"""DuckDB and SQL safety (checklist D1-D11) on the real, hardened runtime connection."""

from __future__ import annotations

import hashlib
import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import pytest

from bot.config import Settings
from bot.marts import sqlguard
from bot.marts.contract import TABLES
from bot.marts.serving import TABLES as SERVING_TABLES
from bot.marts.sqlguard import Query, SqlGuardError, check_all, load_query, registered, validate
from bot.marts.warehouse import (
    QueryMemoryError,
    QueryTimeout,
    UnregisteredQuery,
    Warehouse,
)
from bot.paths import QUERIES_DIR
from tests.intents.tiny_mart import build_tiny

ALLOWED = frozenset(TABLES)
# Templates run on the serving copy: its tables are the allow-list (the big facts in their
# serving layout, no raw fact_traject or fact_declaratie).
SERVING = frozenset(SERVING_TABLES)


def _copy(src: Path, dst: Path) -> Path:
    """DuckDB refuses a second connection with another configuration to the same file."""
    shutil.copy(src, dst)
    return dst


@pytest.fixture(scope="module")
def tiny_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny(tmp_path_factory.mktemp("tiny") / "tiny.duckdb")


@pytest.fixture()
def wh(tiny_file: Path, tmp_path: Path) -> Warehouse:
    w = Warehouse(_copy(tiny_file, tmp_path / "m.duckdb"), Settings(cache_dir=tmp_path))
    yield w
    w.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- D1 -----------------------------------------------------------------------------------------


def test_d1_runtime_settings(wh: Warehouse) -> None:
    rows = dict(
        wh._con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('access_mode', "
            "'enable_external_access', 'lock_configuration', 'autoload_known_extensions', "
            "'autoinstall_known_extensions', 'threads', 'memory_limit')"
        ).fetchall()
    )
    assert rows["access_mode"] == "read_only"
    assert rows["enable_external_access"] == "false"
    assert rows["lock_configuration"] == "true"
    assert rows["autoload_known_extensions"] == "false"
    assert rows["autoinstall_known_extensions"] == "false"
    assert 1 <= int(rows["threads"]) <= 2
    amount, unit = rows["memory_limit"].split()
    assert unit in ("KiB", "MiB") or (unit == "GiB" and float(amount) <= 2)


# -- D2 / D3 ------------------------------------------------------------------------------------

WRITES = [
    "INSERT INTO meta_mart VALUES ('x', 'y')",
    "CREATE TABLE jeugd (x INTEGER)",
    "DROP TABLE meta_mart",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_parquet('/tmp/x.parquet')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM sniff_csv('/etc/passwd')",
    "ATTACH '/tmp/other.duckdb' AS other",
    "COPY meta_mart TO '/tmp/leak.csv'",
    "INSTALL httpfs",
    "LOAD httpfs",
]


@pytest.mark.parametrize("sql", WRITES)
def test_d2_writes_and_file_access_raise(wh: Warehouse, sql: str) -> None:
    before = _sha(wh.path)
    with pytest.raises(duckdb.Error):
        wh._con.cursor().execute(sql)
    assert _sha(wh.path) == before
    assert not Path("/tmp/leak.csv").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "SET enable_external_access = true",
        "SET memory_limit = '100GB'",
        "SET lock_configuration = false",
        "RESET memory_limit",
        "RESET enable_external_access",
    ],
)
def test_d3_configuration_is_locked(wh: Warehouse, sql: str) -> None:
    with pytest.raises(duckdb.Error, match="configuration has been locked"):
        wh._con.cursor().execute(sql)


# -- D4 / D5 ------------------------------------------------------------------------------------


def test_d4_timeout_interrupts_and_connection_survives(tiny_file: Path, tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, query_timeout_s=0.5)
    w = Warehouse(_copy(tiny_file, tmp_path / "t.duckdb"), settings)
    slow = Query("slow", "SELECT count(*) FROM range(10000000000)", frozenset())
    started = time.perf_counter()
    with pytest.raises(QueryTimeout) as info:
        w._execute(slow, {})
    assert time.perf_counter() - started < settings.query_timeout_s + 0.5
    assert "te lang" in info.value.message and "afgebroken" in info.value.message
    # The same connection answers the next query.
    q = load_query("meta_mart", set())
    assert ("bron", "demo") in w.run(q, {})
    w.close()


def test_d4_concurrent_queries_each_keep_their_own_deadline(
    tiny_file: Path, tmp_path: Path
) -> None:
    """One watchdog thread serves every query: a slow query is interrupted on time while fast
    queries on other threads finish, and a finished query's deadline never fires later."""
    settings = Settings(cache_dir=tmp_path, query_timeout_s=0.5)
    w = Warehouse(_copy(tiny_file, tmp_path / "t.duckdb"), settings)
    slow = Query("slow", "SELECT count(*) FROM range(10000000000)", frozenset())
    fast = load_query("meta_mart", set())
    outcomes: list[str] = []

    def ask_slow() -> None:
        try:
            w._execute(slow, {})
            outcomes.append("slow finished")
        except QueryTimeout:
            outcomes.append("slow interrupted")

    t = threading.Thread(target=ask_slow)
    started = time.perf_counter()
    t.start()
    for _ in range(20):
        assert ("bron", "demo") in w.run(fast, {})
    t.join(5)
    assert outcomes == ["slow interrupted"]
    assert time.perf_counter() - started < settings.query_timeout_s + 1.0
    time.sleep(settings.query_timeout_s + 0.1)  # the fast queries' deadlines have passed
    assert ("bron", "demo") in w.run(fast, {})
    w.close()


def test_d5_memory_limit_gives_friendly_error(tiny_file: Path, tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, duckdb_memory_limit="16MB")
    w = Warehouse(_copy(tiny_file, tmp_path / "m.duckdb"), settings)
    hungry = Query("hungry", "SELECT list(range) FROM range(50000000)", frozenset())
    with pytest.raises(QueryMemoryError) as info:
        w._execute(hungry, {})
    assert "geheugen" in info.value.message
    assert w.run(load_query("meta_mart", set()), {})  # the process and connection survive
    w.close()


# -- D6 -----------------------------------------------------------------------------------------


def test_d6_concurrent_queries_on_own_cursors_respect_the_cap(
    tiny_file: Path, tmp_path: Path
) -> None:
    settings = Settings(cache_dir=tmp_path, max_concurrent_queries=3)
    w = Warehouse(_copy(tiny_file, tmp_path / "c.duckdb"), settings)
    q = load_query(
        "jeugdigen",
        {
            "gemeenten",
            "starts",
            "ends",
            "segment",
            "subsegment",
            "productcode",
            "verwijzer",
            "verblijf",
        },
    )
    from datetime import date

    def one(i: int) -> int:
        params: dict[str, Any] = {
            "gemeenten": ["GM0794"], "starts": [date(2023, 1, 1)], "ends": [date(2023, 12, 31)],
            "segment": None, "subsegment": None, "productcode": None, "verwijzer": None,
            "verblijf": False,
        }  # fmt: skip
        rows = w.run(q, params)
        return next(r[2] for r in rows if r[1] == "GM0794")

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(one, range(16)))
    assert results == [12] * 16
    assert 1 <= w.max_in_flight <= 3
    w.close()


# -- D7 / D8 ------------------------------------------------------------------------------------


def test_d7_every_template_is_registered_and_valid() -> None:
    import bot.core  # noqa: F401  (imports every intent, which loads its templates)

    files = {p.stem for p in QUERIES_DIR.glob("*.sql")}
    loaded = registered()
    assert files == set(loaded), "every SQL file is used by an intent, and nothing else runs"
    for name, query in loaded.items():
        found = set(re.findall(r"\$([a-z_]+)", query.sql))
        assert found == set(query.params), name
        assert validate(query.sql, query.params, SERVING)
        assert query.sql.lstrip().startswith("--"), f"{name} needs a header comment"


NEGATIVE = [
    "SELECT * FROM fact_traject; DROP TABLE jeugd",
    "DROP TABLE jeugd",
    "SELECT read_parquet('x') FROM fact_traject",
    "SELECT (SELECT count(*) FROM read_csv('/etc/passwd'))",
    "FROM '/etc/passwd'",
    "FROM glob('/etc/*')",
    "FROM duckdb_settings()",
    "PRAGMA database_list",
    "SET enable_external_access = true",
    "ATTACH 'x.db' AS x",
    "COPY fact_traject TO 'x.csv'",
    "INSTALL httpfs",
    "SELECT client_id FROM fact_traject UNION SELECT * FROM secret",
    "SELECT * FROM main.secret",
    "SELECT * FROM secret",
    "SELECT * FROM fact_traject WHERE client_id = ?",
    "SELECT * FROM fact_traject WHERE client_id = $1",
    "SELECT * FROM fact_traject WHERE client_id = 'abc'",
    "SELECT getenv('HOME')",
    "WITH x AS (SELECT * FROM read_csv('a')) SELECT * FROM x",
]


@pytest.mark.parametrize("sql", NEGATIVE)
def test_d8_negative_corpus_rejected(sql: str) -> None:
    with pytest.raises(SqlGuardError):
        validate(sql, set(), ALLOWED)


def test_d8_placeholders_must_equal_declared_params() -> None:
    sql = "SELECT count(*) FROM fact_traject WHERE gemeente_code = $gemeente"
    assert validate(sql, {"gemeente"}, ALLOWED) == {"fact_traject"}
    with pytest.raises(SqlGuardError):
        validate(sql, {"gemeente", "jaar"}, ALLOWED)
    with pytest.raises(SqlGuardError):
        validate(sql, set(), ALLOWED)


def test_only_registered_templates_run(wh: Warehouse) -> None:
    forged = Query("meta_mart", "SELECT * FROM fact_traject", frozenset())
    with pytest.raises(UnregisteredQuery):
        wh.run(forged, {})
    real = load_query("meta_mart", set())
    with pytest.raises(UnregisteredQuery):
        wh.run(real, {"extra": 1})


def test_a_registered_template_is_checked_before_it_first_runs(
    wh: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Templates are checked on first use, not at import: one that slipped into the registry
    unchecked is refused by the guard, not by DuckDB after it ran."""
    evil = Query("evil", "SELECT * FROM read_csv('/etc/passwd')", frozenset())
    monkeypatch.setitem(sqlguard._REGISTRY, "evil", evil)
    with pytest.raises(SqlGuardError, match=r"queries/evil\.sql: tabel moet een naam zijn"):
        wh.run(evil, {})
    with pytest.raises(SqlGuardError, match="evil"):
        check_all()  # what a server runs before it takes questions
    assert evil not in sqlguard._CHECKED


def test_a_bad_template_stops_the_server_at_warm_up(
    monkeypatch: pytest.MonkeyPatch, tiny_file: Path, tmp_path: Path
) -> None:
    from bot.channels.commands import warm_up
    from bot.core import Jeugdbot

    evil = Query("evil", "DROP TABLE fact_traject", frozenset())
    monkeypatch.setitem(sqlguard._REGISTRY, "evil", evil)
    marts = _copy(tiny_file, tmp_path / "m.duckdb")
    bot = Jeugdbot(Settings(marts=marts, cache_dir=tmp_path, _env_file=None))  # type: ignore[call-arg]
    with pytest.raises(SqlGuardError, match="alleen SELECT"):
        warm_up(bot)
    assert bot._wh is None  # nothing was answered before the templates were checked


def test_a_shared_lock_is_not_needed_per_cursor(wh: Warehouse) -> None:
    """Each run uses its own cursor: a run from another thread does not see this one's result."""
    q = load_query("meta_mart", set())
    out: list[Any] = []
    t = threading.Thread(target=lambda: out.append(wh.run(q, {})))
    t.start()
    mine = wh.run(q, {})
    t.join()
    assert out[0] == mine
