"""Issue 12, the rest of understanding: series words, rankings of a dimension, a filter named
after a dimension word, product names as filters and periods without data, through answer()."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.models import Kind


def _one(marts: Path, sql: str, params: list[object]) -> object:
    con = duckdb.connect(str(marts), read_only=True)
    try:
        return con.execute(sql, params).fetchone()[0]  # type: ignore[index]
    finally:
        con.close()


@pytest.mark.parametrize(
    ("question", "grain", "points"),
    [
        ("maandelijkse kosten helmond 2024", "maand", 12),
        ("kwartaalcijfers jeugdigen asten 2024", "kwartaal", 4),
        ("jaarcijfers kosten deurne 2022 t/m 2024", "jaar", 3),
        ("wat declareerden aanbieders maandelijks in veldhoven in 2025", "maand", 6),
    ],
)
def test_series_words_give_a_series_of_that_grain(
    bot: Jeugdbot, question: str, grain: str, points: int
) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER and ans.intent == "trend", ans.text
    assert ans.series is not None and len(ans.series.points) == points
    assert {p["grain"] for p in ans.slots["periods"]} == {grain}


def test_declareerden_is_the_kosten_measure(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("hoeveel is er gedeclareerd in laarbeek in 2023")
    want = _one(
        demo_marts,
        "SELECT sum(bedrag_eur) FROM fact_declaratie WHERE gemeente_code = 'GM1659' "
        "AND maand BETWEEN DATE '2023-01-01' AND DATE '2023-12-31'",
        [],
    )
    assert ans.slots["metric"] == "kosten"
    assert f"€ {round(float(want)):,}".replace(",", ".") in ans.text  # type: ignore[arg-type]


def test_which_product_costs_most_ranks_products(bot: Jeugdbot, demo_marts: Path) -> None:
    ans = bot.answer("welk product kostte het meest in 2024")
    assert ans.intent == "ranglijst" and ans.slots["dimension"] == "product", ans.text
    code, amount = (
        duckdb.connect(str(demo_marts), read_only=True)
        .execute(
            "SELECT d.productcode, sum(d.bedrag_eur) FROM fact_declaratie d "
            "JOIN dim_gemeente g USING (gemeente_code) WHERE g.in_monitor "
            "AND d.maand BETWEEN DATE '2024-01-01' AND DATE '2024-12-31' GROUP BY 1 ORDER BY 2 DESC"
        )
        .fetchone()
    )  # type: ignore[misc]
    assert ans.series is not None and ans.series.points[0].label.startswith(code)
    assert ans.series.points[0].value == pytest.approx(float(amount), abs=1)
    assert "Helmond" not in ans.text.split("\n")[0]  # products, not gemeenten
    assert "andere" in ans.text  # the rest counted, not shown


@pytest.mark.parametrize(
    ("question", "dimension", "metric"),
    [
        ("welke aanbieder declareerde t meest in 2024", "aanbieder", "kosten"),
        ("welke verwijzer is het duurst", "verwijzer", "kosten_per_client"),
        ("top 3 producten op kosten in 2023", "product", "kosten"),
        ("welke aanbieders hebben de meeste jeugdigen in veldhoven", "aanbieder", "jeugdigen"),
        ("welke verwijzer verwees het vaakst in 2024", "verwijzer", "jeugdigen"),
        ("welk segment is het duurst", "segment", "kosten_per_client"),
    ],
)
def test_rank_by_dimension(bot: Jeugdbot, question: str, dimension: str, metric: str) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER and ans.intent == "ranglijst", ans.text
    assert (ans.slots["dimension"], ans.slots["metric"]) == (dimension, metric)
    values = [p.value for p in ans.series.points] if ans.series else []
    assert values and values == sorted(values, reverse=True)  # type: ignore[type-var]


def test_a_dimension_ranks_only_on_measures_its_query_holds(bot: Jeugdbot) -> None:
    ans = bot.answer("welk segment had de meeste beëindigde trajecten vorig jaar")
    assert ans.kind == Kind.CLARIFY and "beëindigde trajecten" in ans.text
    assert ans.options  # the measures it can rank on


def test_a_breakdown_does_not_drop_a_verwijzer_filter(bot: Jeugdbot) -> None:
    ans = bot.answer("kosten per aanbieder verwezen door de huisarts 2024")
    assert ans.kind == Kind.CLARIFY, ans.text


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("kosten per cliënt product 43A09 in Helmond 2023", "AND t.productcode = '43A09'"),
        ("kosten per cliënt verwijzer jeugdarts in Helmond 2023", "AND t.verwijzer = 'jeugdarts'"),
    ],
)
def test_kosten_per_client_of_one_value_is_a_filter(
    bot: Jeugdbot, demo_marts: Path, question: str, where: str
) -> None:
    ans = bot.answer(question)
    assert ans.intent == "cijfer" and ans.slots["metric"] == "kosten_per_client", ans.text
    total = _one(
        demo_marts,
        "SELECT sum(d.bedrag_eur) FROM fact_declaratie d JOIN fact_traject t USING (traject_id) "
        "WHERE d.gemeente_code = 'GM0794' AND d.maand BETWEEN DATE '2023-01-01' "
        f"AND DATE '2023-12-31' {where}",
        [],
    )
    n = _one(
        demo_marts,
        "SELECT count(DISTINCT client_id) FROM fact_traject t WHERE gemeente_code = 'GM0794' "
        "AND startdatum <= DATE '2023-12-31' AND (einddatum IS NULL OR einddatum >= "
        f"DATE '2023-01-01') {where}",
        [],
    )
    avg = round(float(total) / int(n))  # type: ignore[arg-type]
    assert f"€ {avg:,}".replace(",", ".") in ans.text


def test_a_breakdown_per_segment_is_not_read_as_segment_2023(bot: Jeugdbot) -> None:
    ans = bot.answer("jeugdigen per segment 2023")
    assert ans.intent == "verdeling" and ans.slots["dimension"] == "segment", ans.text


def test_a_product_name_with_gekost_is_a_filter(bot: Jeugdbot) -> None:
    ans = bot.answer("wat heeft de woongroep in 2024 gekost")
    assert ans.kind == Kind.ANSWER and ans.slots.get("productcode") == "43A14", ans.text


def test_a_name_of_several_products_is_asked_back(bot: Jeugdbot) -> None:
    ans = bot.answer("hoeveel jeugdigen kregen verblijf met behandeling in 2024")
    assert ans.kind == Kind.CLARIFY and len(ans.options) >= 2, ans.text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("kosten 2026", "toekomst"),
        ("hoeveel jeugdigen in zorg helmond in 2029", "toekomst"),
        ("jeugdigen in zorg augustus 2025", "peildatum 30 juni 2025"),
        ("kosten deurne 2017", "begint op 1 januari 2021"),
    ],
)
def test_a_period_without_data_is_asked_back(bot: Jeugdbot, question: str, says: str) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.CLARIFY and says in ans.text, ans.text
    assert "*" not in ans.text  # no figure at all
