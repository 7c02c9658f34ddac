"""Search ranking: Dutch stemming, typo correction, reference lists kept out of free search."""

from __future__ import annotations

import pytest

from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.search import normalize, stems, words


def _ids(base: KnowledgeBase, query: str, k: int = 3, **kwargs: bool) -> list[str]:
    return [hit.entry.id for hit in base.index.search(query, k, **kwargs)]


def test_words_drop_question_words_and_keep_codes() -> None:
    assert words("Wat betekent de afkorting JZ+ voor cliënten met 43A09?") == [
        "afkorting",
        "jz+",
        "clienten",
        "43a09",
    ]
    assert normalize("Residentiële") == "residentiele"


def test_dutch_stemming_joins_inflections() -> None:
    assert stems(["huisartsen"]) == stems(["huisarts"])
    assert stems(["uithuisplaatsingen"]) == stems(["uithuisplaatsing"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("verklarende analyse", "begrip-va"),
        ("Landelijk Transitie Arrangement quickscan", "begrip-lta"),
        ("dagbehandeling en dagbesteding voor kinderen die niet naar school kunnen", "segment-3"),
        ("pleegzorg", "product-43a09"),
        ("regionaal matchingsteam", "begrip-rmt"),
        ("crisis urgente situatie segment", "segment-5"),
    ],
)
def test_best_entries_rank_in_the_top_three(base: KnowledgeBase, query: str, expected: str) -> None:
    assert expected in _ids(base, query)


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [("hervormingsagnda", "hervormingsagenda"), ("segmnet", "segment"), ("pleegzrg", "pleegzorg")],
)
def test_typos_are_corrected_against_the_vocabulary(
    base: KnowledgeBase, typo: str, fixed: str
) -> None:
    assert base.index.correct([typo]) == [fixed]


def test_typo_query_finds_the_same_entry_as_the_correct_one(base: KnowledgeBase) -> None:
    assert _ids(base, "verklarnde analise", 1) == _ids(base, "verklarende analyse", 1)


def test_stemmed_query_matches_inflected_text(base: KnowledgeBase) -> None:
    hits = base.index.search("huisarts", 10)
    assert hits and all("huisarts" in base.index.stems_of(h.entry.id) for h in hits)


def test_national_code_list_is_only_searched_on_request(base: KnowledgeBase) -> None:
    assert not any(i.startswith("ijw-") for i in _ids(base, "observatie inspanningsgericht", 10))
    assert "ijw-43a14" in _ids(base, "observatie inspanningsgericht", 3, include_reference=True)


def test_nonsense_finds_nothing_and_scores_are_descending(base: KnowledgeBase) -> None:
    assert base.index.search("xqzv blorp", 5) == []
    assert base.index.search("", 5) == []
    scores = [h.score for h in base.index.search("jeugdhulp segment wonen", 8)]
    assert scores == sorted(scores, reverse=True) and len(scores) == 8


def test_coverage_tells_how_much_of_the_question_an_entry_holds(base: KnowledgeBase) -> None:
    top = base.index.search("verklarende analyse", 1)[0]
    assert top.coverage == 1.0
    partial = base.index.search("verklarende analyse voetbalclub", 1)[0]
    assert partial.entry.id == top.entry.id
    assert 0.5 < partial.coverage < 1.0
    # Rare words weigh more than common ones.
    rare = base.index.search("deeltijdpleegzorg regio", 1)[0]
    assert rare.entry.id == "p10-s2-actie-10" and rare.coverage > 0.6


def test_products_named_prefers_the_regional_catalogue(base: KnowledgeBase) -> None:
    product, score = base.index.products_named("gezinshuis", limit=1)[0]
    assert (product.velden.productcode, product.velden.lijst) == ("43A10", "regio")
    assert score == 100
