"""The web chat and HTTP API through real HTTP (FastAPI TestClient): I2, I6, A2-A4, A6."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.audit import get_audit
from bot.channels.web import STATIC_DIR, create_app
from bot.config import Settings
from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind, Series, SeriesPoint, Table
from tests.fake_secrets import BOT_TOKEN, SIGNING_SECRET


class RecordingBot(Jeugdbot):
    """The real bot, with the contexts it was asked in recorded (a spy at the channel seam)."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.contexts: list[Context] = []

    def answer(self, question: str, context: Context | None = None) -> Answer:
        assert context is not None
        self.contexts.append(context)
        return super().answer(question, context)


class TrendBot(Jeugdbot):
    """A core answering with a table and a series, to exercise chart and table delivery."""

    def answer(self, question: str, context: Context | None = None) -> Answer:
        return Answer(
            kind=Kind.ANSWER,
            text="De zorgkosten van Helmond stegen.",
            table=Table(columns=["jaar", "kosten"], rows=[["2022", "€ 40,1 mln"]]),
            series=Series(
                title="Zorgkosten Helmond",
                unit="EUR",
                points=[
                    SeriesPoint(label="2021", value=38_000_000),
                    SeriesPoint(label="2022", value=40_100_000),
                ],
            ),
        )


class FailingBot(Jeugdbot):
    def answer(self, question: str, context: Context | None = None) -> Answer:
        raise KeyError("SELECT sum(bedrag_eur) FROM fact_declaratie -- /opt/app/queries/kosten.sql")


@pytest.fixture
def settings(demo_marts: Path, tmp_path: Path) -> Settings:
    return Settings(_env_file=None, marts=demo_marts, cache_dir=tmp_path, throttle_per_minute=1000)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, Jeugdbot(settings))) as c:
        yield c


def test_chat_page_and_assets_are_served_by_the_app_itself(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert 'lang="nl"' in page.text and 'aria-live="polite"' in page.text
    for asset in ("/static/chat.js", "/static/chat.css"):
        assert client.get(asset).status_code == 200
    # no CDN, no external fonts: every asset is local
    for path in STATIC_DIR.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", text), path.name
        assert "@import" not in text and "url(http" not in text
    # user and server text is only ever set as text, never as HTML
    code = "\n".join(
        line
        for line in (STATIC_DIR / "chat.js").read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("//")
    )
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in code


def test_ask_returns_the_answer_json(client: TestClient) -> None:
    resp = client.post("/api/ask", json={"question": "hallo", "conversation_id": "c-1"})
    assert resp.status_code == 200
    data = resp.json()
    answer = Answer.model_validate(data)
    assert answer.kind in set(Kind)
    assert re.fullmatch(r"[0-9a-f]{32}", answer.id)
    assert "context_line" in data and "chart_url" in data
    assert "route" not in data  # the routing decision is for the log, not for users


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    assert {"/api/ask", "/api/feedback", "/healthz"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_i2_two_megabyte_body_is_413_before_parsing(settings: Settings) -> None:
    bot = RecordingBot(settings)
    with TestClient(create_app(settings, bot)) as client:
        big = json.dumps({"question": "x" * (2 * 1024 * 1024)})
        resp = client.post("/api/ask", content=big, headers={"content-type": "application/json"})
        assert resp.status_code == 413
        assert "te groot" in resp.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
            yield b'{"question": "'
            for _ in range(40):
                yield b"y" * 65536
            yield b'"}'

        resp = client.post(
            "/api/ask", content=chunks(), headers={"content-type": "application/json"}
        )
        assert resp.status_code == 413
        for path in ("/api/messages", "/api/feedback"):
            assert client.post(path, content=big).status_code == 413
    assert bot.contexts == []
    assert get_audit(settings.audit_path()).count_answers() == 0


def test_a_body_just_under_the_limit_is_answered(client: TestClient) -> None:
    body = json.dumps({"question": "a" * (60 * 1024)})
    resp = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert resp.status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"question": "hoi", "conversation_id": "../../etc/passwd"},
        {"question": "hoi", "conversation_id": "x" * 65},
        {"conversation_id": "abc"},
        {"question": ["lijst"]},
    ],
)
def test_bad_requests_are_422_without_internals(client: TestClient, payload: dict) -> None:
    resp = client.post("/api/ask", json=payload)
    assert resp.status_code == 422
    assert "Traceback" not in resp.text and "/work" not in resp.text


def test_not_json_is_422_not_500(client: TestClient) -> None:
    resp = client.post(
        "/api/ask", content=b"{niet json", headers={"content-type": "application/json"}
    )
    assert resp.status_code == 422


def test_i6_web_throttle_answers_429_with_a_dutch_notice(settings: Settings) -> None:
    settings = settings.model_copy(update={"throttle_per_minute": 3})
    bot = RecordingBot(settings)
    with TestClient(create_app(settings, bot)) as alice:
        codes = [alice.post("/api/ask", json={"question": f"v{i}"}).status_code for i in range(8)]
        notice = alice.post("/api/ask", json={"question": "nog een"})
    assert codes == [200, 200, 200, 429, 429, 429, 429, 429]
    assert notice.status_code == 429 and notice.headers["retry-after"] == "60"
    assert "vragen" in notice.json()["text"]
    assert len(bot.contexts) == 3
    with TestClient(create_app(settings, bot), client=("10.0.0.2", 5000)) as bob:
        assert bob.post("/api/ask", json={"question": "v"}).status_code == 200


def test_a4_conversation_is_bound_to_the_client(settings: Settings) -> None:
    bot = RecordingBot(settings)
    app = create_app(settings, bot)
    with (
        TestClient(app, client=("10.0.0.1", 1)) as one,
        TestClient(app, client=("10.0.0.2", 1)) as two,
    ):
        one.post("/api/ask", json={"question": "Helmond 2023", "conversation_id": "gedeeld"})
        two.post("/api/ask", json={"question": "en in 2022?", "conversation_id": "gedeeld"})
        one.post("/api/ask", json={"question": "los"})
    first, second, third = bot.contexts
    assert first.conversation_id != second.conversation_id  # same id, other client: no sharing
    assert first.user != second.user
    assert third.conversation_id is None  # no id: no memory
    assert {c.channel for c in bot.contexts} == {"web"}


def test_a2_the_web_scope_reaches_the_core(settings: Settings, tmp_path: Path) -> None:
    scopes = tmp_path / "scopes.yaml"
    scopes.write_text("default: all\nweb: [GM0794]\n", encoding="utf-8")
    settings = settings.model_copy(update={"scopes_file": scopes})
    bot = RecordingBot(settings)
    with TestClient(create_app(settings, bot)) as client:
        client.post("/api/ask", json={"question": "Hoeveel jeugdigen in Deurne?"})
    assert bot.contexts[0].scope == frozenset({"GM0794"})


def test_a6_core_failure_gives_a_dutch_error_and_clean_logs(settings: Settings, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    with TestClient(create_app(settings, FailingBot(settings))) as client:
        resp = client.post("/api/ask", json={"question": "kosten van Anna Bakker, BSN 111222333"})
    assert resp.status_code == 200
    assert resp.json()["kind"] == "error"
    for leak in ("SELECT", "fact_declaratie", "/opt/", ".sql", "Traceback", "KeyError"):
        assert leak not in resp.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for leak in ("Anna", "111222333", "SELECT", "kosten.sql"):
        assert leak not in logged


def test_feedback_is_recorded_for_review(settings: Settings) -> None:
    with TestClient(create_app(settings, TrendBot(settings))) as client:
        answer = client.post("/api/ask", json={"question": "trend kosten Helmond"}).json()
        resp = client.post("/api/feedback", json={"answer_id": answer["id"], "value": "down"})
        assert resp.status_code == 204
        bad = client.post("/api/feedback", json={"answer_id": "'; DROP TABLE x", "value": "down"})
        assert bad.status_code == 422
    rows = get_audit(settings.audit_path()).thumbs_down()
    assert [r.answer_id for r in rows] == [answer["id"]]


def test_series_come_with_an_svg_chart(settings: Settings) -> None:
    with TestClient(create_app(settings, TrendBot(settings))) as client:
        answer = client.post("/api/ask", json={"question": "trend"}).json()
        assert answer["chart_url"] == f"/api/chart/{answer['id']}.svg"
        chart = client.get(answer["chart_url"])
        assert chart.status_code == 200
        assert chart.headers["content-type"].startswith("image/svg+xml")
        assert "<svg" in chart.text and "€ 40.000.000" in chart.text
        assert client.get("/api/chart/" + "0" * 32 + ".svg").status_code == 404
        assert client.get("/api/chart/..%2F..%2Fetc%2Fpasswd.svg").status_code == 404


def test_slack_routes_only_when_slack_is_configured(tmp_path: Path) -> None:
    plain = Settings(_env_file=None, cache_dir=tmp_path)
    with TestClient(create_app(plain, Jeugdbot(plain))) as client:
        assert client.post("/slack/events", content=b"{}").status_code == 404
    slack = Settings(
        cache_dir=tmp_path,
        slack_signing_secret=SIGNING_SECRET,
        slack_bot_token=BOT_TOKEN,
    )
    with TestClient(create_app(slack, Jeugdbot(slack))) as client:
        assert client.post("/slack/events", content=b"{}").status_code == 401  # mounted, unsigned


# --- end to end with the real core on the demo marts -------------------------------------

HELMOND = "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?"


def test_real_core_gives_the_published_helmond_figure_and_follows_up(client: TestClient) -> None:
    first = client.post("/api/ask", json={"question": HELMOND, "conversation_id": "e2e"}).json()
    assert first["kind"] == "answer"
    assert "2.635" in first["text"]
    assert "demodata" in first["context_line"] and "peildatum 30 juni 2025" in first["context_line"]
    assert first["query"] and "GM0794" in json.dumps(first["params"])
    follow = client.post("/api/ask", json={"question": "en in 2022?", "conversation_id": "e2e"})
    assert follow.json()["kind"] == "answer"
    assert "Helmond" in follow.json()["text"] and "2022" in follow.json()["text"]
    assert "2.635" not in follow.json()["text"]
    other = client.post("/api/ask", json={"question": "en in 2022?", "conversation_id": "ander"})
    assert "Helmond" not in other.json()["text"]  # A4: another conversation has no Helmond


def test_a2_a3_real_core_refuses_outside_the_scope_even_after_an_answer(
    settings: Settings, tmp_path: Path
) -> None:
    bot = Jeugdbot(settings)  # one core, shared by an open and a narrowed app
    scopes = tmp_path / "deurne.yaml"
    scopes.write_text("default: all\nweb: [GM0762]\n", encoding="utf-8")
    narrowed = settings.model_copy(update={"scopes_file": scopes})
    with TestClient(create_app(settings, bot)) as open_app:
        answered = open_app.post("/api/ask", json={"question": HELMOND}).json()
    with TestClient(create_app(narrowed, bot)) as deurne_only:
        refused = deurne_only.post("/api/ask", json={"question": HELMOND}).json()
    assert "2.635" in answered["text"]
    assert refused["kind"] == "refuse"
    assert "2.635" not in json.dumps(refused)
    assert refused["query"] is None  # refused before any query ran
