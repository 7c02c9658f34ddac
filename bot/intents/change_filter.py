"""Filters on change: in which gemeenten did a measure rise or fall ("waar daalden de kosten?")."""

from __future__ import annotations

import re

from bot.intents.base import Intent, Parsed, Run, register, slot_dump
from bot.intents.common import (
    NumericSlots,
    metric_of,
    ranked_areas,
    ranked_cells,
    slots_for,
    spans_of,
)
from bot.intents.comparison import change_text, previous_year
from bot.intents.compose import (
    area_label,
    coverage_problem,
    join_nl,
    maat,
    numeric_answer,
    partial_note,
    subregion_note,
)
from bot.intents.measures import YEARLY, Filters, show
from bot.intents.threshold import threshold_of
from bot.models import Answer, Kind, Table

_PERCENT_AFTER = re.compile(r"\s*(procent\b|%|pct\b)", re.IGNORECASE)


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
        if "filter" not in p.cues or "rank" in p.cues or p.direction:
            return 0.0
        return 0.9 if p.dimension == "subregio" else 0.85  # above a breakdown per subregio

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
        limit = threshold_of(p.text)
        if limit is not None and not _PERCENT_AFTER.match(
            p.text[p.text.find(limit.said) + len(limit.said) :]
        ):
            # "meer dan 500 gestegen" is a change in numbers, which this filter does not read:
            # ask, rather than list every gemeente that rose at all.
            return Answer(
                kind=Kind.CLARIFY,
                text=(
                    f"Een grens op de verandering pas ik toe als percentage, zoals 'meer dan 10 "
                    f"procent gestegen'. Bedoel je een percentage, of de gemeenten met "
                    f"'{limit.said}' {metric.label} in {span.label}?"
                ),
                intent=self.name,
            )
        ranked = ranked_areas(p, r)
        keys = [k for k, _ in ranked.areas]
        filters = p.filters if metric.filterable else Filters()
        cells_of, data = ranked_cells(r, metric, ranked, spans, filters)
        hits: list[str] = []
        rows: list[list[str]] = []
        for key in keys:
            a, b = cells_of[key]
            sa, sb = show(metric, a, r.disclosure), show(metric, b, r.disclosure)
            ch = change_text(metric, a, b, sa, sb, r)
            rows.append([ranked.label(r.wh, key), sa.text, sb.text, ch or "-"])
            comparable = sa.status == sb.status == "shown" and None not in (a.value, b.value)
            if comparable and limit is not None:
                # "meer dan 10 procent stijging": the change must pass the threshold as well
                comparable = bool(a.value) and limit.holds(
                    abs(float(b.value) - float(a.value)) / abs(float(a.value)) * 100  # type: ignore[arg-type]
                )
            if comparable and ((b.value < a.value) if down else (b.value > a.value)):  # type: ignore[operator]
                name = ranked.name(r.wh, key)
                hits.append(f"{name} ({ch})" if ch else name)
        m = maat(metric, r.wh, filters)
        verb = "daalde" if down else "steeg"
        if limit is not None:
            verb += f" {limit.said} procent"
        # "in 3 van de 5 gemeenten van Peelgemeenten", "in 2 van de 4 subregio's".
        plural = "subregio's" if ranked.subregios else "gemeenten"
        within = " van " + join_nl([n for n, _ in ranked.within]) if ranked.within else ""
        if hits:
            text = (
                f"{m[0].upper()}{m[1:]} {verb} van {spans[0].label} naar {span.label} "
                f"in {len(hits)} van de {len(keys)} {plural}{within}: {join_nl(hits)}"
            )
        else:
            text = (
                f"{m[0].upper()}{m[1:]} {verb} van {spans[0].label} naar {span.label} "
                f"in geen van de {len(keys)} {plural}{within}"
            )
        text += partial_note(r, spans) + "."
        text += subregion_note(
            r.wh, [list(c) for c in ranked.subregios.values()] + [c for _, c in ranked.within]
        )
        slots = slots_for(p, metric, [] if ranked.regio else ranked.codes, ranked.regio, spans)
        slots.subregios = [n for n, _ in ranked.within]
        slots.direction = "down" if down else "up"
        if ranked.subregios:
            gebied = f"de subregio's van {r.wh.regio_naam}"
        elif ranked.within:
            gebied = "de gemeenten van " + join_nl(
                [area_label(r.wh, c, False) for _, c in ranked.within]
            )
        elif ranked.regio:
            gebied = "de gemeenten van " + r.wh.regio_naam
        else:
            gebied = join_nl([ranked.label(r.wh, k) for k in keys])
        return numeric_answer(
            r,
            intent=self.name,
            text=text,
            gebied=gebied,
            periode=f"{spans[0].label} → {span.label}",
            maat_=m,
            metric=metric,
            slots=slot_dump(slots),
            query=data.query.name if data.query else None,
            params=data.params,
            table=Table(
                columns=[ranked.noun().capitalize(), spans[0].label, span.label, "Verandering"],
                rows=rows,
            ),
        )
