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
# A pattern that matches the start of a word explains it only up to an inflection: "client"
# explains "clienten", not "clienttevredenheid", whose head ("tevredenheid") is what is asked.
_MAX_INFLECTION = 5
# The words that ask for a count; the first content word after them is the thing counted.
_COUNTING = frozenset({"hoeveel", "aantal"})
# Verbs between the count and its noun ("binnen hoeveel maanden moeten casussen ..."): never
# the thing counted, which is a noun.
_MODALS = frozenset({"moeten", "mogen", "zullen", "willen", "kunnen", "moet", "mag", "zal"})


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The Dutch stop-word list of the `stop-words` package, folded as questions are."""
    return frozenset(fold(w) for w in get_stop_words("dutch"))


@lru_cache(maxsize=1)
def _explaining() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every pattern that explains words, with its role: a measure, a filter or a shape.

    A filter word ("huisartsen", "uithuisplaatsingen") narrows a count but is not one: right
    after "hoeveel" it is what is counted, and the monitor does not count it."""
    from bot.intents import parse as P

    lex = load_lexicon()
    rxs = [("measure", rx) for _, rx in (*P.METRIC_PATTERNS, *P.WEAK_METRIC_PATTERNS)]
    rxs += [("filter", rx) for _, rx in P.VERWIJZERS]
    rxs += [("shape", rx) for _, rx in P.RATES]  # "per 1.000 jeugdigen" modifies a count
    rxs += [("filter" if name in _FILTER_CUES else "shape", lex.cue(name)) for name in lex.cues]
    rxs += [
        ("shape", P.BREAKDOWN),
        ("shape", P.RANKED_DIMENSION),  # "welke subregio", "top 2 subregio's"
        ("shape", re.compile(r"\btop ?(\d+|drie|vijf|tien|twee|vier|zes)\b")),
    ]
    return tuple(rxs)


_FILTER_CUES = frozenset({"verblijf"})


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
    return explain(norm, spans)[0]


def explain(norm: str, spans: Iterable[tuple[int, int]]) -> tuple[list[Token], Token | None]:
    """The unexplained words, and the thing a count asks for when no measure names it.

    "hoeveel uithuisplaatsingen in de regio": every word is explained ("uithuisplaatsingen" says
    verblijf), yet what is counted is placements, which the monitor does not count. The first
    content word after "hoeveel" or "aantal" must be a measure, a place, a form of care or a
    period; otherwise it is the unknown measure, and it is named among the unexplained words."""
    toks = tokens(norm)
    covered = [False] * len(toks)
    named = [False] * len(toks)  # a place, a form of care or a period
    for a, b in spans:
        for k, t in enumerate(toks):
            if t.start < b and t.end > a:
                covered[k] = named[k] = True
    starts, pos = [], 0
    for t in toks:
        starts.append(pos)
        pos += len(t.folded) + 1
    role: list[set[str]] = [set() for _ in toks]
    # Per word, the stretches (from, to, kind) of it that a pattern matches, in its letters.
    inside: list[list[tuple[int, int, str]]] = [[] for _ in toks]
    joined = " ".join(t.folded for t in toks)
    for kind, rx in _explaining():
        for m in rx.finditer(joined):
            hit = [
                k
                for k, s in enumerate(starts)
                if s < m.end() and s + len(toks[k].folded) > m.start()
            ]
            if len(hit) > _MAX_SPAN_WORDS:
                hit = [hit[0], hit[-1]]
            for k in hit:
                inside[k].append((m.start() - starts[k], m.end() - starts[k], kind))
    for k, t in enumerate(toks):
        kinds = _explained_kinds(t.folded, inside[k])
        if kinds:
            covered[k] = True
            role[k] |= kinds
    known = _known()
    missing = [
        k
        for k, t in enumerate(toks)
        if not covered[k]
        and t.folded not in known
        and not t.folded.isdigit()
        and len(t.folded) > 2
        and not _typo_of_known(t.folded)
    ]
    counted = _counted(toks, named, role, known)
    if counted is not None and counted not in missing:
        missing = sorted([*missing, counted])
    return [toks[k] for k in missing], None if counted is None else toks[counted]


def _counted(
    toks: list[Token], named: list[bool], role: list[set[str]], known: frozenset[str]
) -> int | None:
    """The index of what "hoeveel"/"aantal" counts when no measure names it, else None."""
    for i, t in enumerate(toks):
        if t.folded not in _COUNTING:
            continue
        for k in range(i + 1, len(toks)):
            word = toks[k].folded
            if named[k] or "measure" in role[k] or word in _amount():
                return None
            # A filter word is what is counted only right after the count: "hoeveel
            # huisartsen", not "aantal verwijzingen door de huisarts".
            if "filter" in role[k] and k > i + 1:
                continue
            if "filter" not in role[k] and (
                "shape" in role[k]
                or word in known
                or word in _MODALS
                or word.isdigit()
                or len(word) <= 2
                or _typo_of_known(word)
            ):
                continue
            after = toks[k + 1].folded if k + 1 < len(toks) else ""
            if k + 1 < len(toks) and (
                named[k + 1] or "measure" in role[k + 1] or after in load_lexicon().dimensions
            ):
                return None  # "hoeveel grote aanbieders": an adjective before what is counted
            return k
        return None
    return None


def _explained_kinds(word: str, stretches: list[tuple[int, int, str]]) -> set[str]:
    """The roles of the patterns that explain `word` from its first letter to its end (but
    for an inflection or a known word), or nothing.

    A match must start the word, or follow one that does: "jeugdhulpclienten" is explained
    ("jeugdhulp", then "client"), "xyzjeugdigen" is not, though "jeugdigen" is in it: a measure
    found only as the tail of an unknown word is no measure, the word is unknown and asked
    back. A head the patterns name on its own ("zorg" in "zorgclienten") starts the word too.
    Compounds of a form of care and a measure are split before this (bot.language.compounds).
    """
    reach, kinds = 0, set()
    for a, b, kind in sorted(stretches):
        if a > reach and not _names_alone(word[reach:a]):
            break
        if b > reach:
            reach = b
        kinds.add(kind)
    return kinds if _explains_to_end(word, reach) else set()


@lru_cache(maxsize=4096)
def _names_alone(part: str) -> bool:
    """Whether a pattern explains `part` of a word as a word of its own ("jeugd", "zorg")."""
    return len(part) >= 3 and any(
        (m := rx.match(part)) is not None and m.end() == len(part) for _, rx in _explaining()
    )


def _explains_to_end(word: str, end: int) -> bool:
    """Whether a match that ends `end` letters into `word` explains the whole word: it reaches
    the end but for an inflection ("clienten") or a known word ("jeugdhulpgebruik")."""
    rest = word[end:]
    return len(rest) <= _MAX_INFLECTION or rest in _known()


@lru_cache(maxsize=1)
def _amount() -> frozenset[str]:
    return load_lexicon().amount


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
