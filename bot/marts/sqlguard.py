"""Static validation of every SQL template with sqlglot, so only safe, reviewed SQL can ever run.

A template is accepted only when it is one SELECT over the contract's tables (and its own
CTEs), calls only allow-listed functions, holds no string literal outside a tiny allow-list and
uses exactly the named parameters the intent declares.

A template is read when its intent is imported and checked before it first runs (`check`):
parsing all of them at import took ~0.4 s of every start to the first answer, most of it for
templates that answer never uses. `check_all` checks every one, so a server that warms up with
it still refuses to start on a bad template, and the warehouse runs nothing unchecked.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from bot.paths import QUERIES_DIR


class SqlGuardError(ValueError):
    """A SQL template violates the safety rules; raised before it can run."""


def serving_tables() -> frozenset[str]:
    """The tables a template may read: exactly those of the serving copy the runtime
    connection opens (bot/marts/serving.py), nothing else in the file or outside it."""
    from bot.marts.serving import TABLES

    return TABLES


ALLOWED_FUNCS: tuple[type[exp.Expression], ...] = (
    exp.Count,
    exp.Sum,
    exp.Avg,
    exp.Min,
    exp.Max,
    exp.Round,
    exp.Coalesce,
    exp.Case,
    exp.If,
    exp.Cast,
    exp.DateDiff,
    exp.Year,
    exp.Least,
    exp.Greatest,
    exp.Explode,  # unnest of a bound list parameter
    exp.ArrayContains,
    exp.Abs,
    exp.Nullif,
    exp.Grouping,
    exp.And,  # logical connectors are Func subclasses in sqlglot
    exp.Or,
)

# Literals a template may contain: units and the contract's own category values.
ALLOWED_STRINGS = frozenset(
    {"day", "peildatum", "bron", "versie", "verblijf", "gezinsnabij", "wonen"}
)


_NAME = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(frozen=True)
class Query:
    """A SQL template: its name (file stem), text and declared parameters."""

    name: str
    sql: str
    params: frozenset[str]


def validate(
    sql: str, params: frozenset[str] | set[str], allowed_tables: frozenset[str]
) -> set[str]:
    """Check one template; return the tables it reads or raise SqlGuardError."""
    try:
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except ParseError as e:
        raise SqlGuardError(f"niet te parsen: {e}") from e
    if len(statements) != 1:
        raise SqlGuardError(f"precies 1 statement vereist, gevonden: {len(statements)}")
    root = statements[0]
    if type(root) is not exp.Select:
        raise SqlGuardError(f"alleen SELECT toegestaan, gevonden: {type(root).__name__}")

    ctes = {c.alias_or_name for c in root.find_all(exp.CTE)}
    tables: set[str] = set()
    for table in root.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier):
            raise SqlGuardError(f"tabel moet een naam zijn: {table.sql('duckdb')}")
        if table.args.get("db") or table.args.get("catalog"):
            raise SqlGuardError(f"gekwalificeerde tabelnaam niet toegestaan: {table.sql('duckdb')}")
        name = table.name
        if name in ctes:
            continue
        if name not in allowed_tables:
            raise SqlGuardError(f"tabel niet toegestaan: {name}")
        tables.add(name)

    for node in root.walk():
        if isinstance(node, exp.Func) and not isinstance(node, ALLOWED_FUNCS):
            raise SqlGuardError(f"functie niet toegestaan: {node.sql('duckdb')[:60]}")
        if isinstance(node, exp.Literal) and node.is_string and node.this not in ALLOWED_STRINGS:
            raise SqlGuardError(f"tekstliteral niet toegestaan: {node.this!r}")
        if isinstance(node, exp.Parameter):
            raise SqlGuardError("alleen benoemde placeholders ($naam) toegestaan")
        if isinstance(node, exp.Placeholder) and not _NAME.fullmatch(str(node.this or "")):
            raise SqlGuardError("alleen benoemde placeholders ($naam) toegestaan")
        if isinstance(node, (exp.Command, exp.Pragma, exp.Set)):
            raise SqlGuardError("commando niet toegestaan")

    found = {str(p.this) for p in root.find_all(exp.Placeholder)}
    if found != set(params):
        raise SqlGuardError(
            f"placeholders {sorted(found)} wijken af van de parameters {sorted(params)}"
        )
    return tables


@cache
def _read(name: str) -> str:
    path: Path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise SqlGuardError(f"onbekende query: {name}")
    return path.read_text(encoding="utf-8")


_REGISTRY: dict[str, Query] = {}


def load_query(name: str, params: set[str] | frozenset[str]) -> Query:
    """Read queries/<name>.sql once and register it; the same name must declare the same
    params. It is checked before its first run (`check`), not here."""
    declared = frozenset(params)
    known = _REGISTRY.get(name)
    if known is not None:
        if known.params != declared:
            raise SqlGuardError(f"query {name} al geladen met andere parameters")
        return known
    query = Query(name=name, sql=_read(name), params=declared)
    _REGISTRY[name] = query
    return query


def registered() -> dict[str, Query]:
    """All templates loaded so far (the warehouse executes only these)."""
    return dict(_REGISTRY)


_CHECKED: set[Query] = set()
_CHECK_LOCK = threading.Lock()


def check(query: Query) -> None:
    """Validate a template once; raise SqlGuardError, naming its file, when it is unsafe."""
    if query in _CHECKED:
        return
    with _CHECK_LOCK:
        if query in _CHECKED:
            return
        try:
            validate(query.sql, query.params, serving_tables())
        except SqlGuardError as e:
            raise SqlGuardError(f"queries/{query.name}.sql: {e}") from e
        _CHECKED.add(query)


def check_all() -> None:
    """Validate every registered template: what a server does before it takes questions."""
    for query in registered().values():
        check(query)
