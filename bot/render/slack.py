"""Block Kit for an Answer: the sentence, a compact table, a source line and the buttons.

Everything that reaches Slack passes `escape()`, so text a user typed (echoed back in an answer,
such as an unknown municipality name) can never turn into a mention (`<!channel>`) or a link.
Slack's own limits are respected here, in one place: 3000 characters per section, 2000 per
context element and button value, 75 per button label, 25 elements per actions block.
"""

from __future__ import annotations

import json
from typing import Any

from bot.models import Answer, Kind, Table
from bot.render.format import context_line

SECTION_LIMIT = 3000
CONTEXT_LIMIT = 2000
VALUE_LIMIT = 2000
LABEL_LIMIT = 75
MAX_TEXT_SECTIONS = 10
MAX_OPTIONS = 20
FALLBACK_LIMIT = 3000

ACTION_OPTION_PREFIX = "jeugd_option_"
ACTION_SHOW_QUERY = "jeugd_show_query"
ACTION_FEEDBACK_UP = "jeugd_feedback_up"
ACTION_FEEDBACK_DOWN = "jeugd_feedback_down"


def escape(text: str) -> str:
    """Slack's control characters as entities: no mention, channel ping or link can be formed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo Slack's encoding of what a user typed, so "Geldrop &amp; Mierlo" reads as typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _split(text: str, limit: int) -> list[str]:
    """Cut raw text into pieces whose escaped form fits `limit`, preferring line and word ends."""
    pieces: list[str] = []
    rest = text
    while rest:
        if len(escape(rest)) <= limit:
            pieces.append(rest)
            break
        n = limit
        while (over := len(escape(rest[:n])) - limit) > 0:
            n -= over
        cut = rest.rfind("\n", 0, n)
        if cut < n // 2:
            cut = rest.rfind(" ", 0, n)
        if cut < n // 2:
            cut = n
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return pieces


def _text_sections(text: str) -> list[dict[str, Any]]:
    """The answer in mrkdwn sections, split to stay under Slack's limit per section."""
    pieces = _split(text.strip() or " ", SECTION_LIMIT - 1)
    if len(pieces) > MAX_TEXT_SECTIONS:
        pieces = pieces[:MAX_TEXT_SECTIONS]
        pieces[-1] += "…"
    return [
        {
            "type": "section",
            "block_id": f"jeugd_text_{i}",
            "text": {"type": "mrkdwn", "text": escape(p)},
        }
        for i, p in enumerate(pieces)
    ]


def _is_number_like(cell: str) -> bool:
    stripped = cell.strip().lstrip("€-+ ").rstrip("% ")
    return bool(stripped) and stripped[0].isdigit()


def table_text(table: Table, limit: int = SECTION_LIMIT) -> str:
    """The table as a monospaced block: aligned columns, numbers right-aligned, rows cut to fit."""
    rows = [[str(c) for c in row] for row in table.rows]
    header = [str(c) for c in table.columns]
    width = [len(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row[: len(width)]):
            width[i] = max(width[i], len(cell))
    numeric = [
        i > 0 and all(_is_number_like(r[i]) for r in rows if i < len(r) and r[i].strip())
        for i in range(len(header))
    ]

    def line(cells: list[str]) -> str:
        padded = [
            (c.rjust(width[i]) if numeric[i] else c.ljust(width[i]))
            for i, c in enumerate(cells[: len(width)])
        ]
        return "  ".join(padded).rstrip()

    lines = [line(header), "  ".join("-" * w for w in width)]
    body = lines[:]
    shown = 0
    for row in rows:
        candidate = escape("\n".join([*body, line(row)]))
        # room for the fences and a "... more rows" note
        if len(candidate) + 40 > limit:
            break
        body.append(line(row))
        shown += 1
    text = "```\n" + escape("\n".join(body)) + "\n```"
    if shown < len(rows):
        text += f"\n… en nog {len(rows) - shown} rijen"
    return text


def _context_block(answer: Answer) -> dict[str, Any] | None:
    elements = []
    if answer.understood:
        elements.append(f"Begrepen: {answer.understood}")
    line = context_line(answer)
    if line:
        elements.append(line)
    if not elements:
        return None
    return {
        "type": "context",
        "block_id": "jeugd_context",
        "elements": [{"type": "mrkdwn", "text": _clip(escape(e), CONTEXT_LIMIT)} for e in elements],
    }


def _button(text: str, action_id: str, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": _clip(text, LABEL_LIMIT), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def query_button_value(answer: Answer) -> str:
    """The query name and its parameters, carried in the button so no server state is needed."""
    value = json.dumps(
        {"query": answer.query, "params": answer.params},
        ensure_ascii=False,
        default=str,
        sort_keys=True,
    )
    if len(value) > VALUE_LIMIT:
        value = json.dumps({"query": answer.query, "params": None}, ensure_ascii=False)
    return value[:VALUE_LIMIT]


def render_query(value: str) -> str:
    """What "Toon query" shows: the SQL file's name and the bound parameters (mrkdwn, escaped)."""
    try:
        data = json.loads(value)
        query = str(data["query"])
        params = data.get("params")
    except (ValueError, KeyError, TypeError):
        return "Deze query kan ik niet meer tonen."
    lines = [f"Query: `{escape(query)}` (queries/{escape(query)}.sql)"]
    if params is None:
        lines.append("De parameters zijn te lang om hier te tonen.")
    elif not params:
        lines.append("Zonder parameters.")
    else:
        rendered = "\n".join(
            f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in params.items()
        )
        lines.append("Parameters:\n```\n" + escape(rendered) + "\n```")
    return _clip("\n".join(lines), SECTION_LIMIT)


def render_blocks(answer: Answer) -> list[dict[str, Any]]:
    """The Block Kit blocks for one Answer."""
    blocks: list[dict[str, Any]] = _text_sections(answer.text)
    if answer.table is not None and answer.table.columns:
        blocks.append(
            {
                "type": "section",
                "block_id": "jeugd_table",
                "text": {"type": "mrkdwn", "text": table_text(answer.table)},
            }
        )
    context = _context_block(answer)
    if context:
        blocks.append(context)
    options = [o for o in answer.options if o.value and len(o.value) <= VALUE_LIMIT]
    if options:
        blocks.append(
            {
                "type": "actions",
                "block_id": "jeugd_options",
                "elements": [
                    _button(o.label or o.value, f"{ACTION_OPTION_PREFIX}{i}", o.value)
                    for i, o in enumerate(options[:MAX_OPTIONS])
                ],
            }
        )
    tools = []
    if answer.query:
        tools.append(_button("Toon query", ACTION_SHOW_QUERY, query_button_value(answer)))
    if answer.kind == Kind.ANSWER:
        tools.append(_button("👍", ACTION_FEEDBACK_UP, answer.id))
        tools.append(_button("👎", ACTION_FEEDBACK_DOWN, answer.id))
    if tools:
        blocks.append({"type": "actions", "block_id": "jeugd_tools", "elements": tools})
    return blocks


def fallback_text(answer: Answer) -> str:
    """The plain `text` of the message: shown in notifications and by clients without blocks."""
    pieces = _split(answer.text.strip() or " ", FALLBACK_LIMIT - 1)
    return escape(pieces[0]) + ("…" if len(pieces) > 1 else "")
