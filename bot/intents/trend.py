"""Trends: how a measure developed over years, quarters or months, as a Series."""

from __future__ import annotations

from bot.intents.base import Intent, Parsed, Run, register, slot_dump
from bot.intents.common import NumericSlots, area, metric_of, series_spans, slots_for
from bot.intents.comparison import change_text
from bot.intents.compose import (
    area_label,
    coverage_problem,
    maat,
    naam,
    numeric_answer,
    partial_note,
    sources,
    subregion_note,
)
from bot.intents.measures import METRICS, YEARLY, Filters, fetch, rate_legend, rate_terms, show
from bot.intents.published import cells as published_cells
from bot.models import Answer, Series, SeriesPoint, Table
from bot.render.format import MONTHS


@register
class Trend(Intent):
    name = "trend"
    description = "Het verloop van een maat over jaren, kwartalen of maanden."
    examples = (
        "hoe ontwikkelde het aantal jeugdigen in zorg in Helmond?",
        "stijging zorgkosten sinds 2021",
        "groei van de kosten in Deurne per kwartaal in 2024",
        "kosten per maand afgelopen jaar",
    )
    queries = ("jeugdigen", "trajecten", "aanbieders", "kosten", "zorgkosten", "inwoners", *YEARLY)
    Slots = NumericSlots

    def match(self, p: Parsed) -> float:
        if p.since_total and p.metric in METRICS and not METRICS[p.metric].yearly:
            return 0.0  # "hoeveel kosten sinds 2021": one total (bot.intents.single)
        ranged = len(p.spans) == 1 and p.spans[0].grain == "bereik"
        if "trend" in p.cues and "filter" not in p.cues:
            return 0.7
        if p.per or ranged:
            return 0.65
        return 0.0

    def run(self, p: Parsed, r: Run) -> Answer:
        metric = metric_of(p)
        spans = series_spans(p, r, metric)
        spans = [s for s in spans if s.start <= r.wh.data_end] or spans
        problem = coverage_problem(r, metric, spans)
        if problem:
            from bot.intents.refuse import no_data

            return no_data(problem, self.name)
        codes, regio = area(p, r)
        filters = p.filters if metric.filterable else Filters()
        data = fetch(r.wh, metric, codes, spans, filters)
        keys: list[str | None] = [None] if regio or len(codes) == 1 else list(codes)
        if len(codes) == 1 and not regio:
            keys = [codes[0]]
        elif p.areas:
            keys = [None]  # one area: its own total over its members
        m = maat(metric, r.wh, filters)
        shown_by_key = {
            k: [show(metric, data.get(i, k), r.disclosure) for i in range(len(spans))] for k in keys
        }
        # A period the data only partly cover says so in its label, in the table and the chart,
        # so the drop of a half year is not read as a real one.
        end = r.wh.data_end
        labels = [
            f"{s.label} (t/m {MONTHS[end.month - 1]})" if s.start <= end < s.end else s.label
            for s in spans
        ]
        rows = [[labels[i], *[shown_by_key[k][i].text for k in keys]] for i in range(len(spans))]
        main = keys[0]
        shown_main = [show(metric, data.get(i, main), r.disclosure) for i in range(len(spans))]
        points = [
            SeriesPoint(label=label, value=x.value, partial=s.start <= end < s.end)
            for label, x, s in zip(labels, shown_main, spans, strict=True)
        ]
        gebied = area_label(r.wh, codes, regio)
        # A rate's count and population beside it, per year (rate_legend names them).
        terms = [
            rate_terms(metric, data.get(i, main), r.disclosure, compact=True)
            if x.status == "shown"
            else None
            for i, x in enumerate(shown_main)
        ]
        # The published figures of the series' cells first, marked (issue 13 item 4).
        main_codes = list(codes) if main is None else [main]
        published = published_cells(
            r, metric.key, filters, spans, [(main, main_codes, regio and main is None)]
        )

        if published:  # the table has the published figures in a column of their own
            for i, row in enumerate(rows):
                pub = published.get(i, main)
                row.append(pub.text if pub else "-")

        def value(i: int) -> str:
            return published.mark(i, main, data.get(i, main), shown_main[i])

        if len(spans) <= 12:  # a year of months is read in full ("maandelijkse kosten 2024")
            seq = ", ".join(
                f"{label}: {value(i)}" + (f" ({t})" if t else "")
                for i, (label, t) in enumerate(zip(labels, terms, strict=True))
            )
        else:
            seq = (
                f"{spans[0].label}: {value(0)} … {spans[-1].label}: {value(len(spans) - 1)} "
                f"({len(spans)} perioden, zie tabel)"
            )
        text = f"{m[0].upper()}{m[1:]} in {gebied}: {seq}"
        # The change runs to the last complete period: half a year against a whole one would
        # show a fall that did not happen.
        complete = [i for i, s in enumerate(spans) if s.end <= r.wh.data_end]
        last = complete[-1] if complete else -1
        if last >= 1:
            ch = change_text(
                metric,
                data.get(0, main),
                data.get(last, main),
                shown_main[0],
                shown_main[last],
                r,
            )
            if ch:
                text += f". Van {spans[0].label} tot {spans[last].label}: {ch}"
        text += partial_note(r, spans) + "."
        if any(terms):
            text += rate_legend(metric)
        text += published.note()
        text += subregion_note(r.wh, [codes])
        periode = f"{spans[0].label} t/m {spans[-1].label}" if len(spans) > 1 else spans[0].label
        slots = slots_for(p, metric, codes, regio, spans)
        return numeric_answer(
            r,
            intent=self.name,
            text=text,
            gebied=gebied,
            periode=periode,
            maat_=m,
            metric=metric,
            slots=slot_dump(slots),
            query=data.query.name if data.query else None,
            params=data.params,
            table=Table(
                columns=[
                    "Periode",
                    *[naam(r.wh, k) if k else gebied for k in keys],
                    *(["Gepubliceerd"] if published else []),
                ],
                rows=rows,
            ),
            series=Series(title=f"{m}, {gebied}", unit=metric.unit, kind="line", points=points),
            sources=[*sources(r.wh, metric), *published.sources],
        )
