"""Rankings: which gemeente has the highest or lowest value, or grew the most ("top 3")."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from bot.intents.base import Intent, Parsed, Run, register, slot_dump
from bot.intents.common import (
    NumericSlots,
    RankedAreas,
    last_full_year,
    metric_of,
    ranked_areas,
    ranked_cells,
    slots_for,
    spans_of,
    year_span,
)
from bot.intents.comparison import previous_year
from bot.intents.compose import (
    area_label,
    bar_series,
    coverage_problem,
    in_period,
    join_nl,
    maat,
    numeric_answer,
    partial_note,
    subregion_note,
)
from bot.intents.measures import (
    METRICS,
    YEARLY,
    Filters,
    Metric,
    amount_rate,
    base_of,
    rate_legend,
    rate_terms,
    show,
)
from bot.intents.parse import LEXICON
from bot.models import Answer, Kind, Option, SeriesPoint, Table
from bot.render.format import fmt_date, fmt_eur, fmt_int, fmt_num


@register
class Ranking(Intent):
    name = "ranglijst"
    description = "Gemeenten gerangschikt op een maat: hoogste, laagste, top N, hardste groei."
    examples = (
        "welke gemeente had de hoogste kosten per jeugdige",
        "top 3 gemeenten met de meeste jeugdigen in zorg in 2023",
        "welke gemeente groeide het hardst?",
        "waar zijn de minste trajecten gestart",
    )
    queries = ("jeugdigen", "trajecten", "aanbieders", "kosten", "zorgkosten", "inwoners", *YEARLY)
    Slots = NumericSlots

    def match(self, p: Parsed) -> float:
        if p.dimension == "subregio" and (p.direction or p.top or "rank" in p.cues):
            return 0.9  # "welke subregio had de minste jeugdigen": the sub-regions rank
        if p.dimension in RANKED_DIMENSIONS and (p.direction or "rank" in p.cues or p.top):
            return 0.9  # "welk product kostte het meest": the product ranks, above a breakdown
        if len(p.gemeenten) == 1 and "which" not in p.cues and not p.top:
            return 0.0  # "de grootste stijging in Helmond": that gemeente's own change
        if "rank" in p.cues or (p.direction and ("which" in p.cues or p.top)):
            return 0.8 if len(p.gemeenten) < 2 else 0.6
        return 0.0

    def run(self, p: Parsed, r: Run) -> Answer:
        if p.dimension in RANKED_DIMENSIONS:
            return rank_dimension(p, r)
        # A ranking of a change, not of a level, whenever the question names a change:
        # "groeide het hardst", "grootste daling", "minste groei", "sterkst gedaald".
        metric = metric_of(p)
        growth = bool({"growth", "decline"} & p.cues) and metric.kind != "change"
        down = "decline" in p.cues and not (
            "growth" in p.cues and p.folded.find("stij") < p.folded.find("dal")
        )
        absolute = growth and bool(_ABSOLUTE.search(p.folded))
        asked = spans_of(p, r)
        span = asked[-1] if growth and len(asked) >= 2 else asked[0]
        if growth and len(asked) == 1 and _SINCE.search(p.folded):
            # "tov 2021", "sinds 2022": from the year named to the last full year. "sinds 2021"
            # reads as the span 2021 up to now; its change is from the year 2021, not from
            # the span before it.
            last = year_span(last_full_year(r.wh))
            first = asked[0]
            if first.end.year > first.start.year:
                first = year_span(first.start.year)
            if first.start >= last.start:
                return _no_full_year_since(p, first.start.year, r)
            asked = [first, last]
            span = asked[-1]
        elif growth and len(asked) == 1 and asked[0].end.year > asked[0].start.year:
            # "grootste stijging 2022-2023": from the first year of the range to its last,
            # not between the range and the range before it.
            first, end_year = asked[0], min(asked[0].end.year, last_full_year(r.wh))
            if first.start.year < end_year:
                asked = [year_span(first.start.year), year_span(end_year)]
                span = asked[-1]
        # "van 2021 naar 2023", "tov 2021": the change between the two periods named.
        if not growth:
            spans = [span]
        elif len(asked) >= 2:
            spans = [asked[0], span]
        else:
            spans = [previous_year(span), span]
        problem = coverage_problem(r, metric, spans)
        if problem:
            from bot.intents.refuse import no_data

            return no_data(problem, self.name)
        ranked_of = ranked_areas(p, r)
        keys = [k for k, _ in ranked_of.areas]
        filters = p.filters if metric.filterable else Filters()
        cells_of, data = ranked_cells(r, metric, ranked_of, spans, filters)
        entries: list[tuple[str, Any, float | None, str]] = []
        for code in keys:
            cur = cells_of[code][len(spans) - 1]
            shown = show(metric, cur, r.disclosure)
            key: float | None = shown.value if shown.status == "shown" else None
            growth_text = ""
            if growth:
                prev = cells_of[code][0]
                prev_shown = show(metric, prev, r.disclosure)
                if prev_shown.status == "shown" and shown.status == "shown" and prev.value:
                    if absolute:
                        key = float(shown.value or 0) - float(prev_shown.value or 0)
                        growth_text = _signed(key, metric)
                        entries.append((code, shown, key, growth_text))
                        continue
                    if metric.kind == "count":
                        # As in comparison.change_text: from the counts as shown, with the
                        # earlier count as denominator (P3); a hidden growth ranks nowhere.
                        base = float(prev_shown.value or 0)
                        key = (float(shown.value or 0) - base) / base * 100 if base else None
                        pct = r.disclosure.percentage(key, signed=True, denominator=int(base))
                    else:
                        key = (float(cur.value or 0) - float(prev.value)) / float(prev.value)
                        key *= 100
                        # A rate of trajectories is about no youths: both rates are shown,
                        # so their counts passed the small-number rule already.
                        about_none = metric.kind == "rate" and None in (prev.youths, cur.youths)
                        pct = r.disclosure.percentage(
                            key,
                            signed=True,
                            n_youths=None if about_none else min(prev.youths or 0, cur.youths or 0),
                        )
                    if pct.status != "shown":
                        key = None
                    growth_text = pct.text
                else:
                    key = None
                    growth_text = "niet getoond"
            entries.append((code, shown, key, growth_text))
        high = p.direction != "low"
        # "grootste daling": the most negative change first; "minste daling": the least.
        descending = high != (growth and down)
        ranked = sorted(
            entries,
            key=lambda e: (e[2] is None, -(e[2] or 0) if descending else (e[2] or 0)),
        )
        top = p.top or (3 if not p.direction else 1)
        m = maat(metric, r.wh, filters)
        noun = ranked_of.noun()
        name = partial(ranked_of.name, r.wh)
        label = partial(ranked_of.label, r.wh)
        # "Top 2 (meeste) gestarte trajecten in Peelgemeenten", "... van de subregio's".
        scope = _scope(ranked_of)
        if growth:
            change = ("Daling" if down else "Groei") + (" (aantal)" if absolute else "")
            columns = ["#", noun.capitalize(), spans[0].label, span.label, change]
            rows = [
                [
                    str(i + 1),
                    label(c),
                    show(metric, cells_of[c][0], r.disclosure).text,
                    s.text,
                    g,
                ]
                for i, (c, s, _k, g) in enumerate(ranked)
            ]
            best = [f"{name(c)} (*{g}*)" for c, _s, k, g in ranked[:top] if k is not None]
            word = ("sterkst" if high else "minst") + (" gedaald" if down else " gegroeid")
            text = (
                f"{'Het ' + word if top == 1 else 'Top ' + str(top) + ' ' + word}{scope} in {m} "
                f"van {spans[0].label} naar {span.label}: " + ", ".join(best)
            )
            leader = next((k for _c, _s, k, _g in ranked if k is not None), None)
            if high and leader is not None and (leader >= 0 if down else leader <= 0):
                # "Het sterkst gedaald: Someren (+0,5%)" reads as a decline that did not
                # happen: say that none declined (grew), and which came closest.
                text = (
                    f"Geen {noun}{scope} {'daalde' if down else 'groeide'} in {m} van "
                    f"{spans[0].label} naar {span.label}; "
                    f"{'de kleinste groei' if down else 'de kleinste daling'}: " + ", ".join(best)
                )
            points = [SeriesPoint(label=name(c), value=k) for c, _s, k, _g in ranked]
            unit = metric.unit if absolute else "%"
        else:
            word = metric.higher if high else metric.lower
            columns = ["#", noun.capitalize(), m]
            rows = [[str(i + 1), label(c), s.text] for i, (c, s, _k, _g) in enumerate(ranked)]
            # A rate's count and population beside it (rate_legend names them).
            terms = {
                c: rate_terms(metric, cells_of[c][0], r.disclosure, compact=True)
                if s.status == "shown"
                else None
                for c, s, _k, _g in ranked
            }
            if any(terms.values()):
                columns.append("aantal op bevolking")
                for row, (c, _s, _k, _g) in zip(rows, ranked, strict=True):
                    row.append(terms[c] or "")
            best = [
                f"{name(c)} (*{s.text}*" + (f", {terms[c]}" if terms[c] else "") + ")"
                for c, s, k, _g in ranked[:top]
                if k is not None
            ]
            article = "Het" if m.startswith("aantal ") else "De"  # het aantal, de kosten
            lead = f"{article} {word} {m}" if top == 1 else f"Top {top} ({word}) {m}"
            text = f"{lead}{scope} {in_period(span.label)}: " + ", ".join(best)
            points = [SeriesPoint(label=name(c), value=s.value) for c, s, _k, _g in ranked]
            unit = metric.unit
        hidden = sum(1 for e in entries if e[2] is None)
        if hidden:
            text += f" ({hidden} {noun}(n) niet gerangschikt: te kleine aantallen of geen gegevens)"
        text += partial_note(r, spans) + "."
        if not growth and metric.kind == "rate":
            text += rate_legend(metric, when=f" in {span.end.year}")
        text += subregion_note(
            r.wh, [list(c) for c in ranked_of.subregios.values()] + [c for _, c in ranked_of.within]
        )
        named = len(p.gemeenten) >= 2 and not ranked_of.regio
        codes = ranked_of.codes
        slots = slots_for(p, metric, codes if not ranked_of.regio else [], ranked_of.regio, spans)
        slots.subregios = [n for n, _ in ranked_of.within]
        slots.direction = "high" if high else "low"
        slots.top = top
        return numeric_answer(
            r,
            intent=self.name,
            text=text,
            gebied=ranked_gebied(r, ranked_of, named, label),
            periode=span.label if not growth else f"{spans[0].label} → {span.label}",
            maat_=m + ((" (daling)" if down else " (groei)") if growth else ""),
            metric=metric,
            slots=slot_dump(slots),
            query=data.query.name if data.query else None,
            params=data.params,
            table=Table(columns=columns, rows=rows),
            series=bar_series(m, unit, points, keep_zero=growth),
        )


__all__ = ["METRICS", "Ranking", "rank_dimension", "ranked_gebied"]


def _scope(ranked: RankedAreas) -> str:
    """Where the ranked areas lie, when not simply the gemeenten of the region."""
    if ranked.subregios:
        return " van de subregio's"
    if ranked.within:
        return " in " + join_nl([n for n, _ in ranked.within])
    return ""


def ranked_gebied(r: Run, ranked: RankedAreas, named: bool, label: Callable[[str], str]) -> str:
    """The area of "Ik begreep", with a sub-region's members."""
    if ranked.subregios:
        return "de subregio's van " + r.wh.regio_naam
    if ranked.within:
        subs = [area_label(r.wh, c, False) for _, c in ranked.within]
        return "de gemeenten van " + join_nl(subs)
    if named:
        return ", ".join(label(c) for c, _ in ranked.areas)
    return "de gemeenten van " + r.wh.regio_naam


# "grootste stijging in aantallen", "absolute groei": the change in the measure's own unit.
_ABSOLUTE = LEXICON.cue("absolute")
_SINCE = LEXICON.cue("since")


def _no_full_year_since(p: Parsed, year: int, r: Run) -> Answer:
    """ "groeide het hardst sinds 2024" when 2024 is the last full year: no whole year has
    followed it, and a half year against a whole one would read as a plunge. Ask back."""
    m = _SINCE.search(p.folded)
    before = f"van {year - 1} naar {year}"
    value = p.folded[: m.start()] + before + p.folded[m.end() :] if m else before
    return Answer(
        kind=Kind.CLARIFY,
        text=(
            f"Na {year} is er nog geen volledig jaar om de groei mee te meten: de gegevens "
            f"lopen tot en met {fmt_date(r.wh.data_end)}. Bedoel je de groei {before}?"
        ),
        intent="periode_onvolledig",
        options=[Option(label=before, value=value)],
    )


def _signed(value: float, metric: Metric) -> str:
    """A change in the measure's own unit, signed: "+66", "-1.204", "+€ 1,2 mln"."""
    sign = "+" if value > 0 else "-" if value < 0 else "±"
    if metric.kind == "amount" or amount_rate(metric):
        return sign + fmt_eur(abs(value))
    if metric.kind == "rate":  # shown with one decimal, so is its change
        return sign + fmt_num(abs(value), 1)
    return sign + fmt_int(abs(round(value)))


# -- rankings of a dimension: "welk product kostte het meest", "welke aanbieder ... de meeste" --

RANKED_DIMENSIONS = ("segment", "product", "aanbieder", "verwijzer")
_DIM_PLURAL = {
    "segment": "segmenten",
    "product": "producten",
    "aanbieder": "aanbieders",
    "verwijzer": "verwijzers",
}
_DEFAULT_TOP = 3


def rank_dimension(p: Parsed, r: Run) -> Answer:
    """The values of one dimension ranked on a measure: the top N named, the rest counted.

    Only the top N figures are shown (and no total), so a hidden small value cannot be recovered
    as "total minus the others"; hidden values are never ranked."""
    from bot.intents.breakdown import (
        DIM_COLUMNS,
        HEADERS,
        Breakdown,
        ask_dimension_measure,
        dimension_cell,
        dimension_rows,
        part_count,
        same_population,
        shared_population,
        unsupported_filter,
    )
    from bot.intents.rates import rate_problem

    dim = str(p.dimension)
    if p.metric is None or base_of(p.metric) not in DIM_COLUMNS:
        return ask_dimension_measure(p, dim, METRICS[p.metric] if p.metric else None)
    dropped = unsupported_filter(p, dim)
    if dropped:
        return dropped
    metric = METRICS[p.metric]
    span = spans_of(p, r)[0]
    stop = rate_problem(p, p.text, [span])
    if stop:
        return stop
    problem = coverage_problem(r, metric, [span])
    if problem:
        from bot.intents.refuse import no_data

        return no_data(problem, "ranglijst")
    column = DIM_COLUMNS[base_of(metric.key)]
    codes, regio, filters, params, query, rows = dimension_rows(p, r, dim, span, column)
    cells = [dimension_cell(metric, row, column) for row in rows]
    population = shared_population(r, metric, codes, span, cells)
    entries: list[tuple[str, Any, str]] = []
    for row, cell in zip(rows, cells, strict=True):
        shown = show(metric, cell, r.disclosure)
        count = part_count(metric, cell, shown, r) if population is not None else ""
        entries.append((Breakdown._label(r, dim, row[0]), shown, count))
    high = p.direction != "low"
    ranked = sorted(
        (e for e in entries if e[1].status == "shown" and e[1].value is not None),
        key=lambda e: -float(e[1].value) if high else float(e[1].value),
    )
    top = min(p.top or _DEFAULT_TOP, len(ranked))
    rest = len(entries) - top
    m = maat(metric, r.wh, filters)
    gebied = area_label(r.wh, codes, regio)
    word = metric.higher if high else metric.lower
    count_label = METRICS[base_of(metric.key)]
    named = "" if count_label.kind == "amount" else f" {count_label.label}"
    best = ", ".join(
        f"{i + 1}. {label} (*{s.text}*{f', {c}{named}' if population is not None else ''})"
        for i, (label, s, c) in enumerate(ranked[:top])
    )
    text = f"De {word} {m} naar {dim} in {gebied} {in_period(span.label)}: {best or 'geen'}"
    if rest:
        text += f"; de andere {rest} {_DIM_PLURAL[dim]} staan niet in deze top {top}"
        hidden = len(entries) - len(ranked)
        if hidden:
            text += f" ({hidden} niet gerangschikt: te kleine aantallen)"
    text += partial_note(r, [span]) + "."
    if population is not None:
        text += " " + same_population(metric, dim, population, gebied, span, bracket=False)
    table_rows = [[str(i + 1), label, s.text] for i, (label, s, _c) in enumerate(ranked[:top])]
    columns = ["#", HEADERS[dim], m]
    if population is not None:
        columns.append(count_label.label)
        for table_row, (_label, _s, c) in zip(table_rows, ranked[:top], strict=True):
            table_row.append(c)
    if rest:
        table_rows.append(["", f"overige {_DIM_PLURAL[dim]} ({rest})", *[""] * (len(columns) - 2)])
    slots = slots_for(p, metric, codes, regio, [span])
    slots.dimension, slots.top, slots.direction = dim, top, "high" if high else "low"
    return numeric_answer(
        r,
        intent="ranglijst",
        text=text,
        gebied=gebied,
        periode=span.label,
        maat_=f"{m}, {_DIM_PLURAL[dim]} gerangschikt",
        metric=metric,
        slots=slot_dump(slots),
        query=query.name,
        params=params,
        table=Table(columns=columns, rows=table_rows),
        series=bar_series(
            f"{m} naar {dim}",
            metric.unit,
            [SeriesPoint(label=label, value=s.value) for label, s, _c in ranked[:top]],
        ),
    )
