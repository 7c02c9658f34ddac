"""The `jeugdbot` console script: one Typer app assembled from each part's own commands."""

from __future__ import annotations

import typer

from bot import ask_cli, evaluation
from bot.channels import commands as channel_commands
from bot.knowledge.cli import app as kb_app
from bot.marts.cli import app as marts_app

app = typer.Typer(
    help="Jeugdbot: vragen over jeugdhulp beantwoorden uit de monitor en de kennisbank.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(marts_app, name="marts")
app.add_typer(kb_app, name="kb")
ask_cli.register(app)
channel_commands.register(app)
evaluation.register(app)


def main() -> None:
    """Run the CLI; a configuration error ends it with its one line on stderr, exit code 2."""
    from bot.config import ConfigError

    try:
        app()
    except ConfigError as error:
        typer.echo(f"jeugdbot: {error}", err=True)
        raise SystemExit(2) from None
