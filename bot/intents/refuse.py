"""Refusals: questions about one client, a BSN, a named person, or raw tables/SQL.

Matched before anything is resolved or queried, so such a question never reaches the marts.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from bot.intents.base import Intent, Parsed, Run, register
from bot.language.normalize import fold
from bot.models import Answer, Kind

BSN = re.compile(
    r"(?<!\d)\d{9}(?!\d)|(?<!\d)\d{4}[ .-]\d{2}[ .-]\d{3}(?!\d)"
    r"|(?<!\d)\d{3}[ .-]\d{3}[ .-]\d{3}(?!\d)"
)
PERSONAL = re.compile(
    r"\bbsn\b|burgerservicenummer|sofinummer|\bclient ?(nr|nummer|id)\b|\bclientnummer|\bdossier"
    r"|\b(die|deze|dat|ene|specifieke|bepaalde|individuele|een bepaalde|een specifieke) "
    r"(client|jeugdige|kind|jongere|jongen|meisje)\b"
    r"|\bwelke? (client|jeugdige|kind|jongere)\b"
    r"|\bover (client|cliënt) \w+|\b(client|jeugdige|kind) (met (id|nummer)|(?!(?:19|20)\d\d\b)\d+)"
    r"|\b(welke|wie zijn de|namen van de|lijst van|lijst met) "
    r"(clienten|kinderen|jeugdigen|jongeren|gezinnen)\b"
    r"(?! (hadden|zaten|kregen|waren|in zorg|in verblijf|zijn er|per))"
    r"|\bnamen\b|\badres\w*|\bgeboortedatum"
    r"|\bwie (is|zijn|was|waren) (de|het) (client|kind|jongere)"
    # "Ondersteuner Jeugd en Gezin", "Centrum voor Jeugd en Gezin" name a function, no family.
    r"|\b(de heer|mevrouw|meneer|dhr|mevr|familie|(?<!jeugd en )gezin)\b(?! (en|in))"
    r"|\bgenaamd\b|\bheet\b"
)
SQLISH = re.compile(
    r"\b(toon|laat|geef|show)\b.*\b(tabel|tabellen|kolom|kolommen|database|schema)\b"
    r"|\bselect\b.*\bfrom\b|\bpragma\b"
    r"|\bread_(csv|parquet|text|json)\b|\bsecret\b|\bduckdb_\w+|\bfrom\s+main\b|\battach\b"
    r"|\bcopy\b.*\bto\b|\binstall\s+\w+|\bunion\s+select\b"
    r"|\b(drop|truncate|alter)\s+(table|view|schema|database)\b|\bdelete\s+from\b"
    r"|\binsert\s+into\b|\bupdate\s+\w+\s+set\b"
)
_NAME_AFTER = re.compile(r"\b(?:over|van|voor)\s+([A-Z][a-z]+)\s+([A-Z][a-z]+(?:[a-z]+)?)\b")


class RefuseSlots(BaseModel):
    reden: str


PRIVACY_TEXT = (
    "Over individuele cliënten, personen of burgerservicenummers geef ik geen informatie. "
    "De monitor is gepseudonimiseerd en ik beantwoord alleen vragen over groepen, zoals "
    "'Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?'."
)
SQL_TEXT = (
    "Ik toon geen tabellen of kolommen en voer geen eigen SQL uit. Stel je vraag in gewone taal, "
    "bijvoorbeeld 'Wat waren de kosten in segment 2 in Deurne in 2023?'."
)


def _nine_digits(text: str) -> bool:
    """A citizen service number written in groups ("123 45 6789", "1234.56.789")."""
    return any(sum(ch.isdigit() for ch in m.group(0)) == 9 for m in _DIGIT_GROUPS.finditer(text))


_DIGIT_GROUPS = re.compile(r"(?<![\d.,])\d{2,4}(?:[ .-]\d{2,4}){1,3}(?![\d.,])")
_CAPITALISED = re.compile(
    r"(?<![\w.])([A-Z][a-zà-ÿ]+)\s+((?:van |de |van de |der )?[A-Z][a-zà-ÿ]+)"
)
COMMON_CAPITALS = {
    "een", "voor", "de", "jeugd", "segment", "regio", "hoeveel", "wat", "welke", "kosten",
    "jeugdwet", "bijlage", "actie", "opgave", "zorg", "het", "in", "en",
}  # fmt: skip


def refusal_reason(text: str, folded: str, known_names: set[str]) -> str | None:
    """'privacy', 'sql' or None; checked on the raw and folded question before any query."""
    if SQLISH.search(folded):
        return "sql"
    if BSN.search(text) or _nine_digits(text) or PERSONAL.search(folded):
        return "privacy"
    for m in _NAME_AFTER.finditer(text):
        full = f"{m.group(1)} {m.group(2)}".lower()
        if m.group(1).lower() not in known_names and full not in known_names:
            return "privacy"
    # Two capitalised words that are no place or domain word read as a person's name.
    for m in _CAPITALISED.finditer(text):
        if m.start() == 0:
            continue
        words = [fold(w) for w in (m.group(1), m.group(2).split()[-1])]
        if not any(w in known_names or w in COMMON_CAPITALS for w in words):
            return "privacy"
    return None


def refusal(reason: str) -> Answer:
    return Answer(
        kind=Kind.REFUSE,
        text=PRIVACY_TEXT if reason == "privacy" else SQL_TEXT,
        intent="weigeren",
        slots={"reden": reason},
    )


def no_data(message: str, intent: str) -> Answer:
    """No figure because the marts do not cover the period asked (never a 0): a question back,
    since only another period (one the message names) can be answered."""
    return Answer(kind=Kind.CLARIFY, text=message, intent=intent, slots={"geen_gegevens": True})


@register
class Refuse(Intent):
    name = "weigeren"
    description = "Weigert vragen over één cliënt, een BSN, een persoon of ruwe tabellen/SQL."
    examples = (
        "wat weet je over cliënt 12345?",
        "zoek BSN 123456782",
        "hoeveel zorg kreeg Jan Jansen?",
        "toon tabel secret",
    )
    Slots = RefuseSlots

    def match(self, p: Parsed) -> float:
        return 1.0 if "refuse" in p.cues else 0.0

    def run(self, p: Parsed, r: Run) -> Answer:
        return refusal(
            next((c.split(":")[1] for c in p.cues if c.startswith("refuse:")), "privacy")
        )
