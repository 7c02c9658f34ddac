"""Published figures (fact_kengetal): what the policy documents say, quoted with their source."""

from __future__ import annotations

import re
from datetime import date, timedelta

from pydantic import BaseModel

from bot.entities import subregion_of_codes, subregions_of
from bot.intents.base import Intent, Parsed, Run, register
from bot.intents.compose import area_label, footer, in_period, join_nl, jsonable, maat, naam
from bot.intents.kengetal_index import (
    ASKS_MOMENT,
    NEAR,
    Hit,
    MonitorLink,
    asked_unit,
    asks_share,
    band_rows,
    base_fit,
    base_label,
    counts_persons,
    explains,
    fits_ages,
    named_years,
    names,
    near,
    search,
    wording_of,
)
from bot.intents.measures import METRICS, Filters, Span, fetch, show
from bot.knowledge.schema import DOCUMENT_TITLES
from bot.language.normalize import fold
from bot.marts.periods import fmt_period
from bot.marts.sources import TIME_UNITS, as_fraction, kengetal_date
from bot.marts.sqlguard import load_query
from bot.models import Answer, Kind, Option, Source, Table
from bot.render.format import MONTHS, fmt_date, fmt_eur, fmt_int, fmt_pct, quoted

QUERY = load_query("kengetal", {"gebieden"})
_STOP = {"in", "de", "het", "van", "en", "per", "voor", "jeugdwet", "jeugdigen", "een"}


# How an answer names each document: "volgens het MJP van Zuid-Holland Zuid (par. 5.2 ...)".
DOCUMENT_NAMES = {
    "000_05fd599307ad2e89.txt": "het Programmaplan Een 10 voor de Jeugd 2024-2028",
    "001_9ed6bf435e31ceb8.txt": "het MJP van Zuid-Holland Zuid",
    "002_2d82f4a8b97cdc0c.txt": "het Uitvoeringsplan Jeugdhulp Haaglanden 2023-2024",
    "004_1007e2a72d4ad2b5.txt": "de VNG-ledenbrief 'Doorstart hervormingsagenda jeugd'",
}
MATCH_THRESHOLD = 0.45  # a block explaining less of the question is not what it asks

_PLACES_IN_DOCUMENT = (
    (re.compile(r"\b0 ?meting|\bnulmeting|\bbijlage 2\b"), "0-meting"),
    (re.compile(r"\bfactsheet"), "factsheet"),
)


_PERIOD_IN_SUBJECT = re.compile(
    rf"\s+(eerste|tweede) halfjaar\b|\s+in ({'|'.join(MONTHS)}) \d{{4}}\b", re.IGNORECASE
)


def asked_gebieden(p: Parsed) -> frozenset[str]:
    """The areas a question names as fact_kengetal names them: gemeente codes and the names
    of sub-regions of more than one gemeente (Peelgemeenten)."""
    return frozenset([*p.gemeenten, *(k for k, codes in p.areas if len(codes) > 1)])


def band_ages(p: Parsed) -> tuple[str, ...]:
    """The ages of the band a question names ("12 tot 18 jarigen": 12, 18), if it names one."""
    return tuple(re.findall(r"\d+", p.age_band[0])) if p.age_band else ()


def _cite(document: str) -> str:
    """A document's title with its file name, so the quote can be found in the sources."""
    title = DOCUMENT_TITLES.get(document)
    return f"{title} ({document})" if title and title != document else document


class KengetalSlots(BaseModel):
    gemeenten: list[str] = []
    regio: bool = False
    jaren: list[int] = []
    onderwerp: str | None = None


@register
class Kengetal(Intent):
    name = "kengetal"
    description = "Gepubliceerde cijfers uit de beleidsdocumenten (0-meting, factsheet), met bron."
    examples = (
        "wat staat er in de 0-meting over Helmond?",
        "welke zorgkosten noemt het programmaplan voor 2023?",
        "gepubliceerde cijfers verblijf Veldhoven",
    )
    queries = ("kengetal",)
    Slots = KengetalSlots

    def match(self, p: Parsed) -> float:
        return 0.9 if "kengetal" in p.cues else 0.0

    def run(self, p: Parsed, r: Run) -> Answer:
        hit = p.document_hit if isinstance(p.document_hit, Hit) else self._hit(p)
        if hit is not None:
            return self.quote(p, r, hit)
        return self._tables(p, r)

    @staticmethod
    def _hit(p: Parsed) -> Hit | None:
        """The block the question's words pick, if one clearly does (ties: the asked unit and
        year decide)."""
        # "Wat staat er in de 0-meting over Helmond?" names a table and a place, not a figure:
        # that table's figures (below), not one quote.
        # "hoeveel 0 tot 4 jarigen": a figure for that band only (as the router chose)
        ages = band_ages(p)
        hits = [h for h in search(p.text) if h.titled and fits_ages(h.block, ages)]
        # "wat staat er in de 0-meting?" asks figures, no moment: a date or a period answers
        # only a question for one ("wanneer vindt de 0-meting plaats?"), as the router chooses.
        moment = bool(ASKS_MOMENT.search(p.folded))
        hits = [h for h in hits if (h.block.eenheid in TIME_UNITS) == moment] or (
            hits if moment else []
        )
        asked = asked_gebieden(p)
        if asked:
            # "het aandeel S2 in Veldhoven": a figure for Veldhoven, not the region's of another
            # table whose words fit a little better.
            hits = [h for h in hits if asked & set(h.block.gebieden_codes)] or hits
        years = {y for s in p.spans for y in range(s.start.year, s.end.year + 1)}
        if written := named_years(p.text):
            # as the router does (kengetal_index.best_for_document)
            hits = [h for h in hits if h.block.of_years(written)]
        share = asks_share(p.text)
        if share:
            # "hoeveel S2-cliënten per inwoner", "welk deel van ...": only a published share
            # answers, as the router chose (kengetal_index.best_for_document).
            hits = [h for h in hits if h.block.eenheid == "procent"] or hits
        if not hits or hits[0].score < MATCH_THRESHOLD:
            return None
        unit = "procent" if share else asked_unit(p.folded)

        best = hits[0].score

        def rank(h: Hit) -> tuple[int, float, bool, int, int, int, bool, bool, float]:
            return (
                int(h.block.eenheid == unit),
                base_fit(h, p.folded) if share else 0.0,
                h.counted,
                int(bool(years & h.block.jaren)),
                explains(h),  # then as the router chose (kengetal_index.choose)
                names(h),
                h.exact and h.score >= best - NEAR,
                h.exact,
                h.score,
            )

        # The block the question names fully, when it explains the question about as well
        # (kengetal_index.choose chooses the same way).
        return max(near(hits, p.folded, share), key=rank)

    def quote(self, p: Parsed, r: Run, hit: Hit) -> Answer:
        """One published figure with the document's words and where it stands."""
        wh = r.wh
        b = hit.block
        gebieden = [*b.gebieden, *(c for c in p.gemeenten if c not in b.gebieden)]
        rows = [
            x for x in wh.run(QUERY, {"gebieden": list(b.gebieden_codes)}) if x[0] == b.onderwerp
        ]
        asked = asked_gebieden(p)
        if asked:
            rows = [x for x in rows if x[1] in asked] or rows
        named = [x for x in rows if re.search(rf"\b{re.escape(fold(str(x[1])))}\b", p.folded)]
        rows = named or rows
        band = band_rows([str(x[1]) for x in rows], band_ages(p))
        rows = [x for x in rows if str(x[1]) in band] or rows  # a table by age: the asked row
        years = {y for s in p.spans for y in range(s.start.year, s.end.year + 1)}
        if years:
            rows = [x for x in rows if x[2] is None or x[2] in years] or rows
        doc = b.document
        name = DOCUMENT_NAMES.get(doc, DOCUMENT_TITLES.get(doc, doc))
        where = f"par. {b.sectie}" if b.sectie[:1].isdigit() else b.sectie
        lines: list[str] = []
        table_rows: list[list[str]] = []
        for onderwerp, geb, jaar, waarde, eenheid, _doc, loc in rows[:12]:
            value = self._fmt(r, waarde, eenheid, counts_persons(onderwerp))
            area = naam(wh, geb) if geb in wh.gemeenten else geb
            table_rows.append(
                [
                    onderwerp,
                    area,
                    str(jaar or "-"),
                    value,
                    f"{DOCUMENT_TITLES.get(doc, doc)}, {loc}",
                ]
            )
            # "1 september 2017", "het derde kwartaal van 2018" name their year
            shown_year = jaar and eenheid not in TIME_UNITS
            if eenheid in TIME_UNITS and lines and lines[-1].startswith(f"{area}: *"):
                lines[-1] += f" en *{value}*"  # "na een aanloop in 2015 en 2016": one line
            else:
                lines.append(f"{area}{' ' + str(jaar) if shown_year else ''}: *{value}*")
        first = rows[0] if rows else None
        said = wording_of(b, str(first[1]), first[2], float(first[3])) if first else b.formulering
        wording = quoted(said.replace("\t", " | "))
        # A section written with its own bracket ("Ad 2) Regionale verrekeningen") is not put
        # between brackets: "(Ad 2) Regionale verrekeningen)" reads as a broken sentence.
        place = f", {where}" if "(" in where or ")" in where else f" ({where})"
        text = (
            f"Volgens {name}{place}: {b.onderwerp}, " + "; ".join(lines) + ".\n"
            f"Het document zegt: \u201c{wording}\u201d\n"
            f"Bron: {_cite(doc)}, {b.locatie}. "
            "Dit is een gepubliceerd cijfer uit het beleidsdocument, niet door de monitor berekend."
        )
        if b.link and len(rows) == 1 and rows[0][2] is not None:
            text += self._beside(r, b.link, str(rows[0][1]), int(rows[0][2]))
        return Answer(
            kind=Kind.ANSWER,
            text=text,
            intent=self.name,
            slots=KengetalSlots(
                gemeenten=list(p.gemeenten), regio=False, jaren=sorted(years), onderwerp=b.onderwerp
            ).model_dump(exclude_none=True),
            understood=f"{b.onderwerp} · {', '.join(map(str, sorted(years))) or 'alle jaren'}",
            table=Table(columns=["Onderwerp", "Gebied", "Jaar", "Waarde", "Bron"], rows=table_rows),
            sources=[Source(titel=DOCUMENT_TITLES.get(doc, doc), document=doc, locatie=b.locatie)],
            query=QUERY.name,
            params=jsonable({"gebieden": gebieden}),
            definition="Gepubliceerd kengetal: het cijfer zoals het in het beleidsdocument staat "
            "(fact_kengetal), met de woorden en de vindplaats van het document.",
            peildatum=wh.peildatum,
            demo=False,
        )

    def _tables(self, p: Parsed, r: Run) -> Answer:
        wh = r.wh
        codes = list(dict.fromkeys(p.gemeenten))
        regio = p.regio or not codes
        gebieden = [*codes] + ([wh.regio_naam] if regio else [])
        rows = wh.run(QUERY, {"gebieden": gebieden})
        years = {y for s in p.spans for y in range(s.start.year, s.end.year + 1)}
        if years:
            rows = [x for x in rows if x[2] is None or x[2] in years]
        for cue, where in _PLACES_IN_DOCUMENT:
            if cue.search(p.folded):
                # "wat staat er in de 0-meting over Helmond?": that table, not every figure.
                rows = [x for x in rows if where in str(x[6]).lower()] or rows
                rows = sorted(rows, key=lambda x: str(x[6]))  # that table's order: totals first
        words = set(re.findall(r"\w+", p.folded)) - _STOP
        scored = []
        for row in rows:
            topic = set(re.findall(r"\w+", row[0].lower().replace("-", " "))) - _STOP
            scored.append(
                (
                    len(topic & words | {w for w in words for t in topic if len(w) > 4 and w in t}),
                    row,
                )
            )
        best = max((s for s, _ in scored), default=0)
        chosen = [row for s, row in scored if s == best] if best else [row for _, row in scored]
        gebied = area_label(wh, codes, regio and not codes)
        if not chosen:
            text = (
                f"In de gepubliceerde cijfers (fact_kengetal) staat niets over {gebied}"
                + (f" in {join_nl([str(y) for y in sorted(years)])}" if years else "")
                + ". Gepubliceerde cijfers zijn er voor de 11 gemeenten en de regio, 2021-2023."
            )
            return Answer(
                kind=Kind.ANSWER,
                text=f"{text} {footer(wh)}",
                intent=self.name,
                query=QUERY.name,
                params={"gebieden": gebieden},
                peildatum=wh.peildatum,
                demo=wh.demo,
            )
        table_rows: list[list[str]] = []
        lines: list[str] = []
        sources: dict[tuple[str, str], Source] = {}
        for onderwerp, geb, jaar, waarde, eenheid, doc, loc in chosen[:40]:
            value = self._fmt(r, waarde, eenheid, counts_persons(onderwerp))
            where = naam(wh, geb) if geb in wh.gemeenten else geb
            titel = DOCUMENT_TITLES.get(doc, doc)
            table_rows.append([onderwerp, where, str(jaar or "-"), value, f"{titel}, {loc}"])
            if len(lines) < 8:
                lines.append(f"{onderwerp}, {where}{' ' + str(jaar) if jaar else ''}: *{value}*")
            sources[(doc, loc)] = Source(titel=titel, document=doc, locatie=loc)
        more = f" (en {len(chosen) - 8} meer, zie tabel)" if len(chosen) > 8 else ""
        text = (
            f"Gepubliceerde cijfers over {gebied}: " + "; ".join(lines) + more + ".\n"
            f"Ik begreep: gebied {gebied} · periode "
            f"{join_nl([str(y) for y in sorted(years)]) if years else 'alle jaren'} · "
            f"maat gepubliceerde kengetallen. "
            f"Bron: {join_nl(sorted({_cite(d) for d, _ in sources}))}. "
            # Quoted from the documents, not computed from the (possibly demo) marts.
            "Dit zijn gepubliceerde cijfers uit de beleidsdocumenten."
        )
        return Answer(
            kind=Kind.ANSWER,
            text=text,
            intent=self.name,
            slots=KengetalSlots(
                gemeenten=codes,
                regio=regio,
                jaren=sorted(years),
                onderwerp=chosen[0][0] if best else None,
            ).model_dump(exclude_none=True),
            understood=(
                f"{gebied} · {', '.join(map(str, sorted(years))) or 'alle jaren'} · "
                "gepubliceerde kengetallen"
            ),
            table=Table(columns=["Onderwerp", "Gebied", "Jaar", "Waarde", "Bron"], rows=table_rows),
            sources=list(sources.values()),
            query=QUERY.name,
            params=jsonable({"gebieden": gebieden}),
            definition="Gepubliceerde kengetallen: cijfers zoals ze in de beleidsdocumenten staan "
            "(fact_kengetal), met document en vindplaats; niet door de monitor berekend.",
            peildatum=wh.peildatum,
            demo=False,
        )

    @staticmethod
    def _beside(r: Run, link: MonitorLink, gebied: str, year: int) -> str:
        """The monitor's own count of the same cell (the kengetal data links the two), so a
        reader sees both; nothing where the monitor has no count for it."""
        wh = r.wh
        metric = METRICS[link.maat]
        codes = _area_codes(r, gebied)
        if codes is None:
            return ""
        span = link_span(link, year)
        if span.start < wh.data_start or span.end > wh.data_end:
            return ""
        regio = gebied == wh.regio_naam
        filters = link_filters(link)
        cell = fetch(wh, metric, codes, [span], filters).get(
            0, codes[0] if len(codes) == 1 else None
        )
        if cell.value is None:
            return ""
        shown = show(metric, cell, r.disclosure)
        area = (
            f"regio {gebied}" if regio else naam(wh, gebied) if gebied in wh.gemeenten else gebied
        )
        why = f" {link.verschil[0].upper()}{link.verschil[1:]}" if link.verschil else ""
        return (
            f"\nDe monitor telt zelf {maat(metric, wh, filters)} in {area} "
            f"{in_period(span.label)}: "
            f"*{shown.text}* (eigen telling op de peildatum {fmt_date(wh.peildatum)}).{why}"
        )

    @staticmethod
    def _fmt(r: Run, waarde: float, eenheid: str, persons: bool = True) -> str:
        if eenheid == "datum":
            return fmt_date(kengetal_date(waarde))
        if eenheid == "periode":
            return fmt_period(waarde)  # "het derde kwartaal van 2018", "eind 2018"
        if eenheid == "euro":
            return fmt_eur(waarde)
        if eenheid == "procent" and (fraction := as_fraction(waarde)):
            return f"{fraction[0]}/{fraction[1]} ({fmt_pct(waarde, 1)})"  # "2/3 (66,7%)"
        if eenheid == "procent":
            return fmt_pct(
                waarde, 2 if round(waarde, 1) != waarde else (1 if waarde != int(waarde) else 0)
            )
        if eenheid == "aantal" and float(waarde).is_integer():
            # As published: the document is public, and the small-count rule is for the marts'
            # own counts of clients; applied to every count it hid "3 Utrechtse gemeenten"
            # ("minder dan 5") and, under the CBS rule, rounded a published 139 to 140. A
            # published count of people below 5 still shows as the rule says.
            n = int(waarde)
            if persons and 0 < n < 5:
                return r.disclosure.count(n).text
            return fmt_int(n)
        return f"{waarde:g}".replace(".", ",")


def link_filters(link: MonitorLink) -> Filters:
    """The monitor's filter a linked block counts with (S2-gezinsnabij: segment 2, subsegment
    gezinsnabij; S1-verblijf: segment 1 with verblijf)."""
    return Filters(
        segment=link.segment,
        subsegment=link.subsegment,
        productcode=link.productcode,
        verblijf=link.verblijf,
    )


def link_span(link: MonitorLink, year: int) -> Span:
    """The period a linked figure covers in `year`, as the monitor's queries take it."""
    first, last = link.months()
    end = date(year, 12, 31) if last == 12 else date(year, last + 1, 1) - timedelta(days=1)
    if link.periode == "kalenderjaar":
        return Span(date(year, 1, 1), end, str(year), "jaar")
    if first == last:
        return Span(date(year, first, 1), end, f"{link.periode} {year}", "maand")
    half = "eerste" if first == 1 else "tweede"
    return Span(date(year, first, 1), end, f"{half} helft {year}", "halfjaar")


def _area_codes(r: Run, gebied: str) -> list[str] | None:
    """The monitor gemeenten of an area as fact_kengetal names it: the region, a gemeente code
    or a sub-region of the reference data (Peelgemeenten); None for any other area."""
    wh = r.wh
    if gebied == wh.regio_naam:
        return list(wh.monitor_codes)
    if gebied in wh.gemeenten:
        return [gebied]
    for sub in subregions_of(frozenset(wh.monitor_codes)):
        if sub.naam == gebied:
            return list(sub.codes)
    return None


def _area_of(r: Run, codes: list[str], regio: bool) -> str | None:
    """The name fact_kengetal gives the asked area: the region's, a gemeente's code (Helmond
    the gemeente is also Helmond the sub-region) or the sub-region whose members are asked."""
    if regio:
        return r.wh.regio_naam
    if len(codes) == 1:
        return codes[0]
    sub = subregion_of_codes(r.wh.monitor_codes, codes)
    return sub.naam if sub is not None else None


def which_base(question: str, hits: list[Hit]) -> Answer:
    """Ask which base a share is taken of, one option per column of the published table
    (bot.intents.kengetal_index.unnamed_bases): no figure before the user chose."""
    bases = [base_label(h.block) for h in hits]
    said = ", ".join(bases[:-1]) + " of " + bases[-1]
    name = DOCUMENT_NAMES.get(hits[0].block.document, hits[0].block.document)
    asked = question.strip().rstrip("?").strip()
    return Answer(
        kind=Kind.CLARIFY,
        text=(
            f"{name[:1].upper()}{name[1:]} geeft dat aandeel tegen {len(bases)} noemers. "
            f"Bedoel je het aandeel ten opzichte van {said}?"
        ),
        intent="welke_noemer",
        slots={},
        options=[
            Option(label=f"ten opzichte van {b}", value=f"{asked} ten opzichte van {b}")
            for b in bases
        ],
    )
