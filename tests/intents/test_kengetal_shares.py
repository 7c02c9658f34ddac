"""A share is answered by a published share of the asked area, however the share is asked.

"welk deel van", "per inwoner" (of a count), "afgezet tegen", "ten opzichte van" ask a share,
and the area the question names, the user's own region too ("de hele regio"), narrows the
candidates before one is chosen: a share of another area or of another base is another figure.
The router (bot.core) and the kengetal intent choose alike. Expected values come from
knowledge/kengetallen.yaml, never from bot code.
"""

from __future__ import annotations

import pytest
import yaml

from bot.core import Jeugdbot
from bot.intents.kengetal import Kengetal
from bot.intents.kengetal_index import KENGETALLEN_YAML, asks_share
from bot.models import Context, Kind

REGION = "Een 10 voor de Jeugd"
CODES = {"Helmond": "GM0794", "Veldhoven": "GM0861"}


def _pct(onderwerp: str, gebied: str, jaar: int) -> str:
    raw = yaml.safe_load(KENGETALLEN_YAML.read_text(encoding="utf-8"))["kengetallen"]
    (block,) = [b for b in raw if b["onderwerp"] == onderwerp]
    waarden = block["waarden"]
    value = float(waarden.get(gebied, waarden.get(CODES.get(gebied, ""), {}))[jaar])
    return Kengetal._fmt(None, value, "procent")  # type: ignore[arg-type]


def _ask(bot: Jeugdbot, q: str) -> str:
    ans = bot.answer(q, Context(channel="cli", conversation_id=f"shares-{q}"))
    assert ans.kind == Kind.ANSWER, (q, ans.intent, ans.text)
    return ans.text


ALL_CLIENTS = "aandeel segment 2 in cliënten jeugdhulp eerste halfjaar"
YOUNG = "cliënten segment 2 ten opzichte van jeugdige inwoners"
INHABITANTS = "cliënten segment 2 ten opzichte van alle inwoners"


@pytest.mark.parametrize(
    ("question", "onderwerp", "gebied"),
    [
        (
            "Welk deel van de cliënten jeugdhulp in Peelgemeenten zat in het eerste halfjaar "
            "van 2023 in segment 2?",
            ALL_CLIENTS,
            "Peelgemeenten",
        ),
        (
            "Welk deel van de jeugdhulpcliënten van de hele regio had in het eerste halfjaar "
            "2023 een S2-indicatie?",
            ALL_CLIENTS,
            REGION,
        ),
        (
            "Hoeveel S2-cliënten had Helmond in het eerste halfjaar 2023 per inwoner?",
            INHABITANTS,
            "Helmond",
        ),
        (
            "S2 in Peelgemeenten afgezet tegen de jeugdige inwoners, eerste helft 2023",
            YOUNG,
            "Peelgemeenten",
        ),
        (
            "Hoeveel cliënten S2 had Dommelvallei+ in de eerste helft van 2023 ten opzichte "
            "van alle inwoners?",
            INHABITANTS,
            "Dommelvallei+",
        ),
    ],
)
def test_a_share_is_the_published_share_of_the_named_area(
    bot: Jeugdbot, question: str, onderwerp: str, gebied: str
) -> None:
    text = _ask(bot, question)
    assert f"*{_pct(onderwerp, gebied, 2023)}*" in text, text
    assert "Programmaplan" in text
    assert "demodata" not in text


def test_a_count_stays_a_count_and_money_per_inwoner_stays_the_monitors(bot: Jeugdbot) -> None:
    count = _ask(bot, "Hoeveel S2-cliënten had Helmond in het eerste halfjaar van 2023?")
    assert "*126*" in count and "%" not in count.split("De monitor")[0]
    money = _ask(bot, "zorgkosten per inwoner Helmond 2023")
    assert "€ 274" in money and "Programmaplan" not in money


@pytest.mark.parametrize(
    ("question", "share"),
    [
        ("welk deel van de cliënten zit in S2", True),
        ("hoeveel S2-cliënten per inwoner", True),
        ("zorgkosten per inwoner in Helmond", False),  # an amount per head, not a share
        ("kosten per inwoner van het deel van de regio", False),
        ("hoeveel jeugdigen had Helmond in 2023 ten opzichte van 2022", False),
        ("welk deel van de kosten ging naar verblijf", True),
    ],
)
def test_what_asks_a_share(question: str, share: bool) -> None:
    assert asks_share(question) is share


@pytest.mark.parametrize(
    ("question", "figure", "document"),
    [
        ("kosten zorglogistiek haaglanden 2023", "€ 371.780", "Haaglanden"),
        ("GIZ licentiekosten Haaglanden 2025", "€ 25.000", "Haaglanden"),
        ("bijdrage oudersraad haaglanden 2026", "€ 47.500", "Haaglanden"),
    ],
)
def test_a_money_noun_written_as_a_search_asks_its_amount(
    bot: Jeugdbot, question: str, figure: str, document: str
) -> None:
    """No question word, a noun of money: its published amount, never "unknown word"."""
    text = _ask(bot, question)
    assert f"*{figure}*" in text and document in text, text


def test_a_money_noun_in_a_question_about_the_money_is_no_figure_question() -> None:
    from bot.intents.kengetal_index import asks_figure

    assert not asks_figure("wat omvatten de zorgkosten jeugdwet in het programmaplan")
    assert not asks_figure("wat zegt de jeugdwet over de eigen bijdrage van ouders")
    assert asks_figure("licentiekosten giz 2024")
    assert asks_figure("hoeveel kost de regiomonitor")


@pytest.mark.parametrize(
    "question", ["verwachte kosten 2030 regio", "uitgaven regionalisering 2031"]
)
def test_a_published_figure_of_another_year_is_no_answer(bot: Jeugdbot, question: str) -> None:
    """The VNG letter's expected saving of 2022 is no answer to a question about 2030."""
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"year-{question}"))
    assert ans.intent != "kengetal", ans.text
    assert "47.000.000" not in ans.text


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("hoeveel meisjes zaten er in de eerste helft van 2021 in de jeugdhulp", "138.825"),
        ("hoeveel jongens zaten in de eerste helft van 2015 in de jeugdhulp", "190.735"),
    ],
)
def test_de_eerste_helft_is_the_documents_eerste_halfjaar(
    bot: Jeugdbot, question: str, figure: str
) -> None:
    text = _ask(bot, question)
    assert f"*{figure}*" in text and "VNG" in text, text


def test_km_is_the_documents_kilometer(bot: Jeugdbot) -> None:
    text = _ask(bot, "hoeveel procent van de jeugdigen in verblijf moet in 2028 binnen 15 km wonen")
    assert "*60%*" in text and "Programmaplan" in text, text


@pytest.mark.parametrize(
    "question",
    [
        "Hoe groot is het aandeel S2 in Veldhoven?",
        "welk percentage segment 2 heeft Dommelvallei+ in het eerste halfjaar 2023",
        "aandeel segment 2 helmond",
    ],
)
def test_a_share_of_no_named_base_is_asked_back_with_each_base(
    bot: Jeugdbot, question: str
) -> None:
    """The factsheet gives S2 of an area as a share of all its clients, of its young inhabitants
    and of all its inhabitants: three figures for one question that names no base. Any one of
    them answers another question; the bot asks which, offering each base."""
    ans = bot.answer(question, Context(channel="cli", conversation_id=f"base-{question}"))
    assert ans.kind == Kind.CLARIFY, (ans.intent, ans.text)
    assert "%" not in ans.text  # no figure before the user chose
    labels = " ".join(o.label for o in ans.options).lower()
    assert "cliënten" in labels and "jeugdige inwoners" in labels and "alle inwoners" in labels
    for option in ans.options:  # each choice is a question the bot answers with that share
        chosen = bot.answer(option.value, Context(channel="cli", conversation_id="chosen"))
        assert chosen.kind == Kind.ANSWER, (option.value, chosen.text)
        assert "Programmaplan" in chosen.text and "%" in chosen.text, chosen.text


def test_a_share_whose_base_is_named_is_answered_not_asked_back(bot: Jeugdbot) -> None:
    text = _ask(bot, "aandeel S2 in Veldhoven ten opzichte van de jeugdige inwoners")
    assert f"*{_pct(YOUNG, 'Veldhoven', 2023)}*" in text, text
