"""A clear typo of a measure word is read as that word and said; an unclear one is asked back.

"kostne geldrop mierlo 2023", "jeugdgien helmond 2024" and "trajcten asten 2023" were unknown
words. Fuzzy matching must not turn other Dutch words into measures: an ordinary word
("kostte", "kasten", "posten"), a place ("Asten"), a known word or a word two edits from a short
measure word stays as typed.
"""

from __future__ import annotations

import pytest

from bot.core import Jeugdbot
from bot.language.compounds import is_measure_tail
from bot.language.lexicon import load_lexicon
from bot.language.typos import correct, measure_word
from bot.models import Context, Kind


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("kostne", "kosten"),
        ("jeugdgien", "jeugdigen"),
        ("trajcten", "trajecten"),
        ("trajekten", "trajecten"),
        ("inwonres", "inwoners"),
        ("zorgkostne", "zorgkosten"),
        ("aanbeiders", "aanbieders"),
        ("clienetn", "clienten"),
        ("declaratis", "declaraties"),
        ("jeugdhlp", "jeugdhulp"),
        ("jeugdzrog", "jeugdzorg"),
    ],
)
def test_a_clear_typo_is_read_as_its_word(typed: str, word: str) -> None:
    assert measure_word(typed) == word


@pytest.mark.parametrize(
    "word",
    [
        "kostte",  # a verb of a document question ("wat kostte de Oudersraad?")
        "koste",
        "kasten",
        "posten",
        "kosten",  # already the word
        "trajecten",
        "jeugdige",
        "asten",  # a place
        "kost",  # too short
        "koostenn",  # two edits from a short word: unclear
        "costen",  # another first letter
        "kinderen",
        "jongere",
        "gemeenten",
    ],
)
def test_no_other_word_becomes_a_measure(word: str) -> None:
    assert measure_word(word) is None


def test_names_are_never_corrected() -> None:
    text = "kostne Helmund 2023"
    out, read = correct(text, [(7, 14)])
    assert out == "kosten Helmund 2023" and [(r.typed, r.word) for r in read] == [
        ("kostne", "kosten")
    ]


def test_every_measure_word_names_a_measure() -> None:
    words = load_lexicon().measures_words
    assert words and all(is_measure_tail(w) for w in words), sorted(
        w for w in words if not is_measure_tail(w)
    )


@pytest.mark.parametrize(
    ("typed", "right", "said"),
    [
        ("kostne geldrop mierlo 2023", "kosten geldrop mierlo 2023", "'kostne' als kosten"),
        ("jeugdgien helmond 2024", "jeugdigen helmond 2024", "'jeugdgien' als jeugdigen"),
        ("trajcten asten 2023", "trajecten asten 2023", "'trajcten' als trajecten"),
    ],
)
def test_the_answer_is_the_words_and_says_so(
    bot: Jeugdbot, typed: str, right: str, said: str
) -> None:
    got = bot.answer(typed, Context(channel="cli", conversation_id=f"t-{typed}"))
    want = bot.answer(right, Context(channel="cli", conversation_id=f"r-{typed}"))
    assert got.kind == Kind.ANSWER, got.text
    assert got.text.split("\n")[0] == want.text.split("\n")[0]
    assert f"Ik begreep: {said} · gebied" in got.text


def test_an_unclear_typo_is_still_asked_back(bot: Jeugdbot) -> None:
    ans = bot.answer("koostenn helmond 2023", Context(channel="cli", conversation_id="unclear"))
    assert ans.kind == Kind.CLARIFY and "koostenn" in ans.text


def test_a_document_question_keeps_its_verb(bot: Jeugdbot) -> None:
    ans = bot.answer(
        "wat kostte de oudersraad in haaglanden in 2026",
        Context(channel="cli", conversation_id="doc"),
    )
    assert "gelezen_als" not in ans.slots and "als kosten" not in ans.text
