"""Answering in worker processes, so one server uses every core and its acks never wait.

`jeugdbot serve` answers in a few spawned processes, each with its own Jeugdbot (read-only
marts, knowledge base). The server process keeps what must be one per server: the HTTP, Slack
and Teams endpoints, the de-duplication store, the throttle, the chart store and the
conversations. Why processes and not threads: the Python half of an answer (parsing,
matching, formatting) holds the GIL, so in one process answers run one at a time and a Slack
ack, which Slack wants within 3 s, queues behind them.

A conversation's state travels with each question: the worker gets the state the server
holds, answers, and hands back the new state. Any free worker can take any question, and a
follow-up ("en in 2022?") works whichever worker answered the question before it.

Each worker has its own pipe; a request thread takes a free worker, sends the question and
waits for the answer on that pipe. That is two small messages per answer, with no manager or
feeder threads in between (concurrent.futures.ProcessPoolExecutor cost about 2 ms of server
CPU per answer in thread wake-ups), and a worker that hangs or dies can be replaced on its
own: the question it held gets a Dutch error reply and a new worker starts in the background.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.conversation import ConversationStore, State
from bot.models import Answer, Context, Kind
from bot.procs import start_helper

if TYPE_CHECKING:
    from bot.core import Jeugdbot

log = logging.getLogger(__name__)

RESTARTED_TEXT = (
    "Er ging iets mis bij het beantwoorden van je vraag. Probeer het over een paar seconden "
    "opnieuw."
)
TIMEOUT_TEXT = (
    "Het beantwoorden duurde te lang en is afgebroken. Maak de vraag kleiner (bijvoorbeeld "
    "één gemeente of één jaar) en probeer het opnieuw."
)
BUSY_TEXT = "Het is op dit moment erg druk. Probeer het over een minuut opnieuw."
# A first start on a new delivery builds the serving copy: 2 s for the demo, 3 min at 100x.
START_TIMEOUT_S = 900.0

# -- in the worker process --------------------------------------------------------------------


def _answer_with(bot: Jeugdbot, question: str, context: Context, state: State | None) -> Any:
    """Answer with the conversation's state as the server holds it; return the new state."""
    store = bot.conversations
    store.clear()  # only the state handed over counts: nothing carries over between questions
    cid = context.conversation_id
    if cid and state is not None:
        store.put(cid, state)
    answer = bot.answer(question, context)
    return answer, store.get(cid) if cid else None


def _work(conn: Connection, settings: Settings, parent: int) -> None:
    """A worker's life: open everything, say ready, then answer until told to stop."""
    start_helper(parent)
    from bot.core import Jeugdbot

    bot = Jeugdbot(settings)
    bot.warm_up()  # a bad template ends this worker here, and with it the pool's start
    conn.send(os.getpid())
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        conn.send(_answer_with(bot, *message))  # Jeugdbot.answer never raises


# -- in the server process --------------------------------------------------------------------


class _Worker:
    """One answering process and the server's end of its pipe."""

    def __init__(self, settings: Settings) -> None:
        ctx = multiprocessing.get_context("spawn")  # never fork: the server has threads
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=_work, args=(child, settings, os.getpid()), name="jeugdbot-antwoord"
        )
        self.process.start()
        child.close()
        self.pid: int | None = None

    def wait_ready(self, timeout_s: float) -> None:
        if not self.conn.poll(timeout_s):
            self.stop()
            raise RuntimeError("een antwoordproces start niet op tijd")
        try:
            self.pid = int(self.conn.recv())
        except EOFError as e:
            raise RuntimeError("een antwoordproces stopte bij het starten") from e

    def stop(self, grace_s: float = 0.0) -> None:
        try:
            if grace_s:
                self.conn.send(None)
        except OSError:
            pass
        self.process.join(grace_s)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


class AnswerPool:
    """What the channels call instead of a Jeugdbot when answers run in worker processes.

    Same interface the channels use (`settings`, `answer()`), so every channel and the rules
    around answering (bot.channels.common.ask) stay as they are.
    """

    def __init__(self, settings: Settings, workers: int) -> None:
        if workers < 1:
            raise ValueError("an answer pool needs at least one worker")
        self.settings = settings
        self.workers = workers
        self.conversations = ConversationStore(settings.conversation_ttl_s)
        self.restarts = 0
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        # The worker interrupts its own queries after query_timeout_s; this bound is for a
        # worker that hangs outside a query, so the channel still gets a reply.
        self.answer_timeout_s = max(10.0, 5 * settings.query_timeout_s)
        # The cores are shared among the workers: DuckDB threads that outnumber them only
        # contend (paced p99 on two cores: 49 ms with two threads per worker, 36 with one).
        self._worker_settings = settings.model_copy(
            update={"duckdb_threads": settings.threads_per_query(workers)}
        )

    def start(self, timeout_s: float = START_TIMEOUT_S) -> list[int]:
        """Start every worker and wait until each has opened the marts; returns their pids.

        The workers start side by side; a worker that cannot start stops the server's start.
        """
        with self._lock:
            if not self._started:
                workers = [_Worker(self._worker_settings) for _ in range(self.workers)]
                try:
                    for w in workers:
                        w.wait_ready(timeout_s)
                except BaseException:
                    for w in workers:
                        w.stop()
                    raise
                self._all = workers
                for w in workers:
                    self._idle.put(w)
                self._started = True
        return self.pids()

    def warm_up(self) -> None:
        """Start the workers; each warms itself up (Jeugdbot.warm_up) before it is ready."""
        self.start()

    def pids(self) -> list[int]:
        """The worker processes' ids (for the benchmark's memory figures and the tests)."""
        with self._lock:
            return sorted(w.pid for w in self._all if w.pid is not None)

    def answer(self, question: str, context: Context | None = None) -> Answer:
        """Answer in a free worker; never raises, like Jeugdbot.answer."""
        if not self._started:
            self.start()
        ctx = context or Context()
        cid = ctx.conversation_id
        state = self.conversations.get(cid)
        deadline = time.monotonic() + self.answer_timeout_s
        while True:
            try:  # wait while every worker is busy, but not forever
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                log.error("no answer worker free within %g s", self.answer_timeout_s)
                return Answer(kind=Kind.ERROR, text=BUSY_TEXT, intent="error")
            try:
                worker.conn.send((question, ctx, state))
            except OSError:
                # Died while idle: the question never reached it, so another worker may take it.
                log.error("answer worker had stopped; starting a new one")
                self._replace(worker)
                continue
            break
        healthy = False
        try:
            if not worker.conn.poll(self.answer_timeout_s):
                log.error("answer worker did not answer within %g s", self.answer_timeout_s)
                return Answer(kind=Kind.ERROR, text=TIMEOUT_TEXT, intent="error")
            answer, new_state = worker.conn.recv()
            healthy = True
        except (EOFError, OSError):
            # Died while answering: this question may be what kills it, so it is not retried.
            log.error("answer worker stopped; starting a new one")
            return Answer(kind=Kind.ERROR, text=RESTARTED_TEXT, intent="error")
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)
        if cid and new_state is not None:
            self.conversations.put(cid, new_state)
        return answer

    def _replace(self, broken: _Worker) -> None:
        """Stop a hung or dead worker and start another in the background."""
        broken.stop()
        with self._lock:
            self.restarts += 1
            if broken in self._all:
                self._all.remove(broken)
            if self._closed:
                return

        def start() -> None:
            while not self._closed:
                try:
                    fresh = _Worker(self._worker_settings)
                    fresh.wait_ready(START_TIMEOUT_S)
                except Exception:
                    log.exception("answer worker failed to start; trying again")
                    time.sleep(1.0)
                    continue
                with self._lock:
                    if self._closed:
                        fresh.stop()
                        return
                    self._all.append(fresh)
                self._idle.put(fresh)
                return

        threading.Thread(target=start, daemon=True, name="answer-worker-start").start()

    def close(self) -> None:
        """Stop every worker (at server shutdown)."""
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for w in workers:
            w.stop(grace_s=2.0)
