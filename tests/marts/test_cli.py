"""`jeugdbot marts build|check|info` through the real CLI app."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A clean environment: no configured marts, a private cache."""
    from bot.config import get_settings

    monkeypatch.delenv("JEUGDBOT_MARTS", raising=False)
    monkeypatch.setenv("JEUGDBOT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)  # no .env file here
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_build_check_info(tmp_path: Path) -> None:
    out = tmp_path / "demo.duckdb"
    result = runner.invoke(app, ["marts", "build", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Demo-marts gebouwd" in result.output
    assert out.is_file()

    result = runner.invoke(app, ["marts", "check", str(out)])
    assert result.exit_code == 0, result.output
    assert "In orde" in result.output

    result = runner.invoke(app, ["marts", "info", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for expected in (
        "peildatum: 2025-06-30",
        "bron: demo",
        "fact_traject",
        "Helmond",
        "gemeenten in de monitor (11)",
        "2021-01-01 t/m 2025-06-01",
    ):
        assert expected in text


def test_check_fails_with_the_violation(demo_marts: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.duckdb"
    shutil.copy(demo_marts, broken)
    con = duckdb.connect(str(broken))
    con.execute("ALTER TABLE fact_traject DROP COLUMN verwijzer")
    con.close()
    result = runner.invoke(app, ["marts", "check", str(broken)])
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "fact_traject.verwijzer" in text and "kolom ontbreekt" in text


def test_check_missing_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["marts", "check", str(tmp_path / "nergens.duckdb")])
    assert result.exit_code == 2
    assert "niet gevonden" in result.output


def test_check_and_info_default_to_the_marts_in_use(no_env: Path, demo_marts: Path) -> None:
    result = runner.invoke(app, ["marts", "check"])  # unset: the cached demo, built now
    assert result.exit_code == 0, result.output
    assert "demo-marts-" in result.output
    from bot.config import get_settings

    get_settings.cache_clear()
    result = runner.invoke(
        app, ["marts", "info"], env={"JEUGDBOT_MARTS": str(demo_marts), "COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    assert f"Martset {demo_marts}" in result.output
