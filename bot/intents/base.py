"""The intent registry and what every intent shares: the parsed question and the run context.

An intent is a registered class that owns its slots (a pydantic model), example phrasings, the
SQL files it runs, `match()` and its Dutch answer template. Registering two intents under one
name fails at import, so a copy-paste slip cannot shadow an intent silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel

from bot.config import Settings
from bot.conversation import State
from bot.disclosure import Disclosure
from bot.intents.measures import Filters, Span
from bot.marts.warehouse import Warehouse
from bot.models import Answer


@dataclass
class Clarification:
    """Something in the question to confirm before any query: a homonym, an unknown name, a
    village that is part of a gemeente. `options` are (label, replacement for the mention)."""

    kind: str  # "ambiguous", "unknown", "partial" or "either" ("Nuenen of Son")
    mention: str
    span: tuple[int, int] | None
    question: str
    options: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Parsed:
    """A question as the intents see it: normalised text plus everything recognised in it."""

    text: str
    folded: str
    gemeenten: list[str] = field(default_factory=list)  # CBS codes, in order of mention
    # Named sub-regions (name, member codes); when any is named, `areas` holds every place of
    # the question in order of mention, a gemeente as (code, [code]).
    subregios: list[tuple[str, list[str]]] = field(default_factory=list)
    areas: list[tuple[str, list[str]]] = field(default_factory=list)
    regio: bool = False
    filters: Filters = field(default_factory=Filters)
    spans: list[Span] = field(default_factory=list)
    per: str | None = None  # "jaar", "kwartaal", "maand": a series grain asked for
    compare_previous: bool = False
    metric: str | None = None
    dimension: str | None = None  # breakdown: segment, product, aanbieder, verwijzer, gemeente
    cues: set[str] = field(default_factory=set)
    top: int | None = None
    direction: str | None = None  # "high" / "low" for rankings, "up" / "down" for filters
    clarify: list[Clarification] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # named gemeenten outside the monitor
    # Where each place outside the monitor stands in the normalised question.
    outside_spans: list[tuple[int, int]] = field(default_factory=list)
    invalid_periods: list[str] = field(default_factory=list)
    followup: bool = False
    # Where each period stands in the normalised question, in the order of `spans` as parsed.
    period_offsets: dict[str, tuple[int, int]] = field(default_factory=dict)
    # "hoeveel kosten sinds 2021": a total from the point named up to the peildatum, not a series.
    since_total: bool = False
    # Words nothing in the vocabulary explains, with their offsets (bot.intents.coverage).
    unexplained: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    # What "hoeveel"/"aantal" counts when no measure names it ("hoeveel klachten"): no count.
    unknown_measure: str | None = None
    # An age band the monitor cannot count ("van 4 tot 12 jaar"), with its offsets in `folded`.
    age_band: tuple[str, tuple[int, int]] | None = None
    # The rate modifier ("per 1.000 jeugdigen", bot.intents.rates): its denominator, the words
    # that named it (folded) and the measure named beside it (None: a bare "per 1.000").
    rate: str | None = None
    rate_words: str | None = None
    rate_base: str | None = None
    # A share asked of a monitor measure (bot.intents.share): the words that asked it
    # (folded), and its base when the question names one: "population" (the inhabitants of
    # 0-17, "van de kinderen"), "inhabitants" (all ages, "van de inwoners") or "clients" ("van
    # de jeugdigen in zorg"); `metric` is then the
    # measure the share is taken of, read without those words.
    share: str | None = None
    share_base: str | None = None
    # The words of the share's base after "van" ("van de pleegzorgcliënten"), folded, and the
    # filters they name: those belong to the whole the share is taken of (the GI among the
    # pleegzorg clients), the other filters to its part.
    share_base_text: str = ""
    share_whole: Any = None
    # The published figure the router chose (bot.core): the kengetal intent quotes it rather
    # than choosing again by rules of its own.
    document_hit: Any = None
    # "Veldhoven en Helmond samen": several places asked as one selection (their union).
    together: bool = False
    # The places, forms of care and periods of the question, which an ask-back's offered
    # questions keep (bot.intents.rephrase).
    pieces: list[Any] = field(default_factory=list)


@dataclass
class Run:
    """What an intent needs to answer: the warehouse, the rule, the clock and the conversation."""

    wh: Warehouse
    settings: Settings
    disclosure: Disclosure
    today: date
    state: State | None = None


class Intent:
    """Base of every registered intent."""

    name: ClassVar[str]
    description: ClassVar[str]
    examples: ClassVar[tuple[str, ...]] = ()
    queries: ClassVar[tuple[str, ...]] = ()
    Slots: ClassVar[type[BaseModel]]

    def match(self, p: Parsed) -> float:
        """How well this intent fits the question, 0..1."""
        raise NotImplementedError

    def run(self, p: Parsed, r: Run) -> Answer:
        """Answer the question (shaping the result in Python; the SQL stays generic)."""
        raise NotImplementedError


REGISTRY: dict[str, Intent] = {}


def register(cls: type[Intent]) -> type[Intent]:
    """Class decorator: add one instance of the intent to the registry, by its unique name."""
    if cls.name in REGISTRY:
        raise ValueError(f"intent {cls.name!r} is al geregistreerd")
    REGISTRY[cls.name] = cls()
    return cls


def slot_dump(model: BaseModel) -> dict[str, Any]:
    """Slots as plain JSON-able values for Answer.slots and the conversation state."""
    return model.model_dump(mode="json", exclude_none=True)
