"""Slack inside the whole web app (create_app), the logs it leaves (A6), oversized questions
(I1) and Socket Mode start-up checks."""

from __future__ import annotations

import json
import logging
import time

import pytest
from fastapi.testclient import TestClient

from bot.channels.slack import run_socket_mode
from bot.channels.slack_verify import SlackConfigError
from bot.channels.web import create_app
from bot.config import Settings
from tests.channels.slack_mock import (
    SECRET,
    TEAM,
    MockSlackAPI,
    RecordingBot,
    mention,
    shared_core,
    signed_headers,
)
from tests.fake_secrets import APP_TOKEN, BOT_TOKEN


@pytest.fixture
def api():
    mock = MockSlackAPI()
    yield mock
    mock.close()


def slack_settings(api: MockSlackAPI, tmp_path, **extra) -> Settings:
    return Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SECRET,
        slack_api_url=api.api_url,
        slack_team_ids=TEAM,
        audit_db=tmp_path / "audit.sqlite",
        throttle_per_minute=10_000,
        **extra,
    )


def post(client: TestClient, payload: dict):
    body = json.dumps(payload).encode()
    started = time.monotonic()
    response = client.post("/slack/events", content=body, headers=signed_headers(body))
    return response, time.monotonic() - started


def test_create_app_mounts_slack_next_to_the_rest(api, tmp_path, caplog) -> None:
    settings = slack_settings(api, tmp_path)
    bot = RecordingBot(settings, core=shared_core())
    app = create_app(settings, bot)
    question = "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?"
    caplog.set_level(logging.INFO)
    with TestClient(app) as client:
        response, _ = post(client, mention(question))
        assert response.status_code == 200
        assert client.get("/healthz").status_code == 200
        assert app.state.slack.drain(60)
    [reply] = api.posts()
    assert "2.635" in reply.params["text"]
    assert reply.params["_auth"] == f"Bearer {BOT_TOKEN}"
    # A6: the logs hold ids and timings, not what was asked, and never a secret.
    assert "jeugdigen hadden in 2023 jeugdhulp" not in caplog.text
    assert BOT_TOKEN not in caplog.text and SECRET not in caplog.text
    assert any("channel=slack" in r.getMessage() for r in caplog.records)


def test_i1_huge_question_is_acked_fast_and_gets_a_short_reply(api, tmp_path) -> None:
    settings = slack_settings(api, tmp_path)
    bot = RecordingBot(settings, core=shared_core())
    app = create_app(settings, bot)
    with TestClient(app) as client:
        response, ack_s = post(client, mention("Helmond " * 5000))  # 40.000 characters
        assert response.status_code == 200
        assert ack_s < 0.5
        assert app.state.slack.drain(30)
    [reply] = api.posts()
    assert "te lang" in reply.params["text"]
    assert len(json.dumps(reply.params)) < 5000


def test_socket_mode_needs_an_app_token_and_a_bot_token(api, tmp_path) -> None:
    bot = RecordingBot(Settings(audit_db=tmp_path / "a.sqlite"))
    no_app_token = Settings(
        slack_bot_token=BOT_TOKEN, slack_app_token=None, slack_api_url=api.api_url
    )
    with pytest.raises(SlackConfigError):
        run_socket_mode(no_app_token, bot)
    no_bot_token = Settings(
        slack_bot_token=None, slack_app_token=APP_TOKEN, slack_api_url=api.api_url
    )
    with pytest.raises(SlackConfigError):
        run_socket_mode(no_bot_token, bot)
    assert api.calls == []  # failed before any connection attempt
