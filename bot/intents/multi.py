"""Several questions in one message: which part is answered and what is left open.

Policy officers write "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Deurne en wat waren daar de
zorgkosten?". The rule (documented in tests/golden/realistic_cijfers.yaml): the bot answers the
FIRST question completely and says under "Nog open:" which other questions it did not answer,
each offered as an option to ask next in the same conversation, with the municipality and period
of the first question filled in. One answer keeps one query, one source and one definition, and
nothing is answered half.

A later part that only adds a year or a municipality to the same measure ("..., en hoe verhoudt
zich dat tot 2022?", "in 2022 en in 2023") is no second question: the whole message is one
comparison, so it is not split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.intents.base import Parsed
from bot.language.normalize import fold

_QUESTION_WORD = (
    r"(?:hoeveel|wat|welke|welk|hoe|waar|wie|wanneer|waarom|is|zijn|was|waren|kunt|kun|kan"
    r"|kunnen|zou|graag|geef|noem)"
)
# Where one question ends and another begins: a question mark or semicolon followed by more
# text, or "(,) en" followed by a question word ("... in Deurne en wat waren ...").
_BOUNDARY = re.compile(
    rf"\?\s+(?=\w)|;\s*(?=\w)|,?\s+en\s+(?={_QUESTION_WORD}\b)",
    re.IGNORECASE,
)
_LEADING_AND = re.compile(r"^\s*(en|maar|ook)\b[\s,]*", re.IGNORECASE)
MIN_WORDS = 3  # a shorter tail ("en wat?") is no question of its own


@dataclass
class Open:
    """A question of the message that was not answered, and how to ask it next."""

    text: str  # as the user wrote it (shown)
    ask: str  # the question to ask next in the same conversation (option value)


def split_questions(text: str) -> list[str]:
    """The message cut at question boundaries; one element when it is one question. A message
    that joins two measures with "en" ("kosten en aantal jeugdigen laarbeek 2024") is two
    questions, one per measure (see `measure_parts`)."""
    parts = _at_boundaries(text)
    if len(parts) == 1:
        return measure_parts(text) or parts
    return parts


def _mentions(folded: str) -> list[tuple[int, int, str]]:
    """Where the lexicon's measures are named, as (start, end, measure); a match inside a longer
    match of another measure ("client" in "kosten per client") is that longer one's."""
    from bot.intents.parse import METRIC_PATTERNS

    found = [(m.start(), m.end(), key) for key, rx in METRIC_PATTERNS for m in rx.finditer(folded)]
    found = [(_word_start(folded, a), _word_end(folded, b), k) for a, b, k in found if b > a]
    return sorted(
        (a, b, k)
        for a, b, k in found
        if not any(a2 <= a and b <= b2 and (b2 - a2) > (b - a) and k2 != k for a2, b2, k2 in found)
    )


def _word_start(text: str, i: int) -> int:
    while i > 0 and text[i - 1] != " ":
        i -= 1
    return i


def _word_end(text: str, i: int) -> int:
    while i < len(text) and text[i] != " ":
        i += 1
    return i


def measure_parts(text: str) -> list[str]:
    """Two measures joined by "en": one question per measure, or [] when the message names one.

    Each measure's lexicon pattern says where it is named. When exactly two measures are named
    and only "en" and function words stand between them, the message asks both; without this
    the first measure in the lexicon's order was answered and the other silently dropped. Each
    part is the message without the other measure's words, so place, period and filters carry
    over to both."""
    from bot.intents.coverage import stop_words
    from bot.language.lexicon import load_lexicon

    folded = fold(text)
    spans = _mentions(folded)
    keys = list(dict.fromkeys(k for _, _, k in spans))
    if len(keys) != 2:
        return []
    first = [(a, b) for a, b, k in spans if k == keys[0]]
    second = [(a, b) for a, b, k in spans if k == keys[1]]
    if max(b for _, b in first) > min(a for a, _ in second):
        return []  # interleaved: one phrase, not two measures side by side
    gap_start, gap_end = max(b for _, b in first), min(a for a, _ in second)
    between = folded[gap_start:gap_end].split()
    glue = stop_words() | load_lexicon().function
    if "en" not in between or not set(between) <= glue:
        return []
    head, tail = folded[: min(a for a, _ in first)], folded[max(b for _, b in second) :]
    one = folded[min(a for a, _ in first) : gap_start]
    two = folded[gap_end : max(b for _, b in second)]
    # The second part starts with what follows "en" ("en aantal jeugdigen", "en wat waren de
    # kosten"), else with the words before the first measure ("hoeveel kosten en jeugdigen").
    lead = " ".join(between[between.index("en") + 1 :]) or head
    return [" ".join(f"{head} {one} {tail}".split()), " ".join(f"{lead} {two} {tail}".split())]


def _at_boundaries(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        piece = text[start : m.start()].strip(" ,")
        tail = text[m.end() :]
        if len(piece.split()) >= MIN_WORDS and len(tail.split()) >= MIN_WORDS:
            parts.append(piece + ("?" if m.group(0).startswith("?") else ""))
            start = m.end()
    parts.append(text[start:].strip(" ,"))
    return [p for p in parts if p]


def is_new_question(first: Parsed, later: Parsed) -> bool:
    """Whether a later part asks something the first part's answer does not cover.

    It does when it names another measure, another selection (segment, product, referrer,
    verblijf), a breakdown, a ranking, a filter or a definition. A part that only brings
    periods or municipalities refines the first question (a comparison), so it is not new.
    """
    if later.metric is not None and later.metric != first.metric:
        return True
    f1, f2 = first.filters, later.filters
    if f2.active() and (
        (f2.segment, f2.subsegment, f2.productcode, f2.verwijzer, f2.verblijf)
        != (f1.segment, f1.subsegment, f1.productcode, f1.verwijzer, f1.verblijf)
    ):
        return True
    if later.dimension and later.dimension != first.dimension:
        return True
    shape = {"rank", "filter", "definition"}
    return bool((later.cues & shape) - first.cues)


def open_key(text: str) -> str:
    """How an open question is recognised when it is typed again: folded, without "en"."""
    return fold(_LEADING_AND.sub("", text)).strip()


def open_question(part: str, later: Parsed, places: list[str], period: str | None) -> Open:
    """How to ask an unanswered part next: as a follow-up ("en ...") in the same conversation,
    with the first question's municipality and period added when the part names none, so the
    option reads as a complete question and also works outside the conversation."""
    shown = part.strip()
    body = _LEADING_AND.sub("", shown).rstrip(" ?")
    extra = ""
    ranks = {"rank", "filter", "which"} & later.cues
    if places and not (later.gemeenten or later.regio or later.outside) and not ranks:
        extra += " in " + " en ".join(places)
    if period and not later.spans:
        extra += f" in {period}"
    return Open(text=shown, ask=f"en {body}{extra}?")
