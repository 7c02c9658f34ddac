"""Help: what the bot can answer, with examples, for greetings and empty or unclear questions."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from bot.intents.base import Intent, Parsed, Run, register
from bot.intents.rephrase import Piece, ask
from bot.language.lexicon import load_lexicon
from bot.language.normalize import fold
from bot.models import Answer, Kind, Option
from bot.render.format import MONTHS

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


# What the monitor counts, as the reply to a word it does not know names it. Each is also an
# option: the question with the unknown word replaced by the measure.
MONITOR_MEASURES = (
    ("jeugdigen in zorg", "jeugdigen"),
    ("trajecten (gestart, beëindigd, lopend) en hun duur", "trajecten"),
    ("aanbieders", "aanbieders"),
    ("gedeclareerde kosten en kosten per jeugdige", "kosten"),
    ("zorgkosten uit de jaarrekening", "zorgkosten"),
    ("inwoners en jeugdigen van 0 tot en met 17 jaar", "inwoners"),
)
UNEXPLAINED_TEXT = (
    "Ik weet niet wat je bedoelt met {words}, dus ik geef geen getal: een getal voor iets anders "
    "dan je vraagt zou misleiden. De monitor telt {measures}, per gemeente, segment, product, "
    "verwijzer en periode. Kies hieronder of stel de vraag anders."
)


def _quoted(words: list[str]) -> str:
    q = [f"'{w}'" for w in dict.fromkeys(words)]
    return q[0] if len(q) == 1 else ", ".join(q[:-1]) + " en " + q[-1]


def unexplained_answer(
    text: str,
    unexplained: list[tuple[str, tuple[int, int]]],
    regio: str = "",
    pieces: list[Piece] | None = None,
) -> Answer:
    """The reply to a question with a word nothing explains: name it, say what the monitor counts.

    Why not answer the rest: "hoeveel vergaderingen in Helmond" without "vergaderingen" is a count
    of jeugdigen, a number for another question than the one asked. Each option is a whole
    question about one measure with the question's place, period and form of care
    (`pieces`, bot.intents.rephrase), not the question with the word swapped for a measure."""
    words = [w for w, _ in unexplained]
    measures = [label for label, _ in MONITOR_MEASURES]
    body = UNEXPLAINED_TEXT.format(
        words=_quoted(words), measures=", ".join(measures[:-1]) + " en " + measures[-1]
    )
    offers = load_lexicon().offers
    options = [Option(label=o.label, value=ask(o, pieces or [])) for o in offers]
    return Answer(
        kind=Kind.CLARIFY,
        text=body,
        intent="onbekend_woord",
        slots={"onbekend": words},
        options=options,
    )


def unfilterable_answer(label: str, pieces: list[Piece]) -> Answer:
    """A measure of the annual accounts asked with a form of care: they have none, so the
    declared costs of that care are offered, never another measure in its place."""
    offer = {o.measure: o for o in load_lexicon().offers}["kosten"]
    return Answer(
        kind=Kind.CLARIFY,
        text=(
            f"De {label} komen uit de jaarrekeningen van de gemeenten en zijn er niet per "
            "segment, product of verwijzer. Voor een vorm van zorg heeft de monitor de "
            "gedeclareerde kosten. Bedoel je die?"
        ),
        intent="welke_maat",
        slots={},
        options=[Option(label="gedeclareerde kosten", value=ask(offer, pieces))],
    )


def which_measure(text: str, pieces: list[Piece] | None = None) -> Answer:
    """A place or period without a measure ("Helmond 2023", "hoeveel in Deurne?"): ask which.

    The monitor has no headline figure to assume; the options are whole questions about each
    measure with the question's place and period (bot.intents.rephrase), so one tap gives the
    figure."""
    offers = {o.label: o for o in load_lexicon().offers}
    return Answer(
        kind=Kind.CLARIFY,
        text=(
            "Welk cijfer bedoel je? De monitor telt "
            + ", ".join(label for label, _ in MONITOR_MEASURES[:-1])
            + " en "
            + MONITOR_MEASURES[-1][0]
            + "."
        ),
        intent="welke_maat",
        slots={},
        options=[
            Option(
                label=noun,
                value=ask(offers[noun], pieces)
                if pieces and noun in offers
                else f"{noun} {text.strip()}",
            )
            for _, noun in MONITOR_MEASURES
        ],
    )


def flow_on_a_day(text: str, label: str, day: Any, where: tuple[int, int] | None) -> Answer:
    """ "kosten eind 2023": costs add up over a period, so one day has none; ask which period.

    Answering the year instead would be a figure for another period than the one asked."""
    year = day.start.year
    month = f"{MONTHS[day.start.month - 1]} {year}"

    def asked(period: str) -> str:
        if where is None:
            return f"{label} {period}"
        return text[: where[0]] + f"in {period}" + text[where[1] :]

    options = [Option(label=str(year), value=asked(str(year)))]
    options.append(Option(label=month, value=asked(month)))
    return Answer(
        kind=Kind.CLARIFY,
        text=(
            f"{label[0].upper()}{label[1:]} tellen over een periode, niet op één dag zoals "
            f"{day.label}. Bedoel je heel {year} of {month}? Op één dag kan ik alleen standen "
            "geven: jeugdigen in zorg, lopende trajecten en aanbieders."
        ),
        intent="periode_dag",
        slots={"dag": day.label},
        options=options,
    )


AGE_TEXT = (
    "De monitor telt jeugdigen in zorg van alle leeftijden samen (jeugdhulp is er tot 18 jaar, "
    "met verlenging tot 23 jaar) en kan niet uitsplitsen naar leeftijd, dus voor '{band}' geef ik "
    "geen getal: het cijfer voor alle leeftijden zou een ander getal zijn dan je vraagt. "
    "Alleen het "
    "aantal inwoners van 0 tot en met 17 jaar kent hij apart. Wil je het cijfer voor alle "
    "leeftijden?"
)


_GROUP = re.compile(r"(jarigen?|plussers?|tieners?|pubers?|peuters?|kleuters?|babys|zuigelingen"
                    r"|jongvolwassenen|adolescenten)$")  # fmt: skip


def age_answer(text: str, band: tuple[str, tuple[int, int]]) -> Answer:
    """ "kinderen van 4 tot 12 jaar in zorg": the monitor has no age of the youths in care.

    The all-ages count would be a figure for another question; the option asks it on purpose."""
    words, (start, end) = band
    # "16-jarigen" is the noun of the question: the youths, of all ages; "van 4 tot 12 jaar"
    # only narrows it and goes.
    noun = "jeugdigen" if _GROUP.search(words) else ""
    rest = text[:start] + noun + text[end:] if fold(text[start:end]) == words else text
    options = [Option(label="alle leeftijden", value=" ".join(rest.split()))]
    return Answer(
        kind=Kind.CLARIFY,
        text=AGE_TEXT.format(band=words),
        intent="leeftijd",
        slots={"leeftijd": words},
        options=options,
    )
