"""ask(): the rules every channel shares (I6 throttling, A6 error shielding, the audit record)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.audit import get_audit
from bot.channels.common import ERROR_TEXT, THROTTLE_TEXT, Throttle, ask
from bot.config import Settings
from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind


class CountingBot(Jeugdbot):
    """The real bot, counting how often the core was asked (a spy at the channel seam)."""

    calls = 0

    def answer(self, question: str, context: Context | None = None) -> Answer:
        self.calls += 1
        return super().answer(question, context)


class FailingBot(Jeugdbot):
    def answer(self, question: str, context: Context | None = None) -> Answer:
        raise ValueError("Binder Error: SELECT * FROM fact_traject at /srv/jeugdbot/bot/core.py")


@pytest.fixture
def settings(demo_marts: Path, tmp_path: Path) -> Settings:
    return Settings(_env_file=None, marts=demo_marts, cache_dir=tmp_path, throttle_per_minute=5)


def test_i6_thirty_messages_give_k_answers_and_exactly_one_notice(settings: Settings) -> None:
    bot = CountingBot(settings)
    replies = [ask(bot, f"vraag {i}", Context(channel="slack", user="U1")) for i in range(30)]
    answered = [r for r in replies if r is not None and r.intent != "throttled"]
    notices = [r for r in replies if r is not None and r.intent == "throttled"]
    assert len(answered) == 5 == bot.calls
    assert len(notices) == 1
    assert notices[0].kind == Kind.REFUSE and notices[0].text == THROTTLE_TEXT
    assert replies[5] is notices[0]  # the notice comes with the first message over the limit
    assert replies[6:] == [None] * 24
    # a second user in the same period is answered normally
    other = ask(bot, "vraag", Context(channel="slack", user="U2"))
    assert other is not None and other.intent != "throttled"
    assert bot.calls == 6
    # only questions that reached the core are audited
    assert get_audit(settings.audit_path()).count_answers() == 6


def test_throttle_window_slides_and_the_notice_comes_again_after_a_pause() -> None:
    throttle = Throttle(per_minute=2)
    assert [throttle.check("u", now=t) for t in (0, 1, 2, 3)] == ["ok", "ok", "notice", "drop"]
    assert throttle.check("u", now=60.5) == "ok"  # the first question left the window
    assert throttle.check("u", now=61.5) == "ok"
    assert throttle.check("u", now=62) == "notice"
    throttle.forget_idle(now=500)
    assert throttle.check("u", now=500) == "ok"


def test_a6_core_errors_become_a_dutch_reply_without_internals(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    question = "Hoeveel zorg kreeg Piet de Vries (BSN 123456782) in Helmond?"
    answer = ask(FailingBot(settings), question, Context(channel="web", user="web:1"))
    assert answer is not None
    assert answer.kind == Kind.ERROR and answer.text == ERROR_TEXT
    dumped = answer.model_dump_json()
    for leak in ("SELECT", "Binder", "fact_traject", "/srv/", "core.py", "Traceback"):
        assert leak not in dumped
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "ValueError" in logged  # the operator sees what failed ...
    for leak in ("Piet", "123456782", "SELECT", "/srv/"):
        assert leak not in logged  # ... but never the question or the failing SQL


def test_every_answer_is_audited_without_the_question_text(settings: Settings) -> None:
    bot = Jeugdbot(settings)
    answer = ask(bot, "Hoeveel jeugdigen woonden bij Kees Jansen?", Context(user="U9"))
    assert answer is not None
    raw = settings.audit_path().read_bytes()
    assert b"Kees" not in raw and b"Jansen" not in raw
    assert get_audit(settings.audit_path()).count_answers() == 1
