"""What every channel does around answer(): per-user throttling, timing, error shielding, audit.

Channels call `ask(bot, question, context)` instead of `bot.answer` so the rules are the same
in Slack, Teams and the web chat.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import deque
from typing import TYPE_CHECKING

from bot import audit
from bot.models import Answer, Context, Kind

if TYPE_CHECKING:
    from bot.core import Answerer

log = logging.getLogger(__name__)

THROTTLE_TEXT = (
    "Je stelt veel vragen kort na elkaar. Wacht een minuut en stel je vraag dan opnieuw; "
    "tot die tijd beantwoord ik je vragen niet."
)
ERROR_TEXT = (
    "Er ging iets mis bij het beantwoorden van je vraag. Probeer het later opnieuw of "
    "stel de vraag anders."
)
WINDOW_S = 60.0


class Throttle:
    """Sliding one-minute window per user; tells a user once per burst that they are throttled."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}
        self._notified: set[str] = set()
        self._lock = threading.Lock()

    def check(self, user: str, now: float | None = None) -> str:
        """'ok' (answer it), 'notice' (tell the user once) or 'drop' (stay silent)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._seen.setdefault(user, deque())
            while times and now - times[0] >= WINDOW_S:
                times.popleft()
            if len(times) < self.per_minute:
                times.append(now)
                self._notified.discard(user)
                return "ok"
            if user in self._notified:
                return "drop"
            self._notified.add(user)
            return "notice"

    def forget_idle(self, now: float | None = None) -> None:
        """Drop users with no recent questions so the table does not grow without bound."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for user in [u for u, t in self._seen.items() if not t or now - t[-1] >= WINDOW_S]:
                del self._seen[user]
                self._notified.discard(user)


_throttles: weakref.WeakKeyDictionary[Answerer, Throttle] = weakref.WeakKeyDictionary()
_throttles_lock = threading.Lock()
_calls = 0


def throttle_for(bot: Answerer) -> Throttle:
    """One throttle per bot instance (so a test's fresh bot starts with a clean slate)."""
    with _throttles_lock:
        throttle = _throttles.get(bot)
        if throttle is None:
            throttle = Throttle(bot.settings.throttle_per_minute)
            _throttles[bot] = throttle
        return throttle


def ask(bot: Answerer, question: str, context: Context) -> Answer | None:
    """Answer through the core with the channel rules applied.

    Returns None when the user is throttled and has already been told so: the channel then
    sends nothing. The first throttled message of a burst gets a notice Answer (kind refuse).
    Exceptions from the core never reach the channel: the user gets a Dutch error reply with
    no SQL, stack trace or path, and the log gets the answer id and the exception type only.
    """
    global _calls
    user = context.user or context.conversation_id or f"anon:{context.channel}"
    throttle = throttle_for(bot)
    verdict = throttle.check(user)
    _calls += 1
    if _calls % 1000 == 0:
        throttle.forget_idle()
    if verdict == "drop":
        log.info("throttled channel=%s (silent)", context.channel)
        return None
    if verdict == "notice":
        log.info("throttled channel=%s (notice sent)", context.channel)
        return Answer(kind=Kind.REFUSE, text=THROTTLE_TEXT, intent="throttled")

    started = time.perf_counter()
    try:
        answer = bot.answer(question, context)
    except Exception as exc:  # the channel must always get a safe Dutch reply
        answer = Answer(kind=Kind.ERROR, text=ERROR_TEXT, intent="error")
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f"{tb.tb_frame.f_code.co_name}:{tb.tb_lineno}" if tb else "?"
        log.error("answer failed id=%s error=%s at %s", answer.id, type(exc).__name__, where)
    latency_ms = (time.perf_counter() - started) * 1000
    log.info(
        "answer id=%s channel=%s intent=%s kind=%s ms=%.1f",
        answer.id,
        context.channel,
        answer.intent,
        answer.kind,
        latency_ms,
    )
    audit.record_answer(
        answer,
        question=question,
        channel=context.channel,
        user=context.user,
        latency_ms=latency_ms,
        path=bot.settings.audit_path(),
    )
    return answer
