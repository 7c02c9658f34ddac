"""The reform agenda content checked against its source documents, not against itself.

The expected carriers and planning come from parsing the Bijlage 4 tables of the programme plan
here, in the test, so a carrier or planning typed wrong in knowledge/hervormingsagenda.yaml fails
even though the YAML itself is well-formed. A wrong carrier is a wrong answer with a source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
SOURCES = KNOWLEDGE / "sources"
PLAN = SOURCES / "000_05fd599307ad2e89.txt"
VNG = SOURCES / "004_1007e2a72d4ad2b5.txt"
OWN_FILES = ("hervormingsagenda.yaml", "vng_brief.yaml")
NOT_CONTENT = {"kengetallen.yaml", "aliases.yaml", "pdc_demo.yaml"}

EXPECTED_ACTIONS_PER_CHAPTER = [11, 8, 10, 2, 3, 7, 9, 1]
SOORTEN = {
    "doel", "opgave", "actie", "segment", "product", "begrip", "plan", "ambitie", "prioriteit",
    "project", "principe", "maatregel", "financien", "governance", "monitoring", "overig",
}  # fmt: skip

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Dutch phone numbers in the forms the sources use: 070 373 8393, (030) 236 30 30, 0611581816,
# 070 - 373 83 93, +31 ...: ten digits starting with 0 (or +31 and nine) with any separators.
PHONE = re.compile(r"(?:\+31|(?<![\d.,])0)(?:[\s()\-]*\d){9}(?![\d.,])")


# ------------------------------------------------------------------ reading


def _load(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((KNOWLEDGE / name).read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{name} must be a YAML list of entries"
    return data


@pytest.fixture(scope="module")
def agenda() -> list[dict[str, Any]]:
    return _load("hervormingsagenda.yaml")


@pytest.fixture(scope="module")
def vng() -> list[dict[str, Any]]:
    return _load("vng_brief.yaml")


@pytest.fixture(scope="module")
def own(agenda: list[dict[str, Any]], vng: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return agenda + vng


@pytest.fixture(scope="module")
def actions(agenda: list[dict[str, Any]]) -> dict[tuple[int, int], dict[str, Any]]:
    found = [e for e in agenda if e["soort"] == "actie"]
    keys = [(e["velden"]["hoofdstuk"], e["velden"]["nummer"]) for e in found]
    assert len(keys) == len(set(keys)), "two actions share a hoofdstuk and nummer"
    return dict(zip(keys, found, strict=True))


def parse_bijlage4(text: str) -> dict[tuple[int, int], list[str]]:
    """The Bijlage 4 rows as (hoofdstuk, nummer) -> [nr, actie, uitvoering, toelichting, planning].

    The plain-text conversion splits table rows over page breaks: the rest of a row continues on
    a line that starts with tabs (one cell per column), sometimes after a footnote. Such a line
    belongs to the last numbered row, cell by cell.
    """
    lines = text.splitlines()
    start = next(
        i for i, line in enumerate(lines) if line == "Bijlage 4 - Acties Hervormingsagenda"
    )
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("Bijlage 5"))
    rows: dict[tuple[int, int], list[str]] = {}
    chapter = 0
    current: tuple[int, int] | None = None
    for line in lines[start:end]:
        heading = re.match(r"Hoofdstuk (\d) ", line)
        if heading:
            chapter, current = int(heading.group(1)), None
            continue
        row = re.match(r"(\d{1,2})\t", line)
        if row and chapter:
            cells = line.split("\t")
            assert len(cells) == 5, f"row with {len(cells)} cells: {line[:60]}"
            current = (chapter, int(row.group(1)))
            assert current not in rows, f"row {current} appears twice"
            rows[current] = [cell.strip() for cell in cells]
            continue
        if line.startswith("\t") and current is not None:
            for column, cell in enumerate(line.split("\t")):
                if cell.strip():
                    rows[current][column] = f"{rows[current][column]} {cell.strip()}".strip()
    return rows


@pytest.fixture(scope="module")
def table() -> dict[tuple[int, int], list[str]]:
    return parse_bijlage4(PLAN.read_text(encoding="utf-8"))


def strings(value: Any) -> Iterator[str]:
    """Every string anywhere in an entry (titles, texts, fields, sources, keywords)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


# ------------------------------------------------------------------ the parser itself


def test_parser_reads_the_tables_of_bijlage4(table: dict[tuple[int, int], list[str]]) -> None:
    per_chapter = Counter(chapter for chapter, _ in table)
    assert [per_chapter[h] for h in range(1, 9)] == EXPECTED_ACTIONS_PER_CHAPTER
    for chapter in range(1, 9):
        numbers = sorted(n for h, n in table if h == chapter)
        assert numbers == list(range(1, len(numbers) + 1))
    # Rows split over a page break are merged cell by cell.
    assert table[(6, 6)][4] == (
        "Zodra bekend is welke zorgvormen op deze manier bekostigd moeten worden."
    )
    assert table[(3, 6)][2] == "Gemeenten (optie 10vdJ)"
    assert table[(1, 4)][3].endswith("moet nog worden onderzocht.")


# ------------------------------------------------------------------ goals, opgaven, actions


def test_two_goals_as_in_the_document(agenda: list[dict[str, Any]]) -> None:
    doelen = [e for e in agenda if e["soort"] == "doel"]
    assert sorted(e["velden"]["nummer"] for e in doelen) == [1, 2]
    assert all(e["velden"]["kader"] == "hervormingsagenda" for e in doelen)
    plan = PLAN.read_text(encoding="utf-8")
    assert "De Hervormingsagenda Jeugd heeft 2 doelen:" in plan


def test_eight_opgaven_named_as_in_the_document(agenda: list[dict[str, Any]]) -> None:
    opgaven = {e["velden"]["nummer"]: e for e in agenda if e["soort"] == "opgave"}
    assert sorted(opgaven) == list(range(1, 9))
    plan = PLAN.read_text(encoding="utf-8")
    intro = plan[plan.index("De hervormingsagenda bevat in totaal acht opgaven:") :]
    for nummer, entry in opgaven.items():
        assert entry["velden"]["kader"] == "hervormingsagenda"
        assert entry["id"] == f"ha-opgave-{nummer}"
        assert f"\n{nummer}. {entry['velden']['naam']}\n" in intro, (
            f"opgave {nummer}: name differs from the list"
        )
        assert entry["velden"]["aantal_acties"] == EXPECTED_ACTIONS_PER_CHAPTER[nummer - 1]


def test_actions_per_chapter_numbered_one_to_n(
    actions: dict[tuple[int, int], dict[str, Any]],
) -> None:
    per_chapter = Counter(chapter for chapter, _ in actions)
    assert [per_chapter[h] for h in range(1, 9)] == EXPECTED_ACTIONS_PER_CHAPTER
    assert len(actions) == 51
    for chapter in range(1, 9):
        numbers = sorted(n for h, n in actions if h == chapter)
        assert numbers == list(range(1, len(numbers) + 1))


def test_every_action_matches_its_row_in_the_document(
    actions: dict[tuple[int, int], dict[str, Any]],
    table: dict[tuple[int, int], list[str]],
) -> None:
    assert set(actions) == set(table)
    wrong = []
    for (chapter, number), entry in sorted(actions.items()):
        velden = entry["velden"]
        _, _, uitvoering, _, planning = table[(chapter, number)]
        if velden["uitvoerder"] != uitvoering:
            wrong.append(
                f"{chapter}.{number} uitvoerder {velden['uitvoerder']!r} != {uitvoering!r}"
            )
        if planning in POINTS_TO_TOELICHTING:
            continue  # checked against the toelichting, below
        if velden["planning"] != planning:
            wrong.append(f"{chapter}.{number} planning {velden['planning']!r} != {planning!r}")
    assert not wrong, "\n".join(wrong)


# The planning cells of Bijlage 4 that are only an arrow to the toelichting column beside them.
POINTS_TO_TOELICHTING = {"<", "Zie <"}
# Words with which a toelichting gives a term ("Zodra dit overzicht bekend is", "in 2025").
TERM = re.compile(r"\b(?:zodra|wanneer|na|vanaf|uiterlijk|voor|in) |\b20\d\d\b", re.IGNORECASE)


def test_arrow_plannings_are_read_from_the_toelichting(
    actions: dict[tuple[int, int], dict[str, Any]],
    table: dict[tuple[int, int], list[str]],
) -> None:
    """Where the planning column says only "<" or "Zie <", the term is the one the toelichting
    gives, marked as coming from there; where the toelichting gives none either, the entry has
    no planning but a sentence that says the plan names none. Never the arrow itself."""
    arrows = {key for key, row in table.items() if row[4] in POINTS_TO_TOELICHTING}
    assert arrows == {(7, 2), (7, 3), (7, 4), (7, 6), (7, 7), (7, 9)}
    for key in sorted(arrows):
        velden = actions[key]["velden"]
        source_toelichting = table[key][3]
        if TERM.match(source_toelichting):
            assert velden["planning_uit_toelichting"] is True, key
            assert velden["planning"].split()[0] == source_toelichting.split()[0], key
            assert "planning_uitleg" not in velden, key
        else:
            assert "planning" not in velden, key
            assert "geen termijn" in velden["planning_uitleg"], key
    for key, entry in actions.items():
        if key not in arrows:
            assert "planning_uit_toelichting" not in entry["velden"], key


@pytest.mark.parametrize(
    ("key", "uitvoerder", "planning"),
    [
        ((1, 1), "Gemeenten", "Ná wetsvoorstel 2024"),
        ((1, 4), "Gemeenten en 10vdJ", "Wanneer mogelijk"),
        ((3, 4), "Gemeenten en huisartsen", "Wanneer mogelijk"),
        ((6, 1), "10vdJ", "Januari 2024"),
        ((6, 5), "10vdJ", "Afgerond in december 2023"),
        ((7, 2), "10vdJ", "Zodra het landelijke overzicht bekend is"),
    ],
)
def test_spot_checks_read_by_hand(
    actions: dict[tuple[int, int], dict[str, Any]],
    key: tuple[int, int],
    uitvoerder: str,
    planning: str,
) -> None:
    """A few rows read from the PDF by eye, so the parser cannot drift together with the YAML."""
    assert actions[key]["velden"]["uitvoerder"] == uitvoerder
    assert actions[key]["velden"]["planning"] == planning


def test_actions_are_complete_and_cited(actions: dict[tuple[int, int], dict[str, Any]]) -> None:
    for (chapter, number), entry in actions.items():
        velden = entry["velden"]
        assert entry["id"] == f"ha-actie-{chapter}-{number}"
        assert velden["kader"] == "hervormingsagenda"
        assert velden["toelichting"].strip(), entry["id"]
        assert entry["bron"] == {
            "document": PLAN.name,
            "locatie": f"Bijlage 4, hoofdstuk {chapter}, actie {number}",
        }
        assert entry["trefwoorden"], f"{entry['id']} has no trefwoorden"
        assert velden.get("planning") or velden.get("planning_uitleg"), entry["id"]


def test_keyword_filters_find_the_right_actions(
    actions: dict[tuple[int, int], dict[str, Any]],
) -> None:
    """The filters users ask for ("welke acties gaan over huisartsen?") rest on these keywords."""

    def tagged(word: str) -> set[tuple[int, int]]:
        return {key for key, entry in actions.items() if word in entry["trefwoorden"]}

    assert {(3, 3), (3, 4), (3, 5)} <= tagged("huisartsen")
    assert {(1, 4), (3, 1)} <= tagged("verklarende analyse")
    assert {(1, 11)} <= tagged("trajectduur")
    assert {(2, 2), (2, 4), (2, 5)} <= tagged("onderwijs")


def test_carriers_only_from_the_documents_vocabulary(
    actions: dict[tuple[int, int], dict[str, Any]],
) -> None:
    carriers = Counter(entry["velden"]["uitvoerder"] for entry in actions.values())
    assert set(carriers) == {
        "Gemeenten",
        "10vdJ",
        "Gemeenten en 10vdJ",
        "Gemeenten en huisartsen",
        "Gemeenten (optie 10vdJ)",
    }
    assert carriers["10vdJ"] == 16


# ------------------------------------------------------------------ the VNG letter


def test_vng_letter_entries_cite_the_letter(vng: list[dict[str, Any]]) -> None:
    assert 20 <= len(vng) <= 40
    for entry in vng:
        assert entry["bron"]["document"] == VNG.name, entry["id"]
        assert entry["id"].startswith("vng-"), entry["id"]
        assert len(entry["bron"]["locatie"]) > 10, f"{entry['id']}: locatie too vague"


def test_vng_financial_path_exact(vng: list[dict[str, Any]]) -> None:
    """The € 511 mln path (100, 500, 500, 511 from 2024) and the figures around it, as written."""
    letter = VNG.read_text(encoding="utf-8")
    assert "€ 100 mln in 2024, oplopend naar € 500 miljoen in 2025 en 2026" in letter
    by_id = {e["id"]: e for e in vng}
    pad = by_id["vng-extra-bezuiniging-511"]["velden"]["bedragen_mln"]
    assert pad == {2024: 100, 2025: 500, 2026: 500, 2027: 511}
    table = by_id["vng-maatregelen-2022-tabel"]["velden"]
    measures = table["verwachte_besparing_mln"]
    # The document's total is 214 mln while its rows add up to 215: both are stated as such.
    assert "Totaal\t214 mln" in letter and table["totaal_mln"] == 214
    assert sum(measures.values()) == 215
    assert "215" in by_id["vng-maatregelen-2022-tabel"]["tekst"]
    for name, amount in measures.items():
        assert re.search(
            rf"{re.escape(name)}\t{'- ' if amount < 0 else ''}{abs(amount)} mln", letter
        )


@pytest.mark.parametrize(("code", "words"), [("B2", "reikwijdte"), ("B12", "gecontracteerd"),
                                             ("B23", "standaard")])  # fmt: skip
def test_commissie_sint_measures_named(vng: list[dict[str, Any]], code: str, words: str) -> None:
    letter = VNG.read_text(encoding="utf-8")
    assert re.search(rf"\b{code}\b", letter)
    hits = [e for e in vng if e["velden"].get("code") == code]
    assert len(hits) == 1, code
    assert code in hits[0]["tekst"] and words in hits[0]["tekst"].lower()


# ------------------------------------------------------------------ the whole of my content


def test_entries_well_formed(own: list[dict[str, Any]]) -> None:
    for entry in own:
        assert set(entry) <= {"id", "soort", "titel", "tekst", "velden", "bron", "trefwoorden",
                              "aliassen"}, entry["id"]  # fmt: skip
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", entry["id"])
        assert entry["soort"] in SOORTEN
        assert entry["titel"].strip() and entry["tekst"].strip()
        assert len(entry["tekst"]) <= 600, f"{entry['id']}: tekst is not chat-sized"
        assert all(word == word.lower() for word in entry.get("trefwoorden") or []), entry["id"]


def test_ids_unique_over_the_whole_base(own: list[dict[str, Any]]) -> None:
    own_ids = Counter(entry["id"] for entry in own)
    assert [i for i, n in own_ids.items() if n > 1] == []
    for path in sorted(KNOWLEDGE.glob("*.yaml")):
        if path.name in OWN_FILES or path.name in NOT_CONTENT:
            continue
        others = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        clash = {e.get("id") for e in others if isinstance(e, dict)} & set(own_ids)
        assert not clash, f"{path.name} reuses ids {sorted(clash)}"


def test_every_source_exists(own: list[dict[str, Any]]) -> None:
    for entry in own:
        assert (SOURCES / entry["bron"]["document"]).is_file(), entry["id"]


def test_contact_detail_patterns_catch_the_sources_own_details() -> None:
    """The privacy check below must be able to fail: the letter holds real contact details."""
    letter = VNG.read_text(encoding="utf-8")
    assert EMAIL.search(letter)
    assert len(PHONE.findall(letter)) >= 3
    assert not PHONE.search("€ 511 miljoen in 2027, 2.080 gebruikers, 6.476 aanbieders")


def test_no_email_addresses_or_phone_numbers(own: list[dict[str, Any]]) -> None:
    for entry in own:
        for text in strings(entry):
            assert not EMAIL.search(text), f"{entry['id']}: e-mail address in {text[:60]!r}"
            assert not PHONE.search(text), f"{entry['id']}: phone number in {text[:60]!r}"


def test_texts_are_our_own_words(own: list[dict[str, Any]]) -> None:
    """No tekst or toelichting repeats a run of 12 words from its source document verbatim."""

    def runs(text: str, size: int) -> set[tuple[str, ...]]:
        tokens = re.findall(r"\w+", text.lower())
        return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}

    sources = {path.name: runs(path.read_text(encoding="utf-8"), 12) for path in (PLAN, VNG)}
    copied = []
    for entry in own:
        texts = [entry["tekst"], (entry.get("velden") or {}).get("toelichting") or ""]
        shared = set().union(*(runs(t, 12) for t in texts)) & sources[entry["bron"]["document"]]
        if shared:
            copied.append(f"{entry['id']}: {' '.join(sorted(shared)[0])}")
    assert not copied, "\n".join(copied)


def test_content_loads_through_the_knowledge_loader(own: list[dict[str, Any]]) -> None:
    schema = pytest.importorskip("bot.knowledge.schema")
    validated = schema.ENTRY_LIST_ADAPTER.validate_python(own)
    assert len(validated) == len(own)
    loader = pytest.importorskip("bot.knowledge.loader")
    if not hasattr(loader, "load_knowledge"):
        pytest.skip("bot.knowledge.loader.load_knowledge does not exist yet")
    base = loader.load_knowledge(build_index=False)
    for entry in own:
        loaded = base.get(entry["id"])
        assert loaded is not None, entry["id"]
        assert loaded.soort == entry["soort"]
        assert loaded.bron.document == entry["bron"]["document"]
    reform = base.actions("hervormingsagenda")
    assert [(a.velden.hoofdstuk, a.velden.nummer) for a in reform][:2] == [(1, 1), (1, 2)]
    assert len(reform) == 51
