"""Fake credentials for the tests, made when the tests start.

Random values instead of literals: no secret-shaped string lives in the repository (a secret
scanner cannot tell a fake literal from a leaked one), and a test that finds one of these in a
log or an error message has found a real leak path, since nothing else can contain them."""

from __future__ import annotations

import secrets


def _fake() -> str:
    return secrets.token_hex(16)


SIGNING_SECRET = _fake()  # Slack signing secret
WRONG_SIGNING_SECRET = _fake()  # a secret other than the app's, for rejected signatures
BOT_TOKEN = _fake()  # Slack bot token
APP_TOKEN = _fake()  # Slack app-level token (Socket Mode)
TEAMS_APP_PASSWORD = _fake()  # Bot Framework app password
TEAMS_ACCESS_TOKEN = _fake()  # the token the mocked Bot Framework login hands out
