"""`jeugdbot marts ...` commands: build the demo, check a mart set, show what is in it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.config import get_settings
from bot.paths import DATA_DIR

app = typer.Typer(help="Monitor marts: bouwen, controleren, info.", no_args_is_help=True)
console = Console()

DEFAULT_OUT = DATA_DIR / "demo-marts.duckdb"
PATH_HELP = "DuckDB-bestand of map met Parquet-bestanden (standaard: de marts in gebruik)."


def _configured_or_in_use(path: Path | None) -> Path:
    """The path given, else JEUGDBOT_MARTS as configured (a Parquet folder stays a folder),
    else the demo marts in the cache (built now if needed)."""
    if path is not None:
        return path
    settings = get_settings()
    if settings.marts is not None:
        return Path(settings.marts).expanduser()
    from bot.marts.locate import marts_path

    return marts_path(settings)


@app.command()
def build(
    out: Annotated[Path, typer.Option("--out", "-o", help="Doelbestand (DuckDB).")] = DEFAULT_OUT,
    scale: Annotated[
        int, typer.Option("--scale", min=1, help="N keer zoveel cliënten (benchmarks).")
    ] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Geen voortgangsbalk.")] = False,
) -> None:
    """Bouw de demo-marts (deterministisch) in één DuckDB-bestand."""
    from bot.marts.demo import build_demo

    started = time.perf_counter()
    path = build_demo(out, scale=scale, progress=not quiet)
    seconds = time.perf_counter() - started
    console.print(f"Demo-marts gebouwd: [bold]{path}[/] (schaal {scale}, {seconds:.1f} s)")


@app.command()
def check(
    path: Annotated[Path | None, typer.Argument(help=PATH_HELP)] = None,
) -> None:
    """Controleer een martset tegen het contract; stopt met een foutcode bij afwijkingen."""
    from bot.marts.check import check_marts

    target = _configured_or_in_use(path)
    try:
        violations = check_marts(target)
    except FileNotFoundError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    if not violations:
        console.print(f"[green]In orde:[/] {target} volgt het contract van de monitor-marts.")
        return
    table = Table(title=f"{len(violations)} afwijking(en) in {target}")
    table.add_column("tabel.kolom")
    table.add_column("regel")
    table.add_column("bevinding")
    for v in violations:
        table.add_row(f"{v.table}.{v.column}" if v.column else v.table, v.rule, v.message)
    console.print(table)
    raise typer.Exit(1)


@app.command()
def info(
    path: Annotated[Path | None, typer.Argument(help=PATH_HELP)] = None,
) -> None:
    """Peildatum, bron, versie, aantallen rijen, jaren en gemeenten in de monitor."""
    from bot.marts.check import connect_mart_set
    from bot.marts.contract import TABLES

    target = _configured_or_in_use(path)
    try:
        con = connect_mart_set(target)
    except FileNotFoundError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    try:
        present = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        meta = (
            dict(con.execute("SELECT key, value FROM meta_mart ORDER BY key").fetchall())
            if "meta_mart" in present
            else {}
        )
        console.print(f"[bold]Martset[/] {target}")
        for key in ("peildatum", "bron", "versie", "scale", "inwoners_bron"):
            if key in meta:
                console.print(f"  {key}: {meta[key]}")
        counts = Table(title="Rijen per tabel")
        counts.add_column("tabel")
        counts.add_column("rijen", justify="right")
        for name in TABLES:
            if name in present:
                n = con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0]  # noqa: S608
                counts.add_row(name, f"{n:,}".replace(",", "."))
            else:
                counts.add_row(name, "[red]ontbreekt[/]")
        console.print(counts)
        if "fact_declaratie" in present:
            lo, hi = con.execute("SELECT min(maand), max(maand) FROM fact_declaratie").fetchall()[0]
            console.print(f"  declaraties: {lo} t/m {hi}")
        if "fact_traject" in present:
            years = con.execute(
                "SELECT min(year(startdatum)), max(year(coalesce(einddatum, startdatum))) "
                "FROM fact_traject"
            ).fetchall()[0]
            console.print(f"  trajecten: {years[0]} t/m {years[1]}")
        if "dim_gemeente" in present:
            names = [
                r[0]
                for r in con.execute(
                    "SELECT gemeente_naam FROM dim_gemeente WHERE in_monitor ORDER BY gemeente_naam"
                ).fetchall()
            ]
            console.print(f"  gemeenten in de monitor ({len(names)}): {', '.join(names)}")
    finally:
        con.close()
