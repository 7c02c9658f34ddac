"""Which words of a question nothing explains: the check between a question and a figure.

A figure may only be given when every word of the question is accounted for: by a place,
segment or product (bot.entities), a period (bot.language.periods), a measure, dimension,
verwijzer or shape cue (knowledge/lexicon.yaml, as parse.py compiles it), a domain or function
word of the lexicon, or the Dutch stop-word list of the `stop-words` package. A word that none
of these explains ("vergaderingen", "wachttijd", "autisme") may change what is asked, so the
core asks back or lets the documents answer; it never falls back to a default count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process
from stop_words import get_stop_words

from bot.entities import is_common_dutch
from bot.language.lexicon import load_lexicon
from bot.language.normalize import Token, fold, tokens

# A pattern with ".*" in it ("hoeveel procent ... kosten") explains the words it starts and ends
# on, not everything in between.
_MAX_SPAN_WORDS = 5


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The Dutch stop-word list of the `stop-words` package, folded as questions are."""
    return frozenset(fold(w) for w in get_stop_words("dutch"))


@lru_cache(maxsize=1)
def _explaining() -> tuple[re.Pattern[str], ...]:
    from bot.intents import parse as P

    lex = load_lexicon()
    rxs = [rx for _, rx in P.METRIC_PATTERNS] + [rx for _, rx in P.VERWIJZERS]
    rxs += [lex.cue(name) for name in lex.cues]
    rxs += [P.BREAKDOWN, re.compile(r"\btop ?(\d+|drie|vijf|tien|twee|vier|zes)\b")]
    return tuple(rxs)


def entity_spans(ex: Any) -> list[tuple[int, int]]:
    """Every stretch of the normalised question the entity resolver claimed or questioned."""
    if ex is None:
        return []
    spans: list[tuple[int, int]] = []
    for group in (ex.gemeenten, ex.segments, ex.products, ex.ambiguous, ex.unknown, ex.partial):
        spans.extend(tuple(x.span) for x in group)
    spans.extend(tuple(r.span) for r in getattr(ex, "jeugdregios", []) or [])
    spans.extend(tuple(r.span) for r in getattr(ex, "subregios", []) or [])
    if ex.regio_span:
        spans.append(tuple(ex.regio_span))
    return spans


def unexplained(norm: str, spans: Iterable[tuple[int, int]]) -> list[Token]:
    """The words of `norm` (a normalised question) that no part of the vocabulary explains.

    `spans` are the offsets in `norm` already explained by the entity resolver and the period
    parser."""
    toks = tokens(norm)
    covered = [False] * len(toks)
    for a, b in spans:
        for k, t in enumerate(toks):
            if t.start < b and t.end > a:
                covered[k] = True
    starts, pos = [], 0
    for t in toks:
        starts.append(pos)
        pos += len(t.folded) + 1
    joined = " ".join(t.folded for t in toks)
    for rx in _explaining():
        for m in rx.finditer(joined):
            hit = [
                k
                for k, s in enumerate(starts)
                if s < m.end() and s + len(toks[k].folded) > m.start()
            ]
            if len(hit) > _MAX_SPAN_WORDS:
                hit = [hit[0], hit[-1]]
            for k in hit:
                covered[k] = True
    known = _known()
    return [
        t
        for k, t in enumerate(toks)
        if not covered[k]
        and t.folded not in known
        and not t.folded.isdigit()
        and len(t.folded) > 2
        and not _typo_of_known(t.folded)
    ]


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    lex = load_lexicon()
    return stop_words() | lex.function | lex.domain


# A typo of a function word ("hoevel", "hoevele") is that word: one edit in a word of five or
# more letters. Measure words are not in this list, so a typo never makes a measure.
_TYPO_MIN_LEN = 5
_TYPO_SCORE = 88


@lru_cache(maxsize=8192)
def _typo_of_known(word: str) -> bool:
    if len(word) < _TYPO_MIN_LEN or is_common_dutch(word):
        return False
    choices = [w for w in _known() if len(w) >= _TYPO_MIN_LEN and abs(len(w) - len(word)) <= 1]
    hit = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=_TYPO_SCORE)
    return hit is not None
