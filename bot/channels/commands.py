"""`jeugdbot serve`, `jeugdbot slack`, `jeugdbot feedback`."""

import typer


def register(app: typer.Typer) -> None:
    """Add the server commands to the main CLI."""
