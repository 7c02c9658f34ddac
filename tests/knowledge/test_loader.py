"""The loader's rules on a small fixture base, and the counts of the real base against the plan."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from bot.knowledge.cli import app as kb_app
from bot.knowledge.loader import KnowledgeBase, KnowledgeError, load_knowledge
from bot.knowledge.schema import ActieEntry, OpgaveEntry, ProductEntry, SegmentEntry
from bot.paths import KNOWLEDGE_DIR

DOC = "000_05fd599307ad2e89.txt"


def _entries() -> list[dict[str, Any]]:
    bron = {"document": DOC, "locatie": "Bijlage 4"}
    return [
        {"id": "doel-1", "soort": "doel", "titel": "Doel 1", "tekst": "Betere zorg.",
         "velden": {"nummer": 1, "kader": "hervormingsagenda"}, "bron": bron},
        {"id": "opgave-1", "soort": "opgave", "titel": "Opgave 1 – Reikwijdte",
         "tekst": "Over de reikwijdte.", "velden": {"nummer": 1, "kader": "hervormingsagenda"},
         "bron": bron},
        {"id": "actie-1-1", "soort": "actie", "titel": "Actie 1.1 – eerste", "tekst": "Eerste.",
         "velden": {"kader": "hervormingsagenda", "hoofdstuk": 1, "nummer": 1,
                    "uitvoerder": "Gemeenten", "planning": "Wanneer mogelijk",
                    "toelichting": "Lokaal."}, "bron": bron},
        {"id": "actie-1-2", "soort": "actie", "titel": "Actie 1.2 – tweede", "tekst": "Tweede.",
         "velden": {"kader": "hervormingsagenda", "hoofdstuk": 1, "nummer": 2,
                    "uitvoerder": "10vdJ", "planning": "Januari 2024", "toelichting": "Regio."},
         "bron": bron},
        {"id": "plan-actie", "soort": "actie", "titel": "Actieplan: scholing", "tekst": "Scholen.",
         "velden": {"kader": "actieplan-10vdj-2024-2025", "eigenaar": "10vdJ"}, "bron": bron},
        {"id": "begrip-va", "soort": "begrip", "titel": "VA – Verklarende Analyse",
         "tekst": "VA is de Verklarende Analyse.",
         "velden": {"afkorting": "VA", "betekenissen": ["Verklarende Analyse"]}, "bron": bron},
        {"id": "segment-2", "soort": "segment", "titel": "Segment 2 – wonen", "tekst": "Wonen.",
         "velden": {"nummer": 2, "naam": "Wonen", "subsegmenten": ["gezinsnabij", "wonen"]},
         "bron": bron, "trefwoorden": [2015, "wonen"]},
        {"id": "product-43a09", "soort": "product", "titel": "43A09 – Pleegzorg",
         "tekst": "Pleegzorg.", "velden": {"productcode": "43A09", "naam": "Pleegzorg",
                                           "segment": 2, "subsegment": "gezinsnabij",
                                           "lijst": "regio"}, "bron": bron},
        {"id": "haaglanden-prio", "soort": "prioriteit", "titel": "Prioriteit 1",
         "tekst": "Wachttijden.", "velden": {"nummer": 1}, "bron": bron},
    ]  # fmt: skip


def _write(directory: Path, entries: list[dict[str, Any]], name: str = "inhoud.yaml") -> Path:
    (directory / "sources").mkdir(parents=True, exist_ok=True)
    (directory / "sources" / DOC).write_text("bron", encoding="utf-8")
    (directory / name).write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return directory


def _problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(directory)
    return error.value.problems


def test_fixture_base_loads_with_typed_entries(tmp_path: Path) -> None:
    base = load_knowledge(_write(tmp_path, _entries()))
    assert len(base) == 9
    assert isinstance(base.get("actie-1-2"), ActieEntry)
    assert [a.id for a in base.actions()] == ["actie-1-1", "actie-1-2"]
    assert base.actions("actieplan-10vdj-2024-2025")[0].velden.model_extra == {"eigenaar": "10vdJ"}
    assert base.get("segment-2").trefwoorden == ["2015", "wonen"]  # a bare year is a word
    assert base.products["43A09"][0].velden.lijst == "regio"


def test_duplicate_id_is_reported(tmp_path: Path) -> None:
    entries = _entries()
    entries[3]["id"] = "actie-1-1"
    problems = _problems(_write(tmp_path, entries))
    assert "id 'actie-1-1' komt 2 keer voor; ids moeten uniek zijn" in problems


def test_duplicate_id_across_files_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, _entries())
    _write(tmp_path, [_entries()[5]], name="tweede.yaml")
    assert "id 'begrip-va' komt 2 keer voor; ids moeten uniek zijn" in _problems(tmp_path)


def test_gap_in_action_numbering_is_reported(tmp_path: Path) -> None:
    entries = _entries()
    entries[3]["velden"]["nummer"] = 3
    problems = _problems(_write(tmp_path, entries))
    assert problems == [
        "acties van hoofdstuk 1 zijn niet genummerd 1..2 (gevonden [1, 3]; ontbreekt: 2)"
    ]


def test_double_action_number_is_reported(tmp_path: Path) -> None:
    entries = _entries()
    entries[3]["velden"]["nummer"] = 1
    problems = _problems(_write(tmp_path, entries))
    assert problems == [
        "acties van hoofdstuk 1 zijn niet genummerd 1..2 (gevonden [1, 1]; dubbel: 1; ontbreekt: 2)"
    ]


def test_missing_source_document_is_reported(tmp_path: Path) -> None:
    entries = _entries()
    entries[5]["bron"] = {"document": "999_onbekend.txt", "locatie": "p. 1"}
    problems = _problems(_write(tmp_path, entries))
    assert problems == ["id 'begrip-va': bron.document '999_onbekend.txt' staat niet in sources/"]


def test_reform_agenda_action_needs_carrier_and_planning(tmp_path: Path) -> None:
    entries = _entries()
    del entries[2]["velden"]["uitvoerder"]
    del entries[2]["velden"]["planning"]
    problems = _problems(_write(tmp_path, entries))
    assert len(problems) == 1
    assert problems[0].startswith("inhoud.yaml: entry 3 (id 'actie-1-1'): velden: ")
    assert "mist velden: uitvoerder, planning" in problems[0]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda e: e[0].update(soort="onzin"), "entry 1 (id 'doel-1'): Input tag 'onzin'"),
        (lambda e: e[1]["velden"].update(kader="elders"), "entry 2 (id 'opgave-1'): velden.kader"),
        (lambda e: e[2]["velden"].update(hoofdstuk=9), "velden.hoofdstuk: Input should be less"),
        (lambda e: e[5].update(id="Begrip VA"), "entry 6 (id 'Begrip VA'): id: String should"),
        (lambda e: e[5]["velden"].update(betekenissen=[]), "velden.betekenissen: List should"),
        (lambda e: e[6]["velden"].update(nummer=6), "entry 7 (id 'segment-2'): velden.nummer"),
        (lambda e: e[7]["velden"].update(productcode="43-A9"), "velden.productcode: String"),
        (lambda e: e[7]["velden"].update(lijst="europa"), "velden.lijst: Input should be"),
        (lambda e: e[5].pop("bron"), "entry 6 (id 'begrip-va'): bron: Field required"),
        (lambda e: e[5].update(extra="x"), "entry 6 (id 'begrip-va'): extra: Extra inputs"),
    ],
)
def test_schema_violations_name_file_entry_and_field(
    tmp_path: Path, mutate: Any, expected: str
) -> None:
    entries = _entries()
    mutate(entries)
    problems = _problems(_write(tmp_path, entries))
    assert any(expected in p and p.startswith("inhoud.yaml: entry ") for p in problems), problems


@pytest.mark.parametrize(
    "stub", ["<", "Zie <", "zie <", " > ", "->", "", "   ", "Zie", "TODO", "nan", "None", "null",
             "?", "...", "…"],
)  # fmt: skip
def test_placeholders_in_fields_are_refused(tmp_path: Path, stub: str) -> None:
    """A cut-off table cell ("Planning: <") or a value left for later must fail at load time,
    in typed and in free fields, and in a title or text, instead of reaching a user."""
    for mutate, where in (
        (lambda e: e[2]["velden"].update(planning=stub), "entry 3 (id 'actie-1-1'): velden"),
        (lambda e: e[2]["velden"].update(toelichting=stub), "entry 3 (id 'actie-1-1'): velden"),
        (lambda e: e[4]["velden"].update(eigenaar=stub), "entry 5 (id 'plan-actie'): velden"),
        (lambda e: e[8]["velden"].update(kosten={"2025": stub}), "(id 'haaglanden-prio')"),
        (lambda e: e[8].update(tekst=stub), "entry 9 (id 'haaglanden-prio')"),
    ):
        entries = _entries()
        mutate(entries)
        problems = _problems(_write(tmp_path, entries))
        assert len(problems) == 1 and where in problems[0], (stub, problems)


def test_values_that_only_look_short_are_content(tmp_path: Path) -> None:
    """Faithful short cells of the sources stay: "PM" (pro memorie), "-" and "nvt" in a
    budget table, "2023" as a planning."""
    entries = _entries()
    entries[8]["velden"].update(kosten="PM", posten={"2025": "-", "2026": "nvt"}, planning="2023")
    assert len(load_knowledge(_write(tmp_path, entries))) == 9


def test_reform_agenda_action_without_a_term_says_so(tmp_path: Path) -> None:
    """No planning is allowed only with the sentence that explains why the plan names none."""
    entries = _entries()
    del entries[2]["velden"]["planning"]
    entries[2]["velden"]["planning_uitleg"] = "Het programmaplan noemt geen termijn."
    base = load_knowledge(_write(tmp_path, entries))
    assert base.get("actie-1-1").velden.planning is None


def test_contact_details_are_refused(tmp_path: Path) -> None:
    entries = _entries()
    entries[8]["tekst"] = "Bel Jan op 06-12345678 of mail jan@example.nl."
    problems = _problems(_write(tmp_path, entries))
    assert problems == [
        "inhoud.yaml: entry 9 (id 'haaglanden-prio'): Value error, bevat persoonlijke "
        "contactgegevens (e-mailadres of telefoon)"
    ]


def test_file_that_is_not_a_list_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, _entries())
    (tmp_path / "kapot.yaml").write_text("id: los\n", encoding="utf-8")
    (tmp_path / "stuk.yaml").write_text("- [unclosed\n", encoding="utf-8")
    problems = _problems(tmp_path)
    assert "kapot.yaml: verwacht een YAML-lijst van entries, kreeg dict" in problems
    assert any(p.startswith("stuk.yaml: geen geldige YAML") for p in problems)


def test_data_files_for_other_parts_are_not_entries(tmp_path: Path) -> None:
    _write(tmp_path, _entries())
    (tmp_path / "kengetallen.yaml").write_text("kengetallen: []\n", encoding="utf-8")
    (tmp_path / "aliases.yaml").write_text("gemeenten: {}\n", encoding="utf-8")
    assert len(load_knowledge(tmp_path)) == 9


def test_regional_catalogue_and_national_lists_become_product_entries(tmp_path: Path) -> None:
    _write(tmp_path, _entries())
    shutil.copytree(KNOWLEDGE_DIR / "reference", tmp_path / "reference")
    (tmp_path / "pdc_demo.yaml").write_text(
        yaml.safe_dump(
            {
                "producten": [
                    {"productcode": "43A09", "product_naam": "Pleegzorg (PDC)", "segment_nr": 2},
                    {
                        "productcode": "46A03",
                        "product_naam": "Crisisopvang met verblijf",
                        "productcategorie": "46",
                        "segment_nr": 5,
                        "subsegment": "crisis",
                        "eenheid": "etmaal",
                        "tarief_eur": 250.5,
                        "is_verblijf": True,
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    base = load_knowledge(tmp_path)
    # The curated 43A09 wins over the catalogue's; the national meaning is kept next to it.
    assert [p.id for p in base.products["43A09"]] == ["product-43a09", "ijw-43a09"]
    crisis = base.get("product-46a03")
    assert isinstance(crisis, ProductEntry)
    assert crisis.velden.segment == 5 and crisis.bron.document == "pdc_demo.yaml"
    assert "€ 250,50" in crisis.tekst
    assert base.get("productcategorie-43") is not None


def test_kb_check_passes_on_the_real_base() -> None:
    result = CliRunner().invoke(kb_app, ["check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK ")
    assert "1: 11, 2: 8, 3: 10, 4: 2, 5: 3, 6: 7, 7: 9, 8: 1" in " ".join(result.output.split())


def test_kb_check_fails_with_precise_messages(tmp_path: Path) -> None:
    entries = _entries()
    entries[3]["velden"]["nummer"] = 3
    _write(tmp_path, entries)
    result = CliRunner().invoke(kb_app, ["check", str(tmp_path)])
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "FOUT acties van hoofdstuk 1 zijn niet genummerd 1..2" in text
    assert "1 fout(en)" in text


# ---------------------------------------------------------------- the real base against the plan


def test_reform_agenda_has_two_goals_and_eight_opgaven(base: KnowledgeBase) -> None:
    doelen = sorted(e.velden.nummer for e in base.of_soort("doel"))
    opgaven = sorted(
        e.velden.nummer
        for e in base.of_soort("opgave")
        if isinstance(e, OpgaveEntry) and e.velden.kader == "hervormingsagenda"
    )
    assert doelen == [1, 2]
    assert opgaven == [1, 2, 3, 4, 5, 6, 7, 8]


def test_actions_per_hoofdstuk_match_bijlage_4(base: KnowledgeBase) -> None:
    counts = Counter(a.velden.hoofdstuk for a in base.actions())
    assert [counts[h] for h in range(1, 9)] == [11, 8, 10, 2, 3, 7, 9, 1]
    assert sum(counts.values()) == 51


def _bijlage_4_rows() -> dict[tuple[int, int], tuple[str, str]]:
    """(hoofdstuk, nummer) -> (Uitvoering, Planning) parsed from the source's Bijlage 4 table."""
    text = (KNOWLEDGE_DIR / "sources" / DOC).read_text(encoding="utf-8")
    start = text.index("Hoofdstuk 1 Reikwijdte")
    section = text[start : text.index("Bijlage 5 -Actieplan", start)]
    rows: dict[tuple[int, int], tuple[str, str]] = {}
    hoofdstuk, last = 0, None
    for line in section.splitlines():
        cells = line.split("\t")
        heading = re.match(r"Hoofdstuk (\d)", cells[0])
        if heading:
            hoofdstuk = int(heading.group(1))
            continue
        if len(cells) != 5:
            continue
        if cells[0].strip().isdigit():
            last = (hoofdstuk, int(cells[0]))
            rows[last] = (cells[2].strip(), cells[4].strip())
        elif last and cells[4].strip():  # a planning cell that continues on the next line
            carrier, planning = rows[last]
            rows[last] = (carrier, f"{planning} {cells[4].strip()}")
    return rows


def test_every_action_has_the_carrier_and_planning_of_the_document(base: KnowledgeBase) -> None:
    rows = _bijlage_4_rows()
    assert len(rows) == 51
    for action in base.actions():
        v = action.velden
        carrier, planning = rows[(v.hoofdstuk, v.nummer)]
        assert v.uitvoerder == carrier, action.id
        if planning in ("<", "Zie <"):
            # Only an arrow to the toelichting: the term comes from there (or the plan names
            # none); tests/knowledge/test_hervormingsagenda_content.py checks which.
            assert v.planning_uit_toelichting or (v.planning is None and v.planning_uitleg)
            continue
        assert " ".join((v.planning or "").split()) == " ".join(planning.split()), action.id


def test_five_segments_and_the_segment_2_products(base: KnowledgeBase) -> None:
    segments = [
        e
        for e in base.of_soort("segment")
        if isinstance(e, SegmentEntry) and not e.velden.subsegment
    ]
    assert sorted(s.velden.nummer for s in segments) == [1, 2, 3, 4, 5]
    segment_2 = {
        p.velden.productcode: (p.velden.naam, p.velden.subsegment)
        for p in base.entries
        if isinstance(p, ProductEntry) and p.velden.lijst == "regio" and p.velden.segment == 2
    }
    assert segment_2 == {
        "43A09": ("Pleegzorg", "gezinsnabij"),
        "43A10": ("Gezinshuis", "gezinsnabij"),
        "43A14": ("Woongroep", "wonen"),
        "43B99": ("Begeleiding naar zelfstandig wonen", "wonen"),
    }
    subsegments = {
        (e.velden.nummer, e.velden.subsegment): e.velden.productcodes
        for e in base.of_soort("segment")
        if isinstance(e, SegmentEntry) and e.velden.subsegment
    }
    assert subsegments == {(1, "verblijf"): [], (2, "gezinsnabij"): ["43A09", "43A10"],
                           (2, "wonen"): ["43A14", "43B99"]}  # fmt: skip


def test_43a14_has_a_regional_and_a_national_meaning(base: KnowledgeBase) -> None:
    regional, national = base.products["43A14"]
    assert (regional.velden.lijst, regional.velden.naam) == ("regio", "Woongroep")
    assert (national.velden.lijst, national.velden.naam) == (
        "landelijk",
        "Observatie: inspanningsgericht",
    )


def test_glossary_covers_the_abbreviations_of_the_documents(base: KnowledgeBase) -> None:
    afkortingen = {e.velden.afkorting for e in base.of_soort("begrip")}
    for required in ("UHP", "VA", "RMT", "GI", "JZ+", "PDC", "BRT", "BPF", "IZA", "GALA", "JIM",
                     "PxQ", "LTA", "LEF", "JGZ", "OKO", "NJI", "JB/JR", "PM"):  # fmt: skip
        assert required in afkortingen
    pm = next(e for e in base.of_soort("begrip") if e.velden.afkorting == "PM")
    assert len(pm.velden.betekenissen) == 2
