"""Audit log of answers and feedback in a local SQLite file, separate from the read-only marts.

Privacy decision: the question text is never stored. Each record keeps a keyed hash of the
normalised question (12 hex characters, HMAC-SHA256 with a random salt kept in the same file)
and its length. The hash lets a reviewer see that the same question was asked repeatedly
without keeping anything a person typed (names, BSNs, addresses). User keys are hashed the same
way. What the bot understood (intent, slots, the "understood" line) is the bot's own output and
is kept, because that is what a reviewer needs to judge a thumbs-down.
"""

from __future__ import annotations

import atexit
import hashlib
import hmac
import json
import logging
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.models import Answer

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    answer_id TEXT PRIMARY KEY,
    ts REAL NOT NULL,
    channel TEXT NOT NULL,
    user_hash TEXT,
    question_hash TEXT NOT NULL,
    question_chars INTEGER NOT NULL,
    intent TEXT,
    slots TEXT NOT NULL,
    kind TEXT NOT NULL,
    understood TEXT,
    query TEXT,
    latency_ms REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id TEXT NOT NULL,
    ts REAL NOT NULL,
    value INTEGER NOT NULL,
    user_hash TEXT,
    PRIMARY KEY (answer_id, user_hash)
);
"""


@dataclass(frozen=True)
class FeedbackRow:
    """One thumbs-down answer for review (what the bot understood, not what was typed)."""

    answer_id: str
    ts: float
    channel: str
    question_hash: str
    intent: str | None
    slots: dict[str, Any]
    kind: str
    understood: str | None
    query: str | None
    latency_ms: float


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


class AuditLog:
    """A thread-safe handle on one audit file; one per process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # the SQLite connection
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL with NORMAL: a commit is safe against a crash of the process, and only a power
        # cut can lose the last ones; FULL would wait for the disk (an fsync) on every commit.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),))
        row = self._db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        self._salt = bytes.fromhex(row[0])
        # Answers are written by a background thread in batches, so an answer never waits for
        # the disk; reads and close() write what is pending first.
        self._pending: list[tuple[Any, ...]] = []
        self._pending_lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._writer = threading.Thread(target=self._write_loop, daemon=True, name="audit")
        self._writer.start()
        atexit.register(self.close)

    def digest(self, text: str) -> str:
        """Keyed short hash: equal inputs group together, the text cannot be read back."""
        mac = hmac.new(self._salt, _normalise(text).encode(), hashlib.sha256)
        return mac.hexdigest()[:12]

    def record_answer(
        self, answer: Answer, *, question: str, channel: str, user: str | None, latency_ms: float
    ) -> None:
        """Store one answer; the question is kept only as hash and length."""
        row = (
            answer.id,
            time.time(),
            channel,
            self.digest(user) if user else None,
            self.digest(question),
            len(question),
            answer.intent,
            json.dumps(answer.slots, default=str, ensure_ascii=False, sort_keys=True),
            str(answer.kind),
            answer.understood,
            answer.query,
            round(latency_ms, 3),
        )
        with self._pending_lock:
            if self._closed:
                raise sqlite3.ProgrammingError("the audit log is closed")
            self._pending.append(row)
        self._wake.set()

    def _write_loop(self) -> None:
        while not self._closed:
            self._wake.wait()
            self._wake.clear()
            try:
                self.flush()
            except (sqlite3.Error, OSError) as exc:
                log.warning("audit write failed: %s", type(exc).__name__)

    def flush(self) -> None:
        """Write the pending answers in one transaction."""
        with self._pending_lock:
            rows, self._pending = self._pending, []
        if not rows:
            return
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany(
                    "INSERT OR REPLACE INTO answers VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def record_feedback(self, answer_id: str, value: int, user: str | None) -> None:
        """Store a thumbs up (+1) or down (-1); a user's later vote on the same answer wins."""
        if value not in (1, -1):
            raise ValueError("feedback value must be +1 or -1")
        self.flush()
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?,?,?,?)",
                (answer_id, time.time(), value, self.digest(user) if user else ""),
            )

    def thumbs_down(self, limit: int = 100) -> list[FeedbackRow]:
        """Answers with at least one thumbs-down, newest first, for `jeugdbot feedback`."""
        self.flush()
        with self._lock:
            rows = self._db.execute(
                """
                SELECT a.answer_id, max(f.ts), a.channel, a.question_hash, a.intent, a.slots,
                       a.kind, a.understood, a.query, a.latency_ms
                FROM feedback f JOIN answers a USING (answer_id)
                WHERE f.value < 0
                GROUP BY a.answer_id
                ORDER BY max(f.ts) DESC, max(f.rowid) DESC
                LIMIT ?
                """,
                (limit,),
            ).fetchall()
        return [
            FeedbackRow(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], r[8], r[9])
            for r in rows
        ]

    def count_answers(self) -> int:
        self.flush()
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        """Write what is pending and close; later answers are refused (and logged)."""
        if self._closed:
            return
        try:
            self.flush()
        except (sqlite3.Error, OSError) as exc:
            log.warning("audit write failed: %s", type(exc).__name__)
        with self._pending_lock:
            self._closed = True
        self._wake.set()
        with self._lock:
            self._db.close()


_logs: dict[Path, AuditLog] = {}
_logs_lock = threading.Lock()


def get_audit(path: Path | None = None) -> AuditLog:
    """The process-wide audit log for a path (default: the settings' audit_path())."""
    if path is None:
        from bot.config import get_settings

        path = get_settings().audit_path()
    found = _logs.get(path)  # the common case, without resolving the path on every answer
    if found is not None:
        return found
    resolved = Path(path).resolve()
    with _logs_lock:
        if resolved not in _logs:
            _logs[resolved] = AuditLog(resolved)
        _logs[path] = _logs[resolved]
        return _logs[resolved]


def record_answer(
    answer: Answer,
    *,
    question: str,
    channel: str,
    user: str | None,
    latency_ms: float,
    path: Path | None = None,
) -> None:
    """Record an answer in the audit log; failures are logged, never raised to the user."""
    try:
        get_audit(path).record_answer(
            answer, question=question, channel=channel, user=user, latency_ms=latency_ms
        )
    except (sqlite3.Error, OSError) as exc:
        log.warning("audit write failed: %s", type(exc).__name__)


def record_feedback(
    answer_id: str, value: int | str, user: str | None, path: Path | None = None
) -> None:
    """Record feedback; `value` may be +1/-1 or "up"/"down" as the channels send it."""
    numeric = {"up": 1, "down": -1, "+1": 1, "-1": -1}.get(str(value), value)
    get_audit(path).record_feedback(answer_id, int(numeric), user)


def thumbs_down(limit: int = 100, path: Path | None = None) -> list[FeedbackRow]:
    """Thumbs-down answers for review."""
    return get_audit(path).thumbs_down(limit)
