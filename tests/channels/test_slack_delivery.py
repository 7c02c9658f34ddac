"""Acks, retries, de-duplication, filtering, escaping and authorisation for Slack (S10-S24, I5, A1,
A4, A5), each run over HTTP and over Socket Mode through the same channel (S24).

One harness serves both transports with one SlackChannel: the same listeners, the same worker
pool and the same de-duplication store, as in a process that runs both. Where the checklist
says the core takes 10 s, a 2 s slow bot makes the same point faster.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator

import pytest

from bot.channels.common import ERROR_TEXT
from bot.channels.slack_gate import REFUSE_FOREIGN
from bot.config import Settings
from bot.models import Answer, Kind
from tests.channels.slack_mock import (
    BOT_ID,
    BOT_USER,
    TEAM,
    RecordingBot,
    SlackHarness,
    canned,
    dm,
    mention,
    shared_core,
    slash_command,
)

VIA = ["http", "socket"]
SLOW_S = 2.0  # stands in for the checklist's 10 s DuckDB query


def make_bot(tmp_path, **kw) -> RecordingBot:
    settings = Settings(throttle_per_minute=10_000, audit_db=tmp_path / "audit.sqlite")
    return RecordingBot(settings, **kw)


@pytest.fixture
def bot(tmp_path) -> RecordingBot:
    """The real core behind a recording spy (warmed up here, outside any timing)."""
    return make_bot(tmp_path, core=shared_core())


@pytest.fixture
def fast_bot(tmp_path) -> RecordingBot:
    """Instant scripted answers, for tests that time the channel rather than the core."""
    return make_bot(tmp_path, reply=canned)


@pytest.fixture
def fast_slack(fast_bot: RecordingBot) -> Iterator[SlackHarness]:
    harness = SlackHarness(fast_bot, socket=True)
    yield harness
    harness.close()


@pytest.fixture
def slack(bot: RecordingBot) -> Iterator[SlackHarness]:
    harness = SlackHarness(bot, socket=True)
    yield harness
    harness.close()


def echo(question: str) -> Answer:
    """An answer that repeats the user's words, as the core does for an unknown name."""
    return Answer(kind=Kind.CLARIFY, text=f"Ik ken geen gemeente '{question}'. Bedoel je Asten?")


# -- S10, S21: ack at once, answer later ---------------------------------------------------------


@pytest.mark.parametrize("via", VIA)
def test_s10_s21_slow_core_is_acked_fast_and_answered_later(tmp_path, via: str) -> None:
    bot = make_bot(tmp_path, delay=SLOW_S, reply=canned)
    slack = SlackHarness(bot, socket=True)
    try:
        delivery = slack.event(mention("Hoeveel jeugdigen in Helmond?"), via=via)
        assert delivery.status == 200
        assert delivery.ack_s < (0.5 if via == "http" else 1.0)
        assert slack.api.posts() == []  # the answer is not there yet ...
        post = slack.api.wait_for("chat.postMessage", 1, timeout=SLOW_S + 5)[0]
        assert post.params["channel"] == "C0CHAN01"  # ... and arrives after the slow core
    finally:
        slack.close()


# -- S11, S12, S13, S14, S22: each event answered exactly once -----------------------------------


@pytest.mark.parametrize("via", VIA)
def test_s11_s22_retries_of_one_event_give_one_answer(slack, bot, via: str) -> None:
    payload = mention("Hoeveel jeugdigen in Helmond?")
    statuses = [slack.event(payload, via=via, retry=n).status for n in (0, 1, 2)]
    assert statuses == [200, 200, 200]
    slack.settle()
    assert len(bot.asked) == 1
    assert len(slack.api.posts()) == 1


@pytest.mark.parametrize("via", VIA)
def test_s12_concurrent_duplicates_give_one_answer(slack, bot, via: str) -> None:
    payload = mention("Hoeveel jeugdigen in Helmond?")
    start = threading.Barrier(3)
    results: list[int] = []

    def deliver(retry: int) -> None:
        start.wait()
        results.append(slack.event(payload, via=via, retry=retry).status)

    threads = [threading.Thread(target=deliver, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200, 200, 200]
    slack.settle()
    assert len(bot.asked) == 1
    assert len(slack.api.posts()) == 1


@pytest.mark.parametrize("via", VIA)
def test_s13_mention_and_message_of_one_dm_give_one_answer(slack, bot, via: str) -> None:
    ts = "1750000001.000100"
    as_mention = mention("Hoeveel jeugdigen in Deurne?", channel="D0DIRECT1", ts=ts)
    as_message = dm(f"<@{BOT_USER}> Hoeveel jeugdigen in Deurne?", ts=ts)
    assert as_mention["event_id"] != as_message["event_id"]
    assert slack.event(as_mention, via=via).status == 200
    assert slack.event(as_message, via=via).status == 200
    slack.settle()
    assert [q for q, _ in bot.asked] == ["Hoeveel jeugdigen in Deurne?"]
    assert len(slack.api.posts()) == 1


@pytest.mark.parametrize("via", VIA)
def test_s14_retry_whose_first_delivery_was_lost_is_answered(slack, bot, via: str) -> None:
    assert slack.event(mention("Hoeveel jeugdigen in Asten?"), via=via, retry=1).status == 200
    slack.settle()
    assert len(bot.asked) == 1
    assert len(slack.api.posts()) == 1


def test_s24_http_and_socket_share_one_store(slack, bot) -> None:
    """An event first seen over HTTP and replayed over Socket Mode is still answered once."""
    payload = mention("Hoeveel jeugdigen in Asten?")
    assert slack.event(payload, via="http").status == 200
    assert slack.event(payload, via="socket", retry=1).status == 200
    slack.settle()
    assert len(bot.asked) == 1
    assert len(slack.api.posts()) == 1


# -- S16: errors after the ack --------------------------------------------------------------------


@pytest.mark.parametrize("via", VIA)
def test_s16_core_failure_after_ack_is_a_dutch_reply_not_a_5xx(tmp_path, via: str) -> None:
    bot = make_bot(tmp_path, fail=True)
    slack = SlackHarness(bot, socket=True)
    try:
        assert slack.event(mention("Hoeveel jeugdigen in Helmond?"), via=via).status == 200
        slack.settle()
        [post] = slack.api.posts()
        assert post.params["text"] == ERROR_TEXT
        assert "geheim.sql" not in str(post.params) and "/srv" not in str(post.params)
    finally:
        slack.close()


@pytest.mark.parametrize("via", VIA)
def test_s16_web_api_failure_after_ack_stays_quiet(slack, bot, via: str) -> None:
    slack.api.fail_next("chat.postMessage", status=500, retry_after=None)
    assert slack.event(mention("Hoeveel jeugdigen in Helmond?"), via=via).status == 200
    slack.settle()
    assert slack.api.of("chat.postMessage!") and slack.api.posts() == []
    # the channel keeps working afterwards
    assert slack.event(mention("Hoeveel jeugdigen in Asten?"), via=via).status == 200
    slack.settle()
    assert len(slack.api.posts()) == 1


@pytest.mark.parametrize("via", VIA)
def test_s16_event_nobody_listens_to_is_acked(slack, bot, via: str) -> None:
    payload = mention("x")
    payload["event"] = {"type": "reaction_added", "user": "U0ASKER1", "reaction": "thumbsup"}
    delivery = slack.event(payload, via=via)
    assert delivery.status == 200  # over Socket Mode: the envelope was acknowledged
    slack.settle()
    assert bot.asked == [] and slack.api.traffic() == []


# -- S17: a saturated pool does not delay acks ----------------------------------------------------


@pytest.mark.parametrize("via", VIA)
def test_s17_slash_command_acks_while_five_slow_answers_run(tmp_path, via: str) -> None:
    bot = make_bot(tmp_path, delay=SLOW_S, reply=canned)
    slack = SlackHarness(bot, socket=True)
    try:
        for i in range(5):
            event = mention(f"vraag {i}", channel=f"C0SLOW{i:03d}")
            assert slack.event(event, via=via).status == 200
        command = slash_command("Hoeveel jeugdigen in Helmond?", response_url=slack.api.hook_url())
        delivery = slack.command(command, via=via)
        assert delivery.status == 200
        assert delivery.ack_s < 3.0  # the checklist's bound; typically a few milliseconds
        slack.settle(timeout=5 * SLOW_S + 10)
        assert len(bot.asked) == 6
        [hook] = slack.api.of("hook")
        assert hook.params["response_type"] == "in_channel"
    finally:
        slack.close()


# -- S18: no answers to bots, edits or ourselves --------------------------------------------------


@pytest.mark.parametrize("via", VIA)
@pytest.mark.parametrize(
    "extra",
    [
        {"user": BOT_USER, "bot_id": BOT_ID},  # our own reply in the DM
        {"subtype": "bot_message", "bot_id": "BOTHER01", "user": None},
        {"subtype": "message_changed", "message": {"text": "Hoeveel in Helmond?"}},
        {"subtype": "message_deleted"},
        {"subtype": "channel_join"},
    ],
    ids=["own", "bot_message", "message_changed", "message_deleted", "channel_join"],
)
def test_s18_own_bot_and_changed_messages_get_no_reply(slack, bot, via: str, extra: dict) -> None:
    payload = dm("Hoeveel jeugdigen in Helmond?", event_extra=extra)
    assert slack.event(payload, via=via).status == 200
    slack.settle()
    assert bot.asked == []
    assert slack.api.traffic() == []


@pytest.mark.parametrize("via", VIA)
def test_s18_messages_in_channels_without_mention_are_not_for_us(slack, bot, via: str) -> None:
    payload = dm("Hoeveel jeugdigen in Helmond?", channel="C0CHAN01")
    payload["event"]["channel_type"] = "channel"
    assert slack.event(payload, via=via).status == 200
    slack.settle()
    assert bot.asked == [] and slack.api.traffic() == []


# -- S19, S20: outbound rate limits ---------------------------------------------------------------


@pytest.mark.parametrize("via", VIA)
def test_s19_rate_limited_post_waits_retry_after_and_is_delivered_once(fast_slack, via) -> None:
    slack = fast_slack
    slack.api.fail_next("chat.postMessage", status=429, retry_after=2)
    assert slack.event(mention("Hoeveel jeugdigen in Helmond?"), via=via).status == 200
    slack.settle()
    [refused] = slack.api.of("chat.postMessage!")
    [delivered] = slack.api.posts()
    assert delivered.at - refused.at >= 2.0
    assert delivered.params["text"] == "Antwoord op: Hoeveel jeugdigen in Helmond?"


@pytest.mark.parametrize("via", VIA)
def test_s20_answers_in_one_channel_are_spaced_a_second_apart(fast_slack, via: str) -> None:
    slack = fast_slack
    for i in range(4):
        assert slack.event(mention(f"vraag {i}", channel="C0BUSY001"), via=via).status == 200
    slack.event(mention("andere vraag", channel="C0QUIET01"), via=via)
    slack.settle()
    busy = sorted(c.at for c in slack.api.posts() if c.params["channel"] == "C0BUSY001")
    assert len(busy) == 4
    gaps = [b - a for a, b in itertools.pairwise(busy)]
    assert min(gaps) >= 0.95, gaps  # one slot per second; arrival jitter of a few ms
    quiet = [c.at for c in slack.api.posts() if c.params["channel"] == "C0QUIET01"]
    assert quiet and quiet[0] < busy[-1]  # another channel does not wait for the busy one
    assert slack.api.of("chat.postMessage!") == []  # no 429s at all


@pytest.mark.parametrize("via", VIA)
def test_s20_pacing_does_not_hold_the_answer_workers(tmp_path, via: str) -> None:
    """Waiting for a busy channel's send slot happens in the send pool: with two answer
    workers, six questions in one channel are all answered long before their paced replies
    have gone out, so other channels' questions are not stuck behind the pace."""
    bot = make_bot(tmp_path, reply=canned)
    slack = SlackHarness(bot, socket=True, max_concurrent_queries=2)
    try:
        for i in range(6):
            assert slack.event(mention(f"vraag {i}", channel="C0BUSY001"), via=via).status == 200
        deadline = time.monotonic() + 10
        while len(bot.asked) < 6 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(bot.asked) == 6
        assert len(slack.api.posts()) < 4  # the paced replies are still going out
        slack.settle()
        assert len(slack.api.posts()) == 6
    finally:
        slack.close()


# -- I5, A1: escaping and reply destination -------------------------------------------------------


@pytest.mark.parametrize("via", VIA)
def test_i5_user_text_cannot_mention_or_link(tmp_path, via: str) -> None:
    bot = make_bot(tmp_path, reply=echo)
    slack = SlackHarness(bot, socket=True)
    nasty = "<!channel> <!everyone> <@U123> <https://evil.example|klik> & co"
    try:
        slack.event(mention(nasty), via=via)
        slack.settle()
        [post] = slack.api.posts()
        visible = post.params["text"] + str(post.params["blocks"])
        for raw in ("<!channel>", "<!everyone>", "<@U123>", "<https://evil.example|klik>"):
            assert raw not in visible
        assert "&lt;!channel&gt;" in post.params["text"]
        assert "&lt;@U123&gt;" in post.params["text"]
        assert "&amp; co" in post.params["text"]
        assert bot.asked[0][0] == nasty  # the core saw what the user typed
    finally:
        slack.close()


@pytest.mark.parametrize("via", VIA)
def test_a1_reply_goes_to_the_verified_channel_and_thread_only(slack, bot, via: str) -> None:
    text = "stuur dit naar <#C0SECRET1|geheim> en C0SECRET1, thread_ts=1.2"
    event = mention(text, channel="C0CHAN01", ts="1750000002.000200")
    slack.event(event, via=via)
    slack.settle()
    [post] = slack.api.posts()
    assert post.params["channel"] == "C0CHAN01"
    assert post.params["thread_ts"] == "1750000002.000200"


@pytest.mark.parametrize("via", VIA)
def test_replies_in_threads_and_dms(slack, bot, via: str) -> None:
    in_thread = mention("vraag", channel="C0CHAN01", event_extra={"thread_ts": "1750000000.000001"})
    slack.event(in_thread, via=via)
    slack.event(dm("vraag", channel="D0DIRECT2"), via=via)
    slack.settle()
    where = {c.params["channel"]: c.params.get("thread_ts") for c in slack.api.posts()}
    assert where == {"C0CHAN01": "1750000000.000001", "D0DIRECT2": None}


# -- A4: conversation context ---------------------------------------------------------------------


@pytest.mark.parametrize("via", VIA)
def test_a4_context_is_per_team_channel_thread_and_user(slack, bot, via: str) -> None:
    root = "1750000003.000300"
    slack.event(mention("Hoeveel in Helmond?", ts=root, user="U0ALICE01"), via=via)
    thread = {"thread_ts": root}
    slack.event(mention("en in 2022?", user="U0ALICE01", event_extra=thread), via=via)
    slack.event(mention("en in 2022?", user="U0BOB0001", event_extra=thread), via=via)
    slack.event(mention("en in 2022?", user="U0ALICE01", channel="C0OTHER01"), via=via)
    slack.settle()
    ids = {q_ctx[1].conversation_id for q_ctx in bot.asked}
    first, alice_followup, bob, other_channel = (c.conversation_id for _, c in bot.asked)
    assert first == alice_followup == f"slack:{TEAM}:C0CHAN01:{root}:U0ALICE01"
    assert bob == f"slack:{TEAM}:C0CHAN01:{root}:U0BOB0001"
    assert other_channel.startswith(f"slack:{TEAM}:C0OTHER01:")
    assert len(ids) == 3
    assert all(c.channel == "slack" and c.user for _, c in bot.asked)


@pytest.mark.parametrize("via", VIA)
def test_a4_a_dm_is_one_conversation(slack, bot, via: str) -> None:
    slack.event(dm("Hoeveel in Helmond?"), via=via)
    slack.event(dm("en in 2022?"), via=via)
    slack.settle()
    first, second = (c.conversation_id for _, c in bot.asked)
    assert first == second == f"slack:{TEAM}:D0DIRECT1:im:U0ASKER1"


# -- A5: only our own workspace -------------------------------------------------------------------


@pytest.mark.parametrize("via", VIA)
@pytest.mark.parametrize(
    "variant", ["shared channel", "foreign authorization", "foreign user team", "foreign team"]
)
def test_a5_foreign_workspaces_are_refused(slack, bot, via: str, variant: str) -> None:
    payload = mention("Hoeveel jeugdigen in Helmond?")
    if variant == "shared channel":
        payload["is_ext_shared_channel"] = True
    elif variant == "foreign authorization":
        payload["authorizations"].append({"team_id": "T0OTHER01", "user_id": "U0X"})
    elif variant == "foreign user team":
        payload["event"]["user_team"] = "T0OTHER01"
    else:
        payload["team_id"] = "T0OTHER01"
    assert slack.event(payload, via=via).status == 200
    slack.settle()
    assert bot.asked == []  # the core never saw the question: no query
    [post] = slack.api.posts()
    assert post.params["text"] == REFUSE_FOREIGN


def test_a5_without_configured_teams_the_first_workspace_is_pinned(bot) -> None:
    slack = SlackHarness(bot, slack_team_ids="")
    try:
        slack.event(mention("Hoeveel jeugdigen in Helmond?"))
        foreign = mention("Hoeveel jeugdigen in Helmond?", team="T0OTHER01", user_team="T0OTHER01")
        slack.event(foreign)
        slack.settle()
        assert len(bot.asked) == 1
        texts = [c.params["text"] for c in slack.api.posts()]
        assert texts.count(REFUSE_FOREIGN) == 1
    finally:
        slack.close()


# -- scope ----------------------------------------------------------------------------------------


def test_channel_scope_from_the_scopes_file_reaches_the_core(bot, tmp_path) -> None:
    scopes = tmp_path / "scopes.yaml"
    scopes.write_text(f"default: all\nslack:\n  {TEAM}:\n    C0CHAN01: [GM0794]\n")
    slack = SlackHarness(bot, scopes_file=scopes)
    try:
        slack.event(mention("Hoeveel jeugdigen in Helmond?", channel="C0CHAN01"))
        slack.event(mention("Hoeveel jeugdigen in Helmond?", channel="C0CHAN02"))
        slack.settle()
        assert [c.scope for _, c in bot.asked] == [frozenset({"GM0794"}), None]
    finally:
        slack.close()
