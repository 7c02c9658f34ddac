"""Rankings and filters over sub-regions and within one, follow-ups that keep a sub-region, and
every area's parameters under "toon query" — through `Jeugdbot.answer()` on the demo marts.

Figures are checked against plain SQL over the raw marts and the members read from the
reference CSV, so a sum of member figures or a ranking over the wrong gemeenten would fail."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.entities import SUBREGIOS_FILE
from bot.models import Context
from bot.render.format import fmt_eur, fmt_int

PEEL = ("Asten", "Deurne", "Gemert-Bakel", "Laarbeek", "Someren")


def members(naam: str) -> list[str]:
    with SUBREGIOS_FILE.open(encoding="utf-8", newline="") as f:
        return [r["gemeente_code"] for r in csv.DictReader(f) if r["subregio"] == naam]


def subregions() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with SUBREGIOS_FILE.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            out.setdefault(r["subregio"], []).append(r["gemeente_code"])
    return out


def youths(marts: Path, codes: list[str], year: int) -> int:
    sql = """
        SELECT count(DISTINCT client_id) FROM fact_traject
        WHERE list_contains($codes, gemeente_code)
          AND startdatum <= make_date($y, 12, 31)
          AND (einddatum IS NULL OR einddatum >= make_date($y, 1, 1))
    """
    with duckdb.connect(str(marts), read_only=True) as con:
        row = con.execute(sql, {"codes": codes, "y": year}).fetchone()
    assert row is not None
    return int(row[0])


def costs(marts: Path, codes: list[str], year: int) -> float:
    sql = """
        SELECT coalesce(sum(bedrag_eur), 0) FROM fact_declaratie
        WHERE list_contains($codes, gemeente_code) AND year(maand) = $y
    """
    with duckdb.connect(str(marts), read_only=True) as con:
        row = con.execute(sql, {"codes": codes, "y": year}).fetchone()
    assert row is not None
    return float(row[0])


def started(marts: Path, code: str, year: int) -> int:
    sql = "SELECT count(*) FROM fact_traject WHERE gemeente_code = $c AND year(startdatum) = $y"
    with duckdb.connect(str(marts), read_only=True) as con:
        row = con.execute(sql, {"c": code, "y": year}).fetchone()
    assert row is not None
    return int(row[0])


def _name(code: str) -> str:
    with SUBREGIOS_FILE.open(encoding="utf-8", newline="") as f:
        return next(r["gemeente_naam"] for r in csv.DictReader(f) if r["gemeente_code"] == code)


def test_a_level_ranking_of_the_subregions(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("welke subregio had in 2022 de minste jeugdigen")
    assert ans.intent == "ranglijst"
    want = {naam: youths(demo_marts, codes, 2022) for naam, codes in subregions().items()}
    low = min(want, key=lambda k: want[k])
    assert f"{low} (*{fmt_int(want[low])}*)" in ans.text
    assert ans.table is not None
    assert len(ans.table.rows) == 4  # Helmond, Peelgemeenten, Dommelvallei+, Veldhoven
    by_name = {row[1].split(" (")[0]: row[2] for row in ans.table.rows}
    assert by_name == {k: fmt_int(v) for k, v in want.items()}
    assert "Peelgemeenten (Asten, Deurne, Gemert-Bakel, Laarbeek en Someren)" in [
        row[1] for row in ans.table.rows
    ]
    assert "referentiedata" in ans.text  # where the membership comes from


def test_a_change_ranking_of_the_subregions(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("welke subregio daalde het sterkst in kosten van 2023 naar 2024")
    assert ans.intent == "ranglijst"
    change = {
        naam: (costs(demo_marts, codes, 2024) - costs(demo_marts, codes, 2023))
        / costs(demo_marts, codes, 2023)
        for naam, codes in subregions().items()
    }
    most = min(change, key=lambda k: change[k])
    assert ans.text.startswith("Het sterkst gedaald van de subregio's in kosten (declaraties) ")
    pct = f"{change[most] * 100:+.1f}".replace(".", ",")
    assert f"{most} (*{pct}%*)" in ans.text


def test_top_two_subregions_per_1000(bot: Jeugdbot) -> None:
    ans = bot.answer("top 2 subregio's jeugdigen per 1000 in 2023")
    assert ans.intent == "ranglijst"
    assert "per 1.000 jeugdigen" in ans.text and "Top 2 (hoogste)" in ans.text
    assert ans.table is not None and len(ans.table.rows) == 4


def test_a_ranking_within_a_subregion_ranks_only_its_members(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    ans = bot.answer("welke gemeente van dommelvallei+ had de laagste kosten in 2023")
    assert ans.intent == "ranglijst"
    codes = members("Dommelvallei+")
    assert ans.table is not None and len(ans.table.rows) == len(codes)
    low = min(codes, key=lambda c: costs(demo_marts, [c], 2023))
    assert f"{_name(low)} (*{fmt_eur(costs(demo_marts, [low], 2023))}*)" in ans.text
    assert "in Dommelvallei+" in ans.text and "referentiedata" in ans.text
    assert ans.understood is not None
    assert "Dommelvallei+ (Geldrop-Mierlo, Nuenen, Son en Breugel en Waalre)" in ans.text


def test_top_two_within_the_peel(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("top 2 gemeenten in de peel naar gestarte trajecten in 2023")
    assert ans.intent == "ranglijst"
    codes = members("Peelgemeenten")
    best = sorted(codes, key=lambda c: -started(demo_marts, c, 2023))[:2]
    assert ans.table is not None
    assert [row[1] for row in ans.table.rows[:2]] == [_name(c) for c in best]
    assert {row[1] for row in ans.table.rows} == set(PEEL)


def test_a_filter_within_a_subregion(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("waar in de peel daalden de kosten in 2024")
    assert ans.intent == "filter"
    assert ans.table is not None
    assert {row[0] for row in ans.table.rows} == set(PEEL)
    fell = [
        c
        for c in members("Peelgemeenten")
        if costs(demo_marts, [c], 2024) < costs(demo_marts, [c], 2023)
    ]
    assert f"in {len(fell)} van de 5 gemeenten van Peelgemeenten" in ans.text


def test_a_filter_over_the_subregions(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("in welke subregio's steeg het aantal jeugdigen in 2023")
    assert ans.intent == "filter"
    rose = [
        n
        for n, codes in subregions().items()
        if youths(demo_marts, codes, 2023) > youths(demo_marts, codes, 2022)
    ]
    assert f"in {len(rose)} van de 4 subregio's" in ans.text


def _conversation(bot: Jeugdbot, questions: list[str]) -> list[str]:
    ctx = Context(channel="cli", conversation_id=f"t-{uuid.uuid4().hex}")
    return [bot.answer(q, ctx).understood or "" for q in questions]


PEEL_LABEL = "Peelgemeenten (Asten, Deurne, Gemert-Bakel, Laarbeek en Someren)"


def test_follow_ups_keep_the_subregion(bot: Jeugdbot) -> None:
    seen = _conversation(
        bot, ["kosten de peel 2022", "en in 2021?", "en het aantal jeugdigen?", "en per verwijzer?"]
    )
    assert all(PEEL_LABEL in u for u in seen), seen
    assert "2021" in seen[1] and "jeugdigen in zorg" in seen[2] and "verwijzer" in seen[3]


def test_a_follow_up_naming_a_subregion_switches_to_it(bot: Jeugdbot) -> None:
    seen = _conversation(bot, ["kosten Helmond 2022", "en voor dommelvallei?"])
    assert "Dommelvallei+ (Geldrop-Mierlo" in seen[1] and "kosten" in seen[1], seen
    assert "2022" in seen[1]


def test_a_follow_up_of_a_subregion_ranking_ranks_them_again(bot: Jeugdbot) -> None:
    ctx = Context(channel="cli", conversation_id=f"t-{uuid.uuid4().hex}")
    bot.answer("welke subregio had in 2022 de minste jeugdigen", ctx)
    ans = bot.answer("en in 2023?", ctx)
    assert ans.intent == "ranglijst"
    assert "van de subregio's in 2023" in ans.text


def test_the_population_of_a_subregion_is_a_numbers_question(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    with duckdb.connect(str(demo_marts), read_only=True) as con:
        row = con.execute(
            "SELECT sum(inwoners) FROM fact_inwoners "
            "WHERE list_contains($c, gemeente_code) AND jaar = 2022",
            {"c": members("Peelgemeenten")},
        ).fetchone()
    assert row is not None
    for q in ("aantal inwoners de peel 2022", "hoeveel inwoners heeft de peel in 2022"):
        ans = bot.answer(q)
        assert ans.intent == "cijfer", q
        assert f"*{fmt_int(row[0])}*" in ans.text, q


def test_a_comparison_with_a_subregion_shows_every_areas_parameters(bot: Jeugdbot) -> None:
    ans = bot.answer("kosten Helmond vs Dommelvallei+ 2022")
    assert ans.intent == "vergelijking"
    assert ans.params["Helmond"]["gemeenten"] == ["GM0794"]
    assert sorted(ans.params["Dommelvallei+"]["gemeenten"]) == sorted(members("Dommelvallei+"))
    assert ans.params["Helmond"]["starts"] == ["2022-01-01"]


@pytest.mark.parametrize("question", ["jeugdigen in zorg Helmond vs Veldhoven 2022"])
def test_two_gemeenten_keep_one_flat_parameter_set(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question)
    assert sorted(ans.params["gemeenten"]) == ["GM0794", "GM0861"]
