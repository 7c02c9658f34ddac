"""Block Kit rendering of an Answer: content, Slack's size limits, and escaping (I5)."""

from __future__ import annotations

import json
from datetime import date

from bot.models import Answer, Kind, Option, Series, SeriesPoint, Source, Table
from bot.render.slack import (
    ACTION_FEEDBACK_DOWN,
    ACTION_FEEDBACK_UP,
    ACTION_SHOW_QUERY,
    escape,
    fallback_text,
    render_blocks,
    render_query,
    table_text,
    unescape,
)


def helmond() -> Answer:
    return Answer(
        kind=Kind.ANSWER,
        text="In 2023 hadden *2.635* jeugdigen in Helmond jeugdhulp.",
        intent="cijfer",
        understood="Helmond · 2023 · jeugdigen in zorg",
        sources=[Source(titel="Monitor Een 10 voor de Jeugd (demodata)", document="fact_traject")],
        query="jeugdigen_in_zorg",
        params={"jaar": 2023, "gemeente_codes": ["GM0794"]},
        peildatum=date(2024, 1, 1),
        demo=True,
    )


def by_type(blocks: list[dict], kind: str) -> list[dict]:
    return [b for b in blocks if b["type"] == kind]


def buttons(blocks: list[dict]) -> list[dict]:
    return [e for b in by_type(blocks, "actions") for e in b["elements"]]


def test_answer_sentence_context_line_and_tools() -> None:
    blocks = render_blocks(helmond())
    assert blocks[0]["text"] == {
        "type": "mrkdwn",
        "text": "In 2023 hadden *2.635* jeugdigen in Helmond jeugdhulp.",
    }
    [context] = by_type(blocks, "context")
    texts = [e["text"] for e in context["elements"]]
    assert texts[0] == "Begrepen: Helmond · 2023 · jeugdigen in zorg"
    assert "Bron: Monitor Een 10 voor de Jeugd (demodata)" in texts[1]
    assert "peildatum 1 januari 2024" in texts[1]
    assert [b["action_id"] for b in buttons(blocks)] == [
        ACTION_SHOW_QUERY,
        ACTION_FEEDBACK_UP,
        ACTION_FEEDBACK_DOWN,
    ]


def test_feedback_buttons_carry_the_answer_id() -> None:
    answer = helmond()
    values = {b["action_id"]: b["value"] for b in buttons(render_blocks(answer))}
    assert values[ACTION_FEEDBACK_UP] == values[ACTION_FEEDBACK_DOWN] == answer.id


def test_demo_data_is_named_even_without_a_demo_source() -> None:
    answer = helmond().model_copy(update={"sources": [Source(titel="Monitor")]})
    [context] = by_type(render_blocks(answer), "context")
    assert "demodata" in context["elements"][-1]["text"]


def test_show_query_lists_name_and_parameters() -> None:
    [query_button] = [
        b for b in buttons(render_blocks(helmond())) if b["action_id"] == ACTION_SHOW_QUERY
    ]
    shown = render_query(query_button["value"])
    assert "`jeugdigen_in_zorg`" in shown and "queries/jeugdigen_in_zorg.sql" in shown
    assert "jaar = 2023" in shown and 'gemeente_codes = ["GM0794"]' in shown


def test_show_query_with_huge_parameters_still_fits_a_button() -> None:
    answer = helmond().model_copy(update={"params": {"codes": ["GM0794"] * 500}})
    [query_button] = [
        b for b in buttons(render_blocks(answer)) if b["action_id"] == ACTION_SHOW_QUERY
    ]
    assert len(query_button["value"]) <= 2000
    assert "te lang" in render_query(query_button["value"])
    assert render_query("not json") == "Deze query kan ik niet meer tonen."


def test_clarification_options_become_buttons_without_feedback() -> None:
    answer = Answer(
        kind=Kind.CLARIFY,
        text="Bedoel je Bergen (L.) of Bergen (NH.)?",
        options=[
            Option(label="Bergen (L.)", value="Hoeveel jeugdigen in Bergen (L.) in 2023?"),
            Option(label="Bergen (NH.) " + "x" * 100, value="Hoeveel jeugdigen in Bergen (NH.)?"),
        ],
    )
    blocks = render_blocks(answer)
    elements = buttons(blocks)
    assert [e["action_id"] for e in elements] == ["jeugd_option_0", "jeugd_option_1"]
    assert elements[0]["value"] == "Hoeveel jeugdigen in Bergen (L.) in 2023?"
    assert all(len(e["text"]["text"]) <= 75 for e in elements)
    assert by_type(blocks, "context") == []


def test_table_is_monospaced_with_numbers_right_aligned() -> None:
    table = Table(
        columns=["Gemeente", "Jeugdigen"],
        rows=[["Helmond", "2.635"], ["Asten", "minder dan 5"], ["Deurne", "812"]],
    )
    text = table_text(table)
    lines = text.strip("`\n").splitlines()
    assert text.startswith("```\n") and text.endswith("\n```")
    assert lines[0].startswith("Gemeente")
    assert "minder dan 5" in text  # suppressed values arrive as display text and stay so
    answer = helmond().model_copy(update={"table": table})
    assert any(b.get("block_id") == "jeugd_table" for b in render_blocks(answer))


def test_numeric_column_is_right_aligned() -> None:
    table = Table(columns=["Jaar", "Kosten"], rows=[["2022", "€ 9,5 mln"], ["2023", "€ 12,25 mln"]])
    lines = table_text(table).strip("`\n").splitlines()
    assert lines[2].endswith("€ 9,5 mln") and lines[3].endswith("€ 12,25 mln")
    assert len(lines[2]) == len(lines[3])


def test_long_table_is_cut_to_slack_limits_and_says_so() -> None:
    rows = [[f"Product {i} met een lange naam & <tag>", f"{i}.000"] for i in range(400)]
    text = table_text(Table(columns=["Product", "Bedrag"], rows=rows))
    assert len(text) <= 3000
    assert text.rstrip().endswith("rijen")
    assert "<tag>" not in text and "&lt;tag&gt;" in text


def test_long_text_is_split_within_limits_without_breaking_entities() -> None:
    text = ("Segment 2 & wonen <uitleg>. " * 40 + "\n") * 20  # ~22.000 characters
    blocks = render_blocks(Answer(kind=Kind.ANSWER, text=text))
    sections = [b for b in blocks if b["block_id"].startswith("jeugd_text_")]
    assert len(sections) > 1 and len(blocks) <= 50
    for s in sections:
        body = s["text"]["text"]
        assert len(body) <= 3000
        assert "<" not in body and ">" not in body
        tail = body[body.rfind("&") :]
        assert tail.startswith(("&amp;", "&lt;", "&gt;"))  # no entity cut in half
    assert len(fallback_text(Answer(kind=Kind.ANSWER, text=text))) <= 3000


def test_i5_escaping_of_everything_a_user_might_have_typed() -> None:
    nasty = "<!channel> <!everyone> <@U123> <https://evil.example|klik> & co"
    answer = Answer(
        kind=Kind.CLARIFY,
        text=f"Ik ken geen gemeente '{nasty}'.",
        understood=nasty,
        table=Table(columns=["Naam"], rows=[[nasty]]),
    )
    rendered = json.dumps(render_blocks(answer)) + fallback_text(answer)
    for raw in ("<!channel>", "<!everyone>", "<@U123>", "<https://evil.example|klik>"):
        assert raw not in rendered
    assert "&lt;!channel&gt;" in fallback_text(answer)
    assert escape("a & <b>") == "a &amp; &lt;b&gt;"
    assert unescape(escape(nasty)) == nasty


def test_every_kind_renders_a_non_empty_message() -> None:
    """Slack rejects a section or message with empty text, so even an empty answer has some."""
    for kind in Kind:
        blocks = render_blocks(Answer(kind=kind, text="  "))
        assert blocks[0]["type"] == "section" and blocks[0]["text"]["text"]
        assert fallback_text(Answer(kind=kind, text=""))


def test_series_alone_adds_no_blocks() -> None:
    """Charts go out as an uploaded image after the message (see test_slack_actions.py)."""
    series = Series(
        title="Jeugdigen in Helmond", unit="aantal", points=[SeriesPoint(label="2023", value=2635)]
    )
    with_series = helmond().model_copy(update={"series": series})
    assert render_blocks(with_series) == render_blocks(
        helmond().model_copy(update={"id": with_series.id})
    )
