"""`jeugdbot eval`: accuracy over the golden question sets (tests/golden/*.yaml).

Each golden case says which kind and intent the answer must have, a subset of its slots, display
texts the answer must contain and, for invented demo figures, checks recomputed here by a small
reference implementation of the contract's metrics: plain SQL written from docs/monitor-marts.md,
independent of queries/ and bot/intents, so a wrong template cannot agree with itself.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
import yaml

from bot.disclosure import Disclosure
from bot.models import Answer, Context
from bot.paths import ROOT

GOLDEN_DIR = ROOT / "tests" / "golden"
GOLDEN_TODAY = date(2025, 9, 1)  # "vorig jaar" in the golden sets is 2024


@dataclass
class Case:
    q: str
    kind: str | None = None
    intent: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    figures: list[str] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""


@dataclass
class Result:
    case: Case
    answer: Answer
    ms: float
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def load_cases(paths: list[Path] | None = None) -> list[Case]:
    """All golden cases; a set is a YAML list of mappings with at least `q` (or `question`)."""
    out: list[Case] = []
    for path in paths or sorted(GOLDEN_DIR.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append(
                Case(
                    q=str(raw.get("q", raw.get("question", ""))),
                    kind=raw.get("kind"),
                    intent=raw.get("intent"),
                    slots=raw.get("slots") or {},
                    figures=[str(f) for f in raw.get("figures", raw.get("contains", [])) or []],
                    checks=raw.get("checks") or [],
                    source=path.name,
                )
            )
    return out


class Reference:
    """The contract's metrics in plain SQL, to recompute invented figures independently."""

    def __init__(self, marts: Path, disclosure: Disclosure) -> None:
        # A private copy: DuckDB allows one configuration per open file per process, and the
        # bot's hardened connection to the same file may already be open.
        self._tmp = tempfile.TemporaryDirectory(prefix="jeugdbot-ref-")
        copy = Path(self._tmp.name) / "marts.duckdb"
        shutil.copyfile(marts, copy)
        self.con = duckdb.connect(str(copy), read_only=True)
        self.disclosure = disclosure

    def _codes(self, check: dict[str, Any]) -> list[str]:
        if check.get("gemeenten"):
            return list(check["gemeenten"])
        rows = self.con.execute(
            "SELECT gemeente_code FROM dim_gemeente WHERE in_monitor"
        ).fetchall()
        return [r[0] for r in rows]

    # One fixed filter clause with NULL meaning "no filter": the SQL text never varies.
    _FILTER = (
        "list_contains(?, t.gemeente_code) AND (? IS NULL OR p.segment_nr = ?) "
        "AND (? IS NULL OR p.subsegment = ?) AND (? IS NULL OR t.productcode = ?) "
        "AND (? IS NULL OR t.verwijzer = ?) "
        "AND (NOT ? OR (p.segment_nr = 1 AND p.is_verblijf) OR p.segment_nr = 2)"
    )
    _FROM = " FROM fact_traject t JOIN dim_product p ON p.productcode = t.productcode WHERE "
    _COSTS = (
        "SELECT sum(dc.bedrag_eur) FROM fact_declaratie dc "
        "JOIN fact_traject t ON t.traject_id = dc.traject_id "
        "JOIN dim_product p ON p.productcode = t.productcode WHERE "
    )
    _OVERLAP = " AND t.startdatum <= ? AND (t.einddatum IS NULL OR t.einddatum >= ?)"

    def _args(self, check: dict[str, Any]) -> list[Any]:
        seg = int(check["segment"]) if check.get("segment") is not None else None
        sub, prod, verw = check.get("subsegment"), check.get("productcode"), check.get("verwijzer")
        return [self._codes(check), seg, seg, sub, sub, prod, prod, verw, verw,
                bool(check.get("verblijf"))]  # fmt: skip

    def _one(self, sql: str, args: list[Any]) -> Any:
        row = self.con.execute(sql, args).fetchone()
        return row[0] if row else None

    def youths(self, check: dict[str, Any], start: date, end: date) -> int:
        sql = "SELECT count(DISTINCT t.client_id)" + self._FROM + self._FILTER + self._OVERLAP
        return int(self._one(sql, [*self._args(check), end, start]))

    def expected(self, check: dict[str, Any]) -> str:
        """The display text the bot must show for this check."""
        metric = check["metric"]
        start, end = date.fromisoformat(check["start"]), date.fromisoformat(check["end"])
        d, args = self.disclosure, self._args(check)
        n = self.youths(check, start, end)
        if metric == "jeugdigen":
            return d.count(n).text
        if metric in ("kosten", "kosten_per_client"):
            sql = self._COSTS + self._FILTER + " AND dc.maand BETWEEN ? AND ?"
            total = float(self._one(sql, [*args, start, end]) or 0)
            if metric == "kosten":
                return d.amount(total, n).text
            return d.average(total / n if n else None, n).text
        if metric == "per_1000":
            den = self._one(
                "SELECT sum(jeugdigen_0_17) FROM fact_inwoners "
                "WHERE jaar = ? AND list_contains(?, gemeente_code)",
                [end.year, self._codes(check)],
            )
            return d.per_thousand(n / den * 1000 if den else None, n).text
        if metric == "trajecten_gestart":
            sql = (
                "SELECT count(*)" + self._FROM + self._FILTER + " AND t.startdatum BETWEEN ? AND ?"
            )
            return d.count(int(self._one(sql, [*args, start, end]))).text
        if metric == "trajecten_beeindigd":
            sql = "SELECT count(*)" + self._FROM + self._FILTER + " AND t.einddatum BETWEEN ? AND ?"
            return d.count(int(self._one(sql, [*args, start, end]))).text
        if metric == "trajecten_lopend":
            sql = "SELECT count(*)" + self._FROM + self._FILTER + self._OVERLAP
            return d.count(int(self._one(sql, [*args, end, start]))).text
        if metric == "trajectduur":
            sql = (
                "SELECT avg(t.einddatum - t.startdatum), count(DISTINCT t.client_id)"
                + self._FROM
                + self._FILTER
                + " AND t.einddatum BETWEEN ? AND ?"
            )
            avg, who = self.con.execute(sql, [*args, start, end]).fetchone()  # type: ignore[misc]
            return d.average(avg, who, unit="dagen").text
        if metric == "aanbieders":
            sql = (
                "SELECT count(DISTINCT t.aanbieder_code)"
                + self._FROM
                + self._FILTER
                + self._OVERLAP
            )
            return d.count(int(self._one(sql, [*args, end, start]))).text
        if metric == "zorgkosten":
            v = self._one(
                "SELECT sum(zorgkosten_eur) FROM fact_zorgkosten_jaar "
                "WHERE jaar = ? AND list_contains(?, gemeente_code)",
                [start.year, self._codes(check)],
            )
            return d.amount(v, None).text
        raise ValueError(f"onbekende maat in golden check: {metric}")

    def close(self) -> None:
        self.con.close()
        self._tmp.cleanup()


def _pct_rounds_to(text: str, published: float) -> bool:
    import re

    for m in re.finditer(r"([+-]?\d+(?:,\d+)?)%", text):
        value = float(m.group(1).replace(",", "."))
        if abs(value - published) < 0.5 + 1e-9:
            return True
    return False


def check_case(case: Case, ans: Answer, reference: Reference | None) -> list[str]:
    """What is wrong with this answer for this case (empty: it passes)."""
    problems: list[str] = []
    if case.kind and ans.kind.value != case.kind:
        problems.append(f"kind {ans.kind.value} != {case.kind}")
    if case.intent and ans.intent != case.intent:
        problems.append(f"intent {ans.intent} != {case.intent}")
    for key, want in case.slots.items():
        if key == "periode":
            got = [p.get("label") for p in ans.slots.get("periods", [])]
            if not got or got[0] != str(want):
                problems.append(f"periode {got[:1]} != {want}")
        elif ans.slots.get(key) != want:
            problems.append(f"slot {key}={ans.slots.get(key)!r} != {want!r}")
    text = ans.text
    for fig in case.figures:
        if fig not in text:
            problems.append(f"'{fig}' ontbreekt")
    for check in case.checks:
        if "pct_published" in check:
            if not _pct_rounds_to(text, float(check["pct_published"])):
                problems.append(f"geen % dat afrondt op {check['pct_published']}")
        elif reference is not None:
            want = reference.expected(check)
            if want not in text:
                problems.append(f"'{want}' ontbreekt (referentie)")
    return problems


def run_cases(bot: Any, cases: list[Case], reference: Reference | None) -> list[Result]:
    """Ask every case on its own (no conversation) and check it."""
    results = []
    for case in cases:
        started = time.perf_counter()
        ans = bot.answer(case.q, Context(channel="api"))
        ms = 1000 * (time.perf_counter() - started)
        results.append(Result(case, ans, ms, check_case(case, ans, reference)))
    return results


def summary(results: list[Result]) -> dict[str, Any]:
    """Accuracy overall and per intent, confusions, and timing (mean, p99)."""
    per: dict[str, list[bool]] = defaultdict(list)
    confusions: Counter[tuple[str, str]] = Counter()
    for r in results:
        per[r.case.intent or "-"].append(r.ok)
        if r.case.intent and r.answer.intent != r.case.intent:
            confusions[(r.case.intent, str(r.answer.intent))] += 1
    times = sorted(r.ms for r in results)
    p99 = times[min(len(times) - 1, int(0.99 * len(times)))] if times else 0.0
    return {
        "n": len(results),
        "accuracy": sum(r.ok for r in results) / len(results) if results else 0.0,
        "per_intent": {k: (sum(v), len(v)) for k, v in sorted(per.items())},
        "confusions": confusions.most_common(),
        "mean_ms": statistics.fmean(times) if times else 0.0,
        "p99_ms": p99,
    }


def eval_command(
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="Naam van een golden set (bv. numeric); standaard alle."),
    ] = None,
    floor: Annotated[
        float, typer.Option(help="Minimale nauwkeurigheid (0-1); lager = exit 1.")
    ] = 0.0,
    failures: Annotated[int, typer.Option(help="Toon maximaal zoveel fouten.")] = 30,
) -> None:
    """Nauwkeurigheid over de golden vragen: per intent, verwisselingen en fouten."""
    from rich.console import Console
    from rich.table import Table

    from bot.config import get_settings
    from bot.core import Jeugdbot
    from bot.marts.locate import marts_path

    settings = get_settings()
    paths = [GOLDEN_DIR / f"{s}.yaml" for s in sets] if sets else None
    cases = load_cases(paths)
    bot = Jeugdbot(settings, today=GOLDEN_TODAY)
    reference = Reference(marts_path(settings), Disclosure(settings.disclosure))
    bot.answer("help")  # warm up: open the marts and the knowledge base before timing
    results = run_cases(bot, cases, reference)
    reference.close()
    s = summary(results)
    console = Console()
    table = Table(title=f"Nauwkeurigheid per intent ({s['n']} vragen)")
    for col in ("intent", "goed", "totaal", "%"):
        table.add_column(col, justify="right" if col != "intent" else "left")
    for intent, (good, total) in s["per_intent"].items():
        table.add_row(intent, str(good), str(total), f"{100 * good / total:.1f}")
    console.print(table)
    console.print(
        f"Totaal: {100 * s['accuracy']:.1f}% goed; "
        f"answer() gemiddeld {s['mean_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms"
    )
    if s["confusions"]:
        console.print("Verwisselingen (verwacht → gekregen):")
        for (want, got), n in s["confusions"]:
            console.print(f"  {want} → {got}: {n}")
    bad = [r for r in results if not r.ok]
    for r in bad[:failures]:
        console.print(f"[red]FOUT[/red] {r.case.q!r} ({r.case.source}): {'; '.join(r.problems)}")
    if s["accuracy"] < floor:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the eval command to the main CLI."""
    app.command("eval")(eval_command)
