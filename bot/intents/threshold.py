"""Gemeenten above or below a threshold: "welke gemeenten hadden meer dan 500 jeugdigen?".

Without this intent the question was read as a plain figure and answered with the region's
total (9.403): the threshold and the gemeenten it selects were dropped, a wrong number. Each
gemeente's figure is compared with the threshold only where it is shown: a small count the
disclosure rule hides is never compared (that would reveal it), it is listed as not decidable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.intents.base import Intent, Parsed, Run, register, slot_dump
from bot.intents.common import (
    NumericSlots,
    metric_of,
    ranked_areas,
    ranked_cells,
    slots_for,
    spans_of,
)
from bot.intents.compose import coverage_problem, join_nl, maat, numeric_answer, partial_note
from bot.intents.measures import YEARLY, Filters, Metric, show
from bot.intents.ranking import ranked_gebied
from bot.models import Answer, Kind, Table
from bot.render.format import fmt_eur, fmt_int

_ABOVE = r"meer|hoger|groter|boven( de)?|ruim|minstens|ten ?minste|vanaf"
_BELOW = r"minder|lager|kleiner|onder( de)?|maximaal|hooguit|hoogstens|tot"
THRESHOLD = re.compile(
    rf"\b(?P<dir>{_ABOVE}|{_BELOW})\s+(?:dan\s+)?(?:€\s*|eur\w*\s+)?"
    r"(?P<num>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<dec>\d+))?\s*(?P<mult>mln|miljoen|duizend)?\b",
    re.IGNORECASE,
)
# What the threshold selects: gemeenten ("welke gemeenten", "hoeveel gemeenten", "gemeenten met").
SELECTS_GEMEENTEN = re.compile(
    r"\b(welke|hoeveel|in welke|bij welke|in hoeveel|bij hoeveel|alle)\s+gemeenten?\b"
    r"|\bgemeenten?\s+(met|die|waar)\b"
)
# A threshold in a document's own wording ("gemeenten met meer dan 100.000 inwoners volgens de
# VNG") is a published figure's size class, not a selection of the monitor's gemeenten.
_ELSEWHERE = re.compile(r"\b(vng|nederland|landelijk\w*|volgens|programmaplan|enquete)\b")
_INCLUSIVE = re.compile(r"^(minstens|ten ?minste|vanaf|maximaal|hooguit|hoogstens)", re.I)


@dataclass(frozen=True)
class Threshold:
    above: bool
    value: float
    inclusive: bool
    said: str  # as the user wrote it: "meer dan 500"
    scaled: bool = False  # written with a multiplier ("5 miljoen"): the value is shown too

    def holds(self, x: float) -> bool:
        if self.above:
            return x >= self.value if self.inclusive else x > self.value
        return x <= self.value if self.inclusive else x < self.value


def threshold_of(text: str) -> Threshold | None:
    m = THRESHOLD.search(text)
    if m is None:
        return None
    value = float(m.group("num").replace(".", ""))
    if m.group("dec"):
        value += float(f"0.{m.group('dec')}")
    mult = (m.group("mult") or "").lower()
    value *= 1_000_000 if mult in ("mln", "miljoen") else 1_000 if mult == "duizend" else 1
    word = m.group("dir").lower()
    above = re.fullmatch(_ABOVE, word) is not None
    return Threshold(above, value, bool(_INCLUSIVE.match(word)), m.group(0).strip(), bool(mult))


def _fmt(metric: Metric, value: float) -> str:
    return fmt_eur(value) if metric.unit == "EUR" else fmt_int(int(value))


@register
class ThresholdFilter(Intent):
    name = "drempel"
    description = "Welke (of hoeveel) gemeenten boven of onder een grens zitten op een maat."
    examples = (
        "welke gemeenten hadden in 2024 meer dan 500 jeugdigen in zorg?",
        "hoeveel gemeenten hebben minder dan 300 jeugdigen?",
        "gemeenten met meer dan 5 miljoen kosten in 2023",
    )
    queries = ("jeugdigen", "trajecten", "aanbieders", "kosten", "zorgkosten", "inwoners", *YEARLY)
    Slots = NumericSlots

    def match(self, p: Parsed) -> float:
        if not SELECTS_GEMEENTEN.search(p.folded) or _ELSEWHERE.search(p.folded):
            return 0.0
        if threshold_of(p.text) is None or p.metric is None:
            return 0.0
        if {"filter", "growth", "decline"} & p.cues:
            return 0.0  # "stegen met meer dan 15%": a threshold on the change (ChangeFilter)
        return 0.95  # above a ranking or a figure: the threshold is what is asked

    def run(self, p: Parsed, r: Run) -> Answer:
        metric = metric_of(p)
        limit = threshold_of(p.text)
        assert limit is not None
        if p.rate or metric.kind in ("change", "rate"):
            return Answer(
                kind=Kind.CLARIFY,
                text=(
                    f"Een grens als '{limit.said}' pas ik alleen toe op aantallen, bedragen en "
                    f"gemiddelden, niet op {metric.label}. Vraag bijvoorbeeld de ranglijst: "
                    f"'ranglijst {metric.label}'."
                ),
                intent=self.name,
            )
        spans = spans_of(p, r)[-1:]
        problem = coverage_problem(r, metric, spans)
        if problem:
            from bot.intents.refuse import no_data

            return no_data(problem, self.name)
        ranked = ranked_areas(p, r)
        keys = [k for k, _ in ranked.areas]
        filters = p.filters if metric.filterable else Filters()
        cells_of, data = ranked_cells(r, metric, ranked, spans, filters)
        hits: list[str] = []
        hidden: list[str] = []
        rows: list[list[str]] = []
        for key in keys:
            cell = cells_of[key][0]
            shown = show(metric, cell, r.disclosure)
            name = ranked.name(r.wh, key)
            rows.append([ranked.label(r.wh, key), shown.text])
            if shown.status != "shown" or cell.value is None:
                hidden.append(name)
            elif limit.holds(float(cell.value)):
                hits.append(f"{name} ({shown.text})")
        m = maat(metric, r.wh, filters)
        span = spans[0]
        where = f"{len(hits)} van de {len(keys)} gemeenten"
        if hits:
            text = f"{where} hadden {limit.said} {m} in {span.label}: {join_nl(hits)}"
        else:
            text = f"Geen van de {len(keys)} gemeenten had {limit.said} {m} in {span.label}"
        text += partial_note(r, spans) + "."
        if hidden:
            text += (
                f" Niet te bepalen voor {join_nl(hidden)}: hun aantal is te klein om te tonen, "
                "dus vergelijk ik het ook niet met de grens."
            )
        slots = slots_for(p, metric, [] if ranked.regio else ranked.codes, ranked.regio, spans)
        return numeric_answer(
            r,
            intent=self.name,
            text=text,
            gebied=ranked_gebied(r, ranked, not ranked.regio, lambda k: ranked.label(r.wh, k)),
            periode=span.label,
            maat_=f"{m}, grens {limit.said.lower()}"
            + (f" ({_fmt(metric, limit.value)})" if limit.scaled else ""),
            metric=metric,
            slots=slot_dump(slots),
            query=data.query.name if data.query else None,
            params=data.params,
            table=Table(columns=[ranked.noun().capitalize(), span.label], rows=rows),
        )
