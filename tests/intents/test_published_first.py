"""Published series first (issue 13 item 4): a question for exactly a cell the 0-meting
publishes gets that figure with its source first, then the monitor's own count and why the two
may differ; both checked here against the YAML and a raw query on the demo marts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core import Jeugdbot
from bot.intents.kengetal_index import KENGETALLEN_YAML
from bot.marts.warehouse import open_readonly
from bot.models import Context
from bot.render.format import fmt_int

REGION = "Een 10 voor de Jeugd"


def _published(gebied: str, jaar: int) -> int:
    raw = yaml.safe_load(KENGETALLEN_YAML.read_text(encoding="utf-8"))["kengetallen"]
    (block,) = [b for b in raw if b["onderwerp"] == "jeugdigen in zorg"]
    assert (block["monitor"]["maat"], block["monitor"]["periode"]) == ("jeugdigen", "kalenderjaar")
    return int(block["waarden"][gebied][jaar])


def _monitor(demo_marts: Path, code: str | None, jaar: int) -> int:
    con = open_readonly(demo_marts)
    try:
        (n,) = con.execute(
            "SELECT count(DISTINCT client_id) FROM fact_traject "
            "WHERE startdatum <= make_date(?, 12, 31) "
            "AND (einddatum IS NULL OR einddatum >= make_date(?, 1, 1)) "
            "AND (? IS NULL OR gemeente_code = ?)",
            [jaar, jaar, code, code],
        ).fetchone()
    finally:
        con.close()
    return int(n)


@pytest.mark.parametrize(
    ("question", "gebied", "code", "jaar"),
    [
        ("hoeveel jeugdigen in zorg in Helmond in 2022", "Helmond", "GM0794", 2022),
        ("jeugdigen in zorg in de regio in 2023", REGION, None, 2023),
    ],
)
def test_the_published_figure_comes_first_then_the_monitors_count(
    bot: Jeugdbot, demo_marts: Path, question: str, gebied: str, code: str | None, jaar: int
) -> None:
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"pub-{question}"))
    published, monitor = _published(gebied, jaar), _monitor(demo_marts, code, jaar)
    first, _, rest = ans.text.partition("De monitor telt zelf:")
    assert rest, ans.text
    assert "0-meting" in first and "Programmaplan" in first
    assert f"*{fmt_int(published)}*" in first
    assert f"*{fmt_int(monitor)}*" in rest
    assert "peildatum" in rest  # says why the two may differ
    assert any(s.document == "000_05fd599307ad2e89.txt" for s in ans.sources)


@pytest.mark.parametrize(
    "question",
    [
        "jeugdigen in zorg Helmond 2024",  # no published figure for that year
        "jeugdigen in pleegzorg Helmond 2022",  # a filter: not the published cell
        "jeugdigen in zorg Helmond eerste halfjaar 2022",  # not the calendar year
    ],
)
def test_no_published_figure_without_exactly_that_cell(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"nopub-{question}"))
    assert "De monitor telt zelf" not in ans.text and "0-meting" not in ans.text, ans.text


def test_a_quote_of_a_linked_figure_shows_the_monitors_count_beside_it(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    q = "Hoeveel jeugdigen in zorg had Helmond in 2022 volgens de 0-meting?"
    ans = bot.answer(q, Context(channel="cli", conversation_id="beside"))
    quote, _, beside = ans.text.partition("De monitor telt zelf")
    assert ans.intent == "kengetal" and beside, ans.text
    assert f"*{fmt_int(_published('Helmond', 2022))}*" in quote
    assert f"*{fmt_int(_monitor(demo_marts, 'GM0794', 2022))}*" in beside


def test_a_figure_the_monitor_does_not_measure_is_quoted_alone(bot: Jeugdbot) -> None:
    ans = bot.answer("hoeveel casussen had het RMT in 2023?", Context(channel="cli"))
    assert "*44*" in ans.text and "De monitor telt zelf" not in ans.text, ans.text


# -- every shape, every linked cell (issue 13 item 4, one mechanism: bot/intents/published.py) --

MARK = "\u2020"  # the marker of a published value
_FILTER_SQL = {
    None: "TRUE",
    "s1verblijf": "p.segment_nr = 1 AND p.is_verblijf",
    "gezinsnabij": "p.segment_nr = 2 AND p.subsegment = 'gezinsnabij'",
    "s2wonen": "p.segment_nr = 2 AND p.subsegment = 'wonen'",
    "segment2": "p.segment_nr = 2",
    "verblijf": "(p.segment_nr = 1 AND p.is_verblijf) OR p.segment_nr = 2",
}
CODES = {"Asten": "GM0743", "Deurne": "GM0762", "Helmond": "GM0794", "Veldhoven": "GM0861"}


def _block_value(onderwerp: str, gebied: str, jaar: int) -> float:
    raw = yaml.safe_load(KENGETALLEN_YAML.read_text(encoding="utf-8"))["kengetallen"]
    (block,) = [b for b in raw if b["onderwerp"] == onderwerp]
    return float(block["waarden"][gebied][jaar])


def _count(demo_marts: Path, code: str | None, jaar: int, filt: str | None = None) -> int:
    """Jeugdigen in zorg by the contract, from fact_traject: distinct clients with a trajectory
    overlapping the year, with the product filter (fixed SQL per filter, no user text)."""
    con = open_readonly(demo_marts)
    try:
        (n,) = con.execute(
            "SELECT count(DISTINCT t.client_id) FROM fact_traject t "
            "JOIN dim_product p USING (productcode) JOIN dim_gemeente g USING (gemeente_code) "
            "WHERE g.in_monitor AND t.startdatum <= make_date(?, 12, 31) "
            "AND (t.einddatum IS NULL OR t.einddatum >= make_date(?, 1, 1)) "
            f"AND (? IS NULL OR t.gemeente_code = ?) AND ({_FILTER_SQL[filt]})",
            [jaar, jaar, code, code],
        ).fetchone()
    finally:
        con.close()
    return int(n)


def _zorgkosten(demo_marts: Path, code: str | None, jaar: int) -> float:
    con = open_readonly(demo_marts)
    try:
        (n,) = con.execute(
            "SELECT sum(z.zorgkosten_eur) FROM fact_zorgkosten_jaar z "
            "JOIN dim_gemeente g USING (gemeente_code) "
            "WHERE g.in_monitor AND z.jaar = ? AND (? IS NULL OR z.gemeente_code = ?)",
            [jaar, code, code],
        ).fetchone()
    finally:
        con.close()
    return float(n)


def _ask(bot: Jeugdbot, q: str) -> str:
    return bot.answer(q, Context(channel="cli", conversation_id=f"shape-{q}")).text


def _source_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(MARK)]


@pytest.mark.parametrize(
    ("question", "names", "jaar"),
    [
        ("vergelijk Deurne met Asten 2023", ["Deurne", "Asten"], 2023),
        ("Helmond vs Veldhoven jeugdigen 2022", ["Helmond", "Veldhoven"], 2022),
    ],
)
def test_a_comparison_marks_each_published_value_with_one_source_line(
    bot: Jeugdbot, demo_marts: Path, question: str, names: list[str], jaar: int
) -> None:
    text = _ask(bot, question)
    for name in names:
        published = int(_block_value("jeugdigen in zorg", name, jaar))
        assert published == _count(demo_marts, CODES[name], jaar)  # the demo meets the plan
        assert f"{name} *{fmt_int(published)}*{MARK}" in text, text
    (line,) = _source_lines(text)
    assert "Programmaplan" in line and "0-meting" in line and "hetzelfde" in line


def test_a_trend_marks_the_published_years_only(bot: Jeugdbot, demo_marts: Path) -> None:
    text = _ask(bot, "hoe ontwikkelde het aantal jeugdigen in zorg in Helmond per jaar")
    for jaar in (2022, 2023):
        published = fmt_int(_block_value("jeugdigen in zorg", "Helmond", jaar))
        assert f"{jaar}: *{published}*{MARK}" in text, text
    for jaar in (2021, 2024):  # near cells: years the plan does not publish
        own = f"{jaar}: *{fmt_int(_count(demo_marts, 'GM0794', jaar))}*"
        assert own in text and f"{own}{MARK}" not in text, text
    assert len(_source_lines(text)) == 1


def test_a_breakdown_per_gemeente_marks_every_gemeente_and_the_region(bot: Jeugdbot) -> None:
    ans = bot.answer("aantal jeugdigen in zorg per gemeente in 2023", Context(channel="cli"))
    for name in (*CODES, "Waalre"):
        value = fmt_int(_block_value("jeugdigen in zorg", name, 2023))
        assert f"{name} *{value}*{MARK}" in ans.text, ans.text
    assert f"regio {REGION} *{fmt_int(_block_value('jeugdigen in zorg', REGION, 2023))}*{MARK}" in (
        ans.text
    )
    assert ans.text.count(MARK) == 12 + 1 and len(_source_lines(ans.text)) == 1
    assert ans.table is not None and "2023 gepubliceerd" in ans.table.columns
    assert any(s.document == "000_05fd599307ad2e89.txt" for s in ans.sources)


@pytest.mark.parametrize(
    ("question", "onderwerp", "gebied", "jaar", "filt"),
    [
        ("jeugdigen in S1-verblijf Helmond 2022", "jeugdigen in S1-verblijf", "Helmond", 2022,
         "s1verblijf"),
        ("hoeveel jeugdigen in S2-gezinsnabij in Veldhoven in 2023", "jeugdigen in S2-gezinsnabij",
         "Veldhoven", 2023, "gezinsnabij"),
        ("jeugdigen in S2-wonen Helmond 2023", "jeugdigen in S2-wonen", "Helmond", 2023,
         "s2wonen"),
        ("jeugdigen in verblijf in de regio in 2022", "jeugdigen in verblijf", REGION, 2022,
         "verblijf"),
        ("jeugdigen segment 2 regio 2023", "jeugdigen in segment 2", REGION, 2023, "segment2"),
    ],
)  # fmt: skip
def test_each_linked_count_is_quoted_first(
    bot: Jeugdbot,
    demo_marts: Path,
    question: str,
    onderwerp: str,
    gebied: str,
    jaar: int,
    filt: str,
) -> None:
    text = _ask(bot, question)
    first, _, rest = text.partition("De monitor telt zelf:")
    assert first.startswith("Volgens het Programmaplan") and rest, text
    assert f"*{fmt_int(_block_value(onderwerp, gebied, jaar))}*" in first
    code = CODES.get(gebied)
    assert f"*{fmt_int(_count(demo_marts, code, jaar, filt))}*" in rest


def test_zorgkosten_and_their_development_are_quoted_as_published(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    text = _ask(bot, "zorgkosten jeugdwet regio 2021")
    first, _, rest = text.partition("De monitor telt zelf:")
    assert "*€ 92.000.000*" in first and "1.2 Financiën" in first
    assert f"*€ {fmt_int(_zorgkosten(demo_marts, None, 2021))}" in rest
    # the plan's percentages as it rounds them: whole percents per gemeente, two decimals
    text = _ask(bot, "kostenontwikkeling Deurne 2022")
    assert "*-19%*" in text.partition("De monitor telt zelf:")[0], text
    text = _ask(bot, "kostenontwikkeling zorgkosten regio 2022")
    assert "*-5,51%*" in text.partition("De monitor telt zelf:")[0], text
    series = _ask(bot, "kostenontwikkeling Asten per jaar")
    assert f"2022: *-15%*{MARK}" in series and f"2023: *+29%*{MARK}" in series, series
    assert "2024: *+" in series and f"2024: *{MARK}" not in series


def test_a_differing_count_is_shown_beside_and_explained_once(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    """The factsheet's first half of 2023 (data of 10 August 2023) differs from the monitor's
    count: each published value, then the monitor's in brackets, and the reason once."""
    text = _ask(bot, "vergelijk segment 2 Helmond en Veldhoven eerste helft 2023")
    for name in ("Helmond", "Veldhoven"):
        published = fmt_int(_published_h1(name))
        assert f"{name} *{published}*{MARK}" in text, text
    assert text.count("factsheet telt") == 1 and "(monitor " in text


def _published_h1(gebied: str) -> float:
    return _block_value("unieke cliënten segment 2 eerste halfjaar", gebied, 2023)


@pytest.mark.parametrize(
    "question",
    [
        "vergelijk Deurne met Asten 2024",  # a year the plan does not publish
        "jeugdigen in zorg Helmond per kwartaal",  # quarters, not calendar years
        "vergelijk segment 1 Helmond en Deurne 2023",  # segment 1, not S1-verblijf
        "jeugdigen in S1-verblijf Helmond 2024",
        "zorgkosten jeugdwet Helmond 2022",  # published for the region only
        "kosten Helmond 2023",  # the declaraties, not the zorgkosten Jeugdwet
        "jeugdigen in S2-gezinsnabij Helmond eerste helft 2022",
        "jeugdigen in pleegzorg per gemeente 2023",  # a product filter the 0-meting lacks
    ],
)
def test_near_cells_get_no_published_figure(bot: Jeugdbot, question: str) -> None:
    text = _ask(bot, question)
    assert MARK not in text and "De monitor telt zelf" not in text, text
    assert "gepubliceerd" not in text.lower(), text


def test_a_quote_of_a_filtered_cell_shows_the_monitors_count_of_that_filter(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    """The 0-meting's S2-gezinsnabij column quoted: beside it the monitor's S2-gezinsnabij
    count, not its count of all segment 2."""
    q = "Hoeveel jeugdigen in S2-gezinsnabij had Helmond in 2022 volgens de 0-meting?"
    ans = bot.answer(q, Context(channel="cli", conversation_id="beside-filter"))
    quote, _, beside = ans.text.partition("De monitor telt zelf")
    assert ans.intent == "kengetal" and beside, ans.text
    assert f"*{fmt_int(_block_value('jeugdigen in S2-gezinsnabij', 'Helmond', 2022))}*" in quote
    own = _count(demo_marts, "GM0794", 2022, "gezinsnabij")
    assert f"*{fmt_int(own)}*" in beside and "S2-gezinsnabij" in beside, ans.text


def test_a_breakdown_per_segment_marks_segment_2_and_the_unique_total(
    bot: Jeugdbot, demo_marts: Path
) -> None:
    """Each row of a breakdown per segment counts with its segment as filter: the 0-meting
    publishes the region's segment 2 and its jeugdigen in zorg (the unique total), not the
    other segments, nor a gemeente's segment 2."""
    text = _ask(bot, "verdeling naar segment in de regio in 2022")
    assert f"*{fmt_int(_block_value('jeugdigen in segment 2', REGION, 2022))}*{MARK}" in text
    assert f"Totaal uniek: *{fmt_int(_block_value('jeugdigen in zorg', REGION, 2022))}*{MARK}" in (
        text
    )
    assert text.count(MARK) == 2 + 1, text
    assert f"*{fmt_int(_count(demo_marts, None, 2022, 'segment2'))}*" in text
    helmond = _ask(bot, "verdeling naar segment in Helmond in 2022")
    assert helmond.count(MARK) == 1 + 1 and "Totaal uniek: *2.602*\u2020" in helmond, helmond
