"""The two cost measures never stand side by side without a word (issue 14, item 5).

The monitor's declared costs (fact_declaratie) fall from 2021 to 2024 in the demo while the
annual accounts' zorgkosten Jeugdwet rise. Every answer that shows either one says, in the line
knowledge/lexicon.yaml gives the measure, what it includes and which question gives the other;
once per conversation, so "en in 2022?" does not repeat it; other measures have no such line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.channels.web import create_app
from bot.config import Settings
from bot.core import Jeugdbot
from bot.language.lexicon import load_lexicon
from bot.models import Answer, Context, Kind
from bot.render.slack import fallback_text, render_blocks
from bot.render.teams import render_attachment
from bot.render.text import render_text

NOTES = load_lexicon().notes
# The note's own words for the other measure: a kosten answer must name the zorgkosten.
OTHER = {
    "kosten": "zorgkosten Jeugdwet uit de jaarrekeningen",
    "zorgkosten": "gedeclareerde kosten",
    "kostenontwikkeling": "gedeclareerde kosten",
}

COST_SHAPES = [
    ("kosten Helmond 2023", "cijfer", "kosten"),
    ("trend declaraties regio", "trend", "kosten"),
    ("vergelijk kosten Deurne en Asten 2023", "vergelijking", "kosten"),
    ("welke gemeente had de hoogste kosten in 2023", "ranglijst", "kosten"),
    ("kosten per segment Helmond 2023", "verdeling", "kosten"),
    ("kosten per verwijzer regio 2023", "verdeling", "kosten"),
    ("welke gemeenten hadden een stijging van de kosten in 2023", "filter", "kosten"),
    ("zorgkosten regio 2023", "cijfer", "zorgkosten"),
    ("trend zorgkosten regio", "trend", "zorgkosten"),
    ("vergelijk zorgkosten Deurne en Asten 2023", "vergelijking", "zorgkosten"),
    ("welke gemeente had de hoogste zorgkosten in 2023", "ranglijst", "zorgkosten"),
    ("zorgkosten per gemeente 2023", "verdeling", "zorgkosten"),
    ("in welke gemeenten stegen de zorgkosten in 2023", "filter", "zorgkosten"),
    ("kostenontwikkeling Helmond 2023", "cijfer", "kostenontwikkeling"),
    ("welke gemeente had de sterkste kostenstijging in 2023", "ranglijst", "kostenontwikkeling"),
]

OTHER_MEASURES = [
    "jeugdigen in zorg Helmond 2023",
    "trend jeugdigen in zorg regio",
    "vergelijk jeugdigen in zorg Deurne en Asten 2023",
    "gestarte trajecten Helmond 2023",
    "gemiddelde trajectduur Helmond 2023",
    "jeugdigen in zorg per 1.000 jeugdigen Helmond 2023",
    "gemiddelde kosten per cliënt Helmond 2023",
    "inwoners Helmond 2023",
    "aantal aanbieders Helmond 2023",
]


def _lines(answer: Answer) -> list[str]:
    return answer.text.splitlines()


def test_the_notes_are_data_and_point_at_each_other() -> None:
    assert set(NOTES) == set(OTHER)
    for key, note in NOTES.items():
        assert OTHER[key] in note, key
        assert note.endswith("'.") and "vraag '" in note


@pytest.mark.parametrize(("question", "intent", "metric"), COST_SHAPES)
def test_every_cost_shape_says_what_it_includes_and_names_the_other(
    bot: Jeugdbot, question: str, intent: str, metric: str
) -> None:
    answer = bot.answer(question)  # no conversation: nothing says the user saw the note
    assert (answer.kind, answer.intent, answer.slots["metric"]) == (Kind.ANSWER, intent, metric)
    lines = _lines(answer)
    assert NOTES[metric] in lines, answer.text  # a line of its own
    # after the figures, before what was understood
    assert lines.index(NOTES[metric]) == len(lines) - 2 and lines[-1].startswith("Ik begreep")
    assert sum(note in answer.text for note in NOTES.values()) == 1


@pytest.mark.parametrize("question", OTHER_MEASURES)
def test_other_measures_have_no_cost_note(bot: Jeugdbot, question: str) -> None:
    answer = bot.answer(question)
    assert answer.kind == Kind.ANSWER and answer.slots["metric"] not in NOTES, answer.intent
    assert not any(note in answer.text for note in NOTES.values())
    assert "jaarrekening" not in answer.text


@pytest.mark.parametrize("metric", sorted(NOTES))
def test_the_question_a_note_suggests_gives_the_other_measure(bot: Jeugdbot, metric: str) -> None:
    suggested = next(m.note_question for m in load_lexicon().measures if m.key == metric)
    assert suggested is not None
    answer = bot.answer(suggested)
    expected = "zorgkosten" if metric == "kosten" else "kosten"
    assert answer.kind == Kind.ANSWER and answer.slots["metric"] == expected, answer.text


def test_once_per_conversation_and_again_in_a_new_one(bot: Jeugdbot) -> None:
    ctx = Context(conversation_id="kosten-noot-1")
    first = bot.answer("kosten Helmond 2023", ctx)
    assert NOTES["kosten"] in first.text
    follow_up = bot.answer("en in 2022?", ctx)
    assert follow_up.slots["metric"] == "kosten" and "2022" in follow_up.text
    assert NOTES["kosten"] not in follow_up.text
    # A knowledge question in between keeps what the conversation has seen.
    bot.answer("wat is segment 2?", ctx)
    assert NOTES["kosten"] not in bot.answer("vergelijk kosten Deurne en Asten 2023", ctx).text
    # The other measure points the other way: its note comes once too.
    other = bot.answer("zorgkosten Helmond 2023", ctx)
    assert NOTES["zorgkosten"] in other.text
    assert NOTES["zorgkosten"] not in bot.answer("en in 2022?", ctx).text
    # The development of the zorgkosten points to the same place: no second pointer.
    change = bot.answer("kostenontwikkeling Helmond 2023", ctx)
    assert change.slots["metric"] == "kostenontwikkeling"
    assert not any(note in change.text for note in NOTES.values())
    # Another conversation has not seen it.
    assert NOTES["kosten"] in bot.answer("kosten Helmond 2023", Context(conversation_id="2")).text


def test_a_measure_switch_in_a_follow_up_gets_the_note(bot: Jeugdbot) -> None:
    ctx = Context(conversation_id="kosten-noot-3")
    bot.answer("jeugdigen in zorg Helmond 2023", ctx)
    answer = bot.answer("en de kosten?", ctx)
    assert answer.slots["metric"] == "kosten" and NOTES["kosten"] in answer.text


@pytest.fixture(scope="module")
def kosten(bot: Jeugdbot) -> Answer:
    return bot.answer("kosten Helmond 2023")


def test_slack_shows_the_note_as_text(kosten: Answer) -> None:
    blocks = render_blocks(kosten)
    sections = [b["text"]["text"] for b in blocks if b.get("block_id", "").startswith("jeugd_text")]
    assert any(NOTES["kosten"] in s for s in sections)
    assert NOTES["kosten"] in fallback_text(kosten)


def test_teams_shows_the_note_as_plain_runs(kosten: Answer) -> None:
    card = render_attachment(kosten)["content"]
    runs = "".join(
        i["text"] for b in card["body"] if b["type"] == "RichTextBlock" for i in b["inlines"]
    )
    assert NOTES["kosten"] in runs


def test_terminal_and_web_show_the_note(demo_marts: Path, tmp_path: Path, kosten: Answer) -> None:
    assert NOTES["kosten"] in render_text(kosten)
    settings = Settings(marts=demo_marts, cache_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    with TestClient(create_app(settings, Jeugdbot(settings))) as client:
        web = client.post("/api/ask", json={"question": "zorgkosten regio 2023"}).json()
    assert NOTES["zorgkosten"] in web["text"].splitlines()
