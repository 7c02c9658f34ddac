"""Oracle cells for thresholds: "welke gemeenten hadden in 2023 meer dan 600 jeugdigen?".

The expected selection is every monitor gemeente whose figure, from plain SQL over the raw marts
(tests/oracle/oracle.py), passes the threshold; a figure the disclosure rule hides is never in
it. The thresholds are taken between the gemeenten's own figures, so each cell selects some
gemeenten and leaves others out. The answer's first line must list exactly that selection and
say how many of the 11 it is. Nothing from bot/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from tests.oracle.oracle import Oracle

if TYPE_CHECKING:
    from tests.oracle.grid import Cell, Outcome

# measure -> the words of the question, and how a threshold of it is written
_ASKED = {
    "jeugdigen": ("jeugdigen in zorg", "{n}"),
    "kosten": ("kosten", "€ {n}"),
    "zorgkosten": ("zorgkosten", "{n}"),
}
_FORMS = (
    "welke gemeenten hadden {y} {dir} dan {t} {w}",
    "hoeveel gemeenten hadden {dir} dan {t} {w} {y}",
    "gemeenten met {dir} dan {t} {w} {y}",
)


def _fmt_nl(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _values(o: Oracle, measure: str, y: int) -> dict[str, float | None]:
    start, end = date(y, 1, 1), date(y, 12, 31)
    return {c: o.expected(measure, [c], start, end, None).value for c in o.gemeenten}


def cells(o: Oracle) -> Iterator[Cell]:
    from tests.oracle.grid import Cell, Period

    for measure, (words, written) in _ASKED.items():
        for y in (2022, 2023, 2024):
            shown = sorted(v for v in _values(o, measure, y).values() if v is not None)
            # two thresholds between figures: a third and two thirds up the list
            for q in (len(shown) // 3, 2 * len(shown) // 3):
                t = int((shown[q - 1] + shown[q]) / 2)
                t = round(t, -2) if t > 1000 else t
                for above in (True, False):
                    for form in _FORMS:
                        text = form.format(
                            y=f"in {y}",
                            dir="meer" if above else "minder",
                            t=written.format(n=_fmt_nl(t)),
                            w=words,
                        )
                        period = Period(start=date(y, 1, 1), end=date(y, 12, 31),
                                        words=(f"in {y}", str(y)))  # fmt: skip
                        yield Cell("t_threshold", measure, tuple(o.gemeenten), "", None,
                                   "up" if above else "down", period, str(t), text)  # fmt: skip


def check_threshold(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    from tests.oracle.grid import Outcome

    kind = str(getattr(ans.kind, "value", ans.kind))
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}: {ans.text[:80]}")
    if ans.intent != "drempel":
        return Outcome(cell, "parse", f"{ans.intent}: {ans.text[:60]}")
    assert cell.period is not None and cell.per is not None
    limit, above = float(cell.per), cell.tag == "up"
    values = _values(o, cell.measure, cell.period.start.year)
    want = {
        o.gemeenten[c]
        for c, v in values.items()
        if v is not None and (v > limit if above else v < limit)
    }
    line = ans.text.split("\n")[0]
    got = {n for n in o.gemeenten.values() if re.search(rf"(?<![\w-]){re.escape(n)} \(", line)}
    if got != want:
        return Outcome(cell, "disagree", f"bot {sorted(got)} oracle {sorted(want)}")
    count = f"{len(want)} van de {len(o.gemeenten)} gemeenten"
    if want and not line.startswith(count):
        return Outcome(cell, "disagree", f"telt niet {count}: {line[:60]}")
    return Outcome(cell, "ok")
