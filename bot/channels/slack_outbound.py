"""Everything the Slack channel sends: Web API client, per-channel pacing, replies and charts.

Slack allows about one message per second per channel and answers 429 with Retry-After above
that. The client retries 429s itself (RateLimitErrorRetryHandler is not a slack_sdk default),
and the pacer spaces our own replies so a burst of questions in one channel does not cause a
storm of 429s in the first place.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from bot.config import Settings
from bot.models import Answer
from bot.render.slack import fallback_text, render_blocks

log = logging.getLogger(__name__)

PACE_S = 1.0  # Slack's chat.postMessage budget: one message per second per channel
HTTP_TIMEOUT_S = 10
_CHANNEL_GONE = {"not_in_channel", "channel_not_found", "is_archived"}


def retry_handlers() -> list[Any]:
    """Retry dropped connections once and rate limits up to 3 times, honouring Retry-After."""
    return [ConnectionErrorRetryHandler(max_retry_count=1), RateLimitErrorRetryHandler(3)]


def make_web_client(settings: Settings, token: str | None) -> WebClient:
    """A Web API client for the configured base URL (the local mock in tests)."""
    base_url = (
        settings.slack_api_url
        if settings.slack_api_url.endswith("/")
        else (settings.slack_api_url + "/")
    )
    return WebClient(
        token=token, base_url=base_url, timeout=HTTP_TIMEOUT_S, retry_handlers=retry_handlers()
    )


class ChannelPacer:
    """Hands out send slots at least `interval_s` apart per channel (thread-safe)."""

    def __init__(self, interval_s: float = PACE_S) -> None:
        self.interval_s = interval_s
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        """Block until this channel may receive the next message."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(channel, now))
            self._next[channel] = slot + self.interval_s
            if len(self._next) > 10_000:  # forget channels that have been quiet
                self._next = {c: t for c, t in self._next.items() if t > now}
        if slot > now:
            time.sleep(slot - now)


@dataclass(frozen=True)
class Destination:
    """Where a reply goes: always taken from the verified payload, never from message text."""

    channel: str
    thread_ts: str | None = None
    response_url: str | None = None  # from the payload of a slash command or a button click
    via_response_url: bool = False  # slash commands: the bot may not be a member of the channel


class Outbox:
    """Sends replies; one per Slack channel adapter, shared by its worker threads."""

    def __init__(self, client: WebClient, pacer: ChannelPacer) -> None:
        self.client = client
        self.pacer = pacer

    def send_answer(self, dest: Destination, answer: Answer) -> None:
        """The answer as Block Kit, then its chart (if any) in the same thread."""
        self.send(dest, fallback_text(answer), render_blocks(answer))
        if answer.series is not None and answer.series.points:
            self._send_chart(dest, answer)

    def send(self, dest: Destination, text: str, blocks: list[dict[str, Any]] | None) -> None:
        """One message to the destination, paced per channel."""
        self.pacer.wait(dest.channel)
        if dest.via_response_url and dest.response_url:
            self._respond(dest.response_url, text, blocks, "in_channel")
            return
        try:
            self.client.chat_postMessage(
                channel=dest.channel,
                thread_ts=dest.thread_ts,
                text=text,
                blocks=blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
        except SlackApiError as exc:
            error = exc.response.get("error") if exc.response is not None else None
            if dest.response_url and error in _CHANNEL_GONE:
                self._respond(dest.response_url, text, blocks, "in_channel")
            else:
                raise

    def send_private(self, response_url: str, text: str) -> None:
        """A message only the clicking user sees (query details, feedback thanks)."""
        self._respond(response_url, text, None, "ephemeral")

    def _respond(
        self, url: str, text: str, blocks: list[dict[str, Any]] | None, response_type: str
    ) -> None:
        hook = WebhookClient(url, timeout=HTTP_TIMEOUT_S, retry_handlers=retry_handlers())
        response = hook.send(
            text=text, blocks=blocks, response_type=response_type, replace_original=False
        )
        if response.status_code >= 400:
            raise RuntimeError(f"response_url gaf status {response.status_code}")

    def _send_chart(self, dest: Destination, answer: Answer) -> None:
        """Upload the series as a PNG; a failed chart never takes the answer down with it."""
        assert answer.series is not None
        try:
            from bot.render.chart import render_png  # imported late: vl-convert is heavy

            png = render_png(answer.series)
            self.pacer.wait(dest.channel)
            self.client.files_upload_v2(
                channel=dest.channel,
                thread_ts=dest.thread_ts,
                file=png,
                filename="grafiek.png",
                title=answer.series.title,
            )
        except Exception as exc:  # the text answer is already delivered
            log.warning(
                "slack chart upload failed answer=%s error=%s", answer.id, type(exc).__name__
            )
