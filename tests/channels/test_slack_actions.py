"""Slash command, buttons (clarification options, "Toon query", feedback) and chart uploads,
over HTTP and Socket Mode."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot import audit
from bot.channels.slack import FEEDBACK_THANKS
from bot.config import Settings
from bot.models import Answer, Kind, Option, Series, SeriesPoint
from bot.render.slack import (
    ACTION_FEEDBACK_DOWN,
    ACTION_FEEDBACK_UP,
    ACTION_SHOW_QUERY,
    query_button_value,
)
from tests.channels.slack_mock import (
    TEAM,
    RecordingBot,
    SlackHarness,
    block_action,
    mention,
    shared_core,
    slash_command,
)

VIA = ["http", "socket"]


def scripted(question: str) -> Answer:
    """Answers shaped like the core's: a clarification, and a trend with a series."""
    if question.startswith("Hoeveel jeugdigen in Bergen"):
        return Answer(
            kind=Kind.CLARIFY,
            text="Bedoel je Bergen (L.) of Bergen (NH.)?",
            options=[
                Option(label="Bergen (L.)", value="Hoeveel jeugdigen in Bergen (L.)?"),
                Option(label="Bergen (NH.)", value="Hoeveel jeugdigen in Bergen (NH.)?"),
            ],
        )
    if question.startswith("Hoe ontwikkelde"):
        points = [SeriesPoint(label=str(y), value=v) for y, v in ((2021, 2400), (2022, 2500))]
        return Answer(
            kind=Kind.ANSWER,
            text="Het aantal jeugdigen in Helmond steeg.",
            series=Series(title="Jeugdigen in zorg, Helmond", unit="aantal", points=points),
        )
    return Answer(kind=Kind.ANSWER, text=f"Antwoord op: {question}", query="q", params={})


@pytest.fixture
def bot(tmp_path) -> RecordingBot:
    settings = Settings(throttle_per_minute=10_000, audit_db=tmp_path / "audit.sqlite")
    return RecordingBot(settings, reply=scripted)


@pytest.fixture
def slack(bot: RecordingBot) -> Iterator[SlackHarness]:
    harness = SlackHarness(bot, socket=True)
    yield harness
    harness.close()


@pytest.mark.parametrize("via", VIA)
def test_slash_command_answers_in_the_channel_through_response_url(slack, bot, via) -> None:
    fields = slash_command("Hoeveel jeugdigen in Asten?", response_url=slack.api.hook_url("c1"))
    assert slack.command(fields, via=via).status == 200
    slack.settle()
    [hook] = slack.api.of("hook")
    assert hook.params["_hook"] == "c1"
    assert hook.params["response_type"] == "in_channel"
    assert hook.params["text"] == "Antwoord op: Hoeveel jeugdigen in Asten?"
    _, context = bot.asked[0]
    assert context is not None
    assert context.conversation_id == f"slack:{TEAM}:C0CHAN01:command:U0ASKER1"


@pytest.mark.parametrize("via", VIA)
def test_clicking_an_option_asks_its_question_in_the_same_thread(slack, bot, via) -> None:
    root = "1750000010.000100"
    slack.event(mention("Hoeveel jeugdigen in Bergen?", ts=root), via=via)
    slack.settle()
    [clarify] = slack.api.posts()
    option = next(
        e for b in clarify.params["blocks"] if b["type"] == "actions" for e in b["elements"]
    )
    click = block_action(
        option["action_id"],
        option["value"],
        response_url=slack.api.hook_url("a1"),
        message_ts="1800000000.000001",
        thread_ts=clarify.params["thread_ts"],
    )
    assert slack.action(click, via=via).status == 200
    slack.settle()
    assert [q for q, _ in bot.asked] == [
        "Hoeveel jeugdigen in Bergen?",
        "Hoeveel jeugdigen in Bergen (L.)?",
    ]
    first, second = (c.conversation_id for _, c in bot.asked)
    assert first == second  # the choice continues the same conversation
    answer = slack.api.posts()[-1]
    assert answer.params["thread_ts"] == root and answer.params["channel"] == "C0CHAN01"


@pytest.mark.parametrize("via", VIA)
def test_option_click_falls_back_to_response_url_outside_the_bots_channels(slack, bot, via):
    slack.api.fail_next("chat.postMessage", status=200, retry_after=None, error="not_in_channel")
    click = block_action(
        "jeugd_option_0", "Hoeveel jeugdigen in Asten?", response_url=slack.api.hook_url("a2")
    )
    slack.action(click, via=via)
    slack.settle()
    [hook] = slack.api.of("hook")
    assert hook.params["text"] == "Antwoord op: Hoeveel jeugdigen in Asten?"


@pytest.mark.parametrize("via", VIA)
def test_show_query_is_told_privately(slack, bot, via) -> None:
    answer = Answer(kind=Kind.ANSWER, text="x", query="kosten_per_segment", params={"jaar": 2023})
    click = block_action(
        ACTION_SHOW_QUERY, query_button_value(answer), response_url=slack.api.hook_url("q1")
    )
    assert slack.action(click, via=via).status == 200
    slack.settle()
    [hook] = slack.api.of("hook")
    assert hook.params["response_type"] == "ephemeral"
    assert hook.params["replace_original"] is False
    assert "kosten_per_segment" in hook.params["text"] and "jaar = 2023" in hook.params["text"]
    assert bot.asked == []  # showing the query runs nothing


@pytest.mark.parametrize("via", VIA)
def test_feedback_is_recorded_in_the_audit_log(slack, bot, via) -> None:
    slack.event(mention("Hoeveel jeugdigen in Asten?"), via=via)
    slack.settle()
    [post] = slack.api.posts()
    tools = next(b for b in post.params["blocks"] if b.get("block_id") == "jeugd_tools")
    down = next(e for e in tools["elements"] if e["action_id"] == ACTION_FEEDBACK_DOWN)
    up = next(e for e in tools["elements"] if e["action_id"] == ACTION_FEEDBACK_UP)
    slack.action(block_action(up["action_id"], up["value"], response_url=slack.api.hook_url("f")))
    click = block_action(down["action_id"], down["value"], response_url=slack.api.hook_url("f"))
    assert slack.action(click, via=via).status == 200
    slack.settle()
    rows = audit.thumbs_down(path=bot.settings.audit_path())
    assert [r.answer_id for r in rows] == [down["value"]]
    assert [h.params["text"] for h in slack.api.of("hook")] == [FEEDBACK_THANKS] * 2


def test_series_is_uploaded_as_a_chart_in_the_same_thread(slack, bot) -> None:
    slack.event(mention("Hoe ontwikkelde het aantal jeugdigen in Helmond?", ts="1750000020.1"))
    slack.settle(timeout=60)  # the first chart starts the embedded renderer
    [upload] = slack.api.of("upload")
    assert upload.params["bytes"].startswith(b"\x89PNG\r\n\x1a\n")
    [complete] = slack.api.of("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C0CHAN01"
    assert complete.params["thread_ts"] == "1750000020.1"
    assert "Jeugdigen in zorg, Helmond" in complete.params["files"]


def test_real_core_answers_the_published_helmond_figure(tmp_path) -> None:
    """End to end: a signed mention, the real core on the demo marts, the posted reply."""
    settings = Settings(throttle_per_minute=10_000, audit_db=tmp_path / "audit.sqlite")
    bot = RecordingBot(settings, core=shared_core())
    slack = SlackHarness(bot)
    try:
        slack.event(mention("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?"))
        slack.settle(timeout=60)
        [post] = slack.api.posts()
        assert "2.635" in post.params["text"]
        assert "demodata" in str(post.params["blocks"])
    finally:
        slack.close()
