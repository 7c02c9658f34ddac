"""A share of a monitor measure: the unit asked is part of the question.

"hoeveel procent van de jeugdigen in zorg in Asten zat in 2023 in segment 1", "welk deel van de
kosten ging in 2024 naar segment 2", "hoeveel procent van de kinderen in Asten had jeugdhulp":
a percentage is asked, so the count or the amount alone would be a figure for another measure
than asked. The monitor makes two shares (bot.intents.parse reads the measure without the share's
words and the base the question names):

- a filtered measure as a share of the same measure unfiltered, same area and period
  (kosten segment 2 / kosten; jeugdigen in segment 1 / jeugdigen in zorg);
- the jeugdigen in zorg as a share of the inhabitants of 0-17 (fact_inwoners), the contract's
  rate per 1.000 divided by 10.

Anything else asked as a share is asked back, never answered with the count. Published shares
of the documents come first (bot.intents.kengetal_index.asks_share; the core asks this module
only when no published share answers). Both figures a share is made of are shown, by the
disclosure rule: a hidden count never shows as a share that would reveal it.
"""

from __future__ import annotations

import re

from bot.intents.base import Parsed, Run, slot_dump
from bot.intents.common import area, slots_for, spans_of
from bot.intents.compose import (
    area_label,
    coverage_problem,
    filter_label,
    in_period,
    numeric_answer,
    partial_note,
)
from bot.intents.measures import (
    METRICS,
    Cell,
    Filters,
    Metric,
    Span,
    fetch,
    populations,
    show,
)
from bot.language.lexicon import load_lexicon
from bot.language.normalize import fold
from bot.models import Answer, Kind, Option
from bot.render.format import fmt_int

INTENT = "aandeel"
# The measures a share of the same measure unfiltered is made of: counts and amounts that a
# form of care, a segment or a verwijzer filters. (The zorgkosten have no form of care.)
_OF_ITSELF = frozenset(
    {"jeugdigen", "kosten", "trajecten_gestart", "trajecten_beeindigd", "trajecten_lopend"}
)
# The one count of the monitor that is a number of youths, so a share of the youths living there.
_OF_POPULATION = frozenset({"jeugdigen"})
_AGE_NOTE = (
    " Let op: de monitor kent de leeftijd van de cliënten niet en telt alle jeugdigen in zorg, "
    "ook wie 18 jaar of ouder is (jeugdhulp kan doorlopen tot 23 jaar); de bevolking is die van "
    "0 tot en met 17 jaar. Het aandeel is dus iets hoger dan dat van alleen de 0-17-jarigen."
)
_ALL_AGES_NOTE = (
    " Let op: dit is een aandeel van alle inwoners, van elke leeftijd; de monitor rekent "
    "gewoonlijk met de jeugdigen van 0-17 jaar ('hoeveel procent van de kinderen')."
)
# A share base of people: the column of fact_inwoners, its words and the note on ages.
_PEOPLE = {
    "population": ("jeugdigen_0_17", "inwoners van 0-17 jaar", _AGE_NOTE),
    "inhabitants": ("inwoners", "inwoners (alle leeftijden)", _ALL_AGES_NOTE),
}
_SEGMENT_NOTE = (
    " Een jeugdige met zorg in meer dan één vorm of segment telt in elk daarvan, dus de "
    "aandelen van de segmenten samen kunnen boven 100% uitkomen."
)


def share_answer(p: Parsed, r: Run, text: str, intent: str | None) -> Answer:
    """The share asked, computed by the monitor, or a question back when it cannot make it."""
    metric = METRICS.get(p.metric or "")
    if metric is None or p.rate is not None:
        return _cannot(p, text, metric, "dat is geen aantal of bedrag van de monitor")
    spans = spans_of(p, r)
    places = p.areas or [(c, [c]) for c in dict.fromkeys(p.gemeenten)]
    shaped = bool(p.dimension or p.per or p.compare_previous or {"rank", "filter"} & p.cues)
    if (
        not shaped
        and p.regio
        and len(places) == 1
        and len(spans) == 1
        and not p.filters.active()
        and metric.key in _OF_ITSELF
        and p.share_base in (None, "clients")
    ):
        # "welk deel van de kosten van de regio ging naar Helmond": the place and its region,
        # which the router reads as a comparison of the two
        return _of_region(p, r, metric, spans[0], list(places[0][1]))
    if intent not in (None, "cijfer") or shaped:
        return _cannot(p, text, metric, "een aandeel geef ik voor één gebied en één periode")
    several = (len(p.areas) if p.areas else len(set(p.gemeenten))) > 1
    if len(spans) > 1 or several:
        return _cannot(p, text, metric, "een aandeel geef ik voor één gebied en één periode")
    of_people = p.share_base in _PEOPLE
    population = of_people or (
        p.share_base is None and not p.filters.active() and metric.key in _OF_POPULATION
    )
    if population and metric.key in _OF_POPULATION:
        if p.share_base is None:
            return _which_base(p, text, metric)
        return _of_population(p, r, metric, spans[0])
    if p.filters.active() and metric.key in _OF_ITSELF and not of_people:
        return _of_itself(p, r, metric, spans[0])
    if not p.filters.active():
        why = (
            f"je noemt niet welk deel van de {metric.label} je bedoelt (een segment, product "
            "of verwijzer)"
        )
    else:
        why = f"van {metric.label} maak ik geen aandeel"
    return _cannot(p, text, metric, why)


def _without(filters: Filters, base: Filters) -> Filters:
    """The filters of a share's part that its base does not name."""
    return Filters(
        segment=None if base.segment or filters.productcode else filters.segment,
        subsegment=filters.subsegment,
        productcode=None if base.productcode else filters.productcode,
        verwijzer=None if base.verwijzer else filters.verwijzer,
        verblijf=filters.verblijf,
    )


def _pct(num: float, den: float) -> float:
    return num / den * 100


def _of_itself(p: Parsed, r: Run, metric: Metric, span: Span) -> Answer:
    codes, regio = area(p, r)
    problem = coverage_problem(r, metric, [span])
    if problem:
        from bot.intents.refuse import no_data

        return no_data(problem, INTENT)
    key = None if regio or len(codes) > 1 else codes[0]
    # "van de pleegzorgcliënten": the whole is filtered by what the base names, the part by the
    # rest as well (bot.intents.parse._share_whole)
    base = p.share_whole if isinstance(p.share_whole, Filters) else Filters()
    own = _without(p.filters, base)
    if not own.active():
        why = f"je noemt niet welk deel van de {metric.label} je bedoelt"
        return _cannot(p, p.text, metric, why)
    both = Filters(**{k: v or getattr(base, k) for k, v in p.filters.params().items()})
    part = fetch(r.wh, metric, codes, [span], both).get(0, key)
    whole = fetch(r.wh, metric, codes, [span], base).get(0, key)
    filt = filter_label(r.wh, own)
    of = f" ({label})" if (label := filter_label(r.wh, base)) else ""
    gebied = _gebied(p, r, codes, regio)
    pct, made_of = _ratio(r, metric, part, whole)
    body = (
        f"Aandeel {filt} in de {metric.label}{of} in {gebied} {in_period(span.label)}: "
        f"*{pct}* ({made_of}){partial_note(r, [span])}."
    )
    if metric.key == "jeugdigen":
        body += _SEGMENT_NOTE
    maat_ = f"aandeel {filt} in {metric.label}{of}"
    return _answer(p, r, metric, codes, regio, span, body, gebied, maat_, "zelfde maat")


def _of_region(p: Parsed, r: Run, metric: Metric, span: Span, codes: list[str]) -> Answer:
    """ "welk deel van de kosten van de regio ging naar Helmond": the place's figure as a share
    of the whole region's, same measure and period."""
    problem = coverage_problem(r, metric, [span])
    if problem:
        from bot.intents.refuse import no_data

        return no_data(problem, INTENT)
    region = list(r.wh.monitor_codes)
    part = fetch(r.wh, metric, codes, [span], Filters()).get(
        0, None if len(codes) > 1 else codes[0]
    )
    whole = fetch(r.wh, metric, region, [span], Filters()).get(0, None)
    gebied = _gebied(p, r, codes, False)
    regio = area_label(r.wh, region, True)
    pct, made_of = _ratio(r, metric, part, whole)
    body = (
        f"Aandeel {gebied} in de {metric.label} van {regio} {in_period(span.label)}: "
        f"*{pct}* ({made_of}){partial_note(r, [span])}."
    )
    maat_ = f"aandeel {gebied} in {metric.label} van de regio"
    return _answer(p, r, metric, codes, False, span, body, gebied, maat_, "regio")


def _ratio(r: Run, metric: Metric, part: Cell, whole: Cell) -> tuple[str, str]:
    """The share of `part` in `whole` as it may be shown, and the words for both figures.

    Hidden when the part is a hidden count or amount, when the whole is below 10, or (youths)
    when 1-4 youths are outside the part: with the two counts that small count would show."""
    d = r.disclosure
    part_shown, whole_shown = show(metric, part, d), show(metric, whole, d)
    if metric.kind == "count":
        # Under the 'cbs' rule counts show rounded: the share is of the counts as shown, so its
        # decimals cannot give back the exact counts.
        num, den = (
            (part_shown.value, whole_shown.value) if d.rule == "cbs" else (part.value, whole.value)
        )
        pct = d.percentage(None, num, den, n_youths=part.youths or None)
        rest = int(whole.value or 0) - int(part.value or 0)
        if metric.key == "jeugdigen" and d.count(rest).suppressed:
            pct, part_shown = d._small_base(), d._small_base()
    else:
        value = _pct(part.value or 0, whole.value) if whole.value else None
        pct = d.percentage(value, n_youths=part.youths or None)
        if part_shown.suppressed or whole_shown.suppressed:
            pct = d._small_base()
    if metric.kind == "amount":
        whole_text = f"in totaal {whole_shown.text}"
        hidden = f"het deel is te klein om te tonen; {whole_text}"
    else:
        whole_text = f"de {whole_shown.text} {metric.label}"
        hidden = f"het deel is te klein om te tonen; {whole_shown.text} {metric.label} in totaal"
    if part_shown.suppressed or pct.suppressed:
        return pct.text, hidden
    return pct.text, f"{part_shown.text} van {whole_text}"


def _of_population(p: Parsed, r: Run, metric: Metric, span: Span) -> Answer:
    codes, regio = area(p, r)
    problem = coverage_problem(r, metric, [span])
    if problem:
        from bot.intents.refuse import no_data

        return no_data(problem, INTENT)
    if span.start.year != span.end.year:
        return _cannot(
            p, p.text, metric, "de bevolking is er per kalenderjaar, en deze periode loopt over "
            "meer dan één jaar"
        )  # fmt: skip
    key = None if regio or len(codes) > 1 else codes[0]
    year = span.end.year
    count = fetch(r.wh, metric, codes, [span], p.filters).get(0, key)
    column, whom, age_note = _PEOPLE[p.share_base or "population"]
    base = populations(r.wh, codes, [year], column).get((year, key))
    d = r.disclosure
    shown = show(metric, count, d)
    num = shown.value if d.rule == "cbs" else count.value
    pct = d.percentage(None, num, base, n_youths=count.youths or None)
    filt = filter_label(r.wh, p.filters)
    what = f"{metric.label} ({filt})" if filt else metric.label
    gebied = _gebied(p, r, codes, regio)
    base_text = fmt_int(base) if base else "onbekend"
    body = (
        f"Aandeel {what} in de {whom} in {gebied} {in_period(span.label)}: "
        f"*{pct.text}* ({shown.text} {metric.label} op {base_text} {whom} "
        f"in {year}){partial_note(r, [span])}.{age_note}"
    )
    maat_ = f"{what} als deel van de {whom}"
    return _answer(p, r, metric, codes, regio, span, body, gebied, maat_, whom)


def _gebied(p: Parsed, r: Run, codes: list[str], regio: bool) -> str:
    label = area_label(r.wh, codes, regio)
    return f"{label} samen" if p.together else label


def _answer(
    p: Parsed,
    r: Run,
    metric: Metric,
    codes: list[str],
    regio: bool,
    span: Span,
    body: str,
    gebied: str,
    maat_: str,
    base: str,
) -> Answer:
    slots = slot_dump(slots_for(p, metric, codes, regio, [span])) | {"aandeel_van": base}
    ans = numeric_answer(
        r,
        intent=INTENT,
        text=body,
        gebied=gebied,
        periode=span.label,
        maat_=maat_,
        metric=metric,
        slots=slots,
        query=None,
        params={},
    )
    return ans


def _without_share(p: Parsed, text: str) -> str:
    """The question without the words that ask the share: the count or amount itself."""
    if not p.share:
        return text
    parts = [re.escape(w) for w in p.share.split()]
    rx = re.compile(r"[\W_]*".join(parts), re.IGNORECASE)
    plain = " ".join(rx.sub(" ", text, count=1).split())
    return plain or text


def _cannot(p: Parsed, text: str, metric: Metric | None, why: str) -> Answer:
    """A share the monitor cannot make: said, with the figures it can give offered."""
    plain = _without_share(p, text)
    label = metric.label if metric else "het aantal"
    options = [Option(label=f"{label} (geen aandeel)", value=plain)]
    if metric is not None and metric.key in _OF_ITSELF and not p.filters.active():
        options.append(Option(label=f"{label} per segment", value=f"{plain} per segment"))
    return Answer(
        kind=Kind.CLARIFY,
        intent="verduidelijking",
        text=(
            f"Je vraagt een aandeel (een percentage), maar dat kan ik hier niet uitrekenen: {why}. "
            "Een aantal of bedrag in plaats van het percentage zou een ander cijfer zijn dan je "
            "vraagt. Ik reken een aandeel uit van een deel van een maat ten opzichte van die "
            "hele maat (bijvoorbeeld 'welk deel van de kosten ging in 2024 naar segment 2'), of "
            "van de jeugdigen in zorg ten opzichte van alle jeugdigen van 0-17 jaar ('hoeveel "
            "procent van de kinderen in Helmond had in 2023 jeugdhulp'). Wat bedoel je?"
        ),
        slots={"mention": p.share or "", "soort": "aandeel"},
        options=options,
    )


def _which_base(p: Parsed, text: str, metric: Metric) -> Answer:
    """ "welk percentage jeugdigen in Asten": of the youths living there, or the count?"""
    plain = _without_share(p, text)
    return Answer(
        kind=Kind.CLARIFY,
        intent="verduidelijking",
        text=(
            f"Een aandeel waarvan? Ik kan de {metric.label} geven als deel van alle jeugdigen "
            "van 0-17 jaar die er wonen, of het aantal zelf."
        ),
        slots={"mention": p.share or "", "soort": "aandeel"},
        options=[
            Option(
                label=f"{metric.label} als deel van de jeugdigen van 0-17 jaar",
                value=f"hoeveel procent van de kinderen {plain}",
            ),
            Option(label=f"{metric.label} (geen aandeel)", value=plain),
        ],
    )


_MONEY_WORDS = re.compile(r"kost|uitgave|bedrag|euro")
_MEASURE_WORDS = {
    "jeugdigen": re.compile(r"client|jeugdig|gebruiker|jongere|kinderen"),
    "trajecten_gestart": re.compile(r"traject"),
    "trajecten_beeindigd": re.compile(r"traject"),
    "trajecten_lopend": re.compile(r"traject"),
    "kosten": _MONEY_WORDS,
}


def published_fits(p: Parsed, onderwerp: str, r_wh: object | None = None) -> bool:
    """Whether a published share is the share the question asks: its subject names the same
    part (segment, product, verwijzer, verblijf) and its base the same measure and base. A share
    of segment 2 in the clients answers no question about segment 1 or about the costs, and a
    question the monitor answers exactly gets the monitor's share instead. True when the
    question asks no share the monitor reads (nothing to compare)."""
    metric = p.metric or ""
    if p.share is None or metric not in _MEASURE_WORDS:
        return True
    o = fold(onderwerp)
    f = p.filters
    if f.segment and not re.search(rf"\b(segment|s) ?{f.segment}\b", o):
        return False
    if f.productcode:
        producten = getattr(r_wh, "producten", {}) or {}
        prod = producten.get(f.productcode)
        names = {fold(f.productcode)} | ({fold(prod.naam)} if prod is not None else set())
        if not any(n and n in o for n in names):
            return False
    if f.verwijzer and fold(f.verwijzer) not in o:
        return False
    if f.verblijf and "verblijf" not in o:
        return False
    if not _MEASURE_WORDS[metric].search(o):
        return False
    if metric != "kosten" and _MONEY_WORDS.search(o):
        return False
    if p.share_base is not None and _base_of(o) != p.share_base:
        return False  # a base the question names is that base (no base: each one fits)
    subject = _BASE_OF.split(o, maxsplit=1)[0]
    named = re.search(r"\b(?:segment|s) ?(\d)\b", subject)
    if named is not None and f.segment != int(named.group(1)):
        return False  # "cliënten segment 2 ten opzichte van alle inwoners": segment 2's share
    code = re.search(r"\b\d\d[a-z]\d\d\b", subject)
    if code is not None and fold(f.productcode or "") != code.group(0):
        return False
    if "verblijf" in subject and not (f.verblijf or f.subsegment):
        return False
    # A word of the published subject the question does not use qualifies it to something else
    # ("cliënten die niet thuis kunnen wonen" are not all clients).
    asked = [w for w in re.findall(r"[a-z0-9]+", p.folded) if len(w) > 2]
    # the words of a filter the question names in its own way ("GI" for the gecertificeerde
    # instelling) are named
    asked += fold(f.verwijzer or "").split()
    return all(any(_stem(w) in a for a in asked) for w in _qualifiers(onderwerp))


def _base_of(onderwerp: str) -> str:
    """The base a published share is taken of, in the terms of Parsed.share_base."""
    if "jeugdige inwoner" in onderwerp or "0 17" in onderwerp:
        return "population"
    if "inwoner" in onderwerp:
        return "inhabitants"
    return "clients"


def _stem(word: str) -> str:
    return word[:-1] if word.endswith(("s", "n")) and len(word) > 5 else word


def _qualifiers(onderwerp: str) -> list[str]:
    """The words of a published share's subject (before its base) that are neither the
    vocabulary's own words nor the share's: "thuis" in "cliënten die niet thuis kunnen wonen"."""
    lex = load_lexicon()
    plain = fold(re.sub(r"\([^)]*\)", " ", onderwerp))
    # the subject only, before its base ("... in cliënten jeugdhulp eerste halfjaar")
    plain = re.split(r"\b(?:ten opzichte van|t o v|versus|afgezet tegen|in)\s", plain, maxsplit=1)[
        0
    ]
    known = lex.domain | lex.amount | set(lex.function_words.split())
    return [
        w
        for w in plain.split()
        if len(w) > 3 and not w.isdigit() and w not in known and w not in _SHARE_WORDS
    ]


_SHARE_WORDS = frozenset({"aandeel", "deel", "procent", "percentage"})
_BASE_OF = re.compile(r"\b(?:ten opzichte van|t o v|versus|afgezet tegen|in)\s")
