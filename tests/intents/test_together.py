"""'X en Y samen': one figure for the union of the places, with its members named.

"gestarte trajecten veldhoven en helmond samen in 2024" listed the two side by side. A sum
(costs, trajectories) names the parts; a distinct count (youths, providers) is counted over
the places together, which may be less than the parts' sum, and says so. Expected figures come
from plain SQL over the raw demo marts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.intents.base import Run
from bot.intents.compose import union_note
from bot.intents.measures import METRICS, Cell, Fetched
from bot.models import Context, Kind

CODES = {"Asten": "GM0743", "Deurne": "GM0762", "Helmond": "GM0794", "Veldhoven": "GM0861"}


def _one(marts: Path, sql: str, params: list[object]) -> float:
    con = duckdb.connect(str(marts), read_only=True)
    try:
        return float(con.execute(sql, params).fetchall()[0][0] or 0)
    finally:
        con.close()


def _nl(n: float) -> str:
    return f"{round(n):,}".replace(",", ".")


def _ask(bot: Jeugdbot, q: str):  # type: ignore[no-untyped-def]
    ans = bot.answer(q, Context(channel="cli", conversation_id=f"samen-{q}"))
    assert ans.kind == Kind.ANSWER, (q, ans.intent, ans.text)
    return ans


STARTED = (
    "SELECT count(*) FROM fact_traject WHERE list_contains(?, gemeente_code) "
    "AND year(startdatum) = 2024"
)
YOUTHS = (
    "SELECT count(DISTINCT client_id) FROM fact_traject WHERE list_contains(?, gemeente_code) "
    "AND startdatum <= DATE '2023-12-31' AND coalesce(einddatum, DATE '9999-12-31') >= "
    "DATE '2023-01-01'"
)
PROVIDERS = YOUTHS.replace("count(DISTINCT client_id)", "count(DISTINCT aanbieder_code)")


@pytest.mark.parametrize(
    "q",
    [
        "gestarte trajecten veldhoven en helmond samen in 2024",
        "gestarte trajecten veldhoven en helmond bij elkaar in 2024",
        "hoeveel trajecten zijn in 2024 gestart in veldhoven en helmond opgeteld",
        "gestarte trajecten in totaal in veldhoven en helmond in 2024",
    ],
)
def test_a_sum_is_one_figure_with_its_members(bot: Jeugdbot, demo_marts: Path, q: str) -> None:
    both = _one(demo_marts, STARTED, [[CODES["Veldhoven"], CODES["Helmond"]]])
    each = [_one(demo_marts, STARTED, [[CODES[n]]]) for n in ("Veldhoven", "Helmond")]
    ans = _ask(bot, q)
    first = ans.text.split("\n")[0]
    assert f"*{_nl(both)}*" in first, first
    assert f"Veldhoven {_nl(each[0])}, Helmond {_nl(each[1])}" in first
    assert "samen" in first and ans.intent == "cijfer"


def test_distinct_youths_over_both(bot: Jeugdbot, demo_marts: Path) -> None:
    both = _one(demo_marts, YOUTHS, [[CODES["Asten"], CODES["Deurne"]]])
    ans = _ask(bot, "jeugdigen asten en deurne samen 2023")
    first = ans.text.split("\n")[0]
    assert f"*{_nl(both)}*" in first and "Asten en Deurne samen" in first, first
    assert "telt in meer dan één" in first


def test_distinct_providers_are_less_than_their_sum(bot: Jeugdbot, demo_marts: Path) -> None:
    both = _one(demo_marts, PROVIDERS, [[CODES["Asten"], CODES["Deurne"]]])
    each = [_one(demo_marts, PROVIDERS, [[CODES[n]]]) for n in ("Asten", "Deurne")]
    assert sum(each) - both >= 5
    first = _ask(bot, "aanbieders asten en deurne samen 2023").text.split("\n")[0]
    assert f"*{_nl(both)}*" in first, first
    assert f"opgeteld {_nl(sum(each))}, maar {_nl(sum(each) - both)} aanbieders" in first


def test_without_samen_the_places_stay_apart(bot: Jeugdbot) -> None:
    ans = _ask(bot, "gestarte trajecten veldhoven en helmond in 2024")
    assert "Veldhoven" in ans.text and "samen" not in ans.text.split("\n")[0]
    assert ans.intent != "cijfer"


def test_samen_with_one_place_changes_nothing(bot: Jeugdbot) -> None:
    a = _ask(bot, "kosten segment 2 (gezinsnabij en wonen samen) Helmond 2023")
    assert "één cijfer voor" not in a.text


def test_a_small_difference_of_youths_is_never_shown(bot: Jeugdbot) -> None:
    """Two gemeenten of 5 youths each and 8 together: 2 youths in both is a count of 1-4, and
    the parts with the union would show it, so the parts are left out."""
    wh = bot.warehouse
    run = Run(wh=wh, settings=bot.settings, disclosure=bot.disclosure, today=date(2025, 9, 1))
    a, b = CODES["Asten"], CODES["Deurne"]
    data = Fetched(
        METRICS["jeugdigen"], cells={(0, None): Cell(8), (0, a): Cell(5), (0, b): Cell(5)}
    )
    note = union_note(run, METRICS["jeugdigen"], data, [a, b])
    assert "samen" in note and "5" not in note and "2" not in note, note
    # costs of 1-4 youths are hidden, so a sum does not name its parts (the union minus the
    # other part would show them)
    data.cells[(0, None)] = Cell(9000.0, youths=12)
    data.cells[(0, a)] = Cell(2000.0, youths=2)
    data.cells[(0, b)] = Cell(7000.0, youths=10)
    note = union_note(run, METRICS["kosten"], data, [a, b])
    assert "€" not in note and "opgeteld" in note, note
