"""A TTL de-duplication store: Slack and Teams redeliver events, and each must be answered once.

Slack retries an event it thinks we missed (after 3 s, 1 min and 5 min), Socket Mode replays
unacknowledged envelopes, and an @-mention in a DM also arrives as a message: the channels ask
`first_time(key)` before answering and only the first caller gets True. The check and the
insert happen under one lock, so concurrent deliveries of the same event cannot both win.

The store lives in the process. The server therefore runs one server process (uvicorn's
default; `jeugdbot serve` does not fork uvicorn workers; its answer workers, bot/pool.py, only
answer) and every channel in it shares the store returned by `shared_store()`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

DEFAULT_TTL_S = 3600.0  # longer than Slack's last retry (5 min) with a wide margin
DEFAULT_MAX_ENTRIES = 200_000  # about 30 MB at worst; bounds memory under a flood of ids


class DedupStore:
    """Remembers keys for `ttl_s` seconds; the oldest keys go first when the store is full."""

    def __init__(
        self, ttl_s: float = DEFAULT_TTL_S, max_entries: int = DEFAULT_MAX_ENTRIES
    ) -> None:
        if ttl_s <= 0 or max_entries <= 0:
            raise ValueError("ttl_s and max_entries must be positive")
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        # key -> expiry time; insertion order equals expiry order because the TTL is fixed
        self._expiry: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        """True exactly once per key within the TTL (atomic check-and-set)."""
        now = time.monotonic()  # looked up per call so freezegun can move the clock in tests
        with self._lock:
            self._evict(now)
            if key in self._expiry:
                return False
            self._expiry[key] = now + self.ttl_s
            if len(self._expiry) > self.max_entries:
                self._expiry.popitem(last=False)
            return True

    def __contains__(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            self._evict(now)
            return key in self._expiry

    def __len__(self) -> int:
        with self._lock:
            self._evict(time.monotonic())
            return len(self._expiry)

    def _evict(self, now: float) -> None:
        expiry = self._expiry
        while expiry:
            oldest_key = next(iter(expiry))
            if expiry[oldest_key] > now:
                break
            del expiry[oldest_key]


_shared: DedupStore | None = None
_shared_lock = threading.Lock()


def shared_store() -> DedupStore:
    """The one store of this process, shared by Slack over HTTP and Socket Mode and by Teams."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = DedupStore()
        return _shared
