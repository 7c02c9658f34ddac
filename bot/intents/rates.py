"""The rate modifier's questions back: a rate the monitor cannot make is asked, never dropped.

"per 1.000 jeugdigen" turns a count into its rate (bot.intents.parse, knowledge/lexicon.yaml
`rates`). Two things have no rate, and answering anyway would give a figure for another measure
than asked: a measure that is no count (trajectduur, kosten per cliënt, a percentage, the
population itself), and a period over more than one calendar year, which has no one population
to divide by. Both are asked back with options that each give a figure.
"""

from __future__ import annotations

import re

from bot.intents.base import Parsed
from bot.intents.compose import join_nl
from bot.intents.measures import (
    DENOMINATOR_LABEL,
    METRICS,
    PER_HEAD,
    PER_WORDS,
    RATE_COUNTS,
    Span,
    rate_key,
)
from bot.language.lexicon import load_lexicon
from bot.models import Answer, Kind, Option

_PER = PER_WORDS
_WHY = load_lexicon().rates.no_rate  # per measure: why it has no rate
# "zorgkosten per jeugdige": the annual accounts count no clients, so per jeugdige can only be
# per jeugdige inwoner, or the declaraties per jeugdige in zorg: asked, never guessed.
_PER_YOUTH = re.compile(r"\bper (jeugdige|jongere|kind|client|minderjarige)\b(?! inwoner)")


def rate_problem(p: Parsed, text: str, spans: list[Span]) -> Answer | None:
    """The question back when the rate asked cannot be made; None when it can (or none is)."""
    if p.rate is None and p.metric == "zorgkosten" and _PER_YOUTH.search(p.folded):
        return _which_youths(p, text)
    if p.rate is None or p.metric not in METRICS:
        return None
    metric = METRICS[p.metric]
    if metric.kind != "rate" and p.rate in PER_HEAD and rate_key(p.metric, "jeugdigen_0_17"):
        return _per_head(p, text)
    if metric.kind != "rate":
        return _not_a_count(p, text)
    crossing = next((s for s in spans if s.start.year != s.end.year), None)
    if crossing is not None:
        return _over_years(p, text, crossing)
    return None


def _without(text: str, words: str | None) -> str:
    """The question without the rate's words (folded words, matched loosely in the text)."""
    if not words:
        return text
    parts = [re.escape(w) for w in words.split()]
    rx = re.compile(r"[\W_]*".join(parts), re.IGNORECASE)
    plain = rx.sub(" ", text.replace("1.000", "1000"), count=1)
    return " ".join(plain.split())


def _not_a_count(p: Parsed, text: str) -> Answer:
    metric = METRICS[p.metric or ""]
    counts = join_nl([METRICS[k].label for k in RATE_COUNTS])
    plain = _without(text, p.rate_words)
    options = [Option(label=f"{metric.label} (zonder omrekening)", value=plain)]
    why = _WHY.get(metric.key)
    return Answer(
        kind=Kind.CLARIFY,
        intent="verduidelijking",
        text=(
            f"Een verhouding {_PER[p.rate or 'jeugdigen_0_17']} maak ik alleen van de "
            f"aantallen en bedragen van de monitor ({counts}), niet van {metric.label}"
            + (f": {why}" if why else "")
            + ". Wat bedoel je?"
        ),
        slots={"mention": p.rate_words or "", "soort": "per_1000"},
        options=options,
    )


def _per_head(p: Parsed, text: str) -> Answer:
    """A count per inwoner ("trajecten per inwoner"): a fraction such as 0,03, which reads as
    nothing; per head is for amounts. Offered: the count per 1.000, or the count itself."""
    metric = METRICS[p.metric or ""]
    per = "inwoners" if PER_HEAD[p.rate or ""] == "inwoners" else "jeugdigen"
    plain = _without(text, p.rate_words)
    per_1000 = f"{plain.rstrip('?. ')} per 1.000 {per}"
    return Answer(
        kind=Kind.CLARIFY,
        intent="verduidelijking",
        text=(
            f"Per inwoner reken ik alleen bedragen om (zoals de zorgkosten per inwoner); "
            f"{metric.label} geef ik per 1.000 {per}, anders wordt het een getal als 0,03. "
            "Wat bedoel je?"
        ),
        slots={"mention": p.rate_words or "", "soort": "per_inwoner"},
        options=[
            Option(label=f"{metric.label} per 1.000 {per}", value=per_1000),
            Option(label=f"{metric.label} (zonder omrekening)", value=plain),
        ],
    )


def _which_youths(p: Parsed, text: str) -> Answer:
    """ "zorgkosten per jeugdige": per jeugdige inwoner of 0-17, or per jeugdige in zorg?"""
    m = _PER_YOUTH.search(p.folded)
    words = m.group(0) if m else None
    plain = _without(text, words)
    return Answer(
        kind=Kind.CLARIFY,
        intent="verduidelijking",
        text=(
            "De zorgkosten Jeugdwet komen uit de jaarrekeningen en tellen geen cliënten. Bedoel "
            "je de zorgkosten per jeugdige inwoner van 0-17 jaar, of de gedeclareerde kosten "
            "per jeugdige in zorg (kosten per cliënt)?"
        ),
        slots={"mention": words or "", "soort": "per_jeugdige"},
        options=[
            Option(
                label="zorgkosten per jeugdige inwoner (0-17 jaar)",
                value=f"{plain.rstrip('?. ')} per jeugdige inwoner",
            ),
            Option(
                label="gemiddelde kosten per cliënt (declaraties)",
                value=plain.replace("zorgkosten", "kosten per cliënt", 1),
            ),
        ],
    )


def _over_years(p: Parsed, text: str, span: Span) -> Answer:
    label = METRICS[p.metric or ""].label
    per_year = f"{text.rstrip('?. ')} per jaar"
    plain = _without(text, p.rate_words)
    return Answer(
        kind=Kind.CLARIFY,
        intent="verduidelijking",
        text=(
            f"{span.label[0].upper()}{span.label[1:]} loopt over meer dan één kalenderjaar, en "
            f"het aantal {DENOMINATOR_LABEL[p.rate or 'jeugdigen_0_17']} is er per jaar: voor "
            f"{label} deel ik elk jaar door de bevolking van dat jaar. Wil je de verhouding per "
            "jaar, of het aantal over de hele periode zonder omrekening?"
        ),
        slots={"mention": span.label, "soort": "per_1000_jaren"},
        options=[
            Option(label=f"{label} per jaar", value=per_year),
            Option(label="het aantal over de hele periode", value=plain),
        ],
    )
