"""`jeugdbot kb ...` commands: validate the knowledge base and show search rankings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.knowledge.loader import KnowledgeBase, collect
from bot.paths import KNOWLEDGE_DIR

app = typer.Typer(help="Kennisbank: controleren en zoeken.", no_args_is_help=True)


def _summary(base: KnowledgeBase) -> str:
    counts = Counter(entry.soort for entry in base.entries)
    per_chapter = Counter(a.velden.hoofdstuk for a in base.actions("hervormingsagenda"))
    chapters = ", ".join(f"{h}: {n}" for h, n in sorted(per_chapter.items()) if h is not None)
    parts = ", ".join(f"{soort} {n}" for soort, n in sorted(counts.items()))
    return (
        f"{len(base)} entries ({parts}); acties Hervormingsagenda per hoofdstuk: {chapters or '-'}"
    )


@app.command()
def check(
    directory: Annotated[Path, typer.Argument(help="Map met de kennisbestanden.")] = KNOWLEDGE_DIR,
) -> None:
    """Controleer schema, unieke ids, nummering van de acties en aanwezigheid van de bronnen."""
    console = Console()
    entries, problems = collect(directory)
    if problems:
        for problem in problems:
            console.print(f"[red]FOUT[/red] {problem}", highlight=False, soft_wrap=True)
        console.print(f"[red]{len(problems)} fout(en) in {directory}[/red]")
        raise typer.Exit(code=1)
    base = KnowledgeBase(entries=entries, directory=directory)
    console.print(f"[green]OK[/green] {_summary(base)}", highlight=False)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="De zoekvraag.")],
    k: Annotated[int, typer.Option("--k", "-k", help="Aantal resultaten.")] = 8,
    alles: Annotated[
        bool, typer.Option("--alles", help="Ook de landelijke codelijsten doorzoeken.")
    ] = False,
    directory: Annotated[
        Path, typer.Option("--map", help="Map met de kennisbestanden.")
    ] = KNOWLEDGE_DIR,
) -> None:
    """Toon de ranking (BM25 met Nederlandse stemming en tikfoutcorrectie) met scores."""
    from bot.knowledge.loader import load_knowledge

    console = Console()
    base = load_knowledge(directory)
    corrected = base.index.correct(_words(query))
    hits = base.index.search(query, k, include_reference=alles)
    table = Table(title=f"Zoeken: {query!r} (gelezen als: {' '.join(corrected)})")
    for column in ("#", "Score", "Dekking", "Id", "Soort", "Titel", "Bron"):
        table.add_column(column)
    for rank, hit in enumerate(hits, start=1):
        table.add_row(
            str(rank),
            f"{hit.score:.2f}".replace(".", ","),
            f"{hit.coverage:.0%}",
            hit.entry.id,
            hit.entry.soort,
            hit.entry.titel,
            f"{hit.entry.bron.document} – {hit.entry.bron.locatie}",
        )
    if not hits:
        console.print("Geen resultaten.")
        raise typer.Exit(code=0)
    console.print(table)


def _words(query: str) -> list[str]:
    from bot.knowledge.search import words

    return words(query)
