"""Oracle cells for the shapes of issue 12 item 3: a stock on one day ("eind 2023", "per 1 juli
2024"), a flow on one day (which must be asked back), and a change: a ranking of the gemeenten
by growth or decline (in % or in aantallen; "van A naar B", "tussen A en B", "tov A", "sinds A",
"A-B") and one area's change ("hoeveel zijn de kosten in Helmond gestegen van 2022 naar 2023").

The expected changes are computed here from tests/oracle/oracle.py's levels, as the contract
defines them; nothing is read from bot/. grid.cells() yields these after its own cells and
grid.check() hands these shapes to check_shape().
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from tests.oracle.oracle import Expected, Oracle

if TYPE_CHECKING:
    from tests.oracle.grid import Cell, Outcome


STOCKS = {"jeugdigen": "jeugdigen in zorg", "lopend": "lopende trajecten"}
FLOWS = {"kosten": "kosten", "gestart": "gestarte trajecten", "beeindigd": "beëindigde trajecten"}
# (words, day)
DAYS = [
    ("eind 2022", date(2022, 12, 31)),
    ("eind 2023", date(2023, 12, 31)),
    ("begin 2024", date(2024, 1, 1)),
    ("op 1 januari 2023", date(2023, 1, 1)),
    ("per 1 juli 2024", date(2024, 7, 1)),
    ("op 31 maart 2025", date(2025, 3, 31)),
]
CHANGE_WORDS = {
    "jeugdigen": "jeugdigen in zorg",
    "kosten": "kosten",
    "gestart": "gestarte trajecten",
}
YEAR_PAIRS = [(2021, 2022), (2022, 2023), (2023, 2024), (2021, 2024), (2022, 2024)]


def _year(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


def shape_cells(o: Oracle) -> Iterator[Cell]:
    from tests.oracle.grid import Cell, Period

    areas: list[tuple[tuple[str, ...], str]] = [((c,), n) for c, n in o.gemeenten.items()]
    areas.append((tuple(o.gemeenten), "de regio"))
    filters: list[tuple[tuple[str, object] | None, str, str]] = [
        (None, "", ""),
        (("segment", 2), " in segment 2", "segment 2"),
        (("verwijzer", "huisarts"), " verwezen door de huisarts", "verwijzer huisarts"),
    ]
    for measure, word in STOCKS.items():
        for codes, area in areas:
            for filt, fw, tag in filters:
                for n, (dw, day) in enumerate(DAYS):
                    q = f"{word}{fw} {dw} in {area}" if n % 2 else f"{word}{fw} {area} {dw}"
                    period = Period(day, day, (dw,))
                    yield Cell("day", measure, codes, area, filt, tag, period, None, q)
    for measure, word in FLOWS.items():
        for codes, area in areas:
            for dw, day in DAYS[:3]:
                q = f"{word} {area} {dw}"
                yield Cell(
                    "day_flow", measure, codes, area, None, "", Period(day, day, (dw,)), None, q
                )
    everyone = tuple(o.gemeenten)
    # "tov/sinds A" runs to the last calendar year the marts cover completely.
    pd = o.peildatum
    last_full_year = pd.year if (pd.month, pd.day) == (12, 31) else pd.year - 1
    for measure, word in CHANGE_WORDS.items():
        amount = "in euro" if measure == "kosten" else "in aantallen"
        for a, b in YEAR_PAIRS:
            asked = [
                ("up", f"welke gemeente had de grootste stijging van {word} van {a} naar {b}"),
                ("up", f"welke gemeente groeide het hardst in {word} tussen {a} en {b}"),
                ("down", f"welke gemeente had de grootste daling van {word} van {a} naar {b}"),
                ("down", f"grootste daling {word} {a}-{b}"),
                (
                    "up_abs",
                    f"welke gemeente had de grootste stijging {amount} van {word} van {a} naar {b}",
                ),
                ("down_abs", f"grootste daling {amount} {word} van {a} naar {b}"),
            ]
            if b == last_full_year:
                asked += [
                    ("up", f"grootste groei {word} tov {a}"),
                    ("up", f"welke gemeente groeide het hardst in {word} sinds {a}"),
                    (
                        "down_abs",
                        f"welke gemeente had sinds {a} de grootste daling {amount} van {word}",
                    ),
                ]
            for mode, q in asked:
                yield Cell(
                    "change_rank",
                    measure,
                    everyone,
                    "",
                    None,
                    "",
                    Period(*_year(b), (str(b),)),
                    mode,
                    q,
                    Period(*_year(a), (str(a),)),
                )
            for codes, area in areas:
                verb = "gestegen of gedaald" if measure == "kosten" else "veranderd"
                q = f"hoeveel zijn de {word} in {area} {verb} van {a} naar {b}"
                yield Cell(
                    "change_figure",
                    measure,
                    codes,
                    area,
                    None,
                    "",
                    Period(*_year(b), (str(b),)),
                    None,
                    q,
                    Period(*_year(a), (str(a),)),
                )


def _level(o: Oracle, measure: str, codes: list[str], y: int) -> Expected:
    s, e = _year(y)
    return o.expected(measure, codes, s, e, None)


def _change(prev: Expected, cur: Expected, absolute: bool) -> float | None:
    """The change between two levels as they are shown; hidden when either level is."""
    if prev.value is None or cur.value is None or not prev.value:
        return None
    diff = cur.value - prev.value
    return diff if absolute else diff / prev.value * 100


_PCT = re.compile(r"Van (\d{4}) tot (\d{4}): ([+-]?\d+(?:,\d+)?)%")


def check_shape(o: Oracle, cell: Cell, ans: Any) -> Outcome | None:
    """The verdict on a cell of this module's shapes; None for the grid's own shapes."""
    from tests.oracle.grid import (
        ANSWER_PREFIX,
        Outcome,
        _agrees,
        _bold,
        must_ask_back,
        parse_figure,
    )

    if cell.shape not in ("day", "day_flow", "change_rank", "change_figure"):
        return None
    kind = str(getattr(ans.kind, "value", ans.kind))
    if cell.shape == "day_flow":
        # A flow (costs, started trajectories) has no value on one day: asking back is the only
        # right answer; any figure is one for another period than the one asked.
        return must_ask_back(cell, ans, "stroom op een dag beantwoord", "periode_dag")
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}: {ans.text[:80]}")
    text = ans.text
    head = text.split(":")[0].lower()
    if ANSWER_PREFIX[cell.measure].lower() not in head:
        return Outcome(cell, "parse", f"maat: {text[:60]}")
    assert cell.period is not None
    if cell.shape == "day":
        if cell.tag and cell.tag not in text.split(":")[0]:
            return Outcome(cell, "parse", f"filter {cell.tag} niet begrepen: {text[:80]}")
        starts, ends = ans.params.get("starts"), ans.params.get("ends")
        day = str(cell.period.start)
        if [str(s) for s in starts or []] != [day] or [str(e) for e in ends or []] != [day]:
            return Outcome(cell, "disagree", f"dag {day} gelezen als {starts}..{ends}")
        if set(ans.params.get("gemeenten") or []) != set(cell.codes):
            return Outcome(cell, "parse", f"gebied {ans.params.get('gemeenten')}")
        exp = o.expected(
            cell.measure, list(cell.codes), cell.period.start, cell.period.end, cell.filt
        )
        bold = _bold(text)
        got = parse_figure(bold[0]) if bold else None
        if not _agrees(exp, got, cell.measure):
            return Outcome(cell, "disagree", f"bot {bold[:1]} oracle {exp}")
        return Outcome(cell, "ok")
    assert cell.base is not None
    a, b = cell.base.start.year, cell.period.start.year
    if cell.shape == "change_rank":
        absolute = cell.per is not None and cell.per.endswith("_abs")
        down = cell.per is not None and cell.per.startswith("down")
        if ans.intent != "ranglijst" or ans.series is None:
            return Outcome(cell, "parse", f"geen ranglijst: {ans.intent} {text[:60]}")
        if f"van {a} naar {b}" not in text:
            return Outcome(cell, "disagree", f"andere jaren dan {a} → {b}: {text[:90]}")
        by_name = {n: c for c, n in o.gemeenten.items()}
        keys: list[float] = []
        for point in ans.series.points:
            if point.label not in by_name:
                return Outcome(cell, "parse", f"rangt {point.label}")
            code = [by_name[point.label]]
            want = _change(
                _level(o, cell.measure, code, a), _level(o, cell.measure, code, b), absolute
            )
            exp = Expected(want, suppressed=want is None)
            if not _agrees(exp, point.value, cell.measure):
                return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {want}")
            if point.value is not None:
                keys.append(point.value)
        if keys != sorted(keys, reverse=not down):
            return Outcome(cell, "disagree", f"volgorde niet {'oplopend' if down else 'aflopend'}")
        return Outcome(cell, "ok")
    # change_figure: both levels, and the change the text states; a change question is
    # answered as the two periods side by side (words12d), read as cells_measures reads it
    if ans.series is None and ans.intent == "vergelijking":
        from tests.oracle.cells_measures import _check_change

        return _check_change(o, cell, ans)
    if ans.series is None or [p.label for p in ans.series.points] != [str(a), str(b)]:
        labels = [p.label for p in ans.series.points] if ans.series else None
        return Outcome(cell, "disagree", f"jaren {labels}, gevraagd {a} en {b}")
    if set(ans.params.get("gemeenten") or []) != set(cell.codes):
        return Outcome(cell, "parse", f"gebied {ans.params.get('gemeenten')}")
    levels = [_level(o, cell.measure, list(cell.codes), y) for y in (a, b)]
    for point, exp in zip(ans.series.points, levels, strict=True):
        if not _agrees(exp, point.value, cell.measure):
            return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
    want = _change(levels[0], levels[1], absolute=False)
    m = _PCT.search(text)
    if want is None:
        return Outcome(cell, "ok" if m is None else "disagree", "verandering getoond bij verborgen")
    if m is None or (int(m.group(1)), int(m.group(2))) != (a, b):
        return Outcome(cell, "disagree", f"geen verandering {a}→{b} in: {text[:90]}")
    shown = float(m.group(3).replace(",", "."))
    if abs(shown - round(want, 1)) > 0.051:
        return Outcome(cell, "disagree", f"verandering bot {shown}% oracle {want:.2f}%")
    return Outcome(cell, "ok")
