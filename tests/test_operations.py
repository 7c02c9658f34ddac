"""Operations artefacts stay true to the code: settings documented, non-root image, Teams app."""

from __future__ import annotations

import importlib.util
import json
import re
import struct
import uuid
import zipfile
from pathlib import Path

import pytest

from bot.config import Settings
from bot.paths import ROOT


def _env_names(field: str) -> set[str]:
    info = Settings.model_fields[field]
    names = {f"JEUGDBOT_{field.upper()}"}
    alias = info.validation_alias
    if alias is not None:
        names |= {c for c in getattr(alias, "choices", [alias]) if isinstance(c, str)}
    return names


def test_env_example_documents_every_setting() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))
    missing = [f for f in Settings.model_fields if not (_env_names(f) & documented)]
    assert missing == [], f"settings missing from .env.example: {missing}"
    # and nothing in it that Settings would silently ignore
    known = set().union(*(_env_names(f) for f in Settings.model_fields))
    assert documented <= known, documented - known


def test_env_example_holds_no_secret_values() -> None:
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if re.match(r"^(SLACK_.*TOKEN|SLACK_SIGNING_SECRET|TEAMS_APP_PASSWORD)=", line):
            assert line.endswith("="), line


def test_dockerfile_runs_non_root_with_the_serve_entry_point() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM python:3.11-slim" in text
    users = re.findall(r"^USER (\S+)", text, flags=re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert 'ENTRYPOINT ["jeugdbot"]' in text and 'CMD ["serve"' in text
    assert "JEUGDBOT_HOME=/app" in text
    assert ":ro" in text  # the documented run mounts the marts read-only
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".env", ".git", ".venv", "data"} <= set(ignored)


def _png_header(data: bytes) -> tuple[int, int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height, data[25]  # colour type 6 = RGBA


def _package_builder():
    spec = importlib.util.spec_from_file_location(
        "teams_package", ROOT / "scripts/teams-package.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_teams_package_has_the_manifest_and_both_icons(tmp_path: Path) -> None:
    app_id = str(uuid.uuid4())
    out = _package_builder().build(app_id, "https://jeugdbot.example.nl/", tmp_path / "t.zip")
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zf.read("manifest.json"))
        assert _png_header(zf.read("color.png")) == (192, 192, 6)
        assert _png_header(zf.read("outline.png")) == (32, 32, 6)
    assert manifest["id"] == manifest["bots"][0]["botId"] == app_id
    assert manifest["validDomains"] == ["jeugdbot.example.nl"]
    assert "{{" not in json.dumps(manifest)
    assert set(manifest["bots"][0]["scopes"]) == {"personal", "team", "groupChat"}
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80


@pytest.mark.parametrize(("app_id", "domain"), [("", "a.nl"), ("nope", "a.nl"), (None, "a b")])
def test_teams_package_refuses_a_bad_app_id_or_domain(tmp_path: Path, app_id, domain) -> None:
    app_id = str(uuid.uuid4()) if app_id is None else app_id
    with pytest.raises(ValueError):
        _package_builder().build(app_id, domain, tmp_path / "t.zip")
