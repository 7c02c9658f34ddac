"""Slack request signatures, checked strictly before Bolt sees a request.

Bolt's own check does `int(timestamp)` on the raw header, so a float, empty or absurdly long
timestamp raises and becomes a 500, and Slack keeps retrying. Here every malformed header is
simply "not from Slack": 401. Bolt still verifies again behind this (its check cannot be turned
off from configuration), so the two must agree on the secret and the clock.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time

from bot.config import ConfigError

MAX_AGE_S = 300  # Slack's replay window: five minutes either way
_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # unix seconds; 12 digits is far beyond any real clock
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


class SlackConfigError(ConfigError):
    """Slack is configured in a way that would make the endpoint unsafe or useless."""


def require_secret(value: str | None, name: str) -> str:
    """The secret without surrounding whitespace; empty or blank fails start-up, not a request."""
    if value is None or not value.strip():
        raise SlackConfigError(f"{name} is leeg: zonder geheim kan Slack niet veilig werken")
    return value.strip()


class SlackSignature:
    """Signs and verifies `v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")`."""

    def __init__(self, signing_secret: str, max_age_s: int = MAX_AGE_S) -> None:
        self._key = require_secret(signing_secret, "SLACK_SIGNING_SECRET").encode()
        self.max_age_s = max_age_s

    def sign(self, timestamp: str, body: bytes) -> str:
        """The signature Slack would send for this timestamp and raw body."""
        base = b"v0:" + timestamp.encode("ascii") + b":" + body
        return "v0=" + hmac.new(self._key, base, hashlib.sha256).hexdigest()

    def is_valid(self, timestamp: str | None, signature: str | None, body: bytes) -> bool:
        """True only for a well-formed, fresh timestamp and a matching signature."""
        if timestamp is None or signature is None:
            return False
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            return False
        # time.time() looked up per call, so a frozen clock in tests applies here too
        if abs(time.time() - int(timestamp)) > self.max_age_s:
            return False
        return hmac.compare_digest(self.sign(timestamp, body), signature)
