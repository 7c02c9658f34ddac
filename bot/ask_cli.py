"""`jeugdbot ask` and `jeugdbot chat`: the terminal channel."""

from __future__ import annotations

import json
import sys
import uuid
from typing import TYPE_CHECKING, Annotated

import typer

from bot.models import Answer, Context, Kind

if TYPE_CHECKING:
    from bot.core import Jeugdbot


RESET_WORDS = frozenset(
    {"opnieuw", "/opnieuw", "reset", "/reset", "nieuw gesprek", "/nieuw", "begin opnieuw"}
)
RESET_TEXT = (
    "Nieuw gesprek: ik ben vergeten wat we bespraken. Noem in je volgende vraag de gemeente, "
    "de periode en wat je wilt weten."
)


def _bot() -> Jeugdbot:
    from bot.core import get_bot

    return get_bot()


def _json(answer: Answer) -> str:
    """One line of JSON: the Answer as every channel receives it (query and params included)."""
    return json.dumps(answer.model_dump(mode="json"), ensure_ascii=False)


def ask(
    question: Annotated[str, typer.Argument(help="De vraag, of '-' om vragen van stdin te lezen.")],
    as_json: Annotated[bool, typer.Option("--json", help="Het antwoord als JSON.")] = False,
    sql: Annotated[bool, typer.Option("--sql", help="Toon ook de query en de parameters.")] = False,
    conversation: Annotated[
        bool, typer.Option("--conversation", help="Bij '-': vragen vormen één gesprek.")
    ] = False,
) -> None:
    """Stel één vraag (of één vraag per regel via stdin) en toon het antwoord."""
    from bot.render.text import render_text

    bot = _bot()
    if question == "-":
        conv_id = f"cli-{uuid.uuid4().hex}" if conversation else None
        for line in sys.stdin:
            line = line.rstrip("\n")
            if not line.strip() and not conversation:
                continue
            ans = bot.answer(line, Context(channel="cli", conversation_id=conv_id))
            if as_json:
                sys.stdout.write(_json(ans) + "\n")
            else:
                sys.stdout.write(render_text(ans, show_query=sql) + "\n\n")
            sys.stdout.flush()
        return
    ans = bot.answer(question, Context(channel="cli"))
    if as_json:
        typer.echo(_json(ans))
    else:
        typer.echo(render_text(ans, show_query=sql))
    if ans.kind == Kind.ERROR:
        raise typer.Exit(1)


def chat(
    sql: Annotated[bool, typer.Option("--sql", help="Toon ook de query en de parameters.")] = False,
) -> None:
    """Een gesprek in de terminal: doorvragen kan ('en in 2022?'). Opnieuw beginnen met
    'opnieuw', stoppen met 'stop' of Ctrl-D."""
    from bot.render.text import render_text

    bot = _bot()
    ctx = Context(channel="cli", conversation_id=f"chat-{uuid.uuid4().hex}")
    typer.echo(
        "Jeugdbot. Stel je vraag (opnieuw beginnen met 'opnieuw', stop met 'stop' of Ctrl-D). "
        "Typ 'help' voor voorbeelden."
    )
    options: list[str] = []
    while True:
        try:
            line = input("> ")
        except (EOFError, KeyboardInterrupt):
            typer.echo("")
            break
        if line.strip().lower() in {"stop", "exit", "quit", "doei"}:
            break
        if " ".join(line.lower().split()) in RESET_WORDS:
            # A new conversation: the old one's gemeente, periode and maat no longer fill in
            # what the next question leaves out.
            bot.conversations.forget(ctx.conversation_id)
            ctx = ctx.model_copy(update={"conversation_id": f"chat-{uuid.uuid4().hex}"})
            options = []
            typer.echo(RESET_TEXT + "\n")
            continue
        if line.strip().isdigit() and options and 1 <= int(line) <= len(options):
            line = options[int(line) - 1]  # a numbered clarification option
            typer.echo(f"  ({line})")
        ans = bot.answer(line, ctx)
        options = [o.value for o in ans.options]
        typer.echo(render_text(ans, show_query=sql) + "\n")


def register(app: typer.Typer) -> None:
    """Add the terminal commands to the main CLI."""
    app.command("ask")(ask)
    app.command("chat")(chat)
