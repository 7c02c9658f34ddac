"""Oracle cells for the rate modifier (issue 13): every count per 1.000 jeugdigen (0-17 jaar)
and per 1.000 inwoners, for each gemeente, the region and the sub-regions, 2021-2024.

Shapes (all prefixed "r_", checked by check_rate() here): a figure (several phrasings, filters),
a series per jaar, a level ranking of the gemeenten ("welke gemeente had per 1000 jongeren de
minste ..."), a comparison of two gemeenten or a gemeente and a sub-region, a stock on one day,
and a flow on one day (asked back), a period over more than one year (asked back) and a rate
of something that is no count (asked back). Every figure is computed by tests/oracle/oracle.py
(Oracle.rate) from the raw marts; nothing is read from bot/.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from tests.oracle.cells_areas import subregions
from tests.oracle.oracle import Expected, Oracle

if TYPE_CHECKING:
    from tests.oracle.grid import Cell, Outcome

# The counts that have a rate: how the questions name them, and the bot's word for them.
COUNTS: dict[str, tuple[str, str]] = {
    "jeugdigen": ("jeugdigen in zorg", "Jeugdigen in zorg"),
    "gestart": ("gestarte trajecten", "Gestarte trajecten"),
    "beeindigd": ("beëindigde trajecten", "Beëindigde trajecten"),
    "lopend": ("lopende trajecten", "Lopende trajecten"),
    "kosten": ("kosten", "Kosten (declaraties)"),
}
# (words of the modifier, the denominator it names); the last is all inhabitants
PHRASINGS = [
    ("per 1000 jeugdigen", "jeugdigen_0_17"),
    ("per duizend kinderen", "jeugdigen_0_17"),
    ("per 1.000 jongeren van 0 tot 18 jaar", "jeugdigen_0_17"),
    ("per 1000 inwoners", "inwoners"),
]
PER_LABEL = {
    "jeugdigen_0_17": "per 1.000 jeugdigen",
    "inwoners": "per 1.000 inwoners",
    "inwoner": "per inwoner",
    "jeugdige_0_17": "per jeugdige inwoner",
}
# Amounts per head and zorgkosten (issue 13 item 3): how the questions name them
AMOUNTS: dict[str, tuple[str, str]] = {
    "zorgkosten": ("zorgkosten", "Zorgkosten Jeugdwet"),
    "kosten": ("declaraties", "Kosten (declaraties)"),
}
HEAD_PHRASINGS = [
    ("per inwoner", "inwoner"),
    ("per jeugdige inwoner", "jeugdige_0_17"),
    ("per inwoner van 0 tot 18 jaar", "jeugdige_0_17"),
    ("per 1000 inwoners", "inwoners"),
]
# Parts of a rate: each segment's or verwijzer's count on the area's one population
PART_DIMS = {"segment": "segment", "verwijzer": "verwijzer"}
PART_COUNTS = ("jeugdigen", "gestart", "lopend", "kosten")
FILTERS: list[tuple[tuple[str, object] | None, str, str]] = [
    (("segment", 2), " in segment 2", "segment 2"),
    (("verwijzer", "huisarts"), " verwezen door de huisarts", "verwijzer huisarts"),
]
YEARS = (2021, 2022, 2023, 2024)
PAIRS = [("Helmond", "Deurne"), ("Asten", "Someren"), ("Helmond", "Dommelvallei+")]
STOCKS = ("jeugdigen", "lopend")
DAYS = (("op 1 juli 2024", date(2024, 7, 1)), ("eind 2023", date(2023, 12, 31)))
TOLERANCE = 0.05 + 1e-6  # rates are shown with one decimal, rounded half up
EUR_TOLERANCE = 1.0


def _year(y: int) -> Any:
    from tests.oracle.grid import Period

    return Period(date(y, 1, 1), date(y, 12, 31), (str(y),))


def _areas(o: Oracle) -> list[tuple[tuple[str, ...], str]]:
    areas: list[tuple[tuple[str, ...], str]] = [((c,), n) for c, n in o.gemeenten.items()]
    areas.append((tuple(o.gemeenten), "de regio"))
    areas += [(codes, name) for name, codes in subregions().items()]
    return areas


def _measure(count: str, per: str) -> str:
    return f"{count}@{per}"


def _split(measure: str) -> tuple[str, str]:
    count, per = measure.split("@")
    return count, per


def cells(o: Oracle) -> Iterator[Cell]:
    from tests.oracle.grid import Cell, Period

    every = tuple(o.gemeenten)
    code_of = {n: c for c, n in o.gemeenten.items()}
    code_of.update({n: c for c, n in ((codes, name) for name, codes in subregions().items())})
    for count, (words, _) in COUNTS.items():
        for codes, area in _areas(o):
            for y in YEARS:
                period = _year(y)
                for n, (rw, per) in enumerate(PHRASINGS):
                    q = (
                        f"{words} {rw} {area} {y}"
                        if n % 2 == 0
                        else f"{words} {rw} in {area} in {y}"
                    )
                    m = _measure(count, per)
                    yield Cell("r_figure", m, codes, area, None, "", period, None, q)
                for filt, fw, tag in FILTERS:
                    q = f"{words}{fw} per 1000 jeugdigen {area} {y}"
                    m = _measure(count, "jeugdigen_0_17")
                    yield Cell("r_figure", m, codes, area, filt, tag, period, None, q)
            q = f"{words} per 1000 jeugdigen {area} per jaar"
            yield Cell("r_series", _measure(count, "jeugdigen_0_17"), codes, area, None, "",
                       None, "jaar", q)  # fmt: skip
            for dw, day in DAYS:
                shape = "r_day" if count in STOCKS else "r_day_flow"
                q = f"{words} per 1000 jeugdigen {area} {dw}"
                yield Cell(shape, _measure(count, "jeugdigen_0_17"), codes, area, None, "",
                           Period(day, day, (dw,)), None, q)  # fmt: skip
        for y in YEARS:
            for q in (
                f"welke gemeente had per 1000 jongeren de minste {words} in {y}",
                f"ranglijst gemeenten {words} per 1000 jeugdigen {y}",
                f"welke gemeente had de meeste {words} per duizend inwoners in {y}",
            ):
                per = "inwoners" if "inwoners" in q else "jeugdigen_0_17"
                yield Cell("r_ranking", _measure(count, per), every, "", None, "", _year(y),
                           None, q)  # fmt: skip
            for g, h in PAIRS:
                q = f"vergelijk {words} per 1000 jeugdigen van {g} met {h} in {y}"
                codes = (code_of[g], code_of[h]) if h != "Dommelvallei+" else (code_of[g],)
                yield Cell("r_comparison", _measure(count, "jeugdigen_0_17"), codes, f"{g}/{h}",
                           None, "", _year(y), None, q)  # fmt: skip
        for a, b in ((2022, 2023), (2021, 2024)):  # change rankings of the rate
            for mode, q in (
                ("up", f"welke gemeente had de grootste stijging van {words} per 1000 jeugdigen "
                       f"van {a} naar {b}"),
                ("down", f"grootste daling {words} per 1000 jeugdigen {a}-{b}"),
                ("up_abs", f"welke gemeente had de grootste stijging in aantallen van {words} "
                           f"per 1000 jeugdigen van {a} naar {b}"),
            ):  # fmt: skip
                yield Cell("r_change_rank", _measure(count, "jeugdigen_0_17"), every, "", None,
                           "", _year(b), mode, q, _year(a))  # fmt: skip
    # zorgkosten and declaraties per head and per 1.000 inwoners (item 3)
    for amount, (words, _) in AMOUNTS.items():
        for codes, area in _areas(o):
            for y in YEARS:
                for n, (rw, per) in enumerate(HEAD_PHRASINGS):
                    q = f"{words} {rw} {area} {y}" if n % 2 else f"{words} {rw} in {area} in {y}"
                    yield Cell("r_figure", _measure(amount, per), codes, area, None, "",
                               _year(y), None, q)  # fmt: skip
        for y in YEARS:
            q = f"welke gemeente had de hoogste {words} per inwoner in {y}"
            yield Cell("r_ranking", _measure(amount, "inwoner"), every, "", None, "", _year(y),
                       None, q)  # fmt: skip
    # parts of a rate: per segment, per verwijzer, and the dimension's ranking (item 1)
    gemeente = {n: c for c, n in o.gemeenten.items()}
    part_areas = [(every, "de regio"), ((gemeente["Helmond"],), "Helmond")]
    part_areas.append(((gemeente["Asten"],), "Asten"))
    for count in PART_COUNTS:
        words = COUNTS[count][0]
        for codes, area in part_areas:
            for y in YEARS[1:]:
                for dim in PART_DIMS:
                    for q, shape in (
                        (f"{words} per 1000 jeugdigen per {dim} in {area} {y}", "r_parts"),
                        (f"welk{'e' if dim == 'verwijzer' else ''} {dim} had per 1000 "
                         f"jeugdigen de meeste {words} in {area} in {y}", "r_parts_rank"),
                    ):  # fmt: skip
                        yield Cell(shape, _measure(count, "jeugdigen_0_17"), codes, area, None,
                                   dim, _year(y), None, q)  # fmt: skip
    # a span over more than one calendar year, and a rate of something that is no count
    for q in (
        "aantal aanbieders per 1000 jeugdigen in deurne 2023",
        "gestarte trajecten per inwoner in helmond 2023",
        "zorgkosten per jeugdige in asten 2022",
        "jeugdigen per 1000 per segment in helmond 2022 tot 2023",
        "hoeveel gestarte trajecten per 1000 jeugdigen waren er sinds 2022 in helmond",
        "gemiddelde trajectduur per 1000 jeugdigen asten 2023",
        "kosten per cliënt per 1000 jeugdigen helmond 2023",
        "kostenontwikkeling per 1000 jeugdigen helmond 2023",
    ):
        yield Cell("r_clarify", "-", every, "", None, "", None, None, q)


def _agrees(exp: Expected, got: float | None, count: str) -> bool:
    if exp.value is None:
        return got is None
    if got is None:
        return False
    amount = count in ("kosten", "zorgkosten")
    return abs(exp.value - got) <= (EUR_TOLERANCE if amount else TOLERANCE)


def _head_ok(cell: Cell, text: str) -> bool:
    count, per = _split(cell.measure)
    head = text.split(":")[0].lower()
    label = (COUNTS.get(count) or AMOUNTS[count])[1].lower()
    return label in head and PER_LABEL[per] in head


def check_rate(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    from tests.oracle.grid import Outcome, _bold, label_period, must_ask_back, parse_figure

    kind = str(getattr(ans.kind, "value", ans.kind))
    if cell.shape in ("r_clarify", "r_day_flow"):
        return must_ask_back(cell, ans, "moet terugvragen")
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}: {ans.text[:80]}")
    if not _head_ok(cell, ans.text):
        return Outcome(cell, "parse", f"maat: {ans.text[:70]}")
    if cell.tag and cell.tag not in ans.text.split(":")[0]:
        return Outcome(cell, "parse", f"filter {cell.tag} niet begrepen: {ans.text[:80]}")
    count, per = _split(cell.measure)
    if cell.shape in ("r_figure", "r_day"):
        assert cell.period is not None
        got_codes = ans.params.get("gemeenten")
        if got_codes is not None and set(got_codes) != set(cell.codes):
            return Outcome(cell, "parse", f"gebied {got_codes}")
        p = cell.period
        exp = o.rate(count, list(cell.codes), p.start, p.end, cell.filt, per)
        bold = _bold(ans.text)
        got = parse_figure(bold[0]) if bold else None
        if not _agrees(exp, got, count):
            return Outcome(cell, "disagree", f"bot {bold[:1]} oracle {exp}")
        return Outcome(cell, "ok")
    if ans.series is None or not ans.series.points:
        return Outcome(cell, "disagree", "geen reeks of lijst")
    if cell.shape == "r_series":
        want_last = date(o.peildatum.year - 1, 12, 31)
        spans = [label_period(pt.label, o.peildatum) for pt in ans.series.points]
        if any(s is None for s in spans) or spans[-1][1] != want_last:  # type: ignore[index]
            return Outcome(cell, "disagree", f"reeks {[pt.label for pt in ans.series.points]}")
        for point, span in zip(ans.series.points, spans, strict=True):
            assert span is not None
            exp = o.rate(count, list(cell.codes), span[0], span[1], None, per)
            if not _agrees(exp, point.value, count):
                return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
        return Outcome(cell, "ok")
    assert cell.period is not None
    if cell.shape in ("r_parts", "r_parts_rank"):
        return _check_parts(o, cell, ans)
    if cell.shape == "r_change_rank":
        return _check_change_rank(o, cell, ans)
    start, end = cell.period.start, cell.period.end
    by_name = {n: (c,) for c, n in o.gemeenten.items()}
    for name, codes in subregions().items():
        by_name[name] = codes
    values: list[float] = []
    for point in ans.series.points:
        label = point.label.split(" (")[0]
        if label not in by_name:
            return Outcome(cell, "parse", f"punt {point.label}")
        exp = o.rate(count, list(by_name[label]), start, end, None, per)
        if not _agrees(exp, point.value, count):
            return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
        if point.value is not None:
            values.append(point.value)
    lowest_first = any(w in cell.question for w in ("minste", "laagste"))
    if cell.shape == "r_ranking" and values != sorted(values, reverse=not lowest_first):
        return Outcome(cell, "disagree", "ranglijst niet aflopend")
    if cell.shape == "r_comparison" and len(ans.series.points) != 2:
        return Outcome(cell, "parse", f"niet 2 gebieden: {ans.text[:70]}")
    return Outcome(cell, "ok")


def _check_change_rank(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    """Each gemeente's change of the rate from the base year to the year asked: in % of the
    earlier rate, or in the rate's own unit (one decimal) "in aantallen"; a hidden rate in
    either year ranks nowhere."""
    from tests.oracle.grid import Outcome

    assert cell.base is not None and cell.period is not None and ans.series is not None
    count, per = _split(cell.measure)
    a, b = cell.base.start.year, cell.period.start.year
    if f"van {a} naar {b}" not in ans.text:
        return Outcome(cell, "disagree", f"andere jaren dan {a} -> {b}: {ans.text[:90]}")
    absolute = (cell.per or "").endswith("_abs")
    down = (cell.per or "").startswith("down")
    by_name = {n: c for c, n in o.gemeenten.items()}
    keys: list[float] = []
    for point in ans.series.points:
        if point.label not in by_name:
            return Outcome(cell, "parse", f"rangt {point.label}")
        code = [by_name[point.label]]
        first = o.rate(count, code, cell.base.start, cell.base.end, None, per).value
        last = o.rate(count, code, cell.period.start, cell.period.end, None, per).value
        if first is None or last is None or not first:
            want = None
        elif absolute:  # from the rates as shown: one decimal, euros whole
            digits = 0 if count == "kosten" else 1
            want = round(last + 1e-9, digits) - round(first + 1e-9, digits)
        else:
            want = (last - first) / first * 100
        if want is None:
            if point.value is not None:
                return Outcome(cell, "disagree", f"{point.label}: bot {point.value} verborgen")
            continue
        if point.value is None or abs(point.value - want) > (1.0 if count == "kosten" else 0.051):
            return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {want}")
        keys.append(point.value)
    if keys != sorted(keys, reverse=not down):
        return Outcome(cell, "disagree", f"volgorde niet {'oplopend' if down else 'aflopend'}")
    return Outcome(cell, "ok")


def _check_parts(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    """Each segment's or verwijzer's rate: its own count (the area's figure filtered to that
    value) on the area's whole population of the year, which the answer must name; a part the
    oracle shows may be hidden only as the one secondary suppression of a breakdown."""
    import re

    from tests.oracle.grid import Outcome

    assert cell.period is not None and ans.series is not None
    count, per = _split(cell.measure)
    dim = PART_DIMS[cell.tag]
    if ans.slots.get("dimension") != dim:
        return Outcome(cell, "parse", f"dimensie {ans.slots.get('dimension')}: {ans.text[:60]}")
    start, end = cell.period.start, cell.period.end
    den = o.jeugdigen_0_17(list(cell.codes), end.year) or 0
    if f"dezelfde {int(den):,}".replace(",", ".") not in ans.text:
        return Outcome(cell, "disagree", f"noemer {den} niet genoemd: {ans.text[-160:]}")
    values: list[float] = []
    hidden_extra = 0
    for point in ans.series.points:
        if point.label == "onbekend":
            continue  # no value of the dimension to filter on
        if dim == "segment":
            m = re.match(r"Segment (\d)", point.label)
            if m is None:
                return Outcome(cell, "parse", f"punt {point.label}")
            filt: tuple[str, object] = ("segment", int(m.group(1)))
        else:
            filt = ("verwijzer", point.label)
        exp = o.rate(count, list(cell.codes), start, end, filt, per)
        if point.value is None and exp.value is not None and cell.shape == "r_parts":
            hidden_extra += 1  # the secondary suppression (one at most)
            continue
        if not _agrees(exp, point.value, count):
            return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
        if point.value is not None:
            values.append(point.value)
    if hidden_extra > 1:
        return Outcome(cell, "disagree", f"{hidden_extra} delen extra verborgen")
    if cell.shape == "r_parts_rank" and values != sorted(values, reverse=True):
        return Outcome(cell, "disagree", "ranglijst niet aflopend")
    return Outcome(cell, "ok")
