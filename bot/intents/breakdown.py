"""Breakdowns: one measure split by segment, product, aanbieder, verwijzer or gemeente, as a Table.

Each dimension has its own SQL file: a dimension is never an identifier bound from user text.
Parts of a total get secondary suppression, so a hidden small cell cannot be recovered as
"total minus the other parts" (P4).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.intents.base import Intent, Parsed, Run, register, slot_dump
from bot.intents.common import NumericSlots, area, slots_for, spans_of
from bot.intents.compose import (
    area_label,
    bar_series,
    coverage_problem,
    in_period,
    maat,
    naam,
    numeric_answer,
    partial_note,
    sources,
)
from bot.intents.measures import (
    DENOMINATOR_LABEL,
    METRICS,
    Cell,
    Filters,
    Metric,
    Span,
    as_rate,
    base_of,
    fetch,
    populations,
    protect,
    rate_key,
    scale_of,
    show,
    yearly_area,
)
from bot.intents.published import Published, by_filter
from bot.intents.rates import rate_problem
from bot.marts.sqlguard import Query, load_query
from bot.models import Answer, Kind, Option, SeriesPoint, Table
from bot.render.format import fmt_int

_PARAMS = {"gemeenten", "start", "end", "segment", "subsegment", "verblijf"}
QUERIES = {
    dim: load_query(f"verdeling_{dim}", _PARAMS)
    for dim in ("segment", "product", "aanbieder", "verwijzer")
}
# The same rows from the serving copy's yearly figures, for a calendar year without filters;
# the dimension is bound as its number in that query, never as text.
Q_JAAR = load_query("verdeling_jaar", {"gemeenten", "start", "end", "regio", "dim"})
DIM_NUMBERS = {"segment": 1, "product": 2, "verwijzer": 3, "aanbieder": 4}
HEADERS = {
    "segment": "Segment",
    "product": "Product",
    "aanbieder": "Aanbieder",
    "verwijzer": "Verwijzer",
}


@register
class Breakdown(Intent):
    name = "verdeling"
    description = "Een maat uitgesplitst naar segment, product, aanbieder, verwijzer of gemeente."
    examples = (
        "verdeling naar segment in Helmond 2023",
        "kosten per product in de regio vorig jaar",
        "welke aanbieders leveren in Deurne",
        "jeugdigen per verwijzer 2023",
        "en per segment?",
    )
    queries = (*(f"verdeling_{d}" for d in QUERIES), "verdeling_jaar")
    Slots = NumericSlots

    def match(self, p: Parsed) -> float:
        return 0.85 if p.dimension else 0.0

    def _per_subregion(self, p: Parsed, r: Run) -> Answer:
        """Every sub-region of the region (Helmond and Veldhoven as the gemeenten they are) and
        the region's own figure, as a comparison of areas."""
        from bot.entities import subregions_of
        from bot.intents.comparison import Comparison

        subs = subregions_of(frozenset(r.wh.monitor_codes))
        p.subregios = [(s.naam, list(s.codes)) for s in subs if len(s.codes) > 1]
        p.areas = [(s.naam if len(s.codes) > 1 else s.codes[0], list(s.codes)) for s in subs]
        p.gemeenten, p.regio = [], True
        ans = Comparison().run(p, r)
        ans.intent = self.name
        ans.slots["dimension"] = "subregio"
        return ans

    def run(self, p: Parsed, r: Run) -> Answer:
        if p.dimension == "subregio":
            return self._per_subregion(p, r)
        if p.dimension == "gemeente":
            from bot.intents.comparison import Comparison

            p.gemeenten = list(r.wh.monitor_codes)
            p.regio = True
            ans = Comparison().run(p, r)
            ans.intent = self.name
            ans.slots["dimension"] = "gemeente"
            return ans
        dim = p.dimension or "segment"
        key = p.metric or "jeugdigen"
        if base_of(key) == "zorgkosten":
            # the annual accounts have no split: the declaraties have
            key = rate_key("kosten", METRICS[key].per or "") or "kosten"
        count_key = base_of(key)
        if count_key not in DIM_COLUMNS:
            return ask_dimension_measure(p, dim, METRICS[key])
        column, metric = DIM_COLUMNS[count_key], METRICS[key]
        span = spans_of(p, r)[0]
        stop = rate_problem(p, p.text, [span])
        if stop:
            return stop
        problem = coverage_problem(r, metric, [span])
        if problem:
            from bot.intents.refuse import no_data

            return no_data(problem, self.name)
        dropped = unsupported_filter(p, dim)
        if dropped:
            return dropped
        codes, regio, filters, params, query, rows = dimension_rows(p, r, dim, span, column)
        # Trajectories and costs add up (or average) over the groups, as each trajectory has
        # one segment, product, aanbieder and verwijzer: the total is the measure's own; a
        # youth can be in several groups, so theirs is counted unique.
        own_total = count_key != "jeugdigen"
        total = fetch(
            r.wh, metric if own_total else METRICS[rate_key("jeugdigen", metric.per or "") or
                                                   "jeugdigen"],
            codes, [span], filters,
        ).get(0, None)  # fmt: skip
        cells = [dimension_cell(metric, row, column) for row in rows]
        population = shared_population(r, metric, codes, span, cells)
        labels = [self._label(r, dim, row[0]) for row in rows]
        shown = protect([show(metric, c, r.disclosure) for c in cells], cells, metric, r.disclosure)
        order = (
            sorted(range(len(cells)), key=lambda i: -(cells[i].value or 0))
            if dim != "segment"
            else list(range(len(cells)))
        )
        # Sorting by a hidden value would reveal its size: hidden rows go last, by label.
        order = [i for i in order if not shown[i].suppressed] + sorted(
            (i for i in order if shown[i].suppressed), key=lambda i: labels[i]
        )
        m = maat(metric, r.wh, filters)
        table_rows = [[labels[i], shown[i].text] for i in order]
        total_shown = show(metric, total, r.disclosure)
        unique = metric.kind in ("count", "rate") and not own_total
        table_rows.append(["Totaal (uniek)" if unique else "Totaal", total_shown.text])
        columns = [HEADERS[dim], m]
        if population is not None:  # each row's count beside its rate
            counts = [part_count(metric, cells[i], shown[i], r) for i in order]
            for row, count in zip(table_rows, [*counts, part_count(metric, total, total_shown, r)],
                                  strict=True):  # fmt: skip
                row.append(count)
            columns.append(METRICS[count_key].label)
        gebied = area_label(r.wh, codes, regio)
        of = (
            {i: f" ({part_count(metric, cells[i], shown[i], r)})" for i in order}
            if population is not None
            else {}
        )  # a rate's count beside it; the sentence after the list says what it is divided by
        # The published figures among the rows (issue 13 item 4): a row per segment counts
        # with that segment as its filter, the unique total with the question's own.
        published = Published()
        if dim == "segment" and filters.segment is None:
            published = by_filter(
                r, metric.key, span, codes, regio,
                [*((f"row{i}", replace(filters, segment=row[0])) for i, row in enumerate(rows)),
                 (None, filters)],
            )  # fmt: skip
        head = ", ".join(
            f"{labels[i]}: {published.mark(0, f'row{i}', cells[i], shown[i])}{of.get(i, '')}"
            for i in order[:6]
        )
        more = f" (en {len(order) - 6} meer, zie tabel)" if len(order) > 6 else ""
        when = in_period(span.label)
        text = f"{m[0].upper()}{m[1:]} in {gebied} {when}, naar {dim}: {head}{more}"
        if unique:
            text += (
                f". Totaal uniek: {published.mark(0, None, total, total_shown)} "
                "(een jeugdige kan in meer groepen vallen)"
            )
        text += partial_note(r, [span]) + "." + published.note()
        if population is not None:
            text += " " + same_population(metric, dim, population, gebied, span)
        slots = slots_for(p, metric, codes, regio, [span])
        slots.dimension = dim
        return numeric_answer(
            r,
            intent=self.name,
            text=text,
            gebied=gebied,
            periode=span.label,
            maat_=f"{m} naar {dim}",
            metric=metric,
            slots=slot_dump(slots),
            query=query.name,
            params=params,
            table=Table(columns=columns, rows=table_rows),
            sources=[*sources(r.wh, metric), *published.sources],
            series=bar_series(
                f"{m} naar {dim}",
                metric.unit,
                [SeriesPoint(label=labels[i], value=shown[i].value) for i in order],
            ),
        )

    @staticmethod
    def _rows(
        r: Run,
        dim: str,
        codes: list[str],
        span: Span,
        filters: Filters,
        params: dict[str, Any],
        column: int = 1,
    ) -> tuple[Query, list[tuple[Any, ...]]]:
        """The dimension's rows: from the precomputed figures when they hold exactly this
        question (a calendar period of theirs split by this dimension, no filter, one gemeente
        or all, a measure they hold), else counted from the trajectories by the dimension's
        own query."""
        precomputed = column < YEARLY_COLUMNS and not filters.active()
        regio = yearly_area(r.wh, codes, [span], dim) if precomputed else None
        if regio is None:
            return QUERIES[dim], r.wh.run(QUERIES[dim], params)
        yearly = {
            "gemeenten": codes, "start": span.start, "end": span.end, "regio": regio,
            "dim": DIM_NUMBERS[dim],
        }  # fmt: skip
        rows = r.wh.run(Q_JAAR, yearly)
        if dim == "segment":  # the key comes back as text; segments are numbers
            rows = [(int(k) if k is not None else None, *rest) for k, *rest in rows]
            rows.sort(key=lambda row: (row[0] is None, row[0] or 0))
        params.clear()
        params.update(yearly)
        return Q_JAAR, rows

    @staticmethod
    def _label(r: Run, dim: str, key: Any) -> str:
        if key is None:
            return "onbekend"
        if dim == "segment":
            seg = r.wh.segmenten.get(int(key))
            return f"Segment {key}" + (f" ({seg.naam})" if seg else "")
        if dim == "product":
            prod = r.wh.producten.get(str(key))
            return f"{key} {prod.naam}" if prod else str(key)
        if dim == "aanbieder":
            return r.wh.aanbieders.get(str(key), str(key))
        return str(key)


def unsupported_filter(p: Parsed, dim: str) -> Answer | None:
    """A question back when the question filters on a product or verwijzer the dimension's
    query cannot apply: dropping it silently would show the unfiltered figures."""
    f = p.filters
    named = {"product": f.productcode, "verwijzer": f.verwijzer}
    extra = [k for k, v in named.items() if v and k != dim]
    if not extra:
        return None
    return Answer(
        kind=Kind.CLARIFY,
        intent="verduidelijking",
        text=(
            f"Een uitsplitsing naar {dim} kan ik maken voor de regio, een gemeente, een segment "
            f"of verblijf, maar niet beperkt tot één {' of '.join(extra)}. Vraag het getal voor "
            f"die {extra[0]} zonder uitsplitsing, of de uitsplitsing zonder die {extra[0]}."
        ),
    )


__all__ = ["Breakdown", "naam", "unsupported_filter"]


def dimension_rows(
    p: Parsed, r: Run, dim: str, span: Span, column: int = 1
) -> tuple[list[str], bool, Filters, dict[str, Any], Query, list[tuple[Any, ...]]]:
    """The rows by `dim` over the question's area, span and filters, with the area, filters and
    bound parameters they were counted with: the one query a breakdown and a ranking of that
    dimension share. Split by segment, the segment filter goes (each row is one segment)."""
    codes, regio = area(p, r)
    f = p.filters
    filters = Filters(segment=f.segment, subsegment=f.subsegment, verblijf=f.verblijf)
    if dim == "segment":
        filters.segment, filters.subsegment = None, None
    params: dict[str, Any] = {
        "gemeenten": codes, "start": span.start, "end": span.end, "segment": filters.segment,
        "subsegment": filters.subsegment, "verblijf": filters.verblijf,
    }  # fmt: skip
    query, rows = Breakdown._rows(r, dim, codes, span, filters, params, column)
    return codes, regio, filters, params, query, rows


# The measures the dimension queries hold, as the column of their value (verdeling_<dim>.sql):
# the key, jeugdigen, lopende trajecten, kosten, gestarte trajecten, gemiddelde duur and the
# youths behind it. A breakdown or ranking of any other measure would show another figure.
DIM_COLUMNS = {
    "jeugdigen": 1,
    "trajecten_lopend": 2,
    "kosten": 3,
    "kosten_per_client": 3,
    "trajecten_gestart": 4,
    "trajectduur": 5,
}
DIM_COLUMNS_SUMMED = ("trajecten_gestart", "trajectduur")
_DURATION_YOUTHS = 6
YEARLY_COLUMNS = 4  # verdeling_jaar.sql (the precomputed figures) holds the first four


def shared_population(
    r: Run, metric: Metric, codes: list[str], span: Span, cells: list[Cell]
) -> int | None:
    """For a rate: the one population of the area every part is divided by, the parts' cells
    turned into their rates. A segment, product or verwijzer has no population of its own, so
    each part's count is a share of the same youths (or inwoners) of the area that year."""
    if metric.kind != "rate" or metric.per is None:
        return None
    year = span.end.year
    population = populations(r.wh, codes, [year], metric.per).get((year, None))
    for cell in cells:
        as_rate(cell, population, year, scale_of(metric.per))
    return population


def part_count(metric: Metric, cell: Cell, shown: Any, r: Run) -> str:
    """The count (or amount) a part's rate is made of, hidden with its rate."""
    if shown.status != "shown":
        return str(shown.text)
    if METRICS[metric.rate_of or metric.key].kind == "amount":
        return r.disclosure.amount(cell.numerator, cell.youths).text
    return r.disclosure.count(cell.numerator).text


_HET = {"segment", "product"}  # "elk segment", "elke verwijzer"


def same_population(
    metric: Metric, dim: str, population: int, gebied: str, span: Span, *, bracket: bool = True
) -> str:
    """The sentence that says what each part's rate is divided by."""
    whom = DENOMINATOR_LABEL[metric.per or "jeugdigen_0_17"]
    count = METRICS[metric.rate_of or metric.key].label
    amount = METRICS[metric.rate_of or metric.key].kind == "amount"
    return (
        f"{'Elk' if dim in _HET else 'Elke'} {dim} is gedeeld door dezelfde "
        f"{fmt_int(population)} {whom} van {gebied} ({span.end.year})"
        + (f", tussen haakjes {'het bedrag' if amount else 'het aantal ' + count}" * bracket)
        + f": een {dim} heeft geen eigen bevolking."
    )


def dimension_cell(metric: Metric, row: tuple[Any, ...], column: int) -> Cell:
    """One group's figure from its row, with the youths the small-number rule needs; for a
    rate, the count it is made of (shared_population divides it)."""
    youths, raw = int(row[1] or 0), row[column]
    if metric.kind == "rate":
        amount = METRICS[metric.rate_of or ""].kind == "amount"
        count: float | int = (float(raw) if raw is not None else 0.0) if amount else int(raw or 0)
        return Cell(count, youths=youths, numerator=count)
    if metric.key == "kosten_per_client":
        return Cell(float(raw) / youths if raw is not None and youths else None, youths=youths)
    if metric.kind == "amount":
        return Cell(float(raw) if raw is not None else 0.0, youths=youths)
    if metric.kind == "days":
        ended = int(row[_DURATION_YOUTHS] or 0)
        return Cell(float(raw) if raw is not None else None, youths=ended)
    return Cell(int(raw or 0), youths=youths, numerator=int(raw or 0))


def ask_dimension_measure(p: Parsed, dim: str, asked: Metric | None) -> Answer:
    """A question back: a dimension is split or ranked only on the measures its query holds."""
    names = [METRICS[k].label for k in DIM_COLUMNS]
    plural = {"segment": "segmenten", "product": "producten", "aanbieder": "aanbieders",
              "verwijzer": "verwijzers"}.get(dim, dim)  # fmt: skip
    intro = (
        f"Naar {dim} kan ik {asked.label} (nog) niet uitsplitsen of rangschikken. "
        if asked
        else f"Waarop wil je de {plural} rangschikken? "
    )
    return Answer(
        kind=Kind.CLARIFY,
        intent="verduidelijking",
        text=intro + "Dat kan op " + ", ".join(names) + ".",
        options=[Option(label=label, value=f"{p.text} ({label})") for label in names],
    )
