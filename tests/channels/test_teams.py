"""Teams / Bot Framework checklist T1-T14 (plus A1, A4-A6, I5) against the real FastAPI app.

Tokens are signed with an RSA key generated here; respx serves the OpenID metadata, the JWKS,
the token endpoint and the connector, so nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import random
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
import respx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient
from freezegun import freeze_time
from jwt.algorithms import RSAAlgorithm

from bot.audit import get_audit
from bot.channels.common import ERROR_TEXT
from bot.channels.dedup import DedupStore
from bot.channels.teams import TeamsChannel, backoff_delay, question_text
from bot.channels.teams_auth import (
    ISSUER,
    OPENID_METADATA_URL,
    AuthError,
    BotFrameworkAuth,
    KeyCache,
)
from bot.channels.web import create_app
from bot.config import Settings
from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind, Table
from tests.fake_secrets import TEAMS_ACCESS_TOKEN, TEAMS_APP_PASSWORD

# Made per run, like the fake secrets (tests/fake_secrets.py): no id-shaped literal to scan.
APP_ID = str(uuid.uuid4())
TENANT = str(uuid.uuid4())
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
JWKS_URL = "https://login.botframework.com/v1/.well-known/keys"
TOKEN_URL = f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token"
REPLY_PATTERN = r"^https://smba\.trafficmanager\.net/emea/v3/conversations/.*"
EMULATOR_ISSUER = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"


def _rsa() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEY = _rsa()
OTHER_KEY = _rsa()


def jwk(key: rsa.RSAPrivateKey, kid: str, endorsements: list[str]) -> dict[str, Any]:
    data = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {**data, "kid": kid, "use": "sig", "endorsements": endorsements}


JWKS = {"keys": [jwk(KEY, "k1", ["msteams", "webchat"])]}


def make_token(
    *,
    key: rsa.RSAPrivateKey = KEY,
    kid: str = "k1",
    now: float | None = None,
    drop: tuple[str, ...] = (),
    **claims: Any,
) -> str:
    now = time.time() if now is None else now
    payload = {
        "iss": ISSUER,
        "aud": APP_ID,
        "serviceurl": SERVICE_URL,
        "nbf": int(now) - 10,
        "exp": int(now) + 3600,
        **claims,
    }
    for name in drop:
        payload.pop(name, None)
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


def activity(text: str = "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?", **extra: Any):
    act: dict[str, Any] = {
        "type": "message",
        "id": f"act-{uuid.uuid4().hex}",
        "channelId": "msteams",
        "serviceUrl": SERVICE_URL,
        "from": {"id": "29:user-1", "aadObjectId": "aad-user-1"},
        "recipient": {"id": "28:" + APP_ID, "name": "Jeugdbot"},
        "conversation": {"id": "19:general@thread.tacv2;messageid=1", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}, "team": {"id": "19:team@thread.tacv2"}},
        "text": f"<at>Jeugdbot</at> {text}",
    }
    act.update(extra)
    return act


class RecordingBot(Jeugdbot):
    """The real bot, with the contexts it was asked in recorded (a spy at the channel seam)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.contexts: list[Context] = []

    def answer(self, question: str, context: Context | None = None) -> Answer:
        assert context is not None
        self.contexts.append(context)
        return super().answer(question, context)


class BlockingBot(Jeugdbot):
    """A core that takes as long as the test wants (T13's slow handler)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.release = threading.Event()

    def answer(self, question: str, context: Context | None = None) -> Answer:
        self.release.wait(20)
        return Answer(kind=Kind.ANSWER, text="Klaar na lang rekenen.")


class FixedBot(Jeugdbot):
    """A core that always gives the same numeric answer (for card details, not for figures)."""

    def answer(self, question: str, context: Context | None = None) -> Answer:
        return Answer(
            kind=Kind.ANSWER,
            text="In 2023 hadden *2.635* jeugdigen jeugdhulp in Helmond.",
            intent="jeugdigen_in_zorg",
            query="jeugdigen_in_zorg",
        )


class FailingBot(Jeugdbot):
    """A core that fails with an exception full of internals (A6)."""

    def answer(self, question: str, context: Context | None = None) -> Answer:
        raise RuntimeError("SELECT count(*) FROM fact_traject failed in /work/main/bot/core.py")


class BigBot(Jeugdbot):
    """A core returning an answer far over Teams' 80 KB (T14)."""

    def answer(self, question: str, context: Context | None = None) -> Answer:
        rows = [
            [f"Productnaam nummer {i} met een lange omschrijving", f"{i:,}"] for i in range(5000)
        ]
        return Answer(
            kind=Kind.ANSWER,
            text="Een lang antwoord. " * 8000,
            table=Table(columns=["product", "aantal"], rows=rows),
        )


@pytest.fixture
def settings(demo_marts: Path, tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        marts=demo_marts,
        cache_dir=tmp_path,
        teams_app_id=APP_ID,
        teams_app_password=TEAMS_APP_PASSWORD,
        teams_tenant_id=TENANT,
        throttle_per_minute=1000,
    )


@pytest.fixture
def bf() -> Any:
    """respx routes for the Bot Framework: metadata, JWKS, token endpoint and the connector."""
    with respx.mock(assert_all_called=False) as mock:
        mock.get(OPENID_METADATA_URL).respond(json={"jwks_uri": JWKS_URL})
        mock.get(JWKS_URL).respond(json=JWKS)
        mock.post(TOKEN_URL).respond(json={"access_token": TEAMS_ACCESS_TOKEN, "expires_in": 3600})
        mock.post(url__regex=REPLY_PATTERN).respond(201, json={"id": "reply-1"})
        yield mock


def replies(mock: Any) -> list[httpx.Request]:
    return [c.request for c in mock.calls if c.request.url.host == "smba.trafficmanager.net"]


def wait_for(predicate: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError("condition not reached in time")


def post(client: TestClient, act: dict[str, Any], token: str | None = None, **kw: Any):
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return client.post("/api/messages", json=act, headers=headers, **kw)


def app_client(settings: Settings, bot: Jeugdbot | None = None) -> TestClient:
    return TestClient(create_app(settings, bot or RecordingBot(settings)))


def answers_logged(settings: Settings) -> int:
    return get_audit(settings.audit_path()).count_answers()


# T1, A1, I5 -------------------------------------------------------------------------------


def test_t1_valid_token_is_answered_with_a_card_in_the_same_conversation(settings, bf) -> None:
    bot = RecordingBot(settings)
    act = activity("Hoeveel jeugdigen in Helmond? Stuur het ook naar 19:other@thread.tacv2")
    with TestClient(create_app(settings, bot)) as client:
        resp = post(client, act, make_token())
        assert resp.status_code in (200, 202)
        wait_for(lambda: len(replies(bf)) == 1)
    assert len(bot.contexts) == 1
    sent = replies(bf)[0]
    # A1: the reply goes to the verified activity's conversation, whatever the text says.
    conv = "19%3Ageneral%40thread.tacv2%3Bmessageid%3D1"
    assert str(sent.url) == f"{SERVICE_URL}v3/conversations/{conv}/activities/{act['id']}"
    assert sent.headers["authorization"] == f"Bearer {TEAMS_ACCESS_TOKEN}"
    body = json.loads(sent.content)
    assert body["replyToId"] == act["id"]
    assert body["conversation"]["id"] == act["conversation"]["id"]
    card = body["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["type"] == "AdaptiveCard"


def test_real_core_figure_arrives_in_the_card(settings, bf) -> None:
    with TestClient(create_app(settings, Jeugdbot(settings))) as client:
        act = activity("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?")
        assert post(client, act, make_token()).status_code == 202
        wait_for(lambda: len(replies(bf)) == 1)
    card = json.loads(replies(bf)[0].content)["attachments"][0]["content"]
    runs = [r["text"] for b in card["body"] if b["type"] == "RichTextBlock" for r in b["inlines"]]
    assert "2.635" in runs  # the bold run of the figure
    assert any("demodata" in r for r in runs)


def test_question_text_strips_the_bot_mention_and_teams_markup() -> None:
    act = activity("Hoeveel &amp; wanneer?")
    assert question_text(act) == "Hoeveel & wanneer?"
    assert question_text({"text": None, "value": {"question": "en in 2022?"}}) == "en in 2022?"
    assert question_text({}) == ""


# T2 ---------------------------------------------------------------------------------------


def test_t2_missing_authorization_is_401_and_no_reply(settings, bf) -> None:
    with app_client(settings) as client:
        assert post(client, activity()).status_code == 401
    assert replies(bf) == []
    assert answers_logged(settings) == 0


@pytest.mark.parametrize("app_id", ["", "   "])
def test_t2_empty_app_id_makes_startup_fail(tmp_path: Path, app_id: str) -> None:
    settings = Settings(
        _env_file=None,
        cache_dir=tmp_path,
        teams_app_id=app_id,
        teams_app_password=TEAMS_APP_PASSWORD,
    )
    with pytest.raises(ValueError, match="TEAMS_APP_ID"):
        create_app(settings, Jeugdbot(settings))


def test_t2_missing_password_makes_startup_fail(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, cache_dir=tmp_path, teams_app_id=APP_ID)
    with pytest.raises(ValueError, match="TEAMS_APP_PASSWORD"):
        create_app(settings, Jeugdbot(settings))


def test_t2_without_teams_configured_the_endpoint_is_never_anonymous(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, cache_dir=tmp_path)
    with TestClient(create_app(settings, Jeugdbot(settings))) as client:
        assert post(client, activity()).status_code == 401
        assert post(client, activity(), make_token()).status_code == 401


# T3 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer ",
        "Bearer garbage",
        "Bearer a.b.c",
        "Bearer " + "x" * 5000,
        "bearer " + "y",
    ],
)
def test_t3_basic_or_garbage_tokens_are_401_not_500(settings, bf, header: str) -> None:
    with app_client(settings) as client:
        resp = client.post("/api/messages", json=activity(), headers={"Authorization": header})
    assert resp.status_code == 401
    assert replies(bf) == []


# T4 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "some-other-bot"},
        {"iss": "https://evil.example.com"},
        {"iss": EMULATOR_ISSUER},
        {"iss": "https://api.botframework.com/"},
    ],
    ids=["wrong-aud", "wrong-iss", "emulator-iss", "iss-with-slash"],
)
def test_t4_wrong_audience_or_issuer_is_rejected(settings, bf, claims) -> None:
    with app_client(settings) as client:
        resp = post(client, activity(), make_token(**claims))
    assert resp.status_code in (401, 403)
    assert replies(bf) == []
    assert answers_logged(settings) == 0


# T5 (validator under a frozen clock) ------------------------------------------------------

FROZEN = "2026-03-02 09:00:00"


def _validate(token: str, act: dict[str, Any] | None = None, cache: KeyCache | None = None):
    async def run() -> dict[str, Any]:
        async with httpx.AsyncClient() as http:
            keys = cache or KeyCache(http)
            keys.client = http
            return await BotFrameworkAuth(APP_ID, keys).validate(
                f"Bearer {token}", act or activity()
            )

    return asyncio.run(run())


@freeze_time(FROZEN)
def test_t5_expiry_and_not_before_with_five_minutes_skew(bf) -> None:
    now = time.time()
    assert _validate(make_token(now=now, exp=int(now) - 200))["aud"] == APP_ID
    for token in (
        make_token(now=now, exp=int(now) - 301),
        make_token(now=now, nbf=int(now) + 600),
        make_token(now=now, drop=("exp",)),
    ):
        with pytest.raises(AuthError) as err:
            _validate(token)
        assert err.value.status == 401


# T6 ---------------------------------------------------------------------------------------


def test_t6_other_key_with_the_same_kid_is_rejected(settings, bf) -> None:
    with app_client(settings) as client:
        resp = post(client, activity(), make_token(key=OTHER_KEY, kid="k1"))
    assert resp.status_code == 401
    assert replies(bf) == []


def test_t6_unknown_kid_refreshes_once_per_hour_then_401(settings, bf) -> None:
    jwks_route = bf.routes[1]
    with app_client(settings) as client:
        assert post(client, activity(), make_token()).status_code == 202
        assert jwks_route.call_count == 1
        assert post(client, activity(), make_token(key=OTHER_KEY, kid="k2")).status_code == 401
        assert jwks_route.call_count == 1  # refreshed less than an hour ago: no new fetch
    with freeze_time(FROZEN) as frozen:
        cache = KeyCache(httpx.AsyncClient())
        assert _validate(make_token(now=time.time()), cache=cache)
        fetches = cache.fetches
        frozen.tick(3601)
        with pytest.raises(AuthError):
            _validate(make_token(key=OTHER_KEY, kid="k2", now=time.time()), cache=cache)
        assert cache.fetches == fetches + 1  # one refresh for the new kid ...
        with pytest.raises(AuthError):
            _validate(make_token(key=OTHER_KEY, kid="k3", now=time.time()), cache=cache)
        assert cache.fetches == fetches + 1  # ... and no second one within the hour


# T7 ---------------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, Any], payload: dict[str, Any]) -> str:
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(payload).encode())


def _claims() -> dict[str, Any]:
    now = int(time.time())
    return {"iss": ISSUER, "aud": APP_ID, "serviceurl": SERVICE_URL, "exp": now + 3600, "nbf": now}


def test_t7_alg_none_and_hs256_with_the_public_key_are_rejected(settings, bf) -> None:
    none_token = _unsigned({"alg": "none", "kid": "k1", "typ": "JWT"}, _claims()) + "."
    pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = _unsigned({"alg": "HS256", "kid": "k1", "typ": "JWT"}, _claims())
    mac = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    hs_token = signing_input + "." + _b64(mac)
    with app_client(settings) as client:
        assert post(client, activity(), none_token).status_code == 401
        assert post(client, activity(), hs_token).status_code == 401
    assert replies(bf) == []


# T8 ---------------------------------------------------------------------------------------


def test_t8_serviceurl_mismatch_is_refused_with_no_outbound_call(settings, bf) -> None:
    evil = bf.post(url__regex=r"^https://evil\.example\.com/.*").respond(201)
    act = activity(serviceUrl="https://evil.example.com/")
    with app_client(settings) as client:
        resp = post(client, act, make_token())  # token says smba.trafficmanager.net
        assert resp.status_code in (401, 403)
        time.sleep(0.2)
    assert evil.call_count == 0
    assert replies(bf) == []
    assert answers_logged(settings) == 0


# T9 ---------------------------------------------------------------------------------------


def test_t9_channel_not_endorsed_by_the_key_is_403(settings, bf) -> None:
    with app_client(settings) as client:
        resp = post(client, activity(channelId="skype"), make_token())
    assert resp.status_code == 403
    assert replies(bf) == []


# T10, A5 ----------------------------------------------------------------------------------


def test_t10_foreign_tenant_is_refused_with_no_query(settings, bf) -> None:
    act = activity(
        channelData={"tenant": {"id": "00000000-0000-0000-0000-0000000f0e19"}},
        conversation={"id": "a:foreign", "tenantId": "00000000-0000-0000-0000-0000000f0e19"},
    )
    bot = RecordingBot(settings)
    with TestClient(create_app(settings, bot)) as client:
        assert post(client, act, make_token()).status_code == 403
        time.sleep(0.2)
    assert bot.contexts == []
    assert answers_logged(settings) == 0
    assert replies(bf) == []


# T11 --------------------------------------------------------------------------------------


def test_t11_jwks_fetched_once_a_day_and_cached_keys_survive_an_outage(bf) -> None:
    with freeze_time(FROZEN) as frozen:
        cache = KeyCache(httpx.AsyncClient())
        for _ in range(5):
            _validate(make_token(now=time.time()), cache=cache)
            frozen.tick(3600 * 4)  # 20 hours in total
        assert cache.fetches == 1
        frozen.tick(3600 * 4 + 1)  # past 24 hours: one refresh
        _validate(make_token(now=time.time()), cache=cache)
        assert cache.fetches == 2
        bf.get(OPENID_METADATA_URL).respond(503)
        frozen.tick(3600 * 25)
        claims = _validate(make_token(now=time.time()), cache=cache)  # metadata down
        assert claims["aud"] == APP_ID
        assert cache.fetches == 2


# T12 --------------------------------------------------------------------------------------


def test_t12_same_activity_id_twice_gives_one_reply(settings, bf) -> None:
    act = activity()
    channel_bot = RecordingBot(settings)
    with TestClient(create_app(settings, channel_bot)) as client:
        first = post(client, act, make_token())
        second = post(client, act, make_token())
        assert first.status_code == 202
        assert second.status_code == 200
        wait_for(lambda: len(replies(bf)) >= 1)
        time.sleep(0.3)
    assert len(replies(bf)) == 1
    assert len(channel_bot.contexts) == 1


def test_t12_concurrent_duplicates_give_one_reply(settings, bf) -> None:
    act = activity()
    bot = RecordingBot(settings)
    with TestClient(create_app(settings, bot)) as client:
        threads = [
            threading.Thread(target=post, args=(client, act, make_token())) for _ in range(5)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wait_for(lambda: len(replies(bf)) >= 1)
        time.sleep(0.3)
    assert len(replies(bf)) == 1
    assert len(bot.contexts) == 1


# T13 --------------------------------------------------------------------------------------


def test_t13_slow_answer_is_acked_at_once_and_sent_later(settings, bf) -> None:
    bot = BlockingBot(settings)
    with TestClient(create_app(settings, bot)) as client:
        started = time.monotonic()
        resp = post(client, activity(), make_token())
        acked_in = time.monotonic() - started
        assert resp.status_code in (200, 202)
        assert replies(bf) == []  # acknowledged while the answer is still being computed
        bot.release.set()
        wait_for(lambda: len(replies(bf)) == 1)
    assert acked_in < 2.0  # the checklist's bound; the core was blocked during the whole ack
    body = json.loads(replies(bf)[0].content)
    assert "Klaar na lang rekenen." in json.dumps(body, ensure_ascii=False)


# T14 --------------------------------------------------------------------------------------


def test_t14_connector_429_412_502_504_are_retried_and_delivered_once(settings, bf) -> None:
    connector = bf.post(url__regex=REPLY_PATTERN)
    connector.side_effect = [
        httpx.Response(429, headers={"Retry-After": "0"}),
        httpx.Response(412),
        httpx.Response(502),
        httpx.Response(504),
        httpx.Response(201, json={"id": "ok"}),
    ]
    bot = RecordingBot(settings)
    app = create_app(settings, bot)
    app.state.teams.connector.retry_base_s = 0.01
    with TestClient(app) as client:
        assert post(client, activity(), make_token()).status_code == 202
        wait_for(lambda: connector.call_count == 5)
        time.sleep(0.2)
    assert connector.call_count == 5
    assert [c.response.status_code for c in connector.calls] == [429, 412, 502, 504, 201]


def test_t14_backoff_is_exponential_with_jitter() -> None:
    rng = random.Random(7)
    delays = [backoff_delay(a, 0.5, rng=rng) for a in range(5)]
    for attempt, d in enumerate(delays):
        full = 0.5 * 2**attempt
        assert full / 2 <= d <= full
    assert len({round(backoff_delay(3, 0.5, rng=rng), 6) for _ in range(10)}) > 1  # jittered
    assert backoff_delay(20, 0.5) <= 30.0  # capped


def test_t14_replies_over_80_kb_are_truncated_before_sending(settings, bf) -> None:
    with TestClient(create_app(settings, BigBot(settings))) as client:
        assert post(client, activity(), make_token()).status_code == 202
        wait_for(lambda: len(replies(bf)) == 1)
    sent = replies(bf)[0].content
    assert len(sent) <= 80_000
    assert "ingekort" in sent.decode() or "en nog" in sent.decode()


# A4, scope, feedback, A6 ------------------------------------------------------------------


def test_a4_context_is_per_tenant_conversation_and_user(settings, bf) -> None:
    bot = RecordingBot(settings)
    other_user = activity(**{"from": {"id": "29:user-2", "aadObjectId": "aad-user-2"}})
    with TestClient(create_app(settings, bot)) as client:
        post(client, activity(), make_token())
        post(client, other_user, make_token())
        wait_for(lambda: len(replies(bf)) == 2)
    first, second = bot.contexts
    assert first.channel == second.channel == "teams"
    assert first.conversation_id != second.conversation_id
    assert TENANT in first.conversation_id and "aad-user-1" in first.conversation_id


def test_scope_of_the_tenant_and_team_reaches_the_core(settings, bf, tmp_path: Path) -> None:
    scopes = tmp_path / "scopes.yaml"
    scopes.write_text(
        f"default: all\nteams:\n  {TENANT}:\n    '*': [GM0794]\n"
        "    '19:team@thread.tacv2': [GM0820, GM0794]\n",
        encoding="utf-8",
    )
    settings = settings.model_copy(update={"scopes_file": scopes})
    bot = RecordingBot(settings)
    with TestClient(create_app(settings, bot)) as client:
        post(client, activity(), make_token())
        post(client, activity(channelData={"tenant": {"id": TENANT}}), make_token())
        wait_for(lambda: len(bot.contexts) == 2)
    scopes_seen = sorted(sorted(c.scope or []) for c in bot.contexts)
    assert scopes_seen == [["GM0794"], ["GM0794", "GM0820"]]


def test_card_feedback_is_recorded_in_the_audit_log(settings, bf) -> None:
    with TestClient(create_app(settings, FixedBot(settings))) as client:
        post(client, activity(), make_token())
        wait_for(lambda: len(replies(bf)) == 1)
        card = json.loads(replies(bf)[0].content)["attachments"][0]["content"]
        down = [a for a in card["actions"] if a.get("data", {}).get("value") == "down"]
        fb = activity(value=down[0]["data"])  # what Teams sends when the button is pressed
        fb["text"] = None
        assert post(client, fb, make_token()).status_code == 202
        wait_for(lambda: len(get_audit(settings.audit_path()).thumbs_down()) == 1)
    (row,) = get_audit(settings.audit_path()).thumbs_down()
    assert row.answer_id == down[0]["data"]["answer_id"]
    assert row.intent == "jeugdigen_in_zorg"
    assert len(replies(bf)) == 1  # feedback gets no chat reply


def test_a6_errors_reply_in_dutch_without_internals_or_logged_text(settings, bf, caplog) -> None:
    question = "Hoeveel jeugdigen in Helmond voor Jan Jansen, BSN 123456782?"
    caplog.set_level(logging.DEBUG)
    with TestClient(create_app(settings, FailingBot(settings))) as client:
        assert post(client, activity(question), make_token()).status_code == 202
        wait_for(lambda: len(replies(bf)) == 1)
    reply = replies(bf)[0].content.decode()
    assert ERROR_TEXT.split(".")[0] in reply
    for leak in ("SELECT", "fact_traject", "/work/", "core.py", "Traceback", "RuntimeError"):
        assert leak not in reply
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "answer failed" in logged
    for leak in ("Jan Jansen", "123456782", "SELECT", TEAMS_APP_PASSWORD, TEAMS_ACCESS_TOKEN):
        assert leak not in logged


def test_channel_refuses_to_build_without_an_app_id(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, cache_dir=tmp_path, teams_app_password=TEAMS_APP_PASSWORD)
    with pytest.raises(ValueError):
        TeamsChannel(settings, Jeugdbot(settings), dedup=DedupStore())
