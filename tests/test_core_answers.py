"""Answers a user reads every day, checked end to end through the core on the demo marts."""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import Settings
from bot.core import Jeugdbot
from bot.models import Kind


@pytest.fixture(scope="module")
def bot(demo_marts, tmp_path_factory: pytest.TempPathFactory) -> Jeugdbot:  # type: ignore[no-untyped-def]
    settings = Settings(
        marts=demo_marts,
        cache_dir=tmp_path_factory.mktemp("c"),
        _env_file=None,  # type: ignore[call-arg]
    )
    return Jeugdbot(settings, today=date(2026, 11, 23))


def test_published_figures_cite_the_document_and_are_not_called_demo(bot: Jeugdbot) -> None:
    ans = bot.answer("wat staat er in de 0-meting over Helmond?")
    assert ans.kind == Kind.ANSWER and ans.intent == "kengetal"
    assert "Programmaplan Een 10 voor de Jeugd 2024-2028" in ans.text
    assert "demodata" not in ans.text and not ans.demo
    assert all(s.titel.startswith("Programmaplan") for s in ans.sources)
    # The 0-meting's own figures, quoted (Bijlage 2: Helmond 2.602 in 2022, 2.635 in 2023).
    assert ans.table is not None and "2.602" in ans.text and "2.635" in ans.text
    assert "gepubliceerde cijfers uit de beleidsdocumenten" in ans.text
    assert all("0-meting" in (s.locatie or "") for s in ans.sources)


def test_a_trend_change_stops_at_the_last_complete_year(bot: Jeugdbot) -> None:
    ans = bot.answer("hoe ontwikkelden de kosten in de regio sinds 2021")
    assert ans.kind == Kind.ANSWER and ans.intent == "trend"
    assert "Van 2021 tot 2024:" in ans.text
    assert "tot 2025:" not in ans.text
    assert "2025 is niet volledig" in ans.text and "30 juni 2025" in ans.text
    # the partial year is labelled as such wherever it is shown
    assert ans.table is not None and ans.table.rows[-1][0] == "2025 (t/m juni)"
    assert ans.series is not None and ans.series.points[-1].label == "2025 (t/m juni)"
    assert "2025 (t/m juni): " in ans.text


@pytest.mark.parametrize(
    "question",
    ["ranglijst kosten per jeugdige 2024", "top 3 gemeenten kosten per jeugdige 2024"],
)
def test_a_year_after_jeugdige_is_not_a_client_number(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER and ans.intent == "ranglijst", ans.text


@pytest.mark.parametrize("question", ["gegevens van client 123456", "kind 42 in helmond"])
def test_a_client_number_is_still_refused(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.REFUSE and ans.query is None


def test_a_region_mart_with_only_its_own_municipalities_still_answers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A region's own dim_gemeente may lack names the curated aliases use ('s-Hertogenbosch):
    those aliases are skipped; the bot answers instead of failing on every question."""
    from tests.intents.tiny_mart import build_tiny

    marts = build_tiny(tmp_path / "tiny.duckdb")
    settings = Settings(marts=marts, cache_dir=tmp_path / "c", _env_file=None)  # type: ignore[call-arg]
    small = Jeugdbot(settings, today=date(2024, 9, 1))
    ans = small.answer("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?")
    assert ans.kind == Kind.ANSWER and ans.intent == "cijfer", ans.text
    assert small.answer("jeugdigen in den bosch 2023").kind != Kind.ERROR


def test_serve_warms_the_bot_up_before_the_first_user(settings: Settings) -> None:
    """The marts, resolver and chart renderer are ready before `jeugdbot serve` listens."""
    from bot.channels.commands import warm_up

    fresh = Jeugdbot(settings)
    assert fresh._wh is None
    warm_up(fresh)
    assert fresh._wh is not None and fresh._resolver is not None


@pytest.mark.parametrize(
    ("question", "query", "raw", "filtered"),
    [
        # a typo in the name, a product filter, a verwijzer filter: one yearly lookup each
        ("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmnd?", "jeugdigen_jaar", "GM0794", None),
        (
            "hoeveel jeugdigen met pleegzorg in Helmond in 2023",
            "jeugdigen_jaar",
            "GM0794",
            "productcode",
        ),
        (
            "jeugdigen verwezen door de huisarts in Deurne in 2023",
            "jeugdigen_jaar",
            "GM0762",
            "verwijzer",
        ),
        # the running year, whole and in other words: also one lookup (data end 30 juni 2025)
        (
            "Hoeveel jeugdigen hadden in 2025 jeugdhulp in Helmond?",
            "jeugdigen_jaar",
            "GM0794",
            None,
        ),
        ("aantal kinderen in zorg vorig jaar in asten", "jeugdigen_jaar", "GM0743", None),
        # a quarter, a month, and a quarter of the running year: one lookup too
        ("hoeveel jeugdigen in zorg in Helmond in Q2 2023", "jeugdigen_jaar", "GM0794", None),
        (
            "jeugdigen in zorg in segment 2 in Helmond in maart 2024",
            "jeugdigen_jaar",
            "GM0794",
            "segment",
        ),
        ("jeugdigen in de regio in Q2 2025", "jeugdigen_jaar", "regio", None),
        # a month split by what the parts of a year are not split by: counted from the
        # trajectories
        (
            "jeugdigen verwezen door de huisarts in Deurne in maart 2024",
            "jeugdigen",
            "GM0762",
            "verwijzer",
        ),
    ],
)
def test_yearly_lookups_and_counting_give_the_same_figure(
    bot: Jeugdbot, question: str, query: str, raw: str, filtered: str | None
) -> None:
    """Through the whole bot: the answer names the query it used, and its figure is what
    counting the trajectories with the same question's filters gives."""
    from bot.intents.measures import Q_JEUGDIGEN
    from bot.render.format import fmt_int

    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER and ans.query == query, ans.text
    slots = ans.slots
    if filtered:
        assert ans.params.get(filtered), ans.params
    starts = [date.fromisoformat(s) for s in ans.params["starts"]]
    ends = [date.fromisoformat(s) for s in ans.params["ends"]]
    regio = raw == "regio"  # all monitor gemeenten: their total row, gemeente NULL
    params = {
        "gemeenten": bot.warehouse.monitor_codes if regio else [raw],
        "starts": starts, "ends": ends, "subsegment": None,
        "verblijf": False, "segment": ans.params.get("segment"),
        "productcode": ans.params.get("productcode"), "verwijzer": ans.params.get("verwijzer"),
    }  # fmt: skip
    rows = bot.warehouse.run(Q_JEUGDIGEN, params)
    counted = next(r[2] for r in rows if r[1] == (None if regio else raw))
    assert counted >= 5, slots  # shown exactly, not as "minder dan 5"
    assert fmt_int(counted) in ans.text


@pytest.mark.parametrize(
    ("question", "query"),
    [
        ("Helmond vs Veldhoven 2022", "jeugdigen_jaar"),
        ("vergelijk de kosten van Deurne en Asten in Q1 2024", "kosten_jaar"),
        ("vergelijk Deurne met Asten in maart 2024", "jeugdigen_jaar"),
        # a month split by verwijzer is not precomputed: counted, still side by side
        ("jeugdigen via de huisarts Deurne vs Asten maart 2024", "jeugdigen"),
        # the region as one of the rows: its total is the precomputed regional figure
        ("jeugdigen Helmond vergeleken met de regio in 2023", "jeugdigen_jaar"),
    ],
)
def test_a_comparison_of_gemeenten_is_looked_up(bot: Jeugdbot, question: str, query: str) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER and ans.intent == "vergelijking", ans.text
    assert ans.query == query, ans.text


def test_the_running_year_is_the_whole_calendar_year_and_says_it_is_not_complete(
    bot: Jeugdbot,
) -> None:
    ans = bot.answer("kosten jeugdhulp Helmond 2025")
    assert ans.kind == Kind.ANSWER and ans.query == "kosten_jaar", ans.text
    assert ans.params["ends"] == ["2025-12-31"]  # the calendar year, as the contract counts it
    assert "2025 is niet volledig" in ans.text and "30 juni 2025" in ans.text


def test_a_partial_year_is_marked_in_the_trend_chart(bot: Jeugdbot) -> None:
    """Issue 14 item 3: 2025 up to the peildatum is not drawn as a whole year."""
    ans = bot.answer("hoe ontwikkelden de kosten in de regio sinds 2021")
    assert ans.series is not None
    last = ans.series.points[-1]
    assert last.partial and last.label == "2025 (t/m juni)"
    assert not any(p.partial for p in ans.series.points[:-1])
    assert "2025 is niet volledig" in ans.text


@pytest.mark.parametrize(
    "question", ["kosten per product in de regio 2024", "welke aanbieders leveren in Deurne"]
)
def test_a_long_breakdown_charts_its_top_and_counts_the_rest(bot: Jeugdbot, question: str) -> None:
    """Issue 14 item 3: no chart of 40-90 bars, half of them empty."""
    from bot.intents.compose import BAR_TOP

    ans = bot.answer(question)
    assert ans.intent == "verdeling" and ans.series is not None and ans.table is not None
    points = ans.series.points
    assert len(points) <= BAR_TOP
    assert all(p.value for p in points)  # no hidden or zero bars
    rows = len(ans.table.rows) - 1  # without the total
    assert ans.series.rest == rows - len(points) > 0
