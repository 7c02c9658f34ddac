"""Which quantitative statements of the source documents no kengetal holds (issue 13 item 1).

knowledge/kengetallen.yaml is meant to hold every figure of the four documents. Checking that by
hand does not last: a document is long, and a figure missed is a question answered "ik ken het
woord niet" although the document states the number. So every number in a document is read as a
statement (an amount, a percentage, a count, a duration, a date) and must be either

- covered: a kengetal block of that document states the same value at that place (the block's
  wording found in the document, from 500 characters before it to 2.500 after, the same passage
  tests/marts/test_kengetallen.py checks its values in); or
- excluded: knowledge/kengetallen_uitgesloten.yaml names it, as a class of numbers that are no
  figure (section and list numbers, ordinals, references to a chapter, years as a period) or as
  one reviewed passage, each with a reason.

A document not yet gone through completely has its number of open statements recorded there
too, so the count can only go down.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.marts.sources import KENGETALLEN_YAML, kengetal_date, kengetal_value, source_text
from bot.paths import KNOWLEDGE_DIR
from bot.render.format import MONTHS

UITGESLOTEN_YAML = KNOWLEDGE_DIR / "kengetallen_uitgesloten.yaml"
DOCUMENTS: tuple[str, ...] = (
    "000_05fd599307ad2e89.txt",
    "001_9ed6bf435e31ceb8.txt",
    "002_2d82f4a8b97cdc0c.txt",
    "004_1007e2a72d4ad2b5.txt",
)

_DATE = re.compile(rf"\b(\d{{1,2}})\s+({'|'.join(MONTHS)})\s+(\d{{4}})\b", re.IGNORECASE)
# A share written as a fraction: "2/3^e van onze cliënten", "ongeveer 1/3" (not 24/7, 1/2 as a
# page marker: the exclusions name those).
_FRACTION = re.compile(r"(?<![\w.,/])(\d{1,2})/(\d{1,2})(?![\d/]|[.,]\d)")
_NUMERIC_DATE = re.compile(r"(?<![\w.,/-])(\d{1,2})-(\d{1,2})-(\d{4})\b")
# A number as the documents write it: 2.635, 12,2, 1.516.807, 0,2 (a digit glued to a unit,
# "0,2fte", still counts); not part of a code or name (H10, B12, 10vdj are letters first).
_NUMBER = re.compile(r"(?<![\w.,/])(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?!\d|[.,]\d)")
# A ratio is one figure: "1 op de 10 kinderen" is 10% (a share), "business case van 1:2" is 2
# (returned per unit put in). Read whole, so neither side is taken for a count of its own.
_SHARE = re.compile(r"(?<![\w.,])(\d+) op de (\d+)(?![\d.,])")
_RATIO = re.compile(r"(?<![\w.,:])(\d+):(\d+)(?![\d.,:])")
# Figures written as two numbers, each read whole with its value (None: not a figure): a share
# "1 op de 10" and a fraction "2/3" as a percentage, a ratio "1:2" as its factor.
_TWO_PART: tuple[tuple[re.Pattern[str], Callable[[int, int], float | None]], ...] = (
    (_SHARE, lambda a, b: 100 * a / b if b else None),
    (_RATIO, lambda a, b: b / a if a else None),
    (_FRACTION, lambda a, b: 100 * a / b if b else None),
)
_SCALE = re.compile(r"\s*(mln|miljoen|miljard|mld)\b", re.IGNORECASE)
_PASSAGE_BEFORE, _PASSAGE_AFTER = 500, 2_500


@dataclass(frozen=True)
class Statement:
    """One number of a document, where it stands and what it is worth."""

    document: str
    start: int
    end: int
    text: str
    value: float | date

    def context(self, width: int = 50) -> str:
        doc = source_text(self.document)
        before = doc[max(0, self.start - width) : self.start]
        after = doc[self.end : self.end + width]
        return re.sub(r"\s+", " ", f"{before}[{self.text}]{after}").strip()


def unit(s: Statement) -> str | None:
    """What a statement's own words say it is: a date, an amount in euro, a percentage."""
    if isinstance(s.value, date):
        return "datum"
    if _FRACTION.fullmatch(s.text):
        return "procent"
    text = source_text(s.document)
    before, after = text[max(0, s.start - 3) : s.start], text[s.end : s.end + 9].lower()
    if "€" in before or re.match(r"\s*euro\b", after) or _SCALE.search(s.text):
        return "euro"
    if re.match(r"\s*(%|procent\b)", after):
        return "procent"
    return None


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def statements(document: str) -> list[Statement]:
    """Every number of a document, dates read whole ("1 september 2017", "1-1-2024"), an amount
    with its scale ("€ 1,7 miljard" is 1.700.000.000), a ratio as one figure ("1 op de 10" is 10
    procent, "1:2" is 2), a fraction as its share ("2/3" is 66,67)."""
    text = source_text(document)
    out: list[Statement] = []
    taken: list[tuple[int, int]] = []
    for m in _DATE.finditer(text):
        month = MONTHS.index(m.group(2).lower()) + 1
        try:
            day = date(int(m.group(3)), month, int(m.group(1)))
        except ValueError:
            continue
        out.append(Statement(document, m.start(), m.end(), m.group(0), day))
        taken.append((m.start(), m.end()))
    for m in _NUMERIC_DATE.finditer(text):
        try:
            day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            continue
        out.append(Statement(document, m.start(), m.end(), m.group(0), day))
        taken.append((m.start(), m.end()))
    for pattern, value_of in _TWO_PART:
        for m in pattern.finditer(text):
            value = value_of(int(m.group(1)), int(m.group(2)))
            if value is None or any(a <= m.start() < b for a, b in taken):
                continue
            out.append(Statement(document, m.start(), m.end(), m.group(0), value))
            taken.append((m.start(), m.end()))
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if m.start() >= 2 and text[m.start() - 1] in "-–" and text[m.start() - 2].isdigit():
            continue  # the end of a range of years or pages ("2018-2022") is read with its start
        value = _number(m.group(0))
        end = m.end()
        scale = _SCALE.match(text, end)
        if scale:
            value *= 1e9 if scale.group(1).lower() == "miljard" else 1e6
            end = scale.end()
        out.append(Statement(document, m.start(), end, text[m.start() : end], value))
    return sorted(out, key=lambda s: s.start)


class Klasse(BaseModel):
    """A kind of number that is no figure: every number inside a match of `patroon` is left out."""

    model_config = ConfigDict(extra="forbid")
    naam: str = Field(min_length=3)
    patroon: str
    reden: str = Field(min_length=15)

    @field_validator("patroon")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as e:
            raise ValueError(f"geen geldige reguliere expressie: {e}") from e
        return v


class Uitsluiting(BaseModel):
    """One reviewed passage whose numbers are no figure a user asks for (a project called
    "Contractmanagement 2.0", "1 aanbieder" as the article "one")."""

    model_config = ConfigDict(extra="forbid")
    document: str
    tekst: str = Field(min_length=3)
    reden: str = Field(min_length=15)

    @field_validator("document")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in DOCUMENTS:
            raise ValueError(f"onbekend document {v}")
        return v


class Uitgesloten(BaseModel):
    model_config = ConfigDict(extra="forbid")
    klassen: list[Klasse]
    uitgesloten: list[Uitsluiting] = []
    # Documents not yet gone through completely: how many of their statements are still open.
    open: dict[str, int] = {}


def load_uitgesloten(path: Path = UITGESLOTEN_YAML) -> Uitgesloten:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Uitgesloten.model_validate(raw)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    values: frozenset[float | date]


def _block_spans(document: str, path: Path = KENGETALLEN_YAML) -> list[_Span]:
    text = source_text(document)
    out = []
    for b in yaml.safe_load(path.read_text(encoding="utf-8"))["kengetallen"]:
        if b["bron_document"] != document:
            continue
        at = text.find(str(b.get("formulering", "")))
        if at < 0:
            continue  # tests/marts/test_kengetallen.py reports the wording it cannot find
        values: set[float | date] = set()
        for per_jaar in b["waarden"].values():
            for waarde in per_jaar.values():
                if b["eenheid"] == "periode":
                    continue  # a period is words, no number of the document's statements
                v = kengetal_value(waarde)
                values.add(kengetal_date(v) if b["eenheid"] == "datum" else abs(v))
        end = at + len(str(b["formulering"])) + _PASSAGE_AFTER
        # A table row that starts inside the passage belongs to it up to the row's end.
        line_end = text.find("\n", end)
        end = len(text) if line_end < 0 else line_end
        out.append(_Span(max(0, at - _PASSAGE_BEFORE), end, frozenset(values)))
    return out


def _covered(s: Statement, spans: list[_Span]) -> bool:
    value = s.value if isinstance(s.value, date) else abs(s.value)
    return any(sp.start <= s.start < sp.end and value in sp.values for sp in spans)


def _excluded_spans(document: str, uit: Uitgesloten) -> tuple[tuple[int, int, str], ...]:
    text = source_text(document)
    out: list[tuple[int, int, str]] = []
    for k in uit.klassen:
        out.extend((m.start(), m.end(), k.naam) for m in re.finditer(k.patroon, text))
    for i, u in enumerate(uit.uitgesloten):
        if u.document != document:
            continue
        at = text.find(u.tekst)
        while at >= 0:
            out.append((at, at + len(u.tekst), f"uitgesloten[{i}]"))
            at = text.find(u.tekst, at + 1)
    return tuple(out)


@dataclass(frozen=True)
class Coverage:
    document: str
    covered: tuple[Statement, ...]
    excluded: tuple[tuple[Statement, str], ...]  # with the class or entry that leaves it out
    uncovered: tuple[Statement, ...]


def coverage(document: str, uit: Uitgesloten | None = None) -> Coverage:
    """The document's statements sorted into covered by a kengetal, excluded, and open."""
    uit = uit or load_uitgesloten()
    spans = _block_spans(document)
    excl = _excluded_spans(document, uit)
    every = statements(document)
    held = {(unit(s), s.value) for s in every if unit(s) and _covered(s, spans)}
    covered, excluded, uncovered = [], [], []
    for s in every:
        # A figure with its unit ("€ 511 miljoen", "12,2%", "9 mei 2022") said again elsewhere
        # in the document is the figure a kengetal already holds; a bare number ("11") is not
        # taken for the same figure, as it may count something else.
        if _covered(s, spans) or (unit(s) and (unit(s), s.value) in held):
            covered.append(s)
            continue
        why = next((n for a, b, n in excl if a <= s.start and s.end <= b), None)
        if why:
            excluded.append((s, why))
        else:
            uncovered.append(s)
    return Coverage(document, tuple(covered), tuple(excluded), tuple(uncovered))
