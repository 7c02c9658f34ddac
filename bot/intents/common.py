"""Slots and selection logic shared by the numeric intents (single, comparison, ranking, ...)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from pydantic import BaseModel

from bot.entities import subregion_of_codes, subregions_of
from bot.intents.base import Parsed, Run
from bot.intents.compose import last_full_year, naam, subregion_label, year_span
from bot.intents.measures import METRICS, Cell, Fetched, Filters, Metric, Span, fetch
from bot.marts.warehouse import Warehouse


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
    # Every area in order of mention when a sub-region is among them: a gemeente by its code,
    # a sub-region by its name, so a follow-up ("en in 2021?") keeps the sub-region as one area.
    gebieden: list[str] = []
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


def restore_areas(p: Parsed, gebieden: list[str], monitor: frozenset[str]) -> bool:
    """Put the areas of an earlier answer (NumericSlots.gebieden) back into a follow-up: a
    sub-region by its name with its members, a gemeente by its code. False when none is a
    sub-region of this monitor (then the gemeenten alone say it all)."""
    subs = {s.naam: list(s.codes) for s in subregions_of(monitor) if len(s.codes) > 1}
    if not any(k in subs for k in gebieden):
        return False
    p.areas = [(k, subs.get(k, [k])) for k in gebieden]
    p.subregios = [(k, subs[k]) for k in gebieden if k in subs]
    p.gemeenten = [k for k in gebieden if k not in subs]
    return True


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
        gebieden=[key for key, _ in p.areas] if p.subregios and not regio else [],
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
    runs: list[tuple[str, Fetched]] = []
    if singles:
        data = fetch(r.wh, metric, singles, spans, filters, total=False)
        runs.append((", ".join(naam(r.wh, c) for c in singles), data))
        for code in singles:
            out[code] = [data.get(i, code) for i in range(len(spans))]
    for key, codes in areas:
        if key is None or len(codes) > 1:
            data = fetch(r.wh, metric, codes, spans, filters)
            runs.append((f"regio {r.wh.regio_naam}" if key is None else key, data))
            out[key] = [data.get(i, None) for i in range(len(spans))]
    assert runs, "area_cells needs at least one area"
    return out, merged_runs(runs)


def merged_runs(runs: list[tuple[str, Fetched]]) -> Fetched:
    """One Fetched for "toon query" when one query ran once per area: its parameters per area,
    by the area's name, so every area's bound values are shown, not only the last one's."""
    if len(runs) == 1:
        return runs[0][1]
    first = runs[-1][1]
    return replace(first, cells={}, params={name: data.params for name, data in runs})


@dataclass
class RankedAreas:
    """What a ranking or a filter of areas ranks: each area as (key, member codes), a key being
    a gemeente code or a sub-region's name.

    `subregios` are the ranked sub-regions by name ("welke subregio ..."); `within` the named
    sub-regions whose member gemeenten are ranked ("welke gemeente van de Peel ..."); `regio`
    whether the areas make up the whole region."""

    areas: list[tuple[str, list[str]]]
    subregios: dict[str, list[str]] = field(default_factory=dict)
    within: list[tuple[str, list[str]]] = field(default_factory=list)
    regio: bool = False

    @property
    def codes(self) -> list[str]:
        return list(dict.fromkeys(c for _, codes in self.areas for c in codes))

    @property
    def singles(self) -> bool:
        """Every area is one gemeente: one query gives them all side by side."""
        return all(len(codes) == 1 and key == codes[0] for key, codes in self.areas)

    def name(self, wh: Warehouse, key: str) -> str:
        return key if key in self.subregios else naam(wh, key)

    def label(self, wh: Warehouse, key: str) -> str:
        """A sub-region with its members (the documents do not list them), a gemeente by name."""
        if key in self.subregios:
            sub = subregion_of_codes(wh.monitor_codes, self.subregios[key])
            return subregion_label(sub) if sub is not None else key
        return naam(wh, key)

    def noun(self) -> str:
        return "subregio" if self.subregios else "gemeente"


def ranked_areas(p: Parsed, r: Run) -> RankedAreas:
    """The areas a ranking or filter ranks: the sub-regions ("welke subregio"), the gemeenten
    named, the member gemeenten of the sub-regions named ("waar in de Peel"), or every gemeente.

    Helmond and Veldhoven are sub-regions of one gemeente each: ranked among the sub-regions,
    they stand as the gemeenten they are, so their figures are the gemeenten's own."""
    if p.dimension == "subregio":
        named = [(n, c) for n, c in p.subregios if len(c) > 1]
        if len(named) >= 2 and not p.gemeenten:
            chosen = named
        else:
            chosen = [(s.naam, list(s.codes)) for s in subregions_of(frozenset(r.wh.monitor_codes))]
        areas = [(n if len(c) > 1 else c[0], list(c)) for n, c in chosen]
        subs = {k: c for k, c in areas if len(c) > 1}
        covered = sorted(x for _, c in areas for x in c) == sorted(r.wh.monitor_codes)
        return RankedAreas(areas, subregios=subs, regio=covered)
    if p.subregios and p.areas and not p.regio:
        # "welke gemeente van Dommelvallei+": only its members, each on its own.
        codes = list(dict.fromkeys(c for _, cs in p.areas for c in cs))
        within = [(n, list(c)) for n, c in p.subregios]
        return RankedAreas([(c, [c]) for c in codes], within=within)
    if len(p.gemeenten) >= 2:
        return RankedAreas([(c, [c]) for c in p.gemeenten])
    return RankedAreas([(c, [c]) for c in monitor_codes(r)], regio=True)


def ranked_cells(
    r: Run, metric: Metric, ranked: RankedAreas, spans: list[Span], filters: Filters
) -> tuple[dict[str, list[Cell]], Fetched]:
    """Each ranked area's cells per span: gemeenten in one query as before, a sub-region as
    its own selection (a distinct count over its members, never a sum of member figures)."""
    if ranked.singles:
        codes = ranked.codes
        data = fetch(r.wh, metric, codes, spans, filters)
        return {c: [data.get(i, c) for i in range(len(spans))] for c in codes}, data
    cells, data = area_cells(r, metric, list(ranked.areas), spans, filters)
    return {str(k): v for k, v in cells.items()}, data
