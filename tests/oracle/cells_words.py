"""Oracle cells for what the words mean (issue 12 items 2 and 3, branch words12d).

- rankings on gestarte trajecten and gemiddelde trajectduur, of the gemeenten and of a
  dimension (product, aanbieder, verwijzer, segment), both directions ("w_ranking"): one
  GROUP BY over the raw marts per cell, written here;
- "sinds <jaar>" on a stock, asked with "hoeveel": a stock has no total over years, so the
  only right answer is to ask back ("w_since_stock");
- spending verbs for the costs ("wat gaf Helmond in 2023 uit aan jeugdhulp", "hoeveel is er
  besteed aan ...", "wat betaalde ...", "hoeveel geld ging er naar ..."): ordinary figures of
  tests/oracle/grid.py, checked by grid.check();
- compounds of a form of care and a measure ("pleegzorgcliënten", "gezinshuiskosten"):
  ordinary filtered figures of tests/oracle/grid.py, checked by grid.check();
- change questions asked as questions ("met hoeveel procent veranderde ...", "verschil in ...",
  "procentuele daling ...", "omhoog of omlaag gegaan", "hoeveel meer of minder ... dan"): one
  area's change, checked as cells_measures.py checks "m_change" (both levels and the change).

Nothing here is read from bot/; the expected figures come from tests/oracle/oracle.py or from
the SQL below.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from tests.oracle.oracle import SMALL, Expected, Oracle

if TYPE_CHECKING:
    from tests.oracle.grid import Cell, Outcome, Period

# The dimension's key on a trajectory row; "gemeente" ranks the gemeenten.
_KEY = {
    "gemeente": "t.gemeente_code",
    "product": "t.productcode",
    "aanbieder": "t.aanbieder_code",
    "verwijzer": "t.verwijzer",
    "segment": "p.segment_nr",
}
_WHICH = {
    "gemeente": "welke gemeente",
    "product": "welk product",
    "aanbieder": "welke aanbieder",
    "verwijzer": "welke verwijzer",
    "segment": "welk segment",
}
# (measure, direction): how a ranking asks it, {w} the "welk product" words
_RANK_ASK = {
    ("gestart", "high"): (
        "{w} had de meeste gestarte trajecten",
        "{w} startte de meeste trajecten",
    ),
    ("gestart", "low"): ("{w} had de minste gestarte trajecten",),
    ("trajectduur", "high"): ("{w} had de langste gemiddelde trajectduur",),
    ("trajectduur", "low"): (
        "{w} had de kortste gemiddelde trajectduur",
        "{w} had de kortste trajecten",
    ),
}
_BOT_METRIC = {"gestart": "trajecten_gestart", "trajectduur": "trajectduur"}
_TOL = {"gestart": 0.0, "trajectduur": 0.5}

_STOCK_SINCE = {
    "jeugdigen": (
        "hoeveel jeugdigen in zorg {area} sinds {y}",
        "aantal jeugdigen in zorg sinds {y} in {area}",
    ),
    "lopend": ("hoeveel lopende trajecten {area} sinds {y}",),
    "aanbieders": ("hoeveel aanbieders {area} sinds {y}",),
}  # fmt: skip

# Spending verbs: {area} the place, {y} the year, {f} the form of care (or "jeugdhulp").
_SPENDING = (
    "wat gaf {area} in {y} uit aan {f}",
    "hoeveel is er in {y} in {area} besteed aan {f}",
    "wat betaalde {area} in {y} voor {f}",
    "hoeveel geld ging er in {y} naar {f} in {area}",
    "hoeveel besteedde {area} in {y} aan {f}",
)
# (filter, words, the bot's tag for it)
_SPEND_FILTERS: list[tuple[tuple[str, object] | None, str, str]] = [
    (None, "jeugdhulp", ""),
    (("segment", 2), "segment 2", "segment 2"),
    (("productcode", "43A09"), "pleegzorg", "product 43A09"),
]

# Compounds of a form of care and a measure, written as one word ("pleegzorgcliënten",
# "gezinshuiskosten", "S2-jeugdigen"): ordinary filtered figures of tests/oracle/grid.py, so
# the form of care must be in the answer's figure; {h} the form of care, {area}, {y}.
_COMPOUND_ASK = {
    "jeugdigen": ("hoeveel {h}cliënten had {area} in {y}", "{h}jeugdigen {area} {y}"),
    "kosten": ("{h}kosten {area} {y}", "wat waren de {h}kosten in {area} in {y}"),
    "lopend": ("hoeveel {h}trajecten liepen er in {area} in {y}",),
}
# (filter, the head of the compound, the bot's tag for it)
_COMPOUND_HEADS: list[tuple[tuple[str, object], str, str]] = [
    (("productcode", "43A09"), "pleegzorg", "product 43A09"),
    (("productcode", "43A10"), "gezinshuis", "product 43A10"),
    (("productcode", "43A14"), "woongroep", "product 43A14"),
    (("segment", 2), "S2-", "segment 2"),
    (("segment", 5), "crisis", "segment 5"),
]

# Change questions of one area: {word} the measure, {a} and {b} the years.
_CHANGE_ASK = {
    "jeugdigen": (
        "met hoeveel procent veranderde het aantal jeugdigen in zorg in {area} tussen {a} en {b}",
        "is het aantal jeugdigen in zorg in {area} gestegen of gedaald tussen {a} en {b}",
        "procentuele verandering jeugdigen in zorg {area} {a}-{b}",
        "hoeveel meer of minder jeugdigen in zorg had {area} in {b} dan in {a}",
        "wat is de stijging in procenten van het aantal jeugdigen in zorg in {area}"
        " tussen {a} en {b}",
    ),
    "kosten": (
        "hoeveel veranderden de kosten in {area} tussen {a} en {b}",
        "zijn de kosten in {area} omhoog of omlaag gegaan van {a} naar {b}",
        "verschil in kosten {area} {a} en {b}",
    ),
    "gestart": (
        "verschil in gestarte trajecten {area} {a} en {b}",
        "met hoeveel procent veranderde het aantal gestarte trajecten in {area} tussen {a} en {b}",
        "procentuele daling gestarte trajecten {area} {a}-{b}",
    ),
    # "de kosten" with "hoeveel procent" is the cost development of the annual accounts: its
    # change between two years is that of the zorgkosten Jeugdwet
    "zorgkosten": ("met hoeveel procent veranderden de kosten in {area} tussen {a} en {b}",),
}


def _year(y: int) -> Period:
    from tests.oracle.grid import Period

    return Period(date(y, 1, 1), date(y, 12, 31), (str(y),))


def cells(o: Oracle) -> Iterator[Cell]:
    from tests.oracle.grid import Cell

    names = o.gemeenten
    code_of = {n: c for c, n in names.items()}
    every = tuple(names)
    ranked_areas = [(every, "in de regio"), ((code_of["Helmond"],), "in Helmond")]
    for (measure, direction), asks in _RANK_ASK.items():
        for dim, w in _WHICH.items():
            if (measure, direction, dim) == ("gestart", "low", "aanbieder"):
                # Noticed, not checked: the fewest started trajectories per aanbieder lists
                # aanbieders with 0 (active in the area, none started), which a GROUP BY of the
                # started ones cannot rank; left to the ranking's owner.
                continue
            for codes, area in ranked_areas if dim != "gemeente" else [(every, "")]:
                for y in (2022, 2023, 2024):
                    for q in asks:
                        text = " ".join(f"{q.format(w=w)} {area} in {y}".split())
                        yield Cell("w_ranking", measure, codes, area, None, dim, _year(y),
                                   direction, text)  # fmt: skip
    areas = [((code_of[n],), n) for n in ("Helmond", "Asten", "Veldhoven")]
    areas.append((every, "de regio"))
    for measure, asks in _STOCK_SINCE.items():
        for codes, area in areas:
            for y in (2021, 2023):
                for q in asks:
                    yield Cell("w_since_stock", measure, codes, area, None, "", _year(y), None,
                               q.format(area=area, y=y))  # fmt: skip
    for codes, area in areas:
        for y in (2022, 2023, 2024):
            for ask in _SPENDING:
                for filt, f, tag in _SPEND_FILTERS:
                    yield Cell("figure", "kosten", codes, area, filt, tag, _year(y), None,
                               ask.format(area=area, y=y, f=f))  # fmt: skip
    for codes, area in areas:
        for y in (2022, 2023, 2024):
            for measure, asks in _COMPOUND_ASK.items():
                for filt, h, tag in _COMPOUND_HEADS:
                    for ask in asks:
                        yield Cell("figure", measure, codes, area, filt, tag, _year(y), None,
                                   ask.format(h=h, area=area, y=y))  # fmt: skip
    for measure, asks in _CHANGE_ASK.items():
        for codes, area in areas:
            for a, b in ((2022, 2023), (2021, 2024)):
                for q in asks:
                    yield Cell("m_change", measure, codes, area, None, "", _year(b), None,
                               q.format(area=area, a=a, b=b), _year(a))  # fmt: skip


def _grouped(o: Oracle, cell: Cell) -> dict[str, Expected]:
    """Per value of the dimension, the figure as it may be shown (small-number rule applied):
    gestarte trajecten a count (1-4 hidden), trajectduur a mean about its youths (fewer than 5
    hidden)."""
    assert cell.period is not None
    key = _KEY[cell.tag]
    base = """FROM fact_traject AS t JOIN dim_product AS p USING (productcode)
        WHERE list_contains(?, t.gemeente_code)"""
    out: dict[str, Expected] = {}
    if cell.measure == "gestart":
        rows = o.con.execute(
            f"SELECT {key}, count(*) {base} AND t.startdatum BETWEEN ? AND ? GROUP BY 1",
            [list(cell.codes), cell.period.start, cell.period.end],
        ).fetchall()
        for k, n in rows:
            out[str(k)] = Expected(None, True) if 0 < n < SMALL else Expected(float(n))
        return out
    rows = o.con.execute(
        f"""SELECT {key}, avg(date_diff('day', t.startdatum, t.einddatum)),
            count(DISTINCT t.client_id) {base} AND t.einddatum BETWEEN ? AND ? GROUP BY 1""",
        [list(cell.codes), cell.period.start, cell.period.end],
    ).fetchall()
    for k, days, youths in rows:
        out[str(k)] = Expected(None, True) if youths < SMALL else Expected(float(days))
    return out


def _key_of(o: Oracle, dim: str, label: str) -> str | None:
    if dim == "gemeente":
        return {n: c for c, n in o.gemeenten.items()}.get(label)
    from tests.oracle.cells_dimensions import _key_of as key_of

    return key_of(o, dim, label)


def check_words(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    """The verdict on a cell of this module's "w_" shapes."""
    from tests.oracle.grid import Outcome, must_ask_back

    kind = str(getattr(ans.kind, "value", ans.kind))
    if cell.shape == "w_since_stock":
        return must_ask_back(cell, ans, "stand 'sinds' als getal beantwoord", "periode_stand")
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}: {ans.text[:80]}")
    if ans.intent != "ranglijst" or ans.slots.get("metric") != _BOT_METRIC[cell.measure]:
        return Outcome(cell, "parse", f"{ans.intent}/{ans.slots.get('metric')}: {ans.text[:60]}")
    dim = ans.slots.get("dimension") or "gemeente"
    if dim != cell.tag:
        return Outcome(cell, "parse", f"dimensie {dim}")
    got_codes = ans.params.get("gemeenten")
    if cell.tag != "gemeente" and got_codes is not None and set(got_codes) != set(cell.codes):
        return Outcome(cell, "parse", f"gebied {got_codes}")
    if ans.series is None or not ans.series.points:
        return Outcome(cell, "disagree", "geen lijst")
    expected = _grouped(o, cell)
    tol = _TOL[cell.measure]
    listed: list[str] = []
    for point in ans.series.points:
        key = _key_of(o, cell.tag, point.label)
        if key is None or key not in expected:
            return Outcome(cell, "disagree", f"onbekende {cell.tag} {point.label!r}")
        exp = expected[key]
        if exp.value is None:
            if point.value is not None:
                return Outcome(cell, "disagree", f"{point.label}: getoond, oracle verborgen")
        elif point.value is None or abs(exp.value - point.value) > tol + 1e-9:
            return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
        listed.append(key)
    values = [float(p.value) for p in ans.series.points if p.value is not None]
    high = cell.per == "high"
    if values != sorted(values, reverse=high):
        return Outcome(cell, "disagree", f"ranglijst niet {'aflopend' if high else 'oplopend'}")
    shown = {k: e.value for k, e in expected.items() if e.value is not None}
    last = values[-1] if values else None
    beaten = [
        k
        for k, v in shown.items()
        if k not in listed and last is not None and (v > last + tol if high else v < last - tol)
    ]
    if beaten:
        return Outcome(cell, "disagree", f"niet genoemd maar {'hoger' if high else 'lager'}: "
                       f"{beaten[:3]}")  # fmt: skip
    return Outcome(cell, "ok")
