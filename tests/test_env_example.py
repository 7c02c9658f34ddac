"""Issue 14 item 1: `.env.example` copied as `.env` (or passed with `docker run --env-file`,
which exports its empty values as empty strings) must work, and a bad value must stop the
start with one line naming the setting, not a traceback."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.channels.web import create_app
from bot.config import ConfigError, Settings, load_settings
from bot.core import Jeugdbot
from bot.marts.demo import demo_version

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / ".env.example"
PREFIXES = ("JEUGDBOT_", "SLACK_", "TEAMS_")


def example_values() -> dict[str, str]:
    """Every NAME=value line of .env.example, values as written (mostly empty)."""
    values = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name.strip()] = value
    return values


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Jeugdbot/Slack/Teams variable from the outside; the working directory is tmp_path."""
    for name in list(os.environ):
        if name.startswith(PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _assert_example_defaults(settings: Settings) -> None:
    assert settings.marts is None and settings.scopes_file is None
    assert settings.serving_dir is None and settings.audit_db is None
    assert settings.slack_bot_token is None and settings.slack_signing_secret is None
    assert settings.slack_app_token is None
    assert settings.teams_app_id is None and settings.teams_app_password is None
    assert settings.teams_tenant_id is None
    assert settings.cache_dir.name == "jeugdbot"  # the default, not "."
    assert settings.disclosure == "standaard" and settings.max_rows == 500
    assert settings.answer_workers == 2 and settings.query_timeout_s == 2.0


def test_env_example_as_dotenv_loads_with_the_defaults(clean_env: Path) -> None:
    shutil.copy(EXAMPLE, clean_env / ".env")
    _assert_example_defaults(load_settings())


def test_env_example_exported_like_docker_env_file(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`docker run --env-file .env` sets every name, the empty ones to ""."""
    for name, value in example_values().items():
        monkeypatch.setenv(name, value)
    _assert_example_defaults(load_settings())


def test_the_app_builds_with_every_env_example_variable_set(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, demo_marts: Path
) -> None:
    """The suite's own way of building the bot works with .env.example in the environment:
    no Slack or Teams endpoint is mounted from empty values, and the web chat answers."""
    from fastapi.testclient import TestClient

    for name, value in example_values().items():
        monkeypatch.setenv(name, value)
    shutil.copy(EXAMPLE, clean_env / ".env")
    settings = Settings(marts=demo_marts, cache_dir=clean_env / "cache")
    app = create_app(settings, Jeugdbot(settings))
    paths = {getattr(route, "path", "") for route in app.routes}
    assert "/slack/events" not in paths
    with TestClient(app) as client:
        assert client.post("/api/messages", json={}).status_code == 401  # Teams: not configured
        assert client.get("/healthz").status_code == 200
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("JEUGDBOT_MAX_ROWS", "veel"),
        ("JEUGDBOT_QUERY_TIMEOUT_S", "twee"),
        ("JEUGDBOT_DISCLOSURE", "geheim"),
        ("JEUGDBOT_ANSWER_WORKERS", "-1"),
        ("JEUGDBOT_MARTS", "/bestaat/niet.duckdb"),
        ("JEUGDBOT_SCOPES_FILE", "/bestaat/niet.yaml"),
    ],
)
def test_a_bad_value_is_a_config_error_naming_it(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert name in message and "\n" not in message


def test_a_secret_value_is_never_shown_in_the_error(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = secrets.token_hex(16)  # made here, so no secret-like literal sits in the code
    monkeypatch.setenv("SLACK_SIGNING_SECRET", fake)
    monkeypatch.setenv("JEUGDBOT_MAX_ROWS", "veel")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert fake not in str(info.value)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(PREFIXES)}
    env.update(PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(home / "xdg"), **extra)
    return env


CLI = [sys.executable, "-c", "from bot.cli import main; main()"]


def test_serve_starts_with_env_example_copied_as_is(tmp_path: Path, demo_marts: Path) -> None:
    """A real `jeugdbot serve` in a directory whose .env is .env.example unchanged."""
    shutil.copy(EXAMPLE, tmp_path / ".env")
    cache = tmp_path / "xdg" / "jeugdbot"
    cache.mkdir(parents=True)
    # The demo the empty JEUGDBOT_MARTS falls back to, already built (saves the build here).
    shutil.copy(demo_marts, cache / f"demo-marts-{demo_version()}.duckdb")
    port = _free_port()
    proc = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)],
        cwd=tmp_path,
        env=_cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"serve stopped ({proc.returncode}):\n{proc.stdout.read()}")  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    assert r.status == 200
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.mark.parametrize(
    ("name", "value"),
    [("JEUGDBOT_MAX_ROWS", "veel"), ("JEUGDBOT_MARTS", "/bestaat/niet.duckdb")],
)
def test_serve_with_a_bad_value_stops_with_one_line(tmp_path: Path, name: str, value: str) -> None:
    shutil.copy(EXAMPLE, tmp_path / ".env")
    result = subprocess.run(
        [*CLI, "serve", "--port", str(_free_port())],
        cwd=tmp_path,
        env=_cli_env(tmp_path, **{name: value}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0], result.stderr
