"""A stand on one day (issue 12, item 3): "eind 2023", "begin 2024", "per 1 januari 2024" are
counted on that day, checked against plain SQL over the raw fact_traject; a measure that adds up
over a period (kosten, gestarte trajecten) on one day is asked back, never given the year."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.models import Context, Kind
from bot.render.format import fmt_int


def _stand(marts, gemeente: str, day: date, distinct: str) -> int:  # type: ignore[no-untyped-def]
    with duckdb.connect(str(marts), read_only=True) as con:
        row = con.execute(
            f"SELECT count(DISTINCT {distinct}) FROM fact_traject WHERE gemeente_code = ? "
            "AND startdatum <= ? AND (einddatum IS NULL OR einddatum >= ?)",
            [gemeente, day, day],
        ).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize(
    ("q", "gemeente", "day", "distinct"),
    [
        (
            "hoeveel jeugdigen in zorg in Helmond eind 2023",
            "GM0794",
            date(2023, 12, 31),
            "client_id",
        ),
        ("jeugdigen Deurne begin 2024", "GM0762", date(2024, 1, 1), "client_id"),
        ("lopende trajecten per 1 januari 2024 in Asten", "GM0743", date(2024, 1, 1), "traject_id"),
        (
            "hoeveel jeugdigen zaten op 30 juni 2024 in zorg in Nuenen",
            "GM0820",
            date(2024, 6, 30),
            "client_id",
        ),
    ],
)
def test_a_stand_on_a_day(
    bot: Jeugdbot, demo_marts, q: str, gemeente: str, day: date, distinct: str
) -> None:  # type: ignore[no-untyped-def]
    ans = bot.answer(q, Context(channel="cli", conversation_id=f"day-{q}"))
    expected = _stand(demo_marts, gemeente, day, distinct)
    assert ans.intent == "cijfer", ans.text
    assert f"op {day.day} " in ans.text and f": {fmt_int(expected)}." in ans.text.replace("*", "")


@pytest.mark.parametrize(
    "q", ["kosten Helmond eind 2023", "gestarte trajecten per 1 januari 2024 in Deurne"]
)
def test_a_flow_on_a_day_is_asked_back(bot: Jeugdbot, q: str) -> None:
    ans = bot.answer(q, Context(channel="cli", conversation_id=f"day-{q}"))
    assert ans.kind == Kind.CLARIFY and ans.intent == "periode_dag"
    follow = bot.answer(ans.options[0].value, Context(channel="cli", conversation_id=f"day2-{q}"))
    assert follow.intent == "cijfer" and ("Helmond" in follow.text or "Deurne" in follow.text)
