"""Compound words of a form of care and a measure, read as the two words they are.

Dutch writes "pleegzorgcliënten", "gezinshuiskosten" and "verblijfskosten" as one word. Read
as one word, the form of care is lost: the measure patterns of knowledge/lexicon.yaml find
"cliënten" inside it, while the entity resolver, which looks up whole words, never sees
"pleegzorg", so the answer counted every jeugdige instead of the pleegzorg clients: a wrong
number without a word of warning. Splitting such a word once, before anything parses the
question, gives every parser (entities, measure, coverage, the document figures) the phrasing
it already understands: "pleegzorg cliënten".

Both halves come from data, not from a list here: the head is a name of a form of care the
resolver knows (a segment, sub-segment or product name or alias, "s2", "ggz") or a word the
lexicon's filter cue for verblijf matches as a whole; the tail is a word the lexicon names a
measure with on its own ("cliënten", "kosten", "trajecten", "declaraties"), a dimension word
("aanbieders") or a noun that says people are counted. A Dutch linking "s" between them
("verblijfskosten") is allowed. A word that is itself a name ("pleegkinderen",
"crisispleegzorg") or that one measure pattern names whole ("zorgkosten") is never split. A
name of several words typed as one ("jeugdggz", "segment2") gets its spaces back, alone or as
the head of a compound ("jeugdggzcliënten").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.language.lexicon import load_lexicon
from bot.language.normalize import strip_accents

# A split needs a tail of a real word; "s" alone or "en" is no measure.
_MIN_TAIL = 4
# A pattern that names the tail may leave an inflection: "client" names "clienten".
_TAIL_INFLECTION = 2
_WORD = re.compile(r"\w+")


def _fully(rx: re.Pattern[str], word: str, slack: int = 0) -> bool:
    m = rx.match(word)
    return m is not None and m.end() >= len(word) - slack


@lru_cache(maxsize=1)
def _head_cues() -> tuple[re.Pattern[str], ...]:
    """The lexicon's filter cue for a form of care ("verblijf"): its words are heads too."""
    return (load_lexicon().cue("verblijf"),)


@lru_cache(maxsize=4096)
def is_measure_tail(word: str) -> bool:
    """Whether `word` (folded), standing alone, names what a question counts or sums."""
    lex = load_lexicon()
    if word in lex.dimensions:
        return True
    if _fully(lex.cue("counted_people"), word):
        return True
    return any(_fully(rx, word, _TAIL_INFLECTION) for _, rx in lex.measure_patterns)


@lru_cache(maxsize=4096)
def _whole_measure(word: str) -> bool:
    """Whether one measure pattern names the whole word: "zorgkosten" is its own measure."""
    return any(_fully(rx, word) for _, rx in load_lexicon().measure_patterns)


class CompoundSplitter:
    """Splits compounds of a form-of-care name and a measure word; build once per resolver."""

    def __init__(self, heads: Iterable[str]) -> None:
        names = [h for h in heads if h]
        self._heads = frozenset(h for h in names if " " not in h)
        # A name of several words typed as one ("jeugdggz", "segment2"): where its spaces go.
        self._joined: dict[str, tuple[int, ...]] = {}
        for name in names:
            joined = name.replace(" ", "")
            if " " in name and joined not in self._heads:
                parts = name.split(" ")
                cuts = [sum(len(x) for x in parts[: i + 1]) for i in range(len(parts) - 1)]
                self._joined.setdefault(joined, tuple(cuts))
        lex = load_lexicon()
        self._known = lex.domain | lex.function
        self._longest = max((len(h) for h in [*self._heads, *self._joined]), default=0)

    def is_head(self, word: str) -> bool:
        return (
            word in self._heads
            or word in self._joined
            or any(_fully(rx, word) for rx in _head_cues())
        )

    def cuts(self, folded: str) -> tuple[int, ...]:
        """Where spaces go in a folded word: between a compound's head and tail, and inside a
        head (or a whole word) that is a name of several words typed as one."""
        if folded in self._joined and folded not in self._known:
            return self._joined[folded]
        cut = self.split_word(folded)
        if cut is None:
            return ()
        head = folded[:cut]
        return (*self._joined.get(head, ()), cut)

    def split_word(self, folded: str) -> int | None:
        """Where a folded word splits into head and tail (the tail's offset), or None."""
        if len(folded) < 2 + _MIN_TAIL or folded in self._known or self.is_head(folded):
            return None
        if _whole_measure(folded):
            return None
        for cut in range(min(self._longest, len(folded) - _MIN_TAIL), 1, -1):
            head, tail = folded[:cut], folded[cut:]
            if not self.is_head(head):
                continue
            starts = [cut]
            if tail.startswith("s") and self._links(folded[: cut + 1]):
                starts.append(cut + 1)
            for start in starts:
                rest = folded[start:]
                if len(rest) >= _MIN_TAIL and not self.is_head(rest) and is_measure_tail(rest):
                    return start
        return None

    def _links(self, head_s: str) -> bool:
        """Whether a head with a linking "s" ("verblijfs") still names the form of care for
        the parsers that read it, so the space may go after the "s"."""
        return head_s in self._heads or any(_fully(rx, head_s, 1) for rx in _head_cues())

    def split(self, text: str) -> str:
        """`text` (normalised) with every such compound written as two words."""
        out: list[str] = []
        last = 0
        for m in _WORD.finditer(text):
            word = m.group(0)
            folded = strip_accents(word.lower())
            if len(folded) != len(word):
                continue  # offsets would not carry over; leave the word as typed
            for cut in self.cuts(folded):
                out.append(text[last : m.start() + cut])
                out.append(" ")
                last = m.start() + cut
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)
