"""Slack request signing and url_verification (checklist S1-S9, and S16's unprocessable payloads).

Requests are signed exactly as Slack signs them and sent over real HTTP through FastAPI's
TestClient to /slack/events; replies go to the local mock of the Web API.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Iterator

import pytest
from freezegun import freeze_time
from slack_bolt.middleware.request_verification import RequestVerification

from bot.channels.slack import SlackChannel, mount_slack
from bot.channels.slack_verify import SlackConfigError, SlackSignature
from bot.config import Settings
from tests.channels.slack_mock import (
    SECRET,
    RecordingBot,
    SlackHarness,
    mention,
    sign,
    signed_headers,
)
from tests.fake_secrets import BOT_TOKEN, SIGNING_SECRET, WRONG_SIGNING_SECRET

# A vector in the shape of Slack's documented example (a slash command, form-encoded), with
# fake values and a signing secret made at test time (tests/fake_secrets.py). The expected
# signature is Slack's documented formula written out with the standard library, not with the
# code under test; OpenSSL gives the same:
#   printf 'v0:%s:%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET"
VECTOR_SECRET = SIGNING_SECRET
VECTOR_TS = "1531420618"
VECTOR_BODY = (
    b"token=not-a-token&team_id=T0EXAMPLE&team_domain=example&"
    b"channel_id=C0EXAMPLE&channel_name=foobar&user_id=U0EXAMPLE&user_name=roadrunner&"
    b"command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fexample.invalid%2Fcommands"
    b"%2F1&trigger_id=1.2.example"
)
VECTOR_SIGNATURE = (
    "v0="
    + hmac.new(
        VECTOR_SECRET.encode(), b"v0:" + VECTOR_TS.encode() + b":" + VECTOR_BODY, hashlib.sha256
    ).hexdigest()
)
NOW = 1_750_000_000  # a fixed "now" for the frozen-clock tests


@pytest.fixture
def bot(tmp_path) -> RecordingBot:
    return RecordingBot(Settings(throttle_per_minute=10_000, audit_db=tmp_path / "audit.sqlite"))


@pytest.fixture
def slack(bot: RecordingBot) -> Iterator[SlackHarness]:
    harness = SlackHarness(bot)
    yield harness
    harness.close()


def body_of(payload: dict) -> bytes:
    return json.dumps(payload).encode()


def assert_nothing_happened(slack: SlackHarness, bot: RecordingBot) -> None:
    """No handler, no question to the core, no outbound call."""
    slack.settle()
    assert bot.asked == []
    assert slack.api.calls == []


def test_s1_valid_signature_is_answered_once(slack: SlackHarness, bot: RecordingBot) -> None:
    delivery = slack.event(mention("Hoeveel jeugdigen in Helmond?"))
    assert delivery.status == 200
    slack.settle()
    assert [q for q, _ in bot.asked] == ["Hoeveel jeugdigen in Helmond?"]
    assert len(slack.api.posts()) == 1


def test_s2_independent_vector_signs_as_openssl_does() -> None:
    assert SlackSignature(VECTOR_SECRET).sign(VECTOR_TS, VECTOR_BODY) == VECTOR_SIGNATURE
    assert sign(VECTOR_BODY, VECTOR_TS, VECTOR_SECRET) == VECTOR_SIGNATURE


def test_s2_test_vector_verifies_with_frozen_clock_and_not_with_real_clock(bot) -> None:
    slack = SlackHarness(bot, slack_signing_secret=VECTOR_SECRET)
    headers = {
        "X-Slack-Request-Timestamp": VECTOR_TS,
        "X-Slack-Signature": VECTOR_SIGNATURE,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    try:
        with freeze_time("2018-07-12 18:36:58"):  # 1531420618
            assert int(time.time()) == int(VECTOR_TS)
            # the command is not ours (/webhook-collect): verified, acknowledged, ignored
            assert slack.post_raw(VECTOR_BODY, headers).status == 200
        assert slack.post_raw(VECTOR_BODY, headers).status == 401  # years too old
        assert_nothing_happened(slack, bot)
    finally:
        slack.close()


def test_s3_wrong_secret_is_refused_without_any_work(slack, bot) -> None:
    body = body_of(mention("Hoeveel jeugdigen in Helmond?"))
    delivery = slack.post_raw(body, signed_headers(body, secret=WRONG_SIGNING_SECRET))
    assert delivery.status == 401
    assert_nothing_happened(slack, bot)


@pytest.mark.parametrize(("offset", "status"), [(-301, 401), (-299, 200), (299, 200), (301, 401)])
def test_s4_timestamp_window_is_five_minutes(slack, bot, offset: int, status: int) -> None:
    body = body_of(mention("Hoeveel jeugdigen in Helmond?"))
    with freeze_time(time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(NOW))):
        delivery = slack.post_raw(body, signed_headers(body, timestamp=NOW + offset))
    assert delivery.status == status
    slack.settle()
    assert len(bot.asked) == (1 if status == 200 else 0)


def test_s5_tampered_body_is_refused(slack, bot) -> None:
    payload = mention("Hoeveel jeugdigen in Helmond?")
    body = body_of(payload)
    headers = signed_headers(body)
    tampered = body.replace(b"Helmond", b"Helmone")
    assert slack.post_raw(tampered, headers).status == 401
    reserialised = json.dumps(payload, indent=1).encode()  # same JSON, other whitespace
    assert json.loads(reserialised) == payload
    assert slack.post_raw(reserialised, headers).status == 401
    assert_nothing_happened(slack, bot)


@pytest.mark.parametrize(
    "change",
    ["no signature", "no timestamp", "v1 prefix", "empty signature", "short", "long", "upper"],
)
def test_s6_malformed_signature_headers_get_401(slack, bot, change: str) -> None:
    body = body_of(mention("Hoeveel jeugdigen in Helmond?"))
    headers = signed_headers(body)
    good = headers["X-Slack-Signature"]
    if change == "no signature":
        del headers["X-Slack-Signature"]
    elif change == "no timestamp":
        del headers["X-Slack-Request-Timestamp"]
    elif change == "v1 prefix":
        headers["X-Slack-Signature"] = "v1=" + good[3:]
    elif change == "empty signature":
        headers["X-Slack-Signature"] = ""
    elif change == "short":
        headers["X-Slack-Signature"] = good[:-1]
    elif change == "long":
        headers["X-Slack-Signature"] = good + "0"
    elif change == "upper":
        headers["X-Slack-Signature"] = "v0=" + good[3:].upper()
    assert slack.post_raw(body, headers).status == 401
    assert_nothing_happened(slack, bot)


@pytest.mark.parametrize(
    "timestamp",
    ["abc", "", " ", "1531420618.5", "1e9", "-1", "+1750000000", "1" * 1000, "٣٤٥", "0x10"],
)
def test_s7_odd_timestamps_get_401_not_500(slack, bot, timestamp: str) -> None:
    body = body_of(mention("Hoeveel jeugdigen in Helmond?"))
    headers = {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": "v0=" + "0" * 64,
        "Content-Type": "application/json",
    }
    if timestamp.isascii():  # a signature that is correct for the odd timestamp
        headers["X-Slack-Signature"] = sign(body, timestamp)
    else:  # Arabic-Indic digits: int() would accept them, Slack never sends them
        headers["X-Slack-Request-Timestamp"] = timestamp.encode()  # type: ignore[assignment]
    assert slack.post_raw(body, headers).status == 401
    assert_nothing_happened(slack, bot)


@pytest.mark.parametrize("secret", ["", " ", "\t\n"])
def test_s8_blank_signing_secret_fails_at_start_up(bot, secret: str) -> None:
    from fastapi import FastAPI

    settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=secret)
    with pytest.raises(SlackConfigError):
        mount_slack(FastAPI(), bot, settings)
    with pytest.raises(SlackConfigError):  # Socket Mode may omit it, but not set it blank
        SlackChannel(bot, settings, http=False)


def test_s8_the_web_app_does_not_start_with_a_blank_secret(bot) -> None:
    from bot.channels.web import create_app

    settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=" ")
    with pytest.raises(SlackConfigError):
        create_app(settings, bot)


def test_s8_request_verification_cannot_be_switched_off_by_config(bot) -> None:
    # No setting names Bolt's verification switch, so configuration cannot reach it ...
    assert not [name for name in Settings.model_fields if "verif" in name]
    # ... and every channel, HTTP or Socket Mode only, runs Bolt's RequestVerification.
    for http, secret in ((True, SECRET), (False, None)):
        settings = Settings(slack_bot_token=BOT_TOKEN, slack_signing_secret=secret)
        channel = SlackChannel(bot, settings, http=http)
        try:
            assert any(isinstance(m, RequestVerification) for m in channel.app._middleware_list)
        finally:
            channel.close()


def test_s9_url_verification_echoes_the_challenge_only_when_signed(slack, bot) -> None:
    payload = {
        "token": "x",
        "challenge": secrets.token_urlsafe(39),  # Slack's shape; random, so no token-like literal
        "type": "url_verification",
    }
    body = body_of(payload)
    response = slack.http.post("/slack/events", content=body, headers=signed_headers(body))
    assert response.status_code == 200
    assert response.json() == {"challenge": payload["challenge"]}
    bad = slack.http.post(
        "/slack/events", content=body, headers=signed_headers(body, secret=WRONG_SIGNING_SECRET)
    )
    assert bad.status_code == 401
    assert "challenge" not in bad.text
    assert_nothing_happened(slack, bot)


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe\x00garbage", b'{"type": 42}'])
def test_s16_unprocessable_signed_payload_gets_no_5xx(slack, bot, body: bytes) -> None:
    delivery = slack.post_raw(body, signed_headers(body))
    assert delivery.status == 200 or (
        400 <= delivery.status < 500 and delivery.headers.get("x-slack-no-retry") == "1"
    )
    assert_nothing_happened(slack, bot)


def test_huge_body_is_refused_before_parsing(slack, bot) -> None:
    body = b'{"type": "event_callback", "x": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    delivery = slack.post_raw(body, signed_headers(body))
    assert delivery.status == 413
    assert_nothing_happened(slack, bot)
