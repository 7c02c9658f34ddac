#!/usr/bin/env python3
"""Build the Teams app package (manifest.json + color.png + outline.png in one zip).

    TEAMS_APP_ID=<azure bot app id> python scripts/teams-package.py --domain jeugdbot.example.nl

The package is uploaded in Teams (Apps → Manage your apps → Upload an app) or in the Teams
admin center; docs/teams.md has the steps. Only the standard library is used, so it runs
anywhere Python runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEAMS_DIR = ROOT / "teams"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
DOMAIN = re.compile(r"^(?!-)[A-Za-z0-9.-]{1,253}(:\d{1,5})?$")


def build(app_id: str, domain: str, out: Path) -> Path:
    """Write the zip; raises ValueError on an app id or domain Teams would reject."""
    if not GUID.match(app_id):
        raise ValueError(f"TEAMS_APP_ID must be a GUID (the Azure Bot's app id), not {app_id!r}")
    domain = domain.removeprefix("https://").rstrip("/")
    if not DOMAIN.match(domain):
        raise ValueError(f"--domain must be a host name (jeugdbot.example.nl), not {domain!r}")
    text = (TEAMS_DIR / "manifest.json").read_text(encoding="utf-8")
    text = text.replace("{{TEAMS_APP_ID}}", app_id).replace("{{BOT_DOMAIN}}", domain)
    manifest = json.loads(text)  # fails loudly on a broken template
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for icon in ("color.png", "outline.png"):
            zf.write(TEAMS_DIR / icon, icon)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-id", default=os.environ.get("TEAMS_APP_ID", ""))
    parser.add_argument("--domain", required=True, help="public host of /api/messages")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "jeugdbot-teams.zip")
    args = parser.parse_args(argv)
    try:
        path = build(args.app_id.strip(), args.domain, args.out)
    except ValueError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    print(f"Teams-app-pakket: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
