"""Which published figure a question asks about: questions matched against each kengetal block's
own words (onderwerp, trefwoorden, the document's wording, its section), scored.

knowledge/kengetallen.yaml gives every block its section heading and the document's wording
(issue 13). A question is split into content words; a question word matches a block word when
they are equal, one contains the other (Dutch compounds: "pleegzorgaanbieder" / "pleegzorg"), or
rapidfuzz finds them nearly equal (a typo). A block's score is the share of the question's
information (idf-weighted words) it explains, mixed with the share of its onderwerp the question
names, so "gemiddelde kosten per cliënt jeugdhulp" beats "... wonen segment 2" when the question
says jeugdhulp. The core sends a question to the kengetal intent when a block not measured by the
monitor scores high and the question names something the monitor does not count.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from rapidfuzz import fuzz

from bot.language.normalize import fold
from bot.marts.sources import TIME_UNITS, source_text, value_renderings
from bot.paths import KNOWLEDGE_DIR

KENGETALLEN_YAML = KNOWLEDGE_DIR / "kengetallen.yaml"


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Question words that carry no subject: what a question asks, not what about.
_STOP = _w(
    """de het een en of van in op voor met per bij tot uit aan om over naar als dan dat die dit deze
    er is zijn was waren wordt worden werd werden heeft hebben had hadden kan kunnen moet moeten
    hoeveel hoe wat welk welke waar wanneer wie waarom hoog hoge groot grote veel totaal totale
    ongeveer circa ca volgens staat stond zegt noemt geeft gaf genoemd genoemde mij me ik je u jij
    we wij ons onze hun zij ze jullie graag even nog ook al wel niet geen elk elke
    jaar jaren in het kader binnen tussen sinds vanaf t m tm telt tellen telde"""
)
# Words each document answers to besides its own text: its region, its short names.
DOC_WORDS: dict[str, frozenset[str]] = {
    "000_05fd599307ad2e89.txt": _w("10vdj een 10 voor de jeugd programmaplan zuidoost brabant"),
    "001_9ed6bf435e31ceb8.txt": _w(
        "zhz zuid holland zuid mjp meerjarenperspectief soj serviceorganisatie"
    ),
    "002_2d82f4a8b97cdc0c.txt": _w(
        "haaglanden h10 h8 uitvoeringsplan regiobegroting programmabegroting"
    ),
    "004_1007e2a72d4ad2b5.txt": _w(
        "vng ledenbrief hervormingsagenda landelijk landelijke nederland rijk"
    ),
}
# What the monitor's own intents count: a question that names only these is for the monitor.
MONITOR_WORDS = _w(
    """jeugdigen jeugdige jongeren kinderen kind clienten client cliënten aantal aantallen kosten
    zorgkosten jeugdhulp jeugdzorg jeugdwet pleegzorg gezinshuis gezinshuizen woongroep segment
    s1 s2 verblijf wonen gezinsnabij aanbieders aanbieder zorgaanbieders trajecten traject
    trajectduur gemiddelde gemiddeld gemiddelden product producten productcode verwijzer
    verwijzers verwezen huisarts gemeente gemeenten regio eerste tweede helft halfjaar half
    kwartaal maand maanden 1 2 3 4 5 duur gedeclareerde declaraties zorg hulp percentage
    stijging stegen gestegen steeg daling daalde gedaald groei groeide ontwikkeling toename afname
    werken werkt actief"""
)
_YEAR = re.compile(r"^(19|20)\d\d$")
# A question for a figure: an amount, a count, a share or a limit.
ASKS_FIGURE = re.compile(
    r"\bhoeveel\b|\bhoe (hoog|groot|veel|lang|vaak)\b|\bhoelang\b"
    r"|\bwat (kost|kosten|kostte|bedraagt|bedroeg)"
    r"|\bwelk (percentage|deel|aandeel|bedrag)\b|\bwelke? (omvang|bedrag)\b|\bbudget\b"
    r"|\bbegroot\b|\bbedrag\b|\bprocent\b|percentage\b|\baandeel\b|\baantal\b|\bbetaalt\b"
    r"|\bwat (zijn|waren|is|was) de (gemiddelde|totale|beschikte|verwachte|kosten|bijdrage|uitgaven"
    r"|inkomsten|ambitie|langste|kortste|maximale|minimale|marge|wachttijd|wachttijden|looptijd"
    r"|duur|termijn|groepsgrootte|afstand)"
    r"|\bwat (is|was) het (budget|doel|aandeel|bedrag|tekort"
    r"|gemiddelde|hoogste|laagste|totale)"
)
# Written as a search, with no question word, a noun of money asks its amount: "kosten
# zorglogistiek haaglanden 2023", "GIZ licentiekosten 2025". With one ("wat omvatten de
# zorgkosten", "wat zegt de Jeugdwet over de eigen bijdrage") it asks what the money is.
_MONEY_NOUN = re.compile(r"\w*kosten\b|\buitgaven\b|\binkomsten\b|\bbijdrage\b")
_QUESTION_WORD = re.compile(
    r"\b(wat|wie|hoe|welke?|waar\w*|wanneer|waarom|wordt|worden|zijn|is|kan|kunnen|mag)\b"
)


def asks_figure(folded: str) -> bool:
    """Whether a (folded) question asks for a figure: an amount, a count, a share or a limit."""
    if ASKS_FIGURE.search(folded):
        return True
    return bool(_MONEY_NOUN.search(folded)) and not _QUESTION_WORD.search(folded)


# One spelling for words the documents and users write in several ways.
_SAME_WORD = {
    "s1": ("segment", "1"),
    "s2": ("segment", "2"),
    "jeugdige": ("client",),
    "jeugdigen": ("client",),
    "clienten": ("client",),
    "kinderen": ("client",),
    "jongeren": ("client",),
    "ggz": ("ggz",),
    "procent": ("percentage",),
    "aandeel": ("percentage",),
    "helft": ("halfjaar",),  # "de eerste helft van 2021" is the documents' "eerste halfjaar"
    "km": ("kilometer",),
    "gem": ("gemiddelde",),  # "gem kosten per client", as the monitor's lexicon reads it too
}
# A rise, however written, is one word: a question's "steeg", "groeide" or "toename" is the
# documents' "stijging" or "groei" (tokens() spells blocks and questions alike).
_RISE = _w(
    "steeg stegen gestegen stijgt stijgen groei groeide groeiden gegroeid groeit toename toegenomen"
)
_SAME_WORD.update(dict.fromkeys(_RISE, ("stijging",)))


# "ongeveer 180 aanbieders": a question for an approximate figure asks one the documents state
# as approximate, which the curated data marks in its onderwerp. The monitor counts exactly, so
# the word is matched like a title word the monitor does not know (tokens() drops it as a stop
# word everywhere else).
_APPROX_QUESTION = re.compile(
    r"\b(ongeveer|circa|ca|zo ?n|grofweg|pakweg|ruwweg|bij benadering|om en nabij)\b"
)
_APPROX_BLOCK = re.compile(r"\((circa|ongeveer|ca\.?)\)")
APPROX = frozenset({"circa"})
# Words that ask for the kind of value rather than name a subject: "met hoeveel procent steeg
# ...", "wat kost de regionale monitor": a figure of that unit explains them. Not words of the
# blocks' vocabulary, where "verzilveringspercentage" would contain "percentage".
_ASKS_UNIT = {
    "percentage": "procent",  # how tokens() spells "procent", "aandeel"
    **dict.fromkeys(
        _w("kost kosten kostte kostten bedrag bedragen bedraagt bedroeg euro geld"), "euro"
    ),
}


_NEGATED = re.compile(r"\bniet[- ](?=ge\w+d)")


def tokens(text: str) -> list[str]:
    """Content words of a text, folded; years are left to the period, not to the subject."""
    out: list[str] = []
    # "niet-gecontracteerde aanbieders" are other aanbieders than "gecontracteerde": the
    # negation stays part of the word instead of being dropped as a stop word.
    folded = _NEGATED.sub("niet", fold(text.replace("+", " plus ")))
    for w in re.findall(r"[a-z0-9]+", folded):
        if w in _STOP or _YEAR.match(w) or (len(w) < 2 and not w.isdigit()):
            continue
        out.extend(_SAME_WORD.get(w, (w,)))
    return out


# An acronym in brackets names a body or a source ("(KVK)", "(RMT)", "(OJG)"): part of what the
# block counts, unlike the other qualifiers in brackets ("(circa)", "(43A14)", "(maximaal)").
_ACRONYM = re.compile(r"\(([A-Z][A-Z+&-]{1,})\)")


def _title_tokens(onderwerp: str, trefwoorden: str, acronyms: bool = True) -> frozenset[str]:
    """What a block counts: its onderwerp without the qualifiers in brackets (but for an
    acronym, which a question need not write to ask exactly this), and its keywords."""
    plain = re.sub(r"\([^)]*\)", " ", onderwerp)
    if acronyms:
        plain += " " + " ".join(_ACRONYM.findall(onderwerp))
    return frozenset(w for w in tokens(f"{plain} {trefwoorden}") if not w.isdigit() or len(w) < 3)


def names_word(block: Block, word: str) -> bool:
    """Whether what a block counts names a word of the question: as written, of one stem, or
    as the head of the block's compound ("onderzoek" names the onderzoeksbudget). Not a part of
    the question's own compound: "uithuisplaatsingen" are no "(afgebroken) plaatsingen"."""
    from bot.knowledge.search import stems

    w = fold(word)
    (stem,) = stems([w])
    of = _stems()
    return any(t == w or of.get(t) == stem or (len(w) >= 5 and w in t) for t in block.title)


def _same(q: str, t: str) -> bool:
    if q == t:
        return True
    if q.isdigit() or t.isdigit():
        return False
    if q.startswith("niet") != t.startswith("niet"):
        return False  # "nietgecontracteerde" is not "gecontracteerde", though it contains it
    if min(len(q), len(t)) >= 5 and (q in t or t in q):
        return True
    return len(q) >= 6 and q[:3] == t[:3] and fuzz.ratio(q, t) >= 88


# The periods a `monitor:` link may name; the year comes from the block's waarden.
_HALVES = {"eerste halfjaar": (1, 6), "tweede halfjaar": (7, 12)}


@dataclass(frozen=True)
class MonitorLink:
    """What a block's `monitor:` field says about the monitor's own count of its cells.

    `periode` is the kind of period each value covers within its year: "kalenderjaar", a half
    year ("eerste halfjaar") or a month ("april", the factsheet's peilmaand); `segment`,
    `subsegment`, `productcode` and `verblijf` the filter the published figure counts with (S2
    clients, S2-gezinsnabij, pleegzorg, S1-verblijf as segment 1 with verblijf). With
    `naast` the cells are not quite the monitor's (another age band): the monitor's figure is
    shown beside a quote of the block, never put first in a monitor answer. `verschil` says why
    the two counts differ, in the answer's words."""

    maat: str
    periode: str
    segment: int | None = None
    productcode: str | None = None
    subsegment: str | None = None
    verblijf: bool = False
    naast: bool = False
    verschil: str = ""

    def months(self) -> tuple[int, int]:
        """First and last month of the period within its year."""
        from bot.render.format import MONTHS

        if self.periode == "kalenderjaar":
            return 1, 12
        if self.periode in _HALVES:
            return _HALVES[self.periode]
        m = MONTHS.index(self.periode) + 1
        return m, m


@dataclass(frozen=True)
class Block:
    onderwerp: str
    eenheid: str
    document: str
    locatie: str
    sectie: str
    formulering: str
    monitor: bool
    link: MonitorLink | None  # the monitor measure that counts these cells, and how
    gebieden: tuple[str, ...]
    gebieden_codes: tuple[str, ...]  # as fact_kengetal stores them (gemeente_code for a gemeente)
    jaren: frozenset[int]
    words: frozenset[str]  # everything it answers to
    title: frozenset[str]  # onderwerp and trefwoorden
    subject: frozenset[str]  # the onderwerp alone: what a question must name to ask exactly this
    trefwoorden: tuple[str, ...]
    approximate: bool = False  # its onderwerp marks the figure "(circa)", "(ongeveer)"
    # Years its onderwerp writes besides those of its values: the +40% "sinds het eerste
    # halfjaar 2015" is a figure of 2021 that a question "sinds 2015" asks for.
    written: frozenset[int] = frozenset()

    def of_years(self, years: set[int]) -> bool:
        """Whether the figure is one of the years a question writes (or of no year at all)."""
        return not years or not self.jaren or bool(years & (self.jaren | self.written))


@dataclass(frozen=True)
class Hit:
    block: Block
    score: float
    matched: frozenset[str]  # the question words the block explains
    distinctive: bool  # a matched word the monitor does not count
    titled: bool  # a question word names what the block counts (its onderwerp or keywords)
    # The question names all that the block counts, for a period it publishes: "hoeveel
    # jeugdigen binnen segment 2 maken gebruik van pleegzorg?" asks that figure although each
    # word is also a monitor word.
    exact: bool = False
    # The noun after "hoeveel" is what the block counts: "bij hoeveel niet-gecontracteerde
    # aanbieders zitten pleegzorgcliënten" counts the aanbieders, not the cliënten beside them.
    counted: bool = False
    # The question asks an approximate figure ("ongeveer") and the block states one: a figure
    # the monitor, which counts exactly, does not give in its place.
    approximate: bool = False


def _stands_in(forms: set[str], line: str) -> bool:
    return any(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d]|[.,]\d)", line) for f in forms)


@lru_cache(maxsize=1024)
def wording_of(block: Block, gebied: str | None, jaar: int | None, waarde: float) -> str:
    """The document's own words for one figure of a block.

    A block's `formulering` is one line of its table (often the first row), so quoting it for
    another year or gemeente shows a different number than the answer ("2021 | € 92.000.000"
    for 2023). The line of the passage that holds this figure is quoted instead, preferring
    the line that also names its area and year; the block's wording stays when it already
    holds the figure or no line does."""
    own = block.formulering
    forms = value_renderings(waarde, block.eenheid)
    if _stands_in(forms, own):
        return own
    text = source_text(block.document)
    at = text.find(own)
    if at < 0:
        return own
    lines = [x.strip() for x in text[max(0, at - 500) : at + len(own) + 2_500].splitlines()]
    holding = [x for x in lines if _stands_in(forms, x)]
    area = fold(gebied) if gebied else None
    year = re.compile(rf"\b{jaar}\b") if jaar else None

    def fit(line: str) -> tuple[bool, bool]:
        return (bool(area and area in fold(line)), bool(year and year.search(line)))

    return max(holding, key=fit, default=own)


@lru_cache(maxsize=1)
def blocks() -> tuple[Block, ...]:
    from bot.marts.sources import load_gemeenten

    code_of = {g.naam: g.code for g in load_gemeenten()}
    raw = yaml.safe_load(KENGETALLEN_YAML.read_text(encoding="utf-8"))["kengetallen"]
    out = []
    for b in raw:
        extra = " ".join(str(t) for t in b.get("trefwoorden") or [])
        gebieden = tuple(str(g) for g in b["waarden"])
        approximate = bool(_APPROX_BLOCK.search(str(b["onderwerp"])))
        title = _title_tokens(str(b["onderwerp"]), extra) | (APPROX if approximate else set())
        words = (
            title
            | frozenset(tokens(str(b["onderwerp"])))
            | frozenset(
                tokens(
                    " ".join(
                        (
                            str(b.get("formulering", "")),
                            str(b.get("sectie", "")),
                            str(b["bron_locatie"]),
                            " ".join(gebieden),
                        )
                    )
                )
            )
        )
        link = _monitor_link(b)
        out.append(
            Block(
                onderwerp=str(b["onderwerp"]),
                eenheid=str(b["eenheid"]),
                document=str(b["bron_document"]),
                locatie=str(b["bron_locatie"]),
                sectie=str(b.get("sectie", "")),
                formulering=str(b.get("formulering", "")),
                # A link beside the quote only (`naast`) leaves the question to this block.
                monitor=bool(b.get("monitor")) and not (link is not None and link.naast),
                link=link,
                gebieden=gebieden,
                gebieden_codes=tuple(code_of.get(g, g) for g in gebieden),
                jaren=frozenset(
                    int(j) for per in b["waarden"].values() for j in per if j not in ("-", None)
                ),
                words=words | DOC_WORDS.get(str(b["bron_document"]), frozenset()),
                title=title,
                subject=_title_tokens(str(b["onderwerp"]), "", acronyms=False),
                trefwoorden=tuple(str(t) for t in b.get("trefwoorden") or []),
                approximate=approximate,
                written=frozenset(named_years(str(b["onderwerp"]))),
            )
        )
    return tuple(out)


def _monitor_link(block: dict[str, Any]) -> MonitorLink | None:
    """The monitor link a block's `monitor:` field names; an unknown measure, period or field
    fails loudly, so a link is never guessed."""
    link = block.get("monitor")
    if not isinstance(link, dict):
        return None
    from bot.intents.measures import METRICS
    from bot.render.format import MONTHS

    fields = {"maat", "periode", "segment", "subsegment", "productcode", "verblijf", "naast",
              "verschil"}  # fmt: skip
    periode = link.get("periode")
    if (
        link.get("maat") not in METRICS
        or not (periode == "kalenderjaar" or periode in _HALVES or periode in MONTHS)
        or set(link) - fields
    ):
        raise ValueError(f"kengetal {block['onderwerp']!r}: onbekende monitor-koppeling {link}")
    return MonitorLink(
        maat=str(link["maat"]),
        periode=str(periode),
        segment=int(link["segment"]) if link.get("segment") is not None else None,
        productcode=str(link["productcode"]) if link.get("productcode") else None,
        subsegment=str(link["subsegment"]) if link.get("subsegment") else None,
        verblijf=bool(link.get("verblijf")),
        naast=bool(link.get("naast")),
        verschil=" ".join(str(link.get("verschil") or "").split()),
    )


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[str, ...]:
    return tuple(sorted({w for b in blocks() for w in b.words}))


@lru_cache(maxsize=1)
def _stems() -> dict[str, str]:
    """Each block word's Dutch (Snowball) stem, as the knowledge search stems its words."""
    from bot.knowledge.search import stems

    vocab = _vocabulary()
    return dict(zip(vocab, stems(vocab), strict=True))


@lru_cache(maxsize=4096)
def _expand(word: str) -> frozenset[str]:
    """The block words this question word matches, spelled alike or of one stem: "begroot" is
    the "begroting" of "programmabegroting", "geïndexeerd" the "indexatie" (Snowball stems,
    as the knowledge search stems its words)."""
    from bot.knowledge.search import stems

    (stem,) = stems([word])
    of = _stems()
    return frozenset(t for t in _vocabulary() if _same(word, t) or _tail_stem(stem, of[t]))


def _tail_stem(asked: str, block: str) -> bool:
    """One stem, or the tail of a block's compound: "begroot" in "programmabegroot(ing)". Not
    the other way: "verwacht" is no "wacht(en)"."""
    return asked == block or (len(asked) >= 5 and block.endswith(asked))


@lru_cache(maxsize=4096)
def _parts(word: str) -> tuple[str, ...]:
    """A compound the blocks never write, as the two words they do: "jeugdhulpcliënten" is
    "jeugdhulp" and "cliënten" (each spelled as tokens() spells it), so it matches the block on
    the clients of jeugdhulp as well as the two words would. A word the blocks write stays."""
    vocab = frozenset(_vocabulary())
    if word in vocab or len(word) < 9 or word.isdigit():
        return (word,)
    for i in range(4, len(word) - 3):
        head, tail = word[:i], word[i:]
        for tail_word in (tail, tail.removeprefix("s")):  # "zorgsaanbieders": a linking s
            parts = [*_SAME_WORD.get(head, (head,)), *_SAME_WORD.get(tail_word, (tail_word,))]
            if len(tail_word) >= 4 and all(x in vocab for x in parts):
                return tuple(parts)
    return (word,)


@lru_cache(maxsize=1)
def proper_words() -> frozenset[str]:
    """Folded words the blocks write with a capital (Villa Pinedo, Mockingbird, Jong Doet Mee):
    names of bodies and projects, so the privacy check does not read them as a person.

    Cached like `blocks()`, whose immutable entries it reads: the privacy check asks for it on
    every question, and folding every block's words each time cost about 40% of answer()."""
    found: set[str] = set()
    for b in blocks():
        for text in (b.onderwerp, b.sectie, *b.gebieden, *b.trefwoorden):
            found.update(fold(w) for w in re.findall(r"\b[A-Z][a-zà-ÿ]+", text))
    return frozenset(found)


@lru_cache(maxsize=1)
def _postings() -> dict[str, frozenset[int]]:
    """For each block word, the blocks (by position in `blocks()`) that hold it."""
    out: dict[str, set[int]] = {}
    for i, b in enumerate(blocks()):
        for w in b.words:
            out.setdefault(w, set()).add(i)
    return {w: frozenset(ix) for w, ix in out.items()}


@lru_cache(maxsize=4)
def _of_unit(eenheid: str) -> frozenset[int]:
    return frozenset(i for i, b in enumerate(blocks()) if b.eenheid == eenheid)


@lru_cache(maxsize=4096)
def _blocks_of(word: str) -> frozenset[int]:
    """The blocks a question word matches. An inverted index rather than a scan: every question
    is searched against every block, and the scan cost about 15% of answer() with 213 blocks,
    growing with each figure the documents add."""
    postings = _postings()
    return frozenset(i for t in _expand(word) for i in postings[t])


_COUNTED = re.compile(r"\b(?:hoeveel|aantal)\s+(\S+)(?:\s+(\S+))?")
HEAD_BONUS = 0.1  # about one word of the question: it decides between blocks that explain it alike


NEAR = 0.05  # blocks this close explain a question about as well
PARTIAL = 0.85  # the weight of a question word a block matches only as part of a compound


def _inflected(a: str, b: str) -> bool:
    """The same word but for an inflection (kilometer, kilometers): not a compound's part."""
    return a == b or (a[:4] == b[:4] and (a.startswith(b) or b.startswith(a))
                      and abs(len(a) - len(b)) <= 2)  # fmt: skip


# Words before the noun of what a block counts ("ambitie maximaal aantal jeugdigen ...").
_QUALIFIERS = _w("ambitie maximaal maximale minimaal aantal unieke de het een bij met in van")


def _nouns(text: str) -> list[str]:
    """A text's words as tokens() spells them, stop words kept: "jaren" is what "voor hoeveel
    jaren" counts, although it carries no subject for the score."""
    folded = _NEGATED.sub("niet", fold(text.replace("+", " plus ")))
    return [x for w in re.findall(r"[a-z0-9]+", folded) for x in _SAME_WORD.get(w, (w,))]


@lru_cache(maxsize=1024)
def _head(onderwerp: str) -> str | None:
    """The noun of what a block counts: "cliënten" in "cliënten bij niet-gecontracteerde
    aanbieders", "nietgecontracteerde" in "niet-gecontracteerde aanbieders in april 2023",
    "jeugdigen" in "ambitie maximaal aantal jeugdigen met verblijfsindicatie"."""
    words = [w for w in _nouns(re.sub(r"\([^)]*\)", " ", onderwerp)) if w not in _QUALIFIERS]
    return words[0] if words else None


def search(question: str) -> list[Hit]:
    """Blocks by score, best first (only blocks that explain at least one question word).

    A question "hoeveel <zelfstandig naamwoord>" names what it counts: a block whose onderwerp
    starts with that word ("bij hoeveel niet-gecontracteerde aanbieders zitten
    pleegzorgcliënten?" counts aanbieders, not the cliënten) gets a small bonus."""
    q = list(dict.fromkeys(x for w in tokens(question) for x in _parts(w)))
    approx = bool(_APPROX_QUESTION.search(fold(question)))
    if approx:
        q += [w for w in APPROX if w not in q]
    if not q:
        return []
    counted = _COUNTED.search(fold(question))
    asked_head = _nouns(" ".join(g for g in counted.groups() if g)) if counted else []
    asked_years = named_years(question)
    every = blocks()
    n = len(every)
    expansions = {w: _expand(w) for w in q}
    asked = set(q)
    holding = {w: _blocks_of(w) for w in q}
    for w in q:
        if w in _ASKS_UNIT:  # "hoeveel procent", "wat kost": a figure of that unit answers
            holding[w] = holding[w] | _of_unit(_ASKS_UNIT[w])
    idf = {w: math.log(1 + n / (1 + len(holding[w]))) for w in q}
    total = sum(idf.values())
    asked_terms = frozenset().union(*expansions.values())
    hits = []
    for i in sorted(frozenset().union(*holding.values())):
        b = every[i]
        matched = frozenset(w for w in q if i in holding[w])
        # A question word the block writes itself explains more than one it only contains or
        # is contained in: "buurgemeenten" is the block on buurgemeenten before the one on
        # gemeenten.
        coverage = sum(idf[w] * (1.0 if w in b.words else PARTIAL) for w in matched) / total
        named = sum(1.0 if t in asked else PARTIAL for t in b.title if t in asked_terms)
        title = named / len(b.title) if b.title else 0.0
        # Something the monitor does not count, named in what the block counts (its onderwerp or
        # keywords, not just somewhere in its wording): "casussen", "breakdowns", "Mockingbird".
        distinctive = any(
            w not in MONITOR_WORDS
            and w not in _area_words()
            and not w.isdigit()
            and expansions[w] & b.title
            for w in matched
        )
        titled = any(expansions[w] & b.title for w in matched)
        exact = (
            bool(b.subject) and all(t in asked_terms for t in b.subject) and b.of_years(asked_years)
        )
        score = 0.6 * coverage + 0.4 * title
        # The noun of the whole, or of what a topic's entry counts ("afbouw Jeugdzorg Plus de
        # Koppeling: plekken na 1 juli" counts plekken).
        heads = [h for h in (_head(b.onderwerp), _head(b.onderwerp.rpartition(": ")[2])) if h]
        # Only for a block the question names beyond that noun: "aantal huisartsen in de regio"
        # is not the count of huisartsen with a POH.
        # A count ("hoeveel aanbieders"), not a share of them (the 90% ambition of aanbieders).
        counts_head = (
            b.eenheid == "aantal"
            and len(matched) >= 2
            and any(_inflected(h, w) for h in heads for w in asked_head)
        )
        if counts_head:
            score += HEAD_BONUS
        score = round(score, 4)
        approximate = approx and b.approximate
        hits.append(Hit(b, score, matched, distinctive, titled, exact, counts_head, approximate))
    hits.sort(key=lambda h: -h.score)
    return hits


@lru_cache(maxsize=1)
def _area_words() -> frozenset[str]:
    """Words that only name a place or a document: they say where, not which figure."""
    out: set[str] = set()
    for words in DOC_WORDS.values():
        out |= words
    for b in blocks():  # the areas the figures are for: Utrecht, Haaglanden, Dommelvallei+
        for gebied in b.gebieden:
            out.update(tokens(gebied))
    return frozenset(out - {"programmabegroting", "regiobegroting", "hervormingsagenda"})


CLOSE = 0.06  # hits this near the best score are alike enough for what they explain to decide


def explains(hit: Hit) -> int:
    """How many of the question's own subject words (none the monitor counts, no place or
    document name) a block explains: "eenoudergezinnen" is what a question about households
    asks, whatever block shares more of its common words."""
    function = _function_words()
    return sum(
        1
        for w in hit.matched
        if w not in MONITOR_WORDS
        and w not in _area_words()
        and w not in function
        and not w.isdigit()
    )


_UNIT_WORDS = _w("aantal aantallen percentage procent aandeel deel bedrag euro hoeveelheid")


def names(hit: Hit) -> int:
    """How many of the question's words a block names in what it counts (onderwerp and
    trefwoorden), unit words aside: of two columns of one table, "jeugdige inwoners"
    is the share of the inhabitants, not the share of all jeugdhulp clients beside it, although
    the monitor counts inwoners too and explains() leaves such words out."""
    b = hit.block
    return sum(
        1
        for w in hit.matched
        if w not in _UNIT_WORDS  # area words are not left out: "inwoners" names a size class
        and w not in _function_words()
        and not w.isdigit()
        and _expand(w) & b.title
    )


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """The lexicon's function words ("maakt gebruik van", "zitten", "komen"): matched in a
    block's wording they say nothing of what it counts, so they never decide between blocks."""
    from bot.language.lexicon import load_lexicon

    return load_lexicon().function


_EURO_CUE = re.compile(r"\beuro|\bkost|\bbedrag|\bbudget|\bgeld\b|\bbegroot|\bbetaal")
_PCT_CUE = re.compile(r"procent|percentage|\baandeel|\bdeel\b|%")


def asked_unit(folded: str) -> str | None:
    """The kind of value a question asks for: "welk percentage huisartsen ..." is the share,
    not the count of practices beside it in the same passage."""
    if _EURO_CUE.search(folded):
        return "euro"
    if _PCT_CUE.search(folded):
        return "procent"
    if re.search(r"\bhoeveel\b", folded):
        return "aantal"  # "hoeveel gemeenten ..." is the count, not the share beside it
    return None


# What a share is taken of, in a block's onderwerp: "aandeel segment 2 in cliënten jeugdhulp",
# "cliënten segment 2 ten opzichte van jeugdige inwoners".
_BASE_OF_BLOCK = re.compile(r"\b(?:ten opzichte van|t\.?o\.?v\.?|versus|afgezet tegen| in)\s+(.*)$")
_NO_BASE = _w("de het een alle totaal totale aantal van voor eerste tweede halfjaar circa")


# What a share block says it is a share of, before its base: "aandeel segment 2", "cliënten
# segment 2" are both segment 2.
_SHARE_HEAD = _w("aandeel clienten client jeugdigen de het een van")


def _share_of(onderwerp: str) -> frozenset[str]:
    head = _BASE_OF_BLOCK.split(fold(re.sub(r"\([^)]*\)", " ", onderwerp)), maxsplit=1)[0]
    return frozenset(w for w in head.split() if w not in _SHARE_HEAD)


def _base_words(onderwerp: str) -> frozenset[str]:
    m = _BASE_OF_BLOCK.search(fold(re.sub(r"\([^)]*\)", " ", onderwerp)))
    return frozenset(w for w in (m.group(1).split() if m else []) if w not in _NO_BASE)


def base_fit(hit: Hit, folded: str) -> float:
    """How well the base of a published share fits the question's words, compared word by word
    and not through tokens()' shared spelling (which reads "jeugdige" as "cliënt"): "per inwoner"
    is the share of all inhabitants, "afgezet tegen de jeugdige inwoners" the share of the young
    ones, "van alle jeugdhulpcliënten" the share of all clients. A base word the question does
    not name counts against the block: it qualifies the base to something else."""
    if hit.block.eenheid != "procent":
        return 0.0
    words = _long_words(folded)
    return sum(1.0 if _named(b, words) else -0.5 for b in _base_words(hit.block.onderwerp))


def _long_words(folded: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", folded) if len(w) > 2]


def _named(base: str, words: list[str]) -> bool:
    """A base word in the question, inflected or in a compound ("inwoners", "jeugdhulpcliënten")."""
    stem = base[:-1] if base.endswith(("s", "n")) and len(base) > 5 else base
    return any(stem in w for w in words)


SHARE_CLOSE = 0.25  # a share whose base the question names may score this much lower


def names_base(hit: Hit, folded: str) -> bool:
    """Whether the question names any word of the base a published share is taken of."""
    words = _long_words(folded)
    return any(_named(b, words) for b in _base_words(hit.block.onderwerp))


# A column of the same table may score this much lower: its onderwerp words its base, which a
# question that names no base does not share ("eerste halfjaar" matches the first column only).
TABLE_CLOSE = 0.4
# Words of a block's base that say when, not of what: left out of the base a user chooses.
_BASE_PERIOD = _w("eerste tweede halfjaar circa")


def base_label(block: Block) -> str:
    """The base of a published share in the document's words: "alle inwoners"."""
    m = _BASE_OF_BLOCK.search(re.sub(r"\([^)]*\)", " ", block.onderwerp))
    words = m.group(1).split() if m else []
    return " ".join(w for w in words if fold(w) not in _BASE_PERIOD)


def unnamed_bases(question: str, hit: Hit, gebieden: frozenset[str], regio: str) -> list[Hit]:
    """The columns of the chosen share's table that give the asked area's share against other
    bases, when the question names none of them: "het aandeel S2 in Veldhoven" is 4,4% of its
    clients, 0,50% of its young inhabitants and 0,10% of all its inhabitants. Each answers
    another question, so none may be chosen for the user. Empty when the question names a
    base, or the table has one base only."""
    top = hit.block
    if top.eenheid != "procent" or not _base_words(top.onderwerp) or not asks_share(question):
        return []
    folded = fold(question)
    asked = gebieden or frozenset({regio})
    years = named_years(question)
    table = [
        h
        for h in search(question)
        if h.block.eenheid == "procent"
        and (h.block.document, h.block.sectie) == (top.document, top.sectie)
        and _share_of(h.block.onderwerp) == _share_of(top.onderwerp)
        and asked & (set(h.block.gebieden_codes) | set(h.block.gebieden))
        and h.block.of_years(years)
        and h.score >= hit.score - TABLE_CLOSE
    ]
    if hit.block not in [h.block for h in table] or any(names_base(h, folded) for h in table):
        return []
    by_base: dict[frozenset[str], Hit] = {_base_words(top.onderwerp): hit}
    for h in table:  # best first: the best-scoring block of each base
        by_base.setdefault(_base_words(h.block.onderwerp), h)
    by_base.pop(frozenset(), None)
    return list(by_base.values()) if len(by_base) >= 2 else []


def near(hits: list[Hit], folded: str = "", share: bool = False) -> list[Hit]:
    """The hits alike enough for the question's other words to decide between them. For a
    share, also one a little further down whose base fits the question better than any of them:
    a footnote's "alle inwoners" shares fewer words with the table than the column beside it,
    yet "per inwoner" names its base and not that column's "jeugdige inwoners"."""
    best = hits[0].score
    close = [h for h in hits if h.score >= best - CLOSE]
    if share:
        fit = max(base_fit(h, folded) for h in close)
        close += [
            h
            for h in hits
            if h.score < best - CLOSE
            and h.score >= best - SHARE_CLOSE
            and base_fit(h, folded) >= 1.0
            and base_fit(h, folded) > fit
        ]
    return close


def choose(hits: list[Hit], unit: str | None = None, folded: str = "") -> Hit:
    """Of the hits near the best score, the one of the asked unit, then (for a share) the one
    whose base the question names, then the one that counts what "hoeveel <noun>" counts ("bij
    hoeveel niet-gecontracteerde aanbieders zitten pleegzorgcliënten" counts aanbieders), then
    the one that explains most of the question's subject, then one the question names in full
    that scores about as well ("hoeveel jeugdigen zitten in begeleiding naar zelfstandig wonen"
    is that block, not the April count whose onderwerp also names a month), then the one whose
    onderwerp it names in full ("hoeveel jeugdhulpregio's zijn er?" is the count of
    jeugdhulpregio's, not a block that mentions one), then the best score."""
    best = hits[0].score
    share = unit == "procent" and bool(folded)
    close = near(hits, folded, share)
    return max(
        close,
        key=lambda h: (
            h.block.eenheid == unit,
            base_fit(h, folded) if share else 0.0,
            h.counted,
            explains(h),
            names(h),
            h.exact and h.score >= best - NEAR,  # named in full and about as good
            h.exact,
            h.score,
        ),
    )


_SHARE = re.compile(
    r"\b(hoeveel )?procent\b|\bpercentage\b|\baandeel\b|\bversus\b|\bten opzichte van\b"
    r"|\bt\.?o\.?v\.?\b|\bafgezet tegen\b|\bwelke? deel\b|\bdeel van (de|het|alle)\b"
)
# A count per inhabitant is a share of the inhabitants ("S2-cliënten per inwoner", 0,13%); an
# amount per inhabitant is money per head (zorgkosten per inwoner, € 274), the monitor's.
_PER_HEAD = re.compile(r"\bper (jeugdige )?inwoner\b")
_MONEY = re.compile(r"kost|\beuro|bedrag|budget|uitgave|declar|\bgeld\b")
# "2023 ten opzichte van 2022", "tov vorig jaar", "versus 2021": two periods compared, which is a
# change of a count and no share of it.
_PERIODS_COMPARED = re.compile(
    r"\b(?:versus|vs|ten opzichte van|t\.?o\.?v\.?|vergeleken met|afgezet tegen)\s+"
    r"(?:(?:het|de)\s+)?"
    r"(?:(?:19|20)\d\d\b|vorig\w*\b|dit jaar\b|(?:jaar|halfjaar|kwartaal)\s+ervoor\b)"
)
# A change is a share of the year before: the monitor counts those (kostenontwikkeling).
_CHANGE = re.compile(
    r"\bstijg|\bsteeg|\bstegen|\bdaal|\bdaling|\bgroei|\bontwikkeling|\btoename|\bafname|\bveranderd|\bgedaald|\bgestegen"
)


def asks_share(question: str) -> bool:
    """Whether a question asks a share ("hoeveel procent van de cliënten", "het aandeel S2",
    "S2 versus jeugdige inwoners") rather than a count or a change."""
    folded = fold(question)
    per_head, money = bool(_PER_HEAD.search(folded)), bool(_MONEY.search(folded))
    if per_head and money:
        return False  # "zorgkosten per inwoner": money per head
    return (
        (per_head or bool(_SHARE.search(folded)))
        and not _CHANGE.search(folded)
        and not _PERIODS_COMPARED.search(folded)
    )


def named_years(text: str) -> set[int]:
    """The years a question writes out ("in 2023"); "na 1 juli" names none, however the
    period parser dates it. A published figure of other years answers another period."""
    return {int(w) for w in re.findall(r"[0-9]+", text) if _YEAR.match(w)}


def _band_in(ages: tuple[str, ...], text: str) -> bool:
    return all(re.search(rf"(?<!\d){a}(?!\d)", text) for a in ages)


def fits_ages(block: Block, ages: tuple[str, ...]) -> bool:
    """Whether a published figure is about the asked age band, by the band's own ages: in what
    it counts ("...: 4 tot 12 jaar") or in the rows of its table ("18 tot 23 jaar": +83%)."""
    return not ages or any(_band_in(ages, t) for t in (block.onderwerp, *block.gebieden))


def band_rows(gebieden: list[str], ages: tuple[str, ...]) -> list[str]:
    """The rows of a table by age group that are the asked band (none: not such a table)."""
    return [g for g in gebieden if ages and _band_in(ages, g)]


# "Wanneer ...?", "vanaf welke datum", "in welk kwartaal", "welk halfjaar", "in welke maand": a
# moment, which the documents state as a date (eenheid datum) or a period (eenheid periode).
ASKS_MOMENT = re.compile(
    r"\bwanneer\b|\bwelke datum\b|\bin welk jaar\b|\bover welke jaren\b"
    r"|\bwelk (kwartaal|halfjaar|jaargetijde|seizoen)\b|\bwelke (maand|helft)\b|\bdeadline\b"
)


def best_for_document(
    question: str,
    threshold: float = 0.45,
    dates: bool = False,
    gebieden: frozenset[str] = frozenset(),
    ages: tuple[str, ...] = (),
    any_year: bool = False,
) -> Hit | None:
    """The block a question asks for, when it is clearly one the monitor does not measure
    (`any_year`: whatever the years the question writes, to say which years the documents give).

    A question for a date ("per wanneer", "vanaf welke datum", "in welk kwartaal") is answered
    only by a dated statement or one of a period ("1e kwartaal 2018"), and a question for an
    amount never by one: the kind of value asked for is part
    of what is asked."""
    if not dates and not asks_figure(fold(question)) and not asks_share(question):
        return None  # "S2 in Peelgemeenten afgezet tegen de jeugdige inwoners" asks a share
    # "hoeveel 12 tot 18 jarigen": only a figure for that band, counted by it or a row of it
    hits = [
        h
        for h in search(question)
        if (h.block.eenheid in TIME_UNITS) == dates and fits_ages(h.block, ages)
    ]
    asked_years = named_years(question)
    if asked_years and not any_year:
        # "verwachte kosten 2030 regio": a figure of 2022 is a figure for another period.
        hits = [h for h in hits if h.block.of_years(asked_years)]
    share = asks_share(question)
    if share:
        # "welk percentage van de jeugdige inwoners heeft S2": a share is asked, so only a
        # published share answers it; a count of the same words would be another number.
        # A share of the named area (a gemeente code or a sub-region's name) only.
        hits = [
            h
            for h in hits
            if h.block.eenheid == "procent"
            and (not gebieden or gebieden & set(h.block.gebieden_codes))
        ]
    if not hits:
        return None
    unit = "procent" if share else asked_unit(fold(question))
    top = choose(hits, unit, fold(question))
    if share and hits[0].score >= threshold and not top.block.monitor:
        # The shares of the area match the question; their base decided between them.
        return top
    # The monitor counts no clients by age: a band the figure is for is what the monitor lacks.
    by_age = bool(ages)
    if top.score < threshold or top.block.monitor or not (top.distinctive or top.exact or by_age):
        return None
    if not top.distinctive and any(
        h.block.monitor
        and h.exact
        and not h.block.subject < top.block.subject
        and (unit is None or h.block.eenheid == unit)  # "kosten per cliënt" is no count
        for h in hits
    ):
        return None  # a count the monitor measures is named as fully: the monitor answers
    return top


# What a count of people says it counts: only such a count is shown as the disclosure rules
# say ("minder dan 5"); 3 opties, 2 jaren or 4 uur are no persons to protect.
_PERSONS = frozenset(
    {
        "client",
        "casussen",
        "pleegouders",
        "gezinnen",
        "mensen",
        "ouders",
        "medewerkers",
        "professionals",
    }
)


def counts_persons(onderwerp: str) -> bool:
    """Whether a published count counts people (jeugdigen, cliënten, casussen, gezinnen): its
    noun says so ("maanden waarbinnen RMT-casussen ..." counts months)."""
    head = _head(onderwerp)
    return head is not None and (head in _PERSONS or head.startswith("client"))


def as_dict(hit: Hit) -> dict[str, Any]:
    return {"onderwerp": hit.block.onderwerp, "score": hit.score, "woorden": sorted(hit.matched)}
