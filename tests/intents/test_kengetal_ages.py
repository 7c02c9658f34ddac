"""A question for an age band is answered by the published figure for that band (issue 13).

The VNG letter counts youths in jeugdhulp by age group, in blocks whose onderwerp names the band
("...: 4 tot 12 jaar") or in one table whose rows are the bands ("18 tot 23 jaar": +83%). The
monitor counts no clients by age, so a band the documents give is theirs to answer; a band they
do not give is asked back, never answered with the figure of another band or of all ages.
Expected values come from knowledge/kengetallen.yaml.
"""

from __future__ import annotations

import pytest

from bot.core import Jeugdbot
from bot.intents.kengetal import Kengetal
from bot.models import Context, Kind
from tests.intents.published_data import waarden


def _value(onderwerp: str, gebied: str, jaar: int, eenheid: str) -> str:
    return Kengetal._fmt(None, float(waarden(onderwerp, gebied)[jaar]), eenheid)  # type: ignore[arg-type]


def _ask(bot: Jeugdbot, q: str) -> str:
    ans = bot.answer(q, Context(channel="cli", conversation_id=f"ages-{q}"))
    assert ans.kind == Kind.ANSWER, (q, ans.intent, ans.text)
    return ans.text


GROWTH = "stijging jeugdhulpgebruik sinds het eerste halfjaar 2015 naar leeftijd"


@pytest.mark.parametrize(
    ("question", "onderwerp", "gebied", "jaar", "eenheid"),
    [
        (
            "hoeveel kinderen tussen 4 en 12 jaar hadden in de eerste helft van 2021 jeugdhulp",
            "jeugdigen met jeugdhulp in het eerste halfjaar: 4 tot 12 jaar",
            "Nederland",
            2021,
            "aantal",
        ),
        (
            "Hoeveel 12 tot 18 jarigen hadden in het eerste halfjaar van 2015 jeugdhulp?",
            "jeugdigen met jeugdhulp in het eerste halfjaar 2015: 12 tot 18 jaar",
            "Nederland",
            2015,
            "aantal",
        ),
        (
            "met hoeveel procent steeg het jeugdhulpgebruik van 0 tot 4 jarigen sinds 2015?",
            GROWTH,
            "0 tot 4 jaar",
            2021,
            "procent",
        ),
        (
            "Hoeveel procent groeide de jeugdhulp bij 4- tot 12-jarigen tussen 2015 en 2021?",
            GROWTH,
            "4 tot 12 jaar",
            2021,
            "procent",
        ),
    ],
)
def test_an_age_band_gets_the_published_figure_for_that_band(
    bot: Jeugdbot, question: str, onderwerp: str, gebied: str, jaar: int, eenheid: str
) -> None:
    text = _ask(bot, question)
    assert f"*{_value(onderwerp, gebied, jaar, eenheid)}*" in text, text
    assert "VNG" in text
    if gebied != "Nederland":  # one row of the table: not the other bands' figures
        others = [g for g in ("0 tot 4 jaar", "4 tot 12 jaar", "12 tot 18 jaar", "18 tot 23 jaar")
                  if g != gebied]  # fmt: skip
        assert not any(f"*{_value(onderwerp, g, jaar, eenheid)}*" in text for g in others), text


def test_a_band_the_documents_do_not_give_is_asked_back(bot: Jeugdbot) -> None:
    ans = bot.answer("hoeveel kinderen van 6 tot 9 jaar hadden in 2021 jeugdhulp",
                     Context(channel="cli", conversation_id="ages-6-9"))  # fmt: skip
    assert ans.kind == Kind.CLARIFY, ans.text


def test_the_band_of_a_named_year_not_all_ages_of_it(bot: Jeugdbot) -> None:
    """The kengetal intent chooses as the router does: the 2015 count of 0 to 4 year olds, not
    the 2015 count of all ages, which explains the other words as well."""
    onderwerp = "jeugdigen met jeugdhulp in het eerste halfjaar 2015: 0 tot 4 jaar"
    question = "hoeveel kinderen van 0 tot 4 jaar kregen jeugdhulp in het eerste halfjaar van 2015"
    text = _ask(bot, question)
    assert f"*{_value(onderwerp, 'Nederland', 2015, 'aantal')}*" in text, text


def test_a_share_of_an_age_band_is_the_documents_not_a_monitor_share(bot: Jeugdbot) -> None:
    """The monitor makes shares of its own measures, but it counts no clients by age: a share of
    the 0-23-year-olds is the VNG's."""
    text = _ask(bot, "hoeveel procent van de 0- tot 23-jarigen had in 2020 jeugdhulp")
    assert f"*{_value('aandeel 0-23-jarigen met jeugdhulp', 'Nederland', 2020, 'procent')}*" in text
    assert "VNG" in text


def test_people_and_two_ages_are_an_age_band(bot: Jeugdbot) -> None:
    """ "jongeren van 12-18": the hyphen folds to a space, and people with two ages are a band."""
    onderwerp = "jeugdigen met jeugdhulp in het eerste halfjaar: 12 tot 18 jaar"
    text = _ask(bot, "hoeveel jongeren van 12-18 hadden in het eerste halfjaar 2021 jeugdhulp")
    assert f"*{_value(onderwerp, 'Nederland', 2021, 'aantal')}*" in text, text
