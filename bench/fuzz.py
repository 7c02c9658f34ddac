"""Fuzz answer() with random Dutch-like questions and garbage (issue 6, checklist D9).

The same property runs in CI (tests/test_fuzz.py, 1,000 examples, derandomised) and from the
command line for longer runs:

    .venv/bin/python bench/fuzz.py --examples 20000 [--marts PATH] [--seed N]

For every generated question the real Jeugdbot on the real marts must: not raise; return an
Answer that survives a pydantic round-trip with a kind from Kind; send DuckDB only SQL that is
byte-identical to a template in queries/ that the guard registered (user text only ever in the
bound parameters); and answer within a second. The SQL is observed at DuckDB's cursor
(tests/sql_recorder.py), not taken from the Answer, so a query the Answer does not mention is
checked as well.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make bot/ and tests/ importable
    sys.path.insert(0, str(ROOT))

from bot.core import Jeugdbot  # noqa: E402
from bot.marts.sqlguard import registered  # noqa: E402
from bot.models import Answer, Context, Kind  # noqa: E402
from bot.paths import QUERIES_DIR  # noqa: E402
from tests.sql_recorder import SqlRecorder  # noqa: E402

# A second per answer is what issue 6 demands. It is asserted on the CPU time the process
# spends in answer() (DuckDB's threads included), which other jobs on a shared 2-core CI box
# cannot inflate; the wall clock only has to stay under a hang guard, since the same box at a
# load of 9 stretched a 0.17 s CPU answer to 0.37 s and a 1,000-character one past a second.
LIMIT_S = 1.0
HANG_S = 5.0

QUESTION_WORDS = [
    "hoeveel", "Hoeveel", "wat", "Wat waren", "welke", "welke gemeente", "waar", "wanneer",
    "hoe ontwikkelde", "vergelijk", "toon", "geef", "top 3", "waarom", "wie", "hoe is dat berekend",
    "wat betekent", "wat valt onder", "verdeling naar", "stijging", "groei", "daalden",
]  # fmt: skip
PLACES = [
    "Helmond", "Deurne", "Asten", "Someren", "Laarbeek", "Gemert-Bakel", "gemert bakle",
    "Geldrop Mierlo", "geldrop-mierlo", "Nuenen", "Son", "Son en Breugel", "Veldhoven", "Waalre",
    "Eindhoven", "Utrecht", "Den Bosch", "Bergen", "Mierlo", "GM0794", "GM0344", "helmnd",
    "deurn", "de regio", "10vdJ", "Een 10 voor de Jeugd", "Voorschoten", "Haaglanden",
    "Zuidoost-Brabant", "Amsterdam", "Asten en Someren", "Deurne met Asten", "Helmond vs Veldhoven",
]  # fmt: skip
METRICS = [
    "jeugdigen", "jeugdigen in zorg", "jeugdhulp", "kosten", "zorgkosten", "zorgkosten Jeugdwet",
    "trajecten gestart", "beëindigde trajecten", "lopende trajecten", "per 1.000 jeugdigen",
    "gemiddelde kosten per cliënt", "trajectduur", "kostenontwikkeling", "aanbieders",
    "verwijzers", "verblijf", "huisarts", "gecertificeerde instelling", "0-meting", "bijlage 2",
    "hervormingsagenda", "actie 4 van opgave 1", "VA", "cliënt", "BSN 123456782",
]  # fmt: skip
PERIODS = [
    "2019", "2021", "2022", "2023", "2024", "2025", "2030", "1999", "Q1 2024", "Q3 2023",
    "eerste helft 2023", "vorig jaar", "dit jaar", "sinds 2021", "afgelopen 3 jaar",
    "januari 2023", "in 2022?", "2022 en 2023", "van 2021 tot 2023", "kwartaal 5 2023",
]  # fmt: skip
SEGMENTS = [
    "segment 1", "segment 2", "segment 3", "segment 5", "segment 9", "s2", "S1-verblijf",
    "wonen", "gezinsnabij", "crisis", "pleegzorg", "gezinshuis", "43A09", "45A01", "99Z99",
    "per segment", "per product", "naar verwijzer", "per aanbieder", "per gemeente",
]  # fmt: skip
GLUE = [
    "in", "van", "met", "en", "voor", "per", "de", "het", "?", "!", ",", "en in 2022?",
    "en voor Deurne?", "en per segment?", "en vergeleken met vorig jaar?", "ik ben nieuw,",
]  # fmt: skip
SQL = [
    "'; DROP TABLE jeugd; --", '" OR 1=1 --', "$1", "?", "/* */", "UNION SELECT * FROM secret",
    "%s", ":gemeente", "{gemeenten}", "'); --", "1; SELECT 1", "select * from fact_traject",
    "toon tabel secret", "geef kolom client_id", "read_csv('/etc/passwd')", "PRAGMA database_list",
    "Utrecht'; DROP TABLE jeugd; --", "\\", "'", '"', ";", "--",
]  # fmt: skip
JUNK = [
    "\u200b", "\u200d", "\ufeff", "\u202e", "\u202d", "\u2066", "\xa0", "\u2028", "\u0301",
    "\x00", "\t", "\r\n", "😀", "🎉", "👍🏽", "🇳🇱", "❤️", "👨‍👩‍👧", "Ｕｔｒｅｃｈｔ", "Utrеcht",
    "Неlmond", "ﬁ", "ß", "İ", "ǅ", "\U0001d54f", "٣", "𝟤𝟢𝟤𝟥",
]  # fmt: skip
CONFUSABLES = str.maketrans("aeopcxyiAEOPCXHMT", "аеорсхуіАЕОРСХНМТ")  # Latin -> Cyrillic


def _full_width(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


@st.composite
def _mutated(draw: st.DrawFn, word: str) -> str:
    """A word as people and copy-paste mangle it: typos, case, invisible and look-alike chars."""
    how = draw(st.integers(0, 9))
    if how == 0 and len(word) > 2:  # drop a letter
        i = draw(st.integers(0, len(word) - 1))
        return word[:i] + word[i + 1 :]
    if how == 1 and len(word) > 2:  # swap two neighbours
        i = draw(st.integers(0, len(word) - 2))
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == 2:
        return word.upper()
    if how == 3:
        return _full_width(word)
    if how == 4:
        return word.translate(CONFUSABLES)
    if how == 5 and word:  # an invisible character inside the word
        i = draw(st.integers(0, len(word)))
        return word[:i] + draw(st.sampled_from(JUNK[:9])) + word[i:]
    return word


_WORDS = st.sampled_from(QUESTION_WORDS + PLACES + METRICS + PERIODS + SEGMENTS + GLUE)
TOKENS = st.one_of(
    _WORDS.flatmap(_mutated),
    _WORDS,
    st.sampled_from(SQL),
    st.sampled_from(JUNK),
    st.text(max_size=20),  # any Unicode except surrogates
    st.integers(-(10**12), 10**12).map(str),
)


def _slot(words: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(words).flatmap(_mutated)


# A question shaped like a real one ("hoeveel jeugdigen segment 2 in Deurne 2023"), so that
# many examples get past the refusals into parsing, resolving and the SQL templates.
SHAPED = st.tuples(
    _slot(QUESTION_WORDS),
    _slot(METRICS),
    st.one_of(st.just(""), _slot(SEGMENTS)),
    _slot(PLACES),
    st.one_of(st.just(""), _slot(PERIODS)),
    st.one_of(st.just(""), st.sampled_from(SQL + JUNK + GLUE)),
).map(lambda t: " ".join(x for x in t if x))


@st.composite
def questions(draw: st.DrawFn) -> str:
    """Random Dutch-like questions mixed with garbage; now and then a very long one."""
    if draw(st.integers(0, 2)) == 0:
        return draw(SHAPED)
    parts = draw(st.lists(TOKENS, max_size=14))
    text = draw(st.sampled_from([" ", " ", " ", "", "  ", "\n", ", "])).join(parts)
    size = draw(st.integers(0, 19))
    if size == 0:  # around and over the length cap, up to the 40.000 characters of I1
        text = (text or "Helmond ") * draw(st.integers(2, 5000))
        text = text[: draw(st.integers(900, 40_000))]
    elif size == 1:
        text = draw(st.text(min_size=50, max_size=400))
    return text


CONTEXTS = st.one_of(
    st.just(None),
    st.builds(
        Context,
        conversation_id=st.sampled_from(["fuzz-1", "fuzz-2", None]),
        channel=st.sampled_from(["web", "slack", "teams", "cli", "api"]),
        scope=st.sampled_from(
            [None, frozenset(), frozenset({"GM0762"}), frozenset({"GM0794", "GM0743"})]
        ),
    ),
)


def template_sql() -> frozenset[str]:
    """The text of every template file, read independently of the guard."""
    return frozenset(p.read_text(encoding="utf-8") for p in QUERIES_DIR.glob("*.sql"))


_SCALARS = (str, int, float, bool, dt.date, type(None))


def _plain(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(isinstance(v, _SCALARS) for v in value)
    return isinstance(value, _SCALARS)


@dataclass
class Stats:
    """What the fuzzer saw, for the command line's report."""

    times: list[float] = field(default_factory=list)  # wall clock, seconds
    cpu: list[float] = field(default_factory=list)  # process CPU time, seconds
    kinds: collections.Counter[str] = field(default_factory=collections.Counter)
    queries: int = 0
    slowest: tuple[float, str] = (0.0, "")


class Fuzzer:
    """One Jeugdbot on one marts file with its cursor observed; `check()` is the property."""

    def __init__(self, bot: Jeugdbot) -> None:
        self.bot = bot
        self.recorder = SqlRecorder(bot.warehouse)
        self.templates = template_sql()
        self.stats = Stats()
        bot.answer("Hoeveel jeugdigen hadden in 2023 jeugdhulp in Helmond?")  # load everything

    def check(self, question: str, context: Context | None = None) -> Answer:
        self.recorder.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        ans = self.bot.answer(question, context)  # must not raise
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        assert isinstance(ans, Answer)
        assert Answer.model_validate(ans.model_dump()) == ans
        assert ans.kind in set(Kind) and ans.text.strip()
        registered_sql = {q.sql for q in registered().values()}
        for sql, params in self.recorder.calls:
            # Byte-identical to a template file and to what the guard validated: no user text
            # ever became SQL text, whatever the question held.
            assert isinstance(sql, str)
            assert sql in self.templates, f"SQL not from queries/: {sql[:200]!r}"
            assert sql in registered_sql, f"SQL not registered by the guard: {sql[:200]!r}"
            assert params is None or (
                isinstance(params, dict) and all(_plain(v) for v in params.values())
            ), f"parameters not plain values: {params!r}"
        assert cpu < LIMIT_S, f"{cpu:.3f} s CPU for {question[:120]!r}"
        assert elapsed < HANG_S, f"{elapsed:.3f} s for {question[:120]!r}"
        s = self.stats
        s.times.append(elapsed)
        s.cpu.append(cpu)
        s.kinds[ans.kind.value] += 1
        s.queries += len(self.recorder.calls)
        if elapsed > s.slowest[0]:
            s.slowest = (elapsed, question[:80])
        return ans


def run(fuzzer: Fuzzer, examples: int, seed: int | None = None) -> None:
    """Run the property for `examples` generated questions (derandomised unless a seed)."""

    @settings(
        max_examples=examples,
        deadline=None,  # the one-second bound is asserted on answer() alone
        derandomize=seed is None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(question=questions(), context=CONTEXTS)
    def prop(question: str, context: Context | None) -> None:
        fuzzer.check(question, context)

    if seed is not None:
        from hypothesis import seed as hseed

        prop = hseed(seed)(prop)
    prop()


def report(stats: Stats, wall_s: float) -> str:
    def summary(xs: list[float]) -> str:
        t = sorted(xs)
        p = lambda q: 1000 * t[min(len(t) - 1, int(q * len(t)))]  # noqa: E731
        return (
            f"mean {1000 * statistics.mean(t):.1f} ms, p50 {p(0.5):.1f} ms, "
            f"p99 {p(0.99):.1f} ms, max {1000 * t[-1]:.1f} ms"
        )

    return (
        f"examples {len(stats.times)} in {wall_s:.1f} s\n"
        f"answer() wall {summary(stats.times)} (slowest: {stats.slowest[1]!r})\n"
        f"answer() CPU  {summary(stats.cpu)}\n"
        f"kinds {dict(stats.kinds)}; queries executed {stats.queries}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=20_000)
    ap.add_argument("--marts", type=Path, help="a marts file (default: build the demo marts)")
    ap.add_argument("--seed", type=int, help="random seed (default: derandomised, as in CI)")
    args = ap.parse_args(argv)

    from bot.config import Settings

    with tempfile.TemporaryDirectory() as tmp:
        marts = args.marts
        if marts is None:
            from bot.marts.demo import build_demo

            marts = build_demo(Path(tmp) / "demo-marts.duckdb", progress=False)
        cfg = Settings(marts=marts, cache_dir=Path(tmp) / "cache", _env_file=None)  # type: ignore[call-arg]
        bot = Jeugdbot(cfg)
        try:
            fuzzer = Fuzzer(bot)
            started = time.perf_counter()
            run(fuzzer, args.examples, args.seed)
            print(report(fuzzer.stats, time.perf_counter() - started))
        finally:
            bot.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
