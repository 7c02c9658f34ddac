"""Oracle cells for rankings and filters of areas: over the sub-regions ("welke subregio had de
minste jeugdigen", "welke subregio daalde het sterkst", "in welke subregio's stegen ...") and
within one ("welke gemeente van Dommelvallei+ ...", "top 2 gemeenten in de Peel ...", "waar in
de Peel daalden de kosten").

Membership comes from the reference CSV (cells_areas.subregions), every expected figure from
plain SQL over the raw marts (tests/oracle/oracle.py): a sub-region's figure is its members'
distinct count, Helmond and Veldhoven rank as the gemeenten they are. Nothing from bot/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from tests.oracle.cells_areas import SPELLINGS, subregions
from tests.oracle.oracle import Expected, Oracle

if TYPE_CHECKING:
    from tests.oracle.grid import Cell, Outcome

RANKED_AREA_SHAPES = ("area_ranking", "area_change_rank", "area_filter", "within_ranking",
                      "within_filter")  # fmt: skip

# measure -> (words, the word for "most", the word for "least")
RANKED: dict[str, tuple[str, str, str]] = {
    "jeugdigen": ("jeugdigen in zorg", "meeste", "minste"),
    "kosten": ("kosten", "hoogste", "laagste"),
    "kosten_per_client": ("kosten per cliënt", "hoogste", "laagste"),
    "gestart": ("gestarte trajecten", "meeste", "minste"),
    "beeindigd": ("beëindigde trajecten", "meeste", "minste"),
    "lopend": ("lopende trajecten", "meeste", "minste"),
    "zorgkosten": ("zorgkosten Jeugdwet", "hoogste", "laagste"),
    "per_1000": ("jeugdigen in zorg per 1.000 jeugdigen", "hoogste", "laagste"),
    "trajectduur": ("gemiddelde trajectduur", "langste", "kortste"),
    "aanbieders": ("aantal aanbieders", "meeste", "minste"),
}
CHANGED = ("jeugdigen", "kosten", "gestart", "lopend", "kosten_per_client", "per_1000")
FILTERED = {"jeugdigen": "het aantal jeugdigen in zorg", "kosten": "de kosten",
            "gestart": "het aantal gestarte trajecten"}  # fmt: skip
YEARS = (2022, 2023, 2024)
PAIRS = ((2022, 2023), (2023, 2024), (2021, 2024))
# A change in percent is compared to a tenth of a percent at most (the bot ranks on the change
# from the levels as shown, the oracle recomputes it from its own levels).
PCT_TOLERANCE = 0.05


def _year(y: int) -> Any:
    from tests.oracle.grid import Period

    return Period(date(y, 1, 1), date(y, 12, 31), (f"in {y}", str(y)))


def cells(o: Oracle) -> Iterator[Cell]:
    from tests.oracle.grid import Cell

    subs = subregions()
    everyone = tuple(o.gemeenten)
    for measure, (word, most, least) in RANKED.items():
        for k, y in enumerate(YEARS if measure != "zorgkosten" else (2022, 2023)):
            asked = [
                ("high", f"welke subregio had de {most} {word} in {y}"),
                ("low", f"welke subregio had in {y} de {least} {word}"),
                ("high", f"top 2 subregio's {word} {y}"),
            ]
            for per, q in asked:
                yield Cell("area_ranking", measure, everyone, "", None, "", _year(y), per, q)
            for n, (naam, spellings) in enumerate(SPELLINGS.items()):
                area = spellings[(k + n) % len(spellings)]
                within = [
                    ("high", f"welke gemeente van {area} had de {most} {word} in {y}"),
                    ("low", f"welke gemeente in {area} had in {y} de {least} {word}"),
                    ("high", f"top 2 gemeenten in {area} naar {word} {y}"),
                ]
                for per, q in within:
                    yield Cell("within_ranking", measure, subs[naam], naam, None, "", _year(y),
                               per, q)  # fmt: skip
    for measure in CHANGED:
        word = RANKED[measure][0]
        for a, b in PAIRS:
            asked = [
                ("up", f"welke subregio groeide het hardst in {word} van {a} naar {b}"),
                ("down", f"welke subregio daalde het sterkst in {word} van {a} naar {b}"),
                ("down", f"welke subregio had de grootste daling van {word} van {a} naar {b}"),
            ]
            if measure in ("jeugdigen", "kosten"):
                amount = "in euro" if measure == "kosten" else "in aantallen"
                q = f"welke subregio had de grootste stijging {amount} van {word} van {a} naar {b}"
                asked.append(("up_abs", q))
            for per, q in asked:
                yield Cell("area_change_rank", measure, everyone, "", None, "", _year(b), per, q,
                           _year(a))  # fmt: skip
    for measure, words in FILTERED.items():
        for k, y in enumerate(YEARS):
            for per, verb in (("down", "daalden"), ("up", "stegen")):
                q = f"in welke subregio's {verb} {words} in {y}"
                yield Cell("area_filter", measure, everyone, "", None, "", _year(y), per, q,
                           _year(y - 1))  # fmt: skip
                for n, (naam, spellings) in enumerate(SPELLINGS.items()):
                    area = spellings[(k + n) % len(spellings)]
                    q = f"waar in {area} {verb} {words} in {y}"
                    yield Cell("within_filter", measure, subs[naam], naam, None, "", _year(y),
                               per, q, _year(y - 1))  # fmt: skip


def _codes_of(o: Oracle, label: str) -> list[str] | None:
    """The gemeenten a label of the bot's answer stands for, by the reference CSV."""
    subs = subregions()
    name = label if label in o.gemeenten.values() else label.split(" (")[0]
    if name in subs:
        return list(subs[name])
    code = {n: c for c, n in o.gemeenten.items()}.get(name)
    return [code] if code else None


def _agrees(exp: Expected, got: float | None, measure: str) -> bool:
    from tests.oracle.cells_measures import _agrees as agrees

    return agrees(exp, got, measure)


def _level(o: Oracle, measure: str, codes: list[str], y: int) -> Expected:
    return o.expected(measure, codes, date(y, 1, 1), date(y, 12, 31), None)


def _change(prev: Expected, cur: Expected, absolute: bool) -> float | None:
    if prev.value is None or cur.value is None or not prev.value:
        return None
    diff = cur.value - prev.value
    return diff if absolute else diff / prev.value * 100


_COUNTED = re.compile(r"in (\d+|geen) van de (\d+) (?:gemeenten|subregio's)")


def check_ranked_area(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    """The verdict on a cell of this module: the right areas, each figure, the order."""
    from tests.oracle.cells_measures import _prefix
    from tests.oracle.grid import Outcome, parse_figure

    kind = str(getattr(ans.kind, "value", ans.kind))
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}: {ans.text[:80]}")
    assert cell.period is not None
    y = cell.period.start.year
    text = ans.text
    head = text.split(":")[0].lower()
    if _prefix(cell.measure).lower() not in head:
        return Outcome(cell, "parse", f"maat: {text[:70]}")
    subs = subregions()
    if cell.shape in ("area_ranking", "area_change_rank", "area_filter"):
        want_areas = {n for n in subs}
    else:
        want_areas = {o.gemeenten[c] for c in cell.codes}
    if cell.shape in ("area_filter", "within_filter"):
        if ans.intent != "filter" or ans.table is None:
            return Outcome(cell, "parse", f"geen filter: {ans.intent} {text[:60]}")
        assert cell.base is not None
        labels = {row[0].split(" (")[0] if row[0] not in want_areas else row[0]
                  for row in ans.table.rows}  # fmt: skip
        if labels != want_areas:
            return Outcome(cell, "parse", f"gebieden {sorted(labels)}")
        hits = 0
        for row in ans.table.rows:
            codes = _codes_of(o, row[0])
            assert codes is not None
            levels = [_level(o, cell.measure, codes, yy) for yy in (y - 1, y)]
            for exp, shown in zip(levels, row[1:3], strict=True):
                if not _agrees(exp, parse_figure(shown), cell.measure):
                    return Outcome(cell, "disagree", f"{row[0]}: bot {shown} oracle {exp}")
            a, b = levels[0].value, levels[1].value
            if a is not None and b is not None and ((b < a) if cell.per == "down" else (b > a)):
                hits += 1
        m = _COUNTED.search(text)
        if m is None:
            return Outcome(cell, "disagree", f"geen telling: {text[:90]}")
        said = 0 if m.group(1) == "geen" else int(m.group(1))
        if said != hits or int(m.group(2)) != len(want_areas):
            return Outcome(cell, "disagree", f"{m.group(0)}, oracle {hits} van {len(want_areas)}")
        return Outcome(cell, "ok")
    if ans.intent != "ranglijst" or ans.series is None or not ans.series.points:
        return Outcome(cell, "parse", f"geen ranglijst: {ans.intent} {text[:60]}")
    labels = {p.label for p in ans.series.points}
    if labels != want_areas:
        return Outcome(cell, "parse", f"rangt {sorted(labels)}")
    if cell.shape == "area_change_rank":
        assert cell.base is not None
        a = cell.base.start.year
        if f"van {a} naar {y}" not in text:
            return Outcome(cell, "disagree", f"andere jaren dan {a} → {y}: {text[:90]}")
    elif str(y) not in head:
        return Outcome(cell, "parse", f"periode: {text[:70]}")
    absolute = bool(cell.per and cell.per.endswith("_abs"))
    keys: list[float] = []
    for point in ans.series.points:
        codes = _codes_of(o, point.label)
        assert codes is not None
        if cell.shape == "area_change_rank":
            assert cell.base is not None
            want = _change(
                _level(o, cell.measure, codes, cell.base.start.year),
                _level(o, cell.measure, codes, y),
                absolute,
            )
            tol = (1.0 if cell.measure == "kosten" else 0.5) if absolute else PCT_TOLERANCE
            if (want is None) != (point.value is None) or (
                want is not None and abs(want - float(point.value or 0)) > tol
            ):
                return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {want}")
        else:
            exp = _level(o, cell.measure, codes, y)
            if not _agrees(exp, point.value, cell.measure):
                return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
        if point.value is not None:
            keys.append(point.value)
    descending = cell.per in ("high", "up", "up_abs")
    if keys != sorted(keys, reverse=descending):
        return Outcome(
            cell, "disagree", f"volgorde niet {'aflopend' if descending else 'oplopend'}"
        )
    return Outcome(cell, "ok")
