"""Conversation memory: what the last answer understood, so a follow-up can reuse it.

Keyed by Context.conversation_id (platform, team, channel, thread and user together, built by the
channel), so another user's or another thread's context is never used. No id means no memory.
Entries expire after settings.conversation_ttl_s and the store is bounded in size.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from pydantic import BaseModel, Field


class State(BaseModel):
    """What a conversation understood last, enough for "en in 2022?" or "hoe is dat berekend?"."""

    intent: str | None = None
    slots: dict[str, Any] = Field(default_factory=dict)
    definition: str | None = None
    question: str | None = None  # the (normalised) last question, kept only in memory
    knowledge: dict[str, Any] = Field(default_factory=dict)  # the knowledge answerer's own state


class ConversationStore:
    """A small TTL map from conversation id to State, safe for concurrent channels."""

    def __init__(
        self, ttl_s: float = 3600, max_entries: int = 10_000, clock: Any = time.monotonic
    ) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._clock = clock
        self._data: OrderedDict[str, tuple[float, State]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conversation_id: str | None) -> State | None:
        """The live state of this conversation, or None (expired, unknown, or no id)."""
        if not conversation_id:
            return None
        now = self._clock()
        with self._lock:
            item = self._data.get(conversation_id)
            if item is None:
                return None
            stamp, state = item
            if now - stamp > self.ttl_s:
                del self._data[conversation_id]
                return None
            return state.model_copy(deep=True)

    def put(self, conversation_id: str | None, state: State) -> None:
        """Remember the state; without an id nothing is kept."""
        if not conversation_id:
            return
        now = self._clock()
        with self._lock:
            self._data[conversation_id] = (now, state.model_copy(deep=True))
            self._data.move_to_end(conversation_id)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)
            # Evict a few expired entries on every write so memory stays bounded.
            for key in list(self._data)[:8]:
                if now - self._data[key][0] > self.ttl_s:
                    del self._data[key]

    def forget(self, conversation_id: str | None) -> None:
        """Forget one conversation ("opnieuw" in `jeugdbot chat`): the next question starts
        from scratch and nothing of the old one is kept in memory."""
        if not conversation_id:
            return
        with self._lock:
            self._data.pop(conversation_id, None)

    def clear(self) -> None:
        """Forget every conversation (an answer worker starts each question from scratch)."""
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
