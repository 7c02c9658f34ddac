"""Answers from the worker processes of `jeugdbot serve` equal the bot's own, follow-ups work
whichever worker answers, and a worker that dies or hangs costs one reply, never the server.

Real spawned processes on the demo marts; nothing is mocked.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.channels.web import create_app
from bot.config import Settings
from bot.core import Jeugdbot
from bot.models import Context, Kind
from bot.pool import RESTARTED_TEXT, TIMEOUT_TEXT, AnswerPool
from tests.fake_secrets import SIGNING_SECRET

QUESTIONS = [
    "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?",
    "kosten segment 2 geldrop mierlo 2023",
    "vergelijk Deurne met Asten in 2023",
    "wat betekent VA?",
    "Bergen",
    "DROP TABLE fact_traject; --",
    "",
]


def _settings(demo_marts: Path, cache: Path) -> Settings:
    return Settings(marts=demo_marts, cache_dir=cache, answer_workers=2, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture(scope="module")
def pool(demo_marts: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnswerPool]:
    p = AnswerPool(_settings(demo_marts, tmp_path_factory.mktemp("pool")), 2)
    p.start()
    yield p
    p.close()


def _wait_for_workers(pool: AnswerPool, n: int, timeout_s: float = 120.0) -> list[int]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        pids = pool.pids()
        if len(pids) == n and pool._idle.qsize() == n:
            return pids
        time.sleep(0.1)
    raise AssertionError(f"pool did not get back to {n} workers")


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that reaps it (an orphan's new parent in a
    container may never do so)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def test_workers_start_apart_from_the_server(pool: AnswerPool) -> None:
    pids = pool.pids()
    assert len(pids) == 2 and os.getpid() not in pids and all(_alive(p) for p in pids)


def test_answers_equal_the_in_process_bot(pool: AnswerPool, demo_marts: Path) -> None:
    local = Jeugdbot(pool.settings)
    for q in QUESTIONS:
        got, want = pool.answer(q, Context()), local.answer(q, Context())
        assert (got.kind, got.text, got.query, got.params, got.intent) == (
            want.kind,
            want.text,
            want.query,
            want.params,
            want.intent,
        ), q


def test_a_follow_up_works_whichever_worker_answers(pool: AnswerPool) -> None:
    # Free workers are taken in turn, so each follow-up goes to the other worker.
    for n in range(3):
        ctx = Context(conversation_id=f"t:{n}", channel="web", user="u")
        first = pool.answer("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?", ctx)
        follow = pool.answer("en in 2022?", ctx)
        assert first.kind == Kind.ANSWER and follow.kind == Kind.ANSWER
        assert "Helmond" in follow.text and "2022" in follow.text
        assert follow.slots.get("gemeenten") == first.slots.get("gemeenten")
    # Without a conversation id nothing is remembered, in the server or in a worker.
    alone = pool.answer("en in 2022?", Context())
    assert alone.kind != Kind.ANSWER or "Helmond" not in alone.text


def test_a_killed_worker_is_replaced_and_no_question_is_lost(
    demo_marts: Path, tmp_path: Path
) -> None:
    pool = AnswerPool(_settings(demo_marts, tmp_path), 2)
    try:
        before = pool.start()
        os.kill(before[0], signal.SIGKILL)
        time.sleep(0.2)
        # A worker that died while idle never got the question: another one answers it.
        for _ in range(3):
            a = pool.answer("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?")
            assert a.kind == Kind.ANSWER
        after = _wait_for_workers(pool, 2)
        assert before[0] not in after and before[1] in after and pool.restarts == 1
        assert not _alive(before[0])
    finally:
        pool.close()


def test_a_worker_that_dies_while_answering_costs_that_reply_only(
    demo_marts: Path, tmp_path: Path
) -> None:
    pool = AnswerPool(_settings(demo_marts, tmp_path), 1)
    try:
        (pid,) = pool.start()
        os.kill(pid, signal.SIGSTOP)  # stuck mid-answer, as far as the server can tell
        pool.answer_timeout_s = 0.5
        stuck = pool.answer("wat betekent VA?")
        assert (stuck.kind, stuck.text) == (Kind.ERROR, TIMEOUT_TEXT)
        (fresh,) = _wait_for_workers(pool, 1)
        assert fresh != pid and not _alive(pid)
        pool.answer_timeout_s = 30.0
        assert pool.answer("wat betekent VA?").kind == Kind.ANSWER

        (pid,) = pool.pids()
        os.kill(pid, signal.SIGSTOP)
        with ThreadPoolExecutor(1) as ex:
            asked = ex.submit(pool.answer, "wat betekent VA?")
            time.sleep(0.5)  # the question is in the worker's pipe
            os.kill(pid, signal.SIGKILL)  # and the worker dies before it answers
            lost = asked.result(timeout=30)
        assert (lost.kind, lost.text) == (Kind.ERROR, RESTARTED_TEXT)
        _wait_for_workers(pool, 1)
        assert pool.answer("wat betekent VA?").kind == Kind.ANSWER
    finally:
        pool.close()


def test_closing_the_pool_stops_every_worker(demo_marts: Path, tmp_path: Path) -> None:
    pool = AnswerPool(_settings(demo_marts, tmp_path), 2)
    pids = pool.start()
    pool.close()
    assert not any(_alive(p) for p in pids)


def test_the_web_api_answers_through_the_pool(pool: AnswerPool) -> None:
    client = TestClient(create_app(pool.settings, pool))
    r = client.post(
        "/api/ask",
        json={"question": "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?",
              "conversation_id": "web1"},
    )  # fmt: skip
    assert r.status_code == 200 and r.json()["kind"] == "answer"
    r = client.post("/api/ask", json={"question": "en in 2022?", "conversation_id": "web1"})
    assert r.status_code == 200 and "Helmond" in r.json()["text"]
    trend = client.post("/api/ask", json={"question": "verloop kosten Helmond per jaar"}).json()
    assert trend["chart_url"] and client.get(trend["chart_url"]).status_code == 200
    assert r.headers["x-content-type-options"] == "nosniff"


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["terminated", "killed"])
def test_jeugdbot_serve_answers_in_workers_that_stop_with_it(
    demo_marts: Path, stop: signal.Signals
) -> None:
    """The production command: answers come from its worker processes, and however the server
    stops (a deploy's SIGTERM, or killed outright) no worker outlives it."""
    import httpx

    from bench.common import Server

    with Server(demo_marts, "http://127.0.0.1:9/api/", SIGNING_SECRET) as server:
        workers = [p for p in _children(server.pid) if "spawn_main" in _cmdline(p)]
        assert len(workers) >= 2  # two answer workers (and the chart renderer)
        r = httpx.post(server.url + "/api/ask", json={"question": "wat betekent VA?"}, timeout=30)
        assert r.status_code == 200 and r.json()["kind"] == "answer"
        assert server._proc is not None
        os.kill(server.pid, stop)
        server._proc.wait(30)
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def test_the_cores_are_shared_among_the_workers_duckdb_threads(tmp_path: Path) -> None:
    cores = len(os.sched_getaffinity(0))
    auto = Settings(cache_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    assert auto.duckdb_threads == 0
    assert auto.threads_per_query() == cores  # one process answers: all its cores
    assert auto.threads_per_query(2) == max(1, cores // 2)
    assert auto.threads_per_query(64) == 1
    fixed = Settings(cache_dir=tmp_path, duckdb_threads=3, _env_file=None)  # type: ignore[call-arg]
    assert fixed.threads_per_query(2) == 3  # a set value is used as it is
    pool = AnswerPool(auto, 2)  # not started: no processes
    assert pool._worker_settings.duckdb_threads == max(1, cores // 2)
