"""Oracle cells for published figures in every shape (issue 13 item 4): comparisons, series and
breakdowns per gemeente of the cells the programme plan publishes.

Which cells the plan publishes is written here from the document itself (Bijlage 2, the
0-meting, and par. 1.2 Financiën), not taken from bot/: each measure and filter names the
fact_kengetal onderwerpen that hold its calendar-year figures. For every area and year an
answer shows, the oracle looks the published figure up in the raw marts' fact_kengetal. A cell
with one must be marked (†) with exactly that value (as the plan rounds it; a count below 5 as
"minder dan 5") and its chart point must be the monitor's own count by plain SQL
(tests/oracle/oracle.py); a cell without one must not be marked. Nothing from bot/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from tests.oracle.oracle import Expected, Filter, Oracle

if TYPE_CHECKING:
    from tests.oracle.grid import Cell, Outcome

MARK = "\u2020"
SHAPES = ("p_comparison", "p_series", "p_breakdown")

# (measure, filter) -> the question's words and the fact_kengetal onderwerpen of its cells
PUBLISHED: dict[tuple[str, Filter], tuple[str, tuple[str, ...]]] = {
    ("jeugdigen", None): ("jeugdigen in zorg", ("jeugdigen in zorg",)),
    ("jeugdigen", ("s1_verblijf", True)): (
        "jeugdigen in S1-verblijf", ("jeugdigen in S1-verblijf",),
    ),
    ("jeugdigen", ("subsegment", "gezinsnabij")): (
        "jeugdigen in S2-gezinsnabij", ("jeugdigen in S2-gezinsnabij",),
    ),
    ("jeugdigen", ("subsegment", "wonen")): ("jeugdigen in S2-wonen", ("jeugdigen in S2-wonen",)),
    ("jeugdigen", ("segment", 2)): ("jeugdigen in segment 2", ("jeugdigen in segment 2",)),
    ("jeugdigen", ("verblijf", True)): ("jeugdigen in verblijf", ("jeugdigen in verblijf",)),
    ("zorgkosten", None): ("zorgkosten jeugdwet", ("zorgkosten jeugdwet",)),
    ("kostenontwikkeling", None): (
        "kostenontwikkeling zorgkosten",
        ("kostenontwikkeling zorgkosten jeugdwet",
         "kostenontwikkeling zorgkosten jeugdwet per gemeente"),
    ),
}  # fmt: skip
PAIRS = (("Deurne", "Asten"), ("Helmond", "Veldhoven"), ("Someren", "Waalre"))
YEARS = (2021, 2022, 2023, 2024)


def _region(o: Oracle) -> str:
    (name,) = {
        r[0]
        for r in o.con.execute(
            "SELECT DISTINCT inkoopregio FROM dim_gemeente WHERE in_monitor"
        ).fetchall()
    }
    return str(name)


def published(o: Oracle, measure: str, filt: Filter, gebied: str, jaar: int) -> float | None:
    """fact_kengetal's figure for this cell, None when the plan publishes none."""
    _, onderwerpen = PUBLISHED[(measure, filt)]
    rows = o.con.execute(
        "SELECT waarde FROM fact_kengetal WHERE list_contains(?, onderwerp) AND gebied = ? "
        "AND jaar = ?",
        [list(onderwerpen), gebied, jaar],
    ).fetchall()
    return float(rows[0][0]) if rows else None


def monitor(o: Oracle, measure: str, codes: list[str], jaar: int, filt: Filter) -> Expected:
    """The monitor's own figure of a calendar year, by plain SQL; a change from the annual
    accounts of that year and the one before."""
    if measure == "kostenontwikkeling":
        now, before = o.zorgkosten(codes, jaar), o.zorgkosten(codes, jaar - 1)
        return Expected((now / before - 1) * 100 if now is not None and before else None)
    return o.expected(measure, codes, date(jaar, 1, 1), date(jaar, 12, 31), filt)


def cells(o: Oracle) -> Iterator[Cell]:
    from tests.oracle.grid import Cell, Period

    code_of = {n: c for c, n in o.gemeenten.items()}
    everyone = tuple(o.gemeenten)
    for (measure, filt), (words, _) in PUBLISHED.items():
        tag = f"{measure}|{filt[0] if filt else ''}"
        for y in YEARS if measure != "kostenontwikkeling" else YEARS[1:]:  # no 2020 accounts
            period = Period(date(y, 1, 1), date(y, 12, 31), (str(y),))
            for a, b in PAIRS:
                q = f"vergelijk {a} met {b} {words} {y}"
                codes = (code_of[a], code_of[b])
                yield Cell("p_comparison", measure, codes, f"{a}/{b}", filt, tag, period, None, q)
            q = f"vergelijk Helmond met de regio {words} {y}"
            yield Cell("p_comparison", measure, (code_of["Helmond"],), "Helmond/regio", filt, tag,
                       period, "regio", q)  # fmt: skip
            q = f"{words} per gemeente {y}"
            yield Cell("p_breakdown", measure, everyone, "", filt, tag, period, None, q)
        for area in ("Helmond", "Deurne", "de regio"):
            codes = everyone if area == "de regio" else (code_of[area],)
            # (the region's "... per jaar" goes to the knowledge base: a routing question of its
            # own, not this one's)
            q = f"trend {words} regio" if area == "de regio" else f"{words} {area} per jaar"
            yield Cell("p_series", measure, codes, area, filt, tag, None, "jaar", q)


_NUM = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[+-]?\d+(?:,\d+)?")


def _number(text: str) -> float | None:
    if "minder dan" in text:
        return None
    m = _NUM.search(text)
    return float(m.group(0).replace(".", "").replace(",", ".")) if m else None


def _quoted_ok(text: str, waarde: float, measure: str) -> bool:
    """A published figure as the answer quotes it: the value itself (a change as the plan rounds
    it, so -4 is "-4%"), or "minder dan 5" for a count of 1-4 people."""
    if measure == "jeugdigen" and 0 < waarde < 5:
        return "minder dan 5" in text
    got = _number(text)
    return got is not None and abs(got - waarde) < 1e-6 * max(1.0, abs(waarde))


def check_published(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    from tests.oracle.grid import Outcome, _agrees

    kind = str(getattr(ans.kind, "value", ans.kind))
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}: {ans.text[:80]}")
    region = _region(o)
    first = ans.text.split("\n")[0]
    # the chart's points, where drawn: a hidden or zero value draws no bar
    points = {p.label: p.value for p in (ans.series.points if ans.series else [])}
    # (what the sentence calls the cell, codes, gebied in fact_kengetal, year)
    shown: list[tuple[str, list[str], str, int]] = []
    if cell.shape == "p_series":
        if not points:
            return Outcome(cell, "parse", f"geen reeks: {ans.intent} {ans.text[:60]}")
        gebied = region if len(cell.codes) > 1 else cell.codes[0]
        for label in points:
            if not re.fullmatch(r"\d{4}", label):
                return Outcome(cell, "parse", f"label {label}")
            shown.append((label, list(cell.codes), gebied, int(label)))
    else:
        assert cell.period is not None
        y = cell.period.start.year
        codes = list(cell.codes)
        shown = [(o.gemeenten[c], [c], c, y) for c in codes]
        if cell.per or cell.shape == "p_breakdown":
            shown.append((f"regio {region}", list(o.gemeenten), region, y))
    sep = ":" if cell.shape == "p_series" else ""
    for label, codes, gebied, y in shown:
        m = re.search(
            rf"(?<![\w-]){re.escape(label)}{sep} \*([^*]+)\*({MARK})?( \(monitor ([^)]+)\))?", first
        )
        if m is None:
            return Outcome(cell, "disagree", f"{label} niet in de zin: {first[:90]}")
        own = monitor(o, cell.measure, codes, y, cell.filt)
        # The monitor's own figure: its chart point where one is drawn (a hidden or zero value
        # draws none, nor a bar past the top ones), else as the sentence gives it, in brackets
        # beside a published figure that differs.
        value = points[label] if label in points else _number(m.group(4) or m.group(1))
        if cell.measure == "kostenontwikkeling":  # shown with one decimal
            ok = (own.value is None) == (value is None) and (
                own.value is None or value is None or abs(own.value - value) <= 0.051
            )
        else:
            ok = _agrees(own, value, cell.measure)
        if value is None and "niet getoond" in (m.group(4) or m.group(1)):
            ok = True  # hidden beside the other parts (secondary suppression): never wrong
        if not ok:
            return Outcome(cell, "disagree", f"{label}: monitor bot {value} oracle {own}")
        waarde = published(o, cell.measure, cell.filt, gebied, y)
        if waarde is None:
            if m.group(2):
                return Outcome(cell, "disagree", f"{label} {y} gemarkeerd, niet gepubliceerd")
            continue
        if not m.group(2):
            return Outcome(cell, "disagree", f"{label} {y}: gepubliceerd {waarde} niet gemarkeerd")
        if not _quoted_ok(m.group(1), waarde, cell.measure):
            return Outcome(cell, "disagree", f"{label} {y}: bot {m.group(1)} gepubliceerd {waarde}")
    marked = any(published(o, cell.measure, cell.filt, g, y) is not None for _, _, g, y in shown)
    lines = [line for line in ans.text.split("\n") if line.startswith(MARK)]
    if marked != (len(lines) == 1) or (marked and "Programmaplan" not in lines[0]):
        return Outcome(cell, "disagree", f"bronregel {lines}")
    return Outcome(cell, "ok")
