"""Load scenarios L1-L4: a real Jeugdbot server, local mocks of Slack and the Bot Framework, locust.

    .venv/bin/python -m bench.load                    # L1, L2, L4: 50 users for 5 minutes
    .venv/bin/python -m bench.load --events 10000     # L3 soak: 10,000 Slack messages
    .venv/bin/python -m bench.load --users 10 --duration 30s --no-write   # a quick look

What runs where, so that every number is measured over real sockets:

- this process: the mock Slack Web API (tests/channels/slack_mock.py, recording every
  chat.postMessage) and a mock Bot Framework (OpenID metadata, JWKS, token endpoint and the
  connector that receives Teams replies), each a threaded HTTP server on 127.0.0.1;
- a server process (`python -m bench.load serve`): create_app() as `jeugdbot serve` builds it,
  under uvicorn with one worker, with Slack pointed at the mock Web API (SLACK_* settings) and
  Teams at the mock key and token endpoints (the only two URLs the settings do not cover);
- a locust process (bench/locustfile.py, headless): gevent's monkey-patching stays out of
  this process and out of pytest.

After locust stops, the runner waits for the replies, matches every Slack message and Teams
activity with the replies the mocks recorded (duplicates and retries must be answered exactly
once), and checks the targets. Results go to docs/load.md (machine, date, commit, command).

The server runs with a high per-user throttle (JEUGDBOT_THROTTLE_PER_MINUTE): all web users come
from 127.0.0.1 and would otherwise share one throttle budget; throttling is tested by I6.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
REPORT = ROOT / "docs" / "load.md"

# Fake credentials made per run (no secret-shaped literal in the repository): the server and
# the locust senders share the signing secret through the environment.
SLACK_SECRET = secrets.token_hex(16)
FAKE_BOT_TOKEN = secrets.token_hex(16)
FAKE_ACCESS_TOKEN = secrets.token_hex(16)
SLACK_TEAM = "T0JEUGD01"
TEAMS_APP_ID = str(uuid.uuid4())  # the locust senders get both through the environment
TEAMS_TENANT = str(uuid.uuid4())
WARM_QUESTION = "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?"

ACK_P99_MS = 500.0  # L1 and L4
ANSWER_P95_S = 5.0  # L2
RSS_GROWTH_MB = 100.0  # L3: after the first 10 % of the soak (warm caches, full pools)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q * len(ordered) / 100)))
    return ordered[rank - 1]


_T0 = time.monotonic()


def parse_duration(text: str) -> float:
    """Locust's duration syntax: 90, 90s, 5m, 1h30m."""
    if text.replace(".", "", 1).isdigit():
        return float(text)
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text.strip())
    if not parts or not any(parts.groups()):
        raise ValueError(f"not a duration: {text!r}")
    h, m, s = (int(g or 0) for g in parts.groups())
    return float(h * 3600 + m * 60 + s)


def note(message: str) -> None:
    """Progress on stderr, so a five-minute run is not silent."""
    print(f"[load {time.monotonic() - _T0:6.1f} s] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ----- the Bot Framework's side of Teams ----------------------------------------------------


class MockBotFramework:
    """OpenID metadata, JWKS, token endpoint and connector on 127.0.0.1 (real HTTP).

    Counts metadata and key fetches (L4: the server must fetch the JWKS once) and records every
    reply the bot posts to {serviceUrl}/v3/conversations/{id}/activities/{replyToId}.
    """

    def __init__(self) -> None:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from jwt.algorithms import RSAAlgorithm

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
        self.jwks = {"keys": [{**jwk, "kid": "k1", "use": "sig", "endorsements": ["msteams"]}]}
        self.counts: collections.Counter[str] = collections.Counter()
        self.replies: list[tuple[str, float]] = []  # (activity id replied to, monotonic time)
        self._lock = threading.Lock()
        from tests.channels.slack_mock import serve_local

        self._server = serve_local(self._handle)

    @property
    def base(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    @property
    def metadata_url(self) -> str:
        return self.base + "/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return self.base + "/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        return self.base + "/teams/"

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        length = int(req.headers.get("Content-Length") or 0)
        if length:
            req.rfile.read(length)
        path = urlparse(req.path).path
        reply: dict[str, Any]
        if path == "/v1/.well-known/openidconfiguration":
            self._count("metadata")
            reply = {"issuer": "https://api.botframework.com", "jwks_uri": self.base + "/keys"}
        elif path == "/keys":
            self._count("jwks")
            reply = self.jwks
        elif path == "/oauth2/v2.0/token":
            self._count("token")
            reply = {"token_type": "Bearer", "access_token": FAKE_ACCESS_TOKEN, "expires_in": 3600}
        elif match := re.fullmatch(r"/teams/v3/conversations/[^/]+/activities/([^/]+)", path):
            with self._lock:
                self.replies.append((unquote(match.group(1)), time.monotonic()))
            reply = {"id": f"reply-{len(self.replies)}"}
        else:
            self._count("unknown")
            req.send_response(404)
            req.send_header("Content-Length", "0")
            req.end_headers()
            return
        body = json.dumps(reply).encode()
        req.send_response(201 if path.startswith("/teams/") else 200)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    def _count(self, name: str) -> None:
        with self._lock:
            self.counts[name] += 1

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# ----- the server under test ----------------------------------------------------------------


def _rss(process: psutil.Process) -> int:
    try:
        return int(process.memory_info().rss)
    except psutil.Error:  # gone since the listing
        return 0


def serve(port: int, metadata_url: str, token_url: str, dedup_ttl_s: float) -> None:
    """The app `jeugdbot serve` runs, with Teams' two fixed Microsoft URLs pointed at the mock.

    Everything else comes from the environment (the runner sets the Slack, Teams and marts
    settings). The de-duplication store gets `dedup_ttl_s` so a soak can see ids expire, and
    /_load/stats reports the sizes of the in-memory stores and the RSS for L3.
    """
    import uvicorn

    from bot.channels.commands import answerer
    from bot.channels.dedup import DedupStore
    from bot.channels.web import create_app
    from bot.config import Settings

    settings = Settings()
    app = create_app(settings, answerer(settings))
    store = DedupStore(ttl_s=dedup_ttl_s)
    app.state.slack.store = store
    teams = app.state.teams
    teams.dedup = store
    teams.auth.keys.metadata_url = metadata_url
    teams.connector.token_url = token_url
    bot = app.state.bot
    process = psutil.Process()

    timings: dict[str, list[float]] = collections.defaultdict(list)

    async def timed(scope: Any, receive: Any, send: Any) -> None:
        """Server-side time per POST, from the ASGI call to the last byte of the response."""
        if scope["type"] != "http" or scope["method"] != "POST":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await app(scope, receive, send)
        finally:
            timings[scope["path"]].append((time.perf_counter() - started) * 1000)

    @app.get("/_load/stats", include_in_schema=False)
    def stats() -> dict[str, float]:
        helpers = process.children(recursive=True)  # answer workers, chart renderer
        found: dict[str, float] = {
            "rss": process.memory_info().rss + sum(_rss(p) for p in helpers),
            "dedup": len(store),
            "conversations": len(bot.conversations),
            "jwks_fetches": teams.auth.keys.fetches,
        }
        for path, values in list(timings.items()):
            found[f"server_p99_ms {path}"] = percentile(values, 99)
            found[f"server_p50_ms {path}"] = percentile(values, 50)
        return found

    uvicorn.run(timed, host="127.0.0.1", port=port, workers=1, log_level="warning", lifespan="on")


@dataclass
class Server:
    """The server process and where its output goes."""

    process: subprocess.Popen[bytes]
    base: str
    stderr: Path

    def stats(self) -> dict[str, float]:
        return dict(httpx.get(self.base + "/_load/stats", timeout=10).json())

    def errors(self) -> list[str]:
        """Lines the server logged at WARNING or above (it logs nothing below that here)."""
        text = self.stderr.read_text(encoding="utf-8", errors="replace")
        return [line for line in text.splitlines() if line.strip()]


@contextmanager
def server(
    work: Path,
    slack_api_url: str,
    bf: MockBotFramework,
    *,
    marts: Path | None = None,
    dedup_ttl_s: float = 3600.0,
) -> Iterator[Server]:
    """Start the server, wait until it answers a first question, stop it afterwards."""
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("JEUGDBOT_", "SLACK_", "TEAMS_"))
    }
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "JEUGDBOT_AUDIT_DB": str(work / "audit.sqlite"),
            "JEUGDBOT_THROTTLE_PER_MINUTE": "1000000",
            "JEUGDBOT_SLACK_API_URL": slack_api_url,
            "JEUGDBOT_SLACK_TEAM_IDS": SLACK_TEAM,
            "SLACK_SIGNING_SECRET": SLACK_SECRET,
            "SLACK_BOT_TOKEN": FAKE_BOT_TOKEN,
            "TEAMS_APP_ID": TEAMS_APP_ID,
            "TEAMS_APP_PASSWORD": "load-test-password",
            "TEAMS_TENANT_ID": TEAMS_TENANT,
        }
    )
    if marts is not None:
        env["JEUGDBOT_MARTS"] = str(marts)
    stderr = work / "server.log"
    command = [
        sys.executable,
        "-m",
        "bench.load",
        "serve",
        "--port",
        str(port),
        "--metadata-url",
        bf.metadata_url,
        "--token-url",
        bf.token_url,
        "--dedup-ttl",
        str(dedup_ttl_s),
    ]
    with stderr.open("wb") as err:
        # cwd: the work folder, so no .env of the checkout is read by the server's settings
        process = subprocess.Popen(command, cwd=work, env=env, stdout=err, stderr=err)
    srv = Server(process, f"http://127.0.0.1:{port}", stderr)
    try:
        _wait_until_ready(srv)
        yield srv
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def _wait_until_ready(srv: Server, timeout: float = 180.0) -> None:
    """Health first, then one real question (the first answer may build the demo marts)."""
    deadline = time.monotonic() + timeout
    while True:
        if srv.process.poll() is not None:
            raise RuntimeError(f"server exited at start-up:\n{srv.stderr.read_text()[-3000:]}")
        try:
            if httpx.get(srv.base + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("server did not become healthy")
        time.sleep(0.1)
    answer = httpx.post(srv.base + "/api/ask", json={"question": WARM_QUESTION}, timeout=timeout)
    answer.raise_for_status()


class Sampler:
    """Samples the server's RSS and store sizes once a second in a thread (L3)."""

    def __init__(self, srv: Server, every_s: float = 1.0) -> None:
        self.srv = srv
        self.every_s = every_s
        self.samples: list[dict[str, float]] = []
        self._stop = threading.Event()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                s: dict[str, float] = {k: float(v) for k, v in self.srv.stats().items()}
                s["t"] = time.monotonic() - self._started
                self.samples.append(s)
            except httpx.HTTPError:
                pass
            self._stop.wait(self.every_s)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)


# ----- locust ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    """What locust does: how many users, how long, how they behave, what the targets are."""

    users: int = 50
    spawn_rate: float = 10.0
    run_s: float = 300.0  # users send for this long, then idle (ignored with max_events)
    max_events: int = 0  # soak: stop after this many Slack messages
    user_classes: tuple[str, ...] = ()  # empty: SlackUser, WebUser and TeamsUser (6:2:2)
    # Think time of each user between messages.
    wait: tuple[float, float] = (1.0, 4.0)
    dup_rate: float = 0.1
    ack_p99_ms: float = ACK_P99_MS
    dedup_ttl_s: float = 3600.0
    grace_s: float = 10.0  # locust's -t comes this long after the users stop sending
    seed: int | None = None

    def describe(self) -> str:
        kinds = ", ".join(self.user_classes) or "SlackUser, WebUser, TeamsUser (6:2:2)"
        amount = (
            f"{self.max_events} Slack messages"
            if self.max_events
            else f"{self.run_s:g} s of sending"
        )
        return (
            f"{self.users} users ({kinds}), spawn rate {self.spawn_rate:g}/s, {amount}, "
            f"think time {self.wait[0]:g}-{self.wait[1]:g} s, "
            f"{self.dup_rate:.0%} of messages redelivered, "
            f"de-duplication TTL {self.dedup_ttl_s:g} s"
        )


@dataclass
class LocustRun:
    exit_code: int
    log: list[dict[str, Any]]
    output: str
    wall_s: float


def run_locust(host: str, bf: MockBotFramework, work: Path, load: Load) -> LocustRun:
    """Run bench/locustfile.py headless in its own process and read back its delivery log.

    The users send for `run_s` seconds (or until `max_events` Slack messages) and then idle;
    locust's own limit (-t) comes `grace_s` later, so every request in flight completes.
    """
    duration = f"{int(load.run_s + load.grace_s)}s" if not load.max_events else "3h"
    key_file = work / "teams-key.pem"
    key_file.write_bytes(bf.private_pem)
    log_file = work / "deliveries.jsonl"
    env = dict(os.environ)
    env.update(
        {
            "LOAD_SLACK_SECRET": SLACK_SECRET,
            "LOAD_SLACK_TEAM": SLACK_TEAM,
            "LOAD_TEAMS_APP_ID": TEAMS_APP_ID,
            "LOAD_TEAMS_TENANT": TEAMS_TENANT,
            "LOAD_TEAMS_SERVICE_URL": bf.service_url,
            "LOAD_TEAMS_KEY": str(key_file),
            "LOAD_LOG": str(log_file),
            "LOAD_MAX_EVENTS": str(load.max_events),
            "LOAD_RUN_S": "0" if load.max_events else str(load.run_s),
            "LOAD_ACK_P99_MS": str(load.ack_p99_ms),
            "LOAD_DUP_RATE": str(load.dup_rate),
            "LOAD_WAIT_MIN": str(load.wait[0]),
            "LOAD_WAIT_MAX": str(load.wait[1]),
            "LOAD_SEED": "" if load.seed is None else str(load.seed),
        }
    )
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        host,
        "-u",
        str(load.users),
        "-r",
        str(load.spawn_rate),
        "-t",
        duration,
        "--stop-timeout",
        "10",
        "--only-summary",
        "--exit-code-on-error",
        "1",
        *load.user_classes,
    ]
    started = time.monotonic()
    done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)
    wall = time.monotonic() - started
    log = (
        [json.loads(line) for line in log_file.read_text().splitlines()]
        if log_file.exists()
        else []
    )
    return LocustRun(done.returncode, log, done.stdout + done.stderr, wall)


# ----- matching and checks ------------------------------------------------------------------


@dataclass
class Check:
    item: str
    what: str
    measured: str
    passed: bool


@dataclass
class Result:
    """Everything one scenario measured, ready for the console and docs/load.md."""

    name: str
    command: str
    settings: str
    wall_s: float = 0.0
    locust_exit: int = 0
    requests: dict[str, dict[str, float]] = field(default_factory=dict)
    answers: dict[str, dict[str, float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    memory: dict[str, float] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    server_log: list[str] = field(default_factory=list)  # shown in the report
    server_errors: list[str] = field(default_factory=list)  # everything the server logged

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


def _stats(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": float(len(values)),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values, default=0.0),
    }


OK_STATUS = {"slack": {200}, "teams": {200, 202}, "web": {200}}


def acked_keys(log: list[dict[str, Any]], kind: str) -> dict[str, float]:
    """Reply key -> send time of every message whose first delivery was acknowledged.

    A message whose first delivery failed is not expected to be answered (Slack would retry it).
    """
    found: dict[str, float] = {}
    for r in log:
        if r["kind"] == kind and r["first"] and r["status"] in OK_STATUS[kind]:
            found.setdefault(r["key"], r["t"])
    return found


def wait_for_replies(
    count: Any, expected: int, timeout: float = 120.0, quiet_s: float = 2.0
) -> None:
    """Wait until `count()` reaches `expected` and then stays put for `quiet_s` (no extras)."""
    deadline = time.monotonic() + timeout
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now_count = count()
        if now_count != last:
            last, since = now_count, time.monotonic()
        elif now_count >= expected and time.monotonic() - since >= quiet_s:
            return
        time.sleep(0.2)


def analyse(
    result: Result,
    run: LocustRun,
    slack_posts: list[tuple[str, float]],
    teams_replies: list[tuple[str, float]],
    bf: MockBotFramework,
    ack_p99_ms: float,
    server_errors: list[str],
) -> None:
    """Fill in the counts, percentiles and the L1/L2/L4 checks from the log and the mocks."""
    log = run.log
    result.locust_exit = run.exit_code
    result.wall_s = run.wall_s
    by_path = {"slack": "/slack/events", "teams": "/api/messages", "web": "/api/ask"}
    ok = OK_STATUS
    failures = 0
    for kind, path in by_path.items():
        records = [r for r in log if r["kind"] == kind]
        if records:
            result.requests[path] = _stats([r["ms"] for r in records])
            failures += sum(1 for r in records if r["status"] not in ok[kind])
    result.counts["requests"] = len(log)
    result.counts["failures"] = failures

    checks = result.checks
    checks.append(
        Check(
            "L1",
            "0 % failed requests; locust exit code 0",
            f"{failures} failed of {len(log)}; exit {run.exit_code}",
            failures == 0 and run.exit_code == 0 and bool(log),
        )
    )
    for kind, label in (("slack", "Slack"), ("teams", "Teams")):
        path = by_path[kind]
        if path not in result.requests:
            continue
        p99 = result.requests[path]["p99"]
        checks.append(
            Check(
                "L1" if kind == "slack" else "L4",
                f"{label} ack p99 ≤ {ack_p99_ms:.0f} ms",
                f"{p99:.0f} ms",
                p99 <= ack_p99_ms,
            )
        )

    for kind, replies, label in (
        ("slack", slack_posts, "Slack"),
        ("teams", teams_replies, "Teams"),
    ):
        sent = [r for r in log if r["kind"] == kind]
        if not sent:
            continue
        first_at = acked_keys(log, kind)
        # A message whose first delivery got no ack may still have reached the server and be
        # answered (as Slack would retry it); it must then be answered once, but is not owed.
        sent_keys = {r["key"] for r in sent if r["first"]}
        got = collections.Counter(key for key, _at in replies)
        missing = [k for k in first_at if got[k] == 0]
        doubled = [k for k, n in got.items() if n > 1]
        stray = [k for k in got if k not in sent_keys]
        extra = len(sent) - sum(1 for r in sent if r["first"])
        result.counts[f"{kind}_messages"] = len(first_at)
        result.counts[f"{kind}_redeliveries"] = extra
        result.counts[f"{kind}_replies"] = len(replies)
        reply_at: dict[str, float] = {}
        for key, at in replies:
            reply_at.setdefault(key, at)
        latencies = [reply_at[k] - t for k, t in first_at.items() if k in reply_at]
        result.answers[label] = _stats(latencies)
        unacked = len(sent_keys) - len(first_at)
        checks.append(
            Check(
                "L2" if kind == "slack" else "L4",
                f"{label}: every message answered exactly once despite redeliveries",
                f"{len(replies)} replies for {len(first_at)} messages (+{extra} redeliveries"
                + (f", {unacked} not acked" if unacked else "")
                + f"); missing {len(missing)}, twice {len(doubled)}, stray {len(stray)}",
                not missing and not doubled and not stray,
            )
        )
        if kind == "slack":
            p95 = percentile(latencies, 95)
            checks.append(
                Check(
                    "L2",
                    f"Slack answer p95 ≤ {ANSWER_P95_S:.0f} s (event sent → reply on the mock)",
                    f"{p95:.2f} s",
                    p95 <= ANSWER_P95_S and bool(latencies),
                )
            )
    if any(r["kind"] == "web" for r in log):
        result.answers["Web (/api/ask)"] = {
            k: (v / 1000 if k != "n" else v) for k, v in result.requests["/api/ask"].items()
        }
    if any(r["kind"] == "teams" for r in log):
        result.counts["jwks_fetches"] = bf.counts["jwks"]
        result.counts["metadata_fetches"] = bf.counts["metadata"]
        result.counts["token_fetches"] = bf.counts["token"]
        checks.append(
            Check(
                "L4",
                "JWKS fetched exactly once (cached for every later activity)",
                f"{bf.counts['jwks']} JWKS and {bf.counts['metadata']} metadata fetches",
                bf.counts["jwks"] == 1 and bf.counts["metadata"] == 1,
            )
        )
    result.server_errors = list(server_errors)
    result.server_log = server_errors[:20]
    result.counts["server_log_lines"] = len(server_errors)
    checks.append(
        Check(
            "—",
            "the server logged no warnings or errors",
            f"{len(server_errors)} lines",
            not server_errors,
        )
    )


def memory_checks(result: Result, samples: list[dict[str, float]], idle: dict[str, float]) -> None:
    """L3: RSS growth after the first 10 % of the soak, and expired ids leaving the store."""
    if not samples:
        result.checks.append(Check("L3", "RSS sampled", "no samples", False))
        return
    mb = 1024 * 1024
    start = samples[max(0, len(samples) // 10 - 1)]
    end = samples[-1]
    peak_rss = max(s["rss"] for s in samples)
    growth = (end["rss"] - start["rss"]) / mb
    half = samples[len(samples) // 2]
    result.memory = {
        "rss_start_mb": samples[0]["rss"] / mb,
        "rss_after_10pct_mb": start["rss"] / mb,
        "rss_25pct_mb": samples[len(samples) // 4]["rss"] / mb,
        "rss_half_mb": half["rss"] / mb,
        "rss_75pct_mb": samples[3 * len(samples) // 4]["rss"] / mb,
        "rss_end_mb": end["rss"] / mb,
        "rss_peak_mb": peak_rss / mb,
        "dedup_peak": max(s["dedup"] for s in samples),
        "dedup_end_of_run": end["dedup"],
        "dedup_after_ttl": idle["dedup"],
        "conversations_end": end["conversations"],
    }
    result.checks.append(
        Check(
            "L3",
            f"RSS growth after the first 10 % of the run ≤ {RSS_GROWTH_MB:.0f} MB",
            f"{growth:+.1f} MB ({start['rss'] / mb:.0f} → {end['rss'] / mb:.0f} MB, "
            f"peak {peak_rss / mb:.0f} MB)",
            growth <= RSS_GROWTH_MB,
        )
    )
    result.checks.append(
        Check(
            "L3",
            "the de-duplication store evicts expired ids (empty one TTL after the last event)",
            f"peak {max(s['dedup'] for s in samples):.0f} ids, {idle['dedup']} left after the TTL",
            idle["dedup"] == 0 and max(s["dedup"] for s in samples) > 0,
        )
    )


# ----- one scenario -------------------------------------------------------------------------


def run_scenario(
    load: Load,
    *,
    name: str,
    command: str,
    marts: Path | None = None,
    soak: bool = False,
) -> Result:
    """Mocks + server + locust, then the checks; the work folder is removed afterwards."""
    from tests.channels.slack_mock import MockSlackAPI

    work = Path(tempfile.mkdtemp(prefix="jeugdbot-load-"))
    slack = MockSlackAPI()
    bf = MockBotFramework()
    result = Result(name=name, command=command, settings=load.describe())
    result.memory["load_avg_1min_before"] = os.getloadavg()[0]  # other work on the machine
    try:
        note("starting the server")
        with server(work, slack.api_url, bf, marts=marts, dedup_ttl_s=load.dedup_ttl_s) as srv:
            note(f"server ready on {srv.base}; running locust: {result.settings}")
            warm_fetches = bf.counts["jwks"]
            sampler = Sampler(srv) if soak else None
            proc = psutil.Process(srv.process.pid)
            cpu_before = sum(proc.cpu_times()[:2])
            run = run_locust(srv.base, bf, work, load)
            cpu_run = sum(proc.cpu_times()[:2]) - cpu_before
            result.memory["load_avg_1min_after"] = os.getloadavg()[0]
            note(f"locust exited with {run.exit_code}; waiting for the replies")
            wait_for_replies(lambda: len(slack.posts()), len(acked_keys(run.log, "slack")))
            wait_for_replies(lambda: len(bf.replies), len(acked_keys(run.log, "teams")))
            result.memory["server_cpu_pct"] = 100 * cpu_run / max(run.wall_s, 1e-9)
            result.memory.update({k: v for k, v in srv.stats().items() if k.startswith("server_p")})
            if sampler is not None:
                sampler.stop()
            posts = [
                (f"{c.params.get('channel')}/{c.params.get('thread_ts') or ''}", c.at)
                for c in slack.posts()
            ]
            if warm_fetches:
                raise RuntimeError("the warm-up question must not touch Teams")
            analyse(result, run, posts, list(bf.replies), bf, load.ack_p99_ms, srv.errors())
            if sampler is not None:
                note(f"waiting one de-duplication TTL ({load.dedup_ttl_s:g} s) for expiry")
                time.sleep(load.dedup_ttl_s + 1.0)
                memory_checks(result, sampler.samples, srv.stats())
            if not result.passed:
                result.server_log.append("--- locust output (tail) ---")
                result.server_log.extend(run.output.splitlines()[-30:])
            note("stopping the server")
    finally:
        slack.close()
        bf.close()
        shutil.rmtree(work, ignore_errors=True)
        note("done")
    return result


# ----- reporting ----------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = psutil.virtual_memory().total / 1024**3
    return (
        f"{cpu}, {os.cpu_count()} cores, {ram:.0f} GB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (
        " (with uncommitted changes)" if git("status", "--porcelain", "--", "bot") else ""
    )


def render(result: Result) -> str:
    """One scenario as Markdown."""
    lines = [
        f"### {result.name}: {'PASS' if result.passed else 'FAIL'}",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; commit {commit()}",
        f"- Machine: {machine()}",
        f"- Command: `{result.command}`",
        f"- Load: {result.settings}",
        f"- Wall time of the locust run: {result.wall_s:.0f} s; "
        f"{result.counts.get('requests', 0)} requests",
        "",
        "| item | target | measured | |",
        "|---|---|---|---|",
    ]
    for c in result.checks:
        lines.append(f"| {c.item} | {c.what} | {c.measured} | {'ok' if c.passed else 'FAIL'} |")
    lines += ["", "Acknowledgement / response time per endpoint (ms):", ""]
    lines += ["| endpoint | requests | p50 | p95 | p99 | max |", "|---|---|---|---|---|---|"]
    for path, s in result.requests.items():
        lines.append(
            f"| POST {path} | {s['n']:.0f} | {s['p50']:.0f} | {s['p95']:.0f} | "
            f"{s['p99']:.0f} | {s['max']:.0f} |"
        )
    lines += ["", "Answer time, from the message being sent to the reply arriving (s):", ""]
    lines += ["| channel | answers | p50 | p95 | p99 | max |", "|---|---|---|---|---|---|"]
    for label, s in result.answers.items():
        lines.append(
            f"| {label} | {s['n']:.0f} | {s['p50']:.2f} | {s['p95']:.2f} | "
            f"{s['p99']:.2f} | {s['max']:.2f} |"
        )
    counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
    lines += ["", f"Counts: {counts}."]
    server_side = {k: v for k, v in result.memory.items() if k.startswith("server_p")}
    if server_side:
        timing = ", ".join(f"{k.removeprefix('server_')} {v:.0f}" for k, v in server_side.items())
        lines += [
            "",
            "Server-side time per POST in ms (ASGI call to last response byte; the gap to "
            "the client's figures is queueing in the kernel, the event loop and the client): "
            f"{timing}.",
        ]
    other = {k: v for k, v in result.memory.items() if k not in server_side}
    if other:
        shown = ", ".join(f"{k} {v:.0f}" if v >= 10 else f"{k} {v:.2f}" for k, v in other.items())
        lines += ["", f"Server process and machine: {shown}."]
    if result.server_log:
        lines += ["", "Server log (first lines):", "", "```", *result.server_log, "```"]
    return "\n".join(lines) + "\n"


def print_result(result: Result) -> None:
    print(render(result))


HEADER = """# Load: the L1-L4 scenarios and their results

`bench/load.py` runs them and rewrites its own section below on every run (the rest of this file
is kept):

    make load    # .venv/bin/python -m bench.load                  L1, L2, L4: 50 users, 5 minutes
    make soak    # .venv/bin/python -m bench.load --events 10000   L3: 10,000 Slack messages

`--users`, `--duration`, `--wait MIN MAX`, `--users-of SlackUser` and `--no-write` adjust a run;
the exit code is non-zero when a check fails. The CI version is `tests/test_load.py` (10 users,
6 s of sending, the same runner; it asserts counts, not timings).

## Set-up

- Server under test: `create_app()` as `jeugdbot serve` builds it, under uvicorn with one
  worker, in its own process, on the demo marts. Slack is configured with the SLACK_* settings
  against a mock Web API; the Teams channel's two fixed Microsoft URLs (OpenID metadata, token
  endpoint) are pointed at a mock Bot Framework, and activities carry the mock's serviceUrl.
  The per-user throttle is raised (all web users come from 127.0.0.1 and would share one
  budget); throttling itself is checked by I6. Before locust starts, the runner asks one
  question through `/api/ask` (a readiness probe that also opens the marts).
- Mocks (threaded HTTP servers in the runner's process): the Slack Web API from
  `tests/channels/slack_mock.py`, recording every `chat.postMessage` and chart upload; a Bot
  Framework with OpenID metadata, JWKS (an RSA key made for the run), token endpoint and the
  connector that records every Teams reply.
- Load (`bench/locustfile.py`, headless locust in its own process): SlackUser posts
  `app_mention` events in 200 channels and `message.im` events in DMs, signed as Slack signs
  (`v0:timestamp:body`, HMAC-SHA256); 10 % of the messages are delivered again, as Slack's
  retries of the same `event_id` (`X-Slack-Retry-Num: 1` and sometimes `2`,
  `X-Slack-Retry-Reason: http_timeout`, a few seconds later) or, in a DM, as the twin `app_mention`
  event with its own `event_id`. WebUser posts the 523 golden questions to `/api/ask`.
  TeamsUser posts activities with an RS256 JWT signed by the run's key and resends 10 % of the
  activity ids. Users think 1-4 s between messages. Every request goes on a fresh connection,
  as from a fleet of webhook senders: with keep-alive, uvicorn closes a connection after 5 s
  idle, and a user pausing that long races the close and gets a reset (13 of 6,224 requests
  in a first run under load average 5) - an artefact of the client, not an answer failure.
- Matching: every Slack message is identified by where its reply goes (channel and thread of
  a mention; a fresh DM channel per direct message), every Teams activity by its id in the
  connector URL. Answer time runs from sending the first delivery to the reply arriving at
  the mock (one clock: CLOCK_MONOTONIC is system-wide on Linux).
- All three processes share the machine's cores; the load average before and after each run
  is recorded, since other work on the machine shows in the tail latencies.
"""


def write_report(result: Result, section: str, path: Path = REPORT) -> None:
    """Replace this scenario's section in docs/load.md, keeping the other one."""
    begin, end = f"<!-- load:{section} -->", f"<!-- /load:{section} -->"
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = f"{begin}\n{render(result)}{end}"
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    sub = parser.add_subparsers(dest="cmd")
    srv = sub.add_parser("serve", help="(internal) the server under test")
    srv.add_argument("--port", type=int, required=True)
    srv.add_argument("--metadata-url", required=True)
    srv.add_argument("--token-url", required=True)
    srv.add_argument("--dedup-ttl", type=float, default=3600.0)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", default="5m", help="sending time: 300, 90s, 5m (no soak)")
    parser.add_argument("--events", type=int, default=0, help="soak: stop after N Slack messages")
    parser.add_argument("--dedup-ttl", type=float, default=0, help="default: 60 s soak, else 1 h")
    parser.add_argument("--users-of", nargs="*", default=[], help="locust user classes only")
    parser.add_argument(
        "--wait",
        nargs=2,
        type=float,
        default=[1.0, 4.0],
        metavar=("MIN", "MAX"),
        help="think time of each user between messages, in seconds (default 1 4)",
    )
    parser.add_argument("--section", default="", help="docs/load.md section (default main/soak)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/load.md")
    args = parser.parse_args(argv)
    if args.cmd == "serve":
        serve(args.port, args.metadata_url, args.token_url, args.dedup_ttl)
        return 0
    soak = args.events > 0
    load = Load(
        users=args.users,
        spawn_rate=args.spawn_rate,
        run_s=parse_duration(args.duration),
        max_events=args.events,
        user_classes=tuple(args.users_of),
        wait=(args.wait[0], args.wait[1]),
        dedup_ttl_s=args.dedup_ttl or (60.0 if soak else 3600.0),
    )
    words = list(argv if argv is not None else sys.argv[1:])
    result = run_scenario(
        load,
        name="L3 soak" if soak else f"L1, L2, L4 ({args.users} users)",
        command=" ".join([".venv/bin/python -m bench.load", *words]),
        soak=soak,
    )
    print_result(result)
    if not args.no_write:
        write_report(result, args.section or ("soak" if soak else "main"))
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
