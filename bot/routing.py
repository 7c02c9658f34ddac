"""Which source answers a question: the monitor's figures, a figure the documents publish, or
a passage of the knowledge base. One decision from named evidence, so that a reader (and a
test) can see why a question went where it went.

The knowledge base answers when its match score reaches the *bar* that the question's evidence
sets. Without evidence the bar is out of reach and the monitor answers. Each row of `BARS` is
one piece of evidence that makes a passage the likelier answer ("no place and no period", "only
years after the data") and the height of the bar it sets; the lowest bar that applies counts.
A veto keeps a question with the numbers whatever a passage scores ("wat kostte dat?" after a
figure; "welke gemeente is het duurst?"). A published figure only the documents hold comes
first of all (issue 13), unless the knowledge base has a passage of its own on it, which then
answers with the figure quoted after it.

Changing where a kind of question goes means changing a row here, not adding a condition to
bot.core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Source = Literal["monitor", "document", "knowledge"]

# A passage matching at least this well is the knowledge base's own answer on a published
# figure: it answers and the figure is quoted after it.
OWN_PASSAGE = 0.7
NEVER = 2.0  # a bar no match score (0..1) reaches
_ABOVE = 1e-9  # "more than": a bar just above a score


@dataclass(frozen=True)
class Evidence:
    """What the question says, as far as the choice of source is concerned."""

    k: float  # how well the knowledge base matches (0..1; 0 without a knowledge base)
    n: float  # how well the best numeric intent matches (0..1)
    intent: str | None  # that intent's name
    document_figure: bool = False  # a figure only the documents state matches
    follow_up: bool = False  # the last figure in another measure ("wat kostte dat?")
    definition_follow_up: bool = False  # "hoe is dat berekend?" right after a figure
    decisive: bool = False  # a short help request or refusal, answered by its own intent
    gemeente: bool = False  # names a gemeente of the monitor
    area: bool = False  # names a gemeente or the region
    period: bool = False  # names a period
    outside_only: bool = False  # names only places outside the monitor
    measure: bool = False  # names a measure of the monitor
    number_words: bool = False  # uses words of a request for numbers (hoeveel, kosten, …)
    document_words: bool = False  # asks what a document or law says
    other_kind: bool = False  # "welke maatregelen …": asks for things, not a figure
    municipal_shape: bool = False  # ranks or filters the gemeenten ("welke gemeente …")
    future_only: bool = False  # every period lies after the data
    unexplained: bool = False  # a numeric question with a word the monitor does not explain
    ranks_dimension: bool = False  # ranks products, segments, aanbieders or verwijzers on a measure
    unknown_measure: bool = False  # "hoeveel klachten": counts a thing no measure names


@dataclass(frozen=True)
class Bar:
    """One piece of evidence for the knowledge base: when it applies, a match score of at
    least `level` sends the question there, unless one of `vetoed_by` holds."""

    name: str
    applies: Callable[[Evidence], bool]
    level: Callable[[Evidence], float]
    vetoed_by: tuple[str, ...]


# Evidence that keeps a question with the numbers, by name.
VETOES: dict[str, Callable[[Evidence], bool]] = {
    # "hoe is dat berekend?" after a figure: that figure's definition, unless a passage fits
    # the question almost word for word.
    "definitie van het vorige cijfer": lambda e: e.definition_follow_up and e.k < 0.95,
    # "wat kostte dat?": the same figure in another measure; passages on costs match the words.
    "vervolgvraag op een cijfer": lambda e: e.follow_up,
    # "help", "stop": the intent made for it answers.
    "korte hulpvraag of weigering": lambda e: e.decisive,
    # "Welke gemeente is het duurst?": ranking the monitor's gemeenten is for the numbers.
    "rangschikt gemeenten": lambda e: (
        e.municipal_shape and e.intent in ("ranglijst", "filter", "drempel")
    ),
    # "Welke aanbieder heeft de langste trajectduur?": a measure of the monitor, ranked over a
    # dimension it holds; a passage on trajectduur per aanbieder names no aanbieder's figure.
    "rangschikt een dimensie": lambda e: e.ranks_dimension and e.measure,
    # "hoeveel scholen werken samen met de jeugdhulp?": a passage that shares the other words
    # does not give the count asked; only a close passage or a published figure answers it, else
    # the bot names the word it cannot count.
    "telt iets wat de monitor niet telt": lambda e: e.unknown_measure,
    # "aantal inwoners de Peel 2022": a measure, an area and a period the marts hold make a
    # numbers question, however well a passage on the same words scores (a factsheet passage
    # on inwoners scored 0.90); a figure the documents state exactly came first above, and a
    # question about what a document says is not vetoed.
    "maat, gebied en periode": lambda e: (
        e.measure and e.area and e.period and not e.document_words and not e.future_only
    ),
}
_DEFINITION = "definitie van het vorige cijfer"
_ALL = (_DEFINITION, "vervolgvraag op een cijfer", "korte hulpvraag of weigering",
        "rangschikt gemeenten", "rangschikt een dimensie")  # fmt: skip
_CELL = "maat, gebied en periode"
_UNCOUNTED = "telt iets wat de monitor niet telt"

BARS: tuple[Bar, ...] = (
    Bar(
        "passage past sterk",
        lambda e: True,
        lambda e: 0.85 if e.n < 0.7 else 0.95,
        (*_ALL, _CELL),
    ),
    Bar("geen cijfervraag", lambda e: e.n == 0.0, lambda e: 0.3, (*_ALL, _UNCOUNTED)),
    Bar(
        "geen plaats of periode",
        lambda e: not (e.area or e.period),
        lambda e: max(0.5, e.n + _ABOVE),
        (*_ALL, _UNCOUNTED),
    ),
    # "Waarom is Voorschoten uit Haaglanden gestapt?": the numbers could only say "no data".
    Bar(
        "alleen plaatsen buiten de monitor",
        lambda e: e.outside_only and not e.area,
        lambda e: 0.5,
        _ALL,
    ),
    # "Wat is Een 10 voor de Jeugd?": no number words, no gemeente and no period.
    Bar(
        "geen cijferwoorden",
        lambda e: not e.number_words and not (e.gemeente or e.period),
        lambda e: max(0.6, e.n - 0.25 + _ABOVE),
        (*_ALL, _UNCOUNTED),
    ),
    # "Wat zegt de Jeugdwet over de eigen bijdrage?": about a document's content.
    Bar(
        "vraagt wat een document zegt",
        lambda e: e.document_words and not e.number_words and not (e.gemeente or e.period),
        lambda e: 0.3,
        _ALL,
    ),
    # "Wat is het hoogste orgaan van 10vdJ?": a ranking without a measure.
    Bar(
        "ranglijst zonder maat",
        lambda e: e.intent == "ranglijst" and not e.measure and not e.gemeente,
        lambda e: 0.6,
        _ALL,
    ),
    # "in 2028": the plans' ambitions, not the monitor.
    Bar("alleen jaren na de data", lambda e: e.future_only, lambda e: 0.5, _ALL),
    # "Welke kostenbeheersmaatregelen neemt de regio?": measures, actions or agreements.
    Bar(
        "vraagt naar iets anders dan een cijfer",
        lambda e: e.other_kind,
        lambda e: 0.5,
        (_DEFINITION, "vervolgvraag op een cijfer", "rangschikt gemeenten"),
    ),
    # A word the monitor does not know: the documents may; otherwise the bot names the word.
    Bar(
        "woord dat de monitor niet kent",
        lambda e: e.unexplained,
        lambda e: 0.5,
        (_DEFINITION, _UNCOUNTED),
    ),
)


@dataclass(frozen=True)
class Route:
    """The decision: the source, the bar the knowledge base had to reach and why."""

    source: Source
    k: float
    bar: float
    reason: str
    vetoes: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        """One line for the log: `knowledge k=0.82 bar=0.50 (geen plaats of periode)`."""
        veto = f" veto={','.join(self.vetoes)}" if self.vetoes else ""
        return f"{self.source} k={self.k:.2f} bar={self.bar:.2f} ({self.reason}){veto}"


def decide(e: Evidence) -> Route:
    """Where the question goes; see the module docstring for the rule."""
    if e.document_figure and e.k < OWN_PASSAGE:
        return Route("document", e.k, NEVER, "cijfer uit de documenten")
    vetoes = tuple(name for name, holds in VETOES.items() if holds(e))
    if e.document_figure and "rangschikt gemeenten" not in vetoes:
        return Route("knowledge", e.k, OWN_PASSAGE, "passage over een cijfer uit de documenten")
    bar, reason = NEVER, "geen aanwijzing voor de documenten"
    for row in BARS:
        if row.applies(e) and not set(row.vetoed_by) & set(vetoes):
            level = row.level(e)
            if level < bar:
                bar, reason = level, row.name
    source: Source = "knowledge" if e.k >= bar else "monitor"
    return Route(source, e.k, bar, reason, vetoes)
