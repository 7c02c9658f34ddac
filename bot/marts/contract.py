"""The monitor-mart contract of docs/monitor-marts.md, as data.

The builder, the checker, the SQL guard's table allow-list and the query layer all read the
same definitions from here, so a change to the contract is made in one place. Types are DuckDB
types; a region's own marts may use a compatible type of the same family (an INTEGER column
stored as BIGINT, money as DOUBLE), which the checker accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Type families: the demo writes the first type of each family; the checker accepts any member.
INTEGER_TYPES = frozenset(
    {
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
    }
)
NUMERIC_TYPES = INTEGER_TYPES | {"DOUBLE", "FLOAT", "REAL"}
TEXT_TYPES = frozenset({"VARCHAR"})
DATE_TYPES = frozenset({"DATE", "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S"})
BOOL_TYPES = frozenset({"BOOLEAN"})

FAMILIES: dict[str, frozenset[str]] = {
    "VARCHAR": TEXT_TYPES,
    "INTEGER": INTEGER_TYPES,
    "BIGINT": INTEGER_TYPES,
    "DATE": DATE_TYPES,
    "BOOLEAN": BOOL_TYPES,
    "DECIMAL(10,2)": NUMERIC_TYPES,
    "DECIMAL(14,2)": NUMERIC_TYPES,
    "DOUBLE": NUMERIC_TYPES,
}

REGION_NAME = "Een 10 voor de Jeugd"

VERWIJZERS: tuple[str, ...] = (
    "gemeente",
    "huisarts",
    "jeugdarts",
    "gecertificeerde instelling",
    "medisch specialist",
    "overig",
)
SUBSEGMENTEN: tuple[str, ...] = (
    "verblijf",
    "ambulant",
    "gezinsnabij",
    "wonen",
    "dagbehandeling",
    "dagbesteding",
    "vervoer",
    "ggz",
    "dyslexie",
    "crisis",
)
META_KEYS_REQUIRED: tuple[str, ...] = ("peildatum", "bron", "versie")


@dataclass(frozen=True)
class Column:
    """One column: its DuckDB type, whether NULL is allowed, and the values it may take."""

    name: str
    type: str
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None  # regular expression every non-null value must match
    description: str = ""

    def accepts_type(self, duckdb_type: str) -> bool:
        t = duckdb_type.upper()
        if t.startswith("DECIMAL"):
            return self.type.startswith("DECIMAL") or self.type == "DOUBLE"
        return t in FAMILIES.get(self.type, frozenset({self.type}))


@dataclass(frozen=True)
class ForeignKey:
    """columns of this table must appear in ref_columns of ref_table (NULLs are skipped)."""

    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    grain: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name}.{name}")


def _c(name: str, type_: str, **kw: object) -> Column:
    return Column(name, type_, **kw)  # type: ignore[arg-type]


_GM = r"^GM[0-9]{4}$"

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "meta_mart",
            "one row per key",
            (_c("key", "VARCHAR"), _c("value", "VARCHAR")),
            ("key",),
        ),
        TableSpec(
            "dim_gemeente",
            "one row per municipality of the Netherlands",
            (
                _c("gemeente_code", "VARCHAR", pattern=_GM, description="CBS-code, bv. GM0794"),
                _c("gemeente_naam", "VARCHAR", description="officiële CBS-schrijfwijze"),
                _c("provincie", "VARCHAR"),
                _c("jeugdregio", "VARCHAR", description="CBS-jeugdregio"),
                _c("inkoopregio", "VARCHAR", nullable=True),
                _c("in_monitor", "BOOLEAN"),
            ),
            ("gemeente_code",),
        ),
        TableSpec(
            "dim_segment",
            "one row per purchasing segment",
            (
                _c("segment_nr", "INTEGER", allowed=("1", "2", "3", "4", "5")),
                _c("segment_naam", "VARCHAR"),
                _c("omschrijving", "VARCHAR"),
            ),
            ("segment_nr",),
        ),
        TableSpec(
            "dim_product",
            "one row per product code of the region's catalogue (PDC)",
            (
                _c("productcode", "VARCHAR", pattern=r"^[0-9A-Z]{5}$"),
                _c("product_naam", "VARCHAR"),
                _c("productcategorie", "VARCHAR", pattern=r"^[0-9]{2}$"),
                _c("segment_nr", "INTEGER"),
                _c("subsegment", "VARCHAR", nullable=True),
                _c("eenheid", "VARCHAR"),
                _c("tarief_eur", "DECIMAL(10,2)"),
                _c("is_verblijf", "BOOLEAN"),
            ),
            ("productcode",),
            (ForeignKey(("segment_nr",), "dim_segment", ("segment_nr",)),),
        ),
        TableSpec(
            "dim_aanbieder",
            "one row per provider",
            (
                _c("aanbieder_code", "VARCHAR", pattern=r"^[0-9]{8}$"),
                _c("aanbieder_naam", "VARCHAR"),
            ),
            ("aanbieder_code",),
        ),
        TableSpec(
            "fact_inwoners",
            "year x municipality",
            (
                _c("jaar", "INTEGER"),
                _c("gemeente_code", "VARCHAR", pattern=_GM),
                _c("inwoners", "INTEGER"),
                _c("jeugdigen_0_17", "INTEGER"),
            ),
            ("jaar", "gemeente_code"),
            (ForeignKey(("gemeente_code",), "dim_gemeente", ("gemeente_code",)),),
        ),
        TableSpec(
            "fact_traject",
            "one row per care trajectory (allocation)",
            (
                _c("traject_id", "BIGINT"),
                _c("client_id", "VARCHAR", description="pseudoniem, stabiel over jaren"),
                _c("gemeente_code", "VARCHAR", pattern=_GM),
                _c("productcode", "VARCHAR"),
                _c("aanbieder_code", "VARCHAR"),
                _c("verwijzer", "VARCHAR", allowed=VERWIJZERS),
                _c("startdatum", "DATE"),
                _c("einddatum", "DATE", nullable=True, description="leeg zolang open"),
            ),
            ("traject_id",),
            (
                ForeignKey(("gemeente_code",), "dim_gemeente", ("gemeente_code",)),
                ForeignKey(("productcode",), "dim_product", ("productcode",)),
                ForeignKey(("aanbieder_code",), "dim_aanbieder", ("aanbieder_code",)),
            ),
        ),
        TableSpec(
            "fact_declaratie",
            "month x trajectory",
            (
                _c("maand", "DATE", description="eerste dag van de maand"),
                _c("traject_id", "BIGINT"),
                _c("gemeente_code", "VARCHAR", pattern=_GM),
                _c("productcode", "VARCHAR"),
                _c("aanbieder_code", "VARCHAR"),
                _c("volume", "DECIMAL(10,2)"),
                _c("bedrag_eur", "DECIMAL(14,2)"),
            ),
            ("maand", "traject_id"),
            (
                ForeignKey(("traject_id",), "fact_traject", ("traject_id",)),
                ForeignKey(("gemeente_code",), "dim_gemeente", ("gemeente_code",)),
                ForeignKey(("productcode",), "dim_product", ("productcode",)),
                ForeignKey(("aanbieder_code",), "dim_aanbieder", ("aanbieder_code",)),
            ),
        ),
        TableSpec(
            "fact_zorgkosten_jaar",
            "year x municipality",
            (
                _c("jaar", "INTEGER"),
                _c("gemeente_code", "VARCHAR", pattern=_GM),
                _c("zorgkosten_eur", "DECIMAL(14,2)"),
                _c("bron", "VARCHAR"),
            ),
            ("jaar", "gemeente_code"),
            (ForeignKey(("gemeente_code",), "dim_gemeente", ("gemeente_code",)),),
        ),
        TableSpec(
            "fact_kengetal",
            "one published figure",
            (
                _c("onderwerp", "VARCHAR"),
                _c("gebied", "VARCHAR", description="gemeente_code of regionaam"),
                _c("jaar", "INTEGER", nullable=True),
                _c(
                    "waarde",
                    "DOUBLE",
                    description="eenheid datum: dagen sinds 1970-01-01; eenheid periode: "
                    "jaar * 10000 + van * 100 + tot (bot/marts/periods.py)",
                ),
                _c(
                    "eenheid",
                    "VARCHAR",
                    allowed=("aantal", "euro", "procent", "datum", "periode"),
                ),
                _c("bron_document", "VARCHAR"),
                _c("bron_locatie", "VARCHAR"),
            ),
            ("onderwerp", "gebied", "jaar", "bron_document"),
        ),
    )
}

TABLE_NAMES: tuple[str, ...] = tuple(TABLES)


def columns(table: str) -> tuple[str, ...]:
    """Column names of a mart table, in contract order (raises KeyError for unknown tables)."""
    return TABLES[table].column_names


def create_table_sql(table: str) -> str:
    """The CREATE TABLE statement the demo uses, so its types are the contract's by construction."""
    spec = TABLES[table]
    cols = ",\n  ".join(
        f"{c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in spec.columns
    )
    return f"CREATE TABLE {spec.name} (\n  {cols}\n)"


# Metric prerequisites, as SQL that returns offending rows (checked by bot.marts.check).
# Each: (table, description, SQL returning one row per offending record as an example value).
PREREQUISITES: tuple[tuple[str, str, str], ...] = (
    (
        "fact_traject",
        "einddatum vóór startdatum",
        "SELECT traject_id FROM fact_traject WHERE einddatum < startdatum",
    ),
    (
        "fact_declaratie",
        "maand is niet de eerste dag van de maand",
        "SELECT maand FROM fact_declaratie WHERE CAST(maand AS DATE) <> date_trunc('month', maand)",
    ),
    (
        "fact_inwoners",
        "jeugdigen_0_17 niet groter dan 0 voor een gemeente in de monitor",
        "SELECT i.gemeente_code || ' ' || i.jaar FROM fact_inwoners i "
        "JOIN dim_gemeente g USING (gemeente_code) "
        "WHERE g.in_monitor AND NOT (i.jeugdigen_0_17 > 0)",
    ),
    (
        "fact_inwoners",
        "jeugdigen_0_17 groter dan inwoners",
        "SELECT gemeente_code || ' ' || jaar FROM fact_inwoners WHERE jeugdigen_0_17 > inwoners",
    ),
    (
        "fact_traject",
        "traject van een gemeente die niet in de monitor zit",
        "SELECT DISTINCT t.gemeente_code FROM fact_traject t "
        "JOIN dim_gemeente g USING (gemeente_code) WHERE NOT g.in_monitor",
    ),
    (
        "fact_traject",
        "cliënt in meer dan één gemeente",
        "SELECT client_id FROM fact_traject GROUP BY client_id "
        "HAVING count(DISTINCT gemeente_code) > 1",
    ),
    (
        "fact_declaratie",
        "declaratie buiten de looptijd van het traject",
        "SELECT d.traject_id FROM fact_declaratie d JOIN fact_traject t USING (traject_id) "
        "WHERE d.maand < date_trunc('month', t.startdatum) "
        "OR (t.einddatum IS NOT NULL AND d.maand > t.einddatum)",
    ),
    (
        "fact_declaratie",
        "gemeente, product of aanbieder wijkt af van het traject",
        "SELECT d.traject_id FROM fact_declaratie d JOIN fact_traject t USING (traject_id) "
        "WHERE d.gemeente_code <> t.gemeente_code OR d.productcode <> t.productcode "
        "OR d.aanbieder_code <> t.aanbieder_code",
    ),
    (
        "fact_declaratie",
        "negatief volume of bedrag",
        "SELECT traject_id FROM fact_declaratie WHERE volume < 0 OR bedrag_eur < 0",
    ),
    (
        "dim_gemeente",
        "gemeente in de monitor zonder inkoopregio",
        "SELECT gemeente_code FROM dim_gemeente WHERE in_monitor AND inkoopregio IS NULL",
    ),
    (
        "meta_mart",
        "peildatum is geen datum (JJJJ-MM-DD)",
        "SELECT value FROM meta_mart WHERE key = 'peildatum' AND TRY_CAST(value AS DATE) IS NULL",
    ),
)
