"""The numeric vocabulary as data: knowledge/lexicon.yaml, validated when it loads.

Which words name a measure, a dimension, a verwijzer or a shape (comparison, ranking, change),
and which words are the domain's or the question's own (never a place, never a measure), is
something a policy officer can read and extend; it is not code. A pattern that does not compile,
a word list with duplicates or capitals, or a measure the monitor does not have stops the start,
instead of quietly matching nothing.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from bot.paths import KNOWLEDGE_DIR

LEXICON_FILE = KNOWLEDGE_DIR / "lexicon.yaml"
_WORD = re.compile(r"^[a-z0-9]+$")


def _compiled(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(patterns))


class Entry(BaseModel):
    """A measure or a verwijzer and the phrasings that name it (alternatives of one regex)."""

    model_config = ConfigDict(extra="forbid")
    key: str
    patterns: list[str]

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("an entry needs at least one pattern")
        for p in v:
            re.compile(p)
            if re.compile(p).match(""):
                raise ValueError(f"pattern {p!r} matches the empty string, so every question")
        return v


# A note ends with the question that gives the other measure: "... vraag 'zorgkosten regio 2023'."
_NOTE_ASKS = re.compile(r"vraag '([^']{3,60})'\.$")


class Measure(Entry):
    """A measure; `note` is the one line every answer with it shows once per conversation,
    when the measure is easily mistaken for another (declared costs against the annual
    accounts): what it includes, and which question gives the other one."""

    note: str | None = None
    # Phrasings that name this measure only when no other measure's phrasing matches:
    # "procentuele daling" is the cost development, "procentuele daling jeugdigen" is not.
    weak_patterns: list[str] = []

    @field_validator("weak_patterns")
    @classmethod
    def _weak_compile(cls, v: list[str]) -> list[str]:
        if v:
            Entry(key="weak", patterns=v)
        return v

    @field_validator("note")
    @classmethod
    def _one_line_with_a_question(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if "\n" in v or len(v) > 300:
            raise ValueError("a note is one short line (at most 300 characters)")
        if not _NOTE_ASKS.search(v):
            raise ValueError("a note ends with the question for the other measure: vraag '...'.")
        return v

    @property
    def note_question(self) -> str | None:
        m = _NOTE_ASKS.search(self.note or "")
        return m.group(1) if m else None


class Rates(BaseModel):
    """The rate modifier ("per 1.000 jeugdigen"): which counts have a rate, and the phrasings
    of each denominator (a column of fact_inwoners), in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    counts: list[str]
    per: list[Entry]
    # Measures with no rate, and why, for the question back (bot.intents.rates).
    no_rate: dict[str, str] = {}

    @field_validator("per")
    @classmethod
    def _known_denominators(cls, v: list[Entry]) -> list[Entry]:
        keys = [e.key for e in v]
        # columns of fact_inwoners (per 1.000), and the same per head (an amount per inwoner)
        allowed = {"jeugdigen_0_17", "inwoners", "inwoner", "jeugdige_0_17"}
        if set(keys) - allowed or len(set(keys)) != len(keys):
            raise ValueError(f"denominators are columns of fact_inwoners, once each: {keys}")
        return v


class Offer(BaseModel):
    """A whole question an ask-back offers for one measure, with the place, period and form of
    care of the question put in ({filter}, {waar}, {wanneer}): one tap asks a question that
    reads as one, instead of the asked question with one word swapped for a measure."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str
    measure: str
    question: str
    filters: bool

    @field_validator("question")
    @classmethod
    def _placeholders(cls, v: str) -> str:
        if "{waar}" not in v or "{wanneer}" not in v:
            raise ValueError("an offered question keeps the place and period: {waar}, {wanneer}")
        v.format(filter="", waar="", wanneer="")  # no other placeholder
        return v

    def ask(self, filter_: str, waar: str, wanneer: str) -> str:
        return self.question.format(filter=filter_ if self.filters else "", waar=waar,
                                    wanneer=wanneer)  # fmt: skip


class VagueOffer(BaseModel):
    """A question the bot answers, offered when a question names no subject: `label` reads in
    "Bijvoorbeeld: ...", `question` is asked when it is chosen; {regio} and {jaar} are filled."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str
    question: str

    @field_validator("label", "question")
    @classmethod
    def _placeholders(cls, v: str) -> str:
        v.format(regio="", jaar="")  # no other placeholder
        return v


class VagueAsk(BaseModel):
    """The ask-back for one kind of value (an amount, a share, a count): what to ask and the
    questions to offer."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    question: str
    offers: list[VagueOffer]


def _words(text: str) -> frozenset[str]:
    words = text.split()
    bad = [w for w in words if not _WORD.match(w)]
    if bad:
        raise ValueError(f"words must be folded (lowercase, no accents or punctuation): {bad}")
    dup = sorted({w for w in words if words.count(w) > 1})
    if dup:
        raise ValueError(f"duplicate words: {dup}")
    return frozenset(words)


class Lexicon(BaseModel):
    """knowledge/lexicon.yaml. Patterns run on folded text (see bot.language.normalize.fold)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    measures: list[Measure]
    verwijzers: list[Entry]
    rates: Rates
    cues: dict[str, list[str]]
    dimensions: dict[str, str]
    domain_words: str
    function_words: str
    amount_words: str
    offers: list[Offer]
    amount_or_count_offers: list[Offer]
    subjectless_words: str
    membership_words: str
    measure_words: str
    vague_offers: dict[str, VagueAsk]

    @model_validator(mode="after")
    def _offers_name_measures(self) -> Lexicon:
        keys = {m.key for m in self.measures}
        bad = [
            o.measure for o in [*self.offers, *self.amount_or_count_offers] if o.measure not in keys
        ]
        if bad:
            raise ValueError(f"offers for measures the lexicon does not have: {bad}")
        return self

    @field_validator("measures", "verwijzers")
    @classmethod
    def _unique(cls, v: list[Any]) -> list[Any]:
        keys = [e.key for e in v]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate keys: {keys}")
        return v

    @field_validator("rates")
    @classmethod
    def _rates_of_measures(cls, v: Rates, info: Any) -> Rates:
        known = {m.key for m in info.data.get("measures", [])}
        if set(v.counts) - known:
            raise ValueError(f"a rate needs a measure of the lexicon: {set(v.counts) - known}")
        return v

    @cached_property
    def rate_patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((e.key, _compiled(e.patterns)) for e in self.rates.per)

    @field_validator("cues")
    @classmethod
    def _cues_compile(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, patterns in v.items():
            Entry(key=name, patterns=patterns)
        return v

    @field_validator("vague_offers")
    @classmethod
    def _vague_kinds(cls, v: dict[str, VagueAsk]) -> dict[str, VagueAsk]:
        # the kinds bot.intents.vague.asked_kind gives, `cijfer` for none of them
        kinds = {"euro", "procent", "aantal", "datum", "cijfer"}
        if set(v) != kinds or not all(a.offers for a in v.values()):
            raise ValueError(f"vague_offers needs {', '.join(sorted(kinds))}: {sorted(v)}")
        return v

    @field_validator(
        "domain_words",
        "function_words",
        "amount_words",
        "subjectless_words",
        "membership_words",
        "measure_words",
    )
    @classmethod
    def _word_list(cls, v: str) -> str:
        _words(v)
        return v

    @cached_property
    def measure_patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((e.key, _compiled(e.patterns)) for e in self.measures)

    @cached_property
    def weak_measure_patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """The measures' weak phrasings, tried only when no measure's own phrasing matched."""
        return tuple((e.key, _compiled(e.weak_patterns)) for e in self.measures if e.weak_patterns)

    @cached_property
    def notes(self) -> dict[str, str]:
        """The note per measure key, for the measures that have one."""
        return {m.key: m.note for m in self.measures if m.note}

    @cached_property
    def verwijzer_patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((e.key, _compiled(e.patterns)) for e in self.verwijzers)

    def cue(self, name: str) -> re.Pattern[str]:
        return _compiled(self.cues[name])

    @cached_property
    def domain(self) -> frozenset[str]:
        """Words of the monitor's domain: never a place, and explained in a numeric question."""
        return _words(self.domain_words)

    @cached_property
    def amount(self) -> frozenset[str]:
        """Words after "hoeveel" that ask for an amount or a share, not for a count of things."""
        return _words(self.amount_words)

    @cached_property
    def subjectless(self) -> frozenset[str]:
        """Words that name the kind of figure asked, not what it is of (bot.intents.vague)."""
        return _words(self.subjectless_words)

    @cached_property
    def membership(self) -> frozenset[str]:
        """Verbs of belonging, in "hoeveel gemeenten horen bij ..." (bot.intents.members)."""
        return _words(self.membership_words)

    @cached_property
    def measures_words(self) -> frozenset[str]:
        """The nouns that name a measure on their own: what a typo is read as."""
        return _words(self.measure_words)

    @cached_property
    def function(self) -> frozenset[str]:
        """Words that ask, connect or are polite, beyond the Dutch stop-word list."""
        return _words(self.function_words)


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    return Lexicon.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
