"""Whole questions for an ask-back: the asked question's place, period and form of care, put
into a question about one measure the monitor has (knowledge/lexicon.yaml, `offers`).

Swapping one word for a measure ("hoeveel kosten had Helmond in 2023", "wat was de jeugdigen in
Asten") reads oddly and may keep words that change what the option asks; building the option
from what was understood keeps exactly the area and the period, and drops the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.language.lexicon import Offer

# A period keeps the preposition it was asked with ("tussen 2022 en 2023", "sinds 2021"); a bare
# year or month gets "in".
_PERIOD_PREPOSITIONS = frozenset({"in", "over", "tussen", "sinds", "vanaf", "van", "tot",
                                  "tijdens", "op", "per"})  # fmt: skip
_BARE_PERIOD = re.compile(
    r"^(\d|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december|het |de |q\d|kwartaal|\w+ kwartaal)",
    re.I,
)


@dataclass(frozen=True)
class Piece:
    """What an offered question keeps of the asked one: a place, the region, a form of care or
    the period, as the user wrote it."""

    start: int
    role: str  # "place", "regio", "filter", "verwijzer" or "period"
    said: str


def _said(text: str, a: int, b: int) -> str:
    return " ".join(text[a:b].split())


def pieces(
    text: str,
    ex: Any,
    period_spans: list[tuple[int, int]],
    verwijzer: str | None = None,
    verblijf: bool = False,
) -> list[Piece]:
    """The places, forms of care, verwijzer and periods of `text` (the normalised question the
    entity spans and period spans refer to), in order of mention; the verwijzer and verblijf,
    read from words rather than names, in the lexicon's own words after the forms of care."""
    out: list[Piece] = []
    if verblijf:
        out.append(Piece(len(text), "filter", "verblijf"))
    if verwijzer:
        # "via de huisarts"; the gemeente as verwijzer needs the verb, or it reads as a place
        via = "verwezen via de" if verwijzer == "gemeente" else "via de"
        out.append(Piece(len(text) + 1, "verwijzer", f"{via} {verwijzer}"))
    if ex is not None:
        for g in ex.gemeenten:
            if g.in_monitor:
                out.append(Piece(g.span[0], "place", _said(text, *g.span)))
        for r in getattr(ex, "subregios", []) or []:
            out.append(Piece(r.span[0], "place", _said(text, *r.span)))
        if ex.regio_span:
            out.append(Piece(ex.regio_span[0], "regio", _said(text, *ex.regio_span)))
        for x in [*ex.segments, *ex.products]:
            out.append(Piece(x.span[0], "filter", _said(text, *x.span)))
    if period_spans:
        out.append(_period(text, min(a for a, _ in period_spans), max(b for _, b in period_spans)))
    return sorted(set(out), key=lambda x: x.start)


def _period(text: str, start: int, end: int) -> Piece:
    """The periods as asked: from the first to the last, with the preposition before them."""
    words = text[:start].split()
    if words and words[-1].lower() in _PERIOD_PREPOSITIONS:
        start = text.rfind(words[-1], 0, start)
    said = _said(text, start, end)
    return Piece(start, "period", f"in {said}" if _BARE_PERIOD.match(said) else said)


def ask(offer: Offer, pcs: list[Piece]) -> str:
    """The offered question for `offer`, keeping the question's place, period and care form."""
    places = [p.said for p in pcs if p.role == "place"]
    waar = " in " + " en ".join(dict.fromkeys(places)) if places else ""
    if not places and any(p.role == "regio" for p in pcs):
        waar = " in de regio"
    filters = [p.said for p in pcs if p.role == "filter"]
    filter_ = " voor " + " en ".join(dict.fromkeys(filters)) if filters else ""
    filter_ += "".join(f" {p.said}" for p in pcs if p.role == "verwijzer")
    wanneer = " ".join(p.said for p in pcs if p.role == "period")
    return " ".join(offer.ask(filter_, waar, " " + wanneer if wanneer else "").split())
