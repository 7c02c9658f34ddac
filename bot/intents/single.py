"""One figure: one measure for one area (a gemeente or the region) and one period."""

from __future__ import annotations

from bot.intents.base import Intent, Parsed, Run, register, slot_dump
from bot.intents.common import NumericSlots, area, metric_of, slots_for, spans_of
from bot.intents.compose import (
    area_label,
    coverage_problem,
    in_period,
    maat,
    numeric_answer,
    partial_note,
    subregion_note,
    union_note,
)
from bot.intents.measures import (
    ON_A_DAY,
    YEARLY,
    Filters,
    Metric,
    Span,
    fetch,
    rate_terms,
    show,
)
from bot.intents.published import published_first
from bot.models import Answer, Kind, Option
from bot.render.format import fmt_date, fmt_eur, fmt_eur_compact


def headline(metric_label: str, gebied: str, periode: str) -> str:
    return f"{metric_label[0].upper()}{metric_label[1:]} in {gebied} {in_period(periode)}"


@register
class Single(Intent):
    name = "cijfer"
    description = "Eén cijfer voor één gemeente of de regio in één periode."
    examples = (
        "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?",
        "kosten segment 2 geldrop mierlo vorig jaar",
        "zorgkosten regio 2023",
        "hoeveel trajecten zijn in Q1 2024 gestart in Deurne",
        "gemiddelde trajectduur in Veldhoven in 2023",
    )
    queries = ("jeugdigen", "trajecten", "aanbieders", "kosten", "zorgkosten", "inwoners", *YEARLY)
    Slots = NumericSlots

    def match(self, p: Parsed) -> float:
        if p.metric is None:
            return 0.0
        return 0.5

    def run(self, p: Parsed, r: Run) -> Answer:
        metric = metric_of(p)
        codes, regio = area(p, r)
        spans = spans_of(p, r)[:1]
        if p.since_total and spans[0].grain == "bereik":
            if metric.key in ON_A_DAY:
                return since_stock(p, metric, spans[0], r)
            spans = [since_span(spans[0], r)]
        problem = coverage_problem(r, metric, spans)
        if problem:
            from bot.intents.refuse import no_data

            return no_data(problem, self.name)
        filters = p.filters if metric.filterable else Filters()
        data = fetch(r.wh, metric, codes, spans, filters)
        key = None if regio or len(codes) > 1 else codes[0]
        cell = data.get(0, key)
        shown = show(metric, cell, r.disclosure)
        gebied = area_label(r.wh, codes, regio)
        value = shown.text
        if (
            metric.kind == "amount"
            and shown.status == "shown"
            and abs(cell.value or 0) >= 1_000_000
        ):
            value = f"{shown.text} ({fmt_eur_compact(cell.value or 0)})"
        text = f"{headline(maat(metric, r.wh, filters), gebied, spans[0].label)}: *{value}*"
        terms = rate_terms(metric, cell, r.disclosure) if shown.status == "shown" else None
        if terms:
            text += f", dat is {terms}"
        if metric.per == "inwoners":
            text += (
                ". Let op: dit is per 1.000 inwoners van alle leeftijden, niet de gewone "
                "verhouding van de monitor per 1.000 jeugdigen van 0-17 jaar"
            )
        if metric.kind == "change" and shown.status == "shown" and cell.previous is not None:
            prev_year = spans[0].start.year - 1
            text += (
                f" ten opzichte van {prev_year} ({fmt_eur(cell.previous)} in {prev_year}, "
                f"{fmt_eur((cell.previous or 0) * (1 + (cell.value or 0) / 100))} "
                f"in {spans[0].label})"
            )
        text += partial_note(r, spans) + "."
        if p.together:
            text += union_note(r, metric, data, codes)
        # The sub-region's membership closes the answer, after the published figure's reason.
        membership = subregion_note(r.wh, [codes])
        published = published_first(r, metric.key, codes, regio, spans[0], filters)
        if published is not None:
            # Issue 13: the published series first, then the monitor's own count and why the
            # two may differ (the kengetal block's monitor.verschil says why for its source).
            same = published.cell.same(cell, shown)
            text = (
                f"{published.text}\nDe monitor telt zelf: {text[0].lower()}{text[1:]} "
                + (
                    "Dat is gelijk aan het gepubliceerde cijfer"
                    if same
                    else "Kleine aantallen toont de monitor niet precies"
                    if shown.status != "shown"
                    else "Dat wijkt af van het gepubliceerde cijfer"
                )
                + (f": {published.verschil}" if published.verschil else ".")
            )
        text += membership
        slots = slots_for(p, metric, codes, regio, spans)
        answer = numeric_answer(
            r,
            intent=self.name,
            text=text,
            gebied=gebied,
            periode=spans[0].label,
            maat_=maat(metric, r.wh, filters),
            metric=metric,
            slots=slot_dump(slots),
            query=data.query.name if data.query else None,
            params=data.params,
        )
        if published is not None:
            answer.sources = [*answer.sources, published.source]
        return answer


def since_span(span: Span, r: Run) -> Span:
    """ "sinds 2022" as one total: from its first day up to the peildatum, named by its dates so
    the reader sees that the last year is not complete."""
    end = min(span.end, r.wh.data_end)
    return Span(span.start, end, f"{fmt_date(span.start)} t/m {fmt_date(end)}", "bereik")


def since_stock(p: Parsed, metric: Metric, span: Span, r: Run) -> Answer:
    """A stock has no total "sinds 2022": counted over the whole stretch it would hold every
    youth (or trajectory) of those years at once. Ask which of the two readings is meant."""
    year = span.start.year
    on_day = fmt_date(r.wh.data_end)
    start, end = p.period_offsets.get(span.label, (len(p.text), len(p.text)))
    series = f"{p.text} per jaar"
    day = f"{p.text[:start]}op {on_day}{p.text[end:]}".strip()
    return Answer(
        kind=Kind.CLARIFY,
        intent="periode_stand",
        text=(
            f"{metric.label[0].upper()}{metric.label[1:]} zijn een stand, geen optelling: "
            f"'sinds {year}' kan ik geven als verloop per jaar, of als de stand op de peildatum "
            f"({on_day}). Wat bedoel je?"
        ),
        options=[Option(label=series, value=series), Option(label=day, value=day)],
    )
