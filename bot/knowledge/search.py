"""Ranked search over the knowledge base: BM25 (bm25s) on Dutch stems, with typo correction.

Why this shape: policy questions use inflected Dutch ("uithuisplaatsingen", "huisartsen"), so
documents and queries are stemmed with Snowball's Dutch stemmer; users type fast in chat, so a
query word that is not in the vocabulary is corrected to the closest word that is (rapidfuzz)
before stemming. The index is built once per process and a search costs well under a millisecond.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import numpy as np
import Stemmer
from bm25s.tokenization import STOPWORDS_DUTCH
from rapidfuzz import fuzz, process

from bot.knowledge.schema import ActieEntry, AnyEntry, ProductEntry
from bot.language.normalize import strip_accents

_TOKEN = re.compile(r"[a-z0-9]+(?:\+)?")
# Question words and fillers that carry no topic; the Dutch list of bm25s plus chat words.
STOPWORDS: frozenset[str] = frozenset(STOPWORDS_DUTCH) | {
    "wat", "welke", "welk", "wie", "waar", "wanneer", "hoe", "waarom", "betekent", "betekenis",
    "staat", "staan", "gaat", "gaan", "zijn", "is", "er", "de", "het", "een", "van", "voor",
    "over", "in", "op", "met", "bij", "aan", "en", "of", "ook", "nog", "dan", "kun", "kunt",
    "je", "jij", "u", "ik", "we", "wij", "mij", "me", "graag", "even", "eens", "toch", "zeg",
    "vertel", "uitleg", "leg", "uit", "precies", "eigenlijk", "bedoeld", "bedoelt", "mee",
    "daar", "dat", "die", "dit", "deze", "zo", "al", "wel", "niet", "geen", "kan", "moet",
    "moeten", "worden", "wordt", "zou", "zouden", "hebben", "heeft", "hun", "onze", "ons",
    "daarmee", "daarbij", "daarvan", "hierover", "daarover", "erover", "wil", "willen",
    "horen", "hoort", "hoor", "valt", "vallen", "onder", "vindt", "vinden", "kunnen",
    "tussen", "zoals", "toelichting", "toelichten", "beschreven", "beschrijft",
    "genoemd", "noemt", "volgens", "uitleggen", "kort", "svp", "aub", "alsjeblieft",
    "houdt", "inhoudt",  # "wat houdt X in"
}  # fmt: skip
# Words the documents put differently from how people ask: a query word also matches these.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "wachten": ("wachttijden", "wachtlijsten"),
    "wacht": ("wachttijden", "wachtlijsten"),
    "wachttijd": ("wachttijden",),
}
# Entries only found by code or exact name, not by free text (they would drown the curated base).
REFERENCE_PREFIXES = ("ijw-", "productcategorie-")


def normalize(text: str) -> str:
    """Lowercase and strip accents so 'cliënten' and 'clienten' are the same word."""
    return strip_accents(text.lower())


def words(text: str) -> list[str]:
    """Normalized word tokens without stopwords (codes like 43a09 and jz+ stay whole); a lone
    letter (the "s" of "GI's") is no word."""
    return [
        w for w in _TOKEN.findall(normalize(text))
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit())
    ]  # fmt: skip


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


def stems(tokens: Iterable[str]) -> list[str]:
    return list(_stemmer().stemWords(list(tokens)))


def entry_text(entry: AnyEntry) -> str:
    """What is indexed: title and aliases count twice, because they name the entry."""
    named = " ".join([entry.titel, *entry.aliassen, *entry.trefwoorden])
    extra = ""
    if isinstance(entry, ActieEntry):
        # The regional explanation is part of what an action is about ("huisartsen", "IZA").
        extra = " ".join(v for v in (entry.velden.toelichting, entry.velden.planning) if v)
    return f"{named} {named} {entry.tekst} {extra}"


def is_reference(entry: AnyEntry) -> bool:
    return entry.id.startswith(REFERENCE_PREFIXES)


@dataclass(frozen=True)
class Hit:
    """One ranked entry; `coverage` is the share of the query's words the entry contains,
    each word weighted by its rarity in the base (inverse document frequency)."""

    entry: AnyEntry
    score: float
    coverage: float = 0.0
    named: bool = False  # the question contains one of the entry's multi-word aliases
    matched: int = 0  # how many of the question's words the entry contains


class SearchIndex:
    """BM25 over all entries (reference codes masked out of free search by default)."""

    def __init__(self, entries: Sequence[AnyEntry]) -> None:
        self.entries = list(entries)
        corpus_words = [words(entry_text(e)) for e in self.entries]
        self.vocabulary: list[str] = sorted(
            {w for ws, e in zip(corpus_words, self.entries, strict=True) if not is_reference(e)
             for w in ws if not w.isdigit()}
        )  # fmt: skip
        self._vocab_set = set(self.vocabulary)
        corpus_stems = [stems(ws) for ws in corpus_words]
        self._entry_stems = [set(s) for s in corpus_stems]
        self._position = {e.id: i for i, e in enumerate(self.entries)}
        # Document frequencies over the curated entries, so coverage weighs rare words more:
        # "deeltijdpleegzorg" says more about a question than "regio".
        curated = [st for st, e in zip(self._entry_stems, self.entries, strict=True)
                   if not is_reference(e)]  # fmt: skip
        frequency: dict[str, int] = {}
        for entry_stems in curated:
            for stem in entry_stems:
                frequency[stem] = frequency.get(stem, 0) + 1
        total = len(curated)
        self._idf = {s: math.log((total - n + 0.5) / (n + 0.5) + 1) for s, n in frequency.items()}
        # A word the base does not contain at all counts as an average word: it may be a verb
        # the documents phrase differently ("vindt"), or a topic the base lacks ("voetbal").
        self._idf_unknown = sum(self._idf.values()) / max(len(self._idf), 1)
        self.retriever = bm25s.BM25()
        self.retriever.index(corpus_stems, show_progress=False)
        self._mask_curated = np.array(
            [0.0 if is_reference(e) else 1.0 for e in self.entries], dtype=np.float32
        )
        self._n_curated = int(self._mask_curated.sum())
        # Aliases of two words or more, as word tuples: a question that contains one names
        # that entry ("het actieplan wonen", "bijlage 1", "welke gemeenten doen mee").
        self._alias_phrases: dict[tuple[str, ...], list[int]] = {}
        for position, entry in enumerate(self.entries):
            if is_reference(entry):
                continue
            for alias in entry.aliassen:
                phrase = tuple(words(alias))
                if phrase:
                    self._alias_phrases.setdefault(phrase, []).append(position)

    def document_frequency(self, word: str) -> int:
        """In how many curated entries the word (stemmed) occurs."""
        stem = stems([word])[0]
        return sum(
            1
            for entry_stems, entry in zip(self._entry_stems, self.entries, strict=True)
            if stem in entry_stems and not is_reference(entry)
        )

    def stems_of(self, entry_id: str) -> set[str]:
        """The indexed stems of one entry (for topic filters over a known subset)."""
        return self._entry_stems[self._position[entry_id]]

    def correct(self, tokens: Iterable[str]) -> list[str]:
        """Replace unknown words by the closest vocabulary word (typo tolerance).

        The cutoff (85, rapidfuzz's normalized indel similarity) accepts one swapped or
        missing letter in a word of seven letters or more, but not a different word that
        merely shares a long prefix ("gemeentehuis" is not "gemeente").
        """
        fixed: list[str] = []
        for token in tokens:
            if token in self._vocab_set or len(token) < 4 or any(ch.isdigit() for ch in token):
                fixed.append(token)
                continue
            match = process.extractOne(token, self.vocabulary, scorer=fuzz.ratio, score_cutoff=85)
            fixed.append(match[0] if match else token)
        return fixed

    def query_terms(self, query: str) -> list[tuple[str, ...]]:
        """Per query word its stem variants: the Dutch stemmer keeps the verb ending -t
        ("monitort", "betrekt"), so the stem of the word without it is tried as well."""
        terms: list[tuple[str, ...]] = []
        for word in self.correct(words(query)):
            variants = [word, *SYNONYMS.get(word, ())]
            if len(word) > 5 and word.endswith("t") and word[:-1] in self._vocab_set:
                variants.append(word[:-1])
            terms.append(tuple(dict.fromkeys(stems(variants))))
        return terms

    def query_stems(self, query: str) -> list[str]:
        return [term[0] for term in self.query_terms(query)]

    def search(self, query: str, k: int = 5, *, include_reference: bool = False) -> list[Hit]:
        """The k best entries for a free question, best first; empty when nothing matches."""
        terms = list(dict.fromkeys(self.query_terms(query)))
        known = [s for term in terms for s in term if s in self.retriever.vocab_dict]
        if not known or k <= 0:
            return []
        limit = len(self.entries) if include_reference else self._n_curated
        mask = None if include_reference else self._mask_curated
        # Rank a wider BM25 shortlist by score x (0.5 + coverage): an entry that holds most of
        # the question beats one that repeats a single word of it often.
        documents, scores = self.retriever.retrieve(
            [known],
            k=min(max(3 * k, 15), limit),
            show_progress=False,
            weight_mask=mask,
            n_threads=1,
        )
        weights = [max(self._idf.get(s, self._idf_unknown) for s in term) for term in terms]
        named = self._named_by_alias(query)
        ranked = {int(i): float(s) for i, s in zip(documents[0], scores[0], strict=True) if s > 0}
        top = max(ranked.values(), default=1.0)
        for index in named:
            ranked.setdefault(index, top)  # named but not in the shortlist: rank it anyway
        hits: list[Hit] = []
        for index, score in ranked.items():
            entry_stems = self._entry_stems[index]
            present = [bool(entry_stems.intersection(term)) for term in terms]
            found = sum(w for p, w in zip(present, weights, strict=True) if p)
            hits.append(
                Hit(
                    self.entries[index],
                    score,
                    found / sum(weights),
                    named=index in named,
                    matched=sum(present),
                )
            )

        def rank(hit: Hit) -> float:
            return hit.score * (0.5 + hit.coverage) * (1.5 if hit.named else 1.0)

        hits.sort(key=rank, reverse=True)
        return hits[:k]

    def _named_by_alias(self, query: str) -> set[int]:
        """Entries one of whose aliases occurs in the question as a phrase that is at least half
        of the question's words (otherwise the alias is only a part of it)."""
        tokens = tuple(self.correct(words(query)))
        found: set[int] = set()
        # One word names an entry only when it is the whole question ("wat is 10vdJ precies?").
        smallest = 1 if len(tokens) == 1 else max(2, (len(tokens) + 1) // 2)
        for size in range(smallest, min(len(tokens), 5) + 1):
            for start in range(len(tokens) - size + 1):
                found.update(self._alias_phrases.get(tokens[start : start + size], ()))
        return found

    def products_named(self, name: str, *, limit: int = 5) -> list[tuple[ProductEntry, float]]:
        """Products whose name is close to `name` (regional first at equal similarity)."""
        products = [e for e in self.entries if isinstance(e, ProductEntry)]
        names = [normalize(p.velden.naam) for p in products]
        found = process.extract(normalize(name), names, scorer=fuzz.WRatio, limit=limit * 4)
        ranked = sorted(
            ((products[i], float(score)) for _, score, i in found),
            key=lambda pair: (-pair[1], pair[0].velden.lijst != "regio"),
        )
        return ranked[:limit]
