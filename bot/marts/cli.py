"""`jeugdbot marts ...` commands."""

import typer

app = typer.Typer(help="Monitor marts: bouwen, controleren, info.", no_args_is_help=True)
