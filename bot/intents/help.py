"""Help: what the bot can answer, with examples, for greetings and empty or unclear questions."""

from __future__ import annotations

from pydantic import BaseModel

from bot.intents.base import Intent, Parsed, Run, register
from bot.models import Answer, Kind, Option

HELP_TEXT = (
    "Ik beantwoord vragen over jeugdhulp in de regio {regio} uit de monitor "
    "(cijfers tot en met de peildatum) en over het beleid uit de kennisbank. Bijvoorbeeld:\n"
    "- Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?\n"
    "- Wat waren de zorgkosten van de regio in 2023?\n"
    "- Vergelijk Deurne met Asten\n"
    "- Welke gemeente had de hoogste kosten per cliënt?\n"
    "- Hoe ontwikkelde het aantal jeugdigen in verblijf?\n"
    "- Verdeling naar segment in Veldhoven vorig jaar\n"
    "- Wat is segment 2? Welke code heeft pleegzorg?\n"
    "Na een antwoord kun je doorvragen: 'en in 2022?', 'en voor Deurne?', 'hoe is dat berekend?'."
)
EXAMPLES = (
    "Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?",
    "Wat waren de zorgkosten van de regio in 2023?",
    "Vergelijk Deurne met Asten",
)


class HelpSlots(BaseModel):
    pass


def help_answer(regio: str = "Een 10 voor de Jeugd", prefix: str = "") -> Answer:
    return Answer(
        kind=Kind.HELP,
        text=prefix + HELP_TEXT.format(regio=regio),
        intent="help",
        options=[Option(label=q, value=q) for q in EXAMPLES],
    )


@register
class Help(Intent):
    name = "help"
    description = "Uitleg over wat de bot kan, met voorbeeldvragen."
    examples = ("help", "wat kun je?", "hallo")
    Slots = HelpSlots

    def match(self, p: Parsed) -> float:
        return 0.6 if "help" in p.cues else 0.0

    def run(self, p: Parsed, r: Run) -> Answer:
        return help_answer(r.wh.regio_naam)
