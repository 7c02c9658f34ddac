"""Answering: exact look-ups, lists, clarifications, "meer", slots for numeric follow-ups."""

from __future__ import annotations

from typing import Any

import pytest

from bot.knowledge.answering import MAX_CHARS, KnowledgeAnswerer, shorten
from bot.models import Answer, Kind


def _ask(answerer: KnowledgeAnswerer, question: str, state: dict[str, Any] | None = None) -> Answer:
    answer = answerer.answer(question, state)
    assert answer.sources, f"no sources for {question!r}"
    return answer


@pytest.mark.parametrize(
    ("question", "entry_id", "fragment"),
    [
        ("wat is actie 4 van opgave 1", "ha-actie-1-4", "*Uitvoering:* Gemeenten en 10vdJ"),
        ("hoofdstuk 6 actie 2", "ha-actie-6-2", "*Planning:* Gedurende 2024"),
        ("actie 3.10", "ha-actie-3-10", "*Uitvoering:* Gemeenten"),
        ("Actie 7-5?", "ha-actie-7-5", "Zodra criteria ontwikkeld zijn"),
        ("actie 11 uit hoofdstuk 1", "ha-actie-1-11", "*Actie 1.11*"),
    ],
)
def test_action_look_ups(
    answerer: KnowledgeAnswerer, question: str, entry_id: str, fragment: str
) -> None:
    answer = _ask(answerer, question)
    assert (answer.kind, answer.intent) == (Kind.ANSWER, "kennis.actie")
    assert answer.slots["entry_id"] == entry_id
    assert fragment in answer.text
    assert answer.sources[0].document == "000_05fd599307ad2e89.txt"
    assert answerer.match(question) >= 0.9


def test_action_that_does_not_exist_says_so(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "wat is actie 4.5")
    assert "kent geen actie 4.5" in answer.text
    assert "Opgave 4 heeft 2 acties" in answer.text


def test_bare_action_number_is_asked_about(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "wat houdt actie 10 in?")
    assert answer.kind == Kind.CLARIFY
    assert [o.value for o in answer.options] == [
        "Wat is actie 1.10 van de Hervormingsagenda?",
        "Wat is actie 3.10 van de Hervormingsagenda?",
    ]
    chosen = _ask(answerer, answer.options[1].value)
    assert chosen.slots["entry_id"] == "ha-actie-3-10"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("welke acties liggen alleen bij de regio?", {"10vdJ"}),
        (
            "welke acties moeten gemeenten zelf oppakken?",
            {"Gemeenten", "Gemeenten en huisartsen", "Gemeenten (optie 10vdJ)"},
        ),
        ("welke acties pakken gemeenten en 10vdJ samen op?", {"Gemeenten en 10vdJ"}),
    ],
)
def test_carrier_filters(answerer: KnowledgeAnswerer, question: str, expected: set[str]) -> None:
    answer = _ask(answerer, question)
    assert answer.intent == "kennis.lijst"
    base = answerer.base
    carriers = {base.get(i).velden.uitvoerder for i in answer.slots["entry_ids"]}
    assert carriers == expected
    assert answer.table is not None and answer.table.columns[2] == "Uitvoering"


def test_region_only_list_is_complete(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "welke acties liggen alleen bij de regio?")
    expected = [a.id for a in answerer.base.actions() if a.velden.uitvoerder == "10vdJ"]
    assert answer.slots["entry_ids"] == expected
    assert len(expected) > 12  # longer than one chat table: the rest is behind "meer"
    assert answer.table is not None and len(answer.table.rows) == 12
    assert answer.more and "Actie 7.9" in answer.more


def test_planning_year_filter(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "acties met planning 2024")
    ids = answer.slots["entry_ids"]
    assert ids and all("2024" in answerer.base.get(i).velden.planning for i in ids)
    assert "ha-actie-6-1" in ids  # "Januari 2024"


def test_topic_filter_finds_the_actions_about_general_practitioners(
    answerer: KnowledgeAnswerer,
) -> None:
    answer = _ask(answerer, "welke acties gaan over huisartsen?")
    assert {"ha-actie-3-3", "ha-actie-3-4"} <= set(answer.slots["entry_ids"])


def test_chapter_list(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "welke acties horen bij hoofdstuk 4")
    assert answer.slots["entry_ids"] == ["ha-actie-4-1", "ha-actie-4-2"]


def test_segment_definition_carries_the_segment_slot(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "wat is segment 3?")
    assert (answer.intent, answer.slots["segment"]) == ("kennis.segment", 3)
    assert "dagbehandeling en dagbesteding" in answer.text.lower()
    assert answerer.match("wat is segment 3?") >= 0.8


def test_segment_2_lists_its_four_products(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "Wat valt onder segment 2?")
    assert answer.table is not None
    assert [r[0] for r in answer.table.rows] == ["43A09", "43A10", "43A14", "43B99"]


def test_subsegment_slots(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "wat is S2-gezinsnabij")
    assert {"segment": 2, "subsegment": "gezinsnabij"}.items() <= answer.slots.items()
    assert answer.table is not None and [r[0] for r in answer.table.rows] == ["43A09", "43A10"]


def test_numeric_question_about_a_segment_is_left_to_the_numeric_intents(
    answerer: KnowledgeAnswerer,
) -> None:
    assert answerer.match("hoeveel jeugdigen zaten daar in 2023 in?") < 0.3
    assert answerer.match("kosten segment 2 geldrop mierlo vorig jaar") < 0.3
    assert answerer.match("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?") < 0.3


def test_product_code_look_up(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "productcode 43B99")
    assert answer.slots == {"productcode": "43B99", "segment": 2, "subsegment": "wonen"}
    assert "begeleiding naar zelfstandig wonen" in answer.text.lower()


def test_code_with_another_national_meaning_gives_both(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "wat is 43A14?")
    assert "woongroep" in answer.text.lower()
    assert "Observatie: inspanningsgericht" in answer.text
    assert {s.document for s in answer.sources} == {
        "000_05fd599307ad2e89.txt",
        "standaardproductcodelijst_jeugdwet.csv",
    }


def test_unknown_code_is_not_invented(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "wat betekent productcode 99Z99")
    assert "staat niet in de productencatalogus" in answer.text


def test_code_by_product_name(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "welke code heeft pleegzorg")
    assert answer.slots["productcode"] == "43A09"
    assert "43A09" in answer.text


def test_glossary(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "wat betekent VA")
    assert (answer.intent, answer.slots["entry_id"]) == ("kennis.begrip", "begrip-va")
    assert "Verklarende Analyse" in answer.text
    assert _ask(answerer, "Waar staat JZ+ voor?").slots["entry_id"] == "begrip-jzplus"
    assert _ask(answerer, "uhp?").slots["entry_id"] == "begrip-uhp"


def test_abbreviation_with_two_meanings_is_asked_about(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "PM")
    assert answer.kind == Kind.CLARIFY
    assert "Programmamanager" in answer.text and "pro memorie" in answer.text
    chosen = _ask(answerer, answer.options[0].value)
    assert chosen.kind == Kind.ANSWER and chosen.slots["entry_id"] == "begrip-pm"


@pytest.mark.parametrize(
    ("question", "values"),
    [
        (
            "opgave 1",
            [
                "Wat is opgave 1 van de Hervormingsagenda Jeugd?",
                "Wat is opgave 1 van het programmaplan Een 10 voor de Jeugd?",
            ],
        ),
        (
            "wat staat er in bijlage 2?",
            [
                "Wat staat er in de 0-meting (Bijlage 2 van het programmaplan)?",
                "Wat staat er in de factsheet segment 2 van het actieplan segment 2?",
            ],
        ),
        ("wat valt onder wonen?", ["Wat is segment 2?", "Wat is S2-wonen?"]),
    ],
)
def test_ambiguity_is_asked_not_guessed(
    answerer: KnowledgeAnswerer, question: str, values: list[str]
) -> None:
    answer = _ask(answerer, question)
    assert answer.kind == Kind.CLARIFY
    assert [o.value for o in answer.options] == values
    for value in values:  # every option is answerable without asking again
        assert _ask(answerer, value).kind == Kind.ANSWER


def test_clarified_opgave_answers(answerer: KnowledgeAnswerer) -> None:
    ha = _ask(answerer, "Wat is opgave 1 van de Hervormingsagenda Jeugd?")
    assert ha.slots["entry_id"] == "ha-opgave-1" and "11 acties" in ha.text
    programme = _ask(answerer, "Wat is opgave 1 van het programmaplan Een 10 voor de Jeugd?")
    assert programme.slots["entry_id"] != "ha-opgave-1"
    assert "thuis" in programme.text.lower()


def test_unknown_subject_is_not_invented(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "Wat is het standpunt van de Europese Commissie over kernenergie?")
    assert answer.intent == "kennis.onbekend"
    assert answer.text.startswith("Daarover staat niets in de kennisbank")


def test_free_question_returns_the_best_entries_with_sources(answerer: KnowledgeAnswerer) -> None:
    answer = _ask(answerer, "Hoe werkt het regionaal matchingsteam bij complexe casuïstiek?")
    assert answer.intent == "kennis.zoeken"
    assert "begrip-rmt" in answer.slots["entry_ids"]
    assert len(answer.sources) >= 1


def test_contact_details_are_refused(answerer: KnowledgeAnswerer) -> None:
    answer = answerer.answer("Wat is het telefoonnummer van de programmamanager?")
    assert answer.kind == Kind.REFUSE


def test_long_answer_is_shortened_and_meer_returns_the_rest(answerer: KnowledgeAnswerer) -> None:
    state: dict[str, Any] = {}
    first = _ask(answerer, "welke afkortingen zijn er", state)
    assert first.more and state["more"] == first.more
    assert answerer.match("toon meer", state) >= 0.9
    rest = _ask(answerer, "toon meer", state)
    assert rest.intent == "kennis.meer"
    assert rest.text.startswith(first.more[:40])
    while state.get("more"):
        _ask(answerer, "meer", state)
    done = answerer.answer("meer", state)
    assert "geen vervolg" in done.text


def test_shorten_cuts_at_a_sentence() -> None:
    text = "Eerste zin. " * 100
    head, rest = shorten(text)
    assert len(head) <= MAX_CHARS and head.endswith(".")
    assert rest and (head + " " + rest).split() == text.split()
    assert shorten("kort") == ("kort", None)


def test_empty_question_gets_help(answerer: KnowledgeAnswerer) -> None:
    assert answerer.answer("   ").kind == Kind.HELP
    assert answerer.match("") == 0.0
