"""Text normalisation before parsing, and folding for matching.

`normalize` makes what the user typed safe and predictable for the parser: capped length (the
parser never sees more than the cap, so a 40.000-character message costs nothing), NFKC (full-width
letters become ASCII), invisible and direction-changing characters removed (so "Utr\u200becht" and
"\u202eUtrecht" are just Utrecht), Cyrillic and Greek look-alikes inside Latin words mapped to
Latin (so "Utrеcht" with a Cyrillic е can never become another municipality) and whitespace
collapsed. It is idempotent: normalize(normalize(x)) == normalize(x), so the core can normalise
once and every parser can safely normalise again with the same character offsets.

`fold` is for comparing names only: lowercase, no accents, punctuation to spaces,
"'s-Hertogenbosch" and "s Hertogenbosch" alike, "&" as "en".
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Zero-width, bidi controls, BOM, soft hyphen, word joiner and friends: never meaningful in a
# question, and the bidi ones can make text display differently from what is parsed.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\u206a-\u206f\ufe00-\ufe0f\ufeff]"
)
# Other control characters (but not whitespace) become spaces, so words do not fuse.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")

# Typographic quotes and dashes to their ASCII forms: "’s-Hertogenbosch", "2021–2023".
_PUNCT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)

# Cyrillic and Greek letters that look like Latin ones (after Unicode's confusables list).
_CONFUSABLE = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y",
    "А": "A", "В": "B", "Е": "E", "Ё": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ї": "I", "Ј": "J", "Һ": "H",
    "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I", "Ү": "Y",
    # Greek
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "υ": "u", "ι": "i", "κ": "k", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLE)
_WORD = re.compile(r"\w+")
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f]")


def _is_latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


def _unconfuse_word(match: re.Match[str]) -> str:
    """Map a word's look-alikes to Latin only in a word that mixes them with ASCII.

    A word made of Latin letters and look-alikes ("Utrеcht", "Неlmond") is what a spoofer types;
    a genuine Russian or Greek word ("Москва") has no ASCII letter and is left alone.
    """
    word = match.group(0)
    if not any(ch in _CONFUSABLE for ch in word) or not any(ch.isascii() for ch in word):
        return word
    mapped = word.translate(_CONFUSABLE_TABLE)
    return mapped if all(_is_latin(ch) for ch in mapped if ch.isalpha()) else word


def normalize(text: str, max_chars: int = 1000) -> str:
    """The question as the parser sees it; see the module docstring for each step."""
    text = text[:max_chars]
    text = _INVISIBLE.sub("", text)  # before NFKC, so what it hid cannot recompose later
    text = _CONTROL.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_PUNCT)
    # "welk % van de cliënten", "meer dan 10%": the sign is the word, which folding drops
    text = text.replace("%", " procent ")
    if _NON_ASCII_LETTER.search(text):
        text = _WORD.sub(_unconfuse_word, text)
    # NFKC can lengthen text ("ﬁ" -> "fi"): cap again so the result always honours the cap.
    return _SPACE.sub(" ", text).strip()[:max_chars].rstrip()


def lower_keep_length(text: str) -> str:
    """Lowercase without changing the length, so offsets found in it hold in the original."""
    out = text.lower()
    if len(out) == len(text):
        return out
    return "".join(lo if len(lo := ch.lower()) == 1 else ch for ch in text)


class _DropCombining(dict[int, int | None]):
    """str.translate table that deletes combining marks, filled per character on first sight:
    translate then runs in C instead of a Python loop over every character (the knowledge
    index strips accents from its whole text at every start)."""

    def __missing__(self, codepoint: int) -> int | None:
        kept = None if unicodedata.combining(chr(codepoint)) else codepoint
        self[codepoint] = kept
        return kept


_DROP_COMBINING = _DropCombining()


def strip_accents(text: str) -> str:
    """ "Fryslân" -> "Fryslan", "één" -> "een"."""
    if text.isascii():
        return text  # NFKD leaves ASCII as it is and it has no combining marks
    return unicodedata.normalize("NFKD", text).translate(_DROP_COMBINING)


def strip_accents_keep_length(text: str) -> str:
    """ "één" -> "een" without moving offsets (a character that does not reduce to one stays)."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        plain = strip_accents(ch)
        out.append(plain if len(plain) == 1 else ch)
    return "".join(out)


_NOT_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """A name's matching key: "'s-Hertogenbosch" -> "s hertogenbosch" (punctuation becomes
    spaces, which handles every spelling of "'s-"), "Son & Breugel" -> "son en breugel",
    "Bergen (L.)" -> "bergen l", "Geldrop-Mierlo" -> "geldrop mierlo"."""
    text = strip_accents(text.lower()).replace("&", " en ")
    text = _NOT_WORD.sub(" ", text).replace("_", " ")
    return " ".join(text.split())


class Token(NamedTuple):
    """A word of a normalised text: its folded form and where it stands in that text."""

    folded: str
    start: int
    end: int


_TOKEN = re.compile(r"\w+|&")


def tokens(text: str) -> list[Token]:
    """The words of `text` (already normalised), folded, with offsets into `text`.

    Folding per word keeps offsets exact: a match on tokens i..j maps back to
    text[tokens[i].start:tokens[j].end], which is what clarifying questions quote.
    """
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        folded = "en" if word == "&" else strip_accents(word.lower()).replace("_", "")
        if folded:
            out.append(Token(folded, m.start(), m.end()))
    return out
