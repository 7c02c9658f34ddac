"""Periods, changes and dimension rankings read from the words (issue 12, item 3), through
Jeugdbot.answer() on the demo marts; the figures themselves are checked by tests/oracle."""

from __future__ import annotations

import pytest

from bot.core import Jeugdbot
from bot.models import Kind

# -- "sinds A": a flow's total up to the peildatum; a trend word keeps the series ------------


@pytest.mark.parametrize(
    "question",
    [
        "hoeveel kosten in Deurne sinds 2022",
        "sinds 2023 hoeveel gestarte trajecten in de regio",
        "aantal beëindigde trajecten Someren sinds 2021",
        "wat is het totaal aan kosten sinds 2024 in Waalre",
    ],
)
def test_since_a_flow_is_one_total_to_the_peildatum(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER and ans.intent == "cijfer", ans.text
    year = int(next(w for w in question.split() if w.isdigit()))
    assert ans.params["starts"] == [f"{year}-01-01"] and ans.params["ends"] == ["2025-06-30"]
    assert f"van 1 januari {year} tot en met 30 juni 2025" in ans.text


def test_the_since_total_is_the_sum_of_its_years(bot: Jeugdbot) -> None:
    total = bot.answer("hoeveel gestarte trajecten in Helmond sinds 2023")
    series = bot.answer("gestarte trajecten in Helmond per jaar sinds 2023")
    assert series.intent == "trend" and series.series is not None
    summed = sum(int(p.value or 0) for p in series.series.points)
    assert f"{summed:,}".replace(",", ".") in total.text


@pytest.mark.parametrize(
    "question",
    [
        "hoe ontwikkelden de kosten in Asten sinds 2021",
        "verloop gestarte trajecten sinds 2022",
        "kosten Deurne per jaar sinds 2021",
    ],
)
def test_since_with_a_trend_word_is_a_series(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question)
    assert ans.intent == "trend" and ans.series is not None and len(ans.series.points) >= 3


@pytest.mark.parametrize(
    "question", ["hoeveel lopende trajecten sinds 2022", "hoeveel jeugdigen in Asten sinds 2023"]
)
def test_since_a_stock_asks_back(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.CLARIFY and ans.intent == "periode_stand", ans.text
    assert len(ans.options) == 2


# -- days, the latest month, two-digit years, edges in a series ------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "kosten Helmond in de laatste maand met data",
        "gestarte trajecten de meest recente maand",
        "kosten afgelopen maand in Veldhoven",
    ],
)
def test_the_latest_month_is_the_last_whole_month_of_the_data(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER, ans.text
    assert ans.params["starts"] == ["2025-06-01"] and ans.params["ends"] == ["2025-06-30"]


def test_a_named_last_quarter_of_a_year_stays_that_quarter(bot: Jeugdbot) -> None:
    ans = bot.answer("kosten laatste kwartaal 2023")
    assert ans.params["starts"] == ["2023-10-01"] and ans.params["ends"] == ["2023-12-31"]


@pytest.mark.parametrize(
    ("question", "first", "last"),
    [
        ("kosten Deurne per maand van okt 22 tot jan 23", "oktober 2022", "januari 2023"),
        ("gestarte trajecten per maand tussen dec 23 en mrt 24", "december 2023", "maart 2024"),
        ("jeugdigen Asten per maand eind 2022 begin 2023", "oktober 2022", "maart 2023"),
    ],
)
def test_month_ranges_and_edges_in_a_series(
    bot: Jeugdbot, question: str, first: str, last: str
) -> None:
    ans = bot.answer(question)
    assert ans.intent == "trend" and ans.series is not None, ans.text
    labels = [p.label for p in ans.series.points]
    assert (labels[0], labels[-1]) == (first, last)


def test_a_year_of_months_is_listed_in_full(bot: Jeugdbot) -> None:
    ans = bot.answer("maandelijkse kosten Deurne 2023")
    assert ans.series is not None and len(ans.series.points) == 12
    assert all(p.label in ans.text for p in ans.series.points)


def test_begin_of_a_year_is_a_stock_on_1_januari_and_a_flow_asks_back(bot: Jeugdbot) -> None:
    stock = bot.answer("lopende trajecten Deurne begin 2023")
    assert stock.params["starts"] == ["2023-01-01"] and stock.params["ends"] == ["2023-01-01"]
    flow = bot.answer("gestarte trajecten Deurne begin 2023")
    assert flow.kind == Kind.CLARIFY and flow.intent == "periode_dag"


# -- change questions about one area ------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("hoeveel daalden de kosten in Waalre in 2022", ["2021", "2022"]),
        ("hoeveel stegen de gestarte trajecten in 2023", ["2022", "2023"]),
        ("kosten Asten tov 2021", ["2021", "2024"]),
        ("jeugdigen in zorg Deurne vergeleken met 2022", ["2022", "2024"]),
    ],
)
def test_a_change_of_one_area_names_both_years(
    bot: Jeugdbot, question: str, years: list[str]
) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER and ans.intent == "vergelijking", ans.text
    assert [p["label"] for p in ans.slots["periods"]] == years
    assert "%" in ans.text


def test_a_change_in_money_is_also_in_euros(bot: Jeugdbot) -> None:
    ans = bot.answer("hoeveel gingen de kosten in Helmond omlaag in 2022")
    assert "%, -€ " in ans.text or "%, +€ " in ans.text, ans.text


# -- dimension rankings and breakdowns on more measures ------------------------------------------


@pytest.mark.parametrize(
    ("question", "dimension", "metric"),
    [
        (
            "welke verwijzer had de meeste gestarte trajecten in 2023",
            "verwijzer",
            "trajecten_gestart",
        ),
        ("welk product had de kortste trajectduur in 2024", "product", "trajectduur"),
        ("welke aanbieder had in Helmond de langste trajectduur", "aanbieder", "trajectduur"),
        ("welk product in segment 1 kostte het meest in 2023", "product", "kosten"),
    ],
)
def test_rank_a_dimension_on_more_measures(
    bot: Jeugdbot, question: str, dimension: str, metric: str
) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER and ans.intent == "ranglijst", ans.text
    assert (ans.slots["dimension"], ans.slots["metric"]) == (dimension, metric)
    values = [float(p.value or 0) for p in ans.series.points] if ans.series else []
    low = "kortste" in question
    assert values and values == sorted(values, reverse=not low)


def test_gemeenten_rank_on_the_number_of_aanbieders(bot: Jeugdbot) -> None:
    ans = bot.answer("welke gemeente had de minste aanbieders in 2024")
    assert ans.intent == "ranglijst" and ans.slots["metric"] == "aanbieders", ans.text


def test_a_breakdown_of_started_trajectories_adds_up(bot: Jeugdbot) -> None:
    ans = bot.answer("hoeveel trajecten zijn er per segment gestart in Deurne in 2023")
    assert ans.intent == "verdeling" and ans.slots["metric"] == "trajecten_gestart", ans.text
    assert ans.table is not None
    parts = [int(r[1].replace(".", "")) for r in ans.table.rows[:-1] if r[1][:1].isdigit()]
    total = int(ans.table.rows[-1][1].replace(".", ""))
    assert ans.table.rows[-1][0] == "Totaal" and sum(parts) == total


def test_a_breakdown_of_an_unheld_measure_asks_back(bot: Jeugdbot) -> None:
    ans = bot.answer("beëindigde trajecten per product in 2024")
    assert ans.kind == Kind.CLARIFY, ans.text


def test_specialistisch_names_a_product_not_a_verwijzer(bot: Jeugdbot) -> None:
    ans = bot.answer("kosten jeugd-ggz behandeling specialistisch Helmond 2023")
    assert ans.slots.get("productcode") == "54R01" and ans.slots.get("verwijzer") is None
