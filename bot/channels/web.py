"""The FastAPI app: web chat, HTTP API, health check, and the Slack and Teams endpoints.

`create_app(settings, bot)` is the one place that wires the channels together; every route is a
thin adapter around bot.channels.common.ask().
"""

from __future__ import annotations

import json
import logging
import re
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from bot import audit
from bot.channels.common import THROTTLE_TEXT, ask
from bot.config import ConfigError, Settings
from bot.core import Answerer, Jeugdbot
from bot.models import Answer, Context, Kind, Series
from bot.render.chart import render_svg
from bot.render.format import context_line
from bot.scope import load_scopes, scope_for

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
MAX_BODY_BYTES = 64 * 1024
_ANSWER_ID = re.compile(r"^[0-9a-f]{32}$")
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413 before any route parses them (I2).

    A declared Content-Length is checked before reading; a chunked body is read up to the limit
    and refused as soon as it passes it, so a 2 MB upload never reaches json.loads.
    """

    def __init__(self, app: Callable[..., Awaitable[None]], max_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> MutableMapping[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(send: Send) -> None:
        payload = json.dumps({"detail": "Het verzoek is te groot (maximaal 64 KB)."}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


class SecurityHeaders:
    """Add the headers every response carries, unless the route set its own.

    A plain ASGI wrapper rather than @app.middleware("http"): Starlette's BaseHTTPMiddleware
    runs each request in an extra task with its own streams, which cost about a tenth of the
    server's time per request under load.
    """

    HEADERS = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"))

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in self.HEADERS if n not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class AskRequest(BaseModel):
    """A question from the web chat or an API client."""

    question: str = Field(description="De vraag in het Nederlands")
    conversation_id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_-]{1,64}$",
        description="Kies zelf een id om vervolgvragen in hetzelfde gesprek te stellen",
    )


class WebAnswer(Answer):
    """The Answer plus what the web chat shows but does not compute itself."""

    context_line: str = ""
    chart_url: str | None = None
    route: str | None = Field(default=None, exclude=True)  # internal: the log has it


class FeedbackRequest(BaseModel):
    answer_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    value: Literal["up", "down"]


class Health(BaseModel):
    status: str
    version: str


def _version() -> str:
    try:
        return version("jeugdbot")
    except PackageNotFoundError:
        return "0"


class ChartStore:
    """The series of recent answers, so the chat can fetch their chart by answer id."""

    def __init__(self, max_items: int = 500) -> None:
        self.max_items = max_items
        self._items: OrderedDict[str, Series] = OrderedDict()

    def put(self, answer_id: str, series: Series) -> None:
        self._items[answer_id] = series
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)

    def get(self, answer_id: str) -> Series | None:
        return self._items.get(answer_id)


def _client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def create_app(settings: Settings, bot: Answerer | None = None) -> FastAPI:
    """Build the app; fails at start-up on a broken scopes file or half-configured channel."""
    bot = bot or Jeugdbot(settings)
    if settings.scopes_file is not None:
        try:  # a typo in the scopes must stop the start, not a user
            load_scopes(settings.scopes_file)
        except ValueError as error:  # one line naming the setting (the CLI prints just that)
            detail = " ".join(str(error).split())
            raise ConfigError(
                f"JEUGDBOT_SCOPES_FILE={str(settings.scopes_file)!r}: {detail}"
            ) from None

    teams = None
    if settings.teams_app_id is not None:
        from bot.channels.teams import TeamsChannel

        teams = TeamsChannel(settings, bot)  # raises on an empty app id or password (T2)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if teams is not None:
            await teams.aclose()

    app = FastAPI(
        title="Jeugdbot",
        version=_version(),
        description="Vragen over jeugdhulp, beantwoord uit de monitor en de kennisbank.",
        lifespan=lifespan,
    )
    app.state.bot = bot
    app.state.settings = settings
    app.state.teams = teams
    charts = ChartStore()

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(
            STATIC_DIR / "index.html",
            headers={"Content-Security-Policy": CSP, "Cache-Control": "no-cache"},
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz", response_model=Health, tags=["beheer"])
    def healthz() -> Health:
        """Liveness for the container and the load balancer."""
        return Health(status="ok", version=_version())

    @app.post(
        "/api/ask",
        response_model=WebAnswer,
        tags=["vragen"],
        responses={
            413: {"description": "Te groot verzoek"},
            429: {"description": "Te veel vragen"},
        },
    )
    def api_ask(body: AskRequest, request: Request) -> Any:
        """Stel een vraag; hetzelfde conversation_id houdt de context van het gesprek vast."""
        client = _client_key(request)
        context = Context(
            # Bound to the client address so one client cannot continue another's conversation.
            conversation_id=f"web:{client}:{body.conversation_id}"
            if body.conversation_id
            else None,
            channel="web",
            user=f"web:{client}",
            scope=scope_for("web", None, None, settings),
        )
        answer = ask(bot, body.question, context)
        if answer is None:
            # Already told once; an HTTP client still needs a body with every response.
            answer = Answer(kind=Kind.REFUSE, text=THROTTLE_TEXT, intent="throttled")
        out = WebAnswer(**answer.model_dump(), context_line=context_line(answer))
        if answer.series is not None and any(p.value is not None for p in answer.series.points):
            charts.put(answer.id, answer.series)
            out.chart_url = f"/api/chart/{answer.id}.svg"
        if answer.intent == "throttled":
            return JSONResponse(
                out.model_dump(mode="json"), status_code=429, headers={"Retry-After": "60"}
            )
        return out

    @app.post("/api/feedback", status_code=204, tags=["vragen"])
    def api_feedback(body: FeedbackRequest, request: Request) -> Response:
        """Duim omhoog of omlaag bij een antwoord (voor `jeugdbot feedback`)."""
        audit.record_feedback(
            body.answer_id, body.value, f"web:{_client_key(request)}", path=settings.audit_path()
        )
        return Response(status_code=204)

    @app.get("/api/chart/{answer_id}.svg", tags=["vragen"], response_class=Response)
    def api_chart(answer_id: str, w: int | None = Query(None, ge=1, le=4000)) -> Response:
        """De grafiek bij een recent antwoord, als SVG; `w` is de breedte in px (de kolom van
        de chat), zodat de labels op een telefoon niet tot een paar px verkleind worden."""
        series = charts.get(answer_id) if _ANSWER_ID.match(answer_id) else None
        if series is None:
            raise HTTPException(404, "Geen grafiek bij dit antwoord.")
        return Response(
            render_svg(series, w),
            media_type="image/svg+xml",
            headers={
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                "Cache-Control": "private, max-age=3600",
            },
        )

    if teams is not None:
        app.include_router(teams.router)
    else:

        @app.post("/api/messages", include_in_schema=False)
        def teams_not_configured() -> Response:
            # Never anonymous: without TEAMS_APP_ID every activity is unauthorised (T2).
            return Response(status_code=401)

    if settings.slack_signing_secret is not None:
        from bot.channels.slack import mount_slack

        mount_slack(app, bot, settings)

    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    return app
