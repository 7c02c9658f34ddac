"""Load and validate the knowledge base: YAML content plus product entries generated from CSVs.

All problems are collected (not just the first) so `jeugdbot kb check` can report every broken
entry with its file, position and id in one run; load_knowledge() refuses a base with any problem,
because a wrong action carrier or product code is a wrong answer with a source attached.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.knowledge.schema import (
    ENTRY_ADAPTER,
    ActieEntry,
    AnyEntry,
    OtherEntry,
    ProductEntry,
)
from bot.paths import KNOWLEDGE_DIR

# Files directly under knowledge/ that are data for other parts, not knowledge entries.
NOT_CONTENT = {
    "kengetallen.yaml",
    "kengetallen_uitgesloten.yaml",  # the completeness check's exclusions, not answer content
    "aliases.yaml",
    "pdc_demo.yaml",
    "lexicon.yaml",
}
# The region's catalogue (the source of dim_product): YAML with a `producten` list, or CSV.
PDC_FILES = ("pdc_demo.yaml", "pdc_demo.csv")
PDC_FILE = PDC_FILES[0]
NATIONAL_PRODUCTS = Path("reference/ijw/standaardproductcodelijst_jeugdwet.csv")
NATIONAL_CATEGORIES = Path("reference/ijw/jz020_productcategorie.csv")


class KnowledgeError(Exception):
    """The base is invalid; `problems` holds one precise Dutch message per violation."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class KnowledgeBase:
    """The validated entries with the look-up tables answering needs."""

    entries: list[AnyEntry]
    directory: Path
    by_id: dict[str, AnyEntry] = field(init=False)
    products: dict[str, list[ProductEntry]] = field(init=False)  # code -> [regio, landelijk]
    _index: Any = field(init=False, default=None, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {entry.id: entry for entry in self.entries}
        self.products = defaultdict(list)
        for entry in self.entries:
            if isinstance(entry, ProductEntry):
                self.products[entry.velden.productcode].append(entry)
        for variants in self.products.values():
            variants.sort(key=lambda e: 0 if e.velden.lijst == "regio" else 1)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> AnyEntry | None:
        return self.by_id.get(entry_id)

    def of_soort(self, soort: str) -> list[AnyEntry]:
        return [entry for entry in self.entries if entry.soort == soort]

    def actions(self, kader: str = "hervormingsagenda") -> list[ActieEntry]:
        """Actions of one framework in document order (hoofdstuk, nummer)."""
        found = [e for e in self.entries if isinstance(e, ActieEntry) and e.velden.kader == kader]
        return sorted(found, key=lambda e: (e.velden.hoofdstuk or 0, e.velden.nummer or 0))

    @property
    def index(self) -> Any:
        """The search index, built once on first use (load_knowledge builds it eagerly)."""
        if self._index is None:
            from bot.knowledge.search import SearchIndex

            self._index = SearchIndex(self.entries)
        return self._index

    def search(self, query: str, k: int = 5) -> list[Any]:
        return self.index.search(query, k)


def content_files(directory: Path) -> list[Path]:
    """The YAML files directly under knowledge/ that hold entries, in a stable order."""
    files = [*directory.glob("*.yaml"), *directory.glob("*.yml")]
    return sorted(p for p in files if p.name not in NOT_CONTENT)


def _describe_error(error: dict[str, Any]) -> str:
    # Drop the discriminator tag pydantic puts in the location ("actie", "velden", "nummer").
    loc = [str(part) for part in error["loc"]]
    if loc and loc[0] in ENTRY_SOORTEN:
        loc = loc[1:]
    return f"{'.'.join(loc)}: {error['msg']}" if loc else str(error["msg"])


# libyaml's parser reads the knowledge base about ten times faster than the pure-Python one
# (bench/run.py: most of the start-up to the first answer was spent here) and gives the same
# data; both are safe loaders. Falls back when PyYAML was built without libyaml.
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=_YAML_LOADER)


ENTRY_SOORTEN = {
    "doel", "opgave", "actie", "segment", "product", "begrip", "plan", "ambitie", "prioriteit",
    "project", "principe", "maatregel", "financien", "governance", "monitoring", "overig",
}  # fmt: skip


def _read_yaml_entries(
    path: Path, problems: list[str], invalid_actions: list[tuple[int, int]] | None = None
) -> list[AnyEntry]:
    """Validated entries of one file; `invalid_actions` collects the numbers of broken actions
    so the numbering check does not report a second, misleading gap for the same entry."""
    try:
        raw = _yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(f"{path.name}: geen geldige YAML: {exc}")
        return []
    if raw is None:
        return []
    if not isinstance(raw, list):
        kind = type(raw).__name__
        problems.append(f"{path.name}: verwacht een YAML-lijst van entries, kreeg {kind}")
        return []
    entries: list[AnyEntry] = []
    for position, item in enumerate(raw, start=1):
        label = f"{path.name}: entry {position}"
        if isinstance(item, dict) and "id" in item:
            label += f" (id '{item['id']}')"
        if not isinstance(item, dict):
            problems.append(f"{label}: verwacht een mapping, kreeg {type(item).__name__}")
            continue
        try:
            entries.append(ENTRY_ADAPTER.validate_python(item))
        except ValidationError as exc:
            for error in exc.errors():
                problems.append(f"{label}: {_describe_error(dict(error))}")
            if invalid_actions is not None:
                raw_velden = item.get("velden")
                velden: dict[str, Any] = raw_velden if isinstance(raw_velden, dict) else {}
                if item.get("soort") == "actie" and velden.get("kader") == "hervormingsagenda":
                    hoofdstuk, nummer = velden.get("hoofdstuk"), velden.get("nummer")
                    if isinstance(hoofdstuk, int) and isinstance(nummer, int):
                        invalid_actions.append((hoofdstuk, nummer))
    return entries


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _euro(value: str) -> str:
    try:
        amount = float(value)
    except ValueError:
        return value
    text = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


def read_pdc(directory: Path) -> tuple[str, list[dict[str, Any]]]:
    """The catalogue rows and the file they came from (empty when the region has none)."""
    for name in PDC_FILES:
        path = directory / name
        if not path.exists():
            continue
        if path.suffix == ".csv":
            return name, list(_read_csv(path))
        raw = _yaml(path.read_text(encoding="utf-8")) or {}
        rows = raw.get("producten", []) if isinstance(raw, dict) else raw
        return name, [dict(row) for row in rows]
    return PDC_FILE, []


def regional_products(directory: Path, categories: dict[str, str]) -> list[ProductEntry]:
    """Product entries from the region's catalogue (the same file the marts' dim_product uses)."""
    source, rows = read_pdc(directory)
    entries: list[ProductEntry] = []
    for row in rows:
        code = str(row["productcode"]).strip()
        naam = str(row["product_naam"]).strip()
        segment_raw = str(row.get("segment_nr") or "").strip()
        segment = int(segment_raw) if segment_raw else None
        subsegment = str(row.get("subsegment") or "").strip() or None
        categorie = str(row.get("productcategorie") or "").strip()
        verblijf = str(row.get("is_verblijf") or "").strip().lower() in {"true", "1", "ja", "yes"}
        parts = [f"In de productencatalogus (PDC) van Een 10 voor de Jeugd is {code}: {naam}."]
        if segment:
            where = f"segment {segment}" + (f", subsegment {subsegment}" if subsegment else "")
            parts.append(f"Het product valt onder {where}.")
        if categorie:
            omschrijving = categories.get(categorie, "")
            suffix = f" ({omschrijving})." if omschrijving else "."
            parts.append(f"iJw-productcategorie {categorie}{suffix}")
        parts.append("Met verblijf." if verblijf else "Zonder verblijf.")
        if row.get("eenheid"):
            tarief = _euro(str(row.get("tarief_eur", "")))
            parts.append(f"Eenheid: {row['eenheid']}; tarief {tarief} (demo-PDC).")
        entries.append(
            ProductEntry.model_validate(
                {
                    "id": f"product-{code.lower()}",
                    "soort": "product",
                    "titel": f"Product {code} – {naam}",
                    "tekst": " ".join(parts),
                    "velden": {
                        "productcode": code,
                        "naam": naam,
                        "segment": segment,
                        "subsegment": subsegment,
                        "lijst": "regio",
                        "productcategorie": categorie or None,
                        "eenheid": row.get("eenheid") or None,
                        "is_verblijf": verblijf,
                    },
                    "bron": {"document": source, "locatie": f"productcode {code}"},
                    "trefwoorden": [naam.lower(), code.lower()],
                }
            )
        )
    return entries


def national_products(directory: Path) -> list[ProductEntry]:
    """Entries for the national standard product codes (not the header lines)."""
    path = directory / NATIONAL_PRODUCTS
    if not path.exists():
        return []
    entries: list[ProductEntry] = []
    for row in _read_csv(path):
        if row.get("is_kopregel") == "ja":
            continue
        code = row["productcode"].strip()
        naam = row["omschrijving"].strip()
        tekst = (
            f"In de landelijke Standaardproductcodelijst Jeugdwet betekent {code}: {naam}. "
            f"Productcategorie {row['productcategorie']} ({row['productcategorie_omschrijving']})"
        )
        if row.get("uitvoeringsvariant"):
            tekst += f", uitvoeringsvariant {row['uitvoeringsvariant'].lower()}"
        if row.get("hulpvorm_omschrijving"):
            tekst += f", CBS-hulpvorm {row['hulpvorm_omschrijving']}"
        entries.append(
            ProductEntry.model_validate(
                {
                    "id": f"ijw-{code.lower()}",
                    "soort": "product",
                    "titel": f"Landelijke productcode {code} – {naam}",
                    "tekst": tekst + ".",
                    "velden": {
                        "productcode": code,
                        "naam": naam,
                        "lijst": "landelijk",
                        "productcategorie": row["productcategorie"],
                    },
                    "bron": {
                        "document": NATIONAL_PRODUCTS.name,
                        "locatie": f"productcode {code}",
                    },
                }
            )
        )
    return entries


def national_categories(directory: Path) -> dict[str, str]:
    path = directory / NATIONAL_CATEGORIES
    if not path.exists():
        return {}
    return {row["productcategorie"]: row["omschrijving"] for row in _read_csv(path)}


def category_entries(categories: dict[str, str]) -> list[OtherEntry]:
    return [
        OtherEntry.model_validate(
            {
                "id": f"productcategorie-{code}",
                "soort": "overig",
                "titel": f"iJw-productcategorie {code} – {omschrijving}",
                "tekst": f"In de landelijke codelijst JZ020 is productcategorie {code}: "
                f"{omschrijving}.",
                "velden": {"productcategorie": code},
                "bron": {"document": NATIONAL_CATEGORIES.name, "locatie": f"code {code}"},
                "trefwoorden": ["productcategorie"],
            }
        )
        for code, omschrijving in categories.items()
    ]


def check_rules(
    entries: list[AnyEntry],
    sources_dir: Path,
    invalid_actions: Iterable[tuple[int, int]] = (),
) -> list[str]:
    """Rules across entries: unique ids, action numbering, sources present."""
    problems: list[str] = []
    seen: dict[str, int] = defaultdict(int)
    for entry in entries:
        seen[entry.id] += 1
    for entry_id, count in seen.items():
        if count > 1:
            problems.append(f"id '{entry_id}' komt {count} keer voor; ids moeten uniek zijn")

    numbers: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for entry in entries:
        if isinstance(entry, ActieEntry) and entry.velden.kader == "hervormingsagenda":
            assert entry.velden.hoofdstuk is not None and entry.velden.nummer is not None
            numbers[entry.velden.hoofdstuk].append((entry.velden.nummer, entry.id))
    for hoofdstuk, nummer in invalid_actions:  # already reported as invalid entries
        numbers[hoofdstuk].append((nummer, ""))
    for hoofdstuk, found in sorted(numbers.items()):
        got = sorted(n for n, _ in found)
        expected = list(range(1, len(got) + 1))
        if got != expected:
            doubles = sorted({n for n in got if got.count(n) > 1})
            missing = sorted(set(expected) - set(got))
            detail = []
            if doubles:
                detail.append("dubbel: " + ", ".join(map(str, doubles)))
            if missing:
                detail.append("ontbreekt: " + ", ".join(map(str, missing)))
            problems.append(
                f"acties van hoofdstuk {hoofdstuk} zijn niet genummerd 1..{len(got)} "
                f"(gevonden {got}; {'; '.join(detail)})"
            )

    generated = {*PDC_FILES, NATIONAL_PRODUCTS.name, NATIONAL_CATEGORIES.name}
    for entry in entries:
        document = entry.bron.document
        if document in generated:
            continue
        if not (sources_dir / document).is_file():
            problems.append(
                f"id '{entry.id}': bron.document '{document}' staat niet in {sources_dir.name}/"
            )
    return problems


def collect(directory: Path = KNOWLEDGE_DIR) -> tuple[list[AnyEntry], list[str]]:
    """Read everything and return the entries and every problem found (for `kb check`)."""
    problems: list[str] = []
    entries: list[AnyEntry] = []
    if not directory.is_dir():
        return [], [f"map {directory} bestaat niet"]
    invalid_actions: list[tuple[int, int]] = []
    for path in content_files(directory):
        entries.extend(_read_yaml_entries(path, problems, invalid_actions))
    categories = national_categories(directory)
    # A curated YAML entry for a regional product (e.g. the segment 2 products with the
    # plan's own figures) replaces the catalogue's generated one for the same code.
    curated = {
        e.velden.productcode
        for e in entries
        if isinstance(e, ProductEntry) and e.velden.lijst == "regio"
    }
    try:
        entries.extend(
            p
            for p in regional_products(directory, categories)
            if p.velden.productcode not in curated
        )
    except (KeyError, ValueError, ValidationError) as exc:
        problems.append(f"{PDC_FILE}: onleesbaar: {exc}")
    entries.extend(national_products(directory))
    entries.extend(category_entries(categories))
    problems.extend(check_rules(entries, directory / "sources", invalid_actions))
    return entries, problems


def load_knowledge(directory: Path = KNOWLEDGE_DIR, *, build_index: bool = True) -> KnowledgeBase:
    """The validated base; raises KnowledgeError listing every problem when it is not valid."""
    entries, problems = collect(directory)
    if problems:
        raise KnowledgeError(problems)
    base = KnowledgeBase(entries=entries, directory=directory)
    if build_index:
        _ = base.index
    return base
