"""Oracle cells for the measures added after the first grid (per 1.000 jeugdigen, gemiddelde
trajectduur, aantal aanbieders, "kosten per jeugdige") and for comparisons phrased as
"vergelijk A met B" or naming three gemeenten ("A, B en C").

Shapes (all prefixed "m_", checked by check_measure() here): a figure, a series per
maand/kwartaal/jaar, a level ranking of the gemeenten, a comparison, a stock on one day, and one
area's change ("van A naar B", "B vergeleken met A", "sinds A", "tov A"). Flows on one day and
change rankings of lopende trajecten and kosten per cliënt reuse the shapes of
tests/oracle/cells_shapes.py, which checks them. Every figure is computed by
tests/oracle/oracle.py from the raw marts; nothing is read from bot/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from tests.oracle.cells_shapes import DAYS
from tests.oracle.oracle import SMALL, Expected, Oracle

if TYPE_CHECKING:
    from tests.oracle.grid import Cell, Outcome, Period

LATER = ("per_1000", "trajectduur", "aanbieders")
# How the questions name the measures of this module (two ways each) ...
WORDS: dict[str, tuple[str, str]] = {
    "per_1000": ("jeugdigen in zorg per 1.000 jeugdigen", "aantal jeugdigen in zorg per 1000"),
    "trajectduur": ("gemiddelde trajectduur", "de gemiddelde duur van een traject"),
    "aanbieders": ("aantal aanbieders", "hoeveel aanbieders"),
    "kosten_per_client": ("kosten per jeugdige", "kosten per cliënt"),
}
# ... and the bot's own word for them at the start of its answer (grid.ANSWER_PREFIX has the rest).
PREFIX = {
    "per_1000": "Jeugdigen in zorg per 1.000 jeugdigen",
    "trajectduur": "Gemiddelde trajectduur",
    "aanbieders": "Aantal aanbieders",
}
# How close a shown figure must be: rates are shown with one decimal, days whole, euros whole.
TOLERANCE = {"per_1000": 0.05, "trajectduur": 0.5, "kosten": 1.0, "kosten_per_client": 1.0}
# (filter, Dutch words, the bot's tag for it); trajectduur has no product filter in the bot
FILTERS: list[tuple[tuple[str, object] | None, str, str]] = [
    (None, "", ""),
    (("segment", 2), " in segment 2", "segment 2"),
    (("verwijzer", "huisarts"), " verwezen door de huisarts", "verwijzer huisarts"),
]
PAIRS = [("Helmond", "Deurne"), ("Asten", "Someren"), ("Geldrop-Mierlo", "Waalre")]
TRIPLES = [("Helmond", "Deurne", "Asten"), ("Veldhoven", "Waalre", "Son en Breugel")]


def _words(measure: str) -> tuple[str, ...]:
    from tests.oracle.grid import MEASURES

    return WORDS.get(measure) or tuple(MEASURES[measure])


def _prefix(measure: str) -> str:
    from tests.oracle.grid import ANSWER_PREFIX

    return PREFIX.get(measure) or ANSWER_PREFIX[measure]


def _year(y: int) -> Period:
    from tests.oracle.grid import Period

    return Period(date(y, 1, 1), date(y, 12, 31), (str(y),))


def cells(o: Oracle) -> Iterator[Cell]:
    from tests.oracle.grid import Cell, Period, periods

    names = o.gemeenten
    code_of = {n: c for c, n in names.items()}
    every = tuple(names)
    areas: list[tuple[tuple[str, ...], str]] = [((c,), n) for c, n in names.items()]
    areas.append((every, "de regio"))
    pd = o.peildatum
    last_full = pd.year if (pd.month, pd.day) == (12, 31) else pd.year - 1
    for measure in (*LATER, "kosten_per_client"):
        words = WORDS[measure]
        # "kosten per cliënt" itself is in grid.py's figures and series; here "per jeugdige"
        filters = FILTERS if measure != "kosten_per_client" else FILTERS[:1]
        for codes, area in areas:
            for filt, fw, tag in filters:
                for period in periods():
                    for n, w in enumerate(words[:1] if measure == "kosten_per_client" else words):
                        pw = period.words[n % len(period.words)]
                        q = f"{w}{fw} {'in ' if n % 2 else ''}{area} {pw}"
                        yield Cell("m_figure", measure, codes, area, filt, tag, period, None, q)
                for per in ("maand", "kwartaal", "jaar"):
                    q = f"{words[0]}{fw} {area} per {per}"
                    yield Cell("m_series", measure, codes, area, filt, tag, None, per, q)
        if measure == "kosten_per_client":
            continue
        high = "langste" if measure == "trajectduur" else "hoogste"
        for period in periods()[:4]:
            for q in (
                f"welke gemeente had de {high} {words[0]} {period.words[0]}",
                f"ranglijst gemeenten {words[0]} {period.words[1]}",
            ):
                yield Cell("m_ranking", measure, every, "", None, "", period, None, q)
        for codes, area in areas:  # a stock on one day
            for filt, fw, tag in FILTERS if measure != "trajectduur" else []:
                for dw, day in DAYS:
                    q = f"{words[0]}{fw} {area} {dw}"
                    yield Cell("m_day", measure, codes, area, filt, tag, Period(day, day, (dw,)),
                               None, q)  # fmt: skip
    # "meeste aanbieders" without "aantal" once ranked jeugdigen in zorg (oracle12b's bug 3,
    # fixed on main by periods12c)
    q = "welke gemeente had de meeste aanbieders in 2023"
    yield Cell("m_ranking", "aanbieders", every, "", None, "", _year(2023), None, q)
    # flows on one day must be asked back: checked by cells_shapes.check_shape
    for measure in ("trajectduur", "kosten_per_client"):
        for codes, area in areas:
            for dw, day in DAYS[:3]:
                q = f"{_words(measure)[0]} {area} {dw}"
                yield Cell("day_flow", measure, codes, area, None, "", Period(day, day, (dw,)),
                           None, q)  # fmt: skip
    # comparisons of every measure: "vergelijk A met B", three gemeenten
    for measure in ("jeugdigen", "kosten", "gestart", "beeindigd", "lopend", "zorgkosten",
                    "kosten_per_client", *LATER):  # fmt: skip
        m = _words(measure)[0]
        spans = periods()[:4] + ([] if measure == "zorgkosten" else periods()[6:8])
        for period in spans:
            pw = period.words[0]
            for g, h in PAIRS:
                codes = (code_of[g], code_of[h])
                for q in (f"vergelijk {g} met {h} {m} {pw}", f"vergelijk {m} van {g} met {h} {pw}"):
                    yield Cell("m_comparison", measure, codes, "", None, "", period, None, q)
            for g, h, k in TRIPLES:
                codes = (code_of[g], code_of[h], code_of[k])
                for q in (f"{m} {g}, {h} en {k} {pw}", f"vergelijk {g}, {h} en {k} {m} {pw}"):
                    yield Cell("m_comparison", measure, codes, "", None, "", period, None, q)
    # one area's change: "van A naar B", "B vergeleken met A", "sinds A" (the yearly series and
    # its change), "tov A" (known: answered as A's level)
    for measure in ("jeugdigen", "kosten", "kosten_per_client", "gestart", "lopend", *LATER):
        m = _words(measure)[0]
        for codes, area in areas:
            for a, b in ((2022, 2023), (2021, 2024)):
                for q in (f"{m} {area} van {a} naar {b}", f"{m} in {area} {b} vergeleken met {a}"):
                    yield Cell("m_change", measure, codes, area, None, "", _year(b), None, q,
                               _year(a))  # fmt: skip
            # "aantal <stand> sinds 2021" is asked back (a stock has no total): the series is asked
            q = f"{m.removeprefix('aantal ')} {area} sinds 2021"
            yield Cell("m_change", measure, codes, area, None, "", _year(last_full), "sinds", q,
                       _year(2021))  # fmt: skip
            # "tov 2022" of one area is the change to the last full year (answered as the 2022
            # level until periods12c)
            q = f"{m} {area} tov 2022"
            yield Cell("m_change", measure, codes, area, None, "", _year(last_full), None, q,
                       _year(2022))  # fmt: skip
    # change rankings of the measures cells_shapes.py does not rank (checked there)
    ranked = (("lopend", "lopende trajecten"), ("kosten_per_client", "kosten per cliënt"))
    for measure, word in ranked:
        for a, b in ((2022, 2023), (2023, 2024), (2021, 2024)):
            for mode, q in (
                ("up", f"welke gemeente had de grootste stijging van {word} van {a} naar {b}"),
                ("down", f"welke gemeente had de grootste daling van {word} van {a} naar {b}"),
                ("down", f"grootste daling {word} {a}-{b}"),
            ):
                yield Cell("change_rank", measure, every, "", None, "", _year(b), mode, q,
                           _year(a))  # fmt: skip


# -- the checks ------------------------------------------------------------------------------


def _agrees(exp: Expected, got: float | None, measure: str) -> bool:
    if exp.value is None:
        return got is None
    if got is None:
        return False
    return abs(exp.value - got) <= TOLERANCE.get(measure, 0.0) + 1e-6 * abs(exp.value)


def _spans(ans: Any) -> list[tuple[str, str]]:
    if not ans.params.get("starts") and ans.params.get("jaren"):  # yearly figures (zorgkosten)
        return [(f"{y}-01-01", f"{y}-12-31") for y in ans.params["jaren"]]
    starts, ends = ans.params.get("starts") or [], ans.params.get("ends") or []
    return [(str(s)[:10], str(e)[:10]) for s, e in zip(starts, ends, strict=False)]


def check_measure(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    """The verdict on a cell of this module's "m_" shapes."""
    from tests.oracle.grid import Outcome

    kind = str(getattr(ans.kind, "value", ans.kind))
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}: {ans.text[:80]}")
    head = ans.text.split(":")[0]
    want = _prefix(cell.measure)
    if cell.shape == "m_ranking":  # "De hoogste <maat> in 2023: ..."
        ok = want.lower() in head.lower()
    else:
        ok = head.lower().startswith(want.lower())
    if not ok:
        return Outcome(cell, "parse", f"maat: {ans.text[:70]}")
    if cell.tag and cell.tag not in head:
        return Outcome(cell, "parse", f"filter {cell.tag} niet begrepen: {ans.text[:80]}")
    if cell.shape != "m_ranking":
        got_codes = ans.params.get("gemeenten")
        if got_codes is not None and set(got_codes) != set(cell.codes):
            return Outcome(cell, "parse", f"gebied {got_codes}")
    return {
        "m_figure": _check_level,
        "m_day": _check_level,
        "m_series": _check_series,
        "m_ranking": _check_ranking,
        "m_comparison": _check_comparison,
        "m_change": _check_change,
    }[cell.shape](o, cell, ans)


def _check_level(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    from tests.oracle.grid import Outcome, _bold, parse_figure

    assert cell.period is not None
    want = [(str(cell.period.start), str(cell.period.end))]
    if _spans(ans) != want:
        return Outcome(cell, "parse", f"periode {_spans(ans)}")
    exp = o.expected(cell.measure, list(cell.codes), cell.period.start, cell.period.end, cell.filt)
    bold = _bold(ans.text)
    got = parse_figure(bold[0]) if bold else None
    if not _agrees(exp, got, cell.measure):
        return Outcome(cell, "disagree", f"bot {bold[:1]} oracle {exp}")
    return Outcome(cell, "ok")


def _check_series(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    """Every point, and the range: to the data end (per maand/kwartaal) or the last full year."""
    from tests.oracle.grid import Outcome, label_period

    if ans.series is None or not ans.series.points:
        return Outcome(cell, "disagree", "geen reeks")
    spans = [label_period(p.label, o.peildatum) for p in ans.series.points]
    if any(s is None for s in spans):
        return Outcome(cell, "parse", f"labels {[p.label for p in ans.series.points][:3]}")
    want_last = date(o.peildatum.year - 1, 12, 31) if cell.per == "jaar" else o.peildatum
    last = spans[-1]
    assert last is not None
    if last[1] != want_last:
        return Outcome(cell, "disagree", f"reeks eindigt {last[1]}, verwacht {want_last}")
    for point, span in zip(ans.series.points, spans, strict=True):
        assert span is not None
        exp = o.expected(cell.measure, list(cell.codes), span[0], span[1], cell.filt)
        if not _agrees(exp, point.value, cell.measure):
            return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
    return Outcome(cell, "ok")


def _check_ranking(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    from tests.oracle.grid import Outcome

    assert cell.period is not None
    if _spans(ans) != [(str(cell.period.start), str(cell.period.end))]:
        return Outcome(cell, "parse", f"periode {_spans(ans)}")
    if ans.series is None or not ans.series.points:
        return Outcome(cell, "disagree", "geen lijst")
    by_name = {n: c for c, n in o.gemeenten.items()}
    values: list[float] = []
    for point in ans.series.points:
        if point.label not in by_name:
            return Outcome(cell, "parse", f"rangt {point.label}")
        code = [by_name[point.label]]
        exp = o.expected(cell.measure, code, cell.period.start, cell.period.end, None)
        if not _agrees(exp, point.value, cell.measure):
            return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
        if point.value is not None:
            values.append(point.value)
    if values != sorted(values, reverse=True):
        return Outcome(cell, "disagree", "ranglijst niet aflopend")
    return Outcome(cell, "ok")


def _check_comparison(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    from tests.oracle.grid import Outcome

    assert cell.period is not None
    if _spans(ans) and _spans(ans) != [(str(cell.period.start), str(cell.period.end))]:
        return Outcome(cell, "parse", f"periode {_spans(ans)}")
    if "jaren" in ans.params and ans.params["jaren"] != [cell.period.start.year]:
        return Outcome(cell, "parse", f"jaren {ans.params['jaren']}")
    if ans.series is None or len(ans.series.points) != len(cell.codes):
        return Outcome(cell, "parse", f"niet {len(cell.codes)} gemeenten: {ans.text[:70]}")
    for code, point in zip(cell.codes, ans.series.points, strict=True):
        if point.label != o.gemeenten[code]:
            return Outcome(cell, "parse", f"punt {point.label}")
        exp = o.expected(cell.measure, [code], cell.period.start, cell.period.end, None)
        if not _agrees(exp, point.value, cell.measure):
            return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
    return Outcome(cell, "ok")


def _pct(o: Oracle, cell: Cell, first: Expected, last: Expected) -> float | None:
    """The change in % as it may be shown: a count's from the shown counts, hidden when the
    earlier count is below 10 (the denominator rule); an amount's or average's from the raw
    values, hidden when either period is about fewer than 5 youths."""
    assert cell.base is not None and cell.period is not None
    if first.value is None or last.value is None or not first.value:
        return None
    if cell.measure in ("kosten", "kosten_per_client"):
        codes = list(cell.codes)
        youths = [o.jeugdigen(codes, p.start, p.end, None) for p in (cell.base, cell.period)]
        if min(youths) < SMALL:
            return None
    elif cell.measure not in ("trajectduur", "per_1000") and first.value < 10:
        return None
    return (last.value - first.value) / first.value * 100


# A published figure is marked (†), the monitor's own count in brackets where it differs
# (tests/oracle/cells_published.py checks the published one): the level is the monitor's.
_LEVEL = r"(?<![\d.]){year}(?: \(t/m \w+\))?: \*([^*]+)\*(?:\u2020(?: \(monitor ([^)]+)\))?)?"
# "2023: *155 dagen* (+2,9%)"; a change in money also in euros: "(-0,2%, -€ 48.902)"
# and a change in a count in its own unit: "(-0,2%, -13)"
_AFTER = re.compile(
    r"^ \(([+\-±]?\d+(?:\.\d{3})*,\d)%"
    r"(?:, ([+\-±]?)€ (\d+(?:\.\d{3})*)|, ([+\-])(\d+(?:\.\d{3})*))?\)"
)
_FROM_TO = re.compile(r"Van (\d{4}) tot (\d{4}): ([+\-±]?\d+(?:\.\d{3})*,\d)%")


def _num(s: str) -> float:
    return float(s.replace("±", "").replace(".", "").replace(",", "."))


def _check_change(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    """Both years' levels as shown (every year between them too after "sinds"), and the change
    the text states, from the first to the last asked year."""
    from tests.oracle.grid import Outcome, parse_figure

    assert cell.base is not None and cell.period is not None
    a, b = cell.base.start.year, cell.period.start.year
    years = list(range(a, b + 1)) if cell.per == "sinds" else [a, b]
    got_years = sorted({int(s[:4]) for s, e in _spans(ans) if s[5:] == "01-01"})
    if not set(years) <= set(got_years) or got_years[0] != a:
        return Outcome(cell, "parse", f"perioden {_spans(ans)}")
    levels: dict[int, Expected] = {}
    for y in years:
        exp = o.expected(cell.measure, list(cell.codes), *_year_span(y), None)
        m = re.search(_LEVEL.format(year=y), ans.text)
        got = parse_figure(m.group(2) or m.group(1)) if m else None
        if m is None or not _agrees(exp, got, cell.measure):
            return Outcome(cell, "disagree", f"{y}: bot {got} oracle {exp}")
        levels[y] = exp
    want = _pct(o, cell, levels[a], levels[b])
    shown: float | None = None
    if (m := _FROM_TO.search(ans.text)) is not None:
        if (int(m.group(1)), int(m.group(2))) != (a, b):
            return Outcome(cell, "disagree", f"verandering over {m.group(1)}-{m.group(2)}")
        shown = _num(m.group(3))
    elif (last := re.search(_LEVEL.format(year=b), ans.text)) is not None and (
        after := _AFTER.match(ans.text[last.end() :])
    ) is not None:
        shown = _num(after.group(1))
        if after.group(3) is not None:  # the change in euros: the difference of the levels
            euros = _num(after.group(3)) * (-1 if after.group(2) == "-" else 1)
            lo, hi = levels[a].value, levels[b].value
            if lo is None or hi is None or abs(hi - lo - euros) > 2.0:
                return Outcome(cell, "disagree", f"verandering in euro: bot {euros}")
        if after.group(5) is not None:  # the change in a count: the difference of the levels
            n = _num(after.group(5)) * (-1 if after.group(4) == "-" else 1)
            lo, hi = levels[a].value, levels[b].value
            if lo is None or hi is None or abs(hi - lo - n) > 0.5:
                return Outcome(cell, "disagree", f"verandering in aantal: bot {n}")
    if (want is None) != (shown is None) or (
        want is not None and shown is not None and abs(round(want, 1) - shown) > 0.11
    ):
        return Outcome(cell, "disagree", f"verandering: bot {shown} oracle {want}")
    return Outcome(cell, "ok")


def _year_span(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)
