"""A published moment that is a period, not a date (eenheid `periode`): "in het 1e kwartaal
2018", "in het eerste halfjaar van 2018", "eind 2018", "in het voorjaar van 2023".

The YAML writes the period normalised, in Dutch ("3e kwartaal 2018", "1e halfjaar 2018",
"3e-4e kwartaal 2018", "maart 2018", "begin 2023", "medio 2023", "eind 2018", "voorjaar 2023",
or a bare year 2019). fact_kengetal keeps waarde one DOUBLE, so a period is stored as the
integer

    jaar * 10000 + van * 100 + tot

with van and tot (equal for one period, the first and last part of a range) from one code
table: 00 the whole year, 01-12 a month, 21-22 a half year, 31-34 a quarter, 41 begin, 42
medio, 43 eind, 51-54 voorjaar, zomer, najaar, winter. "3e kwartaal 2018" is 20183333, "eind
2018" 20184343, "3e-4e kwartaal 2018" 20183134, 2019 is 20190000: exact (an integer far below
2^53), ordered in time within a year's kind, and read back without a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.render.format import MONTHS

YEAR_CODE = 0
HALF = 20  # 21, 22
QUARTER = 30  # 31 .. 34
MOMENT = {41: "begin", 42: "medio", 43: "eind"}
SEASON = {51: "voorjaar", 52: "zomer", 53: "najaar", 54: "winter"}
_SEASON_ARTICLE = {"voorjaar": "het", "zomer": "de", "najaar": "het", "winter": "de"}
ORDINALS = ("eerste", "tweede", "derde", "vierde")
# Encoded values start at jaar 1000 * 10000; a bare year in the YAML is below 10000.
ENCODED_FROM = 10_000_000

_ORD = r"([1-4])e"
_PARSE = (
    (re.compile(rf"^{_ORD}\s*-\s*{_ORD} kwartaal (\d{{4}})$"), "quarters"),
    (re.compile(rf"^{_ORD} kwartaal (\d{{4}})$"), "quarter"),
    (re.compile(rf"^{_ORD} halfjaar (\d{{4}})$"), "half"),
    (re.compile(r"^(begin|medio|eind) (\d{4})$"), "moment"),
    (re.compile(r"^(voorjaar|zomer|najaar|winter) (\d{4})$"), "season"),
    (re.compile(rf"^({'|'.join(MONTHS)}) (\d{{4}})$"), "month"),
    (re.compile(r"^(\d{4})$"), "year"),
)


@dataclass(frozen=True)
class Period:
    jaar: int
    van: int
    tot: int

    def encode(self) -> float:
        return float(self.jaar * 10000 + self.van * 100 + self.tot)


def parse_period(text: object) -> Period:
    """The period a YAML value writes ("3e kwartaal 2018", "eind 2018", 2019)."""
    s = str(text).strip().lower()
    for pattern, kind in _PARSE:
        m = pattern.match(s)
        if not m:
            continue
        g = m.groups()
        y = int(g[-1])
        if kind == "quarters":
            a, b = int(g[0]), int(g[1])
            if a >= b or b > 4:
                break
            return Period(y, QUARTER + a, QUARTER + b)
        if kind == "quarter":
            return Period(y, QUARTER + int(g[0]), QUARTER + int(g[0]))
        if kind == "half":
            if int(g[0]) > 2:
                break
            return Period(y, HALF + int(g[0]), HALF + int(g[0]))
        if kind == "moment":
            c = next(k for k, v in MOMENT.items() if v == g[0])
            return Period(y, c, c)
        if kind == "season":
            c = next(k for k, v in SEASON.items() if v == g[0])
            return Period(y, c, c)
        if kind == "month":
            m_ = MONTHS.index(g[0]) + 1
            return Period(y, m_, m_)
        return Period(y, YEAR_CODE, YEAR_CODE)
    raise ValueError(f"geen periode: {text!r}")


def period_value(waarde: object) -> float:
    """fact_kengetal's waarde of a period: an encoded number stays, a YAML text is encoded."""
    encoded = isinstance(waarde, (int, float)) and not isinstance(waarde, bool)
    if encoded and float(waarde) >= ENCODED_FROM:  # type: ignore[arg-type]
        return float(waarde)  # type: ignore[arg-type]
    return parse_period(waarde).encode()


def decode_period(waarde: float) -> Period:
    n = round(waarde)
    p = Period(n // 10000, n // 100 % 100, n % 100)
    if not (_valid(p.van) and _valid(p.tot)) or p.tot < p.van:
        raise ValueError(f"geen periode: {waarde!r}")
    return p


def _valid(code: int) -> bool:
    return (
        0 <= code <= 12
        or code in (HALF + 1, HALF + 2)
        or QUARTER < code <= QUARTER + 4
        or code in MOMENT
        or code in SEASON
    )


def fmt_period(waarde: float) -> str:
    """The Dutch words for a period: "2018", "het derde kwartaal van 2018", "de tweede helft
    van 2018", "eind 2018", "het voorjaar van 2023", "maart 2018"."""
    p = decode_period(waarde)
    y = p.jaar
    if p.van == YEAR_CODE:
        return str(y)
    if p.van != p.tot:
        if p.van > QUARTER:
            a, b = ORDINALS[p.van - QUARTER - 1], ORDINALS[p.tot - QUARTER - 1]
            joint = " en " if p.tot == p.van + 1 else " tot en met "
            return f"het {a}{joint}{b} kwartaal van {y}"
        if p.tot <= 12:
            return f"{MONTHS[p.van - 1]} tot en met {MONTHS[p.tot - 1]} {y}"
        raise ValueError(f"geen periode: {waarde!r}")
    c = p.van
    if c <= 12:
        return f"{MONTHS[c - 1]} {y}"
    if c in (HALF + 1, HALF + 2):
        return f"de {ORDINALS[c - HALF - 1]} helft van {y}"
    if c > QUARTER and c <= QUARTER + 4:
        return f"het {ORDINALS[c - QUARTER - 1]} kwartaal van {y}"
    if c in MOMENT:
        return f"{MOMENT[c]} {y}"
    season = SEASON[c]
    return f"{_SEASON_ARTICLE[season]} {season} van {y}"


def _ordinals(n: int) -> set[str]:
    """How the documents write an ordinal: 3e, 3^e, 3 ^e, 3<sup>e</sup>, derde, Derde."""
    word = ORDINALS[n - 1]
    return {
        f"{n}e",
        f"{n}^e",
        f"{n} ^e",
        f"{n}<sup>e</sup>",
        f"{n} <sup>e</sup>",
        word,
        word.capitalize(),
    }


def period_renderings(waarde: object) -> set[str]:
    """How a document may write this period, so a test can find it in the block's wording."""
    p = decode_period(period_value(waarde))
    y = p.jaar
    if p.van == YEAR_CODE:
        return {str(y)}
    out: set[str] = set()
    if p.van != p.tot:
        if p.van > QUARTER:
            for a in _ordinals(p.van - QUARTER):
                for b in _ordinals(p.tot - QUARTER):
                    for sep in (" – ", "–", " - ", "-", " en ", " tot en met ", " t/m "):
                        out.add(f"{a}{sep}{b} kwartaal {y}")
                        out.add(f"{a}{sep}{b} kwartaal van {y}")
        else:
            for sep in (" tot en met ", " t/m ", " - ", "-", " – "):
                out.add(f"{MONTHS[p.van - 1]}{sep}{MONTHS[p.tot - 1]} {y}")
        return out
    c = p.van
    if c <= 12:
        m = MONTHS[c - 1]
        return {f"{m} {y}", f"{m.capitalize()} {y}", f"{m} van {y}"}
    if c in (HALF + 1, HALF + 2) or QUARTER < c <= QUARTER + 4:
        half = c < QUARTER
        n = c - (HALF if half else QUARTER)
        nouns = ("halfjaar", "helft") if half else ("kwartaal",)
        for o in _ordinals(n):
            for noun in nouns:
                for link in (" ", " van ", " in "):
                    out.add(f"{o} {noun}{link}{y}")
        if not half:
            out.add(f"Q{n} {y}")
        return out
    if c in MOMENT:
        word = MOMENT[c]
        forms = {"begin": ("begin",), "medio": ("medio", "midden"), "eind": ("eind", "einde")}
        for w in forms[word]:
            for link in (" ", " van "):
                out.update({f"{w}{link}{y}", f"{w.capitalize()}{link}{y}"})
        return out
    season = SEASON[c]
    for link in (" ", " van "):
        out.update({f"{season}{link}{y}", f"{season.capitalize()}{link}{y}"})
    return out
