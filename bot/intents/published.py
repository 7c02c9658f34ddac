"""Published series first (issue 13 item 4): the published figures for exactly the cells a
monitor answer shows, whatever its shape (one figure, areas side by side, a series, a breakdown
per gemeente).

A kengetal block whose `monitor:` link names a measure, a period kind and a filter publishes
the cells of that measure for its areas and years (knowledge/kengetallen.yaml). `cells()` takes
the measure, filter, periods and areas an answer shows and returns the published figure of each
of those cells that has one; a near cell (another filter, period kind, area or year) gets none,
as its published figure answers another question. The answer marks each published value with
MARK and says once, in `note()`, where the figures stand and how the monitor's own count
differs. fact_kengetal is read once per warehouse, not per cell.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.disclosure import Shown
from bot.intents.compose import in_period, join_nl, naam
from bot.intents.kengetal import (
    _PERIOD_IN_SUBJECT,
    DOCUMENT_NAMES,
    QUERY,
    Kengetal,
    _area_of,
    link_filters,
    link_span,
)
from bot.intents.kengetal_index import Block, blocks
from bot.intents.measures import METRICS, Cell, Filters, Span
from bot.knowledge.schema import DOCUMENT_TITLES
from bot.models import Source
from bot.render.format import fmt_pct_change

if TYPE_CHECKING:
    from bot.intents.base import Run
    from bot.marts.warehouse import Warehouse

AreaKey = str | None  # as the answer keys its cells: a gemeente code, a sub-region, None
MARK = "\u2020"  # "2.602†": a published figure; the answer's note says where it stands

_ROWS: weakref.WeakKeyDictionary[Warehouse, dict[tuple[str, str, int], float]] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def _linked() -> tuple[Block, ...]:
    return tuple(b for b in blocks() if b.link is not None and not b.link.naast)


def rows(wh: Warehouse) -> dict[tuple[str, str, int], float]:
    """fact_kengetal's values of the linked blocks, by (onderwerp, gebied, jaar): read once per
    warehouse (a new delivery is a new warehouse)."""
    with _LOCK:
        got = _ROWS.get(wh)
    if got is not None:
        return got
    linked = _linked()
    gebieden = sorted({g for b in linked for g in b.gebieden_codes})
    onderwerpen = {b.onderwerp for b in linked}
    got = {
        (str(x[0]), str(x[1]), int(x[2])): float(x[3])
        for x in wh.run(QUERY, {"gebieden": gebieden})
        if x[0] in onderwerpen and x[2] is not None
    }
    with _LOCK:
        _ROWS[wh] = got
    return got


def _decimals(waarde: float) -> int:
    """The decimals a figure was published with: 12 (0), 8,9 (1), -5,51 (2)."""
    for d in range(4):
        if round(waarde, d) == waarde:
            return d
    return 4


@dataclass(frozen=True)
class PublishedCell:
    """The published figure of one cell an answer shows."""

    waarde: float
    text: str  # as published and as the disclosure rule shows a count of people: "2.635"
    block: Block
    gebied: str  # as fact_kengetal names the area
    span: Span

    def same(self, cell: Cell, shown: Shown) -> bool:
        """Whether the monitor's shown count is the published figure, to the published
        precision (a change of -4,03% is the plan's -4%); a hidden count is never called equal,
        which would tell it."""
        if shown.status != "shown" or cell.value is None:
            return False
        return round(float(cell.value), _decimals(self.waarde)) == self.waarde

    @property
    def source(self) -> Source:
        b = self.block
        titel = DOCUMENT_TITLES.get(b.document, b.document)
        return Source(titel=titel, document=b.document, locatie=b.locatie)


@dataclass
class Published:
    """The published figures of an answer's cells, keyed like its cells: (period index, area)."""

    cells: dict[tuple[int, AreaKey], PublishedCell] = field(default_factory=dict)
    differs: bool = False  # set by mark(): a monitor count shown beside a published one
    hidden: bool = False  # ... or a count the monitor does not show precisely (1-4)

    def __bool__(self) -> bool:
        return bool(self.cells)

    def get(self, i: int, key: AreaKey) -> PublishedCell | None:
        return self.cells.get((i, key))

    def mark(self, i: int, key: AreaKey, cell: Cell, shown: Shown) -> str:
        """A value as the answer shows it: "*2.602*" for the monitor's own, "*2.602*†" for a
        published one the monitor counts the same, "*2.610*† (monitor 2.602)" where it does not."""
        pub = self.get(i, key)
        if pub is None:
            return f"*{shown.text}*"
        if pub.same(cell, shown):
            return f"*{pub.text}*{MARK}"
        if pub.text == shown.text:  # both "minder dan 5": the bracket would say nothing
            self.hidden = True
            return f"*{pub.text}*{MARK}"
        if shown.status == "shown":
            self.differs = True
        else:
            self.hidden = True
        return f"*{pub.text}*{MARK} (monitor {shown.text})"

    @property
    def sources(self) -> list[Source]:
        by_place = {(c.block.document, c.block.locatie): c.source for c in self.cells.values()}
        return list(by_place.values())

    def note(self) -> str:
        """One line for all published cells: the document and its sections, and once how the
        monitor's own count differs (call after mark())."""
        if not self.cells:
            return ""
        chosen = list(dict.fromkeys(c.block for c in self.cells.values()))
        docs = list(dict.fromkeys(b.document for b in chosen))
        where = "; ".join(
            f"{DOCUMENT_NAMES.get(d, DOCUMENT_TITLES.get(d, d))} ("
            + "; ".join(dict.fromkeys(b.locatie for b in chosen if b.document == d))
            + ")"
            for d in docs
        )
        text = f"\n{MARK} Gepubliceerd cijfer volgens {where}."
        if self.differs:
            why = join_nl(
                list(dict.fromkeys(b.link.verschil for b in chosen if b.link and b.link.verschil))
            )
            text += " Tussen haakjes de eigen telling van de monitor" + (
                f", die afwijkt: {why}" if why else "."
            )
        else:
            text += " De monitor telt hier zelf hetzelfde" + (
                ", op kleine aantallen na, die hij niet precies toont." if self.hidden else "."
            )
        return text


def cells(
    r: Run,
    maat: str,
    filters: Filters,
    spans: list[Span],
    areas: list[tuple[AreaKey, list[str], bool]],
) -> Published:
    """The published figures for exactly the cells (period index, area key) an answer shows:
    `areas` are its (key, gemeente codes, is the region) rows. A cell has one when a linked
    block names this measure and filter, covers this period exactly (its period kind within
    the year) and publishes a value for this area and year."""
    out = Published()
    linked = [
        b
        for b in _linked()
        if b.link is not None and b.link.maat == maat and link_filters(b.link) == filters
    ]
    if not linked:
        return out
    values = rows(r.wh)
    change = METRICS[maat].kind == "change"
    for i, span in enumerate(spans):
        if span.start.year != span.end.year:
            continue
        year = span.start.year
        for key, codes, regio in areas:
            gebied = _area_of(r, codes, regio)
            if gebied is None:
                continue
            for b in linked:
                assert b.link is not None
                want = link_span(b.link, year)
                if (want.start, want.end) != (span.start, span.end):
                    continue
                waarde = values.get((b.onderwerp, gebied, year))
                if waarde is None:
                    continue
                text = (
                    fmt_pct_change(waarde, _decimals(waarde))  # "+29%", as the plan rounds it
                    if change
                    else Kengetal._fmt(r, waarde, b.eenheid)
                )
                out.cells[(i, key)] = PublishedCell(waarde, text, b, gebied, span)
                break
    return out


def by_filter(
    r: Run,
    maat: str,
    span: Span,
    codes: list[str],
    regio: bool,
    rows: list[tuple[AreaKey, Filters]],
) -> Published:
    """The published figures of one area's rows that each count with a filter of their own (a
    breakdown per segment: segment 2 is the 0-meting's, the unique total its jeugdigen in zorg),
    keyed by the row's key."""
    out = Published()
    for key, filters in rows:
        found = cells(r, maat, filters, [span], [(None, codes, regio)]).get(0, None)
        if found is not None:
            out.cells[(0, key)] = found
    return out


@dataclass(frozen=True)
class PublishedFirst:
    """A published figure for exactly the cell a single monitor answer counts."""

    text: str  # "Volgens het Programmaplan ... is ... *2.045* (gepubliceerd cijfer)."
    cell: PublishedCell
    source: Source
    verschil: str  # why the monitor's own count differs (the block's monitor.verschil)

    @property
    def waarde(self) -> float:
        return self.cell.waarde


def published_first(
    r: Run, maat: str, codes: list[str], regio: bool, span: Span, filters: Filters
) -> PublishedFirst | None:
    """The published figure for exactly this one cell, as the sentence a single answer starts
    with; None for a near cell (another filter, period or area)."""
    found = cells(r, maat, filters, [span], [(None, codes, regio)]).get(0, None)
    if found is None:
        return None
    b, wh = found.block, r.wh
    area = naam(wh, found.gebied) if found.gebied in wh.gemeenten else found.gebied
    if found.gebied == wh.regio_naam:
        area = f"regio {area}"
    name = DOCUMENT_NAMES.get(b.document, b.document)
    # The period is said once, by the answer's label: "unieke cliënten jeugdhulp" in
    # "eerste helft 2023", not "... eerste halfjaar in eerste helft 2023"; the area too.
    subject = _PERIOD_IN_SUBJECT.sub("", b.onderwerp).removesuffix(" per gemeente").strip()
    what = f"het aantal {subject}" if b.eenheid == "aantal" else f"de {subject}"
    verb = "zijn" if b.eenheid == "euro" else "is"  # "de zorgkosten jeugdwet zijn"
    assert b.link is not None
    label = link_span(b.link, found.span.start.year).label
    text = (
        f"Volgens {name} ({b.locatie}) {verb} {what} in {area} {in_period(label)} "
        f"*{found.text}* (gepubliceerd cijfer)."
    )
    return PublishedFirst(text, found, found.source, b.link.verschil)
