"""A deadline the documents state as a period ("1^e kwartaal 2018", "in het eerste halfjaar van
2018", "eind 2018", "in het voorjaar van 2023"): stored exactly as eenheid periode, written in
Dutch, and the answer to "wanneer ...?" / "in welk kwartaal ...?"; a question for a count about
the same topic still gets the count."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core import Jeugdbot
from bot.intents.kengetal_index import KENGETALLEN_YAML, best_for_document
from bot.marts.periods import (
    decode_period,
    fmt_period,
    parse_period,
    period_renderings,
    period_value,
)
from bot.marts.sources import kengetal_value, load_kengetallen, source_text
from bot.marts.warehouse import open_readonly
from bot.models import Context

PERIOD_BLOCKS = [
    b
    for b in yaml.safe_load(KENGETALLEN_YAML.read_text(encoding="utf-8"))["kengetallen"]
    if b["eenheid"] == "periode"
]


@pytest.mark.parametrize(
    ("written", "stored", "dutch"),
    [
        ("3e kwartaal 2018", 20183333, "het derde kwartaal van 2018"),
        ("2e halfjaar 2018", 20182222, "de tweede helft van 2018"),
        ("1e halfjaar 2018", 20182121, "de eerste helft van 2018"),
        ("eind 2018", 20184343, "eind 2018"),
        ("begin 2023", 20234141, "begin 2023"),
        ("voorjaar 2023", 20235151, "het voorjaar van 2023"),
        ("zomer 2021", 20215252, "de zomer van 2021"),
        ("augustus 2016", 20160808, "augustus 2016"),
        ("3e-4e kwartaal 2018", 20183334, "het derde en vierde kwartaal van 2018"),
        (2019, 20190000, "2019"),
        ("2019", 20190000, "2019"),
    ],
)
def test_a_period_is_stored_as_one_exact_number_and_written_in_dutch(
    written: object, stored: int, dutch: str
) -> None:
    value = kengetal_value(written, "periode")
    assert value == stored and value.is_integer()
    assert period_value(value) == value  # an encoded value stays what it is
    assert decode_period(value) == parse_period(written)
    assert fmt_period(value) == dutch


@pytest.mark.parametrize("bad", ["5e kwartaal 2018", "3e halfjaar 2018", "eind", "Q3", 20181313])
def test_what_is_no_period_is_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        fmt_period(period_value(bad))


def test_the_documents_periods_are_blocks_of_several_documents() -> None:
    docs = {b["bron_document"] for b in PERIOD_BLOCKS}
    assert len(PERIOD_BLOCKS) >= 40
    assert sum(b["bron_document"].startswith("001") for b in PERIOD_BLOCKS) >= 25
    assert {d[:3] for d in docs} == {"000", "001", "002", "004"}


@pytest.mark.parametrize("block", PERIOD_BLOCKS, ids=lambda b: str(b["onderwerp"]))
def test_a_periods_words_stand_in_its_wording_and_the_wording_in_its_document(
    block: dict,
) -> None:
    """The value-in-source check for eenheid periode: the document's own words for each period
    ("1^e kwartaal 2018", "eerste halfjaar van 2018") stand in the block's formulering, and the
    formulering stands verbatim in its document (its section: tests/marts/test_kengetallen.py)."""
    wording = block["formulering"]
    assert wording in source_text(block["bron_document"])
    for jaar, waarde in (x for per in block["waarden"].values() for x in per.items()):
        period = parse_period(waarde)
        assert period.jaar == int(jaar), f"jaar {jaar} is niet het jaar van {waarde!r}"
        forms = period_renderings(waarde)
        assert any(f in wording for f in forms), f"{waarde!r} staat niet in {wording!r}"


def test_fact_kengetal_holds_the_period_exactly(demo_marts: Path) -> None:
    con = open_readonly(demo_marts)
    try:
        rows = con.execute(
            "SELECT onderwerp, waarde FROM fact_kengetal WHERE eenheid = 'periode'"
        ).fetchall()
    finally:
        con.close()
    stored = dict(rows)
    assert len(rows) == sum(1 for k in load_kengetallen() if k.eenheid == "periode")
    assert stored["afspraken van alle gemeenten met de huisartsen"] == 20183131  # 1e kwartaal
    randvoorwaarden = "inzicht in de randvoorwaarden voor transformatie (contractmanagement 2.0)"
    assert fmt_period(stored[randvoorwaarden]) == "eind 2018"


# Questions in our own words, over the four documents: each gets its period in Dutch.
PERIOD_QUESTIONS = [
    (
        "Tegen wanneer moet elke ZHZ-gemeente een gedragen lokaal plan van aanpak hebben?",
        "de eerste helft van 2018",
    ),
    (
        "In welk kwartaal hebben de gemeenten in Zuid-Holland Zuid hun afspraken met de "
        "huisartsen rond?",
        "het eerste kwartaal van 2018",
    ),
    (
        "Wanneer beslissen de gemeenten en de SOJ hoe het geld naar de voorkant wordt "
        "geïnvesteerd?",
        "het derde kwartaal van 2018",
    ),
    (
        "Wanneer moet de eerste fase van het project Veilig opgroeien is teamwerk af zijn?",
        "het derde en vierde kwartaal van 2018",
    ),
    (
        "Wanneer is duidelijk aan welke randvoorwaarden voor transformatie moet worden voldaan?",
        "eind 2018",
    ),
    ("Sinds wanneer geldt de Nee, tenzij-regeling in ZHZ?", "augustus 2016"),
    ("In welk jaar begon de implementatie van de zorgprofielen?", "2016"),
    (
        "Wanneer moet de probleemanalyse over instroom in de Wlz klaar zijn?",
        "het tweede kwartaal van 2018",
    ),
    ("Wanneer wordt Startpunt Jeugdhulp Haaglanden operationeel?", "begin 2023"),
    ("Wanneer komt de tweede versie van de regiomonitor Haaglanden uit?", "het voorjaar van 2023"),
    (
        "In welk kwartaal gaf de VNG opdracht aan AEF voor een quickscan van het LTA?",
        "het eerste kwartaal van 2022",
    ),
    ("Tot wanneer lopen de landelijke raamcontracten van de LEF nog?", "eind 2022"),
    (
        "Wat is de deadline van het project Perspectiefbenadering in ZHZ?",
        "het vierde kwartaal van 2018",
    ),
    (
        "Wanneer besloten de inkooporganisaties om samen jeugdhulp in te kopen als Een 10 voor "
        "de Jeugd?",
        "de zomer van 2018",
    ),
]


@pytest.mark.parametrize(("question", "period"), PERIOD_QUESTIONS)
def test_a_question_for_a_moment_gets_the_period(bot: Jeugdbot, question: str, period: str) -> None:
    hit = best_for_document(question, dates=True)
    assert hit is not None and hit.block.eenheid == "periode", hit
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"periode-{question}"))
    assert f"*{period}*" in ans.text, ans.text
    assert hit.block.document in ans.text  # cited with its file name


# A question for a count about a topic that also has a deadline gets the count, never a period.
COUNT_QUESTIONS = [
    ("Hoeveel rapportages per jaar krijgen de ZHZ-gemeenten?", "*2*"),
    ("Met hoeveel grote aanbieders voert de SOJ ten minste 2 contractbeheergesprekken?", "*13*"),
    ("Met hoeveel aanbieders heeft de VNG raamcontracten in de LEF?", "*43*"),
]


@pytest.mark.parametrize(("question", "count"), COUNT_QUESTIONS)
def test_a_question_for_a_count_never_gets_a_period(
    bot: Jeugdbot, question: str, count: str
) -> None:
    hit = best_for_document(question)
    assert hit is None or hit.block.eenheid not in ("periode", "datum")
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"telling-{question}"))
    assert count in ans.text, ans.text
    assert "kwartaal" not in ans.text.split("Volgens", 1)[-1].split("\n")[0]
    assert "eind 2022*" not in ans.text


def test_a_period_of_two_years_reads_as_one_line(bot: Jeugdbot) -> None:
    ans = bot.answer(
        "Wanneer hadden de teams in de wijken hun aanloop?",
        Context(channel="cli", conversation_id="periode-aanloop"),
    )
    assert "Zuid-Holland Zuid: *2015* en *2016*" in ans.text, ans.text


def test_a_question_for_a_date_still_gets_the_date_not_the_period(bot: Jeugdbot) -> None:
    # Per 1 april 2022 (a date) and "in de zomer van 2021" (a period) stand in one sentence.
    ans = bot.answer(
        "Per wanneer gaan de nieuwe contracten van de Gelderse gemeenten in?",
        Context(channel="cli", conversation_id="datum-gelderland"),
    )
    assert "*1 april 2022*" in ans.text, ans.text


def test_the_budget_tables_moment_is_quoted(bot: Jeugdbot) -> None:
    """The regiobegroting's own moment ("Vanaf april 2023 gaat een projectleider en projectgroep
    aan de slag") stands beside chapter 4.4's "voorjaar 2023" for the projectplan."""
    ans = bot.answer("wanneer start de projectgroep grensverkeer onderwijs-zorg in Haaglanden")
    assert "*april 2023*" in ans.text and "Programmabegroting" in ans.text, ans.text
