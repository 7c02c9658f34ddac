"""Routing between the monitor, the documents' figures and the knowledge base (bot.routing):
the decision rule itself on constructed evidence, and through Jeugdbot.answer() one realistic
question for each kind of evidence, checked against the route the answer records."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core import Jeugdbot
from bot.models import Context, Kind
from bot.routing import BARS, NEVER, OWN_PASSAGE, VETOES, Evidence, decide

# Evidence for which no bar applies: a question naming a gemeente and a period, with number
# words, a good numeric match and nothing else.
PLAIN = Evidence(k=0.0, n=0.9, intent="cijfer", gemeente=True, area=True, period=True,
                 measure=True, number_words=True)  # fmt: skip

# For each bar, the evidence that makes it the only one to apply (apart from the first row,
# which always applies and sits at 0.85 or 0.95, above every other bar).
ONLY: dict[str, Evidence] = {
    "geen cijfervraag": replace(PLAIN, n=0.0),
    "geen plaats of periode": replace(PLAIN, n=0.6, gemeente=False, area=False, period=False),
    "alleen plaatsen buiten de monitor": replace(
        PLAIN, gemeente=False, area=False, outside_only=True
    ),
    "geen cijferwoorden": replace(PLAIN, number_words=False, gemeente=False, period=False),
    "vraagt wat een document zegt": replace(
        PLAIN, number_words=False, gemeente=False, period=False, document_words=True
    ),
    "ranglijst zonder maat": replace(PLAIN, intent="ranglijst", measure=False, gemeente=False),
    "alleen jaren na de data": replace(PLAIN, future_only=True),
    "vraagt naar iets anders dan een cijfer": replace(PLAIN, other_kind=True),
    "woord dat de monitor niet kent": replace(PLAIN, unexplained=True),
}


def test_every_bar_has_an_example_and_every_veto_is_used() -> None:
    assert set(ONLY) == {b.name for b in BARS[1:]}
    assert {v for b in BARS for v in b.vetoed_by} == set(VETOES)


def test_without_evidence_only_a_near_perfect_passage_takes_a_numeric_question() -> None:
    # Without a measure word (a measure, an area and a period together are vetoed below).
    plain = replace(PLAIN, measure=False)
    assert decide(replace(plain, k=0.94)).source == "monitor"
    assert decide(replace(plain, k=0.95)).source == "knowledge"
    # A weak numeric match lowers the first bar to 0.85.
    assert decide(replace(plain, n=0.6, k=0.84)).source == "monitor"
    assert decide(replace(plain, n=0.6, k=0.85)).source == "knowledge"


def test_a_measure_an_area_and_a_period_are_a_numbers_question() -> None:
    """ "aantal inwoners de Peel 2022": a factsheet passage on inwoners scored 0.90, above the
    0.85 bar, and answered instead of the monitor's sum over the members (issue 13)."""
    for k in (0.9, 0.99):
        route = decide(replace(PLAIN, n=0.6, k=k))
        assert route.source == "monitor" and "maat, gebied en periode" in route.vetoes
    # ... unless the question asks what a document says, or only for years after the data.
    assert decide(replace(PLAIN, n=0.6, k=0.9, document_words=True)).source == "knowledge"


@pytest.mark.parametrize("name", sorted(ONLY))
def test_each_bar_sends_a_match_at_its_level_to_the_knowledge_base(name: str) -> None:
    e = ONLY[name]
    bar = next(b for b in BARS if b.name == name)
    level = bar.level(e)
    assert level < 0.85
    at, below = decide(replace(e, k=level)), decide(replace(e, k=level - 0.01))
    assert (at.source, at.reason, at.bar) == ("knowledge", name, level)
    assert below.source == "monitor" and below.reason == name


@pytest.mark.parametrize("name", sorted(ONLY))
def test_each_veto_of_a_bar_keeps_the_question_with_the_numbers(name: str) -> None:
    bar = next(b for b in BARS if b.name == name)
    e = replace(ONLY[name], k=0.9)  # well above the bar, below the first row's 0.95
    veto_evidence = {
        "definitie van het vorige cijfer": {"definition_follow_up": True},
        "vervolgvraag op een cijfer": {"follow_up": True},
        "korte hulpvraag of weigering": {"decisive": True},
        "rangschikt gemeenten": {"municipal_shape": True, "intent": "ranglijst"},
        "telt iets wat de monitor niet telt": {"unknown_measure": True},
    }
    for veto, fields in veto_evidence.items():
        vetoed = replace(e, **fields)  # type: ignore[arg-type]
        if veto == "telt iets wat de monitor niet telt":
            # Not a veto of the first row: a passage at 0.85 or more still answers.
            vetoed = replace(vetoed, k=0.8)
        if not bar.applies(vetoed):
            continue  # the veto's evidence changed what the bar looks at ("ranglijst zonder maat")
        route = decide(vetoed)
        if veto in bar.vetoed_by:
            assert route.source == "monitor" and veto in route.vetoes, (veto, route)
        else:
            assert route.source == "knowledge" and route.reason == name, (veto, route)


def test_a_count_of_an_unknown_thing_yields_only_to_a_close_passage_or_a_published_figure() -> None:
    """ "hoeveel scholen werken samen met de jeugdhulp": no loose passage answers the count."""
    e = replace(PLAIN, n=0.0, area=False, gemeente=False, period=False, unexplained=True,
                unknown_measure=True)  # fmt: skip
    loose = decide(replace(e, k=0.8))
    assert loose.source == "monitor" and "telt iets wat de monitor niet telt" in loose.vetoes
    assert decide(replace(e, k=0.86)).source == "knowledge"  # "passage past sterk" still holds
    assert decide(replace(e, k=0.1, document_figure=True)).source == "document"
    # The documents' own years stay theirs: "hoeveel uithuisplaatsingen in 2028 (ambitie)?".
    assert decide(replace(e, k=0.6, future_only=True, period=True)).source == "knowledge"


def test_the_lowest_bar_that_applies_counts() -> None:
    both = replace(PLAIN, n=0.0, future_only=True)  # 0.3 and 0.5
    assert decide(replace(both, k=0.3)).reason == "geen cijfervraag"
    assert decide(replace(both, k=0.3)).source == "knowledge"


def test_a_definition_follow_up_yields_only_to_a_passage_that_fits_word_for_word() -> None:
    e = replace(ONLY["geen cijfervraag"], definition_follow_up=True)
    assert decide(replace(e, k=0.94)).source == "monitor"
    assert decide(replace(e, k=0.95)).source == "knowledge"


def test_a_document_figure_comes_first_unless_the_knowledge_base_has_its_own_passage() -> None:
    e = replace(PLAIN, document_figure=True, follow_up=True, decisive=True)
    assert decide(replace(e, k=OWN_PASSAGE - 0.01)).source == "document"
    own = decide(replace(e, k=OWN_PASSAGE))
    assert own.source == "knowledge" and own.bar == OWN_PASSAGE
    # Ranking the gemeenten stays with the monitor even then.
    ranked = decide(replace(e, k=0.8, municipal_shape=True, intent="ranglijst"))
    assert ranked.source == "monitor" and ranked.bar == NEVER


# -- through answer() ----------------------------------------------------------------------------

FIRST = "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?"

# (question, source, the evidence named in the route, intent of the answer or None)
CASES = [
    # A measure, an area and a period: the veto "maat, gebied en periode" leaves no bar.
    (FIRST, "monitor", "geen aanwijzing voor de documenten", "cijfer"),
    ("hoeveel casussen lagen er bij het regionaal matchingsteam in 2023", "document",
     "cijfer uit de documenten", "kengetal"),
    ("welk percentage van de 0-23 jarigen heeft jeugdhulp volgens de vng", "knowledge",
     "passage over een cijfer uit de documenten", None),
    ("Over welke jaren loopt het meerjarenperspectief jeugdhulp Zuid-Holland Zuid?", "knowledge",
     "alleen plaatsen buiten de monitor", None),
    ("hoeveel jeugdigen in eindhoven", "monitor", "alleen plaatsen buiten de monitor",
     "buiten_monitor"),
    # The knowledge base has nothing on it either: the word is named, as a clarification.
    ("wat is het verzuim bij aanbieders", "knowledge", "geen cijfervraag", "onbekend_woord"),
    # A count of a thing the monitor does not count: a passage that shares the other words does
    # not answer it, so the bot names the word (veto "telt iets wat de monitor niet telt").
    ("hoeveel scholen werken samen met de jeugdhulp", "monitor", "passage past sterk",
     "onbekend_woord"),
    ("kosten helmond 2027", "monitor", "alleen jaren na de data", None),
]  # fmt: skip


@pytest.mark.parametrize(("question", "source", "reason", "intent"), CASES)
def test_a_question_goes_where_its_evidence_says(
    bot: Jeugdbot, question: str, source: str, reason: str, intent: str | None
) -> None:
    ans = bot.answer(question)
    assert ans.route is not None, ans.text
    assert ans.route.startswith(f"{source} ") and f"({reason})" in ans.route, ans.route
    if intent is not None:
        assert ans.intent == intent, ans.text
    if source == "knowledge" and intent is None:
        assert ans.intent is not None and ans.intent.startswith("kennis"), ans.intent


@pytest.mark.parametrize(
    ("question", "veto"),
    [
        ("welke gemeente had de grootste kostenstijging in 2023", "rangschikt gemeenten"),
        ("help", "korte hulpvraag of weigering"),
    ],
)
def test_a_veto_keeps_the_question_with_the_numbers(
    bot: Jeugdbot, question: str, veto: str
) -> None:
    ans = bot.answer(question)
    assert ans.route is not None and ans.route.startswith("monitor "), ans.route
    assert veto in ans.route
    assert not (ans.intent or "").startswith("kennis")


@pytest.mark.parametrize(
    ("follow_up", "veto"),
    [("wat kostte dat?", "vervolgvraag op een cijfer"),
     ("hoe is dat berekend?", "definitie van het vorige cijfer")],
)  # fmt: skip
def test_a_follow_up_on_a_figure_stays_with_that_figure(
    bot: Jeugdbot, follow_up: str, veto: str
) -> None:
    ctx = Context(channel="cli", conversation_id=f"test-routing-{follow_up}")
    first = bot.answer(FIRST, ctx)
    assert first.kind == Kind.ANSWER
    ans = bot.answer(follow_up, ctx)
    assert ans.route is not None and ans.route.startswith("monitor "), ans.route
    assert veto in ans.route, ans.route
    assert not (ans.intent or "").startswith("kennis"), ans.text
