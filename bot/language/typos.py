"""Typos of the measure words, read as the word they are: "kostne" is kosten.

A measure word typed wrongly ("kostne geldrop mierlo 2023", "jeugdgien helmond 2024") was an
unknown word, so the bot asked back although the question was clear. The municipality names are
matched fuzzily by the entity resolver (bot.entities); this does the same for the lexicon's
measure nouns (knowledge/lexicon.yaml `measure_words`), before anything parses the question,
and says what it read (the core puts it in the "Ik begreep" line).

Only a clear typo is read: a word nothing else explains (no name the resolver found, no word of
the lexicon, no ordinary Dutch word such as "kostte" or "kasten"), at most one edit from one
measure word (two for a long word; a swap of two letters is one edit), with the same first
letter, and nearer to that word than to any other. Anything less clear stays as typed, and is
asked back as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from bot.language.lexicon import load_lexicon
from bot.language.normalize import fold

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_LENGTH = 5  # shorter words sit too close to other short words
LONG = 8  # from this length a word may be two edits off


@dataclass(frozen=True)
class ReadAs:
    """A word of the question read as a measure word: `typed` as written, `word` as read."""

    typed: str
    word: str


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    lex = load_lexicon()
    return frozenset(
        lex.domain
        | lex.amount
        | lex.membership
        | lex.measures_words
        | set(lex.dimensions)
        | set(lex.function_words.split())
        | set(lex.subjectless_words.split())
    )


def _allowed(word: str) -> int:
    return 2 if len(word) >= LONG else 1


@lru_cache(maxsize=4096)
def measure_word(word: str) -> str | None:
    """The measure word `word` (folded) is a clear typo of, or None."""
    from bot.entities import is_common_dutch

    if len(word) < MIN_LENGTH or word in _known() or is_common_dutch(word):
        return None
    found = sorted(
        (OSA.distance(word, target), target)
        for target in load_lexicon().measures_words
        if target[:1] == word[:1]
    )
    if not found or found[0][0] > _allowed(found[0][1]):
        return None
    if len(found) > 1 and found[1][0] == found[0][0]:
        return None  # as near to two measure words: unclear
    return found[0][1]


def correct(text: str, claimed: Iterable[tuple[int, int]] = ()) -> tuple[str, list[ReadAs]]:
    """`text` with each clear typo of a measure word replaced by that word, and what was read.

    `claimed` are the stretches another part of the vocabulary explains (names the resolver
    found): never corrected."""
    spans = list(claimed)
    out: list[str] = []
    read: list[ReadAs] = []
    at = 0
    for m in _WORD.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        word = measure_word(fold(m.group(0)).strip())
        if word is None:
            continue
        out.append(text[at : m.start()])
        out.append(word)
        read.append(ReadAs(m.group(0), word))
        at = m.end()
    out.append(text[at:])
    return "".join(out), read
