"""The curated inputs of the demo build: reference municipalities, the demo PDC and the
published figures. They are data files under knowledge/, so content changes need no code change
(and the knowledge base reads the same PDC and figures)."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.marts.contract import REGION_NAME
from bot.marts.periods import period_renderings, period_value
from bot.paths import KNOWLEDGE_DIR, REFERENCE_DIR

GEMEENTEN_CSV = REFERENCE_DIR / "gemeenten" / "gemeenten_2026_jeugdregio.csv"
PDC_YAML = KNOWLEDGE_DIR / "pdc_demo.yaml"
KENGETALLEN_YAML = KNOWLEDGE_DIR / "kengetallen.yaml"

# The 11 municipalities of the programme plan (000, chapter 1 and Bijlage 2), CBS spelling.
MONITOR_GEMEENTEN: tuple[str, ...] = (
    "Asten",
    "Deurne",
    "Geldrop-Mierlo",
    "Gemert-Bakel",
    "Helmond",
    "Laarbeek",
    "Nuenen, Gerwen en Nederwetten",
    "Someren",
    "Son en Breugel",
    "Veldhoven",
    "Waalre",
)


@dataclass(frozen=True)
class Gemeente:
    code: str
    naam: str
    provincie: str
    jeugdregio: str
    inkoopregio: str | None
    in_monitor: bool


@dataclass(frozen=True)
class Product:
    productcode: str
    product_naam: str
    productcategorie: str
    segment_nr: int
    subsegment: str | None
    eenheid: str
    tarief_eur: float
    is_verblijf: bool
    lijn: str
    gewicht: float
    duur_dagen: float
    volume: float


@dataclass(frozen=True)
class Kengetal:
    onderwerp: str
    gebied: str
    jaar: int | None
    waarde: float
    eenheid: str
    bron_document: str
    bron_locatie: str


def load_gemeenten(path: Path = GEMEENTEN_CSV) -> list[Gemeente]:
    """All municipalities; the programme plan's 11 are the ones in the monitor."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    names = {r["gemeente_naam"] for r in rows}
    missing = [n for n in MONITOR_GEMEENTEN if n not in names]
    if missing:
        raise ValueError(f"monitorgemeenten ontbreken in {path.name}: {', '.join(missing)}")
    out = []
    for r in rows:
        monitor = r["gemeente_naam"] in MONITOR_GEMEENTEN
        out.append(
            Gemeente(
                code=r["gemeente_code"],
                naam=r["gemeente_naam"],
                provincie=r["provincie"],
                jeugdregio=r["jeugdregio_naam_cbs"],
                inkoopregio=REGION_NAME if monitor else None,
                in_monitor=monitor,
            )
        )
    return sorted(out, key=lambda g: g.code)


def load_pdc(path: Path = PDC_YAML) -> list[Product]:
    """The demo catalogue with each product's generator profile."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for r in raw["producten"]:
        demo = r.get("demo") or {}
        out.append(
            Product(
                productcode=str(r["productcode"]),
                product_naam=str(r["product_naam"]),
                productcategorie=str(r["productcategorie"]).zfill(2),
                segment_nr=int(r["segment_nr"]),
                subsegment=r.get("subsegment"),
                eenheid=str(r["eenheid"]),
                tarief_eur=float(r["tarief_eur"]),
                is_verblijf=bool(r["is_verblijf"]),
                lijn=str(demo.get("lijn", "")),
                gewicht=float(demo.get("gewicht", 0)),
                duur_dagen=float(demo.get("duur_dagen", 180)),
                volume=float(demo.get("volume", 0)),
            )
        )
    codes = [p.productcode for p in out]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise ValueError(f"dubbele productcodes in {path.name}: {', '.join(dupes)}")
    return out


EPOCH = date(1970, 1, 1)
# The units of a moment: a question "wanneer ...?" asks one of these, any other question none.
TIME_UNITS = frozenset({"datum", "periode"})


_FRACTION = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*$")
# The denominators a document writes a share as a fraction with ("2/3^e van de cliënten").
FRACTION_DENOMINATORS = range(2, 11)


def kengetal_value(waarde: object, eenheid: str = "") -> float:
    """A published figure as fact_kengetal stores it: a date (eenheid `datum`, "per 1 april
    2022") as its day number since 1 januari 1970, so the column stays one DOUBLE; a period
    (eenheid `periode`, "3e kwartaal 2018") as jaar * 10000 + van * 100 + tot
    (bot/marts/periods.py); a share the document writes as a fraction ("2/3", eenheid
    `procent`) as its percentage, 66,67, so it is compared and shown like any other share (the
    YAML keeps the document's "2/3")."""
    if eenheid == "periode":
        return period_value(waarde)
    if isinstance(waarde, date):
        return float((waarde - EPOCH).days)
    if isinstance(waarde, str) and (m := _FRACTION.match(waarde)):
        return 100 * int(m.group(1)) / int(m.group(2))
    return float(waarde)  # type: ignore[arg-type]


def as_fraction(value: float) -> tuple[int, int] | None:
    """A percentage that is a small fraction no decimal writes exactly (33,33...% is 1/3),
    as (teller, noemer); None for a percentage that a decimal writes (25%, 12,2%)."""
    v = abs(value)
    if round(v, 2) == v:
        return None
    for n in FRACTION_DENOMINATORS:
        k = v * n / 100
        if abs(k - round(k)) < 1e-9 and 0 < round(k) < n:
            return round(k), n
    return None


def kengetal_date(waarde: float) -> date:
    """The date a `datum` figure stands for."""
    return EPOCH + timedelta(days=int(waarde))


def value_renderings(value: float | date, eenheid: str) -> set[str]:
    """How the documents may write a number: 2.635, 2635, 12,2, 0,30, € 511 miljoen, 1,7 miljard;
    a date as "1 april 2022". Shared by the check that each figure stands in its document and
    by the quote that shows the document's own line for a figure."""
    from bot.render.format import fmt_date

    if eenheid == "periode":
        return period_renderings(value)  # "1^e kwartaal 2018", "eerste halfjaar van 2018"
    if eenheid == "datum":
        # "1 januari 2024" in a sentence, "1-1-2024" in a table or a note.
        d = kengetal_date(kengetal_value(value))
        return {fmt_date(d), f"{d.day}-{d.month}-{d.year}"}
    v = abs(kengetal_value(value))
    out: set[str] = set()
    fraction = as_fraction(v) if eenheid == "procent" else None
    if fraction:
        # "2/3^e van onze jeugdige cliënten": the document's own fraction, not 66,67%.
        return {f"{fraction[0]}/{fraction[1]}"}
    for places in (0, 1, 2):
        if round(v, places) != v:
            continue
        whole, _, frac = f"{v:.{places}f}".partition(".")
        dotted = f"{int(whole):,}".replace(",", ".")
        for w in {whole, dotted}:
            out.add(f"{w},{frac}" if frac else w)
    if eenheid == "euro" and v >= 1_000_000:
        for unit, div in (("mln", 1e6), ("miljoen", 1e6), ("miljard", 1e9)):
            scaled = v / div
            if scaled >= 1 and round(scaled, 1) == scaled:
                text = f"{scaled:g}".replace(".", ",")
                out.update({f"{text} {unit}", f"{text} {unit}."})
    return out


SOURCES_DIR = KNOWLEDGE_DIR / "sources"


def source_text(name: str) -> str:
    """A source document as the kengetal wordings quote it (markdown bold left off)."""
    return re.sub(r"\*\*", "", (SOURCES_DIR / name).read_text(encoding="utf-8"))


def load_kengetallen(
    path: Path = KENGETALLEN_YAML, gemeenten: list[Gemeente] | None = None
) -> list[Kengetal]:
    """The published figures, one per (onderwerp, gebied, jaar, document).

    The YAML groups figures by table: each block names onderwerp, eenheid, document and
    location once, with `waarden` as gebied -> {jaar: waarde} (jaar `-` for figures without a
    year). A gebied that is a municipality's CBS name becomes its gemeente_code, as the contract
    asks; other areas (the region, a subregion, Nederland) stay names.
    """
    gemeenten = gemeenten if gemeenten is not None else load_gemeenten()
    code_of = {g.naam: g.code for g in gemeenten}
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[Kengetal] = []
    for block in raw["kengetallen"]:
        for gebied, per_jaar in block["waarden"].items():
            gebied = str(gebied)
            for jaar, waarde in per_jaar.items():
                out.append(
                    Kengetal(
                        onderwerp=str(block["onderwerp"]),
                        gebied=code_of.get(gebied, gebied),
                        jaar=None if jaar in ("-", None) else int(jaar),
                        waarde=kengetal_value(waarde, str(block["eenheid"])),
                        eenheid=str(block["eenheid"]),
                        bron_document=str(block["bron_document"]),
                        bron_locatie=str(block["bron_locatie"]),
                    )
                )
    seen: set[tuple[str, str, int | None, str]] = set()
    for k in out:
        key = (k.onderwerp, k.gebied, k.jaar, k.bron_document)
        if key in seen:
            raise ValueError(f"kengetal dubbel in {path.name}: {key}")
        seen.add(key)
    return out


def figure(kengetallen: list[Kengetal], onderwerp: str, gebied: str, jaar: int | None) -> float:
    """One published figure; a KeyError names what is missing, so a renamed topic fails loudly."""
    for k in kengetallen:
        if k.onderwerp == onderwerp and k.gebied == gebied and k.jaar == jaar:
            return k.waarde
    raise KeyError(f"kengetal ontbreekt: {onderwerp} / {gebied} / {jaar}")


def inputs_digest() -> str:
    """Short hash of the data files the demo is built from, so a changed input gives a new
    demo version (and a fresh cached build)."""
    h = hashlib.sha256()
    for p in (GEMEENTEN_CSV, PDC_YAML, KENGETALLEN_YAML):
        h.update(p.read_bytes())
    return h.hexdigest()[:8]


def as_dict(obj: Any) -> dict[str, Any]:
    return dict(obj.__dict__)
