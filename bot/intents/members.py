"""How many gemeenten the region or a sub-region has: a fact of the marts, not a measure.

"Hoeveel gemeenten heeft de regio?" names its subject (the region) and asks for a count no
measure of the monitor gives; without this it was asked "which figure?" back. The answer is
the gemeenten the monitor holds for the area, named, so the user sees what was counted.
"""

from __future__ import annotations

import re

from bot.intents.base import Parsed
from bot.intents.compose import footer, join_nl, naam, understood_sentence
from bot.language.lexicon import load_lexicon
from bot.marts.warehouse import Warehouse
from bot.models import Answer, Kind, Source

_COUNTS_MEMBERS = re.compile(r"\b(hoeveel|aantal) (gemeenten|gemeentes)\b")


def member_codes(p: Parsed, wh: Warehouse) -> tuple[str, list[str]] | None:
    """The area whose number of gemeenten is asked ("hoeveel gemeenten heeft de Peel?") and
    its gemeenten, or None when the question is not that: a period (membership then may differ
    from today's), a form of care, a word nothing explains (but a verb of belonging) or a
    gemeente named on its own make it another question."""
    if p.metric is not None or not _COUNTS_MEMBERS.search(p.folded):
        return None
    belonging = load_lexicon().membership
    if any(w not in belonging for w, _ in p.unexplained):
        return None
    if p.spans or p.invalid_periods or p.filters.active() or p.outside:
        return None
    if len(p.subregios) == 1 and len(p.areas) <= 1:
        return p.subregios[0][0], list(p.subregios[0][1])
    if p.regio and not (p.gemeenten or p.areas):
        return f"regio {wh.regio_naam}", list(wh.monitor_codes)
    return None


def member_answer(wh: Warehouse, gebied: str, codes: list[str]) -> Answer:
    """The number of gemeenten of the area, with their names and the usual understood line."""
    names = join_nl([naam(wh, c) for c in codes])
    bron = "demodata" if wh.demo else wh.bron
    return Answer(
        kind=Kind.ANSWER,
        text=(
            f"In de monitor horen *{len(codes)}* gemeenten bij {gebied}: {names}.\n"
            f"{understood_sentence(gebied, 'op de peildatum', 'aantal gemeenten')} "
            f"{footer(wh)}"
        ),
        intent="gemeenten_aantal",
        slots={"gemeenten": codes, "regio": set(codes) == set(wh.monitor_codes)},
        sources=[
            Source(
                titel=f"Monitor {wh.regio_naam} ({bron})",
                document="dim_gemeente",
                locatie="gemeenten in de monitor",
            )
        ],
        peildatum=wh.peildatum,
    )
