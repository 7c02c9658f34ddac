"""Renderers: the Teams card, charts, and P5 (every channel shows a suppressed answer safely)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.channels.web import create_app
from bot.config import Settings
from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind, Option, Series, SeriesPoint, Source, Table
from bot.render import chart as chart_module
from bot.render.chart import chart_png, chart_spec, chart_svg, render_png, render_svg, stop_renderer
from bot.render.teams import MAX_BYTES, plain, render_attachment, render_card, size_of


def suppressed_answer() -> Answer:
    """What the core returns when a cell is small: display strings only, None in the series."""
    return Answer(
        kind=Kind.ANSWER,
        text="In 2022 hadden *minder dan 5* jeugdigen in Asten pleegzorg; in 2023 waren het *12*.",
        intent="trend",
        understood="Asten · 2022-2023 · jeugdigen in pleegzorg",
        table=Table(columns=["jaar", "jeugdigen"], rows=[["2022", "minder dan 5"], ["2023", "12"]]),
        series=Series(
            title="Jeugdigen in pleegzorg, Asten",
            unit="aantal",
            kind="bar",
            points=[SeriesPoint(label="2022", value=None), SeriesPoint(label="2023", value=12)],
        ),
        sources=[Source(titel="Monitor Een 10 voor de Jeugd (demodata)", document="fact_traject")],
        peildatum=date(2025, 6, 30),
        demo=True,
        query="jeugdigen_trend",
        params={"gemeente_code": "GM0753", "jaar_van": 2022, "jaar_tot": 2023},
    )


def texts(card: Any) -> list[str]:
    """Every text a card shows, wherever it sits."""
    found: list[str] = []
    if isinstance(card, dict):
        for key, value in card.items():
            if key in ("text", "title", "value") and isinstance(value, str):
                found.append(value)
            else:
                found += texts(value)
    elif isinstance(card, list):
        for item in card:
            found += texts(item)
    return found


def element_types(card: Any) -> set[str]:
    if isinstance(card, dict):
        own = {card["type"]} if isinstance(card.get("type"), str) else set()
        return own.union(*(element_types(v) for v in card.values()))
    if isinstance(card, list):
        return set().union(*(element_types(v) for v in card))
    return set()


# --- Teams card ----------------------------------------------------------------------------


def test_card_has_text_table_source_line_and_buttons() -> None:
    answer = suppressed_answer().model_copy(
        update={"definition": "Unieke cliënten met een pleegzorgtraject in het jaar."}
    )
    card = render_card(answer)
    shown = texts(card)
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert "minder dan 5" in shown and "12" in shown
    assert any("Bron: Monitor Een 10 voor de Jeugd (demodata)" in t for t in shown)
    assert any("peildatum 30 juni 2025" in t for t in shown)
    titles = [a["title"] for a in card["actions"]]
    assert titles[:2] == ["Hoe berekend?", "Toon query"]
    feedback = [a["data"] for a in card["actions"] if a["type"] == "Action.Submit"]
    assert feedback == [
        {"jeugdbot": "feedback", "answer_id": answer.id, "value": "up"},
        {"jeugdbot": "feedback", "answer_id": answer.id, "value": "down"},
    ]
    bold = [
        run["text"]
        for block in card["body"]
        if block["type"] == "RichTextBlock"
        for run in block["inlines"]
        if run.get("weight") == "Bolder"
    ]
    assert bold == ["minder dan 5", "12"]


def test_clarify_options_ask_their_full_question() -> None:
    answer = Answer(
        kind=Kind.CLARIFY,
        text="Bedoel je Bergen (L.) of Bergen (NH.)?",
        options=[Option(label="Bergen (L.)", value="Hoeveel jeugdigen in Bergen (L.)?")],
    )
    card = render_card(answer)
    action_set = next(b for b in card["body"] if b["type"] == "ActionSet")
    (button,) = action_set["actions"]
    assert button["title"] == "Bergen (L.)"
    assert button["data"] == {
        "msteams": {"type": "imBack", "value": "Hoeveel jeugdigen in Bergen (L.)?"}
    }


def test_i5_quoted_mentions_and_links_stay_plain_text() -> None:
    text = "Ik ken geen gemeente '<at>Iedereen</at> [klik](https://evil.example/x) <!channel>'."
    card = render_card(Answer(kind=Kind.REFUSE, text=text))
    assert "TextBlock" not in element_types(card)  # TextBlocks read markdown; TextRuns do not
    (run,) = card["body"][0]["inlines"]
    assert run["type"] == "TextRun"
    assert "https://" not in run["text"]  # no autolink
    assert run["text"].replace("\u200b", "") == text
    assert "entities" not in json.dumps(card)  # no mention entities are ever produced


def test_long_tables_are_cut_for_mobile_with_a_note() -> None:
    rows = [[f"Product {i}", str(i)] for i in range(60)]
    card = render_card(
        Answer(kind=Kind.ANSWER, text="t", table=Table(columns=["p", "n"], rows=rows))
    )
    shown = texts(card)
    assert "Product 19" in shown and "Product 20" not in shown
    assert "… en nog 40 rijen" in shown


def test_attachment_fits_the_80_kb_budget() -> None:
    rows = [["x" * 80, "1"] for _ in range(3000)]
    huge = Answer(
        kind=Kind.ANSWER, text="lang " * 40000, table=Table(columns=["a", "b"], rows=rows)
    )
    attachment = render_attachment(huge)
    assert size_of(attachment) <= MAX_BYTES
    assert any("ingekort" in t for t in texts(attachment))
    fitting = suppressed_answer()
    assert render_attachment(fitting)["content"] == render_card(fitting)  # small: untouched


def test_plain_keeps_runs_plain() -> None:
    block = plain("a *b* c", bold_markers=True, isSubtle=True, spacing="Small")
    assert block["spacing"] == "Small"
    assert [(r["text"], r.get("weight")) for r in block["inlines"]] == [
        ("a ", None),
        ("b", "Bolder"),
        (" c", None),
    ]
    assert all(r["isSubtle"] for r in block["inlines"])


# --- charts --------------------------------------------------------------------------------


def test_chart_uses_dutch_numbers_and_leaves_suppressed_points_out() -> None:
    series = Series(
        title="Zorgkosten",
        unit="EUR",
        points=[
            SeriesPoint(label="2021", value=38_500_000),
            SeriesPoint(label="2022", value=None),
            SeriesPoint(label="2023", value=41_000_000),
        ],
    )
    svg = chart_svg(series)
    assert "€ 40.000.000" in svg  # Dutch thousands separator and euro sign
    marks = re.findall(r'aria-label="(label: [^"]*)"', svg)
    assert marks and not any("2022" in m for m in marks)  # no point, certainly not a 0
    assert ">2022<" in svg  # ... but the year keeps its place on the axis
    png = chart_png(series)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_server_draws_charts_in_a_process_of_its_own() -> None:
    """vl-convert holds the GIL while it draws, which stalled the server's other threads (Slack
    acks waited seconds behind charts): the server's charts come from a separate process."""
    import os

    series = Series(
        title="Jeugdigen",
        unit="aantal",
        points=[SeriesPoint(label="2022", value=120), SeriesPoint(label="2023", value=135)],
    )
    try:
        assert render_svg(series) == chart_svg(series)
        assert render_png(series)[:8] == b"\x89PNG\r\n\x1a\n"
        pool = chart_module._pool
        assert pool is not None and not chart_module._in_process
        pids = {p.pid for p in pool._processes.values()}  # type: ignore[union-attr]
        assert pids and os.getpid() not in pids
    finally:
        stop_renderer()
    assert chart_module._pool is None


def test_bar_chart_keeps_the_order_of_the_ranking() -> None:
    series = Series(
        title="Kosten per jeugdige",
        unit="EUR",
        kind="bar",
        points=[
            SeriesPoint(label=n, value=v) for n, v in (("Deurne", 9), ("Asten", 7), ("Helmond", 8))
        ],
    )
    spec = chart_spec(series)
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["sort"] == ["Deurne", "Asten", "Helmond"]


# --- P5: every channel, one suppressed answer ----------------------------------------------


class SuppressingBot(Jeugdbot):
    def answer(self, question: str, context: Context | None = None) -> Answer:
        return suppressed_answer()


def _rendered_everywhere(tmp_path: Path) -> dict[str, str]:
    from bot.render.slack import fallback_text, render_blocks
    from bot.render.text import render_text

    answer = suppressed_answer()
    settings = Settings(_env_file=None, cache_dir=tmp_path)
    with TestClient(create_app(settings, SuppressingBot(settings))) as client:
        web = client.post("/api/ask", json={"question": "pleegzorg Asten"}).json()
        chart = client.get(web["chart_url"]).text
    return {
        "teams": "\n".join(texts(render_attachment(answer))),
        "slack": json.dumps(render_blocks(answer), ensure_ascii=False) + fallback_text(answer),
        "terminal": render_text(answer, show_query=True),
        "web": "\n".join(
            [web["text"], web["context_line"], *(c for row in web["table"]["rows"] for c in row)]
        ),
        "chart": " ".join(re.findall(r'aria-label="([^"]*)"', chart)),
    }


@pytest.mark.parametrize("channel", ["teams", "slack", "terminal", "web"])
def test_p5_the_suppressed_cell_reads_minder_dan_5_everywhere(tmp_path: Path, channel: str) -> None:
    out = _rendered_everywhere(tmp_path)[channel]
    assert "minder dan 5" in out
    assert "demodata" in out


def test_p5_no_channel_turns_a_suppressed_value_into_a_number(tmp_path: Path) -> None:
    outputs = _rendered_everywhere(tmp_path)
    for channel, out in outputs.items():
        for leak in ("None", "null", "nan", "NaN"):
            assert leak not in out, (channel, leak)
    # the chart draws 2023 only; the suppressed 2022 gets no mark at all (and so no 0)
    assert "label: 2022" not in outputs["chart"] and "value: 12" in outputs["chart"]
    teams = render_card(suppressed_answer())
    assert "niet beschikbaar" not in texts(teams)  # the table is shown, the series is not
    series_only = suppressed_answer().model_copy(update={"table": None})
    shown = texts(render_card(series_only))
    assert shown[shown.index("2022") + 1] == "niet beschikbaar"
