"""Words users type that name what the monitor counts in their own way: diminutives
("kindertjes", "kindjes") are the jeugdigen, and "voor rekening van" says whose part a share is.
Expected values from plain SQL on the demo marts."""

from __future__ import annotations

from pathlib import Path

import duckdb

from bot.core import Jeugdbot
from bot.models import Context, Kind


def _youths(marts: Path, code: str, year: int) -> int:
    con = duckdb.connect(str(marts), read_only=True)
    try:
        row = con.execute(
            "SELECT count(DISTINCT client_id) FROM fact_traject WHERE gemeente_code = ? "
            "AND startdatum <= make_date(?, 12, 31) "
            "AND coalesce(einddatum, DATE '9999-12-31') >= make_date(?, 1, 1)",
            [code, year, year],
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return int(row[0])


def test_diminutives_are_the_jeugdigen(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("hoeveel kindjes kregen in 2024 jeugdhulp in Laarbeek", Context())
    assert ans.kind == Kind.ANSWER, ans.text
    assert f"*{_youths(demo_marts, 'GM1659', 2024)}*" in ans.text, ans.text


def test_voor_rekening_van_names_the_part_of_a_share(bot: Jeugdbot) -> None:
    ans = bot.answer(
        "welk deel van de kosten van de regio kwam in 2023 voor rekening van Asten", Context()
    )
    assert ans.kind == Kind.ANSWER and ans.intent == "aandeel", ans.text
    assert "Asten" in ans.text and "%" in ans.text
