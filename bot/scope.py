"""Which municipalities a Slack workspace/channel or Teams tenant/team may see.

The scopes file (settings.scopes_file, YAML) looks like this:

    default: all                 # everyone else: the whole monitor ("all") or a list of codes
    web: all                     # the web chat and the HTTP API
    slack:
      T0123ABC:                  # a Slack workspace (team id)
        "*": [GM0794, GM0820]    # every channel of that workspace ...
        C0456DEF: [GM0794]       # ... except this channel
    teams:
      72f988bf-0000-0000-0000-000000000000:   # a Teams tenant id
        "*": all
        19:abc@thread.tacv2: [GM0753]         # a team (or channel/chat) id in that tenant

The most specific entry wins: channel, then the workspace's "*", then the platform's "*"
(a mapping) or value, then `default`. An empty list means "nothing": every question about a
municipality is refused. `None` from scope_for() means the whole monitor.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from bot.config import Settings, get_settings

_CODE = re.compile(r"^GM\d{4}$")
Scope = frozenset[str] | None


def _to_scope(value: Any) -> Scope:
    if value is None or value == "all":
        return None
    if isinstance(value, str):
        value = [value]
    codes = [str(v).strip().upper() for v in value]
    bad = [c for c in codes if not _CODE.match(c)]
    if bad:
        raise ValueError(f"not a gemeente code (GM + 4 digits): {', '.join(bad)}")
    return frozenset(codes)


class ScopeFile(BaseModel):
    """The validated scopes file."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    default: Any = "all"
    web: Any = None  # None: falls back to default
    slack: dict[str, Any] = {}
    teams: dict[str, Any] = {}

    @field_validator("slack", "teams", mode="before")
    @classmethod
    def _mapping(cls, v: Any) -> Any:
        return v or {}

    def validate_codes(self) -> ScopeFile:
        """Parse every entry once so a typo fails at start-up, not at the first question."""
        _to_scope(self.default)
        if self.web is not None:
            _to_scope(self.web)
        for platform in (self.slack, self.teams):
            for entry in platform.values():
                if isinstance(entry, dict):
                    for value in entry.values():
                        _to_scope(value)
                else:
                    _to_scope(entry)
        return self

    def lookup(self, platform: str, team: str | None, channel: str | None) -> Scope:
        """The most specific scope for this place."""
        if platform in ("slack", "teams"):
            per_team: dict[str, Any] = getattr(self, platform)
            entry = per_team.get(team or "", per_team.get("*", _MISSING))
            if isinstance(entry, dict):
                if channel and channel in entry:
                    return _to_scope(entry[channel])
                if "*" in entry:
                    return _to_scope(entry["*"])
            elif entry is not _MISSING:
                return _to_scope(entry)
        elif platform == "web" and self.web is not None:
            return _to_scope(self.web)
        return _to_scope(self.default)


_MISSING = object()
_cache: dict[Path, tuple[float, ScopeFile]] = {}
_cache_lock = threading.Lock()


def load_scopes(path: Path) -> ScopeFile:
    """Read and validate a scopes file, re-reading it when it changes on disk."""
    path = Path(path)
    mtime = path.stat().st_mtime
    with _cache_lock:
        hit = _cache.get(path)
        if hit and hit[0] == mtime:
            return hit[1]
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: expected a mapping at the top level")
    scopes = ScopeFile.model_validate(data).validate_codes()
    with _cache_lock:
        _cache[path] = (mtime, scopes)
    return scopes


def scope_for(
    platform: str,
    team: str | None = None,
    channel: str | None = None,
    settings: Settings | None = None,
) -> Scope:
    """Gemeente codes this place may see; None = the whole monitor (also without a scopes file)."""
    settings = settings or get_settings()
    if settings.scopes_file is None:
        return None
    return load_scopes(settings.scopes_file).lookup(platform, team, channel)
