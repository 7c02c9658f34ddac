"""`jeugdbot ask` and `jeugdbot chat`: the terminal channel."""

import typer


def register(app: typer.Typer) -> None:
    """Add the terminal commands to the main CLI."""
