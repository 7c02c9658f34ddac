"""Locust users for the load scenarios L1-L4 (run by bench/load.py, or by hand with locust).

Three kinds of users hit one local Jeugdbot server, as the real platforms would:

- SlackUser posts Events API callbacks to /slack/events (app_mention in channels, message.im in
  direct messages), signed exactly as Slack signs them (v0:timestamp:body, HMAC-SHA256). About
  10 % of the messages are delivered again: as Slack's retries of the same event_id (with
  X-Slack-Retry-Num / X-Slack-Retry-Reason) or, for a mention in a DM, as the twin
  app_mention event with its own event_id. Each must be answered once.
- WebUser posts the golden questions to /api/ask (the answer is in the response).
- TeamsUser posts Bot Framework activities to /api/messages with an RS256 JWT signed by the
  local test key, and resends about 10 % of the activity ids.

The users get their configuration from LOAD_* environment variables (set by bench/load.py).
Every delivery is written to LOAD_LOG (JSON lines) when locust quits, so the runner can match
each message with the reply the mock Slack / Bot Framework recorded. The exit code is non-zero
when any request failed or the ack p99 of /slack/events or /api/messages exceeds LOAD_ACK_P99_MS
(L1), through environment.process_exit_code.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import time
import uuid
from pathlib import Path
from typing import Any

import gevent
import jwt
import yaml
from locust import HttpUser, between, events, task
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
SLACK_PATH = "/slack/events"
TEAMS_PATH = "/api/messages"
ASK_PATH = "/api/ask"
ACK_PATHS = (SLACK_PATH, TEAMS_PATH)
BOT_USER = "UBOTJEUGD"
# Every request on its own connection, as a fleet of webhook senders delivers them. With
# keep-alive, uvicorn closes a connection after 5 s idle and a user pausing about that long
# races it and gets a reset: a client-side artefact that would count as a failed request.
FRESH_CONNECTION = {"Connection": "close"}


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


# bench/load.py hands the server's signing secret over; without it no signature can match.
SECRET = _env("LOAD_SLACK_SECRET")
TEAM = _env("LOAD_SLACK_TEAM", "T0JEUGD01")
DUP_RATE = float(_env("LOAD_DUP_RATE", "0.1"))
ACK_P99_MS = float(_env("LOAD_ACK_P99_MS", "500"))
MAX_EVENTS = int(_env("LOAD_MAX_EVENTS", "0"))  # 0: no limit
# Users send for RUN_S seconds and then idle, so no request is cut off when locust stops at -t
# (a cut-off request counts as a failure and its reply as unexpected). 0: until -t.
RUN_S = float(_env("LOAD_RUN_S", "0"))
QUIT_GRACE_S = 5.0  # after MAX_EVENTS: time for requests in flight before locust quits
SLACK_CHANNELS = int(_env("LOAD_SLACK_CHANNELS", "200"))
TEAMS_APP_ID = _env("LOAD_TEAMS_APP_ID")
TEAMS_TENANT = _env("LOAD_TEAMS_TENANT")
TEAMS_SERVICE_URL = _env("LOAD_TEAMS_SERVICE_URL")
TEAMS_KEY = _env("LOAD_TEAMS_KEY")  # path of the PEM private key whose JWKS the mock serves
WAIT_MIN = float(_env("LOAD_WAIT_MIN", "0.5"))
WAIT_MAX = float(_env("LOAD_WAIT_MAX", "1.5"))


def golden_questions() -> list[str]:
    """The questions of both golden sets: how aldermen, policy officers and newcomers ask."""
    golden = ROOT / "tests" / "golden"
    numeric = yaml.safe_load((golden / "numeric.yaml").read_text(encoding="utf-8"))
    knowledge = yaml.safe_load((golden / "knowledge.yaml").read_text(encoding="utf-8"))
    found = [str(c["q"]) for c in numeric] + [str(c["vraag"]) for c in knowledge]
    return [q for q in found if q.strip()]


QUESTIONS = golden_questions()
if _env("LOAD_SEED"):
    random.seed(int(_env("LOAD_SEED")))  # the same questions and redeliveries on every run
_seq = itertools.count(1)
# One record per delivery: kind, key (where the reply will show up), first, t (monotonic send
# time, comparable with the runner's clock on Linux), status and ms (ack time).
LOG: list[dict[str, Any]] = []
_first_slack = 0


def sign(body: bytes, timestamp: str) -> str:
    """`v0=` + HMAC-SHA256 of "v0:{timestamp}:{body}" with the signing secret, as Slack does."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(SECRET.encode(), base, hashlib.sha256).hexdigest()


def _slack_id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:10].upper()


_started_at: float | None = None
_quitting = False


@events.test_start.add_listener
def _on_test_start(environment: Environment, **_kw: Any) -> None:
    global _started_at
    _started_at = time.monotonic()


def _done(environment: Environment) -> bool:
    """True once the run has sent what it should; the first caller schedules locust's exit."""
    global _quitting
    over_time = RUN_S > 0 and _started_at is not None and time.monotonic() - _started_at > RUN_S
    over_count = MAX_EVENTS > 0 and _first_slack >= MAX_EVENTS
    if over_count and not _quitting and environment.runner is not None:
        _quitting = True
        gevent.spawn_later(QUIT_GRACE_S, environment.runner.quit)
    return over_time or over_count


class SlackUser(HttpUser):
    """One person in the region's Slack workspace, asking in channels and in a DM."""

    weight = 6
    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self) -> None:
        self.user_id = _slack_id("U")
        self.retries: list[tuple[float, dict[str, Any], str, int]] = []

    def _payload(self, event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
        return {
            "token": "legacy-verification-token",
            "team_id": TEAM,
            "api_app_id": "AJEUGD",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:12].upper()}",
            "event_time": int(time.time()),
            "authorizations": [
                {"enterprise_id": None, "team_id": TEAM, "user_id": BOT_USER, "is_bot": True}
            ],
            "is_ext_shared_channel": False,
        }

    def _deliver(self, payload: dict[str, Any], key: str, first: bool, retry: int = 0) -> None:
        global _first_slack
        body = json.dumps(payload).encode()
        stamp = str(int(time.time()))  # every delivery, retries included, is signed afresh
        headers = {
            **FRESH_CONNECTION,
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": sign(body, stamp),
        }
        if retry:
            headers["X-Slack-Retry-Num"] = str(retry)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        if first:
            _first_slack += 1
        started = time.monotonic()
        with self.client.post(SLACK_PATH, data=body, headers=headers, catch_response=True) as r:
            ms = (time.monotonic() - started) * 1000
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code} {r.error or ''}".strip())
            LOG.append(
                {
                    "kind": "slack",
                    "key": key,
                    "event_id": payload["event_id"],
                    "first": first,
                    "t": started,
                    "status": r.status_code,
                    "ms": ms,
                }
            )

    def _due_retries(self) -> None:
        """Send the redeliveries whose time has come (Slack retries after a few seconds)."""
        now = time.monotonic()
        due = [r for r in self.retries if r[0] <= now]
        self.retries = [r for r in self.retries if r[0] > now]
        for _due, payload, key, retry in due:
            self._deliver(payload, key, first=False, retry=retry)

    def _maybe_duplicate(self, payload: dict[str, Any], key: str, in_dm: bool) -> None:
        if random.random() >= DUP_RATE:
            return
        if in_dm and random.random() < 0.3:
            # An @-mention in a DM arrives twice: as message.im and as app_mention.
            original = payload["event"]
            twin = dict(original, type="app_mention", text=f"<@{BOT_USER}> {original['text']}")
            twin.pop("channel_type", None)
            self._deliver(self._payload(twin), key, first=False)
            return
        delay = random.uniform(0.0, 3.0)
        self.retries.append((time.monotonic() + delay, payload, key, 1))
        if random.random() < 0.3:  # and sometimes Slack's second retry as well
            self.retries.append((time.monotonic() + delay + 1.0, payload, key, 2))

    def _message(self, in_dm: bool) -> None:
        if _done(self.environment):
            return
        self._due_retries()
        ts = f"{int(time.time())}.{next(_seq):06d}"
        question = random.choice(QUESTIONS)
        if in_dm:
            # A fresh DM channel per message: the reply (no thread in a DM) can then be matched.
            channel = _slack_id("D")
            event = {
                "type": "message",
                "channel_type": "im",
                "user": self.user_id,
                "text": question,
                "ts": ts,
                "channel": channel,
                "event_ts": ts,
                "team": TEAM,
            }
            key = f"{channel}/"
        else:
            channel = f"C{random.randrange(SLACK_CHANNELS):09d}"
            event = {
                "type": "app_mention",
                "user": self.user_id,
                "text": f"<@{BOT_USER}> {question}",
                "ts": ts,
                "channel": channel,
                "event_ts": ts,
                "team": TEAM,
            }
            key = f"{channel}/{ts}"  # the bot answers in the thread of the mention
        payload = self._payload(event)
        self._deliver(payload, key, first=True)
        self._maybe_duplicate(payload, key, in_dm)

    @task(3)
    def mention(self) -> None:
        self._message(in_dm=False)

    @task(2)
    def direct_message(self) -> None:
        self._message(in_dm=True)


class WebUser(HttpUser):
    """Someone using the web chat or the HTTP API."""

    weight = 2
    wait_time = between(WAIT_MIN, WAIT_MAX)

    @task
    def ask(self) -> None:
        if _done(self.environment):
            return
        started = time.monotonic()
        body = {"question": random.choice(QUESTIONS)}
        with self.client.post(
            ASK_PATH, json=body, headers=FRESH_CONNECTION, catch_response=True
        ) as r:
            ms = (time.monotonic() - started) * 1000
            try:
                ok = r.status_code == 200 and bool(r.json().get("text"))
            except ValueError:
                ok = False
            if not ok:
                r.failure(f"HTTP {r.status_code} {r.error or ''}".strip())
            LOG.append(
                {"kind": "web", "first": True, "t": started, "status": r.status_code, "ms": ms}
            )


class TeamsUser(HttpUser):
    """A Teams user in a personal chat with the bot; the Bot Framework signs every activity."""

    weight = 2
    wait_time = between(WAIT_MIN, WAIT_MAX)

    def on_start(self) -> None:
        key = Path(TEAMS_KEY).read_bytes()
        now = int(time.time())
        claims = {
            "iss": "https://api.botframework.com",
            "aud": TEAMS_APP_ID,
            "serviceurl": TEAMS_SERVICE_URL,
            "nbf": now - 10,
            "exp": now + 3600,
        }
        # The Bot Framework reuses a token for its lifetime; so does this user.
        self.token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})
        self.user = uuid.uuid4().hex
        self.conversation = f"a:{uuid.uuid4().hex}"

    def _post(self, activity: dict[str, Any], first: bool) -> None:
        headers = {**FRESH_CONNECTION, "Authorization": f"Bearer {self.token}"}
        started = time.monotonic()
        with self.client.post(TEAMS_PATH, json=activity, headers=headers, catch_response=True) as r:
            ms = (time.monotonic() - started) * 1000
            if r.status_code not in (200, 202):
                r.failure(f"HTTP {r.status_code} {r.error or ''}".strip())
            LOG.append(
                {
                    "kind": "teams",
                    "key": activity["id"],
                    "first": first,
                    "t": started,
                    "status": r.status_code,
                    "ms": ms,
                }
            )

    @task
    def message(self) -> None:
        if _done(self.environment):
            return
        activity = {
            "type": "message",
            "id": uuid.uuid4().hex,
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "channelId": "msteams",
            "serviceUrl": TEAMS_SERVICE_URL,
            "from": {"id": f"29:{self.user}", "aadObjectId": self.user},
            "recipient": {"id": f"28:{TEAMS_APP_ID}", "name": "Jeugdbot"},
            "conversation": {
                "id": self.conversation,
                "conversationType": "personal",
                "tenantId": TEAMS_TENANT,
            },
            "channelData": {"tenant": {"id": TEAMS_TENANT}},
            "text": random.choice(QUESTIONS),
        }
        self._post(activity, first=True)
        if random.random() < DUP_RATE:
            self._post(activity, first=False)  # the connector delivering the activity twice


def ack_p99(environment: Environment) -> dict[str, float]:
    """Locust's own p99 per acknowledged endpoint (ms), for the ones that saw traffic."""
    found: dict[str, float] = {}
    for path in ACK_PATHS:
        entry = environment.stats.get(path, "POST")
        if entry.num_requests:
            found[path] = float(entry.get_response_time_percentile(0.99) or 0)
    return found


@events.quitting.add_listener
def _on_quitting(environment: Environment, **_kw: Any) -> None:
    """Write the delivery log and fail the run on any failure or a slow ack (L1)."""
    log_path = _env("LOAD_LOG")
    if log_path:
        with open(log_path, "w", encoding="utf-8") as out:
            for record in LOG:
                out.write(json.dumps(record) + "\n")
    total = environment.stats.total
    slow = {p: v for p, v in ack_p99(environment).items() if v > ACK_P99_MS}
    if total.num_failures or slow or not total.num_requests:
        environment.process_exit_code = 1
        print(f"LOAD FAILED: failures={total.num_failures} slow_acks={slow}", flush=True)
    else:
        environment.process_exit_code = 0
