"""Which municipalities, region, segments and products a Dutch question names.

A wrong municipality gives a wrong number, the worst answer there is, so resolution is
conservative and says what it is unsure about:

- exact (folded) names, curated aliases and CBS codes win outright;
- a typo resolves only when its fuzzy score clears a threshold *and* beats the runner-up by a
  clear gap; a close call becomes an `Ambiguity` with the candidates ("Bedoel je ...?");
- a homonym (Bergen (L.) / Bergen (NH.)) is always an `Ambiguity`;
- a village or an old, merged municipality ("Mierlo", "Veghel") is a `PartOf` to confirm, never
  silently swapped for the municipality it belongs to;
- a word in a place position ("in X", "gemeente X", "vergelijk X met Y") that matches nothing
  well is an `Unknown` with suggestions;
- names that are also Dutch words ("het best", "de beek") only count as places when the sentence
  treats them as one.

Everything is precomputed at construction (folded keys, token-count buckets for rapidfuzz), so
`extract()` costs well under a millisecond for a normal question.
"""

from __future__ import annotations

import csv
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process
from wordfreq import zipf_frequency

from bot.language.lexicon import load_lexicon
from bot.language.normalize import Token, fold, normalize, tokens
from bot.language.periods import parse_periods
from bot.paths import KNOWLEDGE_DIR, REFERENCE_DIR

Via = Literal["exact", "alias", "fuzzy", "code"]
Span = tuple[int, int]

ALIASES_FILE = KNOWLEDGE_DIR / "aliases.yaml"
GEMEENTEN_FILE = REFERENCE_DIR / "gemeenten" / "gemeenten_2026_jeugdregio.csv"
JEUGDREGIOS_FILE = REFERENCE_DIR / "gemeenten" / "jeugdregios_2024_cbs.csv"
SUBREGIOS_FILE = REFERENCE_DIR / "subregios" / "subregios_10vdj.csv"
SUBREGIO_SPELLINGS_FILE = REFERENCE_DIR / "subregios" / "spellingen.yaml"

# The segments of Een 10 voor de Jeugd (programme plan, section 3.1), used when no dim_segment
# rows are passed in.
DEFAULT_SEGMENTS: dict[int, str] = {
    1: "Hoog specialistisch / weinig voorkomend",
    2: "Wonen",
    3: "Dagbehandeling en dagbesteding",
    4: "Specialistisch / veel voorkomend",
    5: "Crisis",
}
_NUMBER_WORDS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5}

# Thresholds (rapidfuzz ratio, 0-100). A typo needs a high score and a clear lead.
FUZZY_MIN = 85.0  # a single word anywhere
FUZZY_MIN_PLACE = 80.0  # a word where a place is expected ("in X")
FUZZY_MIN_MULTI = 88.0  # a multi-word name ("gemert bakle")
FUZZY_GAP = 5.0  # best minus runner-up
SUGGEST_MIN = 60.0

log = logging.getLogger(__name__)


# -- results -----------------------------------------------------------------------------------


class GemeenteRef(BaseModel):
    """A municipality as candidates and suggestions name it."""

    model_config = ConfigDict(frozen=True)

    code: str
    naam: str
    in_monitor: bool


class GemeenteMatch(GemeenteRef):
    """A municipality the question names, where, and how sure we are."""

    text: str
    span: Span
    score: float
    via: Via


class SegmentMatch(BaseModel):
    model_config = ConfigDict(frozen=True)

    nr: int
    naam: str
    text: str
    span: Span
    via: Via


class ProductMatch(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    naam: str
    segment_nr: int | None
    subsegment: str | None
    text: str
    span: Span
    score: float
    via: Via


class Candidate(BaseModel):
    """One option of an ambiguity or suggestion: a gemeente code, segment number, subsegment name
    or productcode, depending on `kind`."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["gemeente", "segment", "subsegment", "product"]
    code: str
    naam: str
    in_monitor: bool | None = None
    note: str | None = None  # e.g. "kern Heusden van Asten"


AmbiguityReason = Literal["homoniem", "fuzzy", "kern", "opgeheven", "wonen", "product"]


class Ambiguity(BaseModel):
    """A mention that fits several things equally well: ask, never guess."""

    text: str
    span: Span
    kind: Literal["gemeente", "segment", "product"]
    reason: AmbiguityReason
    candidates: list[Candidate]

    def question(self) -> str:
        """ "Bedoel je Bergen (L.) of Bergen (NH.)?"."""
        names = [c.note or c.naam for c in self.candidates]
        if self.reason == "opgeheven":
            return (
                f"{self.text} is als gemeente opgeheven en verdeeld over {_and_list(names)}. "
                "Welke gemeente bedoel je?"
            )
        return f"Bedoel je {_or_list(names)}?"


class Unknown(BaseModel):
    """A name in a place (or code) position that matches nothing well."""

    text: str
    span: Span
    kind: Literal["gemeente", "segment", "product"] = "gemeente"
    suggestions: list[Candidate] = Field(default_factory=list)

    def message(self) -> str:
        """ "Ik ken geen gemeente 'Utrekt'. Bedoel je Utrecht?"."""
        if self.kind == "segment":
            return f"Ik ken geen {self.text}: de regio kent segment 1 tot en met 5."
        what = "productcode" if self.kind == "product" else "gemeente"
        head = f"Ik ken geen {what} '{self.text}'."
        if not self.suggestions:
            return head
        return f"{head} Bedoel je {_or_list([s.naam for s in self.suggestions])}?"


class PartOf(BaseModel):
    """A village or an old municipality that is part of a current municipality: confirm first."""

    text: str
    span: Span
    kern: str  # the curated name of the village or old municipality
    gemeente: GemeenteRef
    reason: Literal["kern", "opgeheven"]
    sinds: int | None = None  # year of the merger, for "opgeheven"

    @property
    def code(self) -> str:
        return self.gemeente.code

    def question(self) -> str:
        if self.reason == "opgeheven":
            when = f" in {self.sinds}" if self.sinds else ""
            return (
                f"{self.kern} is{when} opgegaan in de gemeente {self.gemeente.naam}. "
                f"Bedoel je {self.gemeente.naam}?"
            )
        naam = self.gemeente.naam
        return f"{self.kern} hoort bij de gemeente {naam}. Bedoel je {naam}?"


class RegionMention(BaseModel):
    """A CBS youth-care region other than the monitor's own ("Zuidoost-Brabant", "regio Twente")."""

    text: str
    span: Span
    naam: str
    codes: list[str]  # its municipalities
    monitor_codes: list[str]  # those of them in the monitor


class SubregionMention(BaseModel):
    """A sub-region of the monitor named as one area ("de Peelgemeenten", "Dommelvallei+")."""

    text: str
    span: Span
    naam: str
    codes: list[str]  # its gemeenten, in the reference file's order


class Extraction(BaseModel):
    """Everything `extract()` found, each list in order of mention."""

    text: str  # the normalised question the spans refer to
    gemeenten: list[GemeenteMatch] = Field(default_factory=list)
    regio: bool = False
    regio_span: Span | None = None
    jeugdregios: list[RegionMention] = Field(default_factory=list)
    subregios: list[SubregionMention] = Field(default_factory=list)
    segments: list[SegmentMatch] = Field(default_factory=list)
    subsegment: str | None = None
    products: list[ProductMatch] = Field(default_factory=list)
    ambiguous: list[Ambiguity] = Field(default_factory=list)
    unknown: list[Unknown] = Field(default_factory=list)
    partial: list[PartOf] = Field(default_factory=list)

    @property
    def gemeente_codes(self) -> list[str]:
        return [g.code for g in self.gemeenten]

    @property
    def outside_monitor(self) -> list[GemeenteMatch]:
        return [g for g in self.gemeenten if not g.in_monitor]

    @property
    def needs_clarification(self) -> bool:
        return bool(self.ambiguous or self.unknown or self.partial)


def _or_list(names: list[str], word: str = "of") -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {word} " + names[-1]


def _and_list(names: list[str]) -> str:
    return _or_list(names, "en")


# -- curated data ------------------------------------------------------------------------------


class Opgeheven(BaseModel):
    naam: str
    opvolger: list[str]
    jaar: int | None = None


class Aliases(BaseModel):
    """knowledge/aliases.yaml, validated."""

    regio: list[str]
    gemeenten: dict[str, str]
    homoniemen: dict[str, list[str]]
    opgeheven: list[Opgeheven]
    kernen: dict[str, list[str]]
    woorden: list[str]
    segmenten: dict[int, list[str]]
    subsegmenten: dict[str, tuple[int, str]]
    producten: dict[str, list[str]]
    producten_meerduidig: dict[str, list[str]]


def load_aliases(path: Path = ALIASES_FILE) -> Aliases:
    # libyaml's safe loader when PyYAML has it: the pure-Python parser took a sixth of the
    # start-up to the first answer here.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as f:
        return Aliases.model_validate(yaml.load(f, Loader=loader))


def load_reference_gemeenten(path: Path = GEMEENTEN_FILE) -> list[dict[str, str]]:
    """The 342 municipalities of 2026 with their CBS youth-care region."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _load_jeugdregio_names(path: Path = JEUGDREGIOS_FILE) -> dict[str, list[str]]:
    """CBS region name -> every spelling it goes by ("Zuidoost-Brabant", "Zuid-Oost Brabant")."""
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out[row["jeugdregio_naam_cbs"]] = [
                row["jeugdregio_naam_cbs"],
                row["jeugdregio_naam_bron"],
            ]
    return out


@dataclass(frozen=True)
class Subregion:
    """A named group of monitor gemeenten (Peelgemeenten, Dommelvallei+), as one area."""

    indeling: str  # the division it belongs to; a gemeente is in one sub-region per division
    naam: str
    codes: tuple[str, ...]  # its gemeenten, in file order
    namen: tuple[str, ...]  # their names, same order


def load_subregions(monitor_codes: Iterable[str], path: Path = SUBREGIOS_FILE) -> list[Subregion]:
    """The sub-regions of the reference data, refused when they do not fit the monitor.

    A member outside the monitor would make an area figure silently smaller than its name says,
    and a gemeente in two sub-regions of one division would be counted twice in a breakdown
    per sub-region: both are wrong numbers, so they fail at load, not at answer time.
    """
    monitor = set(monitor_codes)
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    seen: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            indeling, naam = row["indeling"].strip(), row["subregio"].strip()
            code, gemeente = row["gemeente_code"].strip(), row["gemeente_naam"].strip()
            if code not in monitor:
                raise ValueError(
                    f"{path.name}: {gemeente} ({code}) in {naam} is geen monitorgemeente"
                )
            other = seen.get((indeling, code))
            if other is not None and other != naam:
                raise ValueError(
                    f"{path.name}: {gemeente} ({code}) zit in {other} en in {naam} ({indeling})"
                )
            seen[(indeling, code)] = naam
            groups[(indeling, naam)].append((code, gemeente))
    return [
        Subregion(indeling, naam, tuple(c for c, _ in rows), tuple(n for _, n in rows))
        for (indeling, naam), rows in groups.items()
    ]


class SubregionSpellings(BaseModel):
    """knowledge/reference/subregios/spellingen.yaml, validated."""

    bron: str
    spellingen: dict[str, list[str]]


@lru_cache(maxsize=1)
def load_subregion_spellings(path: Path = SUBREGIO_SPELLINGS_FILE) -> SubregionSpellings:
    with path.open(encoding="utf-8") as f:
        return SubregionSpellings.model_validate(yaml.safe_load(f))


@lru_cache(maxsize=8)
def subregions_of(monitor_codes: frozenset[str]) -> tuple[Subregion, ...]:
    """The sub-regions of a monitor, loaded once per set of monitor gemeenten."""
    return tuple(load_subregions(monitor_codes))


def subregion_of_codes(monitor_codes: Iterable[str], codes: Iterable[str]) -> Subregion | None:
    """The sub-region of more than one gemeente whose members are exactly `codes`, if any: an
    area is named by what it is, whichever way the question put it."""
    wanted = frozenset(codes)
    if len(wanted) < 2:
        return None
    for sub in subregions_of(frozenset(monitor_codes)):
        if frozenset(sub.codes) == wanted:
            return sub
    return None


@lru_cache(maxsize=1)
def known_words(sources: Path = KNOWLEDGE_DIR / "sources") -> frozenset[str]:
    """Ordinary Dutch words of the domain: every word the source documents write in lowercase.

    A typo is a near miss of a name, but so are many Dutch words ("lasten" ~ Asten, "worden" ~
    Woerden, "uitgezet" ~ Uitgeest). No Dutch word list ships offline, so the region's own
    documents (how policy officers write) serve as one: their words are never fuzzy-matched.
    """
    words: set[str] = set()
    for path in sorted(sources.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        # Each distinct word folded once: the documents repeat their words many times.
        words.update(map(fold, set(re.findall(r"(?<![\w-])[a-zà-ÿ]{4,}(?![\w-])", text))))
    return frozenset(words)


def _get(row: Any, *names: str) -> Any:
    """A field of a dict row or an object row (dim_product rows come either way)."""
    for name in names:
        if isinstance(row, Mapping):
            if name in row and row[name] is not None:
                return row[name]
        elif getattr(row, name, None) is not None:
            return getattr(row, name)
    return None


# -- the index ---------------------------------------------------------------------------------

Kind = Literal[
    "gemeente", "homoniem", "kern", "opgeheven", "regio", "jeugdregio", "segment", "subsegment",
    "wonen", "product", "product_multi", "subregio",
]  # fmt: skip


@dataclass(frozen=True)
class _Target:
    kind: Kind
    codes: tuple[str, ...] = ()  # gemeente codes or productcodes
    via: Via = "exact"
    label: str = ""  # the curated name: kern, old municipality, region
    nr: int | None = None  # segment number
    sub: str | None = None  # subsegment
    year: int | None = None
    guarded: bool = False  # also an ordinary Dutch word


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PLACE_KINDS = {"gemeente", "homoniem", "kern", "opgeheven"}
# Kinds that are areas in a list of places ("Helmond en de Peel", "Dommelvallei+ vs Asten").
_AREA_KINDS = _PLACE_KINDS | {"subregio"}
_PRODUCT_KINDS = {"product", "product_multi"}

# Words before a place: "in X", "gemeente X", "vergelijk X met Y" (the list words only after a
# place: "Helmond en X").
_PLACE_BEFORE = _words(
    "in voor gemeente gemeentes gemeenten bij uit te vergelijk vergelijken vergeleken vs versus "
    "tegenover tov naast"
)
_LIST_BEFORE = _words("en met of dan naast vs versus tov tegenover")
# Words before a guarded name that make it the ordinary word: "het best", "op z'n best".
_WORD_BEFORE = _words("het t op zo de een erg heel nog wel z n zn")
_CONNECTORS = _words("aan den de op en van bij a d")

# Ordinary Dutch and domain words that are never a place, so neither fuzzy-matched nor reported as
# unknown ("in totaal", "voor pleegzorg"): the lexicon's domain and function words.
_VOCABULARY = load_lexicon().domain | load_lexicon().function
# A word this common in Dutch (wordfreq's Zipf scale: 3 is about once per million words) is an
# ordinary word, not a typo of a place: "gingen" is no Groningen, "lasten" no Asten. Exact names
# ("Best", "Helmond") are looked up before this and still match.
COMMON_WORD_ZIPF = 3.0


@lru_cache(maxsize=65536)
def is_common_dutch(word: str) -> bool:
    """Whether `word` (folded) is an ordinary Dutch word, by the wordfreq Dutch word list."""
    return zipf_frequency(word, "nl") >= COMMON_WORD_ZIPF


@dataclass
class _Hit:
    start_tok: int
    end_tok: int  # exclusive
    targets: list[_Target]
    score: float
    via: Via
    keys: list[str] = field(default_factory=list)  # the index keys a fuzzy hit matched


class EntityResolver:
    """Finds municipalities, the region, segments and products in a question; build once."""

    def __init__(
        self,
        gemeenten: Iterable[Any],
        monitor_codes: Iterable[str],
        products: Iterable[Any] = (),
        segments: Iterable[Any] | None = None,
        aliases: Aliases | None = None,
        jeugdregio_names: Mapping[str, list[str]] | None = None,
        words: frozenset[str] | None = None,
        subregions: Iterable[Subregion] | None = None,
    ) -> None:
        self.aliases = aliases or load_aliases()
        self._words = _VOCABULARY | (known_words() if words is None else words)
        monitor = set(monitor_codes)
        self._gemeenten: dict[str, GemeenteRef] = {}
        self._jeugdregio_of: dict[str, str] = {}
        for row in gemeenten:
            code = str(_get(row, "gemeente_code"))
            naam = str(_get(row, "gemeente_naam"))
            self._gemeenten[code] = GemeenteRef(code=code, naam=naam, in_monitor=code in monitor)
            region = _get(row, "jeugdregio", "jeugdregio_naam_cbs")
            if region:
                self._jeugdregio_of[code] = str(region)
        self._by_name = {fold(g.naam): g.code for g in self._gemeenten.values()}
        self._products: dict[str, dict[str, Any]] = {}
        for row in products:
            code = str(_get(row, "productcode")).upper()
            self._products[code] = {
                "naam": str(_get(row, "product_naam") or code),
                "segment_nr": _get(row, "segment_nr"),
                "subsegment": _get(row, "subsegment"),
            }
        self._segments: dict[int, str] = (
            {int(_get(r, "segment_nr")): str(_get(r, "segment_naam")) for r in segments}
            if segments is not None
            else dict(DEFAULT_SEGMENTS)
        )
        self._index: dict[str, list[_Target]] = defaultdict(list)
        self._splitter: Any = None
        self._build_index(jeugdregio_names or _load_jeugdregio_names())
        if subregions is None:
            subregions = load_subregions(monitor) if monitor >= _subregion_codes() else ()
        self._build_subregions(list(subregions))
        # Names that are also words: the curated ones, any the documents use as a word, and a
        # sub-region spelling that is an ordinary Dutch word or very short ("Peel", "DV").
        guarded = {fold(w) for w in self.aliases.woorden} | (self._words & self._index.keys())
        guarded |= {
            k for k, ts in self._index.items()
            if " " not in k and any(t.kind == "subregio" for t in ts)
            and (is_common_dutch(k) or len(k) < 4)
        }  # fmt: skip
        for key in guarded & self._index.keys():
            self._index[key] = [
                replace(t, guarded=True) if t.kind in _AREA_KINDS else t for t in self._index[key]
            ]
        self._max_len = max(len(k.split()) for k in self._index)
        # Fuzzy choices per token count: places and products (never segments: short words).
        self._fuzzy: dict[int, list[str]] = defaultdict(list)
        for key, targets in self._index.items():
            fuzzy_kind = any(t.kind in _AREA_KINDS | _PRODUCT_KINDS for t in targets)
            if fuzzy_kind and len(key) >= 4 and not any(t.guarded for t in targets):
                self._fuzzy[len(key.split())].append(key)
        self._fuzzy_choices = {
            n: self._fuzzy.get(n, []) + (self._fuzzy.get(n + 1, []) if n > 1 else [])
            for n in range(1, self._max_len + 1)
        }

    @classmethod
    def from_reference(
        cls,
        monitor_codes: Iterable[str],
        products: Iterable[Any] = (),
        segments: Iterable[Any] | None = None,
    ) -> EntityResolver:
        """A resolver over the 342 municipalities of the reference list (tests, tools)."""
        return cls(load_reference_gemeenten(), monitor_codes, products, segments)

    # -- building ------------------------------------------------------------------------------

    def _codes_of(self, *namen: str) -> tuple[str, ...] | None:
        """Codes of curated names; None when the marts lack one of them.

        A region's own marts may hold fewer municipalities than the curated aliases name;
        such an alias is left out rather than stopping the bot.
        """
        codes = tuple(self._by_name.get(fold(n)) for n in namen)
        if not all(codes):
            log.warning("aliases.yaml: municipality not in the marts, alias skipped: %s", namen)
            return None
        return codes  # type: ignore[return-value]

    def _add(self, phrase: str, target: _Target) -> None:
        key = fold(phrase)
        same = [t for t in self._index.get(key, []) if (t.kind, t.codes, t.nr, t.sub) ==
                (target.kind, target.codes, target.nr, target.sub)]  # fmt: skip
        if key and not same:
            self._index[key].append(target)

    def _build_index(self, jeugdregio_names: Mapping[str, list[str]]) -> None:
        a = self.aliases
        bases: dict[str, list[str]] = defaultdict(list)
        for g in self._gemeenten.values():
            self._add(g.naam, _Target("gemeente", (g.code,)))
            key = fold(g.naam)
            if " " in key and "(" not in g.naam:  # "geldropmierlo", but not "bergenl"
                self._add(key.replace(" ", ""), _Target("gemeente", (g.code,), "alias"))
            if "(" in g.naam:
                bases[fold(g.naam.split("(")[0])].append(g.code)
        for base, codes in bases.items():  # "Hengelo" for Hengelo (O.); "Bergen" is a homonym
            if len(codes) == 1 and base not in self._index:
                self._add(base, _Target("gemeente", tuple(codes), "alias"))
        for alias, naam in a.gemeenten.items():
            if code := self._codes_of(naam):
                self._add(alias, _Target("gemeente", code, "alias"))
        for name, namen in a.homoniemen.items():
            if homonyms := self._codes_of(*namen):
                self._index.pop(fold(name), None)
                self._add(name, _Target("homoniem", homonyms))
        for old in a.opgeheven:
            found = self._codes_of(*old.opvolger)
            if found is None:
                continue
            successors = found
            if fold(old.naam) in self._by_name:
                continue  # still a municipality under that name
            if old.jaar is None:  # a spelling of the current name
                self._add(old.naam, _Target("gemeente", successors, "alias"))
            else:
                self._add(old.naam, _Target("opgeheven", successors, label=old.naam, year=old.jaar))
        for naam, kernen in a.kernen.items():
            if (kern_code := self._codes_of(naam)) is None:
                continue
            for kern in kernen:
                self._add(kern, _Target("kern", kern_code, label=kern))
        for phrase in a.regio:
            self._add(phrase, _Target("regio"))
        self._build_regions(jeugdregio_names)
        self._build_segments()
        self._build_products()

    def _build_subregions(self, subregions: list[Subregion]) -> None:
        """Sub-regions of more than one gemeente, by the spellings of the reference data; one
        of a single gemeente (Helmond, Veldhoven) is that gemeente and stays one."""
        spellings = load_subregion_spellings().spellingen
        for sub in subregions:
            if len(sub.codes) < 2:
                continue
            target = _Target("subregio", sub.codes, label=sub.naam)
            for phrase in {sub.naam, *spellings.get(sub.naam, [])}:
                if fold(phrase) not in self._index:  # a gemeente's name stays the gemeente
                    self._add(phrase, target)

    def _build_regions(self, jeugdregio_names: Mapping[str, list[str]]) -> None:
        members: dict[str, list[str]] = defaultdict(list)
        for code, region in self._jeugdregio_of.items():
            members[region].append(code)
        for region, codes in members.items():
            spellings = {region, *jeugdregio_names.get(region, [])}
            names: set[str] = set()
            for s in spellings:  # "Alkmaar (Noord-Kennemerland)": both parts are names
                names.update(p.strip() for p in re.split(r"[()/]", s) if p.strip())
            target = _Target("jeugdregio", tuple(sorted(codes)), label=region)
            for name in names:
                self._add(f"regio {name}", target)
                self._add(f"jeugdregio {name}", target)
                if fold(name) not in self._index:  # "Groningen" alone is the municipality
                    self._add(name, target)

    def _build_segments(self) -> None:
        words = {v: k for k, v in _NUMBER_WORDS.items()}
        for nr, naam in self._segments.items():
            seg = _Target("segment", nr=nr)
            forms = (
                f"segment {nr}",
                f"segmenten {nr}",
                f"segment {words.get(nr, nr)}",
                f"seg {nr}",
                f"s{nr}",
            )
            for form in forms:
                self._add(form, seg)
            self._add(f"segment {nr} {naam}", seg)
            if fold(naam) == "wonen":  # segment 2's name is also S2-wonen and a verb
                self._add(naam, _Target("wonen", nr=nr))
            else:
                self._add(naam, seg)
        for nr, namen in self.aliases.segmenten.items():
            for naam in namen:
                self._add(naam, _Target("segment", nr=nr))
        for phrase, (nr, sub) in self.aliases.subsegmenten.items():
            self._add(phrase, _Target("subsegment", nr=nr, sub=sub))

    def _build_products(self) -> None:
        for code, p in self._products.items():
            self._add(p["naam"], _Target("product", (code,)))
        for code, namen in self.aliases.producten.items():
            if code in self._products:
                for naam in namen:
                    self._add(naam, _Target("product", (code,), "alias"))
        for phrase, codes in self.aliases.producten_meerduidig.items():
            known = tuple(c for c in codes if c in self._products)
            if len(known) > 1:
                self._index.pop(fold(phrase), None)
                self._add(phrase, _Target("product_multi", known))
            elif known:
                self._add(phrase, _Target("product", known, "alias"))

    # -- lookups -------------------------------------------------------------------------------

    def care_names(self) -> frozenset[str]:
        """The names of a form of care (segment, sub-segment, product, as named or aliased),
        folded: the heads of compounds like "pleegzorgcliënten", and the names of several
        words that may be typed as one ("jeugdggz") (bot.language.compounds)."""
        kinds = {"segment", "subsegment", "product", "product_multi"}
        return frozenset(
            key for key, targets in self._index.items() if any(t.kind in kinds for t in targets)
        )

    def split_compounds(self, text: str) -> str:
        """`text` (normalised) with compounds of a form of care and a measure as two words:
        "pleegzorgcliënten" -> "pleegzorg cliënten"; see bot.language.compounds."""
        if self._splitter is None:
            from bot.language.compounds import CompoundSplitter

            self._splitter = CompoundSplitter(self.care_names())
        return self._splitter.split(text)

    def gemeente(self, code: str) -> GemeenteRef | None:
        return self._gemeenten.get(code)

    def suggest(self, text: str, limit: int = 3) -> list[Candidate]:
        """Municipalities whose names look most like `text`, for "Bedoel je ...?"."""
        key = fold(text)
        choices = [k for n in (1, 2, 3) for k in self._fuzzy.get(n, [])]
        seen: list[Candidate] = []
        for k, _score, _ in process.extract(
            key, choices, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=SUGGEST_MIN
        ):
            for t in self._index[k]:
                for c in self._candidates(t):
                    if c.kind == "gemeente" and c.code not in {s.code for s in seen}:
                        seen.append(c)
        return seen[:limit]

    def _candidates(self, t: _Target) -> list[Candidate]:
        if t.kind in _PLACE_KINDS:
            out = []
            for code in t.codes:
                g = self._gemeenten[code]
                note = None
                if t.kind == "kern":
                    note = f"{g.naam} (kern {t.label})"
                elif (
                    t.kind == "gemeente" and t.codes and len(self._index.get(fold(g.naam), [])) > 1
                ):
                    note = f"de gemeente {g.naam}"
                out.append(
                    Candidate(
                        kind="gemeente", code=code, naam=g.naam, in_monitor=g.in_monitor, note=note
                    )
                )
            return out
        if t.kind in _PRODUCT_KINDS:
            return [
                Candidate(kind="product", code=c, naam=f"{self._products[c]['naam']} ({c})")
                for c in t.codes
            ]
        return []

    # -- extraction ----------------------------------------------------------------------------

    def extract(self, text: str) -> Extraction:
        """Resolve everything `text` names; spans refer to `normalize(text)` (kept in `.text`)."""
        norm = normalize(text)
        out = Extraction(text=norm)
        toks = tokens(norm)
        claimed = [False] * len(toks)
        self._codes(norm, toks, claimed, out)
        # The words of a period belong to the period: "Someren eind 2022" is Someren at the end
        # of 2022, not the village Someren-Eind. Only where the period stands matters here,
        # not which days it means.
        for span in parse_periods(norm, date.today()).spans:
            _claim(toks, claimed, span)
        hits = self._scan(norm, toks, claimed)
        for hit in hits:
            self._emit(hit, norm, toks, out)
        self._unknowns(norm, toks, claimed, hits, out)
        self._tidy(out)
        return out

    def _codes(self, norm: str, toks: list[Token], claimed: list[bool], out: Extraction) -> None:
        """CBS codes ("GM0794", "gm 794", "0794", "gemeentecode 794") and productcodes ("43A09")."""
        for m in _GM_CODE.finditer(norm):
            digits = m.group("gm") or m.group("bare") or m.group("named")
            code = f"GM{int(digits):04d}"
            g = self._gemeenten.get(code)
            span = (m.start(), m.end())
            if g is not None:
                out.gemeenten.append(
                    GemeenteMatch(
                        **g.model_dump(), text=m.group(0), span=span, score=100, via="code"
                    )
                )
            elif m.group("bare"):
                continue  # "0999" need not be a code at all
            else:
                out.unknown.append(Unknown(text=m.group(0), span=span))
            _claim(toks, claimed, span)
        for m in _PRODUCT_CODE.finditer(norm):
            code = m.group(0).upper()
            span = (m.start(), m.end())
            p = self._products.get(code)
            if p is not None:
                out.products.append(self._product(code, m.group(0), span, 100, "code"))
            else:
                out.unknown.append(Unknown(text=m.group(0), span=span, kind="product"))
            _claim(toks, claimed, span)

    def _scan(self, norm: str, toks: list[Token], claimed: list[bool]) -> list[_Hit]:
        """Longest match first at each word: exact names, then fuzzy multi-word names, then
        fuzzy single words."""
        hits: list[_Hit] = []
        i, n = 0, len(toks)
        while i < n:
            if claimed[i]:
                i += 1
                continue
            hit = self._match_at(norm, toks, claimed, i, hits)
            if hit is None:
                i += 1
                continue
            hits.append(hit)
            for j in range(hit.start_tok, hit.end_tok):
                claimed[j] = True
            i = hit.end_tok
        return hits

    def _match_at(
        self, norm: str, toks: list[Token], claimed: list[bool], i: int, hits: list[_Hit]
    ) -> _Hit | None:
        # A question of one or two words ("walre", "Helmund 2023") can only be naming something.
        place = self._place_position(toks, i, hits) or len(toks) <= 2
        for size in range(min(self._max_len, len(toks) - i), 0, -1):
            if any(claimed[i : i + size]):
                continue
            key = " ".join(t.folded for t in toks[i : i + size])
            targets = self._index.get(key)
            if targets:
                if any(t.guarded for t in targets) and not self._guard_ok(norm, toks, i, place):
                    if size == 1:
                        return None  # the ordinary word: no fuzzy second guess either
                    continue
                via: Via = "alias" if all(t.via == "alias" for t in targets) else "exact"
                return _Hit(i, i + size, list(targets), 100.0, via)
            if size >= 2 and self._fuzzy_candidate(toks[i : i + size]):
                hit = self._fuzzy_hit(key, size, i, FUZZY_MIN_MULTI)
                if hit:
                    return hit
        tok = toks[i]
        # Outside a place position a lowercase word must be long to be a typo of a name: short
        # Dutch words sit too close to short names ("reden" ~ Rheden).
        capital = norm[tok.start].isupper() and not self._sentence_start(norm, tok.start)
        minimum = 4 if place else 5 if capital else 6
        if self._fuzzy_candidate([tok], minimum=minimum):
            hit = self._fuzzy_hit(tok.folded, 1, i, FUZZY_MIN_PLACE if place else FUZZY_MIN)
            if hit and not (place or capital) and not self._same_start(tok.folded, hit):
                return None  # lowercase, unannounced and a different first letter: a word
            return hit
        return None

    @staticmethod
    def _same_start(word: str, hit: _Hit) -> bool:
        return any(k[:1] == word[:1] for k in hit.keys)

    @staticmethod
    def _sentence_start(norm: str, start: int) -> bool:
        before = norm[:start].rstrip()
        return not before or before[-1] in ".?!:"

    def _fuzzy_candidate(self, span: list[Token], minimum: int = 4) -> bool:
        first, last = span[0].folded, span[-1].folded
        if first in self._words or last in self._words or first in _CONNECTORS:
            return False
        if len(span) == 1 and is_common_dutch(first):
            return False
        if any(t.folded.isdigit() for t in span):
            return False
        return len(first) >= minimum if len(span) == 1 else len(first) >= 2

    def _fuzzy_hit(self, key: str, size: int, i: int, minimum: float) -> _Hit | None:
        # A multi-word name may be typed without its "en": "son breugel" ~ "son en breugel".
        choices = self._fuzzy_choices.get(size, [])
        found = process.extract(key, choices, scorer=fuzz.ratio, limit=5, score_cutoff=minimum - 10)
        if not found or found[0][1] < minimum:
            return None
        best_key, best, _ = found[0]
        rivals = [
            (k, s) for k, s, _ in found[1:]
            if best - s < FUZZY_GAP and self._index[k] != self._index[best_key]
        ]  # fmt: skip
        targets = list(self._index[best_key])
        if rivals:
            for k, _ in rivals:
                targets += [t for t in self._index[k] if t not in targets]
            targets = (
                [_Target("homoniem", tuple(c for t in targets for c in t.codes), "fuzzy")]
                if all(t.kind == "gemeente" for t in targets)
                else targets
            )
        keys = [best_key, *(k for k, _ in rivals)]
        return _Hit(i, i + size, targets, float(best), "fuzzy", keys)

    def _place_position(self, toks: list[Token], i: int, hits: list[_Hit]) -> bool:
        if i == 0:
            return False
        before = toks[i - 1].folded
        if before in _PLACE_BEFORE:
            return True
        if before in _LIST_BEFORE and hits and hits[-1].end_tok == i - 1:
            return any(t.kind in _AREA_KINDS for t in hits[-1].targets)
        return False

    def _guard_ok(self, norm: str, toks: list[Token], i: int, place: bool) -> bool:
        """A name that is also a word ("Best", "Beek") only counts as a place in a place position,
        or capitalised inside a sentence and not after "het", "op", "zo" ..."""
        if i > 0 and toks[i - 1].folded in _WORD_BEFORE:
            return False
        if place:
            return True
        start = toks[i].start
        sentence_start = self._sentence_start(norm, start)
        short = len(toks) <= 2  # "Best?", "Best 2023": nothing else it could be
        return norm[start].isupper() and (short or not sentence_start)

    # -- turning hits into results -------------------------------------------------------------

    def _emit(self, hit: _Hit, norm: str, toks: list[Token], out: Extraction) -> None:
        span = (toks[hit.start_tok].start, toks[hit.end_tok - 1].end)
        text = norm[span[0] : span[1]]
        targets = hit.targets
        places = [t for t in targets if t.kind in _PLACE_KINDS]
        if len(places) > 1 or (places and places[0].kind == "homoniem"):
            # Heusden (municipality) vs Heusden (kern of Asten); Bergen; close fuzzy calls.
            cands = [c for t in places for c in self._candidates(t)]
            reason: AmbiguityReason = "fuzzy" if hit.via == "fuzzy" else "kern" if any(
                t.kind == "kern" for t in places) else "homoniem"  # fmt: skip
            out.ambiguous.append(
                Ambiguity(text=text, span=span, kind="gemeente", reason=reason, candidates=cands)
            )
            return
        if len(targets) > 1 and all(t.kind in _PRODUCT_KINDS for t in targets):
            codes = tuple(c for t in targets for c in t.codes)
            targets = [_Target("product_multi", codes)]
        t = targets[0]
        if t.kind == "gemeente":
            g = self._gemeenten[t.codes[0]]
            out.gemeenten.append(
                GemeenteMatch(
                    **g.model_dump(),
                    text=text,
                    span=span,
                    score=hit.score,
                    via="fuzzy" if hit.via == "fuzzy" else t.via,
                )
            )
        elif t.kind in ("kern", "opgeheven") and len(t.codes) == 1:
            out.partial.append(
                PartOf(
                    text=text,
                    span=span,
                    kern=t.label,
                    gemeente=self._gemeenten[t.codes[0]],
                    reason=t.kind,
                    sinds=t.year,
                )
            )
        elif t.kind == "opgeheven":
            out.ambiguous.append(
                Ambiguity(
                    text=text,
                    span=span,
                    kind="gemeente",
                    reason="opgeheven",
                    candidates=self._candidates(t),
                )
            )
        elif t.kind == "regio":
            out.regio = True
            out.regio_span = out.regio_span or span
        elif t.kind == "subregio":
            out.subregios.append(
                SubregionMention(text=text, span=span, naam=t.label, codes=list(t.codes))
            )
        elif t.kind == "jeugdregio":
            monitor = [c for c in t.codes if self._gemeenten[c].in_monitor]
            out.jeugdregios.append(
                RegionMention(
                    text=text, span=span, naam=t.label, codes=list(t.codes), monitor_codes=monitor
                )
            )
        elif t.kind in ("segment", "subsegment"):
            assert t.nr is not None
            out.segments.append(self._segment(t.nr, text, span))
            if t.sub:
                out.subsegment = out.subsegment or t.sub
            self._more_segments(hit, norm, toks, out)
        elif t.kind == "wonen":
            self._wonen(t, hit, text, span, toks, out)
        elif t.kind == "product":
            out.products.append(
                self._product(
                    t.codes[0], text, span, hit.score, "fuzzy" if hit.via == "fuzzy" else t.via
                )
            )
        elif t.kind == "product_multi":
            out.ambiguous.append(
                Ambiguity(
                    text=text,
                    span=span,
                    kind="product",
                    reason="product",
                    candidates=self._candidates(t),
                )
            )

    def _segment(self, nr: int, text: str, span: Span) -> SegmentMatch:
        return SegmentMatch(
            nr=nr, naam=self._segments.get(nr, str(nr)), text=text, span=span, via="exact"
        )

    def _more_segments(self, hit: _Hit, norm: str, toks: list[Token], out: Extraction) -> None:
        """ "segment 1 en 2", "segmenten 3, 4 en 5": the numbers after the first."""
        if _segment_number(toks[hit.end_tok - 1].folded) is None:
            return  # "crisis en 2" is no list of segments
        j = hit.end_tok
        while j < len(toks):
            word = toks[j].folded
            if word in ("en", "of", "t", "m", "tm"):
                j += 1
                continue
            nr = _segment_number(word)
            if nr is None:
                break
            span = (toks[j].start, toks[j].end)
            out.segments.append(self._segment(nr, norm[span[0] : span[1]], span))
            j += 1

    def _wonen(
        self, t: _Target, hit: _Hit, text: str, span: Span, toks: list[Token], out: Extraction
    ) -> None:
        """ "wonen" is segment 2's name, the sub-segment S2-wonen, and a verb ("jeugdigen die
        thuis wonen"): ask which of the first two, and ignore the verb."""
        after = toks[hit.end_tok].folded if hit.end_tok < len(toks) else ""
        before = toks[hit.start_tok - 1].folded if hit.start_tok else ""
        if before not in _NOUN_BEFORE_WONEN and (
            after in _VERB_AFTER_WONEN or before in _VERB_BEFORE_WONEN
        ):
            return
        assert t.nr is not None
        out.ambiguous.append(
            Ambiguity(
                text=text,
                span=span,
                kind="segment",
                reason="wonen",
                candidates=[
                    Candidate(kind="segment", code=str(t.nr), naam=f"heel segment {t.nr} (wonen)"),
                    Candidate(
                        kind="subsegment",
                        code="wonen",
                        naam="S2-wonen (woongroep en begeleiding naar zelfstandig wonen)",
                    ),
                ],
            )
        )

    def _product(self, code: str, text: str, span: Span, score: float, via: Via) -> ProductMatch:
        p = self._products[code]
        seg = p["segment_nr"]
        return ProductMatch(
            code=code,
            naam=p["naam"],
            segment_nr=int(seg) if seg else None,
            subsegment=p["subsegment"],
            text=text,
            span=span,
            score=score,
            via=via,
        )

    def _unknowns(
        self, norm: str, toks: list[Token], claimed: list[bool], hits: list[_Hit], out: Extraction
    ) -> None:
        """Words in a place position that matched nothing: "Ik ken geen gemeente 'X'"; and
        segment numbers that do not exist ("segment 7")."""
        for k in range(len(toks) - 1):
            if (
                toks[k].folded in ("segment", "seg")
                and not claimed[k]
                and toks[k + 1].folded.isdigit()
                and len(toks[k + 1].folded) <= 2
            ):
                span = (toks[k].start, toks[k + 1].end)
                out.unknown.append(Unknown(text=norm[span[0] : span[1]], span=span, kind="segment"))
                claimed[k] = claimed[k + 1] = True
        i = 0
        while i < len(toks):
            if claimed[i] or not self._place_position(toks, i, [h for h in hits if h.end_tok < i]):
                i += 1
                continue
            tok = toks[i]
            word = tok.folded
            if word in _VOCABULARY or word in _CONNECTORS or word.isdigit() or len(word) < 3:
                i += 1
                continue
            capital = norm[tok.start].isupper()
            if not capital and is_common_dutch(word):
                i += 1  # "in zitten", "voor vergaderingen": a word, left to the coverage check
                continue
            if not capital and i > 0 and toks[i - 1].folded == "te" and word.endswith("en"):
                i += 1  # "om de kosten te beheersen": an infinitive, not "te <plaats>"
                continue
            j = i + 1  # a capitalised run: "Sint Jansteen", "Bergen op Zoom"
            while capital and j < len(toks) and not claimed[j]:
                nxt = toks[j]
                if norm[nxt.start].isupper():
                    j += 1
                elif (
                    nxt.folded in _CONNECTORS
                    and j + 1 < len(toks)
                    and norm[toks[j + 1].start].isupper()
                ):
                    j += 2
                else:
                    break
            span = (tok.start, toks[j - 1].end)
            mention = norm[span[0] : span[1]]
            suggestions = self.suggest(mention)
            after_gemeente = toks[i - 1].folded.startswith("gemeente")
            if capital or after_gemeente or suggestions:
                out.unknown.append(Unknown(text=mention, span=span, suggestions=suggestions))
            i = j

    def _tidy(self, out: Extraction) -> None:
        """Order of mention; one entry per municipality; a segment once."""
        seen: set[str] = set()
        gemeenten = []
        for g in sorted(out.gemeenten, key=lambda g: g.span):
            if g.code not in seen:
                seen.add(g.code)
                gemeenten.append(g)
        out.gemeenten = gemeenten
        subs: dict[str, SubregionMention] = {}
        for m in sorted(out.subregios, key=lambda m: m.span):
            subs.setdefault(m.naam, m)
        out.subregios = list(subs.values())
        segs: dict[int, SegmentMatch] = {}
        for s in sorted(out.segments, key=lambda s: s.span):
            segs.setdefault(s.nr, s)
        out.segments = list(segs.values())
        if any(s.nr == 2 for s in out.segments):  # "segment 2 ... wonen": not a question
            out.ambiguous = [a for a in out.ambiguous if a.reason != "wonen"]
        out.products = sorted(
            {p.code: p for p in reversed(out.products)}.values(), key=lambda p: p.span
        )
        out.ambiguous.sort(key=lambda a: a.span)
        out.unknown.sort(key=lambda u: u.span)
        # "Nuenen Gerwen Nederwetten": the villages of a municipality already named need no check.
        named = set(out.gemeente_codes)
        out.partial = sorted((p for p in out.partial if p.code not in named), key=lambda p: p.span)


@lru_cache(maxsize=1)
def _subregion_codes(path: Path = SUBREGIOS_FILE) -> frozenset[str]:
    """Every gemeente the sub-region file names: a resolver over marts that lack one of them
    (a test mart of two gemeenten) knows no sub-regions rather than failing."""
    with path.open(encoding="utf-8", newline="") as f:
        return frozenset(row["gemeente_code"].strip() for row in csv.DictReader(f))


_NOUN_BEFORE_WONEN = _words("in voor binnen kosten segment naar uit over van")
_VERB_AFTER_WONEN = _words("er in bij op thuis nog zelfstandig samen daar hier")
_VERB_BEFORE_WONEN = _words("die thuis zelfstandig kunnen gaan blijven niet jeugdigen kinderen")

_GM_CODE = re.compile(
    r"(?i)(?<![\w])(?:gm\s?-?(?P<gm>\d{1,4})"
    r"|(?:gemeente|cbs)[\s-]?code\s?:?\s?(?P<named>\d{1,4})"
    r"|(?P<bare>0\d{3}))(?![\w]|[.,]\d)"
)
_PRODUCT_CODE = re.compile(r"(?i)(?<![\w])\d{2}[a-z]\d{2}(?![\w])")


def _claim(toks: list[Token], claimed: list[bool], span: Span) -> None:
    for k, t in enumerate(toks):
        if t.start < span[1] and t.end > span[0]:
            claimed[k] = True


def _segment_number(word: str) -> int | None:
    if word.isdigit() and 1 <= int(word) <= 5:
        return int(word)
    return _NUMBER_WORDS.get(word)
