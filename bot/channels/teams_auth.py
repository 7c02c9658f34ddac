"""Bot Framework authentication of incoming Teams activities, with PyJWT.

Why a thin implementation instead of the Microsoft 365 Agents SDK: the checks are a dozen
lines of PyJWT, and owning them lets the tests pin every rule of the checklist (T1-T11) with a
local RSA key and JWKS, including key-cache timing and the endorsement check, without patching
SDK internals. The rules, as the Bot Framework documents them for channel→bot requests:

- `Authorization: Bearer <JWT>`, RS256 only, issuer https://api.botframework.com;
- audience = the bot's app id; exp/nbf with 5 minutes of clock skew; exp is required;
- the signing key comes from the OpenID metadata's jwks_uri, cached 24 h; an unknown kid
  triggers at most one refresh per hour;
- the token's `serviceurl` claim equals activity.serviceUrl;
- the key's endorsements contain activity.channelId.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt
from jwt.algorithms import RSAAlgorithm

log = logging.getLogger(__name__)

OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
ISSUER = "https://api.botframework.com"
LEEWAY_S = 300
KEYS_MAX_AGE_S = 24 * 3600
UNKNOWN_KID_REFRESH_S = 3600


class AuthError(Exception):
    """A rejected activity: status 401 (who are you?) or 403 (not for you)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class _Key:
    public_key: Any
    endorsements: frozenset[str]


@dataclass
class KeyCache:
    """The Bot Framework's signing keys, refreshed daily and on an unknown kid (hourly at most)."""

    client: httpx.AsyncClient
    metadata_url: str = OPENID_METADATA_URL
    clock: Callable[[], float] = field(default=lambda: time.time())  # late-bound for freezegun
    keys: dict[str, _Key] = field(default_factory=dict)
    fetched_at: float | None = None  # last successful fetch
    tried_at: float | None = None  # last attempt, successful or not
    fetches: int = 0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def get(self, kid: str) -> _Key | None:
        """The key for `kid`, fetching when the cache is stale or the kid is new."""
        now = self.clock()
        stale = self.fetched_at is None or now - self.fetched_at >= KEYS_MAX_AGE_S
        unknown = kid not in self.keys and (
            self.tried_at is None or now - self.tried_at >= UNKNOWN_KID_REFRESH_S
        )
        if stale or unknown:
            async with self._lock:
                # Another request may have refreshed while this one waited.
                now = self.clock()
                stale = self.fetched_at is None or now - self.fetched_at >= KEYS_MAX_AGE_S
                if stale or (
                    kid not in self.keys
                    and (self.tried_at is None or now - self.tried_at >= UNKNOWN_KID_REFRESH_S)
                ):
                    await self._refresh(now)
        return self.keys.get(kid)

    async def _refresh(self, now: float) -> None:
        self.tried_at = now
        try:
            meta = await self.client.get(self.metadata_url, timeout=5.0)
            meta.raise_for_status()
            jwks_uri = meta.json()["jwks_uri"]
            resp = await self.client.get(jwks_uri, timeout=5.0)
            resp.raise_for_status()
            keys: dict[str, _Key] = {}
            for jwk in resp.json().get("keys", []):
                if jwk.get("kty") != "RSA" or "kid" not in jwk:
                    continue
                keys[jwk["kid"]] = _Key(
                    RSAAlgorithm.from_jwk(json.dumps(jwk)), frozenset(jwk.get("endorsements", []))
                )
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            # Keep the keys we have: a metadata outage must not lock out every user (T11).
            log.warning("Bot Framework key refresh failed: %s", type(exc).__name__)
            return
        self.fetches += 1
        self.keys = keys
        self.fetched_at = now


class BotFrameworkAuth:
    """Validates the bearer token of one incoming activity."""

    def __init__(self, app_id: str, keys: KeyCache) -> None:
        if not app_id or not app_id.strip():
            raise ValueError("TEAMS_APP_ID is empty: the Teams endpoint cannot run anonymously")
        self.app_id = app_id.strip()
        self.keys = keys

    async def validate(self, authorization: str | None, activity: dict[str, Any]) -> dict[str, Any]:
        """The token's claims, or AuthError with the status to answer."""
        if not authorization or not authorization.startswith("Bearer "):
            raise AuthError(401, "missing bearer token")
        token = authorization[len("Bearer ") :].strip()
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError(401, "malformed token") from exc
        if header.get("alg") != "RS256":
            raise AuthError(401, "algorithm not allowed")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthError(401, "token without key id")
        key = await self.keys.get(kid)
        if key is None:
            raise AuthError(401, "unknown signing key")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key.public_key,
                algorithms=["RS256"],
                audience=self.app_id,
                issuer=ISSUER,
                leeway=LEEWAY_S,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthError(401, f"invalid token: {type(exc).__name__}") from exc
        service_url = activity.get("serviceUrl")
        if not isinstance(service_url, str) or claims.get("serviceurl") != service_url:
            raise AuthError(403, "serviceUrl does not match the token")
        channel_id = activity.get("channelId")
        if not isinstance(channel_id, str) or channel_id not in key.endorsements:
            raise AuthError(403, "channel not endorsed for this key")
        return claims
