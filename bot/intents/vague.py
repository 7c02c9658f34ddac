"""Questions for a figure that name nothing to take it of: asked back, never given a figure.

"Wat is het budget?", "hoeveel kost het?", "welk percentage?" ask for an amount, a cost or a
share, but of nothing the bot can pin down: without a subject any figure (the doorbraaklab's
budget, the region's declarations) is a figure for something the user did not ask, and a wrong
number is the worst answer. Such a question is asked back with a few questions the bot does
answer. A question names a subject when it names a place, a period, a form of care, a word the
lexicon does not list as subjectless (a document, a project, a measure such as zorgkosten), or
when the conversation gives it one (a follow-up such as "en het budget?" after a figure, which
bot.core fills in before this check). Rankings, series, comparisons and breakdowns are shaped
over the monitor's gemeenten or years, so they are not vague whatever their words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.intents.base import Parsed
from bot.intents.coverage import stop_words
from bot.intents.kengetal_index import ASKS_FIGURE, ASKS_MOMENT
from bot.language.lexicon import load_lexicon
from bot.models import Answer, Kind, Option

# Intents that give one figure: the others (ranglijst, trend, vergelijking, verdeling, filter)
# take their subject from their shape, over every gemeente or year of the monitor.
_ONE_FIGURE = frozenset({"cijfer", "kengetal", "help"})
_WORD = re.compile(r"[a-z0-9]+")
_YEAR = re.compile(r"(19|20)\d\d")
# "wat is het totaal?", "en de begroting?": a figure asked by its shape or kind alone.
_SHAPE_FIGURE = re.compile(
    r"\b(het|de) (totaal|totale|gemiddelde|som|begroting|bijdrage|uitgaven|prijs|saldo)\b"
)

# "hoeveel kost het per jaar?", "wanneer is het klaar?": a pronoun in the subject's place, which
# stands for nothing when the conversation gave nothing before it (a follow-up has its subject
# filled in before this check). Whatever the shape: "per jaar" makes it a series of nothing.
_PRONOUN_SUBJECT = re.compile(
    r"\b(?:kost|kostte|kosten|is|was|wordt|werd|moet|start|begint|duurt|loopt)\s+(?:het|dat|dit)\b"
)

# The kind of value asked, for the ask-back's offers (the keys of the lexicon's vague_offers).
_KINDS = (
    ("euro", re.compile(r"\beuro|\bkost|\bbedr[ao]|\bbudget|\bgeld\b|\bbegro|\bbetaal|\bbijdrage"
                        r"|\buitgave|\buitgegeven|\bprijs|\bmiljoen|\btekort|\boverschot|\bsaldo")),
    ("procent", re.compile(r"procent|percentage|\baandeel|\bdeel\b|%")),
    ("aantal", re.compile(r"\bhoeveel\b|\baantal")),
    ("datum", ASKS_MOMENT),
)  # fmt: skip


def asked_kind(folded: str) -> str:
    """An amount, a share, a count, or `cijfer` when the question names none of them."""
    return next((kind for kind, rx in _KINDS if rx.search(folded)), "cijfer")


def subject_words(folded: str) -> list[str]:
    """The words of a question that could name what a figure is of: every word except stop
    words, the lexicon's function words and its subjectless words (budget, kosten, aantal)."""
    empty = _subjectless()
    # a year says when, not of what (the period counts as named with a measure only)
    return [w for w in _WORD.findall(folded) if w not in empty and not _YEAR.fullmatch(w)]


@lru_cache(maxsize=1)
def _subjectless() -> frozenset[str]:
    lex = load_lexicon()
    return stop_words() | lex.function | lex.subjectless


def names_no_subject(p: Parsed, intent: str | None) -> bool:
    """Whether a question asks for one figure and names nothing it is a figure of.

    `p` is the question after the conversation filled it in: a follow-up has the place and
    period of the figure before it, and so a subject."""
    pronoun = bool(_PRONOUN_SUBJECT.search(p.folded))
    if intent is not None and intent not in _ONE_FIGURE and not pronoun:
        return False
    if not (
        p.metric is not None
        or ASKS_FIGURE.search(p.folded)
        or _SHAPE_FIGURE.search(p.folded)
        or ASKS_MOMENT.search(p.folded)
    ):
        return False
    named = (
        p.gemeenten
        or p.areas
        or p.subregios
        or p.regio
        or p.outside
        # a period names what a measure is of ("kosten 2023"), not a figure of nothing named
        # ("wat is het totaal voor 2024?")
        or (p.spans and p.metric is not None)
        or p.invalid_periods
        or p.filters.active()
        or p.clarify
        or p.age_band
        or p.rate
    )
    return not named and not subject_words(p.folded)


def only_subjectless_unknown(p: Parsed) -> bool:
    """Whether the words the monitor does not explain are all subjectless ("en het budget?"):
    a kind of figure the monitor does not hold, asked of the figure before it."""
    return bool(p.unexplained) and all(w in load_lexicon().subjectless for w, _ in p.unexplained)


def vague_answer(p: Parsed, regio: str, jaar: int) -> Answer:
    """Ask what the figure is of, with questions the bot answers for the kind of value asked
    (an amount, a share, a count), as examples in the text and as options."""
    ask = load_lexicon().vague_offers[asked_kind(p.folded)]
    labels = [o.label.format(regio=regio, jaar=jaar) for o in ask.offers]
    examples = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " of " + labels[-1]
    return Answer(
        kind=Kind.CLARIFY,
        text=f"{ask.question} Bijvoorbeeld: {examples}.",
        intent="welk_onderwerp",
        slots={},
        options=[
            Option(label=label, value=o.question.format(regio=regio, jaar=jaar))
            for label, o in zip(labels, ask.offers, strict=True)
        ],
    )
