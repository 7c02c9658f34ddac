"""The Slack channel: a slack_bolt app over FastAPI (HTTP mode) or Socket Mode.

The adapter only turns Slack payloads into a question with a Context and an Answer into Block
Kit (bot/render/slack.py); no domain logic lives here. What it must get right is Slack's
delivery contract:

- ack at once: listeners run before the response (process_before_response=True) but only
  check, de-duplicate and queue; the answer work runs in this channel's own thread pool, so a
  slow core or a saturated pool never delays an ack (and Bolt's listener pool is not used);
- answer once: event_id and (channel, ts) go through the process-wide de-duplication store,
  because Slack retries and an @-mention in a DM also arrives as a message;
- never 5xx after a verified request: Slack would retry and eventually disable the app;
- reply only where the verified payload says, with user text escaped (bot/render/slack.py).
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from time import time as now
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from slack_bolt import App, BoltResponse
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler
from slack_bolt.adapter.socket_mode.internals import run_bolt_app, send_response
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from starlette.concurrency import run_in_threadpool

from bot import audit
from bot.channels.common import ERROR_TEXT, ask
from bot.channels.dedup import DedupStore, shared_store
from bot.channels.slack_gate import REFUSE_FOREIGN, TeamGate
from bot.channels.slack_outbound import PACE_S, ChannelPacer, Destination, Outbox, make_web_client
from bot.channels.slack_verify import SlackConfigError, SlackSignature, require_secret
from bot.config import Settings
from bot.models import Context
from bot.render.slack import (
    ACTION_FEEDBACK_DOWN,
    ACTION_FEEDBACK_UP,
    ACTION_OPTION_PREFIX,
    ACTION_SHOW_QUERY,
    render_query,
    unescape,
)
from bot.scope import scope_for

if TYPE_CHECKING:
    from bot.core import Answerer

log = logging.getLogger(__name__)
# Bolt logs whole payloads (message text) at INFO and WARNING for unhandled or invalid
# requests; our own checks already cover those cases, so only its errors are kept (A6).
_bolt_log = logging.getLogger("bot.channels.slack.bolt")
_bolt_log.setLevel(logging.ERROR)

EVENTS_PATH = "/slack/events"
SLASH_COMMAND = "/jeugd"
MAX_BODY_BYTES = 1 << 20  # Slack payloads are a few KB; refuse anything big before parsing
NO_RETRY = {"X-Slack-No-Retry": "1"}
PING_INTERVAL_S = 5.0  # slack_sdk's own default (Bolt's handler would use 10)
FEEDBACK_THANKS = "Bedankt voor je feedback."
_LEADING_MENTIONS = re.compile(r"^\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>[\s:,]*)+")
__all__ = ["SlackChannel", "SlackConfigError", "mount_slack", "run_socket_mode"]


@dataclass(frozen=True)
class Job:
    """One question to answer after the ack."""

    question: str
    context: Context
    dest: Destination
    team: str
    channel: str
    refused: bool = False


def question_text(raw: str) -> str:
    """What the user asked: without the leading @-mention, with Slack's &amp; etc. undone."""
    return unescape(_LEADING_MENTIONS.sub("", raw or "")).strip()


def conversation_id(team: str, channel: str, thread: str, user: str) -> str:
    """Follow-ups share state only within one workspace, channel, thread and user (A4)."""
    return f"slack:{team}:{channel}:{thread}:{user}"


def _secret(value: Any) -> str | None:
    return value.get_secret_value() if value is not None else None


class SlackChannel:
    """The Bolt app, its worker pool and the de-duplication store; one per process."""

    def __init__(
        self,
        bot: Answerer,
        settings: Settings,
        *,
        store: DedupStore | None = None,
        pace_s: float = PACE_S,
        workers: int | None = None,
        http: bool = True,
    ) -> None:
        token = require_secret(_secret(settings.slack_bot_token), "SLACK_BOT_TOKEN")
        signing_secret = _secret(settings.slack_signing_secret)
        if signing_secret is None and not http:
            # Socket Mode only: nothing arrives over HTTP, yet Bolt's check stays switched on.
            signing_secret = secrets.token_hex(32)
        signing_secret = require_secret(signing_secret, "SLACK_SIGNING_SECRET")
        self.signature = SlackSignature(signing_secret)
        self.bot = bot
        self.settings = settings
        self.store = store if store is not None else shared_store()
        self.gate = TeamGate(settings.slack_team_ids)
        self.outbox = Outbox(make_web_client(settings, token), ChannelPacer(pace_s))
        self.executor = ThreadPoolExecutor(
            max_workers=workers or max(2, settings.max_concurrent_queries),
            thread_name_prefix="slack-answer",
        )
        # Sending waits for Slack's per-channel pace (about 1 s between messages); that wait
        # happens here, so it never holds one of the few workers that run queries.
        self.sender = ThreadPoolExecutor(max_workers=16, thread_name_prefix="slack-send")
        self._pending: set[Future[None]] = set()
        self._pending_lock = threading.Lock()
        self.app = self._build_app(signing_secret, token, settings)

    # ----- Bolt wiring -------------------------------------------------------------------

    def _build_app(self, signing_secret: str, token: str, settings: Settings) -> App:
        def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
            # No auth.test round trip: start-up and acks work without reaching slack.com.
            return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token=token)

        app = App(
            name="jeugdbot",
            logger=_bolt_log,
            signing_secret=signing_secret,
            client=make_web_client(settings, None),
            authorize=authorize,
            process_before_response=True,
            token_verification_enabled=False,
            request_verification_enabled=True,
        )

        @app.event("app_mention")
        def on_mention(body: dict[str, Any], event: dict[str, Any]) -> None:
            self._on_message_event(body, event)

        @app.event("message")
        def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
            if event.get("channel_type") == "im":  # in channels only @-mentions are for us
                self._on_message_event(body, event)

        @app.command(SLASH_COMMAND)
        def on_command(ack: Any, body: dict[str, Any]) -> None:
            ack()
            self._on_command(body)

        @app.action(re.compile(rf"^{ACTION_OPTION_PREFIX}\d+$"))
        def on_option(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
            ack()
            self._on_option(body, action)

        @app.action(ACTION_SHOW_QUERY)
        def on_show_query(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
            ack()
            url = body.get("response_url")
            if isinstance(url, str):
                self._submit(self.outbox.send_private, url, render_query(action.get("value", "")))

        @app.action(re.compile(rf"^({ACTION_FEEDBACK_UP}|{ACTION_FEEDBACK_DOWN})$"))
        def on_feedback(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
            ack()
            self._on_feedback(body, action)

        return app

    # ----- from payload to job (runs before the ack: no network, no core) ----------------

    def _first(self, kind: str, key: Any) -> bool:
        """False for a key seen before; payloads without a key are not de-duplicated."""
        return not isinstance(key, str) or self.store.first_time(f"slack:{kind}:{key}")

    def _on_message_event(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        # Edits, deletions, bot posts (our own included) and joins are never questions (S18).
        if event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return
        channel, ts, user = event.get("channel"), event.get("ts"), event.get("user")
        if not (isinstance(channel, str) and isinstance(ts, str) and isinstance(user, str)):
            return
        if not self._first("event", body.get("event_id")):
            return  # a retry or replay of an event we already took (S11, S22)
        if not self.store.first_time(f"slack:msg:{channel}:{ts}"):
            return  # the same message as app_mention and as message.im (S13)
        team = str(body.get("team_id") or event.get("team") or "")
        in_dm = channel.startswith("D") or event.get("channel_type") == "im"
        thread = event.get("thread_ts")
        # Channels: answer in the thread. DMs: answer in line, one conversation per DM.
        dest = Destination(channel, thread or (None if in_dm else ts))
        convo = thread or ("im" if in_dm else ts)
        self._enqueue(
            body, question_text(str(event.get("text") or "")), team, channel, user, convo, dest
        )

    def _on_command(self, body: dict[str, Any]) -> None:
        if not self._first("command", body.get("trigger_id")):
            return
        channel, user = str(body.get("channel_id") or ""), str(body.get("user_id") or "")
        team = str(body.get("team_id") or "")
        url = body.get("response_url") if isinstance(body.get("response_url"), str) else None
        dest = Destination(channel, None, response_url=url, via_response_url=url is not None)
        self._enqueue(
            body, question_text(str(body.get("text") or "")), team, channel, user, "command", dest
        )

    def _on_option(self, body: dict[str, Any], action: dict[str, Any]) -> None:
        if not self._first("action", body.get("trigger_id")):
            return
        channel_info, container = body.get("channel") or {}, body.get("container") or {}
        message, user_info = body.get("message") or {}, body.get("user") or {}
        channel = str(channel_info.get("id") or container.get("channel_id") or "")
        user = str(user_info.get("id") or "")
        team_info = body.get("team") or {}
        team = str(team_info.get("id") or user_info.get("team_id") or "")
        in_dm = channel.startswith("D")
        thread = message.get("thread_ts") or container.get("thread_ts")
        ts = message.get("ts") or container.get("message_ts")
        url = body.get("response_url") if isinstance(body.get("response_url"), str) else None
        dest = Destination(
            channel,
            thread or (None if in_dm else ts),
            response_url=url,
            # ephemeral messages cannot be posted under; answer through the click's response_url
            via_response_url=url is not None
            and (not message or bool(container.get("is_ephemeral"))),
        )
        convo = thread or ("im" if in_dm else ts or "button")
        self._enqueue(body, str(action.get("value") or ""), team, channel, user, convo, dest)

    def _on_feedback(self, body: dict[str, Any], action: dict[str, Any]) -> None:
        user_info, team_info = body.get("user") or {}, body.get("team") or {}
        user = f"slack:{team_info.get('id') or user_info.get('team_id')}:{user_info.get('id')}"
        value = "up" if action.get("action_id") == ACTION_FEEDBACK_UP else "down"
        answer_id, url = str(action.get("value") or ""), body.get("response_url")

        def record() -> None:
            # the same file common.ask() records the answers in
            audit.record_feedback(answer_id, value, user, path=self.bot.settings.audit_path())
            if isinstance(url, str):
                self.outbox.send_private(url, FEEDBACK_THANKS)

        self._submit(record)

    def _enqueue(
        self,
        body: dict[str, Any],
        question: str,
        team: str,
        channel: str,
        user: str,
        thread: str,
        dest: Destination,
    ) -> None:
        context = Context(
            conversation_id=conversation_id(team, channel, thread, user),
            channel="slack",
            user=f"slack:{team}:{user}",
        )
        refused = self.gate.is_foreign(body)  # A5: decided on the verified payload, up front
        self._submit(self._answer, Job(question, context, dest, team, channel, refused))

    # ----- after the ack (worker pool) ---------------------------------------------------

    def _submit(self, fn: Any, *args: Any, pool: ThreadPoolExecutor | None = None) -> None:
        future = (pool or self.executor).submit(self._guarded, fn, *args)
        with self._pending_lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: Future[None]) -> None:
        with self._pending_lock:
            self._pending.discard(future)

    @staticmethod
    def _guarded(fn: Any, *args: Any) -> None:
        try:
            fn(*args)
        except Exception as exc:  # the request was acked; log and move on
            log.error("slack work failed step=%s error=%s", fn.__name__, type(exc).__name__)

    def _answer(self, job: Job) -> None:
        if job.refused:
            log.info("slack refused foreign workspace or shared channel")
            self.outbox.send(job.dest, REFUSE_FOREIGN, None)
            return
        try:
            scope = scope_for("slack", job.team, job.channel, settings=self.settings)
        except Exception as exc:  # a broken scopes file must not leak or answer
            log.error("slack scope lookup failed error=%s", type(exc).__name__)
            self.outbox.send(job.dest, ERROR_TEXT, None)
            return
        answer = ask(self.bot, job.question, job.context.model_copy(update={"scope": scope}))
        if answer is not None:  # None: throttled, and the user was already told
            self._submit(self.outbox.send_answer, job.dest, answer, pool=self.sender)

    def drain(self, timeout: float = 30.0) -> bool:
        """Wait for queued answers and their sends (tests, graceful shutdown); True when none
        is left. Loops because an answer that finishes queues its send."""
        deadline = time.monotonic() + timeout
        while True:
            with self._pending_lock:
                pending = list(self._pending)
            if not pending:
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            wait(pending, timeout=left)

    def close(self) -> None:
        """Finish queued answers, then their sends, and stop both pools."""
        self.executor.shutdown(wait=True)
        self.sender.shutdown(wait=True)

    # ----- HTTP mode ---------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        """POST /slack/events: verify strictly, dispatch through Bolt off the event loop."""
        length = request.headers.get("content-length", "")
        if length and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return Response(status_code=413, headers=NO_RETRY)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return Response(status_code=413, headers=NO_RETRY)
        timestamp = request.headers.get("x-slack-request-timestamp")
        if not self.signature.is_valid(timestamp, request.headers.get("x-slack-signature"), body):
            return JSONResponse({"error": "invalid request"}, status_code=401)
        try:
            bolt_request = to_bolt_request(request, body)
        except ValueError:  # not UTF-8, or not JSON/form: Slack must not retry it (S16)
            return Response(status_code=400, headers=NO_RETRY)
        try:
            bolt_response = await run_in_threadpool(self.app.dispatch, bolt_request)
        except Exception as exc:  # never a 5xx for a verified request (S16)
            log.error("slack dispatch failed error=%s", type(exc).__name__)
            return Response(status_code=200, headers=NO_RETRY)
        if bolt_response.status == 404:
            return Response(status_code=200)  # verified, but nothing we listen to
        if bolt_response.status >= 500:
            log.error("slack dispatch gave status=%s", bolt_response.status)
            return Response(status_code=200, headers=NO_RETRY)
        return to_starlette_response(bolt_response)


def mount_slack(
    app: FastAPI, bot: Answerer, settings: Settings, *, store: DedupStore | None = None
) -> None:
    """Route POST /slack/events to a new Slack channel; fails at start-up on a bad config (S8).

    The channel is kept in `app.state.slack` (Socket Mode can share it; shutdown can drain it).
    """
    channel = SlackChannel(bot, settings, store=store)
    app.state.slack = channel
    app.add_api_route(EVENTS_PATH, channel.handle, methods=["POST"], include_in_schema=False)


# ----- Socket Mode -----------------------------------------------------------------------


class AckingSocketModeHandler(SocketModeHandler):
    """Bolt's builtin handler, except every envelope is acknowledged.

    Bolt acks only a 200; an event nobody listens to (404) or a failure would be redelivered
    by Slack again and again. The listeners already queued the real work, so acking is right.
    """

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        started = now()
        try:
            response: BoltResponse = run_bolt_app(self.app, req)
        except Exception as exc:
            log.error("slack socket dispatch failed error=%s", type(exc).__name__)
            response = BoltResponse(status=200)
        if response.status != 200:
            response = BoltResponse(status=200)
        send_response(client, req, response, started)


def socket_mode_handler(
    channel: SlackChannel, settings: Settings, *, ping_interval: float = PING_INTERVAL_S
) -> AckingSocketModeHandler:
    """A Socket Mode connection for this channel (same listeners, pool and de-duplication).

    The builtin client notices a silently dropped connection only when pongs stop coming for
    four ping intervals, so the interval bounds how long a dead socket goes unnoticed (about
    20 s here); `disconnect` messages from Slack are handled at once. Envelopes that were not
    acknowledged in the meantime are redelivered by Slack and de-duplicated here.
    """
    app_token = require_secret(_secret(settings.slack_app_token), "SLACK_APP_TOKEN")
    return AckingSocketModeHandler(
        channel.app,
        app_token,
        logger=_bolt_log,
        web_client=channel.outbox.client,
        ping_interval=ping_interval,
    )


def run_socket_mode(settings: Settings, bot: Answerer | None = None) -> None:
    """Answer Slack over Socket Mode until interrupted (no public URL needed)."""
    require_secret(_secret(settings.slack_app_token), "SLACK_APP_TOKEN")  # fail before any work
    if bot is None:
        from bot.core import Jeugdbot

        bot = Jeugdbot(settings)
    channel = SlackChannel(bot, settings, http=False)
    handler = socket_mode_handler(channel, settings)
    try:
        handler.start()  # connects, then blocks
    finally:
        handler.close()
        channel.close()
