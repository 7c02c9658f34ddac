"""A share of a monitor measure is answered as a share, or asked back; never as the count.

"hoeveel procent van de jeugdigen in zorg in Asten zat in 2023 in segment 1" answered the count
45, "hoeveel procent van de kinderen in Asten had jeugdhulp" the count 372. The expected shares
here come from plain SQL over the raw demo marts (no bot code): a filtered measure over the same
measure unfiltered, and the jeugdigen in zorg over fact_inwoners.jeugdigen_0_17.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.models import Context, Kind

ASTEN, HELMOND, DEURNE = "GM0743", "GM0794", "GM0762"


def _sql(marts: Path, sql: str, params: list[object]) -> float:
    con = duckdb.connect(str(marts), read_only=True)
    try:
        return float(con.execute(sql, params).fetchall()[0][0] or 0)
    finally:
        con.close()


def _youths(marts: Path, codes: list[str], year: int, where: str = "", arg: object = None) -> int:
    sql = (
        "SELECT count(DISTINCT t.client_id) FROM fact_traject t JOIN dim_product p "
        "USING (productcode) WHERE list_contains(?, t.gemeente_code) "
        f"AND t.startdatum <= make_date(?, 12, 31) "
        f"AND coalesce(t.einddatum, DATE '9999-12-31') >= make_date(?, 1, 1){where}"
    )
    args: list[object] = [codes, year, year] + ([arg] if where else [])
    return int(_sql(marts, sql, args))


def _kosten(marts: Path, codes: list[str] | None, year: int, where: str = "", arg: object = None):
    area = "list_contains(?, d.gemeente_code)" if codes else (
        "d.gemeente_code IN (SELECT gemeente_code FROM dim_gemeente WHERE in_monitor)"
    )  # fmt: skip
    sql = (
        "SELECT sum(d.bedrag_eur) FROM fact_declaratie d JOIN dim_product p USING (productcode) "
        f"WHERE {area} AND year(d.maand) = ?{where}"
    )
    args: list[object] = ([codes] if codes else []) + [year] + ([arg] if where else [])
    return _sql(marts, sql, args)


def _pct(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + "%"


def _nl(n: float) -> str:
    return f"{round(n):,}".replace(",", ".")


def _ask(bot: Jeugdbot, q: str):  # type: ignore[no-untyped-def]
    return bot.answer(q, Context(channel="cli", conversation_id=f"share-{q}"))


def test_share_of_youths_in_a_segment(bot: Jeugdbot, demo_marts: Path) -> None:
    q = "hoeveel procent van de jeugdigen in zorg in Asten zat in 2023 in segment 1"
    part = _youths(demo_marts, [ASTEN], 2023, " AND p.segment_nr = ?", 1)
    whole = _youths(demo_marts, [ASTEN], 2023)
    ans = _ask(bot, q)
    assert ans.kind == Kind.ANSWER and ans.intent == "aandeel", ans.text
    assert f"*{_pct(part / whole * 100)}*" in ans.text, ans.text
    assert f"{part} van de {whole} jeugdigen in zorg" in ans.text
    assert "maat aandeel segment 1 in jeugdigen in zorg" in ans.text


@pytest.mark.parametrize(
    "q",
    [
        "hoeveel procent van de kinderen in Asten had jeugdhulp in 2023",
        "hoeveel procent van de kinderen van 0-17 in Asten had in 2023 jeugdhulp",
        "welk percentage van de jeugdigen in Asten had in 2023 jeugdhulp",
    ],
)
def test_share_of_the_population(bot: Jeugdbot, demo_marts: Path, q: str) -> None:
    count = _youths(demo_marts, [ASTEN], 2023)
    base = _sql(
        demo_marts,
        "SELECT jeugdigen_0_17 FROM fact_inwoners WHERE gemeente_code = ? AND jaar = 2023",
        [ASTEN],
    )
    ans = _ask(bot, q)
    assert ans.kind == Kind.ANSWER and ans.intent == "aandeel", ans.text
    assert f"*{_pct(count / base * 100)}*" in ans.text, ans.text
    assert f"{_nl(count)} jeugdigen in zorg op {_nl(base)} inwoners van 0-17 jaar" in ans.text
    assert "18 jaar of ouder" in ans.text  # the age-band caveat
    assert "*372*" not in ans.text


def test_share_of_all_inhabitants_is_not_a_published_share_of_segment_2(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    """ "van de inwoners" is all ages; the factsheet's "cliënten segment 2 ten opzichte van alle
    inwoners" (0,13%) is the share of segment 2 only, another figure."""
    count = _youths(demo_marts, [HELMOND], 2023)
    base = _sql(
        demo_marts,
        "SELECT inwoners FROM fact_inwoners WHERE gemeente_code = ? AND jaar = 2023",
        [HELMOND],
    )
    ans = _ask(bot, "hoeveel procent van de inwoners van Helmond had in 2023 jeugdhulp")
    assert ans.intent == "aandeel", ans.text
    assert f"*{_pct(count / base * 100)}*" in ans.text and "0,13%" not in ans.text, ans.text
    assert "alle leeftijden" in ans.text


def test_share_of_the_costs_region_and_gemeente(bot: Jeugdbot, demo_marts: Path) -> None:
    part = _kosten(demo_marts, None, 2024, " AND p.segment_nr = ?", 2)
    whole = _kosten(demo_marts, None, 2024)
    ans = _ask(bot, "welk deel van de kosten ging in 2024 naar segment 2")
    assert ans.kind == Kind.ANSWER and ans.intent == "aandeel", ans.text
    assert f"*{_pct(part / whole * 100)}*" in ans.text, ans.text
    assert f"€ {_nl(part)} van in totaal € {_nl(whole)}" in ans.text
    assert "regio" in ans.text.split("\n")[0]
    part = _kosten(demo_marts, [HELMOND], 2024, " AND p.productcode = ?", "43A09")
    whole = _kosten(demo_marts, [HELMOND], 2024)
    ans = _ask(bot, "aandeel pleegzorg in de kosten van Helmond 2024")
    assert ans.kind == Kind.ANSWER and ans.intent == "aandeel", ans.text
    assert f"*{_pct(part / whole * 100)}*" in ans.text, ans.text


def test_a_share_of_a_union(bot: Jeugdbot, demo_marts: Path) -> None:
    q = "welk deel van de jeugdigen in zorg in Helmond en Deurne samen zat in 2023 in segment 2"
    part = _youths(demo_marts, [HELMOND, DEURNE], 2023, " AND p.segment_nr = ?", 2)
    whole = _youths(demo_marts, [HELMOND, DEURNE], 2023)
    ans = _ask(bot, q)
    assert f"*{_pct(part / whole * 100)}*" in ans.text, ans.text
    assert "Helmond en Deurne samen" in ans.text


@pytest.mark.parametrize(
    "q",
    [
        "hoeveel procent van de kosten in Helmond 2024",  # a share of what?
        "welk percentage jeugdigen in Asten 2023",  # of the inhabitants, or the count?
        "hoeveel procent van de kosten ging in 2023 naar segment 1 in Deurne en in Asten",
        "wat is het aandeel segment 2 in de kosten per gemeente 2024",
        "welk percentage van de zorgkosten ging naar helmond",
        "hoeveel procent van de aanbieders in Asten 2023",
    ],
)
def test_a_share_it_cannot_make_is_asked_back_never_counted(bot: Jeugdbot, q: str) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.CLARIFY, (q, ans.intent, ans.text)
    assert "€" not in ans.text and not re.search(r"\*\d", ans.text), ans.text


def test_a_small_part_is_no_share(bot: Jeugdbot, demo_marts: Path) -> None:
    """1-4 youths in a product: the share would reveal the count (share × the total)."""
    part = _youths(demo_marts, [ASTEN], 2023, " AND p.productcode = ?", "43A14")
    assert 0 < part < 5
    ans = _ask(bot, "hoeveel procent van de jeugdigen in zorg in Asten had in 2023 product 43A14")
    assert ans.kind == Kind.ANSWER
    first = ans.text.split("\n")[0]
    assert not re.search(r"\d+,\d%", first) and f" {part} " not in first, first


@pytest.mark.parametrize(
    "q",
    [
        "met hoeveel procent stegen de kosten in Helmond in 2023",
        "hoeveel procent is de zorg duurder geworden in 2023 in Helmond",
        "kostenontwikkeling Helmond 2023",
    ],
)
def test_a_change_in_percent_is_no_share(bot: Jeugdbot, q: str) -> None:
    ans = _ask(bot, q)
    assert ans.intent != "aandeel" and "Je vraagt een aandeel" not in ans.text, ans.text


def test_a_follow_up_of_a_share_never_gets_the_figure_before_it(bot: Jeugdbot) -> None:
    ctx = Context(channel="cli", conversation_id="share-follow-up")
    bot.answer("kosten Helmond 2024", ctx)
    bot.answer("welk deel van de kosten van Helmond ging in 2024 naar segment 2", ctx)
    again = bot.answer("en in 2023?", ctx)
    assert "Kosten (declaraties) in Helmond in 2023" not in again.text, again.text


def test_under_the_cbs_rule_the_share_is_of_the_rounded_counts(
    demo_marts: Path, tmp_path: Path
) -> None:
    """'cbs' rounds counts to 5: a share of the exact counts with one decimal would give them
    back, so the share is of the counts as shown."""
    from datetime import date

    from bot.config import Settings

    settings = Settings(
        marts=demo_marts,
        cache_dir=tmp_path,
        disclosure="cbs",
        _env_file=None,  # type: ignore[call-arg]
    )
    cbs = Jeugdbot(settings, today=date(2025, 9, 1))
    try:
        part = _youths(demo_marts, [ASTEN], 2023, " AND p.segment_nr = ?", 1)
        whole = _youths(demo_marts, [ASTEN], 2023)
        shown = (5 * round(part / 5), 5 * round(whole / 5))
        text = _ask(
            cbs, "hoeveel procent van de jeugdigen in zorg in Asten zat in 2023 in segment 1"
        ).text
    finally:
        cbs.close()
    assert f"*{_pct(shown[0] / shown[1] * 100)}*" in text, text
    assert f"{shown[0]} van de {shown[1]} jeugdigen in zorg" in text


@pytest.mark.parametrize(
    ("q", "onderwerp"),
    [
        (
            "hoeveel procent van de jeugdige inwoners in Helmond had in het eerste halfjaar "
            "2023 segment 2",
            "cliënten segment 2 ten opzichte van jeugdige inwoners",
        ),
        (
            "Welk deel van de cliënten jeugdhulp in Peelgemeenten zat in het eerste halfjaar "
            "van 2023 in segment 2?",
            "aandeel segment 2 in cliënten jeugdhulp eerste halfjaar",
        ),
    ],
)
def test_the_published_share_that_is_the_asked_share_comes_first(
    bot: Jeugdbot, q: str, onderwerp: str
) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.ANSWER and "Programmaplan" in ans.text and onderwerp in ans.text


def test_share_of_a_place_in_its_region(bot: Jeugdbot, demo_marts: Path) -> None:
    """ "welk deel van de kosten van de regio ging naar Helmond": the router reads a place and
    its region as a comparison; a share of the one in the other is asked."""
    part = _kosten(demo_marts, [HELMOND], 2024)
    whole = _kosten(demo_marts, None, 2024)
    ans = _ask(bot, "welk deel van de kosten van de regio ging in 2024 naar Helmond")
    assert ans.intent == "aandeel", ans.text
    assert f"*{_pct(part / whole * 100)}*" in ans.text, ans.text
    assert f"€ {_nl(part)} van in totaal € {_nl(whole)}" in ans.text


def _monitor_codes(marts: Path) -> list[str]:
    con = duckdb.connect(str(marts), read_only=True)
    try:
        return [
            r[0]
            for r in con.execute(
                "SELECT gemeente_code FROM dim_gemeente WHERE in_monitor"
            ).fetchall()
        ]
    finally:
        con.close()  # fmt: skip


@pytest.mark.parametrize(
    ("q", "part_where", "part_args", "whole_where", "whole_arg"),
    [
        (
            # the base names pleegzorg: the share of GI among the pleegzorg clients, not of
            # (pleegzorg and GI) among all clients
            "welk deel van de pleegzorgcliënten in de regio werd in 2024 door een GI verwezen",
            " AND t.productcode = ? AND t.verwijzer = 'gecertificeerde instelling'",
            "43A09",
            " AND t.productcode = ?",
            "43A09",
        ),
        (
            "hoeveel procent van de jeugdigen in segment 2 in de regio zat in 2024 in pleegzorg",
            " AND t.productcode = ?",
            "43A09",
            " AND p.segment_nr = ?",
            2,
        ),
    ],
)
def test_a_filter_in_the_base_is_the_wholes(
    bot: Jeugdbot,
    demo_marts: Path,
    q: str,
    part_where: str,
    part_args: object,
    whole_where: str,
    whole_arg: object,
) -> None:
    codes = _monitor_codes(demo_marts)
    part = _youths(demo_marts, codes, 2024, part_where, part_args)
    whole = _youths(demo_marts, codes, 2024, whole_where, whole_arg)
    ans = _ask(bot, q)
    assert ans.kind == Kind.ANSWER and ans.intent == "aandeel", ans.text
    assert f"*{_pct(part / whole * 100)}*" in ans.text, (part, whole, ans.text)


@pytest.mark.parametrize(
    ("q", "said"),
    [
        ("welk deel van de kosten van Eindhoven ging in 2024 naar segment 2", "Eindhoven"),
        ("welk deel van de kosten ging in 2030 naar segment 2", "2030"),
        ("welk deel van de pleegzorgcliënten in Helmond werd in 2019 door een GI verwezen", "2019"),
    ],
)
def test_a_share_outside_the_marts_is_said_not_computed(bot: Jeugdbot, q: str, said: str) -> None:
    ans = _ask(bot, q)
    assert said in ans.text and "%" not in ans.text, ans.text
