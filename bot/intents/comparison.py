"""Comparisons: several gemeenten side by side, or one area over two or more periods."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.disclosure import Shown
from bot.intents.base import Intent, Parsed, Run, register, slot_dump
from bot.intents.common import (
    AreaKey,
    NumericSlots,
    area,
    area_cells,
    metric_of,
    slots_for,
    spans_of,
)
from bot.intents.compose import (
    area_label,
    bar_series,
    coverage_problem,
    join_nl,
    maat,
    naam,
    numeric_answer,
    partial_note,
    sources,
    subregion_note,
)
from bot.intents.measures import (
    YEARLY,
    Cell,
    Fetched,
    Filters,
    Metric,
    Span,
    fetch,
    protect,
    rate_terms,
    show,
)
from bot.intents.published import Published
from bot.intents.published import cells as published_cells
from bot.models import Answer, SeriesPoint, Table
from bot.render.format import fmt_eur, fmt_int


def change_text(metric: Metric, a: Cell, b: Cell, sa: Shown, sb: Shown, r: Run) -> str | None:
    """The relative change from a to b, only when both figures may be shown."""
    if metric.kind not in ("count", "amount", "average", "days", "rate"):
        return None
    if sa.status != "shown" or sb.status != "shown" or not a.value:
        return None
    if metric.kind == "count":
        # Counts change from the figures as shown (rounded under the cbs rule, so the raw
        # counts cannot be read back from the percentage), and the earlier count is the
        # percentage's denominator: below 10 it is not shown (P3).
        if not sa.value:
            return None
        base = float(sa.value)
        pct = (float(sb.value or 0) - base) / base * 100
        shown = r.disclosure.percentage(pct, signed=True, denominator=int(base))
        return shown.text if shown.status == "shown" else None
    pct = (float(b.value or 0) - float(a.value)) / float(a.value) * 100
    youths = min(x for x in (a.youths, b.youths, 10**9) if x is not None)
    shown = r.disclosure.percentage(pct, signed=True, n_youths=youths if youths < 10**9 else None)
    return shown.text if shown.status == "shown" else None


def previous_year(span: Span) -> Span:
    from bot.language.periods import Period

    per = Period.between(span.start, span.end).shifted_years(-1)
    return Span(per.start, per.end, per.label, per.grain)


@register
class Comparison(Intent):
    name = "vergelijking"
    description = "Twee of meer gemeenten naast elkaar, of één gebied in twee of meer perioden."
    examples = (
        "vergelijk Deurne met Asten",
        "Helmond vs Veldhoven kosten 2023",
        "jeugdigen in zorg Helmond 2022 vergeleken met 2023",
        "en vergeleken met vorig jaar?",
    )
    queries = ("jeugdigen", "trajecten", "aanbieders", "kosten", "zorgkosten", "inwoners", *YEARLY)
    Slots = NumericSlots

    def match(self, p: Parsed) -> float:
        places = len(p.areas) if p.areas else len(set(p.gemeenten))
        several_places = places >= 2 or (p.regio and places >= 1)
        several_periods = len(p.spans) >= 2 or p.compare_previous
        if several_places and not ({"rank", "filter"} & p.cues) and p.dimension is None:
            return 0.75 if "trend" not in p.cues or "compare" in p.cues else 0.55
        if several_periods and ("compare" in p.cues or p.compare_previous):
            return 0.75
        if "compare" in p.cues and (several_places or several_periods):
            return 0.75
        return 0.0

    def run(self, p: Parsed, r: Run) -> Answer:
        metric = metric_of(p)
        spans = spans_of(p, r)
        if p.compare_previous and len(spans) == 1:
            spans = [previous_year(spans[0]), spans[0]]
        if p.areas:
            return self._run_areas(p, r, metric, spans)
        codes, regio = area(p, r)
        with_region = p.regio and bool(p.gemeenten)
        if with_region:
            codes = list(dict.fromkeys([*p.gemeenten, *r.wh.monitor_codes]))
        problem = coverage_problem(r, metric, spans)
        if problem:
            from bot.intents.refuse import no_data

            return no_data(problem, self.name)
        filters = p.filters if metric.filterable else Filters()
        # Side by side, each gemeente on its own: the total of several is only wanted when
        # the region is one of the rows (then it is the precomputed regional figure).
        data = fetch(r.wh, metric, codes, spans, filters, total=with_region or regio)
        rows_keys: list[str | None]
        if with_region:
            rows_keys = [*list(dict.fromkeys(p.gemeenten)), None]
        elif regio:
            rows_keys = [None]
        else:
            rows_keys = list(codes)

        def label(k: str | None) -> str:
            return naam(r.wh, k) if k else f"regio {r.wh.regio_naam}"

        cells_of = {k: [data.get(i, k) for i in range(len(spans))] for k in rows_keys}
        shown_of = {k: [show(metric, c, r.disclosure) for c in cells_of[k]] for k in rows_keys}
        parts_keys = [code for code in rows_keys if code]
        if with_region and set(parts_keys) == set(r.wh.monitor_codes):
            _protect_parts(shown_of, cells_of, parts_keys, len(spans), metric, r)
        published = published_cells(
            r, metric.key, filters, spans, [(k, [k] if k else codes, k is None) for k in rows_keys]
        )
        table, parts, points = _side_by_side(
            metric, spans, rows_keys, cells_of, shown_of, label, r, published=published
        )
        gebied = (
            join_nl([label(k) for k in rows_keys])
            if not regio or with_region
            else area_label(r.wh, codes, True)
        )
        slots = slots_for(p, metric, [k for k in rows_keys if k], regio and not with_region, spans)
        return self._answer(
            r, metric, spans, filters, data, gebied, table, parts, points, slots, published
        )

    def _run_areas(self, p: Parsed, r: Run, metric: Metric, spans: list[Span]) -> Answer:
        """Places of which at least one is a sub-region: each area a row with its own figure."""
        problem = coverage_problem(r, metric, spans)
        if problem:
            from bot.intents.refuse import no_data

            return no_data(problem, self.name)
        filters = p.filters if metric.filterable else Filters()
        areas: list[tuple[AreaKey, list[str]]] = [(k, list(c)) for k, c in p.areas]
        if p.regio:
            areas.append((None, list(r.wh.monitor_codes)))
        cells_of, data = area_cells(r, metric, areas, spans, filters)
        keys = [k for k, _ in dict.fromkeys((k, tuple(c)) for k, c in areas)]
        codes_of = {k: c for k, c in areas}
        subs = {name: codes for name, codes in p.subregios}

        def label(k: AreaKey) -> str:
            if k is None:
                return f"regio {r.wh.regio_naam}"
            if k in subs:
                return area_label(r.wh, subs[k], False)
            return naam(r.wh, k)

        shown_of = {k: [show(metric, c, r.disclosure) for c in cells_of[k]] for k in keys}
        parts_keys = [k for k in keys if k is not None]
        covered = sorted(c for k in parts_keys for c in codes_of[k])
        if None in keys and covered == sorted(r.wh.monitor_codes):
            _protect_parts(shown_of, cells_of, parts_keys, len(spans), metric, r)

        def point(k: AreaKey) -> str:
            return f"regio {r.wh.regio_naam}" if k is None else k if k in subs else naam(r.wh, k)

        published = published_cells(
            r, metric.key, filters, spans, [(k, codes_of[k], k is None) for k in keys]
        )
        table, parts, points = _side_by_side(
            metric, spans, keys, cells_of, shown_of, label, r, point=point, published=published
        )
        codes = list(dict.fromkeys(c for k in parts_keys for c in codes_of[k]))
        slots = slots_for(p, metric, codes, False, spans)
        slots.subregios = [k for k in parts_keys if k in subs]
        note = subregion_note(r.wh, [codes_of[k] for k in keys if k is not None])
        gebied = join_nl([label(k) for k in keys])
        return self._answer(
            r, metric, spans, filters, data, gebied, table, parts, points, slots, published, note
        )

    def _answer(
        self,
        r: Run,
        metric: Metric,
        spans: list[Span],
        filters: Filters,
        data: Fetched,
        gebied: str,
        table: Table,
        parts: list[str],
        points: list[SeriesPoint],
        slots: NumericSlots,
        published: Published,
        note: str = "",
    ) -> Answer:
        """The areas side by side as one answer: the same sentence, chart and sources whether
        the areas are gemeenten, the region or sub-regions; the published figures among them
        marked, with one line on where they stand (issue 13 item 4)."""
        m = maat(metric, r.wh, filters)
        head = f"{m[0].upper()}{m[1:]}" + (f" in {spans[0].label}" if len(spans) == 1 else "")
        text = f"{head}: " + "; ".join(parts) + partial_note(r, spans) + "."
        text += published.note() + note
        series = None
        if len(spans) == 1 and len(points) > 1:
            series = bar_series(f"{m}, {spans[0].label}", metric.unit, points)
        return numeric_answer(
            r,
            intent=self.name,
            text=text,
            gebied=gebied,
            periode=join_nl([s.label for s in spans]),
            maat_=m,
            metric=metric,
            slots=slot_dump(slots),
            query=data.query.name if data.query else None,
            params=data.params,
            table=table,
            series=series,
            sources=[*sources(r.wh, metric), *published.sources],
        )


def _protect_parts(
    shown_of: dict[Any, list[Shown]],
    cells_of: dict[Any, list[Cell]],
    parts: list[Any],
    n_spans: int,
    metric: Metric,
    r: Run,
) -> None:
    """The parts on screen make up the region's total: one hidden part would be the total
    minus the others, so secondary suppression hides a second one (P4)."""
    for i in range(n_spans):
        column = protect(
            [shown_of[k][i] for k in parts], [cells_of[k][i] for k in parts], metric, r.disclosure
        )
        for k, protected in zip(parts, column, strict=True):
            shown_of[k][i] = protected


def _side_by_side(
    metric: Metric,
    spans: list[Span],
    keys: list[Any],
    cells_of: dict[Any, list[Cell]],
    shown_of: dict[Any, list[Shown]],
    label: Callable[[Any], str],
    r: Run,
    point: Callable[[Any], str] | None = None,
    published: Published | None = None,
) -> tuple[Table, list[str], list[SeriesPoint]]:
    """Each area a row (its figure per period, and the change when there are two periods) and
    a phrase for the sentence; a change in money is read in euros as well as in percent. A
    published figure of a cell is marked in the sentence and has a column of its own."""
    published = published or Published()
    columns = ["Gebied", *[s.label for s in spans]]
    if len(spans) == 2:
        columns.append("Verandering")
    with_published = [i for i in range(len(spans)) if any(published.get(i, k) for k in keys)]
    columns += [f"{spans[i].label} gepubliceerd" for i in with_published]
    rows: list[list[str]] = []
    parts: list[str] = []
    points: list[SeriesPoint] = []
    for k in keys:
        cells, shown = cells_of[k], shown_of[k]
        row = [label(k), *[x.text for x in shown]]
        change = None
        if len(spans) == 2:
            change = change_text(metric, cells[0], cells[1], shown[0], shown[1], r)
            row.append(change or "-")
        for i in with_published:
            pub = published.get(i, k)
            row.append(pub.text if pub else "-")
        if len(spans) == 2:
            if change and metric.kind == "amount":
                diff = float(cells[1].value or 0) - float(cells[0].value or 0)
                change += f", {'+' if diff >= 0 else '-'}{fmt_eur(abs(diff))}"
            elif change and metric.kind == "count":
                # "hoeveel minder jeugdigen ...": the difference as well, of the counts as
                # shown (so it tells nothing the two shown counts do not)
                n = int(float(shown[1].value or 0) - float(shown[0].value or 0))
                change += f", {'+' if n >= 0 else '-'}{fmt_int(abs(n))}"
        rows.append(row)
        if len(spans) == 1:
            terms = (  # the year is the sentence's
                rate_terms(metric, cells[0], r.disclosure, year=False)
                if shown[0].status == "shown"
                else None
            )
            value = published.mark(0, k, cells[0], shown[0])
            parts.append(f"{label(k)} {value}" + (f" ({terms})" if terms else ""))
            points.append(SeriesPoint(label=(point or label)(k), value=shown[0].value))
        else:
            seq = ", ".join(
                f"{s.label}: {published.mark(i, k, cells[i], x)}"
                for i, (s, x) in enumerate(zip(spans, shown, strict=True))
            )
            parts.append(f"{label(k)}: {seq}" + (f" ({change})" if change else ""))
    return Table(columns=columns, rows=rows), parts, points
