"""Which DuckDB file the bot opens: the configured marts, an imported Parquet folder, or the demo.

The runtime connection runs with external access off, so it cannot read Parquet itself: a
Parquet folder is imported once into a DuckDB file in the cache, keyed on the folder's file
names, sizes and modification times (a new delivery gives a new import). Without configuration
the demo is built on first use, so the bot runs on a fresh machine with nothing else. A file
lock plus atomic renames keep two processes starting at once from clashing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import duckdb

from bot.config import Settings
from bot.marts.check import parquet_tables
from bot.marts.demo import build_demo, demo_version
from bot.marts.files import locked, sql_literal, temp_path


def marts_path(settings: Settings) -> Path:
    """The DuckDB file holding the mart set in use (built or imported when needed)."""
    if settings.marts is None:
        return demo_path(settings.cache_dir)
    source = Path(settings.marts).expanduser()
    if source.is_dir():
        return import_parquet(source, settings.cache_dir)
    if source.is_file():
        return source
    raise FileNotFoundError(f"JEUGDBOT_MARTS wijst naar {source}, maar dat bestaat niet")


def demo_path(cache_dir: Path) -> Path:
    """The cached demo build of this version, built now if it is not there yet."""
    target = Path(cache_dir) / f"demo-marts-{demo_version()}.duckdb"
    if target.is_file():
        return target
    with locked(target):
        if not target.is_file():  # another process may have built it while we waited
            build_demo(target, progress=False)
    return target


def parquet_key(folder: Path) -> str:
    """Identifies a Parquet delivery by its files' names, sizes and modification times."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*.parquet")):
        st = p.stat()
        h.update(f"{p.relative_to(folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def import_parquet(folder: Path, cache_dir: Path) -> Path:
    """A DuckDB copy of the Parquet mart set in `folder` (imported once per delivery)."""
    tables = parquet_tables(folder)
    if not tables:
        raise FileNotFoundError(f"geen Parquet-bestanden van de marts gevonden in {folder}")
    target = Path(cache_dir) / f"marts-{parquet_key(folder)}.duckdb"
    if target.is_file():
        return target
    with locked(target):
        if target.is_file():
            return target
        tmp = temp_path(target)
        try:
            con = duckdb.connect(str(tmp))
            try:
                for name, glob in tables.items():
                    # name is a contract table name; the path is quoted as a literal.
                    con.execute(
                        f'CREATE TABLE "{name}" AS SELECT * FROM read_parquet('  # noqa: S608
                        f"{sql_literal(glob)})"
                    )
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    return target
