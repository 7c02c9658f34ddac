"""Every share and "samen" cell of the oracle grid (tests/oracle/cells_shares.py) through
Jeugdbot.answer(), each checked against plain SQL over the raw marts: no disagreement, no
parse failure and no question back."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb

from tests.oracle.cells_shares import SHARE_SHAPES, cells, expected_share
from tests.oracle.grid import check
from tests.oracle.oracle import Oracle


def test_every_share_and_union_cell_agrees(demo_marts: Path, tmp_path: Path) -> None:
    from bot.config import Settings
    from bot.core import Jeugdbot
    from bot.evaluation import GOLDEN_TODAY
    from bot.models import Context

    o = Oracle(demo_marts)
    settings = Settings(marts=demo_marts, cache_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    bot = Jeugdbot(settings, today=GOLDEN_TODAY)
    try:
        todo = list(cells(o))
        outcomes = [
            check(o, c, bot.answer(c.question, Context(conversation_id=None, channel="api")))
            for c in todo
        ]
    finally:
        bot.close()
        o.close()
    assert {c.shape for c in todo} == set(SHARE_SHAPES)
    bad = [f"{x.cell.question!r}: {x.status} {x.detail}" for x in outcomes if x.status != "ok"]
    assert not bad, f"{len(bad)} of {len(outcomes)}: " + "\n".join(bad[:25])
    # the rule is exercised: some shares are hidden (a part of 1-4 youths), most are shown
    counts = Counter(x.cell.shape for x in outcomes)
    assert min(counts.values()) >= 50, counts


def test_the_oracle_share_is_the_hand_count_and_hides_a_part_of_few_youths(
    demo_marts: Path,
) -> None:
    """The oracle's share once more by hand (so it is not wrong the same way twice), and a
    share of 1-4 youths hidden by the oracle's own rule."""
    o = Oracle(demo_marts)
    try:
        asten = next(c for c, n in o.gemeenten.items() if n == "Asten")
        got = expected_share(o, "jeugdigen", [asten], 2023, ("segment", 1))
        small = expected_share(o, "jeugdigen", [asten], 2023, ("productcode", "43A14"))
    finally:
        o.close()
    con = duckdb.connect(str(demo_marts), read_only=True)
    sql = (
        "SELECT count(DISTINCT client_id) FILTER (WHERE p.segment_nr = 1), "
        "count(DISTINCT client_id) FROM fact_traject t JOIN dim_product p USING (productcode) "
        "WHERE t.gemeente_code = ? AND t.startdatum <= DATE '2023-12-31' "
        "AND coalesce(t.einddatum, DATE '9999-12-31') >= DATE '2023-01-01'"
    )
    part, whole = con.execute(sql, [asten]).fetchall()[0]
    con.close()
    assert got == (part / whole * 100, part, whole) and 0 < part < whole
    assert small[0] is None and 0 < small[1] < 5
