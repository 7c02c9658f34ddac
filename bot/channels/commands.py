"""`jeugdbot serve`, `jeugdbot slack`, `jeugdbot feedback`."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.core import Answerer


def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort")] = 8000,
) -> None:
    """Start de webchat, de HTTP-API en (als ingesteld) Slack en Teams."""
    import uvicorn

    from bot.channels.web import create_app
    from bot.config import get_settings

    settings = get_settings()
    bot = answerer(settings)
    try:
        app = create_app(settings, bot)
        warm_up(bot)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        typer.echo(f"Jeugdbot draait op http://{shown}:{port}/  (API-documentatie: /docs)")
        # One server process: the de-duplication store, the throttle and the conversations
        # live in it; the answers run in the pool's worker processes. Idle connections are
        # kept longer than a proxy in front usually keeps them (60 s), so the proxy never
        # reuses a connection the server is just closing.
        uvicorn.run(
            app,
            host=host,
            port=port,
            workers=1,
            log_level="info",
            proxy_headers=True,
            timeout_keep_alive=75,
        )
    finally:
        close = getattr(bot, "close", None)
        if close is not None:
            close()


def answerer(settings: Settings) -> Answerer:
    """What `jeugdbot serve` answers with: its pool of answer workers, started and warm, or
    (JEUGDBOT_ANSWER_WORKERS=0) a Jeugdbot in this process. The load test serves the same."""
    from bot.core import Jeugdbot
    from bot.pool import AnswerPool

    if not settings.answer_workers:
        return Jeugdbot(settings)
    pool = AnswerPool(settings, settings.answer_workers)
    pool.start()
    return pool


def warm_up(bot: Answerer) -> None:
    """Warm the answerer up (bot.warm_up: templates checked, marts, resolver and knowledge
    index ready) and start the chart renderer with one chart, before the first user arrives:
    nobody waits the ~2 s a cold first answer and chart take, and a bad template stops the
    server at start."""
    from bot.models import Series, SeriesPoint
    from bot.render.chart import render_svg

    bot.warm_up()
    render_svg(
        Series(
            title="warm",
            unit="aantal",
            kind="line",
            points=[SeriesPoint(label="2022", value=1), SeriesPoint(label="2023", value=2)],
        )
    )


def slack(
    socket: Annotated[
        bool, typer.Option("--socket", help="Socket Mode: geen publieke URL nodig")
    ] = False,
) -> None:
    """Start de Slack-bot in Socket Mode (HTTP-modus draait mee in `jeugdbot serve`)."""
    if not socket:
        typer.echo(
            "Slack over HTTP draait mee in `jeugdbot serve` op /slack/events; "
            "gebruik `jeugdbot slack --socket` voor Socket Mode."
        )
        raise typer.Exit(2)
    from bot.channels.slack import run_socket_mode
    from bot.config import get_settings
    from bot.core import Jeugdbot

    settings = get_settings()
    run_socket_mode(settings, Jeugdbot(settings))


def feedback(
    limit: Annotated[int, typer.Option(help="Maximaal aantal antwoorden")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Eén JSON-regel per antwoord")] = False,
) -> None:
    """Toon antwoorden met een duim omlaag, nieuwste eerst, om te beoordelen."""
    from rich.console import Console
    from rich.table import Table

    from bot.audit import thumbs_down
    from bot.config import get_settings

    rows = thumbs_down(limit, path=get_settings().audit_path())
    if as_json:
        for r in rows:
            typer.echo(json.dumps(r.__dict__, ensure_ascii=False, default=str))
        return
    if not rows:
        typer.echo("Geen antwoorden met een duim omlaag.")
        return
    table = Table(title=f"{len(rows)} antwoorden met een duim omlaag")
    for col in ("wanneer", "kanaal", "intent", "begrepen", "slots", "soort", "ms", "antwoord-id"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            datetime.fromtimestamp(r.ts).strftime("%d-%m-%Y %H:%M"),
            r.channel,
            r.intent or "",
            r.understood or "",
            json.dumps(r.slots, ensure_ascii=False),
            r.kind,
            f"{r.latency_ms:.0f}",
            r.answer_id,
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add the server commands to the main CLI."""
    app.command()(serve)
    app.command()(slack)
    app.command()(feedback)
