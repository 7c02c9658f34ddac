"""Shared pieces of every numeric answer: what was understood, sources, peildatum and demo note.

Kept in one place so every intent states the gemeente, periode and maat the same way, and no
answer can leave out the peildatum or the demo warning.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.entities import Subregion, load_subregion_spellings, subregion_of_codes
from bot.intents.base import Run
from bot.intents.measures import Filters, Metric, Span
from bot.language.lexicon import load_lexicon
from bot.marts.warehouse import Warehouse
from bot.models import Answer, Kind, Series, SeriesPoint, Source
from bot.render.format import fmt_date

SEGMENT_WORDS = {1: "segment 1", 2: "segment 2", 3: "segment 3", 4: "segment 4", 5: "segment 5"}


def naam(wh: Warehouse, code: str) -> str:
    g = wh.gemeenten.get(code)
    return g.naam if g else code


def join_nl(items: list[str]) -> str:
    """ "A", "A en B", "A, B en C"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def area_label(wh: Warehouse, codes: list[str], regio: bool) -> str:
    if regio or not codes:
        return f"regio {wh.regio_naam}"
    sub = subregion_of_codes(wh.monitor_codes, codes)
    if sub is not None:
        return subregion_label(sub)
    return join_nl([naam(wh, c) for c in codes])


def subregion_label(sub: Subregion) -> str:
    """ "Peelgemeenten (Asten, Deurne, Gemert-Bakel, Laarbeek en Someren)": a sub-region is
    never shown without its members, since the documents do not list them."""
    if len(sub.codes) < 2:
        return sub.naam
    # "Nuenen, Gerwen en Nederwetten" is Nuenen in a list, or the list reads as two gemeenten.
    return f"{sub.naam} ({join_nl([n.split(',')[0] for n in sub.namen])})"


def subregion_note(wh: Warehouse, areas: list[list[str]]) -> str:
    """Where the membership of the sub-regions among `areas` comes from; "" when none is one."""
    if not any(subregion_of_codes(wh.monitor_codes, codes) for codes in areas):
        return ""
    return f" {load_subregion_spellings().bron}."


def filter_label(wh: Warehouse, f: Filters) -> str:
    """ "segment 2 (gezinsnabij)", "product 43A09 (Pleegzorg)", "via huisarts"; "" when none."""
    parts: list[str] = []
    if f.productcode:
        prod = wh.producten.get(f.productcode)
        parts.append(f"product {f.productcode}" + (f" ({prod.naam})" if prod else ""))
    elif f.segment and f.subsegment:
        parts.append(f"S{f.segment}-{f.subsegment}")
    elif f.segment == 1 and f.verblijf:
        parts.append("S1-verblijf")
    elif f.segment:
        parts.append(SEGMENT_WORDS.get(f.segment, f"segment {f.segment}"))
    elif f.subsegment:
        parts.append(f.subsegment)
    elif f.verblijf:
        parts.append("verblijf (S1-verblijf en segment 2)")
    if f.verwijzer:
        parts.append(f"verwijzer {f.verwijzer}")
    return ", ".join(parts)


def maat(metric: Metric, wh: Warehouse, f: Filters) -> str:
    extra = filter_label(wh, f) if metric.filterable else ""
    return f"{metric.label} ({extra})" if extra else metric.label


def understood(gebied: str, periode: str, maat_: str) -> str:
    return f"{gebied} · {periode} · {maat_}"


def understood_sentence(gebied: str, periode: str, maat_: str) -> str:
    return f"Ik begreep: gebied {gebied} · periode {periode} · maat {maat_}."


def footer(wh: Warehouse) -> str:
    demo = " Let op: dit zijn demodata, geen echte cijfers." if wh.demo else ""
    return f"Peildatum {fmt_date(wh.peildatum)}.{demo}"


def sources(
    wh: Warehouse, metric: Metric | None, extra: list[Source] | None = None
) -> list[Source]:
    bron = "demodata" if wh.demo else wh.bron
    tables = {
        "jeugdigen": "fact_traject",
        "trajecten": "fact_traject",
        "aanbieders": "fact_traject",
        "kosten": "fact_declaratie",
        "zorgkosten": "fact_zorgkosten_jaar",
        "inwoners": "fact_inwoners",
        "kengetal": "fact_kengetal",
    }
    out = []
    if metric is not None:
        table = tables.get(metric.query.name, "monitor marts")
        out.append(
            Source(titel=f"Monitor {wh.regio_naam} ({bron})", document=table, locatie=metric.label)
        )
        if metric.kind == "rate":
            out.append(
                Source(
                    titel=f"Monitor {wh.regio_naam} ({bron})",
                    document="fact_inwoners",
                    locatie="jeugdigen 0-17 jaar",
                )
            )
    return out + list(extra or [])


NOTED = "toegelicht"  # slot: the notes' questions this conversation has already shown


def measure_note(r: Run, metric: Metric | None) -> tuple[str | None, list[str]]:
    """The measure's note (knowledge/lexicon.yaml) unless this conversation has already shown
    the same pointer, and the pointers shown so far, for the state.

    The note says once what a cost measure includes and which question gives the other one:
    the first answer has it, "en in 2022?" after it does not repeat it, and "zorgkosten" after
    "kosten" does get its own (it points the other way). Without a conversation every answer
    has it, since nothing says the user saw it."""
    noted = list(r.state.slots.get(NOTED, [])) if r.state else []
    lexicon = load_lexicon()
    note = lexicon.notes.get(metric.key) if metric else None
    if note is None:
        return None, noted
    question = next(m.note_question for m in lexicon.measures if m.note == note)
    if question in noted:
        return None, noted
    return note, [*noted, question or ""]


def numeric_answer(
    r: Run,
    *,
    intent: str,
    text: str,
    gebied: str,
    periode: str,
    maat_: str,
    metric: Metric | None,
    slots: dict[str, Any],
    query: str | None,
    params: dict[str, Any],
    **kw: Any,
) -> Answer:
    """Assemble an answer that always says what was understood, the peildatum and demo status."""
    note, noted = measure_note(r, metric)
    if noted:
        slots = {**slots, NOTED: noted}
    note_line = f"{note}\n" if note else ""
    body = f"{text}\n{note_line}{understood_sentence(gebied, periode, maat_)} {footer(r.wh)}"
    return Answer(
        kind=Kind.ANSWER,
        text=body,
        intent=intent,
        slots=slots,
        understood=understood(gebied, periode, maat_),
        sources=kw.pop("sources", None) or sources(r.wh, metric),
        query=query,
        params=jsonable(params),
        definition=metric.definition if metric else kw.pop("definition", None),
        peildatum=r.wh.peildatum,
        demo=r.wh.demo,
        **kw,
    )


def jsonable(params: dict[str, Any]) -> dict[str, Any]:
    """Bound parameters as JSON-friendly values (dates as ISO strings)."""
    out: dict[str, Any] = {}
    for k, v in params.items():
        if isinstance(v, dict):
            out[k] = jsonable(v)  # one query run per area: each area's parameters
        elif isinstance(v, date):
            out[k] = v.isoformat()
        elif isinstance(v, list):
            out[k] = [x.isoformat() if isinstance(x, date) else x for x in v]
        else:
            out[k] = v
    return out


def last_full_year(wh: Warehouse) -> int:
    """The most recent calendar year the marts cover completely: the default period."""
    p = wh.peildatum
    return p.year if (p.month, p.day) == (12, 31) else p.year - 1


def year_span(y: int) -> Span:
    return Span(date(y, 1, 1), date(y, 12, 31), str(y), "jaar")


def coverage_problem(r: Run, metric: Metric, spans: list[Span]) -> str | None:
    """A Dutch explanation when a period lies outside the data, or None when all is covered."""
    wh = r.wh
    if metric.yearly:
        population = metric.kind == "population"
        first, last = wh.inwoners_jaren if population else wh.zorgkosten_jaren
        known = metric.label if population else "zorgkosten Jeugdwet"
        for s in spans:
            if s.start.month != 1 or s.end.month != 12 or s.start.year != s.end.year:
                return (
                    f"De {metric.label} zijn er alleen per kalenderjaar (uit de jaarrekeningen), "
                    f"niet voor {s.label}. Vraag bijvoorbeeld naar {last}."
                )
            if s.start.year > r.today.year:
                return (
                    f"{s.label} ligt in de toekomst; de {metric.label} zijn bekend "
                    f"van {first} tot en met {last}."
                )
            need = s.start.year - 1 if metric.kind == "change" else s.start.year
            if s.start.year > last or need < first:
                return (
                    f"Voor {s.label} zijn er geen {metric.label} in de monitor. "
                    f"De {known} zijn bekend van {first} tot en met {last}"
                    + (
                        f", dus de kostenontwikkeling van {first + 1} tot en met {last}."
                        if metric.kind == "change"
                        else "."
                    )
                )
        return None
    covered = f"van {fmt_date(wh.data_start)} tot en met {fmt_date(wh.data_end)} (peildatum)"
    for s in spans:
        if s.start > r.today:
            return (
                f"{s.label} ligt in de toekomst: daarover zijn nog geen cijfers, en een prognose "
                f"maakt de monitor niet. De monitor bevat gegevens {covered}."
            )
        if s.start > wh.data_end:
            return (
                f"Over {s.label} zijn er nog geen cijfers: de gegevens lopen tot de peildatum "
                f"{fmt_date(wh.data_end)}. De monitor bevat gegevens {covered}."
            )
        if s.end < wh.data_start:
            return (
                f"Over {s.label} zijn er geen gegevens: de monitor begint op "
                f"{fmt_date(wh.data_start)}. De monitor bevat gegevens {covered}."
            )
    return None


def partial_note(r: Run, spans: list[Span]) -> str:
    """A note when a period runs past the peildatum, so a half year is not read as a whole one."""
    for s in spans:
        if s.end > r.wh.data_end >= s.start:
            return (
                f" (let op: {s.label} is niet volledig; de gegevens lopen tot en met "
                f"{fmt_date(r.wh.data_end)})"
            )
    return ""


def in_period(label: str) -> str:
    """ "in 2023", "in Q1 2024", but "op 31 december 2023": a stock is counted on a day, and
    "van 1 januari 2022 tot en met 30 juni 2025": a stretch between two days."""
    if label[:1].isdigit() and not label[:4].isdigit() and " t/m " in label:
        first, last = label.split(" t/m ", 1)
        return f"van {first} tot en met {last}"
    return f"op {label}" if label[:1].isdigit() and not label[:4].isdigit() else f"in {label}"


BAR_TOP = 15  # bars a chart of a ranking or breakdown shows; the table keeps every row


def bar_series(
    title: str, unit: str, points: list[SeriesPoint], top: int = BAR_TOP, keep_zero: bool = False
) -> Series | None:
    """A bar chart of a ranking or breakdown, in the given order: the first `top` bars with a
    value, and the number of table rows left out. A hidden (suppressed) value, or a zero one,
    draws no bar, only an empty line: it is left out here and counted with the rest (a growth
    of 0% is a real rank: keep_zero). None when not one bar is left."""
    drawn = [pt for pt in points if pt.value is not None and (keep_zero or pt.value != 0)][:top]
    if not drawn:
        return None
    return Series(title=title, unit=unit, kind="bar", points=drawn, rest=len(points) - len(drawn))


# Measures whose figure for several places together is the sum of their figures; the distinct
# counts are not (a youth or provider in two of them counts once).
_ADDS_UP = frozenset(
    {"kosten", "zorgkosten", "trajecten_gestart", "trajecten_beeindigd", "trajecten_lopend"}
)
_DISTINCT = frozenset({"jeugdigen", "aanbieders"})


def union_note(r: Run, metric: Metric, data: Any, codes: list[str], i: int = 0) -> str:
    """ "Veldhoven en Helmond samen": what the one figure of the union is made of.

    A sum names its members' figures; a distinct count says how much less it is than their
    sum, since a youth in care in two of them counts once. Parts are named only when every
    part may be shown, and a difference of 1-4 youths (a small count, recoverable from the
    parts and the union) is never shown: then the parts are left out."""
    from bot.intents.measures import show

    if len(codes) < 2:
        return ""
    names = join_nl([naam(r.wh, c) for c in codes])
    total = data.get(i, None)
    parts = [(naam(r.wh, c), data.get(i, c)) for c in codes]
    shown = [show(metric, cell, r.disclosure) for _, cell in parts]
    listed = ", ".join(f"{n} {s.text}" for (n, _), s in zip(parts, shown, strict=True))
    all_shown = all(s.status == "shown" for s in shown)
    if metric.key in _ADDS_UP:
        if not all_shown:
            return f" Dat is één cijfer voor {names} samen, opgeteld."
        return f" Dat is één cijfer voor {names} samen, opgeteld: {listed}."
    if metric.key in _DISTINCT and total.value is not None:
        what = "jeugdige" if metric.key == "jeugdigen" else "aanbieder"
        once = (
            f" Een {what} in meer dan één van deze gemeenten telt één keer, dus dit kan minder "
            f"zijn dan de aantallen apart opgeteld."
        )
        if not all_shown or any(cell.value is None for _, cell in parts):
            return f" Dat is één cijfer voor {names} samen.{once}"
        summed = sum(int(cell.value or 0) for _, cell in parts)
        diff = summed - int(total.value)
        if diff == 0:
            return (
                f" Dat is één cijfer voor {names} samen ({listed}); geen {what} telt in meer "
                "dan één ervan, dus het is ook hun som."
            )
        if r.disclosure.count(diff).suppressed:
            return f" Dat is één cijfer voor {names} samen.{once}"
        plural = "jeugdigen" if metric.key == "jeugdigen" else "aanbieders"
        return (
            f" Dat is één cijfer voor {names} samen: apart zijn het {listed}, opgeteld "
            f"{r.disclosure.count(summed).text}, maar {r.disclosure.count(diff).text} {plural} "
            f"tellen in meer dan één van deze gemeenten en in het totaal één keer."
        )
    return f" Dat is één cijfer voor {names} samen, berekend over hun trajecten samen."
