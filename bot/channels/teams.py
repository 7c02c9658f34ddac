"""Microsoft Teams: the Bot Framework endpoint /api/messages as a thin adapter around ask().

Flow per activity: authenticate (teams_auth) → tenant allow-list → de-duplicate on the
activity id → acknowledge at once (202) → answer in a worker thread → reply proactively to the
validated serviceUrl with a bot token from the Bot Framework token endpoint, retrying on
429/412/502/503/504 with exponential backoff and jitter. Replies are Adaptive Cards of at most
80 KB (bot.render.teams).
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import random
import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx
from fastapi import APIRouter, Request, Response

from bot import audit
from bot.channels.common import ask
from bot.channels.dedup import DedupStore, shared_store
from bot.channels.teams_auth import AuthError, BotFrameworkAuth, KeyCache
from bot.config import ConfigError, Settings
from bot.models import Answer, Context
from bot.render.teams import MAX_BYTES, render_attachment, size_of
from bot.scope import scope_for

if TYPE_CHECKING:
    from bot.core import Answerer

log = logging.getLogger(__name__)

TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
TOKEN_SCOPE = "https://api.botframework.com/.default"
RETRY_STATUSES = frozenset({412, 429, 502, 503, 504})
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]{0,200}>")


def backoff_delay(
    attempt: int, base_s: float, cap_s: float = 30.0, rng: random.Random | None = None
) -> float:
    """Exponential backoff with full jitter: uniform in [d/2, d] with d = base·2^attempt."""
    d = min(cap_s, base_s * (2**attempt))
    return (rng or random).uniform(d / 2, d)


def question_text(activity: dict[str, Any]) -> str:
    """The user's question: mentions of the bot removed, Teams' light HTML turned to text."""
    text = activity.get("text")
    value = activity.get("value")
    if not text and isinstance(value, dict) and isinstance(value.get("question"), str):
        text = value["question"]
    if not isinstance(text, str):
        return ""
    text = _MENTION.sub(" ", text)
    text = _TAG.sub(" ", text)
    return " ".join(html.unescape(text).split())


def _tenant(activity: dict[str, Any]) -> str | None:
    data = activity.get("channelData") or {}
    tenant = (data.get("tenant") or {}).get("id") if isinstance(data, dict) else None
    return tenant or (activity.get("conversation") or {}).get("tenantId")


class Connector:
    """Sends replies to the Bot Framework connector with a cached client-credentials token."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        app_id: str,
        password: str,
        tenant: str = "botframework.com",
        retry_base_s: float = 0.5,
        max_attempts: int = 5,
    ) -> None:
        self.client = client
        self.app_id = app_id
        self._password = password
        self.token_url = TOKEN_URL.format(tenant=tenant)
        self.retry_base_s = retry_base_s
        self.max_attempts = max_attempts
        self._token: str | None = None
        self._token_expires = 0.0
        self._lock = asyncio.Lock()

    async def token(self) -> str:
        """A bot token, renewed five minutes before it expires."""
        async with self._lock:
            if self._token is None or time.time() >= self._token_expires:
                resp = await self.client.post(
                    self.token_url,
                    data={
                        "grant_type": "client_credentials",
                        "client_id": self.app_id,
                        "client_secret": self._password,
                        "scope": TOKEN_SCOPE,
                    },
                    timeout=10.0,
                )
                resp.raise_for_status()
                body = resp.json()
                self._token = str(body["access_token"])
                self._token_expires = time.time() + int(body.get("expires_in", 3600)) - 300
            return self._token

    async def reply(self, activity: dict[str, Any], reply: dict[str, Any]) -> bool:
        """POST the reply to {serviceUrl}/v3/conversations/{id}/activities/{replyToId}."""
        service_url = str(activity["serviceUrl"]).rstrip("/")
        conversation = quote(str(activity["conversation"]["id"]), safe="")
        url = f"{service_url}/v3/conversations/{conversation}/activities"
        if activity.get("id"):
            url += "/" + quote(str(activity["id"]), safe="")
        for attempt in range(self.max_attempts):
            headers = {"Authorization": f"Bearer {await self.token()}"}
            try:
                resp = await self.client.post(url, json=reply, headers=headers, timeout=15.0)
            except httpx.TransportError as exc:
                status, retry_after = 0, None
                log.warning("Teams reply transport error: %s", type(exc).__name__)
            else:
                if resp.status_code < 300:
                    return True
                status, retry_after = resp.status_code, resp.headers.get("Retry-After")
                if status == 401:
                    self._token = None  # token revoked or expired early: fetch a new one
                elif status not in RETRY_STATUSES:
                    log.error("Teams reply rejected: HTTP %s", status)
                    return False
            if attempt + 1 == self.max_attempts:
                break
            delay = backoff_delay(attempt, self.retry_base_s)
            if retry_after and retry_after.isdigit():
                delay = max(delay, min(float(retry_after), 60.0))
            log.info("Teams reply HTTP %s, retry %d in %.2f s", status, attempt + 1, delay)
            await asyncio.sleep(delay)
        log.error("Teams reply not delivered after %d attempts", self.max_attempts)
        return False


class TeamsChannel:
    """The Teams adapter: one per app; mount its router on the FastAPI app."""

    def __init__(
        self,
        settings: Settings,
        bot: Answerer,
        *,
        client: httpx.AsyncClient | None = None,
        dedup: DedupStore | None = None,
        retry_base_s: float = 0.5,
        workers: int = 4,
    ) -> None:
        app_id = (settings.teams_app_id or "").strip()
        password = (
            settings.teams_app_password.get_secret_value() if settings.teams_app_password else ""
        )
        if not app_id:
            raise ConfigError("TEAMS_APP_ID is empty: the Teams endpoint cannot run anonymously")
        if not password.strip():
            raise ConfigError("TEAMS_APP_PASSWORD is empty: the bot could not send its replies")
        self.settings = settings
        self.bot = bot
        self.client = client or httpx.AsyncClient()
        self.auth = BotFrameworkAuth(app_id, KeyCache(self.client))
        self.tenants = frozenset(
            t.strip() for t in (settings.teams_tenant_id or "").split(",") if t.strip()
        )
        # A single-tenant bot (the Azure default) gets its token from its own tenant.
        token_tenant = next(iter(self.tenants)) if len(self.tenants) == 1 else "botframework.com"
        self.connector = Connector(self.client, app_id, password, token_tenant, retry_base_s)
        self.dedup = dedup or shared_store()
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="teams-answer")
        self._tasks: set[asyncio.Task[None]] = set()
        self.router = APIRouter()
        self.router.add_api_route(
            "/api/messages", self.messages, methods=["POST"], include_in_schema=False
        )

    async def messages(self, request: Request) -> Response:
        """Authenticate, acknowledge and hand the activity to a background task."""
        try:
            activity = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            return Response(status_code=400)
        if not isinstance(activity, dict):
            return Response(status_code=400)
        try:
            await self.auth.validate(request.headers.get("authorization"), activity)
        except AuthError as exc:
            log.warning("Teams activity rejected (%s): %s", exc.status, exc.reason)
            return Response(status_code=exc.status)
        tenant = _tenant(activity)
        if self.tenants and tenant not in self.tenants:
            log.warning("Teams activity from a tenant outside the allow-list refused")
            return Response(status_code=403)
        if activity.get("type") != "message":
            return Response(status_code=200)  # conversationUpdate, typing, ...: nothing to say
        key = f"teams:{(activity.get('conversation') or {}).get('id')}:{activity.get('id')}"
        if not self.dedup.first_time(key):
            return Response(status_code=200)
        task = asyncio.create_task(self._handle(activity, tenant))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return Response(status_code=202)

    async def _handle(self, activity: dict[str, Any], tenant: str | None) -> None:
        """Answer one message activity; errors are logged, never raised (the ack is sent)."""
        try:
            value = activity.get("value")
            sender = (activity.get("from") or {}).get("aadObjectId") or (
                activity.get("from") or {}
            ).get("id")
            user = f"teams:{tenant}:{sender}"
            if isinstance(value, dict) and value.get("jeugdbot") == "feedback":
                audit.record_feedback(
                    str(value.get("answer_id", ""))[:64],
                    str(value.get("value")),
                    user,
                    path=self.settings.audit_path(),
                )
                return
            data = activity.get("channelData") or {}
            team = ((data.get("team") or {}) if isinstance(data, dict) else {}).get("id")
            conversation = (activity.get("conversation") or {}).get("id")
            context = Context(
                conversation_id=f"teams:{tenant}:{conversation}:{sender}",
                channel="teams",
                user=user,
                scope=scope_for("teams", tenant, team or conversation, self.settings),
            )
            loop = asyncio.get_running_loop()
            answer = await loop.run_in_executor(
                self.pool, ask, self.bot, question_text(activity), context
            )
            if answer is not None:
                await self.connector.reply(activity, self.reply_activity(activity, answer))
        except Exception as exc:  # after the ack nothing may surface as a 5xx
            log.error("Teams handling failed: %s", type(exc).__name__)

    def reply_activity(self, activity: dict[str, Any], answer: Answer) -> dict[str, Any]:
        """The reply activity: routed back to the sender, the card within 80 KB in total."""
        reply: dict[str, Any] = {
            "type": "message",
            "from": activity.get("recipient"),
            "recipient": activity.get("from"),
            "conversation": activity.get("conversation"),
            "replyToId": activity.get("id"),
            "attachments": [],
        }
        budget = MAX_BYTES - size_of(reply) - 16
        reply["attachments"] = [render_attachment(answer, budget)]
        return reply

    async def aclose(self) -> None:
        """Let pending replies finish, then release the pool and the HTTP client."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=30)
        self.pool.shutdown(wait=False, cancel_futures=True)
        await self.client.aclose()
