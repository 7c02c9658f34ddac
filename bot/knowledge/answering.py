"""Answering knowledge questions: exact look-ups, filtered lists, clarifications and free search.

The router (bot/core.py) asks `match()` how sure we are that a question is about the knowledge
base and, when it is, calls `answer()`. Exact look-ups come first because a policy officer who
asks for "actie 3.10" wants that row of Bijlage 4 and nothing that merely resembles it; free
search is the fallback, and when it finds nothing convincing the answer says so instead of
guessing. Every answer cites its sources; entities an answer is about (segment, subsegment,
productcode) go into `slots` under the numeric intents' names so a numeric follow-up can reuse them.

Conversation state (a dict the caller keeps per conversation) carries the rest of a shortened
answer under the key "more", so "toon meer" can return it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.intents.multi import split_questions
from bot.knowledge.loader import KnowledgeBase, load_knowledge
from bot.knowledge.schema import (
    DOCUMENT_TITLES,
    ActieEntry,
    AnyEntry,
    BegripEntry,
    OpgaveEntry,
    ProductEntry,
    SegmentEntry,
)
from bot.knowledge.search import Hit, normalize, stems, words
from bot.language.normalize import fold
from bot.models import Answer, Kind, Option, Source, Table
from bot.paths import REFERENCE_DIR

MAX_CHARS = 700  # what reads comfortably in one chat message
MAX_ROWS = 12  # table rows shown before the rest goes to "meer"
MORE_HINT = "Typ *meer* voor de rest."

# Documents by the words people use for them.
DOC_000, DOC_001, DOC_002, DOC_004 = (
    "000_05fd599307ad2e89.txt",
    "001_9ed6bf435e31ceb8.txt",
    "002_2d82f4a8b97cdc0c.txt",
    "004_1007e2a72d4ad2b5.txt",
)
_DOC_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bhaaglanden\b|\bden haag\b"), DOC_002),
    (re.compile(r"zuid[- ]?holland[- ]?zuid|\bzhz\b|\bdordrecht\b"), DOC_001),
    (re.compile(r"\bvng\b|ledenbrief|\bdoorstart\b"), DOC_004),
    (re.compile(r"\b10 ?vd ?j\b|een 10 voor de jeugd|\bprogrammaplan\b|\bonze regio\b"), DOC_000),
]
_HA_WORDS = re.compile(r"hervormings ?agenda|\bhva?\b|\bbijlage 4\b|\blandelijke? (agenda|opgave)")
_PROGRAMME_WORDS = re.compile(
    r"\bprogramma(plan)?\b|een 10 voor de jeugd|\b10 ?vd ?j(eugd)?\b|\bregionale? opgave"
)

_MORE = re.compile(
    r"^\s*(?:toon|laat|geef|meer|ja|graag|ok|oke)?\s*(?:de\s+|het\s+)?(?:meer|rest|verder|"
    r"volgende|vervolg)(?:\s+(?:zien|tonen|graag|aub|alsjeblieft|info|informatie))?\s*[.!?]*\s*$"
)
_ACTIE_DOTTED = re.compile(r"\bactie\s*(\d)\s*[.,-]\s*(\d{1,2})\b")
_ACTIE_OF = re.compile(
    r"\bactie\s*(?:nummer\s*|nr\.?\s*)?(\d{1,2})\s*(?:van|uit|in|bij|onder|binnen)?\s*"
    r"(?:de\s+|het\s+)?(?:opgave|hoofdstuk)\s*([1-8])\b"
)
_OPGAVE_ACTIE = re.compile(
    r"\b(?:opgave|hoofdstuk)\s*([1-8])\s*[,:;-]?\s*(?:en\s+|,\s*)?(?:de\s+)?actie\s*(\d{1,2})\b"
)
_ACTIE_N = re.compile(r"\bactie\s*(?:nummer\s*|nr\.?\s*)?(\d{1,2})\b")
_OPGAVE_N = re.compile(r"\bopgave\s*(?:nummer\s*|nr\.?\s*)?(\d)\b(?![.,]\d)")
_HOOFDSTUK_N = re.compile(r"\bhoofdstuk\s*([1-8])\b(?![.,]\d)")  # not "hoofdstuk 4.3"
_SEGMENT_N = re.compile(r"\bsegment\s*([1-5])\b|\bs\s?([1-5])\b")
_SUBSEGMENT = re.compile(
    r"\bs\s?2\s*[- ]?\s*(gezinsnabij|wonen)\b|\b(gezinsnabij)\b|\bs\s?1\s*[- ]?\s*(verblijf)\b"
    r"|\bsegment\s*1\s*[- ]?\s*(verblijf)\b|\bsegment\s*2\s*[- ]?\s*(gezinsnabij)\b"
)
_CODE = re.compile(r"\b(\d{2}[a-z]\d{2})\b")
_CODE_QUESTION = re.compile(r"\b(?:product)?codes?\b")
_BIJLAGE_2 = re.compile(r"\bbijlage\s*(?:2|twee)\b")
_BEGRIP_PATTERNS = [
    re.compile(
        r"^\s*(?:wat|wie)\s+(?:betekent|betekend|is|zijn|bedoelen\s+(?:ze|jullie|we)\s+met|"
        r"wordt\s+(?:er\s+)?bedoeld\s+met|houdt)\s+(?:een\s+|de\s+|het\s+)?(.{2,60}?)"
        r"(?:\s+in)?(?:\s+precies)?\s*[?.!]*\s*$"
    ),
    re.compile(r"^\s*waar\s+staat\s+(?:de\s+afkorting\s+)?(.{2,40}?)\s+voor\s*[?.!]*\s*$"),
    re.compile(r"^\s*(?:betekenis|uitleg|definitie)\s+(?:van\s+)?(.{2,40}?)\s*[?.!]*\s*$"),
    re.compile(r"^\s*(?:de\s+)?afkorting\s+(.{2,40}?)\s*[?.!]*\s*$"),
    re.compile(r"^\s*([a-z0-9+&/ -]{2,40}?)\s*(?:betekent|staat voor|\?)\s*[?.!]*\s*$"),
]
_NUMERIC = re.compile(
    r"\bhoeveel\b|\baantal(len)?\b|\bkosten\b|\buitgaven\b|\bper 1\.?000\b|\bgemiddeld|"
    r"\btrend\b|ontwikkel(de|ing)\b|kosten\b|\bvergelijk|\btop ?\d|\bhoogste\b|\blaagste\b|\bstijg|"
    r"\bdaal|\bdaling\b|\bgroei|\btrajecten\b|\bdeclar|\bjeugdigen in zorg\b|\bzorgkosten\b|"
    r"\bbedrag|\beuro\b|€|\bverwijzer|\baanbieders?\b.*\b20\d\d\b|\bpeildatum\b"
)
_YEAR = re.compile(r"\b(20[12]\d)\b")
_TOKEN_ALL = re.compile(r"[a-z0-9+]+")
# "Wat moeten wij als gemeente doen met de hervormingsagenda?": a question about its actions.
_DUTY = re.compile(
    r"(?=.*(?:hervormings ?agenda|\bhva?\b))\bwat (?:moet|moeten|kunnen|gaan)\b.*"
    r"\b(?:doen|oppakken|regelen|uitvoeren)\b"
)
_DEFINITION_CUE = re.compile(
    r"^\s*(?:wat (?:is|betekent|houdt|omvat)|waar staat)\b|\bvalt\b.*\bonder\b|"
    r"\bvallen\b.*\bonder\b|\bomschrijving\b|\bdefinitie\b"
)
# Words of the numeric intents that say nothing about which document entry is meant.
_NUMERIC_VOCABULARY = {
    "kosten", "kost", "kostte", "jeugdigen", "jeugdige", "clienten", "client", "gemiddeld",
    "gemiddelde", "aantal", "segment", "trajecten", "zorg", "jeugdhulp", "regio", "gemeente",
    "gemeenten", "jaar", "per", "hoeveel", "euro", "bedrag", "totaal", "verblijf", "hoogste",
    "laagste", "10vdj",
}  # fmt: skip
# A later part that points back to the first ("welke acties horen daarbij?", "wat betekent
# die code landelijk?") is about the same subject, so the first answer covers it.
_ANAPHOR = re.compile(
    r"\b(?:die|deze|dat|dit|daar\w*|er(?:onder|in|bij|voor|van|mee|aan)|hij|zij)\b"
)
_LEADING_AND = re.compile(r"^\s*(?:en|maar|ook)\b[\s,]*", re.IGNORECASE)
# Words that name a document or ask for a list, not what the list is about.
_LIST_FILLER = {
    "vng", "brief", "ledenbrief", "haaglanden", "programmaplan", "zhz", "zuid", "holland",
    "noemt", "hanteert", "heeft", "kent", "staan", "bijlage", "plan", "document", "regio",
}  # fmt: skip
_MEANING_OF = re.compile(
    r"\b(?:betekent|betekend|betekenis van|afkorting|staat)\s+(?:de\s+|het\s+)?"
    r"([A-Z][A-Za-z0-9+&/]{1,7})\b"
)
_DOCUMENT_QUESTION = re.compile(
    r"\bwat (?:zegt|zeggen|staat|schrijft|vindt|vinden)\b|\bvolgens (?:het|de) \w+|"
    r"\bwelk beleid\b"
)
# Who does what: the roles in governance entries, never a count ("wie doet wat bij pleegzorg").
_ROLE = re.compile(r"\bwie doet wat\b|\bwie (?:is|zijn) (?:er )?verantwoordelijk\b|\bwie beslist\b")
_PREAMBLE = re.compile(
    r"^\s*(?:hoi|hallo|beste)?[,\s]*(?:ik ben (?:hier )?(?:nieuw|net begonnen)"
    r"(?:\s+\w+){0,3})[,.;:!]?\s*"
)
_REGION_NAME = re.compile(r"\been ?10 ?voor ?de ?jeugd\b", re.IGNORECASE)
_CLAUSE_END = re.compile(
    r"\s+en\s+(?=(?:wat|wie|welke|welk|hoe|waar|waarvoor|waarom|wanneer|hoeveel)\b)|[,;?]\s+"
)
_LIST_SUBJECT = re.compile(
    r"\b(?:welke|wat (?:zijn|waren)|alle|noem|geef|toon|overzicht van|lijst van|hoeveel)\s+"
    r"(?:de\s+|het\s+)?(?:[a-z-]+\s+)?(?:prioriteiten|ambities|principes|uitgangspunten|"
    r"projecten|maatregelen|doelen|doelstellingen|opgaven|opgaves|segmenten|afkortingen|"
    r"begrippen|gremia)\b"
)
_OPGAVE_FIRST = re.compile(r"\s*wat (?:is|houdt|betekent) (?:de )?(?:opgave|hoofdstuk)\s*\d")
# Nouns that make a question about the documents even when it has a number in it.
_KNOWLEDGE_NOUNS = re.compile(
    r"\bacties?\b|\bopgaven?\b|\bopgaves\b|\bdoelen\b|\bsegmenten\b|\bambitie|\bfactsheet\b|"
    r"\bactieplan\b|0-?meting|nulmeting|\bbijlage\b|\bprogrammaplan\b|hervormingsagenda|"
    r"\bquickscan\b|\bledenbrief\b|\bcommissie\b|maatregel|\bprioriteit|\bgovernance\b|"
    r"\bafkorting|\bbegrip|\bconclusie|\bprincipe|\buitgangspunt|\bbezuiniging|begroting\b|"
    r"\bvoetnoot\b|\bpar(?:agraaf)?\.? ?\d|\binkoopstrategie\b"
)
_PRIVACY = re.compile(
    r"telefoon|\btel\.?\s*nr|e-?mail|mailadres|contactgegevens|contactpersoon|\bbellen\b|"
    r"\bbsn\b|burgerservicenummer|\badres van\b"
)
_KNOWLEDGE_CUES = re.compile(
    r"\bwat (?:is|zijn|betekent|houdt|valt|staat|zegt|doet|wil)\b|\bwaar staat\b|\bleg\b.*\buit\b|"
    r"\buitleg\b|\bdefinitie\b|\bwaarom\b|\bhoe (?:werkt|wil|gaat|zit)\b|\bwelke (?:acties|rol)\b|"
    r"\bambitie|\bprioriteit|\bprincipe|\buitgangspunt|\bproject|\bmaatregel|\bgovernance\b|"
    r"\bactieplan\b|\bbijlage\b|\bopgave|\bhervormingsagenda\b|\bafkorting|\bbegrip|"
    r"\bbeleid\b|\bvolgens (?:het|de)\b"
)

_KADER_LABEL = {"hervormingsagenda": "Hervormingsagenda", "programma-10vdj": "Programmaplan 10vdJ"}

# Carrier classes of the Bijlage 4 "Uitvoering" column.
_CARRIER_TOGETHER = re.compile(
    r"\bsamen\b|\bgezamenlijk|\bgemeenten (?:en|&) (?:de )?(?:regio|10 ?vd ?j)|"
    r"\b(?:regio|10 ?vd ?j) (?:en|&) (?:de )?gemeenten\b|\bbeide\b"
)
_CARRIER_REGION = re.compile(
    r"\bregio\b|\b10 ?vd ?j\b|\bregionaal\b|\bregionale\b|een 10 voor de jeugd|\binkoopregio\b"
)
_CARRIER_MUNICIPALITY = re.compile(r"\bgemeenten?\b|\blokaal\b|\blokale\b|\bgemeentelijk")

# Words that still make a question a plain segment definition ("welke producten vallen onder").
_SEGMENT_QUESTION_WORDS = {
    "segment", "segmenten", "betekent", "producten", "product", "productcodes", "codes", "code",
    "omschrijving", "definitie", "bedoeld", "bedoelt", "graag", "uitleg", "welke", "precies",
    "houdt", "inhoud", "gezinsnabij", "wonen", "verblijf", "s1", "s2", "s3", "s4", "s5", "zit",
    "zitten", "soort", "zorg", "jeugdhulp", "betekenis", "wat", "omvat", "inhoudt",
    "eronder", "erin", "daaronder", "daarin", "allemaal",
}  # fmt: skip

# Lists of one soort: the plural words people use, mapped to the soort.
_LIST_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bprioriteiten\b|\bprioriteit(?:en)? van\b"), "prioriteit"),
    (re.compile(r"\bambities\b"), "ambitie"),
    (re.compile(r"\bprincipes\b|\buitgangspunten\b"), "principe"),
    (re.compile(r"\bprojecten\b"), "project"),
    (re.compile(r"\bmaatregelen\b"), "maatregel"),
    (re.compile(r"\bdoelen\b|\bdoelstellingen\b"), "doel"),
    (re.compile(r"\bopgaven\b|\bopgaves\b"), "opgave"),
    (re.compile(r"\bsegmenten\b"), "segment"),
    (re.compile(r"\bafkortingen\b|\bbegrippen\b|\bwoordenlijst\b"), "begrip"),
    (re.compile(r"\bgovernance\b|\bgremia\b|\boverlegorganen\b|\bbestuursorganen\b"), "governance"),
]
_LIST_CUE = re.compile(
    r"\bwelke\b|\bwat (?:zijn|waren)\b|\balle\b|\blijst\b|\boverzicht\b|\bnoem\b|\bgeef\b|"
    r"\btoon\b|\bhoeveel\b|\bopsomming\b"
)
_TOPIC_FILLER = {
    "actie", "acties", "hervormingsagenda", "agenda", "lijst", "overzicht", "alle", "liggen",
    "ligt", "gaan", "gaat", "over", "regio", "gemeenten", "gemeente", "zelf", "alleen",
    "oppakken", "pakken", "pakt", "pak", "opgepakt", "uitvoeren", "uitgevoerd", "uitvoering",
    "planning",
    "gepland", "samen", "gezamenlijk", "10vdj", "10", "vdj", "een", "jeugd", "welke", "noem",
    "geef", "toon", "hoeveel", "staan", "staat", "zijn", "met", "bij", "die", "moeten",
    "moet", "regionaal", "regionale", "lokaal", "lokale", "hebben", "heeft", "betrekking",
    "ha", "hva", "bijlage", "opgave", "hoofdstuk", "beide", "en", "wie", "verantwoordelijk",
    "uitvoerder", "trekker", "eigenaar", "tot", "vallen", "valt", "onder", "horen", "hoort",
    "kader", "college", "weten", "benieuwd", "uitsluitend", "inkoopregio", "daarbij", "wij",
    "toelichting", "toelichten", "graag", "manier", "oppakt",
    "worden", "wordt", "door", "gemeentes", "planningen", "jaar", "wanneer",
    # the register of policy letters: "kan worden aangegeven welke acties ... worden getrokken"
    "aangegeven", "conform", "getrokken", "trekt", "trekken", "voorzien", "voert", "voeren",
    "aanzien", "ten", "doen", "welk", "wat", "deel", "onderdeel", "relevant", "relevante",
}  # fmt: skip


@lru_cache(maxsize=1)
def _municipality_pattern() -> re.Pattern[str]:
    """All 342 municipality names: a question naming one is usually about numbers."""
    path = REFERENCE_DIR / "gemeenten" / "gemeenten_2026_jeugdregio.csv"
    names: set[str] = set()
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                name = normalize(row["gemeente_naam"]).replace("-", " ")
                names.add(re.sub(r"\s*\(.*?\)", "", name).strip())
    names |= {"den bosch", "den haag", "son", "geldrop", "mierlo", "nuenen"}
    names.discard("")
    alternation = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b")


def _source(entry: AnyEntry) -> Source:
    return Source(
        titel=DOCUMENT_TITLES.get(entry.bron.document, entry.bron.document),
        document=entry.bron.document,
        locatie=entry.bron.locatie,
    )


def _sources(entries: Iterable[AnyEntry]) -> list[Source]:
    seen: dict[tuple[str, str | None], Source] = {}
    for entry in entries:
        source = _source(entry)
        seen.setdefault((source.titel, source.locatie), source)
    return list(seen.values())


def flow(text: str) -> str:
    """Join the hard-wrapped lines of a YAML block into paragraphs, so chat clients wrap them."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def _first_sentence(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    match = re.search(r"(?<=[.!?])\s", flat)
    sentence = flat[: match.start()] if match else flat
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def shorten(text: str, limit: int = MAX_CHARS) -> tuple[str, str | None]:
    """Cut a long text at a sentence or line end; the rest is returned for "meer"."""
    if len(text) <= limit:
        return text, None
    window = text[:limit]
    cut = max(window.rfind("\n"), window.rfind(". "), window.rfind("; "))
    if cut < limit // 3:
        cut = window.rfind(" ")
    head, rest = text[: cut + 1].rstrip(), text[cut + 1 :].strip()
    return head, rest or None


def _carrier_class(uitvoerder: str) -> str:
    """regio / gemeenten / samen; an optional party in brackets ("optie 10vdJ") is not a carrier."""
    value = re.sub(r"\(.*?\)", "", normalize(uitvoerder))
    municipal = "gemeente" in value
    regional = bool(re.search(r"10 ?vd ?j|regio", value))
    if municipal and regional:
        return "samen"
    if regional:
        return "regio"
    if municipal:
        return "gemeenten"
    return "overig"


@dataclass
class _Parsed:
    """What the question asks, found once and shared by match() and answer()."""

    raw: str
    text: str  # normalized

    @property
    def numeric(self) -> bool:
        return bool(_NUMERIC.search(self.text))


class KnowledgeAnswerer:
    """Answers Dutch questions from the knowledge base; one per process (the index is shared)."""

    def __init__(self, base: KnowledgeBase | None = None) -> None:
        self.base = base or load_knowledge()
        self.index = self.base.index
        self._abbreviations = self._build_abbreviations()
        self._proper_words: frozenset[str] | None = None
        self._frequency: dict[str, int] = {}
        self._searched: dict[tuple[str, int], tuple[Hit, ...]] = {}
        self._products_by_name = {
            normalize(p.velden.naam): p
            for p in self.base.entries
            if isinstance(p, ProductEntry) and p.velden.lijst == "regio"
        }

    # ------------------------------------------------------------------ public interface

    def proper_words(self) -> frozenset[str]:
        """Folded words the base writes with a capital in its titles, aliases and keywords.

        They name bodies, programmes and documents ("de Commissie Sint", "het Richtinggevend
        Kader", "Veilig Thuis"), so the core's privacy check must not read two of them in a
        row as a person's name. Titles hold no personal names, unlike the entry texts.
        """
        if self._proper_words is None:
            found: set[str] = set()
            for entry in self.base.entries:
                for text in (entry.titel, *entry.aliassen, *entry.trefwoorden):
                    found.update(fold(w) for w in re.findall(r"\b[A-Z][a-zà-ÿ]+", text))
            self._proper_words = frozenset(found)
        return self._proper_words

    def match(self, question: str, state: dict[str, Any] | None = None) -> float:
        """How sure (0..1) we are that this is a knowledge question rather than a numeric one.

        0.5 and above means "send it here". Numbers about municipalities, years, segments and
        products belong to the numeric intents; definitions, actions, plans and documents here.
        """
        parsed = _Parsed(question, normalize(question).strip())
        text = parsed.text
        if not text:
            return 0.0
        if _MORE.match(text):
            return 0.95 if state and state.get("more") else 0.3
        if _ACTIE_DOTTED.search(text) or _ACTIE_OF.search(text) or _OPGAVE_ACTIE.search(text):
            return 0.97
        if re.search(r"\bacties?\b", text):
            return 0.92
        if _PRIVACY.search(text):
            # Contact details are refused here whatever else the question names ("het
            # mailadres van de contactpersoon pleegzorg in Helmond"): never a count instead.
            return 0.96
        if self._begrip_candidate(parsed) is not None:
            return 0.95
        if _ROLE.search(text):
            return 0.85  # who does what: roles in the documents, never a count
        knowledge_noun = bool(_KNOWLEDGE_NOUNS.search(text))
        place = _municipality_pattern().search(text.replace("-", " "))
        municipality = bool(place)
        if parsed.numeric and not knowledge_noun:
            # Numbers about a segment/product/municipality are the numeric intents' job,
            # unless the question quotes what only the documents hold ("de kosten van Project
            # Mockingbird", "de afslag van € 214 mln"): several specific words of one entry.
            specific = None if municipality or _YEAR.search(text) else self._specific_hit(question)
            if specific is not None:
                return min(0.8, 0.55 + 0.35 * specific.coverage)
            return 0.4 if re.search(r"\bwat (?:betekent|is een)\b", text) else 0.12
        if municipality and not knowledge_noun and not _KNOWLEDGE_CUES.search(text):
            # A place is usually a request for its numbers; not when an entry is about that
            # place ("waarom is Voorschoten uitgetreden uit Haaglanden?").
            top = [] if _YEAR.search(text) else self.search(question, 1)
            if not (
                place
                and top
                and _convincing(top[0], self._size(question))
                and place.group(0) in normalize(f"{top[0].entry.titel} {top[0].entry.tekst}")
                and self._shared_words(question, top[0], place.group(0)) >= 2
            ):
                return 0.15  # "en in Deurne?" is a follow-up for numbers
        if _CODE.search(text) or (_CODE_QUESTION.search(text) and "welke" in text):
            return 0.9
        if _CODE_QUESTION.search(text):
            return 0.85
        if _OPGAVE_N.search(text) or _HOOFDSTUK_N.search(text) or _BIJLAGE_2.search(text):
            return 0.9
        if self._wonen_ambiguity(parsed) is not None:
            return 0.85
        if _SEGMENT_N.search(text) or _SUBSEGMENT.search(text):
            if (_YEAR.search(text) or municipality) and not knowledge_noun:
                return 0.15
            if _DEFINITION_CUE.search(text):
                return 0.95  # "wat is segment 5 en welke producten vallen eronder?"
            return 0.85
        if self._list_soort(text) is not None and _LIST_CUE.search(text):
            return 0.85
        if _HA_WORDS.search(text) and not _YEAR.search(text):
            return 0.85
        cue = bool(_KNOWLEDGE_CUES.search(text)) or knowledge_noun
        size = self._size(question)
        hits = [h for h in self.search(question, 3) if _convincing(h, size)]
        year = _YEAR.search(text)
        about_year = (
            (
                hits
                and _mentions(hits[0].entry, year.group(1))
                and self._shared_words(question, hits[0], year.group(1)) >= 2
            )
            if year
            else False
        )
        if year and not cue and not about_year:
            # A year usually means a count from the monitor; not when the entry that matches
            # is itself about that year ("welk aandeel ... dient in 2028 kleinschalig te zijn").
            return 0.3 if hits else 0.2
        if hits:
            return 0.55 + 0.35 * hits[0].coverage
        return 0.4 if cue else 0.2

    def answer(self, question: str, state: dict[str, Any] | None = None) -> Answer:
        """The Dutch answer, with sources; `state` (per conversation) carries "meer"."""
        parsed = _Parsed(question, normalize(question).strip())
        answer = self._answer(parsed, state)
        if state is not None:
            state["more"] = answer.more
            state["more_sources"] = [s.model_dump() for s in answer.sources] if answer.more else []
        return answer

    # ------------------------------------------------------------------ dispatch

    def _answer(self, parsed: _Parsed, state: dict[str, Any] | None) -> Answer:
        text = parsed.text
        if not text:
            return Answer(
                kind=Kind.HELP,
                intent="kennis.hulp",
                text="Stel een vraag over de Hervormingsagenda, segmenten, productcodes of "
                "afkortingen, bijvoorbeeld 'wat is actie 3.10?' of 'wat betekent VA?'.",
            )
        if _MORE.match(text):
            return self._more(state)
        if _PRIVACY.search(text):
            return Answer(
                kind=Kind.REFUSE,
                intent="kennis.privacy",
                text="Persoonlijke contactgegevens (namen met telefoonnummers of e-mailadressen) "
                "geef ik niet. De kennisbank bevat alleen de inhoud van de beleidsdocumenten.",
            )
        several = self._several(parsed)
        if several is not None:
            return several
        return self._dispatch(parsed)

    def _dispatch(self, parsed: _Parsed) -> Answer:
        handlers: Sequence[Callable[[_Parsed], Answer | None]] = (
            self._action_lookup,
            self._action_list,
            self._opgave,
            self._bijlage,
            self._begrip,
            self._code,
            self._product_name,
            self._wonen_ambiguity,
            self._segment,
            self._soort_list,
            self._roles,
        )
        for handler in handlers:
            result = handler(parsed)
            if result is not None:
                return result
        return self._free(parsed)

    # ------------------------------------------------------------------ several questions

    def _several(self, parsed: _Parsed) -> Answer | None:
        """Several questions in one message, by the same rule as the numeric intents
        (bot/intents/multi.py): the first is answered completely, the others that it does not
        cover are named under "Nog open" and offered as options. None when it is one question,
        or when the first part alone gets no real answer (then the whole message is searched)."""
        parts = split_questions(parsed.raw)
        if len(parts) < 2:
            return None
        first = self._dispatch(_Parsed(parts[0], normalize(parts[0]).strip()))
        if first.kind != Kind.ANSWER or first.intent == "kennis.onbekend":
            return None
        opens = [part for part in parts[1:] if self._is_new(part, first)]
        if not opens:
            return None
        asks = [_LEADING_AND.sub("", part).strip().rstrip(" ?") + "?" for part in opens]
        first.text += (
            "\n\nNog open: je vroeg ook "
            + " en ".join(f"'{part.strip()}'" for part in opens)
            + ". Ik beantwoord één vraag per keer; kies hieronder om die vraag nu te stellen."
        )
        first.options = [*first.options, *(Option(label=a, value=a) for a in asks)]
        first.slots["nog_open"] = asks
        return first

    def _is_new(self, part: str, first: Answer) -> bool:
        """Whether a later part asks about something the first answer does not cover: it has
        its own subject (no "die", "daarbij", "eronder" pointing back) and free search finds
        a convincing entry for it that the first answer does not already show."""
        text = normalize(part)
        if _ANAPHOR.search(text) or len(words(part)) < 2:
            return False  # "..., en welke bij de regio?" is the same list, split in two
        hits = self.search(part, 1)
        if not hits or hits[0].coverage < 0.6 or not _convincing(hits[0], self._size(part)):
            return False
        shown = {first.slots.get("entry_id"), *first.slots.get("entry_ids", [])}
        return hits[0].entry.id not in shown and hits[0].entry.titel not in first.text

    # ------------------------------------------------------------------ "meer"

    def _more(self, state: dict[str, Any] | None) -> Answer:
        rest = (state or {}).get("more")
        if not rest:
            return Answer(
                kind=Kind.ANSWER,
                intent="kennis.meer",
                text="Er is geen vervolg op het vorige antwoord. Stel gerust een nieuwe vraag.",
            )
        head, more = shorten(str(rest))
        sources = (state or {}).get("more_sources") or []
        return Answer(
            kind=Kind.ANSWER,
            intent="kennis.meer",
            text=head + (f"\n\n{MORE_HINT}" if more else ""),
            more=more,
            sources=[Source.model_validate(s) for s in sources],
        )

    # ------------------------------------------------------------------ actions (Bijlage 4)

    def _ha_actions(self) -> list[ActieEntry]:
        return self.base.actions("hervormingsagenda")

    def _opgave_entry(self, kader: str, nummer: int) -> OpgaveEntry | None:
        for entry in self.base.of_soort("opgave"):
            if (
                isinstance(entry, OpgaveEntry)
                and entry.velden.kader == kader
                and entry.velden.nummer == nummer
            ):
                return entry
        return None

    def _opgave_label(self, hoofdstuk: int) -> str:
        opgave = self._opgave_entry("hervormingsagenda", hoofdstuk)
        if opgave is None:
            return f"opgave {hoofdstuk}"
        name = re.sub(r"^\s*opgave\s*\d+\s*[–:-]\s*", "", opgave.titel, flags=re.IGNORECASE)
        return f"opgave {hoofdstuk} ({name})"

    def _action_text(self, action: ActieEntry) -> str:
        v = action.velden
        return (
            f"*Actie {v.hoofdstuk}.{v.nummer}* van de Hervormingsagenda Jeugd, "
            f"{self._opgave_label(v.hoofdstuk or 0)}:\n{flow(action.tekst)}\n\n"
            f"*Uitvoering:* {v.uitvoerder}\n*Planning:* {_planning_sentence(action)}\n"
            f"*Toelichting regio:* {flow(v.toelichting or '')}"
        )

    def _action_answer(self, action: ActieEntry) -> Answer:
        head, more = shorten(self._action_text(action))
        v = action.velden
        return Answer(
            kind=Kind.ANSWER,
            intent="kennis.actie",
            text=head + (f"\n\n{MORE_HINT}" if more else ""),
            more=more,
            understood=f"Hervormingsagenda · actie {v.hoofdstuk}.{v.nummer}",
            slots={"entry_id": action.id, "hoofdstuk": v.hoofdstuk, "actie": v.nummer},
            sources=[_source(action)],
        )

    def _action_lookup(self, parsed: _Parsed) -> Answer | None:
        text = parsed.text
        found = None
        for pattern, order in (
            (_ACTIE_DOTTED, (1, 2)),
            (_ACTIE_OF, (2, 1)),
            (_OPGAVE_ACTIE, (1, 2)),
        ):
            m = pattern.search(text)
            if m:
                found = (int(m.group(order[0])), int(m.group(order[1])))
                break
        actions = self._ha_actions()
        if found is None:
            m = _ACTIE_N.search(text)
            if not m or re.search(r"\bacties\b", text):
                return None
            nummer = int(m.group(1))
            if re.search(r"\bactieplan\b", text) or _names_other_plan(text):
                return None  # "Haaglanden 4.1, actie 1": that plan's own numbering
            candidates = [a for a in actions if a.velden.nummer == nummer]
            if not candidates:
                return self._no_action(None, nummer)
            if len(candidates) == 1:
                return self._action_answer(candidates[0])
            return Answer(
                kind=Kind.CLARIFY,
                intent="kennis.actie",
                text=f"De Hervormingsagenda nummert de acties per opgave; actie {nummer} bestaat "
                f"in {len(candidates)} opgaven. Welke bedoel je?",
                options=[
                    Option(
                        label=f"Actie {a.velden.hoofdstuk}.{nummer} – "
                        f"{_first_sentence(_ACTION_PREFIX.sub('', a.titel), 60)}",
                        value=f"Wat is actie {a.velden.hoofdstuk}.{nummer} "
                        "van de Hervormingsagenda?",
                    )
                    for a in candidates
                ],
                sources=_sources(candidates[:1]),
            )
        hoofdstuk, nummer = found
        for action in actions:
            if action.velden.hoofdstuk == hoofdstuk and action.velden.nummer == nummer:
                about = self._about_action(parsed, action)
                return self._free(parsed, about) if about else self._action_answer(action)
        return self._no_action(hoofdstuk, nummer)

    def _about_action(self, parsed: _Parsed, action: ActieEntry) -> AnyEntry | None:
        """Another entry about this action ("de voetnoot bij actie 1.3") when the question asks
        for it in words of its own."""
        v = action.velden
        label = f"actie {v.hoofdstuk}.{v.nummer}"
        rest = [w for w in words(parsed.raw) if w not in _TOPIC_FILLER and not w.isdigit()]
        if len(rest) < 2:
            return None
        for hit in self.search(parsed.raw, 3):
            if hit.entry.id != action.id and label in normalize(hit.entry.titel):
                entry_stems = self.index.stems_of(hit.entry.id)
                if sum(bool(entry_stems.intersection(stems([w]))) for w in rest) >= 2:
                    return hit.entry
        return None

    def _no_action(self, hoofdstuk: int | None, nummer: int) -> Answer:
        actions = self._ha_actions()
        counts: dict[int, int] = {}
        for action in actions:
            counts[action.velden.hoofdstuk or 0] = counts.get(action.velden.hoofdstuk or 0, 0) + 1
        where = f"actie {hoofdstuk}.{nummer}" if hoofdstuk else f"actie {nummer}"
        if hoofdstuk and hoofdstuk in counts:
            detail = (
                f"Opgave {hoofdstuk} heeft {counts[hoofdstuk]} acties (1 t/m {counts[hoofdstuk]})."
            )
        else:
            detail = (
                "Per opgave: " + ", ".join(f"{h}: {n}" for h, n in sorted(counts.items())) + "."
            )
        return Answer(
            kind=Kind.ANSWER,
            intent="kennis.actie",
            text=f"De Hervormingsagenda (Bijlage 4 van het programmaplan) kent geen {where}. "
            f"{detail}",
            sources=[
                Source(
                    titel=DOCUMENT_TITLES[DOC_000],
                    document=DOC_000,
                    locatie="Bijlage 4 – Acties Hervormingsagenda",
                )
            ],
        )

    def _action_list(self, parsed: _Parsed) -> Answer | None:
        text = parsed.text
        if not (re.search(r"\bacties\b|\bactie\b", text) or _DUTY.search(text)):
            return None
        if re.search(r"\bactieplan\b|haaglan|zuid[- ]?holland|\bzhz\b|segment\s*2", text):
            return None
        if _OPGAVE_FIRST.match(text):
            return None  # "wat is opgave 4 en welke acties horen daarbij": the opgave answers
        actions = self._ha_actions()
        if not actions:
            return None
        named = self._action_named(text, actions)
        if named is not None:
            return self._action_answer(named)
        filters: list[str] = []
        chosen = actions
        chapter = _HOOFDSTUK_N.search(text) or _OPGAVE_N.search(text)
        if chapter:
            h = int(chapter.group(1))
            chosen = [a for a in chosen if a.velden.hoofdstuk == h]
            filters.append(f"in {self._opgave_label(h)}")
        carrier = self._carrier_filter(text)
        if carrier:
            chosen = [a for a in chosen if _carrier_class(a.velden.uitvoerder or "") == carrier]
            filters.append(
                {
                    "regio": "met uitvoering alleen bij de regio (10vdJ)",
                    "gemeenten": "met uitvoering bij de gemeenten zelf",
                    "samen": "met uitvoering door gemeenten en 10vdJ samen",
                }[carrier]
            )
        year = _YEAR.search(text)
        if year:
            chosen = [a for a in chosen if year.group(1) in (a.velden.planning or "")]
            filters.append(f"met een planning die {year.group(1)} noemt")
        topic = [w for w in words(parsed.raw) if w not in _TOPIC_FILLER and not w.isdigit()]
        if topic:
            topic_stems = set(stems(self.index.correct(topic)))
            scored = []
            for action in chosen:
                action_stems = self.index.stems_of(action.id)
                overlap = len(topic_stems & action_stems)
                if overlap:
                    scored.append((overlap, action))
            best = max((o for o, _ in scored), default=0)
            if best == 0:
                if not filters and not re.search(r"\bwelke acties\b|\bacties\b", text):
                    return None
                asked = re.search(r"\b(?:welke|alle|lijst|overzicht)\s+(?:\w+\s+)?acties\b", text)
                if not asked and self._convincing_other(parsed.raw, ActieEntry):
                    return None  # "welke drie stromingen onderscheidt bijlage 4": not an action
                chosen = []
            else:
                # With several topic words, an action that has all but one of them counts too.
                floor = best - 1 if best >= 2 else best
                chosen = [a for o, a in scored if o >= floor]
            filters.append("over " + " ".join(topic))
        elif not filters and not _LIST_CUE.search(text):
            return None
        return self._action_table(chosen, filters, parsed, year.group(1) if year else None)

    def _action_named(self, text: str, actions: list[ActieEntry]) -> ActieEntry | None:
        """The action whose own name the question uses ("de 'niet doen'-lijst")."""
        joined = f" {' '.join(_TOKEN_ALL.findall(text))} "
        for action in actions:
            for alias in action.aliassen:
                name = " ".join(_TOKEN_ALL.findall(normalize(alias)))
                if name and not name.startswith("actie ") and f" {name} " in joined:
                    return action
        return None

    def _convincing_other(self, raw: str, kind: type, minimum: float = 0.5) -> AnyEntry | None:
        """The best free-search entry when it convincingly answers the question and is not of
        `kind`: then a pattern that merely fired on a word ("acties", "opgave 1", "doelen")
        should give way to it."""
        hits = self.search(raw, 3)
        size = self._size(raw)
        top = hits[0] if hits else None
        if top and _convincing(top, size) and top.coverage >= minimum:
            return None if isinstance(top.entry, kind) else top.entry
        return None

    def search(self, raw: str, k: int = 5) -> list[Hit]:
        """Free search; when the question as typed finds nothing convincing, again with its
        rare abbreviations spelled out. Routing and answering ask the same question several
        times, so the last results are kept (a tuple, so no caller can change them)."""
        key = (raw, k)
        if key not in self._searched:
            if len(self._searched) > 512:
                self._searched.clear()
            self._searched[key] = tuple(self._search(raw, k))
        return list(self._searched[key])

    def _search(self, raw: str, k: int) -> list[Hit]:
        hits = self.index.search(_searchable(raw), k)
        expanded = self._expand(raw)
        if expanded == raw:
            return hits
        size = len(set(self.index.query_terms(_searchable(raw))))
        if hits and _convincing(hits[0], size):
            return hits
        return self.index.search(_searchable(expanded), k)

    def _shared_words(self, raw: str, hit: Hit, leave_out: str) -> int:
        """How many words of the question, other than `leave_out` (a place or year), the
        entry holds beyond the numeric intents' own words: "en in 2023?" or "jeugdhulp in
        Bakel 2023" share nothing specific with an entry."""
        left = set(leave_out.split())
        entry_stems = self.index.stems_of(hit.entry.id)
        return sum(
            1
            for w in self.index.correct(words(raw))
            if w not in left
            and w not in _NUMERIC_VOCABULARY
            and not w.isdigit()
            and entry_stems.intersection(stems([w]))
        )

    def _specific_hit(self, raw: str) -> Hit | None:
        """The best entry when it holds most of the question and at least three of its words
        that are not the numeric intents' own vocabulary."""
        hits = self.search(raw, 1)
        if not hits or hits[0].coverage < 0.6 or not _convincing(hits[0], self._size(raw)):
            return None
        entry_stems = self.index.stems_of(hits[0].entry.id)
        specific = [
            w for w in self.index.correct(words(raw))
            if w not in _NUMERIC_VOCABULARY and entry_stems.intersection(stems([w]))
        ]  # fmt: skip
        return hits[0] if len(specific) >= 3 else None

    def _rare(self, abbreviation: str) -> bool:
        """An abbreviation few entries write (VA, UHP); a common one (VNG, PDC) finds its
        entries itself and spelling it out would only pull in the glossary line."""
        if abbreviation not in self._frequency:
            self._frequency[abbreviation] = self.index.document_frequency(abbreviation)
        return self._frequency[abbreviation] <= 10

    def asks_document(self, question: str) -> bool:
        """Whether the question asks what a document or law says ("wat zegt de Jeugdwet ...")."""
        return bool(_DOCUMENT_QUESTION.search(normalize(question)))

    def asks_number(self, question: str) -> bool:
        """Whether the question uses the words of a request for numbers (hoeveel, kosten, ...)."""
        return bool(_NUMERIC.search(normalize(question)))

    def _size(self, raw: str) -> int:
        """How many distinct words the question has as searched, for _convincing()."""
        size = len(set(self.index.query_terms(_searchable(raw))))
        hits = self.index.search(_searchable(raw), 5)[:1]
        if self._expand(raw) == raw or (hits and _convincing(hits[0], size)):
            return size
        return len(set(self.index.query_terms(_searchable(self._expand(raw)))))

    def _expand(self, raw: str) -> str:
        """'VA bij dreigende UHP's' -> also 'Verklarende Analyse ... uithuisplaatsing': the
        documents mostly write the words, the people asking mostly the abbreviation."""
        extra: list[str] = []
        for token in re.findall(r"[A-Za-z][A-Za-z0-9+&/]{1,7}", raw):
            if sum(ch.isupper() for ch in token) < 2:
                continue
            key = normalize(token)
            entries = self._abbreviations.get(key)
            if entries and len(entries[0].velden.betekenissen) == 1 and self._rare(key):
                extra.append(entries[0].velden.betekenissen[0])
        return raw if not extra else f"{raw} {' '.join(extra)}"

    def _carrier_filter(self, text: str) -> str | None:
        if not re.search(
            r"\bligg|\bbij\b|\buitvoer|\boppak|\bpakken|\bzelf\b|\balleen\b|"
            r"\bverantwoordelijk|\btrekker|\bsamen\b|\bgezamenlijk|\bdoen\b|"
            r"\bopgepakt\b|\buitsluitend\b|\bdoor\b|\blokaal\b|\bgetrokken\b|\btrek|\bvoert\b",
            text,
        ):
            return None  # fmt: skip
        if _CARRIER_TOGETHER.search(text):
            return "samen"
        region = _CARRIER_REGION.search(text.replace("hervormingsagenda", ""))
        municipal = _CARRIER_MUNICIPALITY.search(text)
        if region and municipal:
            if re.search(r"\ben welke\b|\bof (?:bij )?de\b", text):
                return None  # "welke bij de gemeenten en welke bij de regio": both, per row
            return "samen" if not re.search(r"\balleen\b|\buitsluitend\b", text) else None
        if region:
            return "regio"
        if municipal:
            return "gemeenten"
        return None

    def _action_table(
        self,
        chosen: list[ActieEntry],
        filters: list[str],
        parsed: _Parsed,
        year: str | None = None,
    ) -> Answer:
        label = "; ".join(filters) if filters else "alle acties"
        which = _modifiers(filters)
        if not chosen:
            text = f"De Hervormingsagenda heeft geen acties{which}."
            if year and not any(year in (a.velden.planning or "") for a in self._ha_actions()):
                text += self._year_elsewhere(year)
            return Answer(
                kind=Kind.ANSWER,
                intent="kennis.lijst",
                text=text,
                understood=f"Hervormingsagenda · acties · {label}",
                sources=[
                    Source(
                        titel=DOCUMENT_TITLES[DOC_000],
                        document=DOC_000,
                        locatie="Bijlage 4 – Acties Hervormingsagenda",
                    )
                ],
            )
        rows = [
            [
                f"{a.velden.hoofdstuk}.{a.velden.nummer}",
                _first_sentence(_ACTION_PREFIX.sub("", a.titel), 90),
                a.velden.uitvoerder or "",
                a.velden.planning or NO_TERM,
            ]
            for a in chosen
        ]
        shown, rest = rows[:MAX_ROWS], rows[MAX_ROWS:]
        numbers = _join_nl([r[0] for r in rows])
        if len(rows) == 1:
            text = f"De Hervormingsagenda heeft 1 actie{which}: actie {numbers}."
        else:
            text = f"De Hervormingsagenda heeft {len(rows)} acties{which}: {numbers}."
        more = None
        if rest:
            more = "\n".join(
                f"Actie {r[0]} – {r[1]} (uitvoering: {r[2]}; planning: {r[3]})" for r in rest
            )
            text += f"\nDe tabel toont de eerste {MAX_ROWS}. {MORE_HINT}"
        return Answer(
            kind=Kind.ANSWER,
            intent="kennis.lijst",
            text=text,
            more=more,
            understood=f"Hervormingsagenda · acties · {label}",
            table=Table(columns=["Actie", "Omschrijving", "Uitvoering", "Planning"], rows=shown),
            slots={"entry_ids": [a.id for a in chosen]},
            sources=_sources(chosen[:1])
            or [Source(titel=DOCUMENT_TITLES[DOC_000], document=DOC_000, locatie="Bijlage 4")],
        )

    def _year_elsewhere(self, year: str) -> str:
        """After "no actions with a planning in 2025": the years the planning column names, and
        the actions that name the year elsewhere (a deadline in the action itself), so the
        user is not left with a bare no."""
        actions = self._ha_actions()
        years = sorted({y for a in actions for y in _YEAR.findall(a.velden.planning or "")})
        text = ""
        if years:
            text += (
                " De planningkolom van Bijlage 4 noemt alleen "
                + _join_nl(years)
                + "; de meeste acties hebben een planning als 'wanneer mogelijk' of 'na ...'."
            )
        mentioned = [
            f"{a.velden.hoofdstuk}.{a.velden.nummer}"
            for a in actions
            if year in a.tekst or year in (a.velden.toelichting or "")
        ]
        if mentioned:
            text += (
                f" {year} staat wel in de tekst of toelichting van "
                + ("actie " if len(mentioned) == 1 else "de acties ")
                + _join_nl(mentioned)
                + "."
            )
        return text

    # ------------------------------------------------------------------ opgaven, bijlagen

    def _opgave(self, parsed: _Parsed) -> Answer | None:
        text = parsed.text
        m = _OPGAVE_N.search(text)
        h = _HOOFDSTUK_N.search(text)
        if not m and not h:
            return None
        rest = [w for w in words(parsed.raw) if w not in _TOPIC_FILLER and not w.isdigit()]
        if len(rest) >= 3 and self._convincing_other(parsed.raw, OpgaveEntry, 0.6):
            return None  # "hoeveel jeugdigen ... in 2028 ... volgens de ambitie van opgave 1"
        if h and not m:
            if re.search(r"\bprogrammaplan\b|haaglanden|zuid[- ]?holland|\bzhz\b|\bvng\b", text):
                return None
            return self._opgave_answer("hervormingsagenda", int(h.group(1)))
        nummer = int(m.group(1)) if m else 0
        ha = bool(_HA_WORDS.search(text))
        programme = bool(_PROGRAMME_WORDS.search(text))
        if ha and not programme:
            return self._opgave_answer("hervormingsagenda", nummer)
        if programme and not ha:
            return self._opgave_answer("programma-10vdj", nummer)
        if re.search(r"\bvng\b|haaglanden|zuid[- ]?holland|\bzhz\b", text):
            return None
        ha_entry = self._opgave_entry("hervormingsagenda", nummer)
        prog_entry = self._opgave_entry("programma-10vdj", nummer)
        options = []
        if ha_entry:
            options.append(
                Option(
                    label=f"Hervormingsagenda: {ha_entry.titel}",
                    value=f"Wat is opgave {nummer} van de Hervormingsagenda Jeugd?",
                )
            )
        if prog_entry:
            options.append(
                Option(
                    label=f"Programmaplan 10vdJ: {prog_entry.titel}",
                    value=f"Wat is opgave {nummer} van het programmaplan Een 10 voor de Jeugd?",
                )
            )
        if len(options) == 1:
            return self._opgave_answer(
                "hervormingsagenda" if ha_entry else "programma-10vdj", nummer
            )
        if not options:
            return None
        return Answer(
            kind=Kind.CLARIFY,
            intent="kennis.opgave",
            text=f"'Opgave {nummer}' kan twee dingen zijn: opgave {nummer} van de landelijke "
            f"Hervormingsagenda Jeugd (8 opgaven) of opgave {nummer} van het programmaplan van "
            "Een 10 voor de Jeugd. Welke bedoel je?",
            options=options,
            sources=_sources([e for e in (ha_entry, prog_entry) if e is not None]),
        )

    def _opgave_answer(self, kader: str, nummer: int) -> Answer | None:
        entry = self._opgave_entry(kader, nummer)
        if entry is None:
            total = len([e for e in self.base.of_soort("opgave") if _kader(e) == kader])
            if total == 0:
                return None
            name = "de Hervormingsagenda" if kader == "hervormingsagenda" else "het programmaplan"
            return Answer(
                kind=Kind.ANSWER,
                intent="kennis.opgave",
                text=f"{name[0].upper()}{name[1:]} kent geen opgave {nummer}; er zijn er {total}.",
                sources=[Source(titel=DOCUMENT_TITLES[DOC_000], document=DOC_000)],
            )
        body = flow(entry.tekst)
        if kader == "hervormingsagenda":
            actions = [a for a in self._ha_actions() if a.velden.hoofdstuk == nummer]
            if actions:
                body += (
                    f"\n\nIn Bijlage 4 van het programmaplan horen bij deze opgave "
                    f"{len(actions)} acties (actie {nummer}.1 t/m {nummer}.{len(actions)})."
                )
        head, more = shorten(f"*{entry.titel}*\n{body}")
        return Answer(
            kind=Kind.ANSWER,
            intent="kennis.opgave",
            text=head + (f"\n\n{MORE_HINT}" if more else ""),
            more=more,
            understood=f"{_KADER_LABEL[kader]} · opgave {nummer}",
            slots={"entry_id": entry.id},
            sources=[_source(entry)],
        )

    def _bijlage(self, parsed: _Parsed) -> Answer | None:
        text = parsed.text
        if not _BIJLAGE_2.search(text):
            return None
        if re.search(
            r"0-?meting|nulmeting|factsheet|haaglanden|begroting|zhz|zuid[- ]?holland", text
        ):
            return None
        return Answer(
            kind=Kind.CLARIFY,
            intent="kennis.bijlage",
            text="'Bijlage 2' komt twee keer voor in het programmaplan van Een 10 voor de Jeugd: "
            "Bijlage 2 van het plan zelf is de 0-meting, en Bijlage 2 van het actieplan segment 2 "
            "(Bijlage 5) is de factsheet segment 2. Welke bedoel je?",
            options=[
                Option(
                    label="De 0-meting (Bijlage 2 van het programmaplan)",
                    value="Wat staat er in de 0-meting (Bijlage 2 van het programmaplan)?",
                ),
                Option(
                    label="De factsheet segment 2 (Bijlage 2 van het actieplan segment 2)",
                    value="Wat staat er in de factsheet segment 2 van het actieplan segment 2?",
                ),
            ],
            sources=[
                Source(titel=DOCUMENT_TITLES[DOC_000], document=DOC_000, locatie="Bijlage 2"),
                Source(
                    titel=DOCUMENT_TITLES[DOC_000],
                    document=DOC_000,
                    locatie="Bijlage 5, Bijlage 2 Factsheet Segment 2",
                ),
            ],
        )

    # ------------------------------------------------------------------ glossary

    def _build_abbreviations(self) -> dict[str, list[BegripEntry]]:
        table: dict[str, list[BegripEntry]] = {}
        for entry in self.base.entries:
            if not isinstance(entry, BegripEntry):
                continue
            names = {entry.velden.afkorting, *entry.aliassen}
            names |= {part for part in re.split(r"[/&]", entry.velden.afkorting) if part.strip()}
            head = entry.titel.split("–")[0]
            names.add(head)
            for name in names:
                key = normalize(name).strip()
                if key:
                    table.setdefault(key, [])
                    if entry not in table[key]:
                        table[key].append(entry)
        return table

    def _begrip_candidate(self, parsed: _Parsed) -> list[BegripEntry] | None:
        text = parsed.text
        # A bare abbreviation ("VA", "JZ+?") or a 'wat betekent X' question.
        bare = text.strip(" ?!.")
        if bare in self._abbreviations:
            return self._abbreviations[bare]
        # "Wat is het BEN en waarvoor wordt het ingezet?": the first clause names the term.
        clause = _CLAUSE_END.split(text, maxsplit=1)[0]
        parts = dict.fromkeys((text, clause))
        matches = [pattern.match(part) for pattern in _BEGRIP_PATTERNS for part in parts]
        for m in matches:
            if not m:
                continue
            term = re.sub(r"^(?:de|het|een|afkorting)\s+", "", m.group(1).strip(" ?!.'\""))
            term = re.sub(r"\s+(?:eigenlijk|precies|nou|nu|dan)$", "", term)
            # "LEF in de quickscan", "K&GB in de begroting": the place it is read is context.
            bare = re.sub(r"\s+(?:in|bij|uit|van)\s+(?:de|het|een)\b.*$", "", term)
            for candidate in (term, bare):
                if candidate in self._abbreviations:
                    return self._abbreviations[candidate]
        # An uppercase abbreviation in the original question with a meaning cue.
        direct = _MEANING_OF.search(parsed.raw)
        if direct and normalize(direct.group(1)) in self._abbreviations:
            return self._abbreviations[normalize(direct.group(1))]  # "..., wat betekent LVB?"
        if re.search(r"\bbetek|\bstaat\b.*\bvoor\b|\bafkorting|\bbedoel", clause):
            for token in re.findall(r"[A-Za-z][A-Za-z0-9+&/]{1,7}", parsed.raw):
                key = normalize(token)
                capitals = sum(ch.isupper() for ch in token)
                if key in self._abbreviations and (capitals >= 2 or len(token) > 3):
                    return self._abbreviations[key]
        return None

    def _begrip(self, parsed: _Parsed) -> Answer | None:
        entries = self._begrip_candidate(parsed)
        if not entries:
            return None
        entry = entries[0]
        meanings = entry.velden.betekenissen
        named = any(
            stem in set(stems(words(parsed.raw)))
            for meaning in meanings
            for stem in stems(words(meaning))
            if len(stem) > 3
        )
        if len(meanings) > 1 and not named:
            afk = entry.velden.afkorting
            return Answer(
                kind=Kind.CLARIFY,
                intent="kennis.begrip",
                text=f"{afk} wordt in de documenten op {len(meanings)} manieren gebruikt: "
                + "; ".join(f"({i}) {m}" for i, m in enumerate(meanings, start=1))
                + ". Welke bedoel je?",
                options=[
                    Option(label=f"{afk} = {m}", value=f"Wat betekent {afk} ({m})?")
                    for m in meanings
                ],
                slots={"entry_id": entry.id},
                sources=[_source(entry)],
            )
        head, more = shorten(flow(entry.tekst))
        # Entries that say more about the term than the glossary line ("Zie ook").
        meaning = " ".join(entry.velden.betekenissen)
        related = [
            h.entry
            for h in self.index.search(meaning, 4)
            if not isinstance(h.entry, BegripEntry) and h.coverage >= 0.99
        ][:2]
        text = f"*{entry.titel}*\n{head}" + (f"\n\n{MORE_HINT}" if more else "")
        if related:
            text += "\n\nZie ook: " + "; ".join(e.titel for e in related) + "."
        return Answer(
            kind=Kind.ANSWER,
            intent="kennis.begrip",
            text=text,
            more=more,
            understood=f"Begrip · {entry.velden.afkorting}",
            slots={"entry_id": entry.id, "entry_ids": [e.id for e in related]},
            sources=_sources([*entries, *related]),
        )

    # ------------------------------------------------------------------ products

    def _code(self, parsed: _Parsed) -> Answer | None:
        m = _CODE.search(parsed.text)
        if not m:
            return None
        code = m.group(1).upper()
        variants = self.base.products.get(code, [])
        if not variants:
            return Answer(
                kind=Kind.ANSWER,
                intent="kennis.product",
                text=f"Productcode {code} staat niet in de productencatalogus (PDC) van "
                "Een 10 voor "
                "de Jeugd en niet in de landelijke Standaardproductcodelijst Jeugdwet.",
                slots={"productcode": code},
                sources=[
                    Source(titel=DOCUMENT_TITLES["pdc_demo.yaml"], document="pdc_demo.yaml"),
                    Source(
                        titel=DOCUMENT_TITLES["standaardproductcodelijst_jeugdwet.csv"],
                        document="standaardproductcodelijst_jeugdwet.csv",
                    ),
                ],
            )
        return self._product_answer(code, variants)

    def _product_answer(self, code: str, variants: list[ProductEntry]) -> Answer:
        regional = next((p for p in variants if p.velden.lijst == "regio"), None)
        national = next((p for p in variants if p.velden.lijst == "landelijk"), None)
        parts: list[str] = []
        slots: dict[str, Any] = {"productcode": code}
        if regional is not None:
            parts.append(flow(regional.tekst))
            if regional.velden.segment:
                slots["segment"] = regional.velden.segment
            if regional.velden.subsegment:
                slots["subsegment"] = regional.velden.subsegment
        if national is not None:
            if regional is None:
                parts.append(
                    flow(national.tekst)
                    + " De productencatalogus van Een 10 voor de Jeugd gebruikt deze code niet."
                )
            elif not _same_product(regional.velden.naam, national.velden.naam):
                parts.append(
                    f"Let op: landelijk (Standaardproductcodelijst Jeugdwet) betekent {code} iets "
                    f"anders: {national.velden.naam}. In de regio is het {regional.velden.naam}."
                )
            else:
                parts.append(f"Landelijk: {national.velden.naam}.")
        text = "\n\n".join(parts)
        head, more = shorten(text, MAX_CHARS + 200)
        shown = [p for p in (regional, national) if p is not None]
        return Answer(
            kind=Kind.ANSWER,
            intent="kennis.product",
            text=head + (f"\n\n{MORE_HINT}" if more else ""),
            more=more,
            understood=f"Productcode {code}",
            slots=slots,
            sources=_sources(shown),
        )

    def _product_name(self, parsed: _Parsed) -> Answer | None:
        text = parsed.text
        if not _CODE_QUESTION.search(text):
            return None
        m = re.search(
            r"\b(?:product)?codes?\b.*?\b(?:heeft|hebben|hoort bij|horen bij|van|voor|bij|is)\s+"
            r"(?:het\s+|de\s+|een\s+)?(?:product\s+)?(.+?)\s*[?.!]*$",
            text,
        )
        name = m.group(1) if m else _CODE_QUESTION.sub(" ", text)
        name = re.sub(r"\b(?:welke|wat|is|de|het|een|in|regio|pdc|hebben|heeft|nationaal|"
                      r"landelijk|landelijke|10vdj)\b", " ", name)  # fmt: skip
        name = " ".join(name.split())
        if not name:
            return None
        matches = self.index.products_named(name, limit=6)
        regional = [(p, s) for p, s in matches if p.velden.lijst == "regio" and s >= 85]
        if not regional:
            national = [(p, s) for p, s in matches if s >= 90]
            if not national:
                return Answer(
                    kind=Kind.ANSWER,
                    intent="kennis.product",
                    text=f"Ik vind geen product '{name}' in de productencatalogus van Een 10 voor "
                    "de Jeugd of de landelijke lijst."
                    + (
                        " Bedoel je misschien: "
                        + ", ".join(
                            f"{p.velden.naam} ({p.velden.productcode})" for p, _ in matches[:3]
                        )
                        + "?"
                        if matches
                        else ""
                    ),
                    sources=[
                        Source(titel=DOCUMENT_TITLES["pdc_demo.yaml"], document="pdc_demo.yaml")
                    ],
                )
            code = national[0][0].velden.productcode
            return self._product_answer(code, self.base.products[code])
        best_score = regional[0][1]
        top = [p for p, s in regional if s >= best_score - 2]
        exact = [p for p in top if normalize(p.velden.naam) == name]
        if exact:
            top = exact[:1]
        if len(top) == 1:
            code = top[0].velden.productcode
            return self._product_answer(code, self.base.products[code])
        rows = [
            [
                p.velden.productcode,
                p.velden.naam,
                str(p.velden.segment or ""),
                p.velden.subsegment or "",
            ]
            for p in top
        ]
        return Answer(
            kind=Kind.ANSWER,
            intent="kennis.product",
            text="In de productencatalogus van Een 10 voor de Jeugd passen "
            f"{len(top)} producten bij "
            f"'{name}': " + "; ".join(f"{r[1]} ({r[0]})" for r in rows) + ".",
            table=Table(columns=["Productcode", "Product", "Segment", "Subsegment"], rows=rows),
            sources=_sources(top[:1]),
        )

    # ------------------------------------------------------------------ segments

    def _segment_entry(self, nummer: int, subsegment: str | None = None) -> SegmentEntry | None:
        for entry in self.base.of_soort("segment"):
            if (
                isinstance(entry, SegmentEntry)
                and entry.velden.nummer == nummer
                and entry.velden.subsegment == subsegment
            ):
                return entry
        return None

    def _wonen_ambiguity(self, parsed: _Parsed) -> Answer | None:
        content = [
            w for w in words(parsed.raw)
            if w not in {"valt", "vallen", "onder", "hoort", "horen", "producten", "product",
                         "bedoeld", "bedoelt", "bedoelen", "precies", "begrip", "term",
                         "allemaal", "alles", "eigenlijk"}
        ]  # fmt: skip
        if content != ["wonen"]:
            return None
        return Answer(
            kind=Kind.CLARIFY,
            intent="kennis.segment",
            text="'Wonen' wordt op twee manieren gebruikt: als naam van heel segment 2 (pleegzorg, "
            "gezinshuis, woongroep en begeleiding naar zelfstandig wonen) en als S2-wonen, het "
            "deel van segment 2 met alleen woongroep en begeleiding naar zelfstandig wonen. "
            "Welke bedoel je?",
            options=[
                Option(label="Heel segment 2 (wonen)", value="Wat is segment 2?"),
                Option(label="S2-wonen (woongroep en zelfstandig wonen)", value="Wat is S2-wonen?"),
            ],
            sources=_sources(
                [e for e in (self._segment_entry(2), self._segment_entry(2, "wonen")) if e]
            ),
        )

    def _about_something_else(self, parsed: _Parsed, entry: SegmentEntry) -> bool:
        """True when the segment is only the context ("de conclusies van het actieplan
        segment 2") and free search finds a convincing entry that is not a segment."""
        rest = [
            w for w in words(parsed.raw)
            if w not in _SEGMENT_QUESTION_WORDS and not re.fullmatch(r"s?\d", w)
        ]  # fmt: skip
        if not rest:
            return False
        hits = self.search(parsed.raw, 3)
        size = self._size(parsed.raw)
        if any(h.named and isinstance(h.entry, SegmentEntry) for h in hits):
            return False  # the question names a (sub)segment by its alias ("S2-wonen")
        return (
            bool(hits)
            and _convincing(hits[0], size)
            and not isinstance(hits[0].entry, SegmentEntry)
            and hits[0].entry.id != entry.id
        )

    def _segment(self, parsed: _Parsed) -> Answer | None:
        text = parsed.text
        sub = _SUBSEGMENT.search(text)
        entry: SegmentEntry | None = None
        if sub:
            name = next(g for g in sub.groups() if g)
            nummer = 1 if name == "verblijf" else 2
            entry = self._segment_entry(nummer, name)
        else:
            m = _SEGMENT_N.search(text)
            if not m:
                return None
            nummer = int(m.group(1) or m.group(2))
            entry = self._segment_entry(nummer)
        if entry is None:
            return None
        if self._about_something_else(parsed, entry):
            return None
        v = entry.velden
        slots: dict[str, Any] = {"segment": v.nummer, "entry_id": entry.id}
        if v.subsegment:
            slots["subsegment"] = v.subsegment
        products = [
            p
            for p in self.base.entries
            if isinstance(p, ProductEntry)
            and p.velden.lijst == "regio"
            and p.velden.segment == v.nummer
            and (v.subsegment is None or p.velden.subsegment == v.subsegment
                 or p.velden.productcode in v.productcodes)
        ]  # fmt: skip
        wants_products = bool(
            re.search(r"\bproduct|\bcodes?\b|\bvalt\b|\bvallen\b|\bonder\b", text)
        )
        table = None
        text_out = f"*{entry.titel}*\n{flow(entry.tekst)}"
        more = None
        if products and (wants_products or v.subsegment or v.nummer == 2):
            rows = [
                [p.velden.productcode, p.velden.naam, p.velden.subsegment or ""]
                for p in sorted(products, key=lambda p: p.velden.productcode)
            ]
            table = Table(columns=["Productcode", "Product", "Subsegment"], rows=rows[:MAX_ROWS])
            if len(rows) > MAX_ROWS:
                more = "\n".join(f"{r[0]} – {r[1]}" for r in rows[MAX_ROWS:])
            if wants_products and v.nummer != 2:
                text_out += (
                    f"\n\nIn de productencatalogus (PDC) vallen {len(rows)} producten onder "
                    f"{'dit onderdeel' if v.subsegment else f'segment {v.nummer}'}."
                )
        head, rest = shorten(text_out)
        if rest:
            more = rest + ("\n" + more if more else "")
        return Answer(
            kind=Kind.ANSWER,
            intent="kennis.segment",
            text=head + (f"\n\n{MORE_HINT}" if more else ""),
            more=more,
            understood=f"Segment {v.nummer}" + (f" · {v.subsegment}" if v.subsegment else ""),
            slots=slots,
            table=table,
            sources=_sources([entry, *products[:1]]),
        )

    # ------------------------------------------------------------------ lists of one soort

    def _list_is_context(self, parsed: _Parsed, soort: str) -> bool:
        """True when the plural ("doelen", "maatregelen") is only the context of a question
        that free search answers convincingly with one entry of another soort."""
        rest = [
            w for w in words(parsed.raw)
            if w not in _TOPIC_FILLER and w not in _LIST_FILLER and not w.isdigit()
            and not any(p.search(w) for p, _ in _LIST_WORDS)
        ]  # fmt: skip
        if len(rest) < 3 or _LIST_SUBJECT.search(parsed.text):
            return False  # "welke (leidende) principes hanteert ZHZ": the list is the subject
        hits = self.search(parsed.raw, 1)
        return bool(
            hits
            and hits[0].coverage >= 0.5
            and _convincing(hits[0], self._size(parsed.raw))
            and hits[0].entry.soort != soort
        )

    def _list_soort(self, text: str) -> str | None:
        for pattern, soort in _LIST_WORDS:
            if pattern.search(text):
                return soort
        return None

    def _soort_list(self, parsed: _Parsed) -> Answer | None:
        text = parsed.text
        soort = self._list_soort(text)
        if soort is None or not (_LIST_CUE.search(text) or len(words(parsed.raw)) <= 3):
            return None
        if self._list_is_context(parsed, soort):
            return None  # "welke aanbevelingen doet de quickscan over de doelen van de LEF"
        document = next((doc for pattern, doc in _DOC_WORDS if pattern.search(text)), None)
        entries = [e for e in self.base.entries if e.soort == soort]
        kader_label = ""
        if soort in {"opgave", "doel"}:
            ha = bool(_HA_WORDS.search(text))
            programme = bool(_PROGRAMME_WORDS.search(text))
            if ha and not programme:
                entries = [
                    e for e in entries if getattr(e.velden, "kader", None) == "hervormingsagenda"
                ]
                kader_label = "Hervormingsagenda Jeugd"
            elif programme and not ha:
                entries = [e for e in entries if _kader(e) == "programma-10vdj"]
                kader_label = "programmaplan Een 10 voor de Jeugd"
                document = None
            elif soort == "opgave" and document is None:
                return Answer(
                    kind=Kind.CLARIFY,
                    intent="kennis.lijst",
                    text="Bedoel je de 8 opgaven van de landelijke Hervormingsagenda Jeugd of de "
                    "opgaven van het programmaplan van Een 10 voor de Jeugd?",
                    options=[
                        Option(
                            label="Hervormingsagenda Jeugd",
                            value="Welke opgaven heeft de Hervormingsagenda Jeugd?",
                        ),
                        Option(
                            label="Programmaplan Een 10 voor de Jeugd",
                            value="Welke opgaven heeft het programmaplan Een 10 voor de Jeugd?",
                        ),
                    ],
                    sources=[Source(titel=DOCUMENT_TITLES[DOC_000], document=DOC_000)],
                )
        if document is not None and soort not in {"segment", "begrip"}:
            entries = [e for e in entries if e.bron.document == document]
        if soort == "segment":
            entries = [
                e for e in entries if isinstance(e, SegmentEntry) and not e.velden.subsegment
            ]
        if not entries:
            return None
        entries = sorted(entries, key=_order_key)
        rows = [[_label(e), _first_sentence(e.tekst, 110)] for e in entries]
        if soort == "begrip":
            rows = [[e.velden.afkorting, "; ".join(e.velden.betekenissen)] for e in entries
                    if isinstance(e, BegripEntry)]  # fmt: skip
        where = kader_label or (DOCUMENT_TITLES.get(document, "") if document else "de kennisbank")
        noun = {
            "prioriteit": "prioriteiten", "ambitie": "ambities", "principe": "principes",
            "project": "projecten", "maatregel": "maatregelen", "doel": "doelen",
            "opgave": "opgaven", "segment": "segmenten", "begrip": "afkortingen",
            "governance": "onderdelen van de governance",
        }[soort]  # fmt: skip
        shown, rest = rows[:MAX_ROWS], rows[MAX_ROWS:]
        lines = "\n".join(f"• {r[0]}" for r in shown)
        text_out = f"{len(rows)} {noun} in {where}:\n{lines}"
        more = "\n".join(f"• {r[0]} – {r[1]}" for r in rest) if rest else None
        if more:
            text_out += f"\n\n{MORE_HINT}"
        return Answer(
            kind=Kind.ANSWER,
            intent="kennis.lijst",
            text=text_out,
            more=more,
            understood=f"{noun} · {where}",
            table=Table(
                columns=["Afkorting", "Betekenis"] if soort == "begrip" else ["Onderdeel", "Kort"],
                rows=shown,
            ),
            slots={"entry_ids": [e.id for e in entries]},
            sources=_sources(entries),
        )

    # ------------------------------------------------------------------ who does what

    def _roles(self, parsed: _Parsed) -> Answer | None:
        """'Wie doet wat bij pleegzorg?', 'wie beslist er bij 10vdJ?': the governance entry that
        fits best (bodies, working groups, who reports to whom)."""
        if not _ROLE.search(parsed.text):
            return None
        hits = [h for h in self.search(parsed.raw, 15) if h.entry.soort == "governance"]
        return self._free(parsed, hits[0].entry) if hits else None

    # ------------------------------------------------------------------ free search

    def _free(self, parsed: _Parsed, first: AnyEntry | None = None) -> Answer:
        hits = self.search(parsed.raw, 5)
        size = self._size(parsed.raw)
        good = [h for h in hits if _convincing(h, size)]
        if first is not None:
            lead = next((h for h in hits if h.entry.id == first.id), Hit(first, 0.0, 0.0))
            good = [lead, *(h for h in good if h.entry.id != first.id)]
        if not good:
            nearest = hits[:3]
            text = (
                "Daarover staat niets in de kennisbank (de Hervormingsagenda, de segmenten, de "
                "productcodes en de plannen van Een 10 voor de Jeugd, Haaglanden en "
                "Zuid-Holland Zuid). Ik verzin geen antwoord."
            )
            if nearest:
                text += (
                    " Het dichtst in de buurt komen: "
                    + "; ".join(f"{h.entry.titel}" for h in nearest)
                    + "."
                )
            return Answer(
                kind=Kind.ANSWER,
                intent="kennis.onbekend",
                text=text,
                slots={"entry_ids": [h.entry.id for h in nearest]},
                sources=_sources(h.entry for h in nearest),
            )
        best = good[0]
        entry = best.entry
        body = f"*{entry.titel}*\n{flow(entry.tekst)}"
        if isinstance(entry, ActieEntry) and entry.velden.kader == "hervormingsagenda":
            body = self._action_text(entry)
        others = good[1:3]
        head, more = shorten(body)
        text = head + (f"\n\n{MORE_HINT}" if more else "")
        if others:
            text += "\n\nZie ook: " + "; ".join(h.entry.titel for h in others) + "."
        slots: dict[str, Any] = {"entry_ids": [h.entry.id for h in good[:3]]}
        if isinstance(entry, SegmentEntry):
            slots["segment"] = entry.velden.nummer
            if entry.velden.subsegment:
                slots["subsegment"] = entry.velden.subsegment
        if isinstance(entry, ProductEntry):
            slots["productcode"] = entry.velden.productcode
            if entry.velden.segment:
                slots["segment"] = entry.velden.segment
        return Answer(
            kind=Kind.ANSWER,
            intent="kennis.zoeken",
            text=text,
            more=more,
            understood="Zoeken in de kennisbank",
            slots=slots,
            table=Table(
                columns=["Onderwerp", "Bron"],
                rows=[
                    [h.entry.titel, f"{h.entry.document_titel}, {h.entry.bron.locatie}"]
                    for h in good[:3]
                ],
            )
            if others
            else None,
            sources=_sources(h.entry for h in good[:3]),
        )


NO_TERM = "geen termijn genoemd"
_ACTION_PREFIX = re.compile(r"^\s*actie\s*[\d.]+\s*[–:-]\s*", re.IGNORECASE)


def _names_other_plan(text: str) -> bool:
    """Whether the question names the Haaglanden or Zuid-Holland Zuid plan, which number
    their own actions."""
    return any(p.search(text) for p, doc in _DOC_WORDS if doc in (DOC_001, DOC_002))


def _planning_sentence(action: ActieEntry) -> str:
    """The planning as the answer shows it: the term, where it comes from when the planning
    column only points to the toelichting, or the sentence saying the source names none."""
    v = action.velden
    if v.planning and v.planning_uit_toelichting:
        return f"{v.planning} (de planningkolom verwijst naar de toelichting)"
    return v.planning or flow(v.planning_uitleg or NO_TERM)


def _modifiers(filters: Sequence[str]) -> str:
    """The filters after "acties" as one phrase: " in opgave 4 (...) met uitvoering bij de
    gemeenten zelf en een planning die 2024 noemt"; "" without filters."""
    out = ""
    for i, phrase in enumerate(filters):
        if i and phrase.startswith("met ") and filters[i - 1].startswith("met "):
            out += " en " + phrase.removeprefix("met ")
        else:
            out += " " + phrase
    return out


def _join_nl(items: Sequence[str]) -> str:
    """ "A", "A en B", "A, B en C"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def _convincing(hit: Hit, query_size: int) -> bool:
    """Enough of the question found in the entry to answer with it rather than say 'unknown'."""
    if hit.named:
        return True  # "het actieplan wonen" names the entry, whatever else the question says
    matched = hit.matched or round(hit.coverage * query_size)
    if query_size <= 2:
        return hit.coverage >= 0.99 or (query_size == 2 and hit.coverage >= 0.5 and hit.score > 4)
    # One rare word of three ("welke cao geldt er voor pleegouders") is not enough.
    return (hit.coverage >= 0.5 and matched >= 2) or (matched >= 3 and hit.coverage >= 0.3)


def _searchable(raw: str) -> str:
    """The question as free search should read it: without a chat preamble ("ik ben nieuw,")
    and with the region's name as the base writes it (10vdJ)."""
    return _REGION_NAME.sub("10vdJ", _PREAMBLE.sub("", raw))


def _mentions(entry: AnyEntry, term: str) -> bool:
    return term in entry.titel or term in entry.tekst


def _same_product(regional: str, national: str) -> bool:
    a, b = normalize(regional), normalize(national)
    return a.split(":")[0].strip() == b.split(":")[0].strip() or a in b or b in a


def _kader(entry: AnyEntry) -> str | None:
    velden = entry.velden
    if isinstance(velden, dict):
        return velden.get("kader")
    return getattr(velden, "kader", None)


def _order_key(entry: AnyEntry) -> tuple[int, str]:
    velden = entry.velden
    nummer = velden.get("nummer") if isinstance(velden, dict) else getattr(velden, "nummer", None)
    return (int(nummer) if isinstance(nummer, int) else 99, entry.id)


def _label(entry: AnyEntry) -> str:
    return entry.titel
