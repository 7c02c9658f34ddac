"""The audit log keeps what the bot understood and the feedback, never what a person typed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot import audit
from bot.audit import AuditLog
from bot.models import Answer, Kind


def _answer(**kw: object) -> Answer:
    fields: dict[str, object] = {
        "kind": Kind.ANSWER,
        "text": "In 2023 hadden 2.635 jeugdigen jeugdhulp in Helmond.",
        "intent": "jeugdigen_in_zorg",
        "slots": {"gemeente": "GM0794", "jaar": 2023},
        "understood": "Helmond · 2023 · jeugdigen in zorg",
        "query": "jeugdigen_in_zorg",
    }
    return Answer.model_validate(fields | kw)


def test_question_text_is_never_stored(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    question = "Hoeveel zorg kreeg Fatima El Amrani, geboren 3 mei 2012, in Helmond?"
    log.record_answer(_answer(), question=question, channel="slack", user="U123", latency_ms=4.2)
    log.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for fragment in (b"Fatima", b"Amrani", b"3 mei 2012", b"U123"):
        assert fragment not in raw
    row = (
        sqlite3.connect(tmp_path / "audit.sqlite")
        .execute("SELECT question_hash, question_chars, intent, slots, kind, channel FROM answers")
        .fetchone()
    )
    assert len(row[0]) == 12 and row[1] == len(question)
    assert row[2:] == (
        "jeugdigen_in_zorg",
        '{"gemeente": "GM0794", "jaar": 2023}',
        "answer",
        "slack",
    )


def test_hash_groups_the_same_question_and_differs_per_file(tmp_path: Path) -> None:
    one = AuditLog(tmp_path / "a.sqlite")
    two = AuditLog(tmp_path / "b.sqlite")
    assert one.digest("Hoeveel  jeugdigen in HELMOND?") == one.digest(
        "hoeveel jeugdigen in helmond?"
    )
    assert one.digest("Helmond") != one.digest("Deurne")
    assert one.digest("Helmond") != two.digest("Helmond")  # salted per deployment
    reopened = AuditLog(tmp_path / "a.sqlite")
    assert reopened.digest("Helmond") == one.digest("Helmond")  # the salt is kept


def test_thumbs_down_lists_answers_for_review_newest_first(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite"
    good, bad, worse = _answer(), _answer(), _answer(intent="kosten")
    for a in (good, bad, worse):
        audit.record_answer(a, question="q", channel="web", user="u", latency_ms=3, path=path)
    audit.record_feedback(good.id, "up", "u1", path=path)
    audit.record_feedback(bad.id, "down", "u1", path=path)
    audit.record_feedback(worse.id, -1, "u2", path=path)
    rows = audit.thumbs_down(path=path)
    assert [r.answer_id for r in rows] == [worse.id, bad.id]
    assert rows[0].intent == "kosten" and rows[1].slots == {"gemeente": "GM0794", "jaar": 2023}
    # a user who changes their mind replaces their vote
    audit.record_feedback(bad.id, "up", "u1", path=path)
    assert [r.answer_id for r in audit.thumbs_down(path=path)] == [worse.id]


def test_feedback_values_are_checked(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.sqlite")
    with pytest.raises(ValueError):
        log.record_feedback("a" * 32, 5, "u")


def test_a_broken_audit_file_never_breaks_answering(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite"
    audit.record_answer(_answer(), question="q", channel="web", user=None, latency_ms=1, path=path)
    audit.get_audit(path).close()  # e.g. the disk went away
    audit.record_answer(_answer(), question="q", channel="web", user=None, latency_ms=1, path=path)
