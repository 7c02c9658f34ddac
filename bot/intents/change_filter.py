"""Filters on change: in which gemeenten did a measure rise or fall ("waar daalden de kosten?")."""

from __future__ import annotations

from bot.intents.base import Intent, Parsed, Run, register, slot_dump
from bot.intents.common import NumericSlots, metric_of, monitor_codes, slots_for, spans_of
from bot.intents.comparison import change_text, previous_year
from bot.intents.compose import coverage_problem, join_nl, maat, naam, numeric_answer, partial_note
from bot.intents.measures import YEARLY, Filters, fetch, show
from bot.models import Answer, Table


@register
class ChangeFilter(Intent):
    name = "filter"
    description = "Welke gemeenten stegen of daalden op een maat ten opzichte van het jaar ervoor."
    examples = (
        "waar daalden de kosten in 2023?",
        "in welke gemeenten steeg het aantal jeugdigen in zorg?",
        "welke gemeenten hadden een daling van de zorgkosten in 2022",
    )
    queries = ("jeugdigen", "trajecten", "aanbieders", "kosten", "zorgkosten", "inwoners", *YEARLY)
    Slots = NumericSlots

    def match(self, p: Parsed) -> float:
        return 0.85 if "filter" in p.cues and "rank" not in p.cues and not p.direction else 0.0

    def run(self, p: Parsed, r: Run) -> Answer:
        metric = metric_of(p)
        down = "decline" in p.cues and not (
            "growth" in p.cues and p.folded.find("stij") < p.folded.find("dal")
        )
        span = spans_of(p, r)[0]
        spans = [previous_year(span), span]
        problem = coverage_problem(r, metric, spans)
        if problem:
            from bot.intents.refuse import no_data

            return no_data(problem, self.name)
        codes = p.gemeenten if len(p.gemeenten) >= 2 else monitor_codes(r)
        filters = p.filters if metric.filterable else Filters()
        data = fetch(r.wh, metric, codes, spans, filters)
        hits: list[str] = []
        rows: list[list[str]] = []
        for code in codes:
            a, b = data.get(0, code), data.get(1, code)
            sa, sb = show(metric, a, r.disclosure), show(metric, b, r.disclosure)
            ch = change_text(metric, a, b, sa, sb, r)
            rows.append([naam(r.wh, code), sa.text, sb.text, ch or "-"])
            comparable = sa.status == sb.status == "shown" and None not in (a.value, b.value)
            if comparable and ((b.value < a.value) if down else (b.value > a.value)):  # type: ignore[operator]
                hits.append(f"{naam(r.wh, code)} ({ch})" if ch else naam(r.wh, code))
        m = maat(metric, r.wh, filters)
        verb = "daalde" if down else "steeg"
        if hits:
            text = (
                f"{m[0].upper()}{m[1:]} {verb} van {spans[0].label} naar {span.label} "
                f"in {len(hits)} van de {len(codes)} gemeenten: {join_nl(hits)}"
            )
        else:
            text = (
                f"{m[0].upper()}{m[1:]} {verb} van {spans[0].label} naar {span.label} "
                f"in geen van de {len(codes)} gemeenten"
            )
        text += partial_note(r, spans) + "."
        slots = slots_for(p, metric, [], True, spans)
        slots.direction = "down" if down else "up"
        return numeric_answer(
            r,
            intent=self.name,
            text=text,
            gebied="de gemeenten van " + r.wh.regio_naam,
            periode=f"{spans[0].label} → {span.label}",
            maat_=m,
            metric=metric,
            slots=slot_dump(slots),
            query=data.query.name if data.query else None,
            params=data.params,
            table=Table(columns=["Gemeente", spans[0].label, span.label, "Verandering"], rows=rows),
        )
