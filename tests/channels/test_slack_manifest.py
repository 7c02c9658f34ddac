"""The Slack app manifest creates the app the channel expects, and docs/slack.md matches it."""

from __future__ import annotations

import yaml

from bot.channels.slack import EVENTS_PATH, SLASH_COMMAND
from bot.paths import ROOT


def manifest() -> dict:
    return yaml.safe_load((ROOT / "slack" / "manifest.yml").read_text(encoding="utf-8"))


def test_scopes_events_command_and_interactivity() -> None:
    m = manifest()
    assert set(m["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read",
        "chat:write",
        "commands",
        "files:write",
        "im:history",
        "im:read",
        "im:write",
    }
    settings = m["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is False
    [command] = m["features"]["slash_commands"]
    assert command["command"] == SLASH_COMMAND
    urls = [
        command["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    ]
    assert all(u.startswith("https://") and u.endswith(EVENTS_PATH) for u in urls)
    assert m["features"]["app_home"]["messages_tab_enabled"] is True  # DMs to the bot


def test_within_slacks_manifest_limits() -> None:
    info = manifest()["display_information"]
    assert len(info["name"]) <= 35
    assert len(info["description"]) <= 140
    assert 175 <= len(info["long_description"]) <= 4000
    assert len(manifest()["features"]["bot_user"]["display_name"]) <= 80


def test_setup_guide_names_the_settings_the_code_reads() -> None:
    guide = (ROOT / "docs" / "slack.md").read_text(encoding="utf-8")
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "JEUGDBOT_SLACK_TEAM_IDS",
        "slack/manifest.yml",
        "jeugdbot slack --socket",
    ):
        assert name in guide
