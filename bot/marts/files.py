"""Files the bot makes for itself (demo build, Parquet import, serving copy): made under a lock
next to the target and landed with an atomic rename, so two processes starting at once never
see half a file. Kept apart from what makes them, so using one does not import the others."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def temp_path(target: Path) -> Path:
    """A fresh name next to `target` (same filesystem, so the rename is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.unlink(name)  # DuckDB creates the file itself
    return Path(name)


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """An exclusive lock next to `target`, held while it is being made."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.with_name(target.name + ".lock")
    with lock.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def sql_literal(text: str) -> str:
    """A SQL string literal (for file paths where DuckDB takes no parameters, as in views)."""
    return "'" + text.replace("'", "''") + "'"
