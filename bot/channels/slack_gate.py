"""Which Slack workspaces may ask (A5): our own, never a Slack Connect partner's.

Answers can hold municipal figures, so a channel shared with another organisation, or a payload
that names a foreign workspace anywhere (the sender's team, the authorisations), is refused
before the question reaches the core.
"""

from __future__ import annotations

import threading
from typing import Any

REFUSE_FOREIGN = (
    "Ik beantwoord alleen vragen uit de eigen Slack-werkruimte van de regio. Dit kanaal of "
    "deze gebruiker hoort bij een andere organisatie, dus ik geef hier geen antwoord."
)


def team_ids(body: dict[str, Any]) -> set[str]:
    """Every workspace id a payload mentions (events, slash commands and button clicks)."""
    found: set[str] = set()

    def add(value: Any) -> None:
        if isinstance(value, str) and value:
            found.add(value)

    add(body.get("team_id"))
    team = body.get("team")
    add(team.get("id") if isinstance(team, dict) else team)
    user = body.get("user")
    if isinstance(user, dict):
        add(user.get("team_id"))
    event = body.get("event")
    if isinstance(event, dict):
        for key in ("team", "user_team", "source_team"):
            add(event.get(key))
    for authorization in body.get("authorizations") or []:
        if isinstance(authorization, dict):
            add(authorization.get("team_id"))
    return found


class TeamGate:
    """Allows the configured workspaces, or pins the first verified one when none is configured."""

    def __init__(self, allowed: str | set[str] | frozenset[str] = "") -> None:
        if isinstance(allowed, str):
            allowed = {t.strip() for t in allowed.split(",") if t.strip()}
        self._allowed: set[str] = set(allowed)
        self._lock = threading.Lock()

    @property
    def allowed(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._allowed)

    def is_foreign(self, body: dict[str, Any]) -> bool:
        """True when the payload must be refused (only called for verified payloads)."""
        if body.get("is_ext_shared_channel") is True:
            return True
        teams = team_ids(body)
        if not teams:
            return True  # every genuine payload names its workspace
        team = body.get("team")
        primary = body.get("team_id") or (team.get("id") if isinstance(team, dict) else None)
        with self._lock:
            if not self._allowed and isinstance(primary, str):
                self._allowed.add(primary)
            return not teams <= self._allowed
