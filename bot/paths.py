"""Where the project's data lives: one code base runs from a checkout, a wheel or a container."""

from __future__ import annotations

import os
from pathlib import Path

# JEUGDBOT_HOME lets an installed (non-editable) package find the repository's data folders.
ROOT = Path(os.environ.get("JEUGDBOT_HOME") or Path(__file__).resolve().parent.parent)
QUERIES_DIR = ROOT / "queries"
KNOWLEDGE_DIR = ROOT / "knowledge"
REFERENCE_DIR = KNOWLEDGE_DIR / "reference"
DATA_DIR = ROOT / "data"
