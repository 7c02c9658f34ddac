"""Issue 12, item 1: `kosten regio per maand` showed € 0 for november 2023 to februari 2024
(and more) and stopped at december 2024.

Cause: the region's monthly series asks one row per month and gemeente plus the total (54 x
12 rows), the warehouse cut the result at `max_rows` (500) without a word, and the trend filled
the missing rows with 0 ("nobody matched"). Now the warehouse refuses to cut (TooManyRows),
fetch() asks long series in batches, and a series per maand/kwartaal runs to the data end.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bot.config import Settings
from bot.core import Jeugdbot
from bot.evaluation import GOLDEN_TODAY
from bot.marts.sqlguard import load_query
from bot.marts.warehouse import TooManyRows, Warehouse

MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def test_kosten_regio_per_maand_every_month_to_the_peildatum(
    settings: Settings, demo_marts: Path
) -> None:
    con = duckdb.connect(str(demo_marts), read_only=True)
    want = {
        f"{MONTHS[m.month - 1]} {m.year}": float(v)
        for m, v in con.execute(
            "SELECT maand, sum(bedrag_eur) FROM fact_declaratie "
            "JOIN dim_gemeente USING (gemeente_code) WHERE in_monitor GROUP BY 1"
        ).fetchall()
    }
    con.close()
    bot = Jeugdbot(settings, today=GOLDEN_TODAY)
    try:
        ans = bot.answer("kosten regio per maand")
    finally:
        bot.close()
    assert ans.series is not None
    points = {p.label.split(" (")[0]: p.value for p in ans.series.points}
    assert next(iter(points)) == "januari 2021" and list(points)[-1] == "juni 2025"
    for label in ["november 2023", "december 2023", "januari 2024", "februari 2024"]:
        assert points[label] == pytest.approx(want[label], abs=1), label
    for label, value in points.items():
        assert value == pytest.approx(want[label], abs=1), label


def test_the_warehouse_never_cuts_a_result(settings: Settings, demo_marts: Path) -> None:
    """More rows than max_rows is an error the user is told about, never a shorter list."""
    small = settings.model_copy(update={"max_rows": 3})
    wh = Warehouse(demo_marts, small)
    try:
        with pytest.raises(TooManyRows):
            wh.run(load_query("dim_gemeente", set()), {})
    finally:
        wh.close()
