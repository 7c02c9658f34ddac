"""The regional plans in the knowledge base checked against their source documents.

Covers knowledge/programma_10vdj.yaml (programme plan Een 10 voor de Jeugd, its action plan
2024-2025 and the segment 2 action plan), knowledge/haaglanden.yaml and
knowledge/zuid_holland_zuid.yaml. Expected values are parsed here from the source texts, so a
figure, owner or budget cell typed wrong in the YAML fails even when the YAML is well-formed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
SOURCES = KNOWLEDGE / "sources"
PLAN_10VDJ = "000_05fd599307ad2e89.txt"
PLAN_ZHZ = "001_9ed6bf435e31ceb8.txt"
PLAN_HGL = "002_2d82f4a8b97cdc0c.txt"

# file -> (id prefix, the one source document its entries come from)
FILES = {
    "programma_10vdj.yaml": ("p10-", PLAN_10VDJ),
    "haaglanden.yaml": ("hgl-", PLAN_HGL),
    "zuid_holland_zuid.yaml": ("zhz-", PLAN_ZHZ),
}
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+31|(?<![\d.,])0)(?:[\s()\-]*\d){9}(?![\d.,])")
MAX_TEKST = 600
YEARS = ("2023", "2024", "2025", "2026")

Entry = dict[str, Any]


# ------------------------------------------------------------------ helpers


def _source(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    return _source(name).splitlines()


def _section(name: str, start: str, end: str) -> list[str]:
    """Lines strictly between the heading line `start` and the line `end` (exact matches).

    Exact matching skips the table of contents, whose lines carry dots and page numbers.
    """
    lines = _lines(name)
    first = lines.index(start)
    last = lines.index(end, first + 1)
    return lines[first + 1 : last]


def _norm(value: object) -> str:
    """Compare cells by letters and digits only: '1.000.000' == 1000000, '+15.000' == 15000."""
    return re.sub(r"[^a-z0-9]", "", str(value).lower())


def _dutch_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _walk(value: Any, keys: bool = True) -> Iterator[Any]:
    """Every scalar in a nested structure (mapping keys too, unless keys=False)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if keys:
                yield key
            yield from _walk(item, keys)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, keys)
    else:
        yield value


def _by_id(entries: list[Entry]) -> dict[str, Entry]:
    return {entry["id"]: entry for entry in entries}


@pytest.fixture(scope="module")
def files() -> dict[str, list[Entry]]:
    loaded = {}
    for name in FILES:
        data = yaml.safe_load((KNOWLEDGE / name).read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{name} must be a YAML list of entries"
        loaded[name] = data
    return loaded


@pytest.fixture(scope="module")
def p10(files: dict[str, list[Entry]]) -> list[Entry]:
    return files["programma_10vdj.yaml"]


@pytest.fixture(scope="module")
def hgl(files: dict[str, list[Entry]]) -> list[Entry]:
    return files["haaglanden.yaml"]


@pytest.fixture(scope="module")
def zhz(files: dict[str, list[Entry]]) -> list[Entry]:
    return files["zuid_holland_zuid.yaml"]


@pytest.fixture(scope="module")
def everything(files: dict[str, list[Entry]]) -> list[Entry]:
    return [entry for entries in files.values() for entry in entries]


# ------------------------------------------------------------------ form, sources, privacy


def test_ids_unique_with_the_right_prefix(files: dict[str, list[Entry]]) -> None:
    seen: set[str] = set()
    for name, entries in files.items():
        prefix, _ = FILES[name]
        for entry in entries:
            entry_id = entry["id"]
            assert ID_PATTERN.match(entry_id), entry_id
            assert entry_id.startswith(prefix), f"{name}: {entry_id} mist prefix {prefix}"
            assert entry_id not in seen, f"dubbele id {entry_id}"
            seen.add(entry_id)


def test_every_source_document_exists_and_is_the_files_own(
    files: dict[str, list[Entry]],
) -> None:
    for name, entries in files.items():
        _, document = FILES[name]
        for entry in entries:
            bron = entry["bron"]
            assert (SOURCES / bron["document"]).is_file(), entry["id"]
            assert bron["document"] == document, entry["id"]
            assert bron["locatie"].strip(), entry["id"]


def test_entries_validate_against_the_schema(everything: list[Entry]) -> None:
    from bot.knowledge.schema import ENTRY_LIST_ADAPTER

    assert len(ENTRY_LIST_ADAPTER.validate_python(everything)) == len(everything)


def test_the_loader_accepts_every_entry(everything: list[Entry]) -> None:
    """Through the real loader: our entries load, and no problem it reports is ours."""
    from bot.knowledge.loader import collect

    entries, problems = collect(KNOWLEDGE)
    ours = [p for p in problems if any(n in p for n in FILES) or re.search(r"(p10|hgl|zhz)-", p)]
    assert ours == []
    loaded = {entry.id for entry in entries}
    assert {entry["id"] for entry in everything} <= loaded


def test_no_contact_details_anywhere_in_the_files() -> None:
    for name in FILES:
        text = (KNOWLEDGE / name).read_text(encoding="utf-8")
        assert not EMAIL.search(text), f"{name}: e-mailadres {EMAIL.search(text)}"
        assert not PHONE.search(text), f"{name}: telefoonnummer {PHONE.search(text)}"


def test_no_dutch_number_silently_parsed_as_a_float(everything: list[Entry]) -> None:
    """YAML reads 1.090 as the float 1.09: every amount must be an int or a quoted string."""
    for entry in everything:
        floats = [v for v in _walk(entry.get("velden") or {}) if isinstance(v, float)]
        assert floats == [], f"{entry['id']}: {floats}"


def test_texts_are_chat_sized(everything: list[Entry]) -> None:
    too_long = {e["id"]: len(e["tekst"]) for e in everything if len(e["tekst"]) > MAX_TEKST}
    assert too_long == {}


def test_texts_write_numbers_the_dutch_way(everything: list[Entry]) -> None:
    """Numbers of four digits or more carry thousands dots (9.201), years excepted."""
    bare = re.compile(r"(?<![\d.,])\d{4,}(?![\d.,])")
    wrong = [
        (entry["id"], found)
        for entry in everything
        for found in bare.findall(entry["titel"] + " " + entry["tekst"])
        if not 1990 <= int(found) <= 2100
    ]
    assert wrong == []


def test_size_of_the_plans_part(everything: list[Entry]) -> None:
    assert len(everything) >= 120


# ------------------------------------------------------------------ Een 10 voor de Jeugd


def test_programme_opgaven_match_the_plan(p10: list[Entry]) -> None:
    text = _source(PLAN_10VDJ)
    listed = re.findall(
        r"^([123])\. (.+)$", text.split("De opgaves voor de komende periode")[1][:4000], re.M
    )
    names = {int(n): name.strip() for n, name in listed}
    opgaven = [e for e in p10 if e["soort"] == "opgave"]
    assert [e["id"] for e in opgaven] == ["p10-opgave-1", "p10-opgave-2", "p10-opgave-3"]
    for entry in opgaven:
        velden = entry["velden"]
        assert velden["kader"] == "programma-10vdj"
        assert velden["naam"] == names[velden["nummer"]]
        assert f"{velden['hoofdstuk']}. {velden['naam']}" in text


def test_ambition_figures_stand_in_the_plan(p10: list[Entry]) -> None:
    text = _source(PLAN_10VDJ)
    ambitions = [e for e in p10 if e["id"].startswith("p10-ambitie-2028-")]
    assert len(ambitions) == 15
    for entry in ambitions:
        velden = entry["velden"]
        for key in ("streefwaarde", "aantal"):
            value = velden.get(key)
            if isinstance(value, int):
                assert re.search(rf"(?<![\d.]){re.escape(_dutch_int(value))}(?![\d])", text) or (
                    str(value) in text
                ), f"{entry['id']}: {value}"
            elif isinstance(value, str):
                assert value in text, f"{entry['id']}: {value}"


def test_zorgkosten_totals_match_the_plan(p10: list[Entry]) -> None:
    text = _source(PLAN_10VDJ)
    velden = _by_id(p10)["p10-zorgkosten-totaal"]["velden"]
    for year, amount in velden["bedragen"].items():
        assert re.search(rf"^{year}\t€ {re.escape(_dutch_int(amount))}\t", text, re.M), year
    for year, pct in velden["ontwikkeling"].items():
        assert re.search(rf"^{year}\t€ [\d.]+\t{re.escape(pct)}$", text, re.M), year


def test_cost_development_per_gemeente_matches_the_plan(p10: list[Entry]) -> None:
    lines = _lines(PLAN_10VDJ)
    header = next(line for line in lines if line.startswith("Ontwikkeling zorgkosten\t"))
    gemeenten = header.split("\t")[1:]
    velden = _by_id(p10)["p10-kostenontwikkeling-gemeenten"]["velden"]
    for label in ("2022 versus 2021", "2023 versus 2022"):
        row = next(line for line in lines if line.startswith(label + "\t")).split("\t")[1:]
        assert velden[label] == dict(zip(gemeenten, row, strict=True))


def test_0_meting_youths_per_gemeente_match_bijlage_2(p10: list[Entry]) -> None:
    section = _section(PLAN_10VDJ, "Bijlage 2. De 0-meting", "Bijlage 3 - Actieplan 2024 - 2025")
    header = next(line for line in section if line.startswith("\tAsten\t")).split("\t")[1:]
    gemeenten = [re.sub(r"-\s+", "-", g).replace("Totaal Een10vdJ", "Totaal") for g in header]
    velden = _by_id(p10)["p10-0-meting-jeugdigen-per-gemeente"]["velden"]
    for year in ("2022", "2023"):
        row = next(line for line in section if line.startswith(year + "\t") and "." in line)
        numbers = [int(cell.replace(".", "")) for cell in row.split("\t")[1:]]
        assert velden[year] == dict(zip(gemeenten, numbers, strict=True))
    growth = next(line for line in section if line.startswith("Ontwikkeling\t")).split("\t")[1:]
    assert velden["ontwikkeling"] == dict(zip(gemeenten, growth, strict=True))


def test_0_meting_verblijf_per_gemeente_matches_bijlage_2(p10: list[Entry]) -> None:
    section = _section(PLAN_10VDJ, "Bijlage 2. De 0-meting", "Bijlage 3 - Actieplan 2024 - 2025")
    velden = _by_id(p10)["p10-0-meting-verblijf-per-gemeente"]["velden"]
    start = next(i for i, line in enumerate(section) if line.startswith("\tS1-verblijf"))
    rows = 0
    for line in section[start + 2 :]:
        if not line.strip():
            continue
        if "\t" not in line:
            break
        cells = line.split("\t")
        # Blank cells in the published table are read as 0 (see the monitor contract).
        values = [int(c) if c.strip() else 0 for c in (cells[1:] + [""] * 6)[:6]]
        assert velden[cells[0]] == values, cells[0]
        rows += 1
    assert rows == 12  # 11 gemeenten and the Eindtotaal
    columns = list(
        zip(
            *(
                velden[g]
                for g in velden
                if isinstance(velden[g], list) and g not in ("kolommen", "Eindtotaal")
            ),
            strict=True,
        )
    )
    assert [sum(column) for column in columns] == velden["Eindtotaal"]


def _action_plan_rows() -> list[tuple[int, str, str]]:
    """(opgave number, resultaat label, action text) per table row of Bijlage 3, in order."""
    section = _section(
        PLAN_10VDJ, "Bijlage 3 - Actieplan 2024 - 2025", "Bijlage 4 - Acties Hervormingsagenda"
    )
    rows: list[tuple[int, str, str]] = []
    opgave, label = 0, ""
    for line in section:
        if "\t" not in line:
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if cells[0].startswith("--"):
            continue  # a conversion artefact, not a row
        if len(cells) >= 2 and cells[0] and not cells[1]:
            opgave, label = opgave + 1, ""
            continue
        if cells[0]:
            label = cells[0]
        rows.append((opgave, label, cells[1]))
    return rows


def test_action_plan_2024_2025_covers_every_row_of_bijlage_3(p10: list[Entry]) -> None:
    rows = _action_plan_rows()
    assert len(rows) == 36
    assert [opgave for opgave, _, _ in rows].count(1) == 14
    assert {opgave for opgave, _, _ in rows} == {1, 2, 3}

    actions = [
        e
        for e in p10
        if e["soort"] == "actie" and e["velden"]["kader"] == "actieplan-10vdj-2024-2025"
    ]
    covered: list[int] = []
    for number, entry in enumerate(actions, 1):
        velden = entry["velden"]
        assert velden["volgnummer"] == number
        for row in velden["rijen"]:
            opgave, label, _ = rows[row - 1]
            assert velden["opgave"] == opgave, entry["id"]
            assert velden["resultaat"] == label, entry["id"]
        covered.extend(velden["rijen"])
    # Every row exactly once and in document order; only a row that merely specifies the one
    # before it ("Dit gaat over onderwerpen als ...") shares an entry with it.
    assert covered == list(range(1, len(rows) + 1))
    merged = [e["velden"]["rijen"] for e in actions if len(e["velden"]["rijen"]) > 1]
    assert merged == [[31, 32]] and rows[31][2].startswith("Dit gaat over")
    assert len(actions) == len(rows) - 1


def test_segment_2_actions_match_the_action_and_cost_tables(p10: list[Entry]) -> None:
    section = _section(
        PLAN_10VDJ, "3.2 De concrete acties", "Samenwerking op acties met Samen voor Jeugd"
    )
    names = {}
    for line in section:
        match = re.match(r"^(\d+)\t([^\t]+)\t", line)
        if match:
            names[int(match.group(1))] = match.group(2).strip()
    assert sorted(names) == list(range(1, 18))

    cost_section = _section(
        PLAN_10VDJ,
        "4.1 Wat mag het kosten en hoe gaan we dat betalen",
        "(1) Bovenregionaal Expertisecentrum",
    )
    costs = []
    for line in cost_section:
        match = re.match(r"^\d+\t([^\t]+)\t([^\t]*)", line)
        if match:
            costs.append((match.group(1).strip(), re.sub(r"\(\d\)", "", match.group(2))))
    assert len(costs) == 17

    actions = [
        e for e in p10 if e["soort"] == "actie" and e["velden"]["kader"] == "actieplan-segment-2"
    ]
    assert [e["velden"]["nummer"] for e in actions] == list(range(1, 18))
    for entry in actions:
        name = names[entry["velden"]["nummer"]]
        # The cost table numbers two actions the other way round, so match it by name.
        cost_name, cost = max(costs, key=lambda c: fuzz.token_set_ratio(c[0], name))
        assert fuzz.token_set_ratio(cost_name, name) >= 80, (name, cost_name)
        assert _norm(entry["velden"]["kosten"]) == _norm(cost), entry["id"]


def test_both_bijlage_2_entries_exist_for_the_clarifying_question(p10: list[Entry]) -> None:
    bijlage_2 = {
        e["velden"]["document_deel"]: e["id"]
        for e in p10
        if str((e.get("velden") or {}).get("bijlage")) == "2"
    }
    assert bijlage_2 == {
        "programmaplan": "p10-bijlage-2-0-meting",
        "actieplan segment 2": "p10-s2-bijlage-2-factsheet",
    }


def test_governance_bodies_of_bijlage_1_are_all_there(p10: list[Entry]) -> None:
    section = _section(PLAN_10VDJ, "Bijlage 1 - Governance structuur", "Bijlage 2. De 0-meting")
    bodies = [line.split("\t")[0] for line in section if line.count("\t") >= 2][1:]
    listed = _by_id(p10)["p10-governance"]["velden"]["organen"]
    assert listed == bodies
    titles = " ".join(e["titel"] for e in p10 if e["soort"] == "governance")
    for body in bodies:
        short = re.sub(r"\s*\(.*\)", "", body).replace(" Segment 1 - 5", "")
        assert short.lower() in titles.lower(), body


# ------------------------------------------------------------------ Haaglanden


def test_haaglanden_has_its_five_ambitions(hgl: list[Entry]) -> None:
    text = _source(PLAN_HGL)
    listed = dict(
        re.findall(
            r"^([1-5])\. (.+)$",
            text.split("vijf gezamenlijke inhoudelijke ambities")[1][:800],
            re.M,
        )
    )
    ambitions = [e for e in hgl if e["soort"] == "ambitie"]
    assert [e["velden"]["nummer"] for e in ambitions] == [1, 2, 3, 4, 5]
    for entry in ambitions:
        assert entry["velden"]["naam"] == listed[str(entry["velden"]["nummer"])].strip()
    assert _by_id(hgl)["hgl-ambities"]["velden"]["ambities"] == [
        listed[str(n)].strip() for n in range(1, 6)
    ]


def test_haaglanden_has_its_six_priorities_with_actions(hgl: list[Entry]) -> None:
    lines = _lines(PLAN_HGL)
    table = [line.split("\t") for line in lines if re.search(r"\t4\.[1-6]$", line)]
    assert len(table) == 6
    priorities = [e for e in hgl if e["soort"] == "prioriteit"]
    assert [e["velden"]["nummer"] for e in priorities] == [1, 2, 3, 4, 5, 6]
    for entry, (name, ambities, paragraaf) in zip(priorities, table, strict=True):
        velden = entry["velden"]
        assert velden["paragraaf"] == paragraaf
        assert velden["naam"] == name
        assert " ".join(velden["ambities"]) == ambities.strip()
        actions = [
            e
            for e in hgl
            if e["soort"] == "actie" and e["velden"]["prioriteit"] == velden["nummer"]
        ]
        assert [a["velden"]["nummer"] for a in actions] == list(range(1, velden["acties"] + 1))
        assert all(a["velden"]["paragraaf"] == paragraaf for a in actions)
        for indicator in velden.get("indicatoren", []):
            assert indicator in _source(PLAN_HGL), indicator


def _budget_rows() -> list[list[str]]:
    section = _section(
        PLAN_HGL,
        "Bijlage 2 – Uitvoeringsplan – Regiobegroting 2023-2024",
        "regionale samenwerking",
    )
    return [
        [cell.strip() for cell in line.split("\t")] for line in section if line.count("\t") >= 4
    ]


def _budget_row(rows: list[list[str]], post: str) -> list[str]:
    """The four year cells (2023-2026) of the first row with a cell naming `post`."""
    for cells in rows:
        if any(c == post or c.startswith((post + " ", post + "(")) for c in cells):
            return cells[-4:]
    raise AssertionError(f"post '{post}' staat niet in Bijlage 2")


def test_haaglanden_budget_cells_match_bijlage_2(hgl: list[Entry]) -> None:
    rows = _budget_rows()
    checked = 0
    for entry in hgl:
        posten = (entry.get("velden") or {}).get("posten")
        if entry["soort"] != "financien" or not posten:
            continue
        for post, per_year in posten.items():
            cells = _budget_row(rows, post)
            assert list(per_year) == list(YEARS), (entry["id"], post)
            for year, cell in zip(YEARS, cells, strict=True):
                assert _norm(per_year[year]) == _norm(cell), (entry["id"], post, year, cell)
                checked += 1
    assert checked >= 4 * 30  # every post of the programmabegroting and the verrekeningen


def test_every_haaglanden_amount_occurs_in_the_source(hgl: list[Entry]) -> None:
    text = _source(PLAN_HGL)
    amounts = re.compile(r"€\s?(\d{1,3}(?:\.\d{3})+)")
    checked = 0
    for entry in hgl:
        if entry["soort"] != "financien":
            continue
        found: list[str] = amounts.findall(entry["tekst"])
        for value in _walk(entry["velden"], keys=False):
            if isinstance(value, int) and value >= 1000:
                found.append(_dutch_int(value))
            elif isinstance(value, str) and (leading := re.match(r"^(\d{4,})\b", value)):
                found.append(_dutch_int(int(leading.group(1))))
        for amount in found:
            assert re.search(rf"(?<![\d.]){re.escape(amount)}(?![\d])", text), (entry["id"], amount)
        checked += len(found)
    assert checked >= 150  # amounts in the texts and in every budget cell


# ------------------------------------------------------------------ Zuid-Holland Zuid


def _zhz_projects() -> dict[str, str]:
    """Project name -> its 'Wie/wanneer klaar?' text, continuation rows included."""
    lines = _lines(PLAN_ZHZ)
    projects: dict[str, str] = {}
    current = ""
    for i, line in enumerate(lines):
        if i == 0 or not lines[i - 1].startswith("Onderwerp:\t") or "\t" not in line:
            continue
        cells = line.split("\t")
        if cells[0].strip():
            current = cells[0].strip()
            projects[current] = ""
        projects[current] += " " + cells[-1]
    return {name: _clean(who) for name, who in projects.items()}


def _clean(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s*\^\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def test_zhz_projects_have_the_documents_owner_and_timing(zhz: list[Entry]) -> None:
    expected = _zhz_projects()
    assert len(expected) == 11
    projects = [e for e in zhz if e["soort"] == "project"]
    assert sorted(e["velden"]["onderwerp"] for e in projects) == sorted(expected)
    for entry in projects:
        velden = entry["velden"]
        who = expected[velden["onderwerp"]]
        assert velden["eigenaar"] in who, (entry["id"], who)
        assert velden["planning"] in who, (entry["id"], who)


def test_zhz_three_levels_principles_and_core_tasks(zhz: list[Entry]) -> None:
    text = _source(PLAN_ZHZ)
    principles = [e for e in zhz if e["id"].startswith("zhz-principe-")]
    assert [e["velden"]["nummer"] for e in principles] == [1, 2, 3]
    for entry in principles:
        assert f"{entry['velden']['nummer']}) {entry['velden']['naam']}" in text
    assert list(_by_id(zhz)["zhz-drie-niveaus"]["velden"]["niveaus"]) == ["1", "2", "3"]
    kerntaken = _by_id(zhz)["zhz-kerntaken"]["velden"]["kerntaken"]
    assert f"4 kerntaken: {', '.join(kerntaken[:3])} en {kerntaken[3]}" in text
