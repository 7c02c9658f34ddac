"""Socket Mode against a local mock socket-mode server (S21-S23).

The bot connects through `apps.connections.open` on the mock Web API, as with Slack. The
scenarios shared with HTTP mode run parametrised in test_slack_delivery.py (S24); here are the
ones only Socket Mode has: envelope acks, replayed envelopes and reconnects.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from bot.config import Settings
from tests.channels.slack_mock import RecordingBot, SlackHarness, canned, dm, mention

SLOW_S = 2.0  # stands in for the checklist's 10 s handler


@pytest.fixture
def bot(tmp_path) -> RecordingBot:
    settings = Settings(throttle_per_minute=10_000, audit_db=tmp_path / "audit.sqlite")
    return RecordingBot(settings, reply=canned)


@pytest.fixture
def slack(bot: RecordingBot) -> Iterator[SlackHarness]:
    harness = SlackHarness(bot, socket=True)
    yield harness
    harness.close()


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


def test_s21_envelope_acked_within_a_second_while_the_handler_is_slow(slack, bot) -> None:
    bot.delay = SLOW_S
    assert slack.sockets is not None
    envelope_id = slack.sockets.send_envelope(mention("Hoeveel jeugdigen in Helmond?"))
    ack_s = slack.sockets.wait_for_ack(envelope_id)
    assert ack_s < 1.0
    _, ack = slack.sockets.acks[envelope_id]
    assert ack == {"envelope_id": envelope_id}  # a SocketModeResponse for the same envelope
    assert slack.api.posts() == []
    slack.api.wait_for("chat.postMessage", 1, timeout=SLOW_S + 5)


def test_s22_replayed_envelope_of_a_processed_event_gets_no_second_reply(slack, bot) -> None:
    payload = dm("Hoeveel jeugdigen in Deurne?")
    slack.event(payload, via="socket")
    slack.settle()
    slack.event(payload, via="socket", retry=1)  # retry_attempt 1, retry_reason "timeout"
    slack.settle()
    assert len(bot.asked) == 1
    assert len(slack.api.posts()) == 1


@pytest.mark.parametrize("how", ["refresh_requested", "dropped"])
def test_s23_reconnects_and_answers_each_event_once(slack, bot, how: str) -> None:
    sockets = slack.sockets
    assert sockets is not None
    before = dm("vraag voor de verbinding wisselt")
    slack.event(before, via="socket")
    slack.settle()
    assert len(slack.api.of("apps.connections.open")) == 1

    if how == "refresh_requested":
        sockets.ask_refresh()
    else:
        sockets.drop()
    sockets.wait_for_connections(2, timeout=15)
    wait_until(lambda: len(slack.api.of("apps.connections.open")) == 2)
    wait_until(lambda: slack.handler is not None and slack.handler.client.is_connected())

    after = dm("vraag na de nieuwe verbinding")
    slack.event(after, via="socket")
    slack.event(before, via="socket", retry=1)  # Slack replays the old event on the new socket
    slack.settle()
    assert [q for q, _ in bot.asked] == [
        "vraag voor de verbinding wisselt",
        "vraag na de nieuwe verbinding",
    ]
    assert len(slack.api.posts()) == 2
