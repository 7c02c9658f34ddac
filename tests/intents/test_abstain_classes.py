"""Four classes of questions that got a figure for another question (issue 12, item 2), through
the whole bot on the demo marts: an age band the monitor has no ages for, a count of a thing no
measure names, a place outside the region, and "A of B" between two gemeenten. Each is asked
back with options; none shows the figure of the question without its hard part."""

from __future__ import annotations

import re

import pytest

from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind

# The all-ages counts of the demo marts that an age question must not show (region 2023,
# Helmond 2023, Deurne 2024).
ALL_AGES = ("9.403", "2.635")


def _ask(bot: Jeugdbot, q: str) -> Answer:
    return bot.answer(q, Context(channel="cli", conversation_id=f"classes-{q}"))


def _no_figure(ans: Answer) -> None:
    """No count, amount or percentage in the text (years and the age band's own ages aside)."""
    shown = re.findall(r"\*[^*]*\d[^*]*\*|€\s?\d|\d+,\d+\s?%", ans.text)
    assert not shown, ans.text
    for figure in ALL_AGES:
        assert figure not in ans.text, ans.text


# -- 1. age bands -------------------------------------------------------------------------------

AGE_BANDS = (
    "hoeveel jongeren van 16 tot 18 jaar hadden in 2023 jeugdhulp in Helmond",
    "aantal kinderen tussen 6 en 10 jaar in zorg in de regio 2023",
    "hoeveel 12-jarigen zaten in 2023 in jeugdzorg in Helmond",
    "jeugdigen in zorg per leeftijd in Deurne 2024",
    "hoeveel pubers kregen jeugdhulp in Helmond in 2023",
    "jeugdigen jonger dan 12 in zorg regio 2023",
    "kinderen tot 12 jaar in zorg in Helmond 2023",
    "hoeveel 0-4 jarigen hadden jeugdhulp in 2023",
)


@pytest.mark.parametrize("q", AGE_BANDS)
def test_an_age_band_the_monitor_cannot_count_is_asked_back_not_answered_for_all_ages(
    bot: Jeugdbot, q: str
) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.CLARIFY and ans.intent == "leeftijd", (ans.intent, ans.text)
    assert "alle leeftijden" in ans.text
    _no_figure(ans)
    # The one option asks the same question for all ages, on purpose.
    assert len(ans.options) == 1
    again = _ask(bot, ans.options[0].value)
    assert again.kind == Kind.ANSWER and again.intent == "cijfer", (
        ans.options[0].value,
        again.text,
    )


def test_the_age_band_the_monitor_does_count_is_answered(bot: Jeugdbot) -> None:
    """The population of 0 to 17 years is in fact_inwoners: that band has its own figure."""
    ans = _ask(bot, "hoeveel jeugdigen van 0 tot 18 jaar wonen er in Helmond in 2023")
    assert ans.kind == Kind.ANSWER and ans.slots.get("metric") == "jeugdigen_0_17", ans.text


def test_an_age_band_the_documents_publish_gets_the_documents_figure(bot: Jeugdbot) -> None:
    ans = _ask(bot, "hoeveel jongeren tussen 12 en 18 jaar gebruikten jeugdhulp in 2021")
    assert ans.kind == Kind.ANSWER and ans.intent == "kengetal", ans.text
    assert "158.220" in ans.text and "VNG" in ans.text


def test_a_published_figure_for_another_age_band_is_not_given(bot: Jeugdbot) -> None:
    """The documents' share of the 0-23-year-olds is no answer about the 0-4-year-olds; the
    VNG's count of the 0-4-year-olds is, named as the country's and its half year."""
    ans = _ask(bot, "hoeveel 0-4 jarigen hadden jeugdhulp")
    assert ans.intent == "kengetal" and "0-23" not in ans.text, ans.text
    assert "0 tot 4 jaar" in ans.text and "Nederland" in ans.text and "VNG" in ans.text
    other = _ask(bot, "hoeveel 5-9 jarigen hadden jeugdhulp")  # a band no document gives
    assert other.intent == "leeftijd", other.text


def test_dates_and_years_are_no_age_band(bot: Jeugdbot) -> None:
    for q in (
        "kosten regio van 1 tot 15 maart 2024",
        "jeugdigen in zorg Helmond van 2022 tot 2023",
    ):
        assert _ask(bot, q).intent != "leeftijd", q


# -- 2. unknown measure words -------------------------------------------------------------------

UNKNOWN_COUNTS = (
    ("oudertevredenheid gezinshuizen 2024", "oudertevredenheid"),
    ("clientwaardering jeugdhulp Helmond 2023", "clientwaardering"),
    ("hoeveel crisisplaatsingen waren er in Deurne", "crisisplaatsingen"),
    ("hoeveel uithuisplaatsingen had Helmond in 2023", "uithuisplaatsingen"),
    ("aantal huisartsen in de regio", "huisartsen"),
    ("hoeveel leerkrachten werken samen met jeugdhulp", "leerkrachten"),
    ("hoeveel bedden zijn er in de jeugdzorg", "bedden"),
    ("hoeveel gesprekken voerde het sociaal team vorig jaar", "gesprekken"),
)


@pytest.mark.parametrize(("q", "word"), UNKNOWN_COUNTS)
def test_an_unknown_measure_word_is_named_in_a_clarification(
    bot: Jeugdbot, q: str, word: str
) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.CLARIFY and ans.intent == "onbekend_woord", (ans.intent, ans.text)
    assert f"'{word}'" in ans.text
    assert ans.options, "the reply offers what the monitor counts"
    _no_figure(ans)


@pytest.mark.parametrize(
    "q",
    [
        "hoeveel kinderen met een uithuisplaatsing waren er in Helmond in 2023",
        "jeugdhulpgebruik per 1.000 jeugdigen Deurne 2023",
        "hoeveel clienten hadden in 2023 jeugdhulp in Helmond",
        # "hoeveel kreeg Deurne aan jeugdhulp" is money or youths: asked back since words12d
        # (tests/intents/test_words12d.py).
        "aantal verwijzingen door de huisarts in Helmond in 2023",
    ],
)
def test_words_the_monitor_explains_still_get_their_figure(bot: Jeugdbot, q: str) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.ANSWER and ans.intent == "cijfer", (ans.intent, ans.text)


def test_an_amount_asked_of_a_published_figure_is_not_an_unknown_count(bot: Jeugdbot) -> None:
    """'hoeveel betaalt', 'met hoeveel procent': an amount or a share, which a document holds."""
    ans = _ask(bot, "hoeveel betaalt H10 in 2024 voor Villa Pinedo?")
    assert ans.kind == Kind.ANSWER and "50.000" in ans.text, ans.text


def test_unknown_words_without_a_place_are_a_clarification_not_help(bot: Jeugdbot) -> None:
    for q in ("hoeveel vergaderingen had de stuurgroep", "gemiddelde wachttijd jeugd-ggz 2024"):
        ans = _ask(bot, q)
        assert ans.kind == Kind.CLARIFY and ans.intent == "onbekend_woord", (q, ans.text)


# -- 3. places outside the monitor ---------------------------------------------------------------

OUTSIDE = (
    ("hoeveel jeugdigen hadden jeugdhulp in Rotterdam in 2023", "Rotterdam"),
    ("kosten jeugdzorg Breda vorig jaar", "Breda"),
    ("trajecten in Valkenswaard 2024", "Valkenswaard"),
    ("aantal aanbieders in Oss", "Oss"),
    ("hoeveel kinderen in zorg in best in 2023", "Best"),
)


@pytest.mark.parametrize(("q", "place"), OUTSIDE)
def test_a_place_outside_the_monitor_is_asked_back_with_the_region_and_its_gemeenten(
    bot: Jeugdbot, q: str, place: str
) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.CLARIFY and ans.intent == "buiten_monitor", (ans.intent, ans.text)
    assert place in ans.text and "ook geen 0" in ans.text
    assert ans.slots.get("geen_gegevens") is True
    labels = [o.label for o in ans.options]
    assert labels[0] == "regio Een 10 voor de Jeugd" and "Helmond" in labels and len(labels) == 12
    assert all(place.lower() not in o.value.lower() for o in ans.options), ans.options
    # The region's option asks the same question for the region.
    assert _ask(bot, ans.options[0].value).kind == Kind.ANSWER, ans.options[0].value


def test_best_as_an_ordinary_word_is_no_place(bot: Jeugdbot) -> None:
    ans = _ask(bot, "welke gemeente had in 2023 het best de kosten in de hand")
    assert ans.intent != "buiten_monitor", ans.text


# -- 4. "A of B" between places -----------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "hoeveel jeugdigen in Deurne of Asten in 2023",
        "kosten 2023 Helmond of Laarbeek",
        "trajecten in Waalre of Veldhoven vorig jaar?",
        "jeugdigen in zorg in Geldrop-Mierlo of in Nuenen in 2023",
    ],
)
def test_a_or_b_between_gemeenten_asks_which_is_meant(bot: Jeugdbot, q: str) -> None:
    ans = _ask(bot, q)
    assert ans.kind == Kind.CLARIFY, (ans.intent, ans.text)
    assert len(ans.options) == 3 and "naast elkaar" in ans.options[2].label
    _no_figure(ans)
    one, both = _ask(bot, ans.options[0].value), _ask(bot, ans.options[2].value)
    assert one.kind == Kind.ANSWER and len(one.slots.get("gemeenten") or []) == 1, one.text
    assert both.kind == Kind.ANSWER and both.intent == "vergelijking", both.text


def test_a_or_b_that_asks_which_has_more_is_a_comparison(bot: Jeugdbot) -> None:
    ans = _ask(bot, "had Deurne of Asten meer jeugdigen in zorg in 2023?")
    assert ans.kind == Kind.ANSWER and ans.intent == "vergelijking", ans.text


def test_the_counted_word_is_the_first_content_word_after_hoeveel() -> None:
    """bot.intents.coverage.explain on its own: which word a count asks for, when no measure."""
    from bot.intents.coverage import explain

    def counted(q: str) -> str | None:
        word = explain(q, [])[1]
        return word.folded if word is not None else None

    assert counted("hoeveel klachten kwamen binnen") == "klachten"
    assert counted("hoeveel uithuisplaatsingen waren er") == "uithuisplaatsingen"
    assert counted("aantal huisartsen") == "huisartsen"
    assert counted("hoeveel kinderen met een uithuisplaatsing") is None
    assert counted("aantal verwijzingen door de huisarts") is None
    assert counted("hoeveel betaalt de regio voor de oudersraad") is None
    assert counted("met hoeveel procent groeide het aantal medewerkers") is None
    assert counted("hoeveel gemiddeld grote aanbieders") is None
