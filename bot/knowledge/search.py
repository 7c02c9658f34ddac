"""Ranked search over the knowledge base: BM25 (bm25s) on Dutch stems, with typo correction.

Why this shape: policy questions use inflected Dutch ("uithuisplaatsingen", "huisartsen"), so
documents and queries are stemmed with Snowball's Dutch stemmer; users type fast in chat, so a
query word that is not in the vocabulary is corrected to the closest word that is (rapidfuzz)
before stemming. The index is built once per process and a search costs well under a millisecond.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import bm25s
import numpy as np
import Stemmer
from bm25s.tokenization import STOPWORDS_DUTCH
from rapidfuzz import fuzz, process

from bot.knowledge.schema import ActieEntry, AnyEntry, ProductEntry

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
}  # fmt: skip
# Entries only found by code or exact name, not by free text (they would drown the curated base).
REFERENCE_PREFIXES = ("ijw-", "productcategorie-")


def normalize(text: str) -> str:
    """Lowercase and strip accents so 'cliënten' and 'clienten' are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Normalized word tokens without stopwords (codes like 43a09 and jz+ stay whole)."""
    return [w for w in _TOKEN.findall(normalize(text)) if w not in STOPWORDS]


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
    """One ranked entry; `coverage` is the share of the query's words the entry contains."""

    entry: AnyEntry
    score: float
    coverage: float = 0.0


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
        self.retriever = bm25s.BM25()
        self.retriever.index(corpus_stems, show_progress=False)
        self._mask_curated = np.array(
            [0.0 if is_reference(e) else 1.0 for e in self.entries], dtype=np.float32
        )
        self._n_curated = int(self._mask_curated.sum())

    def stems_of(self, entry_id: str) -> set[str]:
        """The indexed stems of one entry (for topic filters over a known subset)."""
        return self._entry_stems[self._position[entry_id]]

    def correct(self, tokens: Iterable[str]) -> list[str]:
        """Replace unknown words by the closest vocabulary word (typo tolerance)."""
        fixed: list[str] = []
        for token in tokens:
            if token in self._vocab_set or len(token) < 4 or any(ch.isdigit() for ch in token):
                fixed.append(token)
                continue
            match = process.extractOne(token, self.vocabulary, scorer=fuzz.ratio, score_cutoff=80)
            fixed.append(match[0] if match else token)
        return fixed

    def query_stems(self, query: str) -> list[str]:
        return stems(self.correct(words(query)))

    def search(self, query: str, k: int = 5, *, include_reference: bool = False) -> list[Hit]:
        """The k best entries for a free question, best first; empty when nothing matches."""
        query_stems = self.query_stems(query)
        known = [s for s in query_stems if s in self.retriever.vocab_dict]
        if not known or k <= 0:
            return []
        limit = len(self.entries) if include_reference else self._n_curated
        mask = None if include_reference else self._mask_curated
        documents, scores = self.retriever.retrieve(
            [known], k=min(k, limit), show_progress=False, weight_mask=mask, n_threads=1
        )
        hits: list[Hit] = []
        unique = set(query_stems)
        for index, score in zip(documents[0], scores[0], strict=True):
            if score <= 0:
                continue
            entry_stems = self._entry_stems[int(index)]
            coverage = len(unique & entry_stems) / len(unique)
            hits.append(Hit(self.entries[int(index)], float(score), coverage))
        return hits

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
