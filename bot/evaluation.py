"""`jeugdbot eval`: accuracy over the golden question sets."""

import typer


def register(app: typer.Typer) -> None:
    """Add the eval command to the main CLI."""
