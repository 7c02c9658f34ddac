"""Oracle cells for shares and for places asked together.

- s_share: a filtered measure as a share of the same measure unfiltered, same area and period
  ("hoeveel procent van de jeugdigen in zorg in Asten zat in 2023 in segment 1", "welk deel van
  de kosten van Helmond ging in 2024 naar segment 2");
- s_region: a place's figure as a share of the region's, same measure and period ("welk deel
  van de kosten van de regio ging in 2024 naar Helmond");
- s_population: the jeugdigen in zorg as a share of the inhabitants of 0-17 (fact_inwoners),
  or of all inhabitants when the question says "van de inwoners";
- s_union: "X en Y samen": one figure for the union (a sum, or distinct youths over both).

The expected share is plain SQL over the raw marts (tests/oracle/oracle.py), with the small-number
rule applied here on its own: no share of a count of 1-4, of costs about fewer than 5 youths,
of a base below 10, or that with its base shows 1-4 youths outside the part. The answer's first
bold figure must be the share (one decimal) and both figures it is made of must be named.
Nothing from bot/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from tests.oracle.oracle import SMALL, Oracle

if TYPE_CHECKING:
    from tests.oracle.grid import Cell, Outcome

SHARE_SHAPES = ("s_share", "s_region", "s_population", "s_union")

# measure -> how a share of it is asked ({f} the filter's words, {a} the area, {y} the year)
_SHARE_FORMS = {
    "jeugdigen": (
        "hoeveel procent van de jeugdigen in zorg in {a} zat {y} in {f}",
        "welk deel van de jeugdigen in zorg in {a} had {y} {f}",
    ),
    "kosten": (
        "welk deel van de kosten van {a} ging {y} naar {f}",
        "hoeveel procent van de kosten in {a} {y} was voor {f}",
    ),
    "gestart": ("welk percentage van de gestarte trajecten in {a} {y} was {f}",),
}
# (filter, the words of the question)
_FILTERS: list[tuple[tuple[str, object], str]] = [
    (("segment", 1), "segment 1"),
    (("segment", 2), "segment 2"),
    (("verwijzer", "huisarts"), "verwezen door de huisarts"),
    (("productcode", "43A09"), "product 43A09"),
    (("productcode", "43A14"), "product 43A14"),  # small: many shares hidden
]
# measure -> how the share of one place in the region is asked
_REGION_FORMS = {
    "jeugdigen": (
        "welk deel van de jeugdigen in zorg in de regio zat {y} in {a}",
        "aandeel {a} in de jeugdigen in zorg van de regio {y}",
    ),
    "kosten": (
        "welk deel van de kosten van de regio ging {y} naar {a}",
        "aandeel {a} in de kosten van de regio {y}",
    ),
    "gestart": ("hoeveel procent van de gestarte trajecten in de regio was {y} in {a}",),
}
_POPULATION_FORMS = (
    "hoeveel procent van de kinderen in {a} had {y} jeugdhulp",
    "hoeveel procent van de kinderen van 0-17 in {a} had {y} jeugdhulp",
    "welk percentage van de jeugdigen in {a} had {y} jeugdhulp",
)
_UNION_FORMS = {
    "gestart": (
        "gestarte trajecten {a} en {b} samen {y}",
        "gestarte trajecten {a} en {b} bij elkaar {y}",
    ),
    "kosten": ("kosten {a} en {b} samen {y}", "kosten {a} en {b} opgeteld {y}"),
    "jeugdigen": (
        "jeugdigen {a} en {b} samen {y}",
        "jeugdigen in zorg in {a} en {b} in totaal {y}",
    ),
}
_PAIRS = [("Helmond", "Deurne"), ("Asten", "Someren"), ("Veldhoven", "Waalre")]
_YEARS = (2022, 2023, 2024)


def _fmt_nl(n: float) -> str:
    return f"{round(n):,}".replace(",", ".")


def _part_whole(
    o: Oracle, measure: str, codes: list[str], y: int, filt: tuple[str, object] | None
) -> tuple[float, int]:
    """The figure of the measure (with the filter) and the youths behind it."""
    start, end = date(y, 1, 1), date(y, 12, 31)
    youths = o.jeugdigen(codes, start, end, filt)
    if measure == "jeugdigen":
        return float(youths), youths
    if measure == "kosten":
        return o.kosten(codes, start, end, filt), youths
    return float(o.trajecten(measure, codes, start, end, filt)), youths


def expected_share(
    o: Oracle,
    measure: str,
    codes: list[str],
    y: int,
    filt: tuple[str, object] | None,
    whole_codes: list[str] | None = None,
) -> tuple[float | None, float, float]:
    """The share in % (None: hidden), the part and the whole: the filtered figure of the area
    in its unfiltered one, or (`whole_codes`) the area's figure in that of the larger area."""
    part, part_youths = _part_whole(o, measure, codes, y, filt)
    whole, whole_youths = _part_whole(o, measure, whole_codes or codes, y, None)
    if not whole:
        return None, part, whole
    if measure == "kosten":
        # costs of no youths are € 0, as the figure itself shows them (oracle.expected)
        none = part_youths == 0 and part == 0
        hidden = (part_youths < SMALL and not none) or whole_youths < SMALL
    else:
        hidden = 0 < part < SMALL or whole < 10
        if measure == "jeugdigen" and 0 < whole - part < SMALL:
            hidden = True  # the youths outside the part would be a count of 1-4
    return (None if hidden else part / whole * 100), part, whole


def _inwoners(o: Oracle, codes: list[str], y: int) -> int:
    """All inhabitants of the area in that year (every gemeente must have the year)."""
    sql = """SELECT CASE WHEN count(*) = len(?) THEN sum(inwoners) END
        FROM fact_inwoners WHERE list_contains(?, gemeente_code) AND jaar = ?"""
    return int(o.con.execute(sql, [codes, codes, y]).fetchall()[0][0] or 0)


def expected_population(
    o: Oracle, codes: list[str], y: int, all_ages: bool = False
) -> tuple[float | None, int, int]:
    count = o.jeugdigen(codes, date(y, 1, 1), date(y, 12, 31), None)
    base = _inwoners(o, codes, y) if all_ages else (o.jeugdigen_0_17(codes, y) or 0)
    hidden = 0 < count < SMALL or base < 10
    return (None if hidden else count / base * 100), count, base


def expected_union(o: Oracle, measure: str, codes: list[str], y: int) -> float:
    return _part_whole(o, measure, codes, y, None)[0]


def cells(o: Oracle) -> Iterator[Cell]:
    from tests.oracle.grid import Cell, Period

    code_of = {n: c for c, n in o.gemeenten.items()}
    areas = [((c,), n) for c, n in o.gemeenten.items()] + [(tuple(o.gemeenten), "de regio")]
    for y in _YEARS:
        period = Period(date(y, 1, 1), date(y, 12, 31), (f"in {y}",))
        for measure, forms in _SHARE_FORMS.items():
            for filt, words in _FILTERS:
                for n, (codes, area) in enumerate(areas):
                    form = forms[n % len(forms)]
                    q = form.format(a=area, y=f"in {y}", f=words)
                    yield Cell("s_share", measure, codes, area, filt, words, period, None, q)
        for measure, forms in _REGION_FORMS.items():
            for n, (code, name) in enumerate(o.gemeenten.items()):
                q = forms[n % len(forms)].format(a=name, y=f"in {y}")
                yield Cell("s_region", measure, (code,), name, None, "", period, None, q)
        for codes, area in areas:
            for form in _POPULATION_FORMS:
                q = form.format(a=area, y=f"in {y}")
                yield Cell("s_population", "jeugdigen", codes, area, None, "", period, None, q)
            q = f"hoeveel procent van de inwoners van {area} had in {y} jeugdhulp"
            yield Cell("s_population", "jeugdigen", codes, area, None, "inwoners", period, None, q)
        for measure, forms in _UNION_FORMS.items():
            for a, b in _PAIRS:
                codes = (code_of[a], code_of[b])
                for form in forms:
                    q = form.format(a=a, b=b, y=f"in {y}")
                    area = f"{a} en {b}"
                    yield Cell("s_union", measure, codes, area, None, "", period, None, q)


def _figure(text: str) -> tuple[str, float | None]:
    from tests.oracle.grid import _bold, parse_figure

    line = text.split("\n")[0]
    bold = _bold(line)
    return line, (parse_figure(bold[0]) if bold else None)


def check_share(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    from tests.oracle.grid import Outcome

    kind = str(getattr(ans.kind, "value", ans.kind))
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}/{ans.intent}: {ans.text[:80]}")
    assert cell.period is not None
    y, codes = cell.period.start.year, list(cell.codes)
    line, got = _figure(ans.text)
    if cell.shape == "s_union":
        if ans.intent != "cijfer" or "samen" not in line:
            return Outcome(cell, "parse", f"{ans.intent}: {line[:80]}")
        want_sum = expected_union(o, cell.measure, codes, y)
        tol = 1.0 if cell.measure == "kosten" else 0.0
        if got is None or abs(got - want_sum) > tol:
            return Outcome(cell, "disagree", f"bot {got} oracle {want_sum}: {line[:80]}")
        return Outcome(cell, "ok")
    if ans.intent != "aandeel":
        return Outcome(cell, "disagree", f"geen aandeel ({ans.intent}): {line[:80]}")
    if cell.shape == "s_population":
        all_ages = cell.tag == "inwoners"
        want, count, base = expected_population(o, codes, y, all_ages)
        whom = "inwoners (alle leeftijden)" if all_ages else "inwoners van 0-17 jaar"
        named = f"{_fmt_nl(count)} jeugdigen in zorg op {_fmt_nl(base)} {whom}"
    else:
        region = list(o.gemeenten) if cell.shape == "s_region" else None
        want, part, whole = expected_share(o, cell.measure, codes, y, cell.filt, region)
        if cell.measure == "kosten":
            named = f"€ {_fmt_nl(part)} van in totaal € {_fmt_nl(whole)}"
        else:
            named = f"{_fmt_nl(part)} van de {_fmt_nl(whole)} "
    if want is None:
        if got is not None or re.search(r"\d,\d%", line):
            return Outcome(cell, "disagree", f"verborgen aandeel getoond: {line[:100]}")
        return Outcome(cell, "ok")
    if got is None or abs(got - round(want, 1)) > 0.051:
        return Outcome(cell, "disagree", f"bot {got} oracle {want:.2f}: {line[:80]}")
    if cell.shape in ("s_share", "s_region") and cell.measure == "kosten":
        # amounts: each within a euro (the bot rounds half up, Python to even)
        m = re.search(r"€ ([\d.]+) van in totaal € ([\d.]+)", line)
        amounts = [float(x.replace(".", "")) for x in m.groups()] if m else []
        if not amounts or any(abs(a - b) > 1 for a, b in zip(amounts, (part, whole), strict=True)):
            return Outcome(cell, "disagree", f"noemt niet {named!r}: {line[:120]}")
    elif named not in line:
        return Outcome(cell, "disagree", f"noemt niet {named!r}: {line[:120]}")
    return Outcome(cell, "ok")
