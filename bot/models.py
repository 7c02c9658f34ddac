"""Channel-neutral question and answer models: every channel renders the same Answer."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any
from uuid import uuid4

from pydantic import BaseModel, ConfigDict, Field


class Kind(StrEnum):
    """What sort of reply this is; channels style them differently."""

    ANSWER = "answer"
    CLARIFY = "clarify"
    REFUSE = "refuse"
    HELP = "help"
    ERROR = "error"


class Source(BaseModel):
    """Where a number or a statement comes from, shown under every answer."""

    model_config = ConfigDict(frozen=True)

    titel: str  # human-readable, e.g. "Monitor 10vdJ (demodata), fact_traject"
    document: str | None = None  # file name of a seed document, or a mart table
    locatie: str | None = None  # section, bijlage, table


class Table(BaseModel):
    """A small table for comparisons, rankings and breakdowns.

    Cells are display strings that already passed the disclosure rule and Dutch formatting,
    so no channel can show a suppressed raw value.
    """

    columns: list[str]
    rows: list[list[str]]


class SeriesPoint(BaseModel):
    label: str  # x-axis label, e.g. "2023", "Q1 2024", "Helmond"
    value: float | None  # None where suppressed or missing
    partial: bool = False  # the period runs past the peildatum (e.g. 2025 up to 30 June)


class Series(BaseModel):
    """Numbers for a chart (trends, rankings); values already passed the disclosure rule."""

    title: str
    unit: str  # "aantal", "EUR", "%", "per 1.000", "dagen"
    kind: str = "line"  # "line" for trends, "bar" for rankings/breakdowns
    points: list[SeriesPoint]
    rest: int = 0  # rows of the table not drawn (a long ranking shows its top only)


class Option(BaseModel):
    """A clarification choice: `value` is the full question to ask when it is chosen."""

    label: str
    value: str


class Context(BaseModel):
    """Who asks, where: follow-ups reuse the state of the same conversation only."""

    conversation_id: str | None = None  # platform/team/channel/thread/user key; None = no memory
    channel: str = "api"  # "web", "slack", "teams", "cli", "api"
    user: str | None = None  # opaque user key, for throttling and audit (never a name)
    scope: frozenset[str] | None = None  # gemeente_codes this conversation may see; None = all


class Answer(BaseModel):
    """The one reply type every channel renders."""

    id: str = Field(default_factory=lambda: uuid4().hex)  # for feedback and the audit log
    kind: Kind
    text: str  # Dutch, complete on its own (plain text with at most *bold* markers)
    intent: str | None = None
    slots: dict[str, Any] = Field(default_factory=dict)
    understood: str | None = None  # "Helmond · 2023 · jeugdigen in zorg"
    table: Table | None = None
    series: Series | None = None
    sources: list[Source] = Field(default_factory=list)
    query: str | None = None  # name of the SQL file in queries/
    params: dict[str, Any] = Field(default_factory=dict)  # bound parameters of that query
    options: list[Option] = Field(default_factory=list)
    definition: str | None = None  # how the metric is computed ("hoe is dat berekend?")
    peildatum: date | None = None
    demo: bool = False  # the marts are demo data
    more: str | None = None  # the rest of a shortened answer ("toon meer")
    # Why this source answered (bot.routing.Route.describe()): for the log and the tests; the
    # web API leaves it out (bot.channels.web.WebAnswer), because users never see it.
    route: str | None = None
