"""Slots and selection logic shared by the numeric intents (single, comparison, ranking, ...)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from bot.intents.base import Parsed, Run
from bot.intents.compose import last_full_year, year_span
from bot.intents.measures import METRICS, Cell, Fetched, Filters, Metric, Span, fetch


class PeriodSlot(BaseModel):
    start: date
    end: date
    label: str
    grain: str = "jaar"


class NumericSlots(BaseModel):
    """What a numeric question is about; kept in the conversation for follow-ups."""

    metric: str
    gemeenten: list[str] = []
    regio: bool = False
    periods: list[PeriodSlot] = []
    segment: int | None = None
    subsegment: str | None = None
    productcode: str | None = None
    verwijzer: str | None = None
    verblijf: bool = False
    dimension: str | None = None
    subregios: list[str] = []  # sub-regions among the areas, by name
    top: int | None = None
    direction: str | None = None


def metric_of(p: Parsed, default: str = "jeugdigen") -> Metric:
    return METRICS[p.metric or default]


def area(p: Parsed, r: Run) -> tuple[list[str], bool]:
    """The gemeenten to query and whether the answer is about the whole region."""
    if p.areas and not p.regio:
        # One sub-region, or several places asked as one selection: their members together.
        return list(dict.fromkeys(c for _, codes in p.areas for c in codes)), False
    if p.gemeenten and not p.regio:
        return list(dict.fromkeys(p.gemeenten)), False
    return monitor_codes(r), True


def monitor_codes(r: Run) -> list[str]:
    return list(r.wh.monitor_codes)


def spans_of(p: Parsed, r: Run) -> list[Span]:
    """The periods asked about, or the last full year the marts cover."""
    if p.spans:
        return list(p.spans)
    return [year_span(last_full_year(r.wh))]


def slots_for(
    p: Parsed, metric: Metric, codes: list[str], regio: bool, spans: list[Span]
) -> NumericSlots:
    f: Filters = p.filters
    return NumericSlots(
        metric=metric.key,
        gemeenten=[] if regio else codes,
        regio=regio,
        periods=[PeriodSlot(start=s.start, end=s.end, label=s.label, grain=s.grain) for s in spans],
        segment=f.segment,
        subsegment=f.subsegment,
        productcode=f.productcode,
        verwijzer=f.verwijzer,
        verblijf=f.verblijf,
        dimension=p.dimension,
        top=p.top,
        direction=p.direction,
    )


def spans_from_slots(periods: list[dict]) -> list[Span]:
    return [
        Span(
            date.fromisoformat(x["start"]),
            date.fromisoformat(x["end"]),
            x["label"],
            x.get("grain", "jaar"),
        )
        for x in periods
    ]


def series_spans(p: Parsed, r: Run, metric: Metric) -> list[Span]:
    """The points of a trend: the years (or quarters, months) of the range asked, by default
    every full year the data cover."""
    from bot.language.periods import Period

    wh = r.wh
    if metric.yearly:
        first, last = wh.inwoners_jaren if metric.kind == "population" else wh.zorgkosten_jaren
        if metric.kind == "change":
            first += 1
        if p.spans:
            years = sorted({y for s in p.spans for y in range(s.start.year, s.end.year + 1)})
        else:
            years = list(range(first, last + 1))
        return [year_span(y) for y in years]
    if len(p.spans) > 1:
        return list(p.spans)
    if p.spans:
        start, end = p.spans[0].start, p.spans[0].end
    elif p.per in ("maand", "kwartaal", "halfjaar"):
        # Per month or quarter the series runs to the data end; the period holding it is
        # labelled as partial by the caller (issue 12: it stopped at the last full year).
        start, end = date(wh.data_start.year, 1, 1), wh.data_end
    else:
        start, end = date(wh.data_start.year, 1, 1), date(last_full_year(wh), 12, 31)
    end = min(end, wh.data_end) if start <= wh.data_end else end
    grain = p.per or ("jaar" if (end.year - start.year) >= 1 else "maand")
    out: list[Span] = []
    if grain == "jaar":
        for y in range(start.year, end.year + 1):
            per = Period.year(y)
            out.append(Span(per.start, per.end, per.label, "jaar"))
    elif grain == "kwartaal":
        y, q = start.year, (start.month - 1) // 3 + 1
        while date(y, 3 * q - 2, 1) <= end:
            per = Period.quarter(y, q)
            out.append(Span(per.start, per.end, per.label, "kwartaal"))
            y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    elif grain == "halfjaar":
        y, h = start.year, 1 if start.month <= 6 else 2
        while date(y, 6 * h - 5, 1) <= end:
            per = Period.half(y, h)
            out.append(Span(per.start, per.end, per.label, "halfjaar"))
            y, h = (y + 1, 1) if h == 2 else (y, 2)
    else:
        y, m = start.year, start.month
        while date(y, m, 1) <= end:
            per = Period.month(y, m)
            out.append(Span(per.start, per.end, per.label, "maand"))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out[-60:]


AreaKey = str | None  # a gemeente code, a sub-region name, or None for the whole region


def area_cells(
    r: Run,
    metric: Metric,
    areas: list[tuple[AreaKey, list[str]]],
    spans: list[Span],
    filters: Filters,
) -> tuple[dict[AreaKey, list[Cell]], Fetched]:
    """Each area's cells per span: gemeenten side by side in one query, and every area of
    several gemeenten (a sub-region, the region) as its own selection, so its figure is the
    query's total over its members (a distinct count over the area, rates on its own
    population), never a sum of member figures."""
    out: dict[AreaKey, list[Cell]] = {}
    singles = [codes[0] for key, codes in areas if key is not None and len(codes) == 1]
    last: Fetched | None = None
    if singles:
        last = fetch(r.wh, metric, singles, spans, filters, total=False)
        for code in singles:
            out[code] = [last.get(i, code) for i in range(len(spans))]
    for key, codes in areas:
        if key is None or len(codes) > 1:
            last = fetch(r.wh, metric, codes, spans, filters)
            out[key] = [last.get(i, None) for i in range(len(spans))]
    assert last is not None, "area_cells needs at least one area"
    return out, last
