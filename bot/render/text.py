"""Terminal rendering of an Answer: the text, a small aligned table, a series and the context line.

Cells and points already passed the disclosure rule, so the terminal shows exactly what every
other channel shows.
"""

from __future__ import annotations

from bot.models import Answer, Kind, Series, Table
from bot.render.format import context_line, fmt_num

MAX_ROWS = 40


def render_table(table: Table, max_rows: int = MAX_ROWS) -> str:
    """A plain, aligned text table (numbers right-aligned)."""
    rows = table.rows[:max_rows]
    widths = [len(c) for c in table.columns]
    for row in rows:
        for i, cell in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], len(cell))

    def line(cells: list[str]) -> str:
        out = []
        for i, cell in enumerate(cells[: len(widths)]):
            numeric = i > 0 and any(ch.isdigit() for ch in cell)
            out.append(cell.rjust(widths[i]) if numeric else cell.ljust(widths[i]))
        return "  ".join(out).rstrip()

    parts = [line(table.columns), "  ".join("-" * w for w in widths)]
    parts += [line(r) for r in rows]
    if len(table.rows) > max_rows:
        parts.append(f"… en nog {len(table.rows) - max_rows} rijen")
    return "\n".join(parts)


def render_series(series: Series) -> str:
    """A series as a two-column text table: label and value (suppressed points: "-")."""

    def value(v: float | None) -> str:
        if v is None:
            return "-"
        return fmt_num(v, 0 if float(v).is_integer() else 1)

    table = Table(
        columns=["", f"{series.title} ({series.unit})"],
        rows=[[p.label, value(p.value)] for p in series.points],
    )
    return render_table(table)


def render_text(answer: Answer, *, show_query: bool = False) -> str:
    """The full terminal rendering of one answer."""
    parts = [answer.text.replace("*", "")]
    if answer.table is not None:
        parts.append(render_table(answer.table))
    elif answer.series is not None and answer.series.points:
        parts.append(render_series(answer.series))
    if answer.kind == Kind.CLARIFY and answer.options:
        parts.append("\n".join(f"  {i}. {o.label}" for i, o in enumerate(answer.options, 1)))
    if answer.more:
        parts.append("(Typ 'meer' voor de rest.)")
    ctx = context_line(answer)
    if ctx:
        parts.append(ctx)
    if show_query and answer.query:
        params = ", ".join(f"{k}={v!r}" for k, v in answer.params.items())
        parts.append(f"Query: queries/{answer.query}.sql\nParameters: {params}")
    return "\n\n".join(parts)
