"""The oracle grid: measure × area × period × filter × shape, each cell phrased in Dutch ways,
asked through Jeugdbot.answer() and every figure shown checked against tests/oracle/oracle.py.

Run the whole grid with `make oracle` (python -m tests.oracle.grid); the CI sample is
tests/oracle/test_oracle.py.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.oracle.cells_areas import AREA_SHAPES, check_area
from tests.oracle.cells_areas import cells as area_cells
from tests.oracle.cells_measures import cells as measure_cells
from tests.oracle.cells_measures import check_measure
from tests.oracle.cells_ranked_areas import RANKED_AREA_SHAPES, check_ranked_area
from tests.oracle.cells_ranked_areas import cells as ranked_area_cells
from tests.oracle.cells_shapes import check_shape, shape_cells
from tests.oracle.oracle import Expected, Oracle

MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip

# How the questions name each measure (2-3 ways), and the query family that answers it.
MEASURES: dict[str, list[str]] = {
    "jeugdigen": ["jeugdigen in zorg", "aantal jeugdigen in zorg", "hoeveel jeugdigen in zorg"],
    "kosten": ["kosten", "wat waren de kosten", "hoeveel kosten"],
    "kosten_per_client": ["kosten per cliënt", "gemiddelde kosten per cliënt"],
    "gestart": ["gestarte trajecten", "hoeveel trajecten zijn gestart"],
    "beeindigd": ["beëindigde trajecten", "hoeveel trajecten zijn beëindigd"],
    "lopend": ["lopende trajecten", "aantal lopende trajecten"],
    "zorgkosten": ["zorgkosten Jeugdwet", "zorgkosten jeugdwet"],
}
# The bot's own word for the measure at the start of its answer: a different one means the
# question was understood as another measure (a parse failure, not a wrong figure).
ANSWER_PREFIX = {
    "jeugdigen": "Jeugdigen in zorg",
    "kosten": "Kosten (declaraties)",
    "kosten_per_client": "Gemiddelde kosten per cliënt",
    "gestart": "Gestarte trajecten",
    "beeindigd": "Beëindigde trajecten",
    "lopend": "Lopende trajecten",
    "zorgkosten": "Zorgkosten Jeugdwet",
}
# (filter, Dutch words in the question, the bot's tag for it in its answer)
FILTERS: list[tuple[tuple[str, object] | None, str, str]] = [
    (None, "", ""),
    (("segment", 1), " segment 1", "segment 1"),
    (("segment", 2), " in segment 2", "segment 2"),
    (("segment", 3), " segment 3", "segment 3"),
    (("verwijzer", "huisarts"), " verwezen door de huisarts", "verwijzer huisarts"),
    (("productcode", "43A09"), " product 43A09", "product 43A09"),
    (("aanbieder", "75826343"), " bij aanbieder Jeugdzorg Wolkenveld", "Jeugdzorg Wolkenveld"),
]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    words: tuple[str, ...]  # Dutch ways to say it


def _month_end(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def periods() -> list[Period]:
    out = [Period(date(y, 1, 1), date(y, 12, 31), (f"in {y}", f"{y}")) for y in range(2021, 2025)]
    h1 = ("eerste helft 2023", "in het eerste halfjaar van 2023")
    h2 = ("tweede helft 2024", "in de tweede helft van 2024")
    out += [Period(date(2023, 1, 1), date(2023, 6, 30), h1)]
    out += [Period(date(2024, 7, 1), date(2024, 12, 31), h2)]
    for y, q in [(2022, 3), (2023, 4), (2024, 2), (2025, 1)]:
        words = (f"Q{q} {y}", f"in het {q}e kwartaal van {y}")
        out.append(Period(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), words))
    for y, m in [(2022, 5), (2023, 11), (2023, 12), (2024, 1), (2024, 2), (2024, 10), (2025, 6)]:
        out.append(
            Period(
                date(y, m, 1), _month_end(y, m), (f"{MONTHS[m - 1]} {y}", f"in {MONTHS[m - 1]} {y}")
            )
        )
    return out


@dataclass(frozen=True)
class Cell:
    shape: str  # "figure", "series", "comparison", "ranking", "breakdown", "dimension_ranking"
    measure: str
    codes: tuple[str, ...]
    area: str  # as asked
    filt: tuple[str, object] | None
    tag: str
    period: Period | None  # figure/comparison
    per: str | None  # series: maand, kwartaal, jaar; change_rank: up, down, up_abs, down_abs
    question: str
    base: Period | None = None  # a change: the earlier period (period is the later one)

    @property
    def key(self) -> str:
        return self.question

    def sample_key(self) -> int:
        return int(hashlib.sha256(self.question.encode()).hexdigest()[:8], 16)


def cells(o: Oracle) -> Iterator[Cell]:
    names = o.gemeenten
    areas: list[tuple[tuple[str, ...], str]] = [((c,), n) for c, n in names.items()]
    areas.append((tuple(names), "de regio"))
    pairs = [("Helmond", "Deurne"), ("Asten", "Someren"), ("Geldrop-Mierlo", "Waalre")]
    code_of = {n: c for c, n in names.items()}
    for measure, words in MEASURES.items():
        filters = FILTERS[:1] if measure == "zorgkosten" else FILTERS
        for codes, area in areas:
            for seg, filt, tag in filters:
                for period in periods():
                    if measure == "zorgkosten" and period.end - period.start < timedelta(days=300):
                        continue
                    for n, w in enumerate(words):
                        pw = period.words[n % len(period.words)]
                        q = f"{w}{filt} {'in ' if n % 2 else ''}{area} {pw}"
                        yield Cell("figure", measure, codes, area, seg, tag, period, None, q)
                if measure == "zorgkosten":
                    continue
                for per in ("maand", "kwartaal", "jaar"):
                    for n, w in enumerate(words[:2]):
                        q = (
                            f"{w}{filt} {area} per {per}"
                            if n == 0
                            else f"{w}{filt} per {per} in {area}"
                        )
                        yield Cell("series", measure, codes, area, seg, tag, None, per, q)
        for a, b in pairs:
            for period in periods()[:4]:
                for n, w in enumerate(words[:2]):
                    q = (
                        f"{w} {a} en {b} {period.words[0]}"
                        if n == 0
                        else f"{w} {a} vs {b} {period.words[1]}"
                    )
                    yield Cell(
                        "comparison",
                        measure,
                        (code_of[a], code_of[b]),
                        f"{a}/{b}",
                        None,
                        "",
                        period,
                        None,
                        q,
                    )
        if measure in ("jeugdigen", "kosten"):
            most = "meeste" if measure == "jeugdigen" else "hoogste"
            for period in periods()[:4]:
                for q in (
                    f"welke gemeente had de {most} {words[0]} {period.words[0]}",
                    f"ranglijst gemeenten {words[0]} {period.words[1]}",
                ):
                    yield Cell("ranking", measure, tuple(names), "", None, "", period, None, q)
                for codes, area in areas:
                    q = f"{words[0]} {area} {period.words[1]} per segment"
                    yield Cell("breakdown", measure, codes, area, None, "", period, None, q)
    yield from shape_cells(o)
    from tests.oracle.cells_dimensions import cells as dimension_cells

    yield from dimension_cells(o)
    from tests.oracle.cells_periods import cells as period_cells

    yield from period_cells(o)
    yield from area_cells(o)
    yield from ranked_area_cells(o)
    yield from measure_cells(o)
    from tests.oracle.cells_rates import cells as rate_cells

    yield from rate_cells(o)
    from tests.oracle.cells_words import cells as word_cells

    yield from word_cells(o)
    from tests.oracle.cells_thresholds import cells as threshold_cells

    yield from threshold_cells(o)
    from tests.oracle.cells_published import cells as published_cells

    yield from published_cells(o)
    from tests.oracle.cells_shares import cells as share_cells

    yield from share_cells(o)


# -- reading the answer ----------------------------------------------------------------------

_NUM = re.compile(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?|-?\d+(?:,\d+)?")


def parse_figure(text: str) -> float | None:
    """'2.635' -> 2635, '€ 2.599.259 (€ 2,6 mln)' -> 2599259, 'minder dan 5' -> None."""
    if "minder dan" in text or "niet getoond" in text or "geheim" in text:
        return None
    scale = 1.0
    m = _NUM.search(text)
    if not m:
        return None
    raw = m.group(0)
    rest = text[m.end() : m.end() + 6]
    if "mln" in rest:
        scale = 1e6
    elif "mld" in rest:
        scale = 1e9
    return float(raw.replace(".", "").replace(",", ".")) * scale


def _bold(text: str) -> list[str]:
    return re.findall(r"\*([^*]+)\*", text)


def label_period(label: str, peildatum: date) -> tuple[date, date] | None:
    """The period a series label names ('maart 2024', 'Q2 2025', '2023', '... (t/m juni)')."""
    clip = "(t/m" in label
    label = label.split(" (")[0].strip()
    if m := re.fullmatch(r"(\d{4})", label):
        s, e = date(int(label), 1, 1), date(int(label), 12, 31)
    elif m := re.fullmatch(r"Q([1-4]) (\d{4})", label):
        q, y = int(m.group(1)), int(m.group(2))
        s, e = date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    elif m := re.fullmatch(r"([a-z]+) (\d{4})", label):
        if m.group(1) not in MONTHS:
            return None
        mo, y = MONTHS.index(m.group(1)) + 1, int(m.group(2))
        s, e = date(y, mo, 1), _month_end(y, mo)
    else:
        return None
    return s, min(e, peildatum) if clip else e


@dataclass
class Outcome:
    cell: Cell
    status: str  # "ok", "clarify", "disagree", "parse"
    detail: str = ""


def must_ask_back(cell: Cell, ans: Any, why: str, intent: str | None = None) -> Outcome:
    """The verdict on a cell whose only right answer is a question back (a flow on one day, a
    stock 'sinds', a rate that has no meaning): asking back (with `intent`, when given) agrees;
    another reply that gives no figure is a clarify; any figure is one for something else than
    the question asks, so it disagrees."""
    kind = str(getattr(ans.kind, "value", ans.kind))
    if kind == "clarify" and (intent is None or ans.intent == intent):
        return Outcome(cell, "ok")
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}/{ans.intent}: {ans.text[:80]}")
    return Outcome(cell, "disagree", f"{why}: {ans.text[:80]}")


def _agrees(exp: Expected, got: float | None, measure: str) -> bool:
    if exp.value is None:
        return got is None
    if got is None:
        return False
    tol = 1.0 if measure in ("kosten", "kosten_per_client", "zorgkosten") else 0.0
    return abs(exp.value - got) <= tol + 1e-6 * abs(exp.value)


MONITOR_OWN = "De monitor telt zelf: "


def _monitor_part(text: str) -> str:
    """The answer from the monitor's own figure on. Where the documents publish exactly the
    asked cell (the 0-meting per calendar year; the factsheet's first half of 2023 per
    sub-region, with or without S2; its peilmaand april 2023 per product), the answer quotes
    that figure first ("Volgens het Programmaplan ... *2.602*") and then the monitor's count;
    the oracle checks the monitor's count here and the quoted figure against fact_kengetal
    (`_published_part`)."""
    if text.startswith("Volgens ") and MONITOR_OWN in text:
        return text.split(MONITOR_OWN, 1)[1]
    return text


def _published_part(o: Oracle, cell: Cell, text: str) -> str | None:
    """What is wrong with the published figure an answer quotes first, or None when it
    agrees: it must be a value that fact_kengetal (the raw marts) holds for the asked area and
    year, never the monitor's count in its place. The area as fact_kengetal names it: a
    gemeente code, the region's name, or the name of the sub-region whose members are asked."""
    if not (text.startswith("Volgens ") and MONITOR_OWN in text) or cell.period is None:
        return None
    from tests.oracle.cells_areas import subregions

    codes = set(cell.codes)
    if codes == set(o.gemeenten):
        (gebied,) = {
            r[0]
            for r in o.con.execute(
                "SELECT DISTINCT inkoopregio FROM dim_gemeente WHERE in_monitor"
            ).fetchall()
        }
    elif len(codes) == 1:
        (gebied,) = codes
    else:
        named = [n for n, members in subregions().items() if set(members) == codes]
        if not named:
            return f"gepubliceerd cijfer voor een gebied zonder naam: {sorted(codes)}"
        gebied = named[0]
    quote = text.split(MONITOR_OWN, 1)[0]
    bold = _bold(quote)
    got = parse_figure(bold[0]) if bold else None
    # a count, or an amount (the plan's zorgkosten Jeugdwet of the region)
    rows = o.con.execute(
        "SELECT waarde FROM fact_kengetal WHERE gebied = ? AND jaar = ? "
        "AND eenheid IN ('aantal', 'euro')",
        [gebied, cell.period.start.year],
    ).fetchall()
    if got is None or all(abs(float(r[0]) - got) > 1e-6 for r in rows):
        return (
            f"gepubliceerd {bold[:1]} niet in fact_kengetal voor {gebied} {cell.period.start.year}"
        )
    return None


def check(o: Oracle, cell: Cell, ans: Any) -> Outcome:
    if cell.shape in AREA_SHAPES:
        return check_area(o, cell, ans)
    if cell.shape in RANKED_AREA_SHAPES:
        return check_ranked_area(o, cell, ans)
    shaped = check_shape(o, cell, ans)
    if shaped is not None:
        return shaped
    if cell.shape.startswith("m_"):
        return check_measure(o, cell, ans)
    if cell.shape.startswith("r_"):
        from tests.oracle.cells_rates import check_rate

        return check_rate(o, cell, ans)
    if cell.shape.startswith("s_"):
        from tests.oracle.cells_shares import check_share

        return check_share(o, cell, ans)
    if cell.shape.startswith("t_"):
        from tests.oracle.cells_thresholds import check_threshold

        return check_threshold(o, cell, ans)
    if cell.shape.startswith("p_"):
        from tests.oracle.cells_published import check_published

        return check_published(o, cell, ans)
    if cell.shape.startswith("w_"):
        from tests.oracle.cells_words import check_words

        return check_words(o, cell, ans)
    if cell.shape == "dimension_ranking":
        from tests.oracle.cells_dimensions import check_dimension_ranking

        return check_dimension_ranking(o, cell, ans)
    kind = str(getattr(ans.kind, "value", ans.kind))
    if kind != "answer":
        return Outcome(cell, "clarify", f"{kind}: {ans.text[:80]}")
    text = _monitor_part(ans.text)
    head = text.split(":")[0].lower()
    if not head.startswith(ANSWER_PREFIX[cell.measure].lower()) and (
        cell.shape != "ranking" or ANSWER_PREFIX[cell.measure].lower() not in head
    ):
        return Outcome(cell, "parse", f"maat: {text[:60]}")
    if cell.tag and cell.tag not in text.split(":")[0]:
        return Outcome(cell, "parse", f"filter {cell.tag} niet begrepen: {text[:80]}")
    got_codes = ans.params.get("gemeenten")
    if got_codes is not None and set(got_codes) != set(cell.codes):
        return Outcome(cell, "parse", f"gebied {got_codes}")
    seg = cell.filt
    if cell.shape == "figure":
        assert cell.period is not None
        starts, ends = ans.params.get("starts"), ans.params.get("ends")
        if starts is not None and (
            [str(s) for s in starts] != [str(cell.period.start)]
            or [str(e) for e in ends] != [str(cell.period.end)]
        ):
            return Outcome(cell, "parse", f"periode {starts}..{ends}")
        if "jaren" in ans.params and ans.params["jaren"] != [cell.period.start.year]:
            return Outcome(cell, "parse", f"jaren {ans.params['jaren']}")
        wrong = _published_part(o, cell, ans.text)
        if wrong:
            return Outcome(cell, "disagree", wrong)
        exp = o.expected(cell.measure, list(cell.codes), cell.period.start, cell.period.end, seg)
        bold = _bold(text)
        got = parse_figure(bold[0]) if bold else None
        if not _agrees(exp, got, cell.measure):
            return Outcome(cell, "disagree", f"bot {bold[:1]} oracle {exp}")
        return Outcome(cell, "ok")
    if cell.shape == "comparison":
        assert cell.period is not None and ans.series is not None
        for code, point in zip(cell.codes, ans.series.points, strict=False):
            if point.label != o.gemeenten[code]:
                return Outcome(cell, "parse", f"punt {point.label}")
            exp = o.expected(cell.measure, [code], cell.period.start, cell.period.end, seg)
            if not _agrees(exp, point.value, cell.measure):
                return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
        return Outcome(cell, "ok")
    if cell.shape in ("ranking", "breakdown"):
        assert cell.period is not None
        if ans.series is None or not ans.series.points:
            return Outcome(cell, "disagree", "geen lijst")
        by_name = {n: c for c, n in o.gemeenten.items()}
        for point in ans.series.points:
            if cell.shape == "ranking":
                if point.label not in by_name:
                    return Outcome(cell, "parse", f"rangt {point.label}")
                codes, filt = [by_name[point.label]], None
            else:
                m = re.match(r"Segment (\d)", point.label)
                if not m:
                    return Outcome(cell, "parse", f"verdeelt {point.label}")
                codes, filt = list(cell.codes), ("segment", int(m.group(1)))
            exp = o.expected(cell.measure, codes, cell.period.start, cell.period.end, filt)
            if not _agrees(exp, point.value, cell.measure):
                return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
        values = [p.value or 0 for p in ans.series.points]
        if cell.shape == "ranking" and values != sorted(values, reverse=True):
            return Outcome(cell, "disagree", "ranglijst niet aflopend")
        return Outcome(cell, "ok")
    # series: every point, and the range: from the data's first year to the data end (per
    # maand/kwartaal) or the last full year (per jaar)
    if ans.series is None or not ans.series.points:
        return Outcome(cell, "disagree", "geen reeks")
    spans = [label_period(p.label, o.peildatum) for p in ans.series.points]
    if any(s is None for s in spans):
        return Outcome(cell, "parse", f"labels {[p.label for p in ans.series.points][:3]}")
    last = spans[-1]
    assert last is not None
    want_last = date(o.peildatum.year - 1, 12, 31) if cell.per == "jaar" else o.peildatum
    if last[1] != want_last:
        return Outcome(cell, "disagree", f"reeks eindigt {last[1]}, verwacht {want_last}")
    for point, span in zip(ans.series.points, spans, strict=True):
        assert span is not None
        exp = o.expected(cell.measure, list(cell.codes), span[0], span[1], seg)
        if not _agrees(exp, point.value, cell.measure):
            return Outcome(cell, "disagree", f"{point.label}: bot {point.value} oracle {exp}")
    return Outcome(cell, "ok")


# -- known parse failures: the bot understood another measure, period or area than asked --
# bot/intents/parse.py is being rewritten elsewhere; these phrasings are recorded, not fixed.
KNOWN_PARSE_FAILURES: dict[str, str] = {}


def known_parse_failure(cell: Cell) -> str | None:
    """Why a parse failure of this cell is known (recorded for the parser rewrite), or None."""
    if cell.question in KNOWN_PARSE_FAILURES:
        return KNOWN_PARSE_FAILURES[cell.question]
    if cell.filt is not None and cell.filt[0] == "aanbieder":
        return "no aanbieder filter in the monitor's vocabulary: the bot asks back"
    return None


def stratified(todo: list[Cell], sample: int) -> list[Cell]:
    """A deterministic sample in which every shape has its share, and at least 60 cells (or
    all it has), so that a shape with few cells is never left out of CI."""
    by_shape: dict[str, list[Cell]] = {}
    for cell in sorted(todo, key=Cell.sample_key):
        by_shape.setdefault(cell.shape, []).append(cell)
    quota = {
        s: max(min(60, len(c)), round(sample * len(c) / len(todo))) for s, c in by_shape.items()
    }
    while sum(quota.values()) > sample:  # the floors pushed it over: trim the largest share
        big = max(quota, key=lambda s: quota[s])
        quota[big] -= sum(quota.values()) - sample
    return [c for s, cs in by_shape.items() for c in cs[: quota[s]]]


def run(marts: Path, cache: Path, sample: int | None = None) -> tuple[list[Outcome], float]:
    from bot.config import Settings
    from bot.core import Jeugdbot
    from bot.evaluation import GOLDEN_TODAY
    from bot.models import Context

    o = Oracle(marts)
    settings = Settings(marts=marts, cache_dir=cache, _env_file=None)  # type: ignore[call-arg]
    bot = Jeugdbot(settings, today=GOLDEN_TODAY)
    todo = list(cells(o))
    if sample is not None:
        todo = stratified(todo, sample)
    started = time.perf_counter()
    out: list[Outcome] = []
    try:
        for cell in todo:
            ans = bot.answer(cell.question, Context(conversation_id=None, channel="api"))
            out.append(check(o, cell, ans))
    finally:
        bot.close()
        o.close()
    return out, time.perf_counter() - started


def grid_size(marts: Path) -> int:
    o = Oracle(marts)
    try:
        return sum(1 for _ in cells(o))
    finally:
        o.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--marts", type=Path, help="a built marts file (default: build the demo)")
    ap.add_argument("--scale", type=int, default=1, help="demo scale to build (10 = 10x)")
    ap.add_argument("--sample", type=int, help="only this many cells (the CI subset)")
    ap.add_argument("--show", type=int, default=30, help="disagreements to print")
    args = ap.parse_args(argv)
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="oracle-"))
    marts = args.marts
    if marts is None:
        from bot.marts.demo import build_demo

        marts = build_demo(tmp / f"demo-x{args.scale}.duckdb", scale=args.scale, progress=False)
    outcomes, secs = run(marts, tmp / "cache", args.sample)
    counts = Counter(x.status for x in outcomes)
    print(f"{len(outcomes)} cellen in {secs:.0f} s: {dict(counts)}")
    known = Counter(known_parse_failure(x.cell) for x in outcomes if x.status == "parse")
    for reason, n in known.items():
        print(f"  parse failures {'(new)' if reason is None else reason}: {n}")
    for x in [x for x in outcomes if x.status != "ok"][: args.show]:
        print(f"  {x.status:9} {x.cell.question!r}: {x.detail}")
    return 1 if counts["disagree"] else 0


if __name__ == "__main__":
    sys.exit(main())
