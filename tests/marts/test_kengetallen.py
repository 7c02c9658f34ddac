"""The published figures file: well-formed, and every number really stands in its document."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.marts.contract import TABLES
from bot.marts.sources import (
    load_gemeenten,
    load_kengetallen,
    source_text,
    value_renderings,
)
from bot.marts.warehouse import open_readonly
from bot.paths import KNOWLEDGE_DIR

KENGETALLEN = load_kengetallen()
SOURCES = KNOWLEDGE_DIR / "sources"


def renderings(value: float | date, eenheid: str) -> set[str]:
    return value_renderings(value, eenheid)


def document(name: str) -> str:
    return source_text(name)


def test_at_least_100_figures_from_the_documents() -> None:
    assert len(KENGETALLEN) >= 100
    docs = {k.bron_document for k in KENGETALLEN}
    expected = {"000_05fd599307ad2e89.txt", "002_2d82f4a8b97cdc0c.txt", "004_1007e2a72d4ad2b5.txt"}
    assert expected <= docs
    assert all((SOURCES / d).is_file() for d in docs)


def test_fields_are_filled_and_areas_known() -> None:
    codes = {g.code for g in load_gemeenten()}
    allowed = TABLES["fact_kengetal"].column("eenheid").allowed or ()
    for k in KENGETALLEN:
        assert k.onderwerp and k.bron_locatie, k
        assert k.eenheid in allowed, k
        assert k.gebied in codes or not k.gebied.startswith("GM"), k
        assert not any(k.gebied == g.naam for g in load_gemeenten()), (
            f"gemeentenaam niet omgezet naar code: {k}"
        )


@pytest.mark.parametrize(
    "k",
    [k for k in KENGETALLEN if not (k.waarde == 0 and "lege cel" in k.bron_locatie)],
    ids=lambda k: f"{k.onderwerp}|{k.gebied}|{k.jaar}",
)
def test_every_figure_stands_in_its_document(k) -> None:
    text = document(k.bron_document)
    assert any(r in text for r in renderings(k.waarde, k.eenheid)), (
        f"{k.waarde} niet gevonden in {k.bron_document}"
    )


def test_fact_kengetal_holds_the_file(demo_marts: Path) -> None:
    con = open_readonly(demo_marts)
    try:
        n, helmond = con.execute(
            "SELECT count(*), max(waarde) FILTER (onderwerp = 'jeugdigen in zorg' "
            "AND gebied = 'GM0794' AND jaar = 2023) FROM fact_kengetal"
        ).fetchall()[0]
    finally:
        con.close()
    assert n == len(KENGETALLEN)
    assert helmond == 2635


BLOCKS = yaml.safe_load((KNOWLEDGE_DIR / "kengetallen.yaml").read_text(encoding="utf-8"))[
    "kengetallen"
]


def _heading_positions(text: str, sectie: str) -> list[int]:
    """Where a line of the document starts with this heading (markdown '#' left off)."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip().lstrip("#").strip().startswith(sectie):
            out.append(pos)
        pos += len(line) + 1
    return out


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: str(b["onderwerp"]))
def test_every_figure_stands_at_its_cited_place(block: dict) -> None:
    """The block's wording stands verbatim in its document, inside the cited section (after its
    heading, at most 40.000 characters on), and every value of the block stands right there: in
    the wording or the table it heads (from 500 characters before it to 2.500 after)."""
    text = document(block["bron_document"])
    wording, sectie = block.get("formulering"), block.get("sectie")
    assert wording and sectie, "formulering en sectie ontbreken"
    at = text.find(wording)
    assert at >= 0, f"formulering niet letterlijk in {block['bron_document']}: {wording!r}"
    heads = [h for h in _heading_positions(text, sectie) if h <= at]
    assert heads, f"kop {sectie!r} niet vóór de formulering gevonden"
    assert at - heads[-1] <= 40_000, f"formulering staat niet in sectie {sectie!r}"
    passage = text[max(0, at - 500) : at + len(wording) + 2_500]
    for per_jaar in block["waarden"].values():
        for waarde in per_jaar.values():
            if waarde == 0 and "lege cel" in block["bron_locatie"]:
                continue
            found = renderings(waarde, block["eenheid"])
            assert any(r in passage for r in found), f"{waarde} staat niet bij {wording!r}"
    if len([v for per in block["waarden"].values() for v in per.values()]) == 1 and (
        "\t" not in wording and not wording.startswith("Tabel")
    ):
        # One figure in a sentence: the sentence itself says it.
        value = next(v for per in block["waarden"].values() for v in per.values())
        assert any(r in wording for r in renderings(value, block["eenheid"]))
