"""Oracle cells for rankings of a dimension and for kosten per cliënt filtered to one value.

"welk product kostte het meest in 2024": the bot names the top N products with their figures.
Each cell is checked against one GROUP BY over the raw marts written here (no code from bot/):
every listed figure must be the oracle's, the list descending, and no unlisted value shown by
the small-number rule may beat the last listed one. "kosten per cliënt pleegzorg ..." cells are
ordinary figures of tests/oracle/grid.py with a product or verwijzer filter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from tests.oracle.grid import Cell, Outcome, Period, _agrees, _bold, parse_figure
from tests.oracle.oracle import SMALL, Expected, Oracle

# The dimension's key on a trajectory row (t), on a declaration row (d) and its words.
_KEY = {
    "product": ("t.productcode", "d.productcode"),
    "aanbieder": ("t.aanbieder_code", "d.aanbieder_code"),
    "verwijzer": ("t.verwijzer", "dt.verwijzer"),
    "segment": ("p.segment_nr", "p.segment_nr"),
}
_WHICH = {
    "product": ("welk product", "producten"),
    "aanbieder": ("welke aanbieder", "aanbieders"),
    "verwijzer": ("welke verwijzer", "verwijzers"),
    "segment": ("welk segment", "segmenten"),
}
# How a ranking names the measure (two ways), with {w} the "welk product" words.
_ASK = {
    "jeugdigen": ("{w} had de meeste jeugdigen in zorg", "top {n} {ws} met de meeste jeugdigen"),
    "kosten": ("{w} kostte het meest", "top {n} {ws} met de hoogste kosten"),
    "kosten_per_client": (
        "{w} had de hoogste kosten per cliënt",
        "top {n} {ws} met de hoogste gemiddelde kosten per cliënt",
    ),
    "lopend": (
        "{w} had de meeste lopende trajecten",
        "top {n} {ws} met de meeste lopende trajecten",
    ),
}
_PERIODS = [
    Period(date(2022, 1, 1), date(2022, 12, 31), ("in 2022",)),
    Period(date(2023, 1, 1), date(2023, 12, 31), ("in 2023",)),
    Period(date(2024, 1, 1), date(2024, 12, 31), ("in 2024",)),
    Period(date(2024, 4, 1), date(2024, 6, 30), ("in het 2e kwartaal van 2024",)),
    Period(date(2023, 1, 1), date(2023, 6, 30), ("in de eerste helft van 2023",)),
]
# kosten per cliënt filtered to one product (by name or code) or verwijzer: a figure, not a
# breakdown; (filter, words in the question, the bot's tag for it)
_KPC_FILTERS = [
    (("productcode", "43A09"), "pleegzorg", "product 43A09"),
    (("productcode", "43A10"), "gezinshuis", "product 43A10"),
    (("productcode", "43A14"), "product 43A14", "product 43A14"),
    (("productcode", "45A48"), "product 45A48", "product 45A48"),
    (("verwijzer", "jeugdarts"), "verwijzer jeugdarts", "verwijzer jeugdarts"),
    (("verwijzer", "huisarts"), "via de huisarts", "verwijzer huisarts"),
]


def cells(o: Oracle) -> Iterator[Cell]:
    names = o.gemeenten
    code_of = {n: c for c, n in names.items()}
    areas = [(tuple(names), "in de regio"), ((code_of["Helmond"],), "in Helmond")]
    areas.append(((code_of["Deurne"],), "in Deurne"))
    for measure, (one, top) in _ASK.items():
        for dim, (w, ws) in _WHICH.items():
            for codes, area in areas:
                for k, period in enumerate(_PERIODS):
                    n = (3, 5)[k % 2]
                    for q in (
                        f"{one.format(w=w)} {area} {period.words[0]}",
                        f"{top.format(n=n, ws=ws)} {period.words[0]} {area}",
                    ):
                        yield Cell("dimension_ranking", measure, codes, area, None, dim, period,
                                   None, q)  # fmt: skip
    for filt, words, tag in _KPC_FILTERS:
        for codes, area in areas:
            for period in _PERIODS[:4]:
                for q in (
                    f"kosten per cliënt {words} {area} {period.words[0]}",
                    f"gemiddelde kosten per cliënt {words} {period.words[0]} {area}",
                ):
                    yield Cell("figure", "kosten_per_client", codes, area, filt, tag, period,
                               None, q)  # fmt: skip


def _grouped(o: Oracle, cell: Cell) -> dict[str, Expected]:
    """Per value of the dimension, the figure as it may be shown (small-number rule applied)."""
    assert cell.period is not None
    dim, start, end, codes = cell.tag, cell.period.start, cell.period.end, list(cell.codes)
    tkey, dkey = _KEY[dim]
    youths = {
        str(k): (int(n), int(tr))
        for k, n, tr in o.con.execute(
            f"""SELECT {tkey}, count(DISTINCT t.client_id), count(*)
            FROM fact_traject AS t JOIN dim_product AS p USING (productcode)
            WHERE list_contains(?, t.gemeente_code)
              AND t.startdatum <= ? AND (t.einddatum IS NULL OR t.einddatum >= ?)
            GROUP BY 1""",
            [codes, end, start],
        ).fetchall()
    }
    out: dict[str, Expected] = {}
    if cell.measure in ("jeugdigen", "lopend"):
        for key, (n, tr) in youths.items():
            v = n if cell.measure == "jeugdigen" else tr
            out[key] = Expected(None, True) if 0 < v < SMALL else Expected(float(v))
        return out
    amounts = {
        str(k): float(v or 0)
        for k, v in o.con.execute(
            f"""SELECT {dkey}, sum(d.bedrag_eur)
            FROM fact_declaratie AS d JOIN dim_product AS p USING (productcode)
            JOIN fact_traject AS dt ON dt.traject_id = d.traject_id
            WHERE list_contains(?, d.gemeente_code) AND d.maand BETWEEN ? AND ?
            GROUP BY 1""",
            [codes, start, end],
        ).fetchall()
    }
    for key in set(youths) | set(amounts):
        n, amount = youths.get(key, (0, 0))[0], amounts.get(key, 0.0)
        if n < SMALL and not (cell.measure == "kosten" and n == 0 and amount == 0):
            out[key] = Expected(None, True)
        elif cell.measure == "kosten":
            out[key] = Expected(amount)
        else:
            out[key] = Expected(amount / n)
    return out


def _key_of(o: Oracle, dim: str, label: str) -> str | None:
    """The dimension value a ranking label names ('43A09 Pleegzorg', 'Segment 2 (Wonen)')."""
    if dim == "product":
        return label.split(" ")[0]
    if dim == "segment":
        m = re.match(r"Segment (\d)", label)
        return m.group(1) if m else None
    if dim == "aanbieder":
        row = o.con.execute(
            "SELECT aanbieder_code FROM dim_aanbieder WHERE aanbieder_naam = ?", [label]
        ).fetchone()
        return str(row[0]) if row else None
    return label


def check_dimension_ranking(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    kind = str(getattr(ans.kind, "value", ans.kind))
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}: {ans.text[:80]}")
    if ans.intent != "ranglijst" or ans.slots.get("dimension") != cell.tag:
        return Outcome(cell, "parse", f"{ans.intent}/{ans.slots.get('dimension')}: {ans.text[:60]}")
    if ans.slots.get("metric") != {"lopend": "trajecten_lopend"}.get(cell.measure, cell.measure):
        return Outcome(cell, "parse", f"maat {ans.slots.get('metric')}")
    got_codes = ans.params.get("gemeenten")
    if got_codes is not None and set(got_codes) != set(cell.codes):
        return Outcome(cell, "parse", f"gebied {got_codes}")
    if ans.series is None or not ans.series.points:
        return Outcome(cell, "disagree", "geen lijst")
    expected = _grouped(o, cell)
    tol_measure = "kosten" if cell.measure.startswith("kosten") else "jeugdigen"
    listed: list[str] = []
    for point in ans.series.points:
        key = _key_of(o, cell.tag, point.label)
        if key is None or key not in expected:
            return Outcome(cell, "disagree", f"onbekende {cell.tag} {point.label!r}")
        if not _agrees(expected[key], point.value, tol_measure):
            detail = f"{point.label}: bot {point.value} oracle {expected[key]}"
            return Outcome(cell, "disagree", detail)
        listed.append(key)
    values = [float(p.value or 0) for p in ans.series.points]
    if values != sorted(values, reverse=True):
        return Outcome(cell, "disagree", "ranglijst niet aflopend")
    shown = {k: e.value for k, e in expected.items() if e.value is not None}
    want_n = min(int(ans.slots.get("top") or 3), len(shown))
    if len(listed) != want_n:
        return Outcome(cell, "disagree", f"{len(listed)} genoemd, verwacht {want_n}")
    beaten = [k for k, v in shown.items() if k not in listed and v > values[-1] + 1.0]
    if beaten:
        return Outcome(cell, "disagree", f"niet genoemd maar hoger: {beaten[:3]}")
    bold = _bold(ans.text)
    if bold and parse_figure(bold[0]) is None and shown:
        return Outcome(cell, "disagree", f"eerste getal onleesbaar: {bold[0]}")
    return Outcome(cell, "ok")
