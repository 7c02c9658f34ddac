"""`jeugdbot kb ...` commands."""

import typer

app = typer.Typer(help="Kennisbank: controleren en zoeken.", no_args_is_help=True)
