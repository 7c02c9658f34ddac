"""A local mock of Slack for the channel tests: the Web API over real HTTP, and Socket Mode.

`MockSlackAPI` is a threaded HTTP server on 127.0.0.1 that answers the Web API methods the bot
calls (chat.postMessage, files.* for chart uploads, apps.connections.open), accepts posts to
response_url hooks, records every call, and can be told to answer 429 with Retry-After.
`MockSocketServer` is a websockets server that plays Slack's side of Socket Mode: it says
hello, sends envelopes, records the acks, and can ask for a refresh or drop the connection.
`sign()` signs a body exactly as Slack does, for requests to /slack/events.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from bot.config import Settings
from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind
from tests.fake_secrets import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET

TEAM = "T0JEUGD01"
BOT_USER = "UBOTJEUGD"
BOT_ID = "BBOTJEUGD"
SECRET = SIGNING_SECRET


def sign(body: bytes, timestamp: str, secret: str = SECRET) -> str:
    """`v0=` + HMAC-SHA256 of "v0:{timestamp}:{body}", as Slack signs its requests."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(body: bytes, timestamp: int | str | None = None, secret: str = SECRET) -> dict:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sign(body, ts, secret),
        "Content-Type": "application/json",
    }


_ids = itertools.count(1)


def event_callback(
    event: dict[str, Any],
    *,
    event_id: str | None = None,
    team: str = TEAM,
    **extra: Any,
) -> dict[str, Any]:
    """An Events API envelope as Slack sends it, with the bot's authorisation."""
    body = {
        "token": "legacy-verification-token",
        "team_id": team,
        "api_app_id": "AJEUGD",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [
            {"enterprise_id": None, "team_id": team, "user_id": BOT_USER, "is_bot": True}
        ],
        "is_ext_shared_channel": False,
    }
    body.update(extra)
    return body


def mention(text: str, *, channel: str = "C0CHAN01", user: str = "U0ASKER1", **kw: Any) -> dict:
    """An app_mention event (an @-mention of the bot in a channel)."""
    ts = kw.pop("ts", None) or f"{int(time.time())}.{next(_ids):06d}"
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": kw.pop("user_team", TEAM),
    }
    event.update(kw.pop("event_extra", {}))
    return event_callback(event, **kw)


def dm(text: str, *, channel: str = "D0DIRECT1", user: str = "U0ASKER1", **kw: Any) -> dict:
    """A message.im event (a direct message to the bot)."""
    ts = kw.pop("ts", None) or f"{int(time.time())}.{next(_ids):06d}"
    event = {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        "team": TEAM,
    }
    event.update(kw.pop("event_extra", {}))
    return event_callback(event, **kw)


def slash_command(text: str, *, response_url: str, channel: str = "C0CHAN01", **kw: Any) -> dict:
    """The form fields of a /jeugd slash command."""
    fields = {
        "token": "legacy-verification-token",
        "team_id": TEAM,
        "team_domain": "regio",
        "channel_id": channel,
        "channel_name": "jeugdhulp",
        "user_id": kw.pop("user", "U0ASKER1"),
        "user_name": "asker",
        "command": "/jeugd",
        "text": text,
        "api_app_id": "AJEUGD",
        "response_url": response_url,
        "trigger_id": f"{next(_ids)}.trigger",
    }
    fields.update(kw)
    return fields


def block_action(
    action_id: str,
    value: str,
    *,
    response_url: str,
    channel: str = "C0CHAN01",
    message_ts: str = "1700000000.000100",
    thread_ts: str | None = None,
    user: str = "U0ASKER1",
) -> dict:
    """A block_actions payload: a click on one of the bot's buttons."""
    message: dict[str, Any] = {"type": "message", "ts": message_ts, "user": BOT_USER}
    if thread_ts:
        message["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "AJEUGD",
        "team": {"id": TEAM, "domain": "regio"},
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
        "channel": {"id": channel, "name": "jeugdhulp"},
        "message": message,
        "trigger_id": f"{next(_ids)}.trigger",
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "jeugd_tools",
                "value": value,
                "action_ts": str(time.time()),
            }
        ],
    }


def serve_local(handle: Callable[[BaseHTTPRequestHandler], None]) -> ThreadingHTTPServer:
    """A threaded HTTP server on a free port of 127.0.0.1 that passes every GET and POST to
    `handle`, quietly, serving from a daemon thread: the base of the local mocks of Slack and
    the Bot Framework (tests and bench/load.py)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            handle(self)

        def do_POST(self) -> None:
            handle(self)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server


@dataclass
class Call:
    """One request the mock received."""

    method: str  # Web API method, "upload" or "hook"
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class MockSlackAPI:
    """The Slack Web API on 127.0.0.1 (real HTTP), recording every call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.socket_url: Callable[[], str] | None = None
        self._failures: dict[str, list[tuple[int, dict[str, str], dict[str, Any]]]] = {}
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        self._server = serve_local(self._handle)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.base + "/api/"

    def hook_url(self, name: str = "cmd") -> str:
        return f"{self.base}/hooks/{name}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- programming the mock ---------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int | None = 2,
        times: int = 1,
        error: str | None = None,
    ) -> None:
        """The next `times` calls of `method` fail, e.g. 429 with Retry-After, or 200 + error."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        default = "ratelimited" if status == 429 else "internal_error"
        body = {"ok": False, "error": error or default}
        with self._cond:
            self._failures.setdefault(method, []).extend([(status, headers, body)] * times)

    # -- reading what happened ----------------------------------------------------------------

    def of(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def posts(self) -> list[Call]:
        """Successful chat.postMessage calls (failed attempts are recorded as method + '!')."""
        return self.of("chat.postMessage")

    def traffic(self) -> list[Call]:
        """Every call except opening Socket Mode connections: what the bot did on its own."""
        with self._cond:
            return [c for c in self.calls if c.method != "apps.connections.open"]

    def replies(self) -> list[Call]:
        """Everything a user would see: chat.postMessage and posts to response_url hooks."""
        with self._cond:
            return [c for c in self.calls if c.method in ("chat.postMessage", "hook")]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Block until `count` calls of `method` arrived (or fail the test on timeout)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} {method} calls, got {len(found)}")
                self._cond.wait(left)

    # -- the server side --------------------------------------------------------------------

    def _record(self, method: str, params: dict[str, Any]) -> None:
        with self._cond:
            self.calls.append(Call(method, params))
            self._cond.notify_all()

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        url = urlparse(req.path)
        length = int(req.headers.get("Content-Length") or 0)
        raw = req.rfile.read(length) if length else b""
        if url.path.startswith("/upload/"):
            self._record("upload", {"file_id": url.path.rsplit("/", 1)[-1], "bytes": raw})
            return self._reply(req, 200, b"OK", "text/plain")
        params: dict[str, Any] = {k: v[0] for k, v in parse_qs(url.query).items()}
        ctype = req.headers.get("Content-Type", "")
        if raw and "json" in ctype:
            params.update(json.loads(raw))
        elif raw:
            params.update({k: v[0] for k, v in parse_qs(raw.decode()).items()})
        params["_auth"] = req.headers.get("Authorization")
        if url.path.startswith("/hooks/"):
            params["_hook"] = url.path.rsplit("/", 1)[-1]
            if self._fail(req, "hook"):
                return None
            self._record("hook", params)
            return self._reply(req, 200, b"ok", "text/plain")
        method = url.path.removeprefix("/api/")
        if self._fail(req, method):
            return None
        result = self._result(method, params)
        self._record(method, params)
        return self._reply(req, 200, json.dumps(result).encode(), "application/json")

    def _fail(self, req: BaseHTTPRequestHandler, method: str) -> bool:
        with self._cond:
            queue = self._failures.get(method)
            failure = queue.pop(0) if queue else None
            if failure:
                self.calls.append(Call(method + "!", {"status": failure[0]}))
                self._cond.notify_all()
        if failure is None:
            return False
        status, headers, body = failure
        self._reply(req, status, json.dumps(body).encode(), "application/json", headers)
        return True

    def _result(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "chat.postMessage":
            ts = f"1800000000.{next(self._ts):06d}"
            return {"ok": True, "channel": params.get("channel"), "ts": ts}
        if method == "auth.test":
            return {"ok": True, "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID}
        if method == "apps.connections.open":
            assert self.socket_url is not None, "no socket server attached"
            return {"ok": True, "url": self.socket_url()}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):08d}"
            return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = params.get("files")
            files = json.loads(files) if isinstance(files, str) else files
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        return {"ok": False, "error": "unknown_method"}

    @staticmethod
    def _reply(
        req: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        ctype: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        req.send_response(status)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            req.send_header(k, v)
        req.end_headers()
        req.wfile.write(body)


class MockSocketServer:
    """Slack's side of Socket Mode on 127.0.0.1: hello, envelopes, acks, refresh and drops."""

    def __init__(self) -> None:
        self.acks: dict[str, tuple[float, dict[str, Any]]] = {}
        self.sent: dict[str, float] = {}
        self.connections: list[ServerConnection] = []
        self._cond = threading.Condition()
        self._loop = asyncio.new_event_loop()
        self._server: Server | None = None
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        ready.wait(5)

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            self._server = await serve(self._session, "127.0.0.1", 0)
            ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    async def _session(self, ws: ServerConnection) -> None:
        with self._cond:
            self.connections.append(ws)
            self._cond.notify_all()
        try:
            await ws.send(json.dumps({"type": "hello", "num_connections": 1}))
            async for raw in ws:
                message = json.loads(raw)
                envelope_id = message.get("envelope_id")
                if envelope_id:
                    with self._cond:
                        self.acks.setdefault(envelope_id, (time.monotonic(), message))
                        self._cond.notify_all()
        except ConnectionClosed:
            pass  # dropped by the test or by the client reconnecting

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.sockets[0].getsockname()[1]

    def url(self) -> str:
        """A fresh wss-style URL, as apps.connections.open hands out (plain ws here)."""
        return f"ws://127.0.0.1:{self.port}/link/?ticket={uuid.uuid4().hex}"

    def _call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(5)

    def wait_for_connections(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.connections) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"expected {count} connections, got {len(self.connections)}"
                    )
                self._cond.wait(left)

    def send_envelope(
        self,
        payload: dict[str, Any],
        *,
        kind: str = "events_api",
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> str:
        """Send one envelope on the newest connection; returns its envelope_id."""
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": retry_reason,
        }
        ws = self.connections[-1]
        with self._cond:
            self.sent[envelope_id] = time.monotonic()
        self._call(ws.send(json.dumps(envelope)))
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> float:
        """Seconds between sending the envelope and its acknowledgement."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while envelope_id not in self.acks:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"envelope {envelope_id} was not acknowledged")
                self._cond.wait(left)
            return self.acks[envelope_id][0] - self.sent[envelope_id]

    def ask_refresh(self) -> None:
        """What Slack sends before it rotates a connection."""
        message = {"type": "disconnect", "reason": "refresh_requested"}
        self._call(self.connections[-1].send(json.dumps(message)))

    def drop(self) -> None:
        """Close the newest connection from the server side without any warning."""

        async def abort() -> None:
            ws = self.connections[-1]
            ws.transport.abort()

        self._call(abort())

    def hang_up(self) -> None:
        """Close every connection cleanly from the server side."""

        async def close_all() -> None:
            for ws in self.connections:
                await ws.close()

        self._call(close_all())

    def close(self) -> None:
        async def stop() -> None:
            if self._server is not None:
                self._server.close()

        self._call(stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


# -- the harness: the real Slack channel wired to the mocks ------------------------------------


def canned(question: str) -> Answer:
    """A fixed, instant answer for tests about timing, where the core's speed must not count."""
    return Answer(kind=Kind.ANSWER, text=f"Antwoord op: {question}", intent="test")


@functools.cache
def shared_core() -> Jeugdbot:
    """One real bot per test process, warmed up once (the first answer may build the marts)."""
    core = Jeugdbot(Settings())
    core.answer("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?")
    return core


class RecordingBot(Jeugdbot):
    """A spy at the channel seam: records what the channel asked, then lets the real core answer.

    It can also stand in for the core where the checklist needs it: slow (S10: a long DuckDB
    query), failing (S16), or scripted with `reply` (timing tests, escaping of echoed text).
    Its own settings decide throttling and the audit file; `core` does the answering.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        core: Jeugdbot | None = None,
        delay: float = 0.0,
        fail: bool = False,
        reply: Callable[[str], Answer] | None = None,
    ) -> None:
        super().__init__(settings)
        self.core, self.delay, self.fail, self.reply = core, delay, fail, reply
        self.asked: list[tuple[str, Context | None]] = []
        self._lock = threading.Lock()

    def answer(self, question: str, context: Context | None = None) -> Answer:
        with self._lock:
            self.asked.append((question, context))
        if self.delay:
            time.sleep(self.delay)
        if self.fail:
            raise RuntimeError("kapot in /srv/jeugdbot/queries/geheim.sql")
        if self.reply is not None:
            return self.reply(question)
        return (self.core or shared_core()).answer(question, context)


@dataclass
class Delivery:
    """How Slack's side saw one delivery: the HTTP status (or 200 for a socket ack) and when."""

    status: int
    ack_s: float
    headers: dict[str, str] = field(default_factory=dict)


class SlackHarness:
    """The real SlackChannel over FastAPI and (optionally) Socket Mode, talking to the mocks.

    Both transports share one channel, so the same listeners, worker pool and de-duplication
    store serve HTTP and Socket Mode, as in production.
    """

    def __init__(self, bot: Any, *, socket: bool = False, **settings: Any) -> None:
        from fastapi import FastAPI
        from fastapi.testclient import TestClient

        from bot.channels.dedup import DedupStore
        from bot.channels.slack import mount_slack, socket_mode_handler
        from bot.config import Settings

        self.api = MockSlackAPI()
        self.sockets = MockSocketServer() if socket else None
        if self.sockets is not None:
            self.api.socket_url = self.sockets.url
        values: dict[str, Any] = {
            "slack_bot_token": BOT_TOKEN,
            "slack_signing_secret": SECRET,
            "slack_app_token": APP_TOKEN,
            "slack_api_url": self.api.api_url,
            "slack_team_ids": TEAM,
        }
        values.update(settings)
        self.settings = Settings(**values)
        self.store = DedupStore()
        self.app = FastAPI()
        mount_slack(self.app, bot, self.settings, store=self.store)
        self.channel = self.app.state.slack
        self.http = TestClient(self.app)
        self.handler = None
        if self.sockets is not None:
            # short pings so a dropped socket is noticed in about 2 s instead of 20 s
            self.handler = socket_mode_handler(self.channel, self.settings, ping_interval=0.5)
            self.handler.connect()
            self.sockets.wait_for_connections(1)

    # -- delivering to the bot ----------------------------------------------------------------

    def post_raw(self, body: bytes, headers: dict[str, str]) -> Delivery:
        started = time.monotonic()
        response = self.http.post("/slack/events", content=body, headers=headers)
        return Delivery(response.status_code, time.monotonic() - started, dict(response.headers))

    def event(self, payload: dict, *, via: str = "http", retry: int = 0) -> Delivery:
        """Deliver an Events API payload as Slack would over `via` ("http" or "socket")."""
        if via == "socket":
            return self._envelope(payload, "events_api", retry)
        body = json.dumps(payload).encode()
        headers = signed_headers(body)
        if retry:
            headers["X-Slack-Retry-Num"] = str(retry)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        return self.post_raw(body, headers)

    def command(self, fields: dict, *, via: str = "http") -> Delivery:
        """Deliver a slash command (form fields over HTTP, an envelope over Socket Mode)."""
        if via == "socket":
            return self._envelope(fields, "slash_commands", 0)
        from urllib.parse import urlencode

        body = urlencode(fields).encode()
        headers = signed_headers(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.post_raw(body, headers)

    def action(self, payload: dict, *, via: str = "http") -> Delivery:
        """Deliver a button click (block_actions)."""
        if via == "socket":
            return self._envelope(payload, "interactive", 0)
        from urllib.parse import urlencode

        body = urlencode({"payload": json.dumps(payload)}).encode()
        headers = signed_headers(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.post_raw(body, headers)

    def _envelope(self, payload: dict, kind: str, retry: int) -> Delivery:
        assert self.sockets is not None, "harness built without socket=True"
        envelope_id = self.sockets.send_envelope(
            payload, kind=kind, retry_attempt=retry, retry_reason="timeout" if retry else ""
        )
        return Delivery(200, self.sockets.wait_for_ack(envelope_id))

    # -- after the ack --------------------------------------------------------------------------

    def settle(self, timeout: float = 20.0) -> None:
        """Wait until every queued answer has been sent."""
        assert self.channel.drain(timeout), "answers still queued after the timeout"

    def close(self) -> None:
        if self.handler is not None and self.sockets is not None:
            # Stop reconnecting, then hang up from the server side: the client's reader wakes
            # at once instead of after its 3 s receive timeout.
            client = self.handler.client
            client.auto_reconnect_enabled = False
            client.closed = True
            self.sockets.hang_up()
            deadline = time.monotonic() + 5
            while client.is_connected() and time.monotonic() < deadline:
                time.sleep(0.01)
            client.message_queue.put(None)  # wakes the message loop (it polls once a second)
            self.handler.close()
        self.channel.close()
        self.http.close()
        if self.sockets is not None:
            self.sockets.close()
        self.api.close()
