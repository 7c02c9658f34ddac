"""What the words mean (issue 12 items 2 and 3): spending verbs name the costs, change questions
asked as questions get the change between two periods, and the reply to an unknown word offers
whole questions. Each class has several phrasings; each is checked through answer() against the
same figure asked the plain way, so the test does not restate the parser's rules."""

from __future__ import annotations

import re

import pytest

from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind


def ask(bot: Jeugdbot, q: str) -> Answer:
    return bot.answer(q, Context(conversation_id=None, channel="api"))


def bold(ans: Answer) -> list[str]:
    return re.findall(r"\*([^*]+)\*", ans.text)


# -- 1. Spending verbs make the measure kosten -----------------------------------------------

SPENDING = [
    # (question, the same figure asked plainly)
    ("wat gaf Laarbeek vorig jaar uit aan zorg", "kosten Laarbeek 2024"),
    ("hoeveel gaf Deurne uit aan jeugdhulp in 2023", "kosten Deurne 2023"),
    ("hoeveel gaven we in 2023 uit aan segment 2", "kosten segment 2 regio 2023"),
    ("hoeveel is er besteed aan gezinshuizen", "kosten gezinshuis regio 2024"),
    ("hoeveel besteedde Nuenen aan jeugdhulp in 2023", "kosten Nuenen 2023"),
    ("welk bedrag ging naar segment 4", "kosten segment 4 regio 2024"),
    ("hoeveel kostte segment 3 ons in 2023", "kosten segment 3 regio 2023"),
    ("hoeveel betaalde Helmond aan pleegzorg in 2023", "kosten pleegzorg Helmond 2023"),
    ("wat hebben we in 2023 betaald aan segment 2", "kosten segment 2 regio 2023"),
    ("wat betaalt Asten aan jeugdhulp in 2023", "kosten Asten 2023"),
    ("hoeveel geld ging er in 2023 naar verblijf in Asten", "kosten verblijf Asten 2023"),
    # the subject of "ontvingen" is not what is counted; "aan declaraties" names the money
    ("hoeveel ontvingen aanbieders in 2023 aan declaraties", "kosten regio 2023"),
]


@pytest.mark.parametrize(("q", "plain"), SPENDING)
def test_a_spending_verb_names_the_costs(bot: Jeugdbot, q: str, plain: str) -> None:
    ans, ref = ask(bot, q), ask(bot, plain)
    assert ref.kind == Kind.ANSWER and ref.slots.get("metric") == "kosten", ref.text
    assert ans.kind == Kind.ANSWER and ans.slots.get("metric") == "kosten", (q, ans.text[:200])
    assert bold(ans)[:1] == bold(ref)[:1], (q, ans.text[:200], ref.text[:200])


AMOUNT_OR_COUNT = [
    "hoeveel kreeg Laarbeek aan jeugdhulp in 2023",
    "hoeveel ontving Deurne in 2022 aan jeugdzorg",
    "hoeveel ging er in 2023 naar pleegzorg in Helmond",
    "hoeveel kregen de gemeenten aan jeugdhulp in 2023",
    "hoeveel ging er naar segment 4 in 2023",
    "hoeveel kregen aanbieders aan jeugdhulp in 2023",
]


@pytest.mark.parametrize("q", AMOUNT_OR_COUNT)
def test_hoeveel_kreeg_aan_asks_money_or_youths(bot: Jeugdbot, q: str) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.CLARIFY, (q, ans.text[:200])
    assert [o.label for o in ans.options] == ["kosten (euro)", "jeugdigen in zorg"], ans.options
    money, youths = (ask(bot, o.value) for o in ans.options)
    assert money.kind == Kind.ANSWER and money.slots.get("metric") == "kosten", money.text
    assert youths.kind == Kind.ANSWER and youths.slots.get("metric") == "jeugdigen", youths.text


def test_hoeveel_kreeg_options_keep_place_and_period(bot: Jeugdbot) -> None:
    ans = ask(bot, "hoeveel kreeg Laarbeek aan jeugdhulp in 2023")
    money, youths = (ask(bot, o.value) for o in ans.options)
    assert bold(money)[:1] == bold(ask(bot, "kosten Laarbeek 2023"))[:1]
    assert "515" in youths.text  # the 0-meting: jeugdigen in zorg in Laarbeek in 2023


@pytest.mark.parametrize(
    "q",
    [
        "hoeveel kinderen kregen jeugdhulp in asten in 2022",
        "hoeveel jeugdigen kregen in 2023 jeugdhulp in Laarbeek",
    ],
)
def test_a_counted_noun_stays_a_count(bot: Jeugdbot, q: str) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.ANSWER and ans.slots.get("metric") == "jeugdigen", ans.text[:200]


# -- 2. A change asked as a question: the change between the two periods ----------------------

CHANGES = [
    # (question, metric, the two years)
    ("met hoeveel procent veranderden de kosten in waalre tussen 2022 en 2023", "zorgkosten",
     (2022, 2023)),
    ("met hoeveel procent veranderde het aantal jeugdigen in helmond tussen 2022 en 2023",
     "jeugdigen", (2022, 2023)),
    ("hoeveel veranderden de kosten in waalre tussen 2022 en 2023", "kosten", (2022, 2023)),
    ("zijn de kosten in asten omhoog of omlaag gegaan in 2023", "kosten", (2022, 2023)),
    ("is het aantal jeugdigen in Deurne gestegen of gedaald tussen 2021 en 2023", "jeugdigen",
     (2021, 2023)),
    ("hoeveel minder jeugdigen waren er in 2022 dan in 2021", "jeugdigen", (2021, 2022)),
    ("verschil in gestarte trajecten 2021 en 2022", "trajecten_gestart", (2021, 2022)),
    ("procentuele daling jeugdigen 2023-2024", "jeugdigen", (2023, 2024)),
    ("procentuele stijging van de kosten in Helmond van 2022 naar 2023", "zorgkosten",
     (2022, 2023)),
    ("hoeveel procent is de zorg duurder geworden in 2023 in Helmond", "kosten", (2022, 2023)),
    ("zijn de kosten in Helmond hoger geworden in 2023", "kosten", (2022, 2023)),
    # "procenten" is no place ("Ik ken geen gemeente 'procenten'")
    ("wat is de stijging in procenten van het aantal jeugdigen in Deurne tussen 2022 en 2024",
     "jeugdigen", (2022, 2024)),
    ("hoeveel meer gestarte trajecten waren er in Helmond in 2023 dan in 2022",
     "trajecten_gestart", (2022, 2023)),
]  # fmt: skip


@pytest.mark.parametrize(("q", "metric", "years"), CHANGES)
def test_a_change_question_gets_the_change(
    bot: Jeugdbot, q: str, metric: str, years: tuple[int, int]
) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.ANSWER and ans.intent == "vergelijking", (q, ans.intent, ans.text[:200])
    assert ans.slots.get("metric") == metric, (q, ans.slots.get("metric"))
    starts = [x["start"][:4] for x in ans.slots["periods"]]
    assert starts == [str(y) for y in years], (q, starts)
    assert "%" in ans.text
    # the change in the measure's own unit too: "(+1,3%, +33)", "(-0,2%, -€ 48.902)"
    assert re.search(r"\(([+-]\d+(\.\d{3})*,\d)%, [+-](€ )?\d", ans.text), ans.text[:200]


# -- 3. The unknown-word reply offers whole questions ------------------------------------------

UNKNOWN = [
    # (question, unknown word, words every option keeps)
    ("hoeveel vergaderingen had Helmond in 2023", "vergaderingen", ["Helmond", "2023"]),
    ("hoeveel klachten waren er in Deurne vorig jaar", "klachten", ["Deurne", "vorig jaar"]),
    ("wat was de wachttijd in Asten in 2023", "wachttijd", ["Asten", "2023"]),
    ("hoeveel meldingen kwamen er in 2022 binnen in de regio", "meldingen", ["2022"]),
    ("hoeveel wachtenden in segment 2 in Someren in 2023", "wachtenden",
     ["Someren", "2023", "segment 2"]),
    ("hoeveel klachten via de huisarts in Helmond in 2023", "klachten",
     ["Helmond", "2023", "huisarts"]),
    ("hoeveel wachtenden verwezen door het wijkteam in Asten in 2024", "wachtenden",
     ["Asten", "2024", "verwezen via de gemeente"]),
]  # fmt: skip
# What the answer to each offered measure is about (its metric slot).
OFFERED = {
    "jeugdigen": {"jeugdigen"},
    "trajecten": {"trajecten_lopend"},
    "aanbieders": {"aanbieders"},
    "kosten": {"kosten"},
    "zorgkosten": {"zorgkosten"},
    "inwoners": {"inwoners"},
}


@pytest.mark.parametrize(("q", "word", "kept"), UNKNOWN)
def test_the_unknown_word_reply_offers_whole_questions(
    bot: Jeugdbot, q: str, word: str, kept: list[str]
) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.CLARIFY and ans.intent == "onbekend_woord", (q, ans.text[:200])
    assert [o.label for o in ans.options] == list(OFFERED)
    for o in ans.options:
        assert word not in o.value, o.value
        if o.label not in ("zorgkosten", "inwoners"):  # per gemeente and year: no segment
            assert all(k.lower() in o.value.lower() for k in kept), (o.value, kept)
        follow = ask(bot, o.value)
        assert follow.kind == Kind.ANSWER, (o.value, follow.text[:200])
        assert follow.slots.get("metric") in OFFERED[o.label], (o.value, follow.slots)
        if o.label not in ("zorgkosten", "inwoners"):
            assert all(k.lower() in follow.text.split(":")[0].lower() for k in kept
                       if k[0].isupper()), (o.value, follow.text[:120])  # fmt: skip


def test_which_measure_offers_whole_questions(bot: Jeugdbot) -> None:
    ans = ask(bot, "hoeveel in Deurne in 2023")
    assert ans.kind == Kind.CLARIFY and ans.intent == "welke_maat", ans.text
    for o in ans.options:
        follow = ask(bot, o.value)
        assert follow.kind == Kind.ANSWER and follow.slots.get("metric") in OFFERED[o.label]
        assert "Deurne" in follow.text and "2023" in follow.text, (o.value, follow.text[:120])


@pytest.mark.parametrize(
    "q",
    [
        "met hoeveel procent veranderden de kosten in waalre in 2023",
        "met hoeveel procent stegen de zorgkosten in de regio in 2023",
    ],
)
def test_the_cost_development_of_one_year_is_itself_the_change(bot: Jeugdbot, q: str) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.ANSWER and ans.intent == "cijfer", (ans.intent, ans.text[:200])
    assert ans.slots.get("metric") == "kostenontwikkeling" and "ten opzichte van 2022" in ans.text
