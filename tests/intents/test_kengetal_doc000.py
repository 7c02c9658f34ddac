"""The figures of the programme plan Een 10 voor de Jeugd (document 000) reach the user (issue 13
item 1): every number of the plan is a kengetal or left out, and a question about one is
answered with that figure, the plan's own words and its name, never with a demo count.

The questions are my own phrasings, at least two per kind of figure; the real bot answers them
on the demo marts (no mocks). Where a passage of the knowledge base answers, the quote of the
figure follows it, so the figure is asserted as the quote shows it ("*11*")."""

from __future__ import annotations

import pytest

from bot.core import Jeugdbot
from bot.intents.kengetal_index import best_for_document, counts_persons, search
from bot.models import Context, Kind

CASES: list[tuple[str, str, str]] = [
    # (question, the figure as the answer shows it, a word of the document's wording)
    # Bodies and members
    ("hoeveel jeugdwethouders zitten in het Bestuurlijk Platform?", "*11*", "wethouders"),
    ("hoeveel wethouders nemen plaats in het Bestuurlijk Platform van 10vdJ?", "*11*", "Platform"),
    ("hoeveel gemeenten telt Zuidoost-Brabant?", "*21*", "Zuidoost-Brabant"),
    ("hoeveel gemeenten zitten in Een 10 voor de Jeugd?", "*11*", "11 gemeenten"),
    ("met hoeveel gemeenten werkt de inkooporganisatie?", "*11*", "11 gemeenten"),
    ("hoeveel aanbieders zijn er volgens het programmaplan?", "*180*", "ongeveer 180"),
    ("met hoeveel aanbieders werkt de inkooporganisatie?", "*180*", "ongeveer 180"),
    ("hoeveel buurgemeenten noemt het programmaplan?", "*10*", "buurgemeenten"),
    ("met hoeveel buurgemeenten werkt de inkooporganisatie samen?", "*10*", "buurgemeenten"),
    ("hoeveel toegangscoördinatoren zitten in het periodiek overleg?", "*11*", "overleg"),
    ("hoeveel beleidsmedewerkers zitten in het periodiek overleg met de regio?", "*11*", "overleg"),
    ("in hoeveel colleges is het Ambitieakkoord Wonen vastgesteld?", "*11*", "colleges"),
    ("door hoeveel colleges werd het Ambitieakkoord Wonen vastgesteld?", "*11*", "colleges"),
    # Counts of parts of a plan
    (
        "uit hoeveel opgaven bestaat de hervormingsagenda volgens het programmaplan?",
        "*8*",
        "opgaven",
    ),
    ("hoeveel doelen heeft de hervormingsagenda jeugd?", "*2*", "doelen"),
    ("hoeveel operationele doelen heeft Een 10 voor de Jeugd?", "*4*", "operationele"),
    ("hoeveel producten kent segment 2?", "*4*", "pleegzorg"),
    ("uit hoeveel producten bestaat S2?", "*4*", "pleegzorg"),
    ("hoeveel opties voor kosten en dekking zijn er?", "*3*", "opties"),
    ("hoeveel opties noemt het actieplan segment 2 voor kosten en dekking?", "*3*", "opties"),
    # The 2028 ambitions
    (
        "binnen hoeveel kilometer van hun woonplaats moeten jeugdigen in verblijf zitten in 2028?",
        "*15*",
        "15 kilometer",
    ),
    (
        "hoeveel kilometer mag verblijf maximaal van de woonplaats zijn volgens de ambitie?",
        "*15*",
        "woonplaats",
    ),
    ("binnen hoeveel maanden moeten RMT-casussen passend aanbod hebben?", "*3*", "3 maanden"),
    (
        "binnen hoeveel maanden moeten casussen van het RMT passend aanbod krijgen in 2028?",
        "*3*",
        "RMT",
    ),
    (
        "welk percentage van de RMT casussen moet aanbod vinden bij gecontracteerde aanbieders?",
        "*80%*",
        "80%",
    ),
    (
        "hoeveel procent van de casussen bij het RMT moet in 2028 binnen 3 maanden passend aanbod "
        "hebben?",
        "*90%*",
        "90%",
    ),
    ("hoeveel toegangen moeten er in 2028 in het netwerk staan?", "*11*", "toegangen"),
    ("met hoeveel jaar aan ontwikkelingen is de 0-meting in 2028 aangevuld?", "*4*", "4 jaar"),
    # Sizes and durations
    ("hoe groot zijn de groepen in verblijf?", "*6*", "6 - 8 jongeren"),
    ("uit hoeveel jongeren bestaat een groep in verblijf?", "*6*", "6 - 8 jongeren"),
    ("hoe lang is de wachttijd voor een gezinshuis?", "*2*", "ruim 2 jaar"),
    ("hoeveel jaar moet je wachten op een gezinshuis volgens het actieplan?", "*2*", "ruim 2 jaar"),
    ("voor hoeveel jaar is het budget van project Mockingbird?", "*2*", "2 jaren"),
    ("hoeveel jaren loopt het budget voor Mockingbird?", "*2*", "2 jaren"),
    (
        "voor hoeveel jaren is het bedrag voor de pilot coördinatiepunt gezinshuizen opgenomen?",
        "*2*",
        "2 jaren",
    ),
    ("hoeveel jaar korter leven mensen in armoede in goede gezondheid?", "*25*", "25 jaar"),
    ("hoeveel jaren minder in goede gezondheid leven mensen in armoede?", "*25*", "armoede"),
    ("met hoeveel uur wordt de poh-ggz per normpraktijk verhoogd?", "*4*", "+4 uur"),
    ("hoeveel uur extra poh-ggz komt er per normpraktijk?", "*4*", "+4 uur"),
    ("hoe vaak worden de data voor de monitor aangeleverd?", "*1*", "1x per maand"),
    ("hoe vaak leveren de gemeenten data aan voor de monitor?", "*1*", "1x per maand"),
    # The factsheet's table
    (
        "wat is de langste wachttijd bij gecontracteerde aanbieders voor een gezinshuis?",
        "*110*",
        "1-110 weken",
    ),
    ("wat is de marge van de wachttijden voor pleegzorg?", "*2*", "2-12 weken"),
    (
        "bij hoeveel niet-gecontracteerde aanbieders zitten pleegzorgcliënten?",
        "*3*",
        "3 niet-gecontracteerd",
    ),
    (
        "hoeveel niet-gecontracteerde aanbieders van woongroepen waren er in april 2023?",
        "*6*",
        "6 niet-gecontracteerd",
    ),
    # Shares written as fractions
    (
        "welk deel van de gezinshuiscliënten is geplaatst bij gecontracteerde aanbieders?",
        "*2/3 (66,7%)*",
        "2/3",
    ),
    (
        "welk deel van de cliënten in gezinshuizen zit bij niet-gecontracteerde aanbieders?",
        "*1/3 (33,3%)*",
        "1/3",
    ),
    (
        "welk deel van de cliënten die niet thuis kunnen wonen zit in segment 2 wonen?",
        "*2/3 (66,7%)*",
        "2/3",
    ),
    (
        "welk deel van de cliënten die niet thuis kunnen wonen gebruikt verblijf in segment 1?",
        "*1/3 (33,3%)*",
        "1/3",
    ),
    # Dates
    ("per wanneer ging de nieuwe contractering in?", "*1 januari 2022*", "1-1-2022"),
    ("wanneer begon de nieuwe contractering van 10vdJ?", "*1 januari 2022*", "1-1-2022"),
    ("sinds wanneer bestaat het product woongroep?", "*1 januari 2022*", "1-1-2022"),
    (
        "wanneer stelde de ALV van de VNG de standaarden voor niet-kernbedingen vast?",
        "*2 december 2022*",
        "2 december 2022",
    ),
    (
        "wanneer zijn de landelijke standaarden voor niet-kernbedingen vastgesteld?",
        "*2 december 2022*",
        "ALV",
    ),
    (
        "wanneer kwamen alle betrokkenen bij het actieplan segment 2 samen?",
        "*1 februari 2024*",
        "1 februari 2024",
    ),
    (
        "op welke datum zijn de betrokkenen bij het actieplan segment 2 samengekomen?",
        "*1 februari 2024*",
        "betrokkenen",
    ),
]


@pytest.mark.parametrize(("question", "figure", "wording"), CASES, ids=[c[0] for c in CASES])
def test_a_figure_of_the_programme_plan_is_quoted(
    bot: Jeugdbot, question: str, figure: str, wording: str
) -> None:
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"doc000-{question}"))
    assert ans.kind == Kind.ANSWER, ans.text
    assert figure in ans.text, ans.text
    assert "Programmaplan" in ans.text and "Het document zegt" in ans.text, ans.text
    assert wording in ans.text, ans.text
    assert "demodata" not in ans.text, ans.text


def test_a_count_names_what_it_counts() -> None:
    """A question "bij hoeveel niet-gecontracteerde aanbieders" counts aanbieders (3), not the
    cliënten bij them (14) nor the gecontracteerde aanbieders (5): the negation is part of the
    word, and the noun after "hoeveel" decides between blocks that explain the question alike."""
    hit = best_for_document("bij hoeveel niet-gecontracteerde aanbieders zitten pleegzorgcliënten?")
    assert hit is not None
    assert hit.block.onderwerp == "niet-gecontracteerde aanbieders in april 2023: pleegzorg (43A09)"
    top = search("hoeveel gecontracteerde pleegzorgaanbieders zijn er?")[0]
    assert not top.block.onderwerp.startswith("niet-"), top.block.onderwerp


def test_a_document_count_without_a_period_is_not_a_monitor_count(bot: Jeugdbot) -> None:
    """The product words are monitor words, but the plan names exactly this count: its figure,
    under the disclosure rule for people (1 jeugdige), not the monitor's demo count for 2024."""
    ans = bot.answer("hoeveel jeugdigen zitten in begeleiding naar zelfstandig wonen?")
    assert ans.intent == "kengetal", ans.text
    assert "Programmaplan" in ans.text and "demodata" not in ans.text, ans.text
    assert "*minder dan 5*" in ans.text, ans.text


def test_only_counts_of_people_are_disclosed_as_small() -> None:
    assert counts_persons("jeugdigen in begeleiding naar zelfstandig wonen")
    assert counts_persons("casussen in het Regionaal Matchingsteam (RMT)")
    assert not counts_persons("opties voor kosten en dekking van de acties segment 2")
    assert not counts_persons("jaren waarvoor het budget van project Mockingbird is opgenomen")
    assert not counts_persons("maanden waarbinnen RMT-casussen passend aanbod hebben")
    assert counts_persons("ambitie maximaal aantal jeugdigen met verblijfsindicatie")


@pytest.mark.parametrize(
    "question",
    [
        "hoeveel jeugdigen zitten in Een 10 voor de Jeugd?",
        "hoeveel aanbieders waren er in 2023 in Helmond?",
        "hoeveel jeugdigen hadden pleegzorg in 2023?",
    ],
)
def test_a_question_the_monitor_counts_stays_with_the_monitor(bot: Jeugdbot, question: str) -> None:
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"doc000-m-{question}"))
    assert ans.intent != "kengetal" and (ans.route or "").startswith("monitor"), ans.text
