"""Which mart set the bot opens: a DuckDB file as is, a Parquet folder imported once, or the
demo built on first use."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from bot.config import Settings
from bot.marts.check import check_marts
from bot.marts.demo import demo_version
from bot.marts.locate import marts_path
from bot.marts.warehouse import open_readonly


def make_settings(tmp_path: Path, marts: Path | None) -> Settings:
    return Settings(marts=marts, cache_dir=tmp_path / "cache", _env_file=None)  # type: ignore[call-arg]


def export_parquet(db: Path, folder: Path) -> Path:
    # A private copy: exporting needs file access the hardened shared connection refuses.
    copy = folder.with_name(folder.name + "-src.duckdb")
    shutil.copyfile(db, copy)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        con.execute(f"EXPORT DATABASE '{folder}' (FORMAT parquet)")
    finally:
        con.close()
    return folder


def count(db: Path, sql: str) -> int:
    con = open_readonly(db)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


def test_duckdb_file_is_used_as_is(settings: Settings, demo_marts: Path) -> None:
    assert marts_path(settings) == demo_marts


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="JEUGDBOT_MARTS wijst naar"):
        marts_path(make_settings(tmp_path, tmp_path / "weg.duckdb"))


def test_parquet_folder_is_imported_once(demo_marts: Path, tmp_path: Path) -> None:
    folder = export_parquet(demo_marts, tmp_path / "levering")
    settings = make_settings(tmp_path, folder)
    first = marts_path(settings)
    assert first.parent == settings.cache_dir
    assert first.suffix == ".duckdb"
    assert check_marts(first) == []
    assert count(first, "SELECT count(*) FROM fact_traject") == count(
        demo_marts, "SELECT count(*) FROM fact_traject"
    )
    # The runtime connection has external access off; the import must not need it.
    con = open_readonly(first)
    try:
        assert con.execute("SELECT value FROM meta_mart WHERE key = 'bron'").fetchall() == [
            ("demo",)
        ]
    finally:
        con.close()
    stamp = first.stat().st_mtime_ns
    assert marts_path(settings) == first
    assert first.stat().st_mtime_ns == stamp  # not imported again

    # A new delivery (other size or time) gives a new import.
    part = folder / "meta_mart.parquet"
    con = duckdb.connect()
    try:
        con.execute(
            f"COPY (SELECT * FROM read_parquet('{part}') UNION ALL "
            f"SELECT 'levering', '2' ) TO '{folder / 'tmp.parquet'}' (FORMAT parquet)"
        )
    finally:
        con.close()
    os.replace(folder / "tmp.parquet", part)
    second = marts_path(settings)
    assert second != first
    assert count(second, "SELECT count(*) FROM meta_mart WHERE key = 'levering'") == 1


def test_folder_without_marts_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    with pytest.raises(FileNotFoundError, match="geen Parquet-bestanden"):
        marts_path(make_settings(tmp_path, tmp_path / "leeg"))


def test_unset_builds_the_demo_in_the_cache_safely_for_two_callers(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, None)
    results: list[Path] = []
    errors: list[BaseException] = []

    def call() -> None:
        try:
            results.append(marts_path(settings))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    expected = settings.cache_dir / f"demo-marts-{demo_version()}.duckdb"
    assert results == [expected, expected]
    assert check_marts(expected) == []
    # Only the build and its lock file remain: no half-written temporary files.
    assert sorted(p.name for p in settings.cache_dir.iterdir()) == [
        expected.name,
        expected.name + ".lock",
    ]
    stamp = expected.stat().st_mtime_ns
    assert marts_path(settings) == expected
    assert expected.stat().st_mtime_ns == stamp
