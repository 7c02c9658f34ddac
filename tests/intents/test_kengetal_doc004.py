"""The figures of the VNG letter (document 004) answered through the real bot (issue 13 item 1).

Every figure of the letter is a kengetal now (tests/marts/test_kengetal_completeness.py); these
questions, in words of our own and at least two per kind of figure, check that a user asking
for one gets the document's figure with its source, not a monitor count, a passage without the
figure, or "ik ken het woord niet"."""

from __future__ import annotations

import re

import pytest

from bot.core import Jeugdbot
from bot.models import Kind

CASES = [
    # counts of bodies and regions
    ("hoeveel jeugdhulpregio's zijn er volgens de VNG?", ["42"]),
    ("met hoeveel jeugdhulpregio's overlegt de VNG in de BJ42 en J42?", ["42"]),
    ("hoeveel jeugdhulpregio's telt Nederland?", ["42"]),
    ("uit hoeveel gemeenten bestaat de regio Foodvalley?", ["7"]),
    ("hoeveel gemeenten zitten in Foodvalley?", ["7"]),
    ("hoeveel Gelderse gemeenten doen mee aan de verbeteragenda jeugdbescherming?", ["51", "3"]),
    ("hoeveel resultaatafspraken kent de Gelderse verbeteragenda?", ["11"]),
    ("uit hoeveel bouwstenen bestaat de Gelderse verbeteragenda?", ["8"]),
    ("met hoeveel gecertificeerde instellingen is de Gelderse verbeteragenda opgesteld?", ["5"]),
    ("hoeveel wijkteams zijn er in Utrecht?", ["18"]),
    ("met hoeveel aanbieders heeft de VNG raamcontracten in de LEF?", ["43"]),
    ("hoeveel aanbieders hebben een raamcontract in het LTA?", ["43"]),
    ("hoeveel gemeenten bekostigden als eerste een ondersteuner jeugd bij de huisarts?", ["3"]),
    ("hoeveel jaar decentralisatie jeugdhulp noemt de VNG?", ["7"]),
    ("hoeveel hoofddoelstellingen heeft de hervormingsagenda?", ["2"]),
    # the enquête
    ("hoeveel procent van de gemeenten reageerde op de enquête?", ["50%"]),
    ("hoeveel regio's en gemeenten deelden best practices in de interviews?", ["11"]),
    ("hoeveel deelnemende gemeenten per grootteklasse had de enquête?", ["139", "30", "17"]),
    (
        "hoeveel gemeenten zijn er in Nederland per grootteklasse volgens de enquête?",
        ["264", "56", "33"],
    ),
    # the afbouw of de Koppeling
    ("hoeveel plekken had de Koppeling in Amsterdam?", ["47"]),
    ("hoeveel plekken zijn er na 1 juli nog bij de Koppeling?", ["32"]),
    ("in hoeveel kleinschalige verblijfslocaties komen de plekken van de Koppeling?", ["6"]),
    ("hoelang duurt de afbouw van de Koppeling?", ["6"]),
    ("hoeveel geld is er voor de frictiekosten van de afbouw van de Koppeling?", ["€ 170.000"]),
    (
        "hoeveel fte intensivering ambulante zorg team thuis plus bij de afbouw van de Koppeling?",
        ["12,5"],
    ),
    # amounts of the doorbraaklab and the maatwerkbudget
    ("hoe vaak is het maatwerkbudget in Den Haag ingezet?", ["13"]),
    ("wat is het gemiddelde bedrag per casus van het maatwerkbudget in Den Haag?", ["€ 3.000"]),
    (
        "wat was het laagste bedrag dat uit het maatwerkbudget van het doorbraaklab is ingezet?",
        ["€ 120"],
    ),
    ("wat was het hoogste bedrag uit het maatwerkbudget van het doorbraaklab?", ["€ 12.000"]),
    ("wat is het gemiddelde besparingspotentieel per casus van het doorbraaklab?", ["€ 20.000"]),
    ("tot welk bedrag mag een doorbraakcoach inzetten?", ["€ 5.000"]),
    ("wat is het totale budget van het Haagse doorbraaklab?", ["€ 200.000"]),
    (
        "wat is het gemiddeld ingezette bedrag van het maatwerkbudget voor bestaanszekerheid?",
        ["40.000"],
    ),
    ("hoeveel besparing per casus levert het maatwerkbudget bestaanszekerheid op?", ["200.000"]),
    # users by sex and age band (jongens/meisjes are the table's mannen/vrouwen)
    ("hoeveel jongens hadden jeugdhulp in het eerste halfjaar 2015?", ["190.735"]),
    (
        "hoeveel vrouwen maakten in het eerste halfjaar van 2015 gebruik van jeugdhulp?",
        ["127.875"],
    ),
    ("hoeveel meisjes kregen jeugdhulp in het eerste halfjaar 2021?", ["138.825"]),
    (
        "hoeveel kinderen van 0 tot 4 jaar hadden jeugdhulp in het eerste halfjaar 2021?",
        ["21.705"],
    ),
    (
        "hoeveel jongeren van 12 tot 18 jaar kregen jeugdhulp in het eerste halfjaar van 2015?",
        ["137.425"],
    ),
    # percentages and ratios
    ("met hoeveel procent groeide het aantal jeugdhulpgebruikers in eenoudergezinnen?", ["30%"]),
    ("hoeveel procent meer jeugdhulpgebruikers uit een overig huishouden?", ["67%"]),
    ("bij hoeveel procent van de huisartsen in Groningen zit een OJG?", ["64%"]),
    # "Jeugd en Gezin" names a function, no family the privacy check must refuse
    ("welk percentage huisartsen in Groningen heeft een Ondersteuner Jeugd en Gezin?", ["64%"]),
    ("hoe groot is de business case van de OJG in Groningen?", ["1:2"]),
    ("hoeveel kinderen krijgen jeugdhulp volgens de VNG?", ["1 op de 10"]),
    ("welk deel van de kinderen krijgt jeugdhulp volgens de ledenbrief?", ["1 op de 10"]),
    (
        "welk deel van de nieuwe instroom werd in Zaanstad ingeschat voor het complexe segment?",
        ["15"],
    ),
    # dates
    (
        "wanneer was het bestuurlijk overleg waarin het kabinet de extra besparing voor rekening "
        "van het rijk nam?",
        ["9 mei 2022"],
    ),
    (
        "van wanneer is de kamerbrief met de visie van de staatssecretaris op het stelsel?",
        ["13 mei 2022"],
    ),
    ("wanneer zijn de bestuurlijke afspraken tussen rijk en VNG gemaakt?", ["2 juni 2021"]),
]


@pytest.mark.parametrize(("question", "figures"), CASES, ids=[q for q, _ in CASES])
def test_a_figure_of_the_vng_letter_is_answered_with_its_source(
    bot: Jeugdbot, question: str, figures: list[str]
) -> None:
    ans = bot.answer(question)
    assert ans.kind == Kind.ANSWER, ans.text
    for figure in figures:
        assert re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d]|[.,]\d)", ans.text), ans.text
    assert "VNG" in ans.text, ans.text
    assert "demodata" not in ans.text, ans.text


@pytest.mark.parametrize(
    "question",
    [
        "hoeveel wachtenden waren er bij de GI's in Haaglanden?",
        "hoeveel jeugdigen wachtten bij de gecertificeerde instellingen in Haaglanden?",
    ],
)
def test_a_figure_asked_without_period_is_given_for_all_its_periods(
    bot: Jeugdbot, question: str
) -> None:
    """Document 002 publishes the GI waiting list for two months: asked without a period, both."""
    ans = bot.answer(question)
    assert "134" in ans.text and "38" in ans.text, ans.text
    assert "Haaglanden" in ans.text and "demodata" not in ans.text


def test_the_contradicted_2021_total_is_never_quoted(bot: Jeugdbot) -> None:
    """The sentence under the sex table gives 379.615 users for 2021 against the table's
    200.550 + 138.825: the table is quoted, that sentence is left out (a wrong number is the
    worst answer)."""
    for question in (
        "hoeveel mannen hadden jeugdhulp in het eerste halfjaar 2021?",
        "hoeveel jongens kregen in het eerste halfjaar van 2021 jeugdhulp?",
    ):
        ans = bot.answer(question)
        assert "200.550" in ans.text and "379.615" not in ans.text, ans.text


def test_a_published_small_count_is_shown_as_published(bot: Jeugdbot) -> None:
    """'3 Utrechtse gemeenten' is a public figure of the letter, not a count of clients: the
    small-count rule of the marts does not hide it."""
    ans = bot.answer("hoeveel Utrechtse gemeenten doen mee aan de Gelderse verbeteragenda?")
    assert "minder dan 5" not in ans.text
    assert re.search(r"provincie Utrecht 2021: \*3\*", ans.text), ans.text


def test_a_single_family_is_still_refused(bot: Jeugdbot) -> None:
    """'Jeugd en Gezin' is let through as a name; a question about one gezin is not."""
    for question in ("wat weet je over het gezin Jansen?", "hoeveel hulp kreeg dat gezin?"):
        assert bot.answer(question).intent == "weigeren", question


@pytest.mark.parametrize(
    "question",
    [
        "hoeveel procent van de huisartsen heeft een OJG in onze regio?",
        "bij hoeveel procent van de huisartsen in de regio zit een ondersteuner jeugd en gezin",
    ],
)
def test_a_figure_for_another_area_does_not_answer_for_our_region(
    bot: Jeugdbot, question: str
) -> None:
    """The letter's 64% is Groningen's: asked for the user's own region it is no answer."""
    ans = bot.answer(question)
    assert "64%" not in ans.text, ans.text


def test_the_same_figure_answers_for_its_own_area(bot: Jeugdbot) -> None:
    ans = bot.answer("bij hoeveel procent van de huisartsen in Groningen zit een OJG?")
    assert "64%" in ans.text and "VNG" in ans.text, ans.text
