"""From normalised Dutch text to a Parsed question: periods, entities, metric and shape cues.

Periods come from bot.language.periods and names from bot.entities; this module only adds the
vocabulary of the numeric intents (which measure, which shape) and the refusal cues. Patterns
run on folded text (lowercase, no accents, punctuation as spaces), so "cliënten", "Cliënten"
and "clienten" read the same.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from typing import Any

from bot.intents.base import Clarification, Parsed
from bot.intents.coverage import entity_spans, explain
from bot.intents.kengetal_index import asks_share
from bot.intents.measures import METRICS, Filters, Span, rate_key
from bot.intents.rephrase import ask, pieces
from bot.language.lexicon import load_lexicon
from bot.language.normalize import fold
from bot.language.periods import parse_periods


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


LEXICON = load_lexicon()
# Order matters: the first metric whose pattern matches wins (knowledge/lexicon.yaml).
METRIC_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = LEXICON.measure_patterns
WEAK_METRIC_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = LEXICON.weak_measure_patterns
EXPLICIT_METRIC_EXCEPT_DEFAULT = {k for k, _ in METRIC_PATTERNS} - {"jeugdigen"}

DIMENSIONS = LEXICON.dimensions
_DIM = "|".join(sorted(DIMENSIONS, key=len, reverse=True))
BREAKDOWN = _rx(
    rf"\b(per|naar|over|verdeling|verdeeld|uitgesplitst|opgesplitst|uitsplitsing|splits"
    rf"|opsplitsing|onderverdeeld)( \w+){{0,3}}? ({_DIM})\b(?!(?<=segment) ?\d\b)"
    rf"|\bwelke (zorg)?(aanbieders|producten|verwijzers)\b|\b(door wie|via wie) (\w+ )?verwezen"
    r"|\bwie (?:verwijst|verwijzen|verwees)\b"
)

# "welk product", "welke verwijzer", "top 3 aanbieders": the dimension a ranking ranks (with a
# direction or a top N only; a gemeente ranks by the Ranking of gemeenten).
RANKED_DIMENSION = _rx(rf"\b(?:welke?|top ?(?:\d+|drie|vijf|tien)?)\s+(?:zorg)?({_DIM})\b")

# The words just before a dimension word that make it the thing counted ("naar het aantal
# aanbieders"): a measure, not what the answer is broken down by ("naar aanbieder").
_COUNTED = _rx(r"\b(?:het |hun |een )?(?:aantal|hoeveelheid)\s+(?:zorg)?$")

VERWIJZERS = LEXICON.verwijzer_patterns

COMPARE = LEXICON.cue("compare")
RANK_HIGH = LEXICON.cue("rank_high")
RANK_LOW = LEXICON.cue("rank_low")
RANK = LEXICON.cue("rank")
WHICH = LEXICON.cue("which")
GROWTH = LEXICON.cue("growth")
DECLINE = LEXICON.cue("decline")
TREND = LEXICON.cue("trend")
FILTER = LEXICON.cue("filter")
KENGETAL = LEXICON.cue("kengetal")
DEFINITION = LEXICON.cue("definition")
HELP = LEXICON.cue("help")
FOLLOWUP = LEXICON.cue("followup")
VERBLIJF = LEXICON.cue("verblijf")
TOTAL = LEXICON.cue("total")
CHANGE_QUESTION = LEXICON.cue("change_question")
AMOUNT_OR_COUNT = LEXICON.cue("amount_or_count")
COUNTED_PEOPLE = LEXICON.cue("counted_people")
# The words just before a year that make it the start of a change: "tov 2022".
_FROM_YEAR = LEXICON.cue("from_year")
_SINCE_WORD = _rx(r"\b(?:sinds|vanaf|sedert)\b")
AGE_BAND = LEXICON.cue("age_band")
# The measures that count an age band exactly: the population of 0 to 17 years (fact_inwoners).
# Every other measure counts all ages together (docs/monitor-marts.md).
AGE_EXACT = frozenset({"jeugdigen_0_17"})
# The grain of a series named by an adjective or a compound ("maandelijkse", "kwartaalcijfers"),
# finest first: "maandelijks, per kwartaal opgeteld" stays a question about months.
SERIES_GRAINS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (grain, LEXICON.cue(f"series_{grain}")) for grain in ("maand", "kwartaal", "jaar")
)
_WORD_NUMBERS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "tien": 10}


# "aanbieders Helmond 2024", typed as one types "kosten Helmond 2024": the word opens the
# question, which names no other measure and asks for no breakdown. Without this the count of
# youths answered it, since a bare "aanbieders" is none of the aanbieders pattern's phrasings.
_OPENS_WITH_AANBIEDERS = _rx(r"^(?:zorg|jeugdhulp|jeugdzorg)?aanbieders\b")


SHARE = LEXICON.cue("share")
SHARE_POPULATION = LEXICON.cue("share_population")
SHARE_CLIENTS = LEXICON.cue("share_clients")
SHARE_INHABITANTS = LEXICON.cue("share_inhabitants")
TOGETHER = LEXICON.cue("together")
SHARE_WORDS = frozenset({"deel", "aandeel", "procent", "percentage"})
# The population's own age band, which a share of the population names as its base.
_BASE_AGE = _rx(
    r"^\s*(van |tussen )?0 ?(tot en met |tot |t m |en |a )?1[78]( jaar| jarigen?| jr)?\b"
)

RATES = LEXICON.rate_patterns
WITHOUT_RATE = LEXICON.cue("without_rate")


def detect_rate(folded: str) -> tuple[str, re.Match[str]] | None:
    """The rate modifier ("per 1.000 jeugdigen", "per duizend inwoners"): its denominator."""
    for per, rx in RATES:
        m = rx.search(folded)
        if m:
            return per, m
    return None


def _apply_rate(p: Parsed) -> None:
    """A rate modifies the count named beside it: the measure is read without the modifier's
    words, then becomes that count's rate. A bare "per 1.000 jeugdigen" names jeugdigen in
    zorg, or in a follow-up the count of the last answer (bot.core); a measure without a rate
    keeps its key, and the core asks back (bot.intents.rates)."""
    found = detect_rate(p.folded)
    if found is None:
        return
    per, m = found
    unrated = WITHOUT_RATE.search(p.folded)
    if unrated and unrated.start() <= m.start() < unrated.end():
        return  # "zonder per 1.000": the count itself (a cue, bot.core)
    if m.group(0) == "naar verhouding" and (GROWTH.search(p.folded) or DECLINE.search(p.folded)):
        return  # "welke gemeente groeide naar verhouding het hardst": the change in %
    rest = f"{p.folded[: m.start()]} {p.folded[m.end() :]}"
    p.rate, p.rate_words = per, m.group(0)
    p.rate_base = detect_metric(" ".join(rest.split()))
    p.metric = rate_key(p.rate_base or "jeugdigen", per) or p.rate_base


def detect_metric(folded: str) -> str | None:
    """The measure a question asks for; None when it names none (a follow-up keeps the last)."""
    opening = _OPENS_WITH_AANBIEDERS.match(folded)
    if opening and _named_metric(folded[opening.end() :]) is None and not BREAKDOWN.search(folded):
        return "aanbieders"
    return _named_metric(folded)


def _named_metric(folded: str) -> str | None:
    for patterns in (METRIC_PATTERNS, WEAK_METRIC_PATTERNS):
        for key, rx in patterns:
            if rx.search(folded):
                return key
    return None


def detect_verwijzer(folded: str) -> str | None:
    for value, rx in VERWIJZERS:
        if rx.search(folded):
            return value
    return None


def _top(folded: str) -> int | None:
    m = re.search(r"\btop ?(\d+|drie|vijf|tien|twee|vier|zes)\b", folded) or re.search(
        # "5 gemeenten met de meeste ...", "welke 2 gemeenten staan bovenaan"
        r"\b(\d|drie|vijf|tien|twee|vier)\s+(gemeenten|gemeentes)\s+met\b"
        r"|\bwelke (\d|drie|vijf|tien|twee|vier)\s+(gemeenten|gemeentes)\b",
        folded,
    )
    if not m:
        return None
    tok = next(g for g in m.groups() if g)
    return int(tok) if tok.isdigit() else _WORD_NUMBERS.get(tok)


def parse(text: str, today: date, entities: Any, data_end: date | None = None) -> Parsed:
    """Parse a normalised question; `entities` is the resolved Extraction (see core), and
    `data_end` the peildatum that "de laatste maand met data" is counted back from."""
    folded = fold(text)
    p = Parsed(text=text, folded=folded)
    pp = parse_periods(text, today, data_end)
    p.spans = [Span(x.start, x.end, x.label, x.grain) for x in pp.periods]
    p.period_offsets = {x.label: off for x, off in zip(pp.periods, pp.spans, strict=False)}
    if len({x.grain for x in p.spans}) == 1 and len({x.start for x in p.spans}) == len(p.spans):
        p.spans.sort(key=lambda x: x.start)  # "2023 ... t.o.v. 2022": the change runs forward
    p.per = pp.per or next((g for g, rx in SERIES_GRAINS if rx.search(folded)), None)
    p.compare_previous = pp.compare_previous
    p.invalid_periods = list(pp.invalid)

    p.metric = detect_metric(folded)
    _apply_rate(p)
    m = BREAKDOWN.search(folded)
    if m and (_names_a_value(folded, m, entities) or _inside_a_name(folded, m, entities)):
        m = None  # "kosten per cliënt product 43A09": a filter on the measure, not a breakdown
    if m and m.group(1) and _COUNTED.search(folded[: m.start(3)]):
        # "top 2 gemeenten naar aantal aanbieders": the dimension word is counted, so it names
        # the measure the ranking ranks by, not a breakdown by that dimension
        m = None
    if m:
        word = m.group(3) or m.group(5) or ""
        p.dimension = DIMENSIONS.get(word) or DIMENSIONS.get(word.rstrip("s"))
        if m.group(0).startswith(("door wie", "via wie", "wie verw")):
            p.dimension = "verwijzer"
        if p.dimension is None and m.group(6):
            p.dimension = "aanbieder"
        if p.dimension == "aanbieder" and p.metric == "aanbieders":
            p.metric = None
    p.top = _top(folded)
    high, low = RANK_HIGH.search(folded), RANK_LOW.search(folded)
    if high or low:
        p.direction = "high" if high and (not low or high.start() < low.start()) else "low"
    ranked = RANKED_DIMENSION.search(folded)
    if ranked and (p.direction or p.top) and DIMENSIONS.get(ranked.group(1)) != "gemeente":
        p.dimension = DIMENSIONS[ranked.group(1)]
        if p.dimension == "aanbieder" and p.metric == "aanbieders":
            p.metric = None
    for cue, rx in (
        ("compare", COMPARE), ("rank", RANK), ("which", WHICH), ("growth", GROWTH),
        ("decline", DECLINE), ("trend", TREND), ("filter", FILTER), ("kengetal", KENGETAL),
        ("definition", DEFINITION), ("help", HELP), ("without_rate", WITHOUT_RATE),
    ):  # fmt: skip
        if rx.search(folded):
            p.cues.add(cue)
    if p.top:
        p.cues.add("rank")
    base_age = _apply_share(p)
    if ranked and "filter" in p.cues and DIMENSIONS.get(ranked.group(1)) == "subregio":
        p.dimension = "subregio"  # "in welke subregio's daalden de kosten": they are filtered
    if pp.since and len(p.spans) == 1 and _asks_total(folded, p):
        p.since_total = True
        p.cues.discard("trend")
    _change_periods(p, pp.spans, data_end)
    if len(p.spans) >= 2 and "trend" not in p.cues and len({x.grain for x in p.spans}) == 1:
        p.cues.add("compare")  # "in 2022 en in 2023": both years side by side
    p.followup = bool(FOLLOWUP.search(folded))

    verwijzer = detect_verwijzer(folded)
    p.filters = Filters(verwijzer=verwijzer, verblijf=bool(VERBLIJF.search(folded)))
    _apply_entities(p, entities)
    _share_whole(p, entities)
    _together(p)
    _change_question(p)
    norm = getattr(entities, "text", None) or text
    p.pieces = pieces(norm, entities, pp.spans, p.filters.verwijzer, p.filters.verblijf)
    _amount_or_count(p, norm)
    spans = [*entity_spans(entities), *pp.spans]
    missing, counted = explain(norm, spans)
    p.unexplained = [(t.folded, (t.start, t.end)) for t in missing]
    if p.share:
        # "welk deel van de kosten": the share's own words are explained by the share
        shared = {*p.share.split(), *SHARE_WORDS}
        p.unexplained = [(w, at) for w, at in p.unexplained if w not in shared]
    p.unknown_measure = counted.folded if counted is not None else None
    age = AGE_BAND.search(folded)
    if age and p.rate_words and age.group(0) in p.rate_words:
        age = None  # "per 1.000 jeugdigen van 0 tot 18 jaar": the rate's own denominator
    if age and base_age and age.start() >= base_age[0] and age.end() <= base_age[1]:
        age = None  # "hoeveel procent van de kinderen van 0-17": the share's own base
    if age and p.metric not in AGE_EXACT:
        p.age_band = (age.group(0), age.span())
    return p


def _together(p: Parsed) -> None:
    """ "gestarte trajecten Veldhoven en Helmond samen": several places asked as one selection,
    so one figure of their union (a sum, or distinct youths over all of them), not a list.
    A comparison, ranking, filter or breakdown keeps its places apart."""
    if not TOGETHER.search(p.folded) or p.regio:
        return
    if {"compare", "rank", "which", "filter"} & p.cues or p.direction or p.dimension or p.top:
        return
    places = p.areas or [(c, [c]) for c in dict.fromkeys(p.gemeenten)]
    if len(places) < 2:
        return
    codes = list(dict.fromkeys(c for _, members in places for c in members))
    p.areas = [(" + ".join(key for key, _ in places), codes)]
    p.together = True


# Where the base of a share ends ("van de pleegzorgcliënten | werd door een GI verwezen"): its
# verb or the preposition of its part.
_BASE_END = re.compile(
    r"\b(?:zat|zaten|zit|zitten|is|was|waren|werd|werden|wordt|worden|had|hadden|heeft|hebben"
    r"|kreeg|kregen|krijgt|krijgen|ging|gingen|gaat|gaan|kwam|kwamen|komt|door|naar|bij|via)\b"
)


def _base_text(after: str) -> str:
    """The words of a share's base: up to its verb (a function word of the lexicon: "zat",
    "maakt gebruik", "werd") or the preposition of its part."""
    words = []
    for w in after.split():
        if _BASE_END.fullmatch(w) or w in LEXICON.function:
            break
        words.append(w)
    return " ".join(words)


def _share_whole(p: Parsed, ex: Any) -> None:
    """The filters the base of a share names: "welk deel van de pleegzorgcliënten werd door een
    GI verwezen" takes the share of the GI among the pleegzorg clients; read as a share of all
    clients it gave (pleegzorg and GI) over everyone, another figure. A base that names a form of
    care is its clients, not the inhabitants ("van de jeugdigen in segment 2")."""
    base = p.share_base_text
    if not base or ex is None:
        return
    whole = Filters()
    for seg in ex.segments:
        if fold(ex.text[seg.span[0] : seg.span[1]]) in base:
            whole.segment = int(seg.nr)
    for prod in ex.products:
        if fold(ex.text[prod.span[0] : prod.span[1]]) in base:
            whole.productcode = prod.code
    whole.verwijzer = detect_verwijzer(base)
    if whole.active():
        p.share_whole = whole
        p.share_base = "clients"


def _apply_share(p: Parsed) -> tuple[int, int] | None:
    """A share of a monitor measure: its words are no part of the measure ("hoeveel procent
    ... kosten" would read as the cost development), so the measure is read without them and
    without the base the question names; the base is kept apart. Returns where the
    population base stands (with its age band, "van de kinderen van 0-17"), or None."""
    m = SHARE.search(p.folded)
    if m is None or not asks_share(p.text):
        return None
    if {"growth", "decline", "compare", "trend"} & p.cues or CHANGE_QUESTION.search(p.folded):
        return None  # "met hoeveel procent is de zorg duurder geworden": a change, no share
    p.share = m.group(0)
    if p.share.endswith(" van"):
        p.share_base_text = _base_text(p.folded[m.end() :])
    rest = f"{p.folded[: m.start()]} {p.folded[m.end() :]}"
    span: tuple[int, int] | None = None
    clients = SHARE_CLIENTS.search(p.folded)
    population = SHARE_POPULATION.search(p.folded)
    inhabitants = SHARE_INHABITANTS.search(p.folded)
    if clients is not None:
        p.share_base = "clients"
    elif population is not None or inhabitants is not None:
        p.share_base = "population" if population is not None else "inhabitants"
        population = population or inhabitants
        assert population is not None
        end = population.end()
        band = _BASE_AGE.match(p.folded[end:])
        if band is not None:
            end += band.end()
        span = (population.start(), end)
        rest = f"{p.folded[: m.start()]} {p.folded[m.end() : span[0]]} {p.folded[span[1] :]}"
        if m.end() > span[0]:  # "welk percentage van de kinderen": the two words overlap
            rest = f"{p.folded[: m.start()]} {p.folded[span[1] :]}"
    if p.rate is None:
        p.metric = detect_metric(" ".join(rest.split()))
    return span


def _change_periods(p: Parsed, offsets: list[tuple[int, int]], data_end: date | None) -> None:
    """The two periods of a change question about one area that names one year.

    "hoeveel gingen de kosten omlaag in 2022?" is the change from 2021 to 2022; "kosten
    Helmond tov 2022" the change from 2022 to the last full year, not the 2022 level. A
    ranking or filter of gemeenten reads its own periods (bot.intents.ranking)."""
    if len(p.spans) != 1 or p.spans[0].grain != "jaar" or p.per or p.since_total:
        return
    if {"rank", "filter", "which"} & p.cues or p.direction or p.dimension or p.top:
        return
    if p.metric in METRICS and METRICS[p.metric].kind == "change":
        return  # "kostenontwikkeling 2023" is itself the change against 2022
    year = p.spans[0].start.year
    start = offsets[0][0] if offsets else 0
    if _FROM_YEAR.search(fold(p.text[:start]) + " "):
        # "tov 2022", "vergeleken met 2022": from that year to the last full year.
        last = _last_full_year(data_end)
        if last is not None and last > year:
            p.spans.append(_year(last))
            p.cues.add("compare")
        return
    if {"growth", "decline"} & p.cues:
        p.compare_previous = True


def _change_question(p: Parsed) -> None:
    """ "met hoeveel procent veranderden de kosten tussen 2022 en 2023", "procentuele daling
    jeugdigen 2023-2024", "zijn de kosten omhoog of omlaag gegaan in 2023": a change between
    two periods asked as a question, so the two levels and the change, not a series of them.

    A span of years ("tussen 2022 en 2023") is its first and its last year; one year is the
    change against the year before. A ranking, a filter or "sinds" read their own periods."""
    if not CHANGE_QUESTION.search(p.folded) or p.per or p.since_total:
        return
    if {"rank", "filter", "which"} & p.cues or p.direction or p.dimension or p.top:
        return
    places = len(p.areas) if p.areas else len(set(p.gemeenten)) + int(p.regio)
    metric = METRICS.get(p.metric or "")
    is_change = metric is not None and metric.kind == "change"
    if len(p.spans) == 1 and p.spans[0].grain == "bereik":
        first, last = p.spans[0].start, p.spans[0].end
        whole_years = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
        if not whole_years or last.year <= first.year or _SINCE_WORD.search(p.folded):
            return
        p.spans = [_year(first.year), _year(last.year)]
    elif len(p.spans) == 1 and p.spans[0].grain == "jaar" and places <= 1:
        if is_change:  # "met hoeveel procent stegen de zorgkosten in 2023": itself that change
            p.cues.discard("trend")
            return
        p.compare_previous = True
    elif len(p.spans) != 2 or p.spans[0].grain != p.spans[1].grain:
        return
    p.cues.discard("trend")
    p.cues.add("compare")
    if is_change and len(p.spans) == 2:
        # The change between two named years is the change of the level: the cost development
        # "tussen 2021 en 2023" is the zorgkosten of both years and their difference.
        p.metric = "zorgkosten"


_MONEY = frozenset({"kosten", "zorgkosten", "kostenontwikkeling", "kosten_per_client"})


def _amount_or_count(p: Parsed, norm: str) -> None:
    """ "hoeveel kreeg Laarbeek aan jeugdhulp in 2023": money or youths; ask which.

    No noun says what is counted and the verb fits both, so either figure would answer a
    question that may not have been asked. A spending verb or a measure word decides it."""
    m = AMOUNT_OR_COUNT.search(p.folded)
    if m is None or p.metric in _MONEY:
        return
    if _named_metric(p.folded[m.end(2) :].split(" aan ", 1)[-1].split(" naar ", 1)[-1]) in _MONEY:
        p.metric = "kosten"  # "hoeveel ontvingen aanbieders aan declaraties": the money received
        return
    # The subject between the verb and "aan" is not what is counted ("hoeveel ontvingen
    # aanbieders aan jeugdhulp"), so a measure it names does not decide it either.
    if p.metric not in (None, "jeugdigen", "aanbieders") or COUNTED_PEOPLE.search(p.folded):
        return
    span = (m.start(), m.end(2))
    p.clarify.insert(
        0,
        Clarification(
            "amount_or_count",
            norm[span[0] : span[1]],
            span,
            "Bedoel je het geld (de gedeclareerde kosten) of het aantal jeugdigen in zorg?",
            [(o.label, ask(o, p.pieces)) for o in LEXICON.amount_or_count_offers],
        ),
    )


def _last_full_year(data_end: date | None) -> int | None:
    if data_end is None:
        return None
    return data_end.year if (data_end.month, data_end.day) == (12, 31) else data_end.year - 1


def _year(y: int) -> Span:
    return Span(date(y, 1, 1), date(y, 12, 31), str(y), "jaar")


def _asks_total(folded: str, p: Parsed) -> bool:
    """Whether "sinds A" asks for one total: a "hoeveel"/"aantal" and no word of a series, a
    change or a ranking besides "sinds" itself (which the trend cue also reads)."""
    if p.per or not TOTAL.search(folded):
        return False
    if {"growth", "decline", "compare", "rank", "filter"} & p.cues or p.direction:
        return False
    return not TREND.search(_SINCE_WORD.sub(" ", folded))


def _inside_a_name(folded: str, m: re.Match[str], ex: Any) -> bool:
    """Whether the dimension word ends a sub-region's name ("de peel-gemeenten"): a place."""
    if m.group(3) is None:
        return False
    before = folded[: m.end(3)]
    return any(before.endswith(fold(s.text)) for s in getattr(ex, "subregios", []) or [])


def _names_a_value(folded: str, m: re.Match[str], ex: Any) -> bool:
    """Whether the dimension word of a breakdown match is followed by one value of it
    ("product 43A09", "segment 1", "verwijzer huisarts"): then it names a filter."""
    if m.group(3) is None:
        return False
    word, rest = m.group(3), folded[m.end(3) :].lstrip()
    if not rest:
        return False
    dim = DIMENSIONS.get(word)
    if dim == "verwijzer":
        return any(rx.match(rest) for _, rx in VERWIJZERS)
    named = getattr(ex, {"product": "products", "segment": "segments"}.get(dim or "", ""), None)
    texts = {fold(x.text) for x in named or []} - {"", word}
    return any(rest.startswith(t) or f"{word} {rest}".startswith(t) for t in texts)


def _apply_entities(p: Parsed, ex: Any) -> None:
    """Copy what the entity resolver (bot.entities.Extraction) found into the Parsed question."""
    if ex is None:
        return
    p.gemeenten = [g.code for g in ex.gemeenten if g.in_monitor]
    p.outside = [g.code for g in ex.gemeenten if not g.in_monitor]
    p.outside_spans = [tuple(g.span) for g in ex.gemeenten if not g.in_monitor]
    p.regio = bool(ex.regio)
    _apply_subregions(p, ex)
    for region in getattr(ex, "jeugdregios", []) or []:
        if set(region.codes) <= set(region.monitor_codes):
            p.regio = True
        else:
            p.outside.extend(c for c in region.codes if c not in region.monitor_codes)
    if ex.segments:
        p.filters.segment = int(ex.segments[0].nr)
    sub = ex.subsegment
    both_s2 = re.search(r"gezinsnabij", p.folded) and re.search(r"\bwonen\b", p.folded)
    s2_products = {x.code for x in ex.products if x.segment_nr == 2}
    if sub in ("gezinsnabij", "wonen") and both_s2:
        sub = None  # "segment 2 (gezinsnabij en wonen samen)": the whole segment
        p.filters.segment = 2
    elif sub is None and s2_products >= GEZINSNABIJ:
        sub = "gezinsnabij"  # "in een gezinshuis of pleeggezin": every gezinsnabij product
    if sub == "verblijf":
        p.filters.verblijf = True
        p.filters.segment = p.filters.segment or 1
    elif sub:
        p.filters.subsegment = str(sub)
        p.filters.segment = p.filters.segment or 2
    products = [
        x
        for x in ex.products
        if not (sub and (x.subsegment == sub or (sub == "gezinsnabij" and x.code in GEZINSNABIJ)))
    ]
    if p.filters.verblijf and {int(x.nr) for x in ex.segments} >= {1, 2}:
        # "verblijf, zonder dubbeltellingen tussen segment 1 en segment 2": the contract's
        # verblijf total (S1-verblijf and segment 2, each youth once), not segment 1 only.
        p.filters.segment = None
    if products:
        p.filters.productcode = products[0].code
    for a in ex.ambiguous:
        p.clarify.append(
            Clarification("ambiguous", a.text, tuple(a.span), a.question(),
                          [(c.note or c.naam, _replacement(c)) for c in a.candidates])
        )  # fmt: skip
    for u in ex.unknown:
        if _is_vocabulary(u.text):
            continue  # "in welke gemeenten stegen ...": a verb of ours, not a place
        p.clarify.append(
            Clarification("unknown", u.text, tuple(u.span), u.message(),
                          [(c.naam, _replacement(c)) for c in u.suggestions[:3]])
        )  # fmt: skip
    _either(p, ex)
    for part in ex.partial:
        p.clarify.append(
            Clarification("partial", part.text, tuple(part.span), part.question(),
                          [(part.gemeente.naam, part.gemeente.naam)])
        )  # fmt: skip


def _apply_subregions(p: Parsed, ex: Any) -> None:
    """Sub-regions as areas beside the gemeenten, every place in the question's order."""
    subs = list(getattr(ex, "subregios", []) or [])
    if not subs:
        return
    p.subregios = [(s.naam, list(s.codes)) for s in subs]
    places = [(g.span, g.code, [g.code]) for g in ex.gemeenten if g.in_monitor]
    places += [(s.span, s.naam, list(s.codes)) for s in subs]
    p.areas = [(key, codes) for _, key, codes in sorted(places, key=lambda x: x[0])]


# Shapes that read "A of B" as a choice to be made by the figures: "heeft Nuenen of Son meer
# kosten?", "welke is duurder, Nuenen of Son?".
_CHOOSING = frozenset({"compare", "rank", "which", "filter"})
_PLACE_WORDS = frozenset({"in", "bij", "voor", "van", "de", "gemeente"})  # "Son of in Nuenen"


def _either(p: Parsed, ex: Any) -> None:
    """ "kosten in Nuenen of Son?": one of the two is meant, or both side by side; ask which.

    Comparing them, or picking one, would answer a question that was not asked."""
    if p.cues & _CHOOSING or p.direction:
        return
    places = sorted((g for g in ex.gemeenten if g.in_monitor), key=lambda g: g.span[0])
    for a, b in itertools.pairwise(places):
        between = fold(ex.text[a.span[1] : b.span[0]]).split()
        if between[:1] != ["of"] or set(between[1:]) - _PLACE_WORDS or a.code == b.code:
            continue
        span = (a.span[0], b.span[1])
        p.clarify.append(
            Clarification(
                "either",
                ex.text[span[0] : span[1]],
                span,
                f"Bedoel je {a.naam} of {b.naam}? Of wil je ze naast elkaar zien?",
                [(a.naam, a.naam), (b.naam, b.naam),
                 (f"{a.naam} en {b.naam} naast elkaar", f"{a.naam} en {b.naam}")],
            )
        )  # fmt: skip
        return


def _is_vocabulary(word: str) -> bool:
    """A word the numeric vocabulary already explains (a verb, a measure), so no place name."""
    f = fold(word)
    rxs = [rx for _, rx in METRIC_PATTERNS] + [TREND, GROWTH, DECLINE, RANK_HIGH, RANK_LOW, COMPARE]
    return any(rx.search(f) for rx in rxs) or f in _VOCABULARY


GEZINSNABIJ = frozenset({"43A09", "43A10"})  # pleegzorg and gezinshuis (docs/monitor-marts.md)
_VOCABULARY = {"daalden", "stegen", "groeiden", "namen", "had", "hadden", "waren", "kregen"}


def _replacement(c: Any) -> str:
    """What replaces the mention in the rewritten question when this candidate is chosen."""
    if c.kind == "segment":
        return f"segment {c.code}"
    if c.kind == "product":
        return str(c.code)
    if c.kind == "subsegment":
        return f"S2-{c.code}" if c.code in ("wonen", "gezinsnabij") else str(c.naam)
    return str(c.naam)
