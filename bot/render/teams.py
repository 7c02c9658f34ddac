"""An Answer as a Teams Adaptive Card: text, a small table, the source line, option buttons.

Cards use elements that Teams renders on desktop and mobile alike (ColumnSet rows instead of
wide tables, buttons in an ActionSet so they wrap on a phone). All text is put in TextRuns,
which Teams never reads as markdown, so a question quoting "[klik](https://…)" or
"<at>iemand</at>" comes back as plain text, never as a link or a mention (I5).
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.models import Answer, Series, Table
from bot.render.format import context_line, fmt_eur_compact, fmt_int, fmt_num, fmt_pct

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
MAX_TABLE_ROWS = 20
MAX_BYTES = 80_000
_BOLD = re.compile(r"\*([^*\n]+)\*")
_SCHEME = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{1,15}):(//)")
_RUN_STYLE = {"weight", "isSubtle", "size", "fontType", "color", "italic"}


def defuse_links(text: str) -> str:
    """Teams autolinks bare URLs even in plain runs; a zero-width space keeps them dead."""
    return _SCHEME.sub(lambda m: f"{m.group(1)}:\u200b{m.group(2)}", text)


def plain(text: str, bold_markers: bool = False, **style: Any) -> dict[str, Any]:
    """A RichTextBlock of TextRuns: plain text by construction, no markdown, no mentions (I5).

    With bold_markers, the Answer's own *bold* spans become bold runs.
    """
    run_style = {k: v for k, v in style.items() if k in _RUN_STYLE}
    block_style = {k: v for k, v in style.items() if k not in _RUN_STYLE}
    spans: list[tuple[str, bool]] = []
    if bold_markers:
        pos = 0
        for m in _BOLD.finditer(text):
            spans.append((text[pos : m.start()], False))
            spans.append((m.group(1), True))
            pos = m.end()
        spans.append((text[pos:], False))
    else:
        spans = [(text, False)]
    runs = []
    for chunk, bold in spans:
        if not chunk:
            continue
        run: dict[str, Any] = {"type": "TextRun", "text": defuse_links(chunk), **run_style}
        if bold:
            run["weight"] = "Bolder"
        runs.append(run)
    return {"type": "RichTextBlock", "inlines": runs, **block_style}


def fmt_series_value(value: float | None, unit: str) -> str:
    """A series value in Dutch notation; None (suppressed or missing) is never shown as 0."""
    if value is None:
        return "niet beschikbaar"
    if unit == "EUR":
        return fmt_eur_compact(value)
    if unit == "%":
        return fmt_pct(value)
    if unit == "aantal":
        return fmt_int(value)
    return f"{fmt_num(value, 1)} {unit}"


def _row(cells: list[str], header: bool = False) -> dict[str, Any]:
    columns = []
    for i, cell in enumerate(cells):
        style: dict[str, Any] = {"spacing": "None"}
        if header:
            style["weight"] = "Bolder"
        if i > 0:
            style["horizontalAlignment"] = "Right"
        block = plain(cell, **style)
        columns.append(
            {"type": "Column", "width": "stretch" if i == 0 else "auto", "items": [block]}
        )
    return {"type": "ColumnSet", "columns": columns, "spacing": "Small"}


def _table(table: Table, max_rows: int) -> list[dict[str, Any]]:
    items = [_row(table.columns, header=True)]
    items += [_row(row) for row in table.rows[:max_rows]]
    if len(table.rows) > max_rows:
        rest = len(table.rows) - max_rows
        items.append(plain(f"… en nog {fmt_int(rest)} rijen", isSubtle=True, size="Small"))
    return [{"type": "Container", "items": items, "separator": True, "spacing": "Medium"}]


def _series(series: Series) -> list[dict[str, Any]]:
    rows = [_row([p.label, fmt_series_value(p.value, series.unit)]) for p in series.points]
    return [
        {
            "type": "Container",
            "items": [plain(series.title, weight="Bolder"), *rows],
            "separator": True,
            "spacing": "Medium",
        }
    ]


def _query_card(answer: Answer) -> dict[str, Any]:
    params = ", ".join(f"{k} = {v!r}" for k, v in answer.params.items()) or "geen"
    return {
        "type": "AdaptiveCard",
        "body": [
            plain(f"Query: {answer.query or ''}", fontType="Monospace"),
            plain(f"Parameters: {params}", fontType="Monospace", size="Small"),
        ],
    }


def render_card(answer: Answer, max_rows: int = MAX_TABLE_ROWS) -> dict[str, Any]:
    """The Adaptive Card for an answer."""
    body: list[dict[str, Any]] = [plain(answer.text, bold_markers=True)]
    if answer.understood:
        body.append(plain(f"Begrepen: {answer.understood}", isSubtle=True, size="Small"))
    if answer.table is not None and answer.table.rows:
        body += _table(answer.table, max_rows)
    elif answer.series is not None and answer.series.points:
        body += _series(answer.series)
    line = context_line(answer)
    if line:
        body.append(plain(line, isSubtle=True, size="Small", spacing="Medium"))
    if answer.options:
        body.append(
            {
                "type": "ActionSet",
                "actions": [
                    {
                        "type": "Action.Submit",
                        "title": opt.label,
                        "data": {"msteams": {"type": "imBack", "value": opt.value}},
                    }
                    for opt in answer.options
                ],
            }
        )
    actions: list[dict[str, Any]] = []
    if answer.definition:
        actions.append(
            {
                "type": "Action.ShowCard",
                "title": "Hoe berekend?",
                "card": {"type": "AdaptiveCard", "body": [plain(answer.definition)]},
            }
        )
    if answer.query:
        actions.append(
            {"type": "Action.ShowCard", "title": "Toon query", "card": _query_card(answer)}
        )
    if answer.kind in ("answer", "clarify", "refuse"):
        for title, value in (("👍", "up"), ("👎", "down")):
            actions.append(
                {
                    "type": "Action.Submit",
                    "title": title,
                    "tooltip": "Goed antwoord" if value == "up" else "Slecht antwoord",
                    "data": {"jeugdbot": "feedback", "answer_id": answer.id, "value": value},
                }
            )
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": body,
        "msteams": {"width": "Full"},
    }
    if actions:
        card["actions"] = actions
    return card


def size_of(obj: Any) -> int:
    """Bytes on the wire as the connector receives it."""
    return len(json.dumps(obj, ensure_ascii=False).encode())


def render_attachment(answer: Answer, budget: int = MAX_BYTES) -> dict[str, Any]:
    """The card as an attachment that fits in `budget` bytes (T14: never a 413 from Teams).

    A long table is cut first (the card says how many rows are left out), then the text.
    """
    rows = MAX_TABLE_ROWS
    current = answer
    while True:
        attachment = {"contentType": CARD_CONTENT_TYPE, "content": render_card(current, rows)}
        size = size_of(attachment)
        if size <= budget:
            return attachment
        if current.table is not None and rows > 1:
            rows //= 2
            continue
        over = size - budget
        keep = max(0, len(current.text) - over - 200)
        current = current.model_copy(
            update={
                "text": current.text[:keep] + " … (ingekort)",
                "series": None,
                "definition": None,
                "table": None,
                "params": {},
            }
        )
        if keep == 0 and size_of(render_card(current, 0)) > budget:
            # Nothing left to cut but what Teams needs to show anything at all.
            return {"contentType": CARD_CONTENT_TYPE, "content": render_card(current, 0)}
