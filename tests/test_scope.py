"""Access scopes per Slack workspace/channel and Teams tenant/team (A2, A5)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.channels.web import create_app
from bot.config import Settings
from bot.core import Jeugdbot
from bot.scope import load_scopes, scope_for

SCOPES = """
default: [GM0794, GM0820]
web: all
slack:
  T_REGIO:
    "*": all
    C_HELMOND: [GM0794]
  T_DEURNE: [GM0762]
  T_LEEG: []
teams:
  tenant-a:
    "*": [GM0753]
    "19:team-b@thread.tacv2": [gm0753, GM0794]
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    path = tmp_path / "scopes.yaml"
    path.write_text(SCOPES, encoding="utf-8")
    return Settings(_env_file=None, cache_dir=tmp_path, scopes_file=path)


def test_without_a_scopes_file_everyone_sees_the_whole_monitor(tmp_path: Path) -> None:
    assert scope_for("slack", "T1", "C1", Settings(_env_file=None, cache_dir=tmp_path)) is None


@pytest.mark.parametrize(
    ("platform", "team", "channel", "expected"),
    [
        ("web", None, None, None),
        ("slack", "T_REGIO", "C_ANDERS", None),
        ("slack", "T_REGIO", "C_HELMOND", {"GM0794"}),
        ("slack", "T_DEURNE", "C_X", {"GM0762"}),
        ("slack", "T_LEEG", "C_X", set()),
        ("slack", "T_ONBEKEND", "C_X", {"GM0794", "GM0820"}),
        ("teams", "tenant-a", None, {"GM0753"}),
        ("teams", "tenant-a", "19:team-b@thread.tacv2", {"GM0753", "GM0794"}),
        ("teams", "tenant-z", "x", {"GM0794", "GM0820"}),
        ("cli", None, None, {"GM0794", "GM0820"}),
    ],
)
def test_most_specific_entry_wins(settings, platform, team, channel, expected) -> None:
    scope = scope_for(platform, team, channel, settings)
    assert scope == (None if expected is None else frozenset(expected))


def test_an_empty_list_means_nothing_not_everything(settings: Settings) -> None:
    scope = scope_for("slack", "T_LEEG", None, settings)
    assert scope is not None and len(scope) == 0


@pytest.mark.parametrize(
    "content",
    ["default: [Helmond]", "slack:\n  T1:\n    C1: [GM79]", "unknown_key: all", "- GM0794"],
)
def test_a_bad_scopes_file_stops_the_start(tmp_path: Path, content: str) -> None:
    path = tmp_path / "scopes.yaml"
    path.write_text(content, encoding="utf-8")
    settings = Settings(_env_file=None, cache_dir=tmp_path, scopes_file=path)
    with pytest.raises(ValueError):
        create_app(settings, Jeugdbot(settings))


def test_a_missing_scopes_file_stops_the_start(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, cache_dir=tmp_path, scopes_file=tmp_path / "nope.yaml")
    with pytest.raises(FileNotFoundError):
        create_app(settings, Jeugdbot(settings))


def test_changes_on_disk_are_picked_up(settings: Settings) -> None:
    path = settings.scopes_file
    assert path is not None
    assert scope_for("web", None, None, settings) is None
    path.write_text("default: all\nweb: [GM0794]\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 5))
    assert scope_for("web", None, None, settings) == frozenset({"GM0794"})
    assert load_scopes(path).default == "all"
