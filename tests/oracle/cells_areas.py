"""Oracle cells for areas: the sub-regions of Een 10 voor de Jeugd in every numeric shape, and
the population measures (inwoners, jeugdigen 0-17) per gemeente, sub-region and region.

The membership is read here from the reference CSV (the definition), not from bot code, and
every expected figure is plain SQL over the raw marts (tests/oracle/oracle.py, fact_inwoners):
an area's count is distinct over its members, never a sum of member counts.

Figures and series of a sub-region use the grid's own shapes ("figure", "series"): its checks
compare the bot's figure with the oracle's over `cell.codes`, which are the members. The shapes
that need a check of their own ("area_comparison", "area_breakdown", "population") are
checked by `check_area`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.oracle.oracle import Expected, Oracle

if TYPE_CHECKING:
    from tests.oracle.grid import Cell, Outcome

SUBREGIOS_CSV = (
    Path(__file__).resolve().parents[2]
    / "knowledge"
    / "reference"
    / "subregios"
    / "subregios_10vdj.csv"
)
AREA_SHAPES = ("area_comparison", "area_breakdown", "population")

# How questions name the sub-regions of more than one gemeente.
SPELLINGS: dict[str, list[str]] = {
    "Peelgemeenten": ["de Peelgemeenten", "Peelgemeenten", "de Peel", "de peel-gemeenten"],
    "Dommelvallei+": ["Dommelvallei+", "dommelvallei", "Dommelvallei plus", "DV+"],
}
MEASURE_WORDS: dict[str, list[str]] = {
    "jeugdigen": ["jeugdigen in zorg", "hoeveel jeugdigen in zorg"],
    "kosten": ["kosten", "wat waren de kosten"],
    "kosten_per_client": ["kosten per cliënt", "gemiddelde kosten per cliënt"],
    "gestart": ["gestarte trajecten", "hoeveel trajecten zijn gestart"],
    "lopend": ["lopende trajecten", "aantal lopende trajecten"],
    "zorgkosten": ["zorgkosten Jeugdwet"],
}
# The factsheet's first-half counts: all jeugdhulp and S2 (segment 2), in the users' words.
FACTSHEET_FILTERS: list[tuple[tuple[str, object] | None, list[str], str]] = [
    (None, ["jeugdigen in zorg", "hoeveel jeugdigen hadden jeugdhulp in"], ""),
    (
        ("segment", 2),
        ["jeugdigen in zorg in segment 2", "hoeveel jeugdigen in S2 in"],
        "segment 2",
    ),
]
POPULATION_WORDS: dict[str, list[str]] = {
    "inwoners": ["hoeveel inwoners had {area} in {y}", "aantal inwoners {area} {y}"],
    "jeugdigen_0_17": [
        "hoeveel jongeren van 0 tot 18 wonen in {area} in {y}",
        "aantal jeugdigen van 0 tot en met 17 jaar in {area} {y}",
    ],
}
POPULATION_PREFIX = {"inwoners": "Inwoners", "jeugdigen_0_17": "Jeugdigen van 0 tot en met 17"}


def subregions(path: Path = SUBREGIOS_CSV) -> dict[str, tuple[str, ...]]:
    """Sub-region name -> member codes, straight from the reference file."""
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["subregio"], []).append(row["gemeente_code"])
    return {k: tuple(v) for k, v in out.items()}


def population(o: Oracle, measure: str, codes: list[str], jaar: int) -> Expected:
    """An area's population in a year, only when every member has that year's row."""
    column = {"inwoners": "inwoners", "jeugdigen_0_17": "jeugdigen_0_17"}[measure]
    sql = f"""SELECT CASE WHEN count(*) = len(?) THEN sum({column}) END
        FROM fact_inwoners WHERE list_contains(?, gemeente_code) AND jaar = ?"""
    return Expected(o._one(sql, [codes, codes, jaar]))


def cells(o: Oracle) -> Iterator[Cell]:
    from tests.oracle.grid import Cell, periods

    subs = subregions()
    years = [p for p in periods() if (p.end - p.start).days > 300]
    some = [*years, *[p for p in periods() if p.start in (date(2023, 1, 1), date(2023, 10, 1))]]
    for naam, spellings in SPELLINGS.items():
        codes = subs[naam]
        for measure, words in MEASURE_WORDS.items():
            for k, period in enumerate(years if measure == "zorgkosten" else some):
                for n, w in enumerate(words):
                    area = spellings[(k + n) % len(spellings)]
                    pw = period.words[n % len(period.words)]
                    q = f"{w} {'in ' if n % 2 else ''}{area} {pw}"
                    yield Cell("figure", measure, codes, area, None, "", period, None, q)
            if measure in ("zorgkosten", "kosten_per_client"):
                continue
            for k, per in enumerate(("jaar", "kwartaal")):
                area = spellings[k % len(spellings)]
                q = f"{words[0]} {area} per {per}"
                yield Cell("series", measure, codes, area, None, "", None, per, q)
    # The factsheet's cells (issue 13): the first half of 2023 per sub-region, all jeugdhulp
    # and S2, and the region's S2 in the first halves of 2021-2022 and per product in april
    # 2023. Their answers quote the published figure first; grid._published_part checks it
    # against fact_kengetal and the figure check the monitor's own count after it.
    from tests.oracle.grid import Period

    halves = {
        y: Period(
            date(y, 1, 1),
            date(y, 6, 30),
            (f"eerste halfjaar {y}", f"in de 1e helft van {y}", f"januari t/m juni {y}"),
        )
        for y in (2021, 2022, 2023)
    }
    named = [*SPELLINGS.items(), ("Helmond", ["Helmond"]), ("Veldhoven", ["Veldhoven"])]
    for naam, spellings in named:
        for k, (filt, words, tag) in enumerate(FACTSHEET_FILTERS):
            for n, pw in enumerate(halves[2023].words):
                area = spellings[(k + n) % len(spellings)]
                q = f"{words[n % len(words)]} {area} {pw}"
                yield Cell(
                    "figure", "jeugdigen", subs[naam], area, filt, tag, halves[2023], None, q
                )
    everyone = tuple(o.gemeenten)
    for y in (2021, 2022):
        for n, pw in enumerate(halves[y].words):
            q = f"{FACTSHEET_FILTERS[1][1][n % 2]} in de regio {pw}"
            yield Cell("figure", "jeugdigen", everyone, "de regio", ("segment", 2), "segment 2",
                       halves[y], None, q)  # fmt: skip
    april = Period(date(2023, 4, 1), date(2023, 4, 30), ("april 2023", "in april 2023"))
    for code in ("43A09", "43A10", "43A14"):
        for pw in april.words:
            q = f"jeugdigen in zorg product {code} in de regio {pw}"
            yield Cell("figure", "jeugdigen", everyone, "de regio", ("productcode", code),
                       f"product {code}", april, None, q)  # fmt: skip
    pairs = [("Helmond", "Dommelvallei+"), ("Peelgemeenten", "Dommelvallei+"),
             ("Veldhoven", "Peelgemeenten")]  # fmt: skip
    for measure in ("jeugdigen", "kosten", "gestart"):
        words = MEASURE_WORDS[measure]
        for a, b in pairs:
            for k, period in enumerate(years):
                sa = SPELLINGS.get(a, [a])[k % len(SPELLINGS.get(a, [a]))]
                sb = SPELLINGS.get(b, [b])[k % len(SPELLINGS.get(b, [b]))]
                q = (
                    f"{words[0]} {sa} vs {sb} {period.words[0]}"
                    if k % 2
                    else f"vergelijk {words[0]} {sa} met {sb} {period.words[0]}"
                )
                yield Cell("area_comparison", measure, (), f"{a}/{b}", None, "", period, None, q)
        for period in years:
            q = f"{words[0]} per subregio {period.words[0]}"
            yield Cell("area_breakdown", measure, (), "", None, "", period, None, q)
    areas: list[tuple[tuple[str, ...], str]] = [((c,), n) for c, n in o.gemeenten.items()]
    areas += [(subs[n], s[0]) for n, s in SPELLINGS.items()]
    areas.append((tuple(o.gemeenten), "de regio"))
    for measure, phrasings in POPULATION_WORDS.items():
        for codes, area in areas:
            for y in range(2021, 2026):
                q = phrasings[y % len(phrasings)].format(area=area, y=y)
                period = next((p for p in years if p.start.year == y), None)
                if period is None:
                    from tests.oracle.grid import Period

                    period = Period(date(y, 1, 1), date(y, 12, 31), (str(y),))
                yield Cell("population", measure, codes, area, None, "", period, None, q)


def _area_codes(o: Oracle, label: str) -> list[str] | None:
    """The codes a point of the bot's answer stands for, by the oracle's own definitions."""
    if label.startswith("regio "):
        return list(o.gemeenten)
    subs = subregions()
    if label in subs:
        return list(subs[label])
    code = {n: c for c, n in o.gemeenten.items()}.get(label)
    return [code] if code else None


def check_area(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    from tests.oracle.grid import ANSWER_PREFIX, Outcome, _agrees, _bold, parse_figure

    kind = str(getattr(ans.kind, "value", ans.kind))
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}: {ans.text[:80]}")
    head = ans.text.split(":")[0].lower()
    assert cell.period is not None
    if cell.shape == "population":
        if not head.startswith(POPULATION_PREFIX[cell.measure].lower()):
            return Outcome(cell, "parse", f"maat: {ans.text[:60]}")
        if set(ans.params.get("gemeenten") or []) != set(cell.codes):
            return Outcome(cell, "parse", f"gebied {ans.params.get('gemeenten')}")
        if ans.params.get("jaren") != [cell.period.start.year]:
            return Outcome(cell, "parse", f"jaren {ans.params.get('jaren')}")
        exp = population(o, cell.measure, list(cell.codes), cell.period.start.year)
        bold = _bold(ans.text)
        got = parse_figure(bold[0]) if bold else None
        if not _agrees(exp, got, cell.measure):
            return Outcome(cell, "disagree", f"bot {bold[:1]} oracle {exp}")
        return Outcome(cell, "ok")
    if not head.startswith(ANSWER_PREFIX[cell.measure].lower()):
        return Outcome(cell, "parse", f"maat: {ans.text[:60]}")
    if ans.series is None or not ans.series.points:
        return Outcome(cell, "disagree", "geen lijst")
    labels = [p.label for p in ans.series.points]
    if cell.shape == "area_comparison":
        want = cell.area.split("/")
    else:
        want = [*[n for n in subregions()], "regio Een 10 voor de Jeugd"]
    if labels != want:
        return Outcome(cell, "parse", f"gebieden {labels}")
    for point in ans.series.points:
        codes = _area_codes(o, point.label)
        assert codes is not None
        exp = o.expected(cell.measure, codes, cell.period.start, cell.period.end, None)
        if not _agrees(exp, point.value, cell.measure):
            return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
    return Outcome(cell, "ok")
