"""`jeugdbot eval`: accuracy of the core over every golden question set (tests/golden/*.yaml).

Every case goes through `Jeugdbot.answer()`, so routing between the numeric intents and the
knowledge base is measured too, with its earlier questions (`na`) asked first in the same
conversation. Two schemas, told apart per file by the key of the question:

- numeric (`q`): kind, intent, a subset of the slots, display texts the answer must contain and,
  for invented demo figures, checks recomputed here by a small reference implementation of the
  contract's metrics: plain SQL written from docs/monitor-marts.md, independent of queries/ and
  bot/intents, so a wrong template cannot agree with itself;
- knowledge (`vraag`): checked by bot.knowledge.golden.check_answer, the same checks the
  knowledge answerer's own golden test applies.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
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
HELDOUT_PREFIX = "heldout"  # held-out sets: only run when named, under no floor


@dataclass
class Case:
    """A numeric golden case (schema `q`)."""

    q: str
    kind: str | None = None
    intent: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    figures: list[str] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""
    na: list[str] = field(default_factory=list)  # earlier questions in the same conversation
    absent: list[str] = field(default_factory=list)  # texts the answer must NOT contain
    groep: str = ""


@dataclass
class Item:
    """One case of any schema, as the evaluation runs it: a question and how to check it."""

    set: str  # file stem, e.g. "numeric", "realistic_kennis"
    question: str
    na: list[str]
    kind: str | None
    intent: str | None
    case: Any  # the schema's own case object
    check: Callable[[Answer], list[str]]


@dataclass
class Result:
    item: Item
    answer: Answer
    ms: float
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def case(self) -> Any:
        return self.item.case


_NUMERIC_KEYS = {"q", "question", "kind", "intent", "slots", "figures", "contains", "checks",
                 "na", "absent", "groep"}  # fmt: skip


def _numeric_case(raw: dict[str, Any], source: str) -> Case:
    unknown = set(raw) - _NUMERIC_KEYS
    if unknown:  # a typo in a key would otherwise silently check nothing
        raise ValueError(f"{source}: onbekende sleutel(s) {sorted(unknown)} in {raw!r}")
    return Case(
        q=str(raw.get("q", raw.get("question", ""))),
        kind=raw.get("kind"),
        intent=raw.get("intent"),
        slots=raw.get("slots") or {},
        figures=[str(f) for f in raw.get("figures", raw.get("contains", [])) or []],
        checks=raw.get("checks") or [],
        source=source,
        na=[str(x) for x in raw.get("na") or []],
        absent=[str(x) for x in raw.get("absent") or []],
        groep=str(raw.get("groep") or ""),
    )


def schema_of(path: Path) -> str:
    """ "numeric" or "knowledge", from the question key of the file's cases (`q` vs `vraag`)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    keys = {k for item in raw if isinstance(item, dict) for k in item}
    if "vraag" in keys and not keys & {"q", "question"}:
        return "knowledge"
    if keys & {"q", "question"} and "vraag" not in keys:
        return "numeric"
    raise ValueError(f"{path.name}: geen herkenbaar golden-schema (q of vraag)")


def load_cases(paths: list[Path] | None = None) -> list[Case]:
    """The numeric cases of these files (default: every numeric-schema set)."""
    out: list[Case] = []
    for path in paths or set_paths():
        if schema_of(path) != "numeric":
            continue
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append(_numeric_case(raw, path.name))
    return out


def set_paths(names: Iterable[str] | None = None) -> list[Path]:
    """Golden set files; a name selects the file with that stem or every stem it prefixes
    ("realistic" selects realistic_cijfers and realistic_kennis).

    Held-out sets (stem `heldout_*`, issue 12) are never in the default run, nor selected by a
    prefix other than their own: they carry no floor and are run only by `--set heldout...`."""
    every = sorted(GOLDEN_DIR.glob("*.yaml"))
    if not names:
        return [p for p in every if not p.stem.startswith(HELDOUT_PREFIX)]
    chosen: list[Path] = []
    for name in names:
        hits = [p for p in every if p.stem == name] or [p for p in every if p.stem.startswith(name)]
        if not hits:
            known = ", ".join(p.stem for p in every)
            raise ValueError(f"geen golden set {name!r} (bekend: {known})")
        chosen.extend(p for p in hits if p not in chosen)
    return chosen


def load_items(paths: list[Path], reference: Reference | None) -> list[Item]:
    """Every case of these files as an Item, each checked by its own schema's rules."""
    from bot.knowledge.golden import check_answer
    from bot.knowledge.golden import load_cases as load_knowledge

    items: list[Item] = []
    for path in paths:
        if schema_of(path) == "knowledge":
            for k in load_knowledge(path):
                items.append(
                    Item(path.stem, k.vraag, list(k.na), k.kind.value, k.intent, k,
                         partial(check_answer, k))
                )  # fmt: skip
        else:
            for c in load_cases([path]):
                items.append(
                    Item(path.stem, c.q, c.na, c.kind, c.intent, c,
                         partial(_numeric_check, c, reference))
                )  # fmt: skip
    return items


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

    def _trajecten(self, metric: str, args: list[Any], start: date, end: date) -> int:
        """Started, ended or running trajectories in the period (the contract's trajecten)."""
        where = {
            "trajecten_gestart": (" AND t.startdatum BETWEEN ? AND ?", [start, end]),
            "trajecten_beeindigd": (" AND t.einddatum BETWEEN ? AND ?", [start, end]),
            "trajecten_lopend": (self._OVERLAP, [end, start]),
        }
        if metric not in where:
            raise ValueError(f"geen telling van trajecten: {metric}")
        clause, dates = where[metric]
        return int(
            self._one("SELECT count(*)" + self._FROM + self._FILTER + clause, [*args, *dates])
        )

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
            # A rate of any count (issue 13): `of` names the count (default jeugdigen in zorg),
            # `per` the population column it is divided by (default jeugdigen_0_17).
            of, per = check.get("of", "jeugdigen"), check.get("per", "jeugdigen_0_17")
            if per not in ("jeugdigen_0_17", "inwoners"):
                raise ValueError(f"onbekende noemer in golden check: {per}")
            dens = self.con.execute(
                "SELECT sum(jeugdigen_0_17), sum(inwoners) FROM fact_inwoners "
                "WHERE jaar = ? AND list_contains(?, gemeente_code)",
                [end.year, self._codes(check)],
            ).fetchone()
            den = (dens or (None, None))[0 if per == "jeugdigen_0_17" else 1]
            if of == "kosten":
                sql = self._COSTS + self._FILTER + " AND dc.maand BETWEEN ? AND ?"
                total = float(self._one(sql, [*args, start, end]) or 0)
                return d.amount(total / den * 1000 if den else None, n).text
            count = n if of == "jeugdigen" else self._trajecten(of, args, start, end)
            return d.per_thousand(count / den * 1000 if den else None, count).text
        if metric in ("trajecten_gestart", "trajecten_beeindigd", "trajecten_lopend"):
            return d.count(self._trajecten(metric, args, start, end)).text
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
    for m in re.finditer(r"([+-]?\d+(?:,\d+)?)%", text):
        value = float(m.group(1).replace(",", "."))
        if abs(value - published) < 0.5 + 1e-9:
            return True
    return False


def check_case(case: Case, ans: Answer, reference: Reference | None) -> list[str]:
    """What is wrong with this answer for this numeric case (empty: it passes)."""
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
    # What the user sees: every channel shows the source line under the answer (Slack, Teams,
    # the web chat and the terminal alike), so a source named there is named to the user.
    from bot.render.format import context_line

    text = f"{ans.text}\n{context_line(ans)}"
    for fig in case.figures:
        if fig not in text:
            problems.append(f"'{fig}' ontbreekt")
    for fig in case.absent:
        if fig in text:
            problems.append(f"'{fig}' hoort er niet in")
    for check in case.checks:
        if "pct_published" in check:
            if not _pct_rounds_to(text, float(check["pct_published"])):
                problems.append(f"geen % dat afrondt op {check['pct_published']}")
        elif reference is not None:
            want = reference.expected(check)
            if want not in text:
                problems.append(f"'{want}' ontbreekt (referentie)")
        else:
            problems.append("check zonder referentie")
    return problems


def _numeric_check(case: Case, reference: Reference | None, ans: Answer) -> list[str]:
    return check_case(case, ans, reference)


def run_items(bot: Any, items: list[Item]) -> list[Result]:
    """Ask every case in a conversation of its own (earlier questions first) and check it.

    Only the case's own question is timed; its earlier questions just build the conversation.
    """
    results = []
    for n, item in enumerate(items):
        ctx = Context(conversation_id=f"eval-{item.set}-{n}", channel="api", user="eval")
        for earlier in item.na:
            bot.answer(earlier, ctx)
        started = time.perf_counter()
        ans = bot.answer(item.question, ctx)
        ms = 1000 * (time.perf_counter() - started)
        results.append(Result(item, ans, ms, item.check(ans)))
    return results


def run_cases(bot: Any, cases: list[Case], reference: Reference | None) -> list[Result]:
    """Numeric cases only (tests/test_golden_numeric.py): the same run as the full eval."""
    items = [
        Item(c.source.removesuffix(".yaml"), c.q, c.na, c.kind, c.intent, c,
             partial(_numeric_check, c, reference))
        for c in cases
    ]  # fmt: skip
    return run_items(bot, items)


def _expected(item: Item) -> str:
    return item.intent or item.kind or "-"


def summary(results: list[Result]) -> dict[str, Any]:
    """Accuracy overall, per set and per intent, confusions, and timing (mean, p99)."""
    per: dict[str, list[bool]] = defaultdict(list)
    per_set: dict[str, list[bool]] = defaultdict(list)
    confusions: Counter[tuple[str, str]] = Counter()
    for r in results:
        per[_expected(r.item)].append(r.ok)
        per_set[r.item.set].append(r.ok)
        if r.item.intent and r.answer.intent != r.item.intent:
            confusions[(r.item.intent, str(r.answer.intent))] += 1
    times = sorted(r.ms for r in results)
    p99 = times[min(len(times) - 1, int(0.99 * len(times)))] if times else 0.0
    return {
        "n": len(results),
        "accuracy": sum(r.ok for r in results) / len(results) if results else 0.0,
        "per_set": {k: (sum(v), len(v)) for k, v in sorted(per_set.items())},
        "per_intent": {k: (sum(v), len(v)) for k, v in sorted(per.items())},
        "confusions": confusions.most_common(),
        "mean_ms": statistics.fmean(times) if times else 0.0,
        "p99_ms": p99,
    }


def report_json(results: list[Result]) -> dict[str, Any]:
    """The machine-readable report (`--json`): the summary plus every failure."""
    s = summary(results)
    return {
        "n": s["n"],
        "accuracy": round(s["accuracy"], 4),
        "sets": {k: {"goed": g, "totaal": t, "accuracy": round(g / t, 4)}
                 for k, (g, t) in s["per_set"].items()},
        "intents": {k: {"goed": g, "totaal": t, "accuracy": round(g / t, 4)}
                    for k, (g, t) in s["per_intent"].items()},
        "confusions": [{"verwacht": w, "gekregen": g, "aantal": n}
                       for (w, g), n in s["confusions"]],
        "answer_ms": {"mean": round(s["mean_ms"], 2), "p99": round(s["p99_ms"], 2)},
        "failures": [
            {"set": r.item.set, "vraag": r.item.question, "na": r.item.na,
             "verwacht": _expected(r.item), "gekregen": r.answer.intent,
             "kind": r.answer.kind.value, "problemen": r.problems}
            for r in results if not r.ok
        ],
    }  # fmt: skip


def evaluate(
    settings: Any, names: Iterable[str] | None = None, marts: Path | None = None
) -> list[Result]:
    """Run the chosen golden sets (default all) through a fresh core on these settings."""
    from bot.core import Jeugdbot
    from bot.marts.locate import marts_path

    paths = set_paths(names)
    bot = Jeugdbot(settings, today=GOLDEN_TODAY)
    reference = Reference(marts or marts_path(settings), Disclosure(settings.disclosure))
    try:
        items = load_items(paths, reference)
        bot.answer("help")  # warm up: open the marts and the knowledge base before timing
        return run_items(bot, items)
    finally:
        reference.close()
        bot.close()


def eval_command(
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Golden set (numeric, knowledge, realistic, realistic_cijfers, ...); "
            "herhaalbaar; standaard alle.",
        ),
    ] = None,
    floor: Annotated[
        float, typer.Option(help="Minimale nauwkeurigheid (0-1) over alle gekozen vragen.")
    ] = 0.0,
    failures: Annotated[int, typer.Option(help="Toon maximaal zoveel fouten.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Rapport als JSON op stdout.")] = False,
) -> None:
    """Nauwkeurigheid over de golden vragen, door de hele bot: per set en intent,
    verwisselingen, fouten en de tijd van answer()."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from bot.config import get_settings

    try:
        results = evaluate(get_settings(), sets)
    except ValueError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    s = summary(results)
    if as_json:
        typer.echo(json.dumps(report_json(results), ensure_ascii=False, indent=2))
        if s["accuracy"] < floor:
            raise typer.Exit(1)
        return
    console = Console()
    sets_table = Table(title=f"Nauwkeurigheid per set ({s['n']} vragen)")
    intents = Table(title="Nauwkeurigheid per verwachte intent")
    for t, first in ((sets_table, "set"), (intents, "intent")):
        for col in (first, "goed", "totaal", "%"):
            t.add_column(col, justify="left" if col == first else "right")
    for t, rows in ((sets_table, s["per_set"]), (intents, s["per_intent"])):
        for key, (good, total) in rows.items():
            t.add_row(key, str(good), str(total), f"{100 * good / total:.1f}")
    console.print(intents)
    console.print(sets_table)
    console.print(
        f"Totaal: {100 * s['accuracy']:.1f}% goed ({sum(r.ok for r in results)}/{s['n']}); "
        f"answer() gemiddeld {s['mean_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms"
    )
    if s["confusions"]:
        console.print("Verwisselingen (verwacht → gekregen):")
        for (want, got), n in s["confusions"]:
            console.print(f"  {want} → {got}: {n}")
    bad = [r for r in results if not r.ok]
    for r in bad[:failures]:
        earlier = f" (na {r.item.na!r})" if r.item.na else ""
        console.print(
            f"[red]FOUT[/red] [{r.item.set}] {escape(repr(r.item.question))}{escape(earlier)}: "
            f"verwacht {_expected(r.item)}, kreeg {r.answer.intent} ({r.answer.kind.value}): "
            f"{escape('; '.join(r.problems))}"
        )
    if len(bad) > failures:
        console.print(f"... en nog {len(bad) - failures} fouten (--failures N toont er meer)")
    if s["accuracy"] < floor:
        console.print(f"Onder de drempel {100 * floor:.1f}%.")
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the eval command to the main CLI."""
    app.command("eval")(eval_command)
