"""The de-duplication store (S12, S15, L3) and where it lives (one process, one worker)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from freezegun import freeze_time

from bot.channels.dedup import DEFAULT_TTL_S, DedupStore, shared_store
from bot.paths import ROOT


def test_first_time_is_true_once_per_key() -> None:
    store = DedupStore()
    assert store.first_time("slack:event:Ev1")
    assert not store.first_time("slack:event:Ev1")
    assert store.first_time("slack:event:Ev2")
    assert "slack:event:Ev1" in store and len(store) == 2


def test_s15_entry_is_honoured_ten_minutes_later_and_expires_after_the_ttl() -> None:
    assert DEFAULT_TTL_S > 600  # longer than Slack's last retry, five minutes after the first
    with freeze_time("2025-01-06 09:00:00") as clock:
        store = DedupStore()
        assert store.first_time("slack:event:Ev1")
        clock.tick(600)
        assert not store.first_time("slack:event:Ev1")
        clock.tick(DEFAULT_TTL_S - 600 + 1)
        assert store.first_time("slack:event:Ev1")


def test_l3_expired_keys_are_evicted_and_the_store_is_bounded() -> None:
    with freeze_time("2025-01-06 09:00:00") as clock:
        store = DedupStore(ttl_s=60, max_entries=1000)
        for i in range(500):
            store.first_time(f"k{i}")
        assert len(store) == 500
        clock.tick(61)
        store.first_time("fresh")
        assert len(store) == 1  # the 500 expired keys are gone, not just ignored
        for i in range(5000):
            store.first_time(f"flood{i}")
        assert len(store) == 1000  # a flood of ids cannot grow memory without bound
        assert "flood4999" in store and "flood0" not in store


def test_s12_check_and_set_is_atomic_under_contention() -> None:
    store = DedupStore()
    threads_per_key, keys = 16, 50
    wins: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads_per_key)

    def race() -> None:
        for k in range(keys):
            barrier.wait()  # all threads ask for the same key at the same moment
            if store.first_time(f"key{k}"):
                with lock:
                    wins.append(f"key{k}")

    threads = [threading.Thread(target=race) for _ in range(threads_per_key)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == sorted(f"key{k}" for k in range(keys))


def test_invalid_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        DedupStore(ttl_s=0)
    with pytest.raises(ValueError):
        DedupStore(max_entries=0)


def test_s15_one_store_per_process() -> None:
    assert shared_store() is shared_store()


def test_s15_the_server_runs_a_single_worker(monkeypatch) -> None:
    """The store is per process, so `jeugdbot serve` and the container run exactly one."""
    import uvicorn
    from typer.testing import CliRunner

    from bot.cli import app

    seen: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    from types import SimpleNamespace

    fake_app = SimpleNamespace(state=SimpleNamespace(bot=None))
    monkeypatch.setattr("bot.channels.web.create_app", lambda *a, **kw: fake_app)
    monkeypatch.setattr("bot.channels.commands.warm_up", lambda bot: None)
    result = CliRunner().invoke(app, ["serve", "--port", "8999"])
    assert result.exit_code == 0, result.output
    assert seen["workers"] == 1
    dockerfile = (Path(ROOT) / "Dockerfile").read_text()
    assert "--workers" not in dockerfile and "gunicorn" not in dockerfile
    assert '"serve"' in dockerfile
