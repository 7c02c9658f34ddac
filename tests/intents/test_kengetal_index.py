"""Matching questions against the published figures' own words (bot.intents.kengetal_index)."""

from __future__ import annotations

import pytest

from bot.intents.kengetal_index import best_for_document, blocks, proper_words, search


@pytest.mark.parametrize(
    ("question", "onderwerp"),
    [
        ("hoeveel casussen had het RMT in 2023?", "casussen in het Regionaal Matchingsteam (RMT)"),
        (
            "aantal breakdowns pleegzorg 2022",
            "breakdowns in de pleegzorg bij de grootste pleegzorgaanbieder",
        ),
        ("wat betaalt de H10 voor Villa Pinedo?", "regionale verrekening: Villa Pinedo H10"),
        ("hoeveel gebruikers van gesloten plaatsing in 2020?", "gebruikers gesloten plaatsing"),
    ],
)
def test_a_question_finds_its_figure(question: str, onderwerp: str) -> None:
    hit = best_for_document(question)
    assert hit is not None and hit.block.onderwerp == onderwerp, search(question)[:3]


def test_ranking_prefers_the_block_whose_onderwerp_the_question_names() -> None:
    # Both blocks are factsheet averages; only one is about jeugdhulp as a whole. A typo
    # ("breakdwons") still finds its word.
    top = search("gemiddelde kosten per cliënt in de jeugdhulp volgens de factsheet")[0]
    assert top.block.onderwerp == "gemiddelde kosten per cliënt jeugdhulp"
    assert search("breakdwons pleegzorg")[0].block.onderwerp.startswith("breakdowns")


@pytest.mark.parametrize(
    "question",
    [
        "hoeveel jeugdigen in zorg in Helmond in 2023",  # the monitor's own count
        "kosten gezinshuis 43A10 regio 2024",
        "wat kan je allemaal",
        "Hoe gaat Haaglanden om met schadelijk wachten?",  # content, not a figure
    ],
)
def test_monitor_and_content_questions_are_not_document_figures(question: str) -> None:
    assert best_for_document(question) is None


def test_every_block_has_wording_and_the_monitor_blocks_are_marked() -> None:
    every = blocks()
    assert all(b.formulering and b.sectie for b in every)
    assert {b.onderwerp for b in every if b.monitor} >= {"jeugdigen in zorg", "zorgkosten jeugdwet"}


def test_names_of_projects_are_not_read_as_persons() -> None:
    assert {"villa", "pinedo", "mockingbird"} <= proper_words()


def test_the_inverted_index_finds_exactly_the_blocks_a_scan_finds() -> None:
    """search() looks a question word up in an index instead of scanning every block; for every
    word of every block (and some words that only match by spelling) the index must name the
    same blocks the scan does, or a figure would silently stop being found."""
    from bot.intents.kengetal_index import _blocks_of, _expand, _vocabulary

    every = blocks()
    words = [*_vocabulary(), "wachtenden", "gezinshuizen", "pleegzorgcliënten", "xyzzy"]
    for w in words:
        scan = {i for i, b in enumerate(every) if b.words & _expand(w)}
        assert _blocks_of(w) == scan, w
