"""Definitions: "hoe is dat berekend?" returns how the last (or named) measure is computed."""

from __future__ import annotations

from pydantic import BaseModel

from bot.intents.base import Intent, Parsed, Run, register
from bot.intents.measures import METRICS
from bot.models import Answer, Kind


class DefinitionSlots(BaseModel):
    metric: str | None = None


@register
class Definition(Intent):
    name = "definitie"
    description = "Hoe een cijfer berekend is (de definitie van de maat)."
    examples = (
        "hoe is dat berekend?",
        "wat is de definitie van jeugdigen in zorg?",
        "hoe tel je trajecten?",
    )
    Slots = DefinitionSlots

    def match(self, p: Parsed) -> float:
        return 0.95 if "definition" in p.cues else 0.0

    def run(self, p: Parsed, r: Run) -> Answer:
        metric = METRICS.get(p.metric or "") if p.metric else None
        definition = metric.definition if metric else (r.state.definition if r.state else None)
        key = metric.key if metric else (r.state.slots.get("metric") if r.state else None)
        if not definition:
            definition = "\n".join(f"- {m.definition}" for m in METRICS.values())
            text = "Zo berekent de monitor zijn maten:\n" + definition
        else:
            text = definition
        return Answer(
            kind=Kind.ANSWER,
            text=text,
            intent=self.name,
            slots=DefinitionSlots(metric=key).model_dump(exclude_none=True),
            understood="definitie" + (f" · {METRICS[key].label}" if key in METRICS else ""),
            definition=definition,
            peildatum=r.wh.peildatum,
            demo=r.wh.demo,
        )
