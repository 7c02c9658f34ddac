"""The metrics of the contract and how to fetch them for periods × gemeenten in one query.

Every intent (single figure, comparison, ranking, trend, filter) asks this module for cells and
only decides the shape of the answer; so a metric is defined, queried and disclosed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from bot.disclosure import Disclosure, Shown
from bot.language.lexicon import load_lexicon
from bot.marts.sqlguard import Query, load_query
from bot.marts.warehouse import Warehouse
from bot.render.format import fmt_int

FILTER_PARAMS = {"segment", "subsegment", "productcode", "verwijzer", "verblijf"}
PERIOD_PARAMS = {"gemeenten", "starts", "ends"}
YEAR_PARAMS = {"gemeenten", "jaren"}

Q_JEUGDIGEN = load_query("jeugdigen", PERIOD_PARAMS | FILTER_PARAMS)
Q_TRAJECTEN = load_query("trajecten", PERIOD_PARAMS | FILTER_PARAMS)
Q_AANBIEDERS = load_query("aanbieders", PERIOD_PARAMS | FILTER_PARAMS)
Q_KOSTEN = load_query("kosten", PERIOD_PARAMS | FILTER_PARAMS)
Q_ZORGKOSTEN = load_query("zorgkosten", YEAR_PARAMS)
Q_INWONERS = load_query("inwoners", YEAR_PARAMS)
Q_INWONERS_JAAR = load_query("inwoners_jaar", YEAR_PARAMS)
Q_JEUGDIGEN_0_17 = load_query("jeugdigen_0_17", YEAR_PARAMS)
# The same rows from the yearly figures of the serving copy, where they apply (see _yearly):
# the query, and the filters its table is split by (one at a time).
_YEAR_PARAMS = PERIOD_PARAMS | {"regio"}
Q_JEUGDIGEN_JAAR = load_query(
    "jeugdigen_jaar", _YEAR_PARAMS | {"segment", "productcode", "verwijzer"}
)
Q_KOSTEN_JAAR = load_query("kosten_jaar", _YEAR_PARAMS | {"segment", "productcode", "verwijzer"})
Q_TRAJECTEN_JAAR = load_query("trajecten_jaar", _YEAR_PARAMS | {"segment", "verwijzer"})
_YEARLY = {
    Q_JEUGDIGEN.name: Q_JEUGDIGEN_JAAR,
    Q_KOSTEN.name: Q_KOSTEN_JAAR,
    Q_TRAJECTEN.name: Q_TRAJECTEN_JAAR,
}
YEARLY = tuple(q.name for q in _YEARLY.values())

SECONDARY = "niet getoond (privacy)"

Kind = Literal["count", "amount", "average", "days", "rate", "change", "population"]


@dataclass(frozen=True)
class Metric:
    """One measure of the contract: label, query, how it is disclosed and its definition."""

    key: str
    label: str  # Dutch, as it appears in "Ik begreep: ... · maat <label>"
    kind: Kind
    unit: str  # Series.unit
    definition: str
    query: Query
    column: int  # index of the value in the query's row
    youths_column: int | None  # index of the distinct youths behind the value (disclosure)
    yearly: bool = False  # only per calendar year (annual accounts)
    filterable: bool = True  # segment/product/verwijzer filters apply
    higher: str = "hoogste"
    lower: str = "laagste"
    # A rate: the count (a measure key) it is made of, and the column of fact_inwoners it is
    # divided by ("jeugdigen_0_17", the contract's rate, or "inwoners").
    rate_of: str | None = None
    per: str | None = None


_JEUGDIGEN_DEF = (
    "Jeugdigen in zorg: het aantal unieke jeugdigen (client_id) met minstens één traject "
    "(toewijzing) in de gemeente dat de periode overlapt (startdatum vóór het einde van de "
    "periode en einddatum leeg of na het begin). Een jeugdige telt in een totaal één keer, ook "
    "met meerdere trajecten of in meerdere gemeenten."
)

# Measures that are a stand on one day ("eind 2023", "per 1 januari 2024"); the others add up
# over a period (kosten, gestarte trajecten) or need one (duur), so a day has no value for them.
_STOCKS = frozenset({"jeugdigen", "trajecten_lopend", "aanbieders"})
# The population is counted per calendar year (fact_inwoners): a day or month has the year's.

METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric(
            "jeugdigen",
            "jeugdigen in zorg",
            "count",
            "aantal",
            _JEUGDIGEN_DEF,
            Q_JEUGDIGEN,
            2,
            2,
            higher="meeste",
            lower="minste",
        ),
        Metric(
            "trajecten_gestart",
            "gestarte trajecten",
            "count",
            "aantal",
            "Gestarte trajecten: het aantal trajecten (toewijzingen) met een startdatum "
            "in de periode.",
            Q_TRAJECTEN,
            2,
            None,
            higher="meeste",
            lower="minste",
        ),
        Metric(
            "trajecten_beeindigd",
            "beëindigde trajecten",
            "count",
            "aantal",
            "Beëindigde trajecten: het aantal trajecten (toewijzingen) met een einddatum "
            "in de periode.",
            Q_TRAJECTEN,
            3,
            None,
            higher="meeste",
            lower="minste",
        ),
        Metric(
            "trajecten_lopend",
            "lopende trajecten",
            "count",
            "aantal",
            "Lopende trajecten: het aantal trajecten (toewijzingen) dat de periode overlapt "
            "(gestart vóór het einde van de periode en niet beëindigd vóór het begin).",
            Q_TRAJECTEN,
            4,
            None,
            higher="meeste",
            lower="minste",
        ),
        Metric(
            "trajectduur",
            "gemiddelde trajectduur",
            "days",
            "dagen",
            "Gemiddelde trajectduur: het gemiddelde aantal dagen van startdatum tot einddatum van "
            "de trajecten die in de periode zijn beëindigd.",
            Q_TRAJECTEN,
            5,
            6,
            higher="langste",
            lower="kortste",
        ),
        Metric(
            "aanbieders",
            "aantal aanbieders",
            "count",
            "aantal",
            "Aantal aanbieders: het aantal verschillende aanbieders met minstens één traject dat "
            "de periode overlapt.",
            Q_AANBIEDERS,
            2,
            3,
            higher="hoogste",  # "het hoogste aantal aanbieders", not "de meeste aantal"
            lower="laagste",
        ),
        Metric(
            "kosten",
            "kosten (declaraties)",
            "amount",
            "EUR",
            "Kosten (declaraties): de som van de gedeclareerde bedragen (bedrag_eur) over de "
            "maanden van de periode. Dit is minder dan de zorgkosten Jeugdwet uit de "
            "jaarrekening, die ook JB/JR, landelijk ingekochte zorg en crisis omvatten.",
            Q_KOSTEN,
            2,
            3,
            higher="hoogste",
            lower="laagste",
        ),
        Metric(
            "kosten_per_client",
            "gemiddelde kosten per cliënt",
            "average",
            "EUR",
            "Gemiddelde kosten per cliënt: de gedeclareerde kosten gedeeld door het aantal "
            "jeugdigen in zorg, over dezelfde selectie en periode.",
            Q_KOSTEN,
            2,
            3,
            higher="hoogste",
            lower="laagste",
        ),
        # The population (fact_inwoners, per calendar year): how many live there, not how
        # many are in care. Counts of people, not of clients, so no small-number rule applies.
        Metric(
            "inwoners",
            "inwoners",
            "population",
            "aantal",
            "Inwoners: het aantal inwoners van alle leeftijden van het gebied in dat jaar "
            "(fact_inwoners; in de demo-marts verzonnen, in lijn met de CBS-aantallen).",
            Q_INWONERS_JAAR,
            2,
            None,
            yearly=True,
            filterable=False,
            higher="meeste",
            lower="minste",
        ),
        Metric(
            "jeugdigen_0_17",
            "jeugdigen van 0 tot en met 17 jaar (inwoners)",
            "population",
            "aantal",
            "Jeugdigen 0-17: het aantal inwoners van 0 tot en met 17 jaar van het gebied in dat "
            "jaar (fact_inwoners), de noemer van 'per 1.000 jeugdigen'. Dit zijn alle jeugdige "
            "inwoners, niet alleen de jeugdigen in zorg.",
            Q_JEUGDIGEN_0_17,
            2,
            None,
            yearly=True,
            filterable=False,
            higher="meeste",
            lower="minste",
        ),
        Metric(
            "zorgkosten",
            "zorgkosten Jeugdwet",
            "amount",
            "EUR",
            "Zorgkosten Jeugdwet: de totale zorggerelateerde uitgaven Jeugdwet uit de "
            "jaarrekeningen van de gemeenten, inclusief JB/JR, landelijk ingekochte zorg, "
            "gesloten jeugdzorg, Veilig Thuis en crisis; zonder uitvoeringskosten en het lokale "
            "voorliggende veld.",
            Q_ZORGKOSTEN,
            2,
            None,
            yearly=True,
            filterable=False,
        ),
        Metric(
            "kostenontwikkeling",
            "kostenontwikkeling zorgkosten Jeugdwet",
            "change",
            "%",
            "Kostenontwikkeling: de verandering van de zorgkosten Jeugdwet ten opzichte van het "
            "jaar ervoor, in procenten.",
            Q_ZORGKOSTEN,
            2,
            None,
            yearly=True,
            filterable=False,
            higher="sterkste stijging",
            lower="sterkste daling",
        ),
    )
}


# The rates (issue 13): "per 1.000 jeugdigen" modifies a count (knowledge/lexicon.yaml, rates),
# so each count of `rates.counts` gets one rate per denominator, made from the count's own
# Metric: the same query and column, divided by the area's population of that year.
RATE_COUNTS = tuple(load_lexicon().rates.counts)
RATE_DENOMINATORS = tuple(e.key for e in load_lexicon().rates.per)
# "per inwoner" and "per jeugdige inwoner": an amount per head (€ 274 per inwoner, the policy
# figure), not per 1.000; a count per head (0,03 trajecten per inwoner) is asked back.
PER_HEAD = {"inwoner": "inwoners", "jeugdige_0_17": "jeugdigen_0_17"}
_PER_LABEL = {
    "jeugdigen_0_17": "per 1.000 jeugdigen (0-17 jaar)",
    "inwoners": "per 1.000 inwoners (alle leeftijden)",
    "inwoner": "per inwoner (alle leeftijden)",
    "jeugdige_0_17": "per jeugdige inwoner (0-17 jaar)",
}
DENOMINATOR_LABEL = {
    "jeugdigen_0_17": "jeugdigen van 0-17 jaar",
    "inwoners": "inwoners van alle leeftijden",
    "inwoner": "inwoners van alle leeftijden",
    "jeugdige_0_17": "jeugdigen van 0-17 jaar",
}
PER_WORDS = {k: v.split(" (")[0] for k, v in _PER_LABEL.items()}  # "per 1.000 jeugdigen"


def scale_of(per: str | None) -> int:
    """Per how many of the population a rate counts: 1.000, or 1 for an amount per head."""
    return 1 if per in PER_HEAD else 1000


def population_column(per: str) -> str:
    """The column of fact_inwoners a rate per `per` divides by."""
    return PER_HEAD.get(per, per)


def rate_key(count: str, per: str = "jeugdigen_0_17") -> str | None:
    """The key of the rate of `count` per 1.000 `per` (per head: only an amount); None when
    that count has no such rate.

    Jeugdigen in zorg per 1.000 jeugdigen keeps its old key `per_1000` (slots, golden sets)."""
    if count not in RATE_COUNTS or per not in RATE_DENOMINATORS:
        return None
    if per in PER_HEAD:
        return f"{count}_per_{per}" if METRICS[count].kind == "amount" else None
    if per == "jeugdigen_0_17":
        return "per_1000" if count == "jeugdigen" else f"{count}_per_1000"
    return f"{count}_per_1000_inwoners"


def base_of(key: str) -> str:
    """The count a rate is made of, or the key itself when it is no rate."""
    m = METRICS.get(key)
    return m.rate_of if m is not None and m.rate_of else key


def _rate(count: Metric, per: str) -> Metric:
    key = rate_key(count.key, per)
    assert key is not None
    whom = DENOMINATOR_LABEL[per]
    times = " maal 1.000" if scale_of(per) == 1000 else ""
    return replace(
        count,
        key=key,
        label=f"{count.label} {_PER_LABEL[per]}",
        kind="rate",
        unit="EUR" if count.kind == "amount" else "per 1.000",  # euros per 1.000 on a chart
        definition=(
            f"{count.label[0].upper()}{count.label[1:]} {_PER_LABEL[per]}: "
            f"{'de' if count.kind == 'amount' else 'het aantal'} {count.label} gedeeld door "
            f"het aantal {whom} in dat jaar en gebied "
            f"(fact_inwoners){times}. Voor een dag of een deel van een jaar telt de "
            "bevolking van dat kalenderjaar. "
            + (
                "Let op: dit is per 1.000 inwoners van alle leeftijden, niet de gewone "
                "verhouding van de monitor per 1.000 jeugdigen van 0-17 jaar."
                if per == "inwoners"
                else ""
            )
        ).strip(),
        higher="hoogste",
        lower="laagste",
        rate_of=count.key,
        per=per,
    )


METRICS.update(
    {
        m.key: m
        for m in (
            _rate(METRICS[count], per)
            for count in RATE_COUNTS
            for per in RATE_DENOMINATORS
            if rate_key(count, per)
        )
    }
)


def amount_rate(metric: Metric) -> bool:
    """A rate of euros (kosten or zorgkosten per 1.000 or per head): shown as an amount."""
    return metric.rate_of is not None and METRICS[metric.rate_of].kind == "amount"


# Measures that are a stand on one day ("eind 2023", "per 1 januari 2024"); the others add up
# over a period (kosten, gestarte trajecten) or need one (duur), so a day has no value for them.
# A rate is a stand when its count is.
ON_A_DAY = _STOCKS | {k for k, m in METRICS.items() if m.rate_of in _STOCKS}


@dataclass(frozen=True)
class Span:
    """A period as the queries need it; `label` is the Dutch name shown to the user."""

    start: date
    end: date
    label: str
    grain: str = "year"


@dataclass
class Filters:
    segment: int | None = None
    subsegment: str | None = None
    productcode: str | None = None
    verwijzer: str | None = None
    verblijf: bool = False

    def params(self) -> dict[str, Any]:
        return {
            "segment": self.segment,
            "subsegment": self.subsegment,
            "productcode": self.productcode,
            "verwijzer": self.verwijzer,
            "verblijf": self.verblijf,
        }

    def active(self) -> bool:
        return any(v not in (None, False) for v in self.params().values())


@dataclass
class Cell:
    """One raw figure with what its disclosure needs; never shown without `show()`."""

    value: float | int | None
    youths: int | None = None  # distinct youths behind the value (None: not about youths)
    numerator: float | int | None = None  # for rates: the count (or amount) divided
    previous: float | None = None  # for changes: last year's amount
    denominator: int | None = None  # for rates: the population divided by
    denominator_year: int | None = None  # ... of this calendar year


@dataclass
class Fetched:
    """Cells keyed by (period index, gemeente code or None for the whole selection)."""

    metric: Metric
    cells: dict[tuple[int, str | None], Cell] = field(default_factory=dict)
    query: Query | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def get(self, i: int, code: str | None) -> Cell:
        return self.cells.get((i, code), Cell(None))


def fetch(
    wh: Warehouse,
    metric: Metric,
    gemeenten: list[str],
    spans: list[Span],
    filters: Filters,
    *,
    total: bool = True,
) -> Fetched:
    """Run the metric's query once for all spans and gemeenten, plus the selection's total.

    `total=False` is for answers that show each gemeente on its own ("Helmond vs Veldhoven"):
    the distinct count of several gemeenten together is the one thing the precomputed figures
    cannot give, so without it they answer. The total's cells are then absent (Cell(None)),
    never 0.
    """
    if metric.yearly:
        return _fetch_yearly(wh, metric, gemeenten, spans)
    # A query gives at most one row per span and area (each gemeente and the total), and the
    # warehouse refuses more than `max_rows`: a long series is asked in batches of spans.
    per_batch = max(1, wh.settings.max_rows // (len(set(gemeenten)) + 1))
    if len(spans) > per_batch:
        parts = [
            fetch(wh, metric, gemeenten, spans[i : i + per_batch], filters, total=total)
            for i in range(0, len(spans), per_batch)
        ]
        merged = Fetched(metric, query=parts[0].query, params=parts[0].params)
        for n, part in enumerate(parts):
            for (i, code), cell in part.cells.items():
                merged.cells[(n * per_batch + i, code)] = cell
        return merged
    params: dict[str, Any] = {
        "gemeenten": list(gemeenten),
        "starts": [s.start for s in spans],
        "ends": [s.end for s in spans],
        **filters.params(),
    }
    query = metric.query
    yearly = _yearly(wh, metric, gemeenten, spans, filters, total)
    if yearly is not None:
        query = _YEARLY[metric.query.name]
        params = {k: params[k] for k in query.params if k in params} | yearly
    rows = wh.run(query, params)
    index = {s.start: i for i, s in enumerate(spans)}
    out = Fetched(metric, query=query, params=params)
    for row in rows:
        i = index[_as_date(row[0])]
        out.cells[(i, row[1])] = _cell(metric, row)
    counted = [*gemeenten, None]  # the areas the query gave figures for
    if yearly is not None and not yearly["regio"]:
        if len(set(gemeenten)) == 1:
            # One gemeente: the selection's total is that gemeente's own figure.
            for i in range(len(spans)):
                if (i, gemeenten[0]) in out.cells:
                    out.cells[(i, None)] = replace(out.cells[(i, gemeenten[0])])
        else:
            counted = list(gemeenten)  # several, without their total (total=False)
    # No rows for a covered period means nobody matched: that is a real 0, not a missing value.
    for i in range(len(spans)):
        for code in counted:
            out.cells.setdefault((i, code), _zero(metric))
    if metric.kind == "rate":
        _add_rates(wh, out, gemeenten, spans)
    return out


def _yearly(
    wh: Warehouse,
    metric: Metric,
    gemeenten: list[str],
    spans: list[Span],
    filters: Filters,
    total: bool = True,
) -> dict[str, Any] | None:
    """Extra params for the precomputed counts, when they answer exactly this question.

    Distinct counts do not add up, so the serving copy holds the figures per calendar period
    (years, half-years, quarters and months, as the bot spans them), per gemeente and for all
    monitor gemeenten together, in total and split by one filter (parts of a year: by segment
    only). Anything else, such as two filters, a week or the total of two gemeenten, is
    counted from the trajectories by the metric's own query.
    """
    yearly = _YEARLY.get(metric.query.name)
    if yearly is None or not spans:
        return None
    split_by = [k for k, v in filters.params().items() if v not in (None, False)]
    if len(split_by) > 1 or not set(split_by) <= yearly.params:
        return None
    regio = yearly_area(wh, gemeenten, spans, split_by[0] if split_by else None, total=total)
    return None if regio is None else {"regio": regio}


# The one split the serving copy holds for the parts of a year, as well as for years.
SPLIT_IN_EVERY_PERIOD = "segment"


def yearly_area(
    wh: Warehouse,
    gemeenten: list[str],
    spans: list[Span],
    split: str | None = None,
    *,
    total: bool = True,
) -> bool | None:
    """Whether the serving copy's precomputed figures hold this selection over these spans,
    split by `split` (a filter or dimension name, or None): None when not (a span that is not
    one of their calendar periods, a split they do not hold for it, or several gemeenten that
    are not the whole monitor region while their `total` is wanted), else whether the
    selection is that whole region."""
    held = (
        wh.jeugdigen_jaren if split in (None, SPLIT_IN_EVERY_PERIOD) else wh.jaren_alle_splitsingen
    )
    if not spans or any((s.start, s.end) not in held for s in spans):
        return None
    regio = set(gemeenten) == set(wh.monitor_codes)
    if not regio and total and len(set(gemeenten)) != 1:
        return None
    return regio


def _as_date(x: Any) -> date:
    return x.date() if hasattr(x, "date") and not isinstance(x, date) else x


def _zero(metric: Metric) -> Cell:
    if metric.kind in ("average", "days"):
        return Cell(None, youths=0)
    return Cell(0, youths=0, numerator=0)


def _cell(metric: Metric, row: tuple[Any, ...]) -> Cell:
    youths = int(row[metric.youths_column] or 0) if metric.youths_column is not None else None
    raw = row[metric.column]
    if metric.key == "kosten_per_client":
        value = float(raw) / youths if raw is not None and youths else None
        return Cell(value, youths=youths)
    if metric.key == "kosten":
        return Cell(float(raw) if raw is not None else 0.0, youths=youths)
    if metric.rate_of == "kosten":
        amount = float(raw) if raw is not None else 0.0
        return Cell(amount, youths=youths, numerator=amount)
    if metric.kind == "days":
        return Cell(float(raw) if raw is not None else None, youths=youths)
    return Cell(int(raw or 0), youths=youths, numerator=int(raw or 0))


def populations(
    wh: Warehouse, gemeenten: list[str], years: list[int], per: str
) -> dict[tuple[int, str | None], int]:
    """The population `per` (a column of fact_inwoners) by (year, gemeente code, or None for
    the selection together): the denominators of every rate."""
    rows = wh.run(Q_INWONERS, {"gemeenten": list(gemeenten), "jaren": sorted(set(years))})
    column = 2 if population_column(per) == "inwoners" else 3
    return {(r[0], r[1]): int(r[column]) for r in rows if r[column]}


def as_rate(cell: Cell, denominator: int | None, year: int, scale: int = 1000) -> Cell:
    """The cell's count (or amount) per `scale` of `denominator`, keeping both for the
    answer's words; no denominator (no population that year) or no count gives no rate,
    never 0."""
    count = cell.numerator if cell.numerator is not None else cell.value
    cell.numerator = count
    ok = denominator and count is not None
    cell.value = (float(count or 0) / float(denominator or 1) * scale) if ok else None
    cell.denominator = denominator or None
    cell.denominator_year = year
    return cell


def _add_rates(wh: Warehouse, out: Fetched, gemeenten: list[str], spans: list[Span]) -> None:
    """Divide each count by the population of its span's calendar year (a day: its year).

    A span over more than one calendar year has no one population: it gets no rate (the core
    asks such a question back before it gets here, bot.intents.rates)."""
    base = populations(wh, gemeenten, [s.end.year for s in spans], out.metric.per or "")
    for (i, code), cell in out.cells.items():
        year = spans[i].end.year
        den = base.get((year, code)) if spans[i].start.year == year else None
        as_rate(cell, den, year, scale_of(out.metric.per))


def _fetch_yearly(
    wh: Warehouse, metric: Metric, gemeenten: list[str], spans: list[Span]
) -> Fetched:
    years = sorted({s.start.year for s in spans})
    wanted = sorted(set(years) | {y - 1 for y in years}) if metric.kind == "change" else years
    params = {"gemeenten": list(gemeenten), "jaren": wanted}
    rows = wh.run(metric.query, params)
    amounts = {(r[0], r[1]): (float(r[2]) if r[2] is not None else None, r[3]) for r in rows}
    out = Fetched(metric, query=metric.query, params=params)
    for i, s in enumerate(spans):
        for code in [*gemeenten, None]:
            value, n = amounts.get((s.start.year, code), (None, 0))
            # A total over a selection is only complete when every gemeente has that year.
            if code is None and n != len(gemeenten):
                value = None
            if metric.kind == "change":
                prev, n_prev = amounts.get((s.start.year - 1, code), (None, 0))
                if code is None and n_prev != len(gemeenten):
                    prev = None
                change = (value - prev) / prev * 100 if value is not None and prev else None
                out.cells[(i, code)] = Cell(change, previous=prev)
            else:
                out.cells[(i, code)] = Cell(value)
    if metric.kind == "rate":  # zorgkosten per inwoner: the year's amount on its population
        _add_rates(wh, out, gemeenten, spans)
    return out


def rate_terms(
    metric: Metric,
    cell: Cell,
    disclosure: Disclosure,
    *,
    year: bool = True,
    compact: bool = False,
) -> str | None:
    """What a shown rate is made of, in words: "3.553 gestarte trajecten op 18.195 jeugdigen
    van 0-17 jaar (2024)", so the reader sees the count, the population and its year; compact,
    in a list whose sentence names both once (rate_legend): "3.553 op 18.195"."""
    if metric.rate_of is None or metric.per is None or cell.denominator is None:
        return None
    count = METRICS[metric.rate_of]
    if count.kind == "amount":
        part = disclosure.amount(cell.numerator, cell.youths).text
        what = part
    else:
        part = disclosure.count(cell.numerator).text
        what = f"{part} {count.label}"
    if compact:
        return f"{part} op {fmt_int(cell.denominator)}"
    whom = DENOMINATOR_LABEL[metric.per]
    when = f" ({cell.denominator_year})" if year else ""
    return f"{what} op {fmt_int(cell.denominator)} {whom}{when}"


def rate_legend(metric: Metric, *, when: str = " van dat jaar") -> str:
    """The sentence that names the two figures of compact rate_terms."""
    if metric.rate_of is None or metric.per is None:
        return ""
    count = METRICS[metric.rate_of]
    what = "het bedrag" if count.kind == "amount" else f"het aantal {count.label}"
    return f" Tussen haakjes: {what} op het aantal {DENOMINATOR_LABEL[metric.per]}{when}."


def show(metric: Metric, cell: Cell, disclosure: Disclosure, *, compact: bool = False) -> Shown:
    """The cell as it may be shown, by the one disclosure rule."""
    if metric.kind == "count":
        return disclosure.count(cell.value)
    if metric.kind == "amount":
        return disclosure.amount(cell.value, cell.youths, compact=compact)
    if metric.kind == "average":
        return disclosure.average(cell.value, cell.youths, unit="eur")
    if metric.kind == "days":
        return disclosure.average(cell.value, cell.youths, unit="dagen")
    if metric.kind == "rate" and amount_rate(metric):
        return disclosure.amount(cell.value, cell.youths, compact=compact)
    if metric.kind == "rate":
        return disclosure.per_thousand(cell.value, cell.numerator)
    if metric.kind == "population":
        return disclosure.population(cell.value)
    return disclosure.percentage(cell.value, signed=True, decimals=1)


def protect(
    shown: list[Shown], cells: list[Cell], metric: Metric, disclosure: Disclosure
) -> list[Shown]:
    """Secondary suppression (P4): when exactly one part of a total is hidden, hide the
    smallest other part too, so "total minus the shown parts" cannot recover the hidden one."""
    hidden = [i for i, s in enumerate(shown) if s.suppressed]
    if len(hidden) != 1:
        return shown
    candidates = [
        i
        for i, s in enumerate(shown)
        if s.status == "shown" and isinstance(cells[i].value, (int, float)) and cells[i].value
    ]
    if not candidates:
        return shown
    j = min(candidates, key=lambda i: cells[i].value or 0)
    out = list(shown)
    out[j] = Shown(text=SECONDARY, value=None, status="suppressed")
    return out
