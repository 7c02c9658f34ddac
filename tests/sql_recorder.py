"""Record every SQL statement the warehouse sends to DuckDB, at the cursor.

The checklist's "no query" means a spy on `cursor.execute` recorded 0 calls. This is that spy,
and it only observes: the warehouse's connection is wrapped so each cursor it opens is the real
DuckDB cursor behind a thin proxy that appends (sql, params) and then delegates. Nothing of our
own code is replaced.
"""

from __future__ import annotations

import threading
from typing import Any

from bot.marts.warehouse import Warehouse


class _Cursor:
    def __init__(self, cursor: Any, recorder: SqlRecorder) -> None:
        self._cursor = cursor
        self._recorder = recorder

    def execute(self, sql: Any, parameters: Any = None) -> Any:
        self._recorder.add(sql, parameters)
        return self._cursor.execute(sql, parameters)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class _Connection:
    def __init__(self, con: Any, recorder: SqlRecorder) -> None:
        self._con = con
        self._recorder = recorder

    def cursor(self) -> _Cursor:
        return _Cursor(self._con.cursor(), self._recorder)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


class SqlRecorder:
    """The (sql, params) pairs executed since the last clear(), in order."""

    def __init__(self, wh: Warehouse) -> None:
        self.calls: list[tuple[Any, Any]] = []
        self._lock = threading.Lock()
        wh._con = _Connection(wh._con, self)  # type: ignore[assignment]

    def add(self, sql: Any, params: Any) -> None:
        with self._lock:
            self.calls.append((sql, params))

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()

    def __len__(self) -> int:
        return len(self.calls)
