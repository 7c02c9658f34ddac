"""Compounds of a form of care and a measure ("pleegzorgcliënten", "gezinshuiskosten"): the
figure is the count of that form of care, never of all jeugdigen, and a measure word found only
as the tail of an unknown word ("xyzjeugdigen") is asked back.

The expected figures are counted here from the demo marts with SQL of this file (the
monitor's definitions: a youth in care has a trajectory that overlaps the period; costs are the
declarations of its months), or compared with the same question asked in separate words.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bot.core import Jeugdbot
from bot.models import Answer, Context, Kind


def ask(bot: Jeugdbot, q: str) -> Answer:
    return bot.answer(q, Context(conversation_id=None, channel="api"))


def bold(ans: Answer) -> list[str]:
    return re.findall(r"\*([^*]+)\*", ans.text)


def monitor_figure(ans: Answer) -> float:
    """The monitor's own count: after a quoted published figure, when one comes first."""
    text = ans.text.split("De monitor telt zelf: ", 1)[-1]
    return figure(re.findall(r"\*([^*]+)\*", text)[0])


def understood(ans: Answer) -> str:
    line = next((x for x in ans.text.splitlines() if x.startswith("Ik begreep")), "")
    assert line, ans.text
    return line


def figure(text: str) -> float:
    """'2.635' -> 2635, '€ 3.093.516 (€ 3,1 mln)' -> 3093516."""
    m = re.search(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", text)
    assert m, text
    return float(m.group(0).replace(".", "").replace(",", "."))


@pytest.fixture(scope="module")
def con(demo_marts: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(demo_marts), read_only=True)
    yield c
    c.close()


def codes_of(con: duckdb.DuckDBPyConnection, area: str) -> list[str]:
    if area == "regio":
        rows = con.execute("SELECT gemeente_code FROM dim_gemeente WHERE in_monitor").fetchall()
    else:
        rows = con.execute(
            "SELECT gemeente_code FROM dim_gemeente WHERE gemeente_naam = ?", [area]
        ).fetchall()
    assert rows, area
    return [r[0] for r in rows]


def expected(
    con: duckdb.DuckDBPyConnection, measure: str, where: str, value: object, area: str,
    start: date, end: date,
) -> float:  # fmt: skip
    """The filtered figure, counted from the raw marts."""
    codes = codes_of(con, area)
    if measure == "kosten":
        row = con.execute(
            f"""SELECT sum(d.bedrag_eur) FROM fact_declaratie AS d
            JOIN dim_product AS p USING (productcode)
            WHERE list_contains(?, d.gemeente_code) AND {where} = ?
              AND d.maand BETWEEN ? AND ?""",
            [codes, value, start, end],
        ).fetchone()
        return float(row[0] or 0) if row else 0.0
    what = {"jeugdigen": "count(DISTINCT t.client_id)", "lopend": "count(*)"}[measure]
    row = con.execute(
        f"""SELECT {what} FROM fact_traject AS t JOIN dim_product AS p USING (productcode)
        WHERE list_contains(?, t.gemeente_code) AND {where} = ?
          AND t.startdatum <= ? AND (t.einddatum IS NULL OR t.einddatum >= ?)""",
        [codes, value, end, start],
    ).fetchone()
    return float(row[0] or 0) if row else 0.0


Y2023 = (date(2023, 1, 1), date(2023, 12, 31))
Y2024 = (date(2024, 1, 1), date(2024, 12, 31))
Q2_2024 = (date(2024, 4, 1), date(2024, 6, 30))
H1_2023 = (date(2023, 1, 1), date(2023, 6, 30))
PRODUCT, SEGMENT = "p.productcode", "p.segment_nr"

# (question, measure, filter column, value, the answer's tag for it, area, period)
COMPOUNDS = [
    ("Hoeveel gezinshuiscliënten had Helmond in 2023?", "jeugdigen", PRODUCT, "43A10",
     "product 43A10", "Helmond", Y2023),
    ("hoeveel pleegzorgjeugdigen in 2024", "jeugdigen", PRODUCT, "43A09", "product 43A09",
     "regio", Y2024),
    ("Pleegzorgkinderen in Deurne in 2023", "jeugdigen", PRODUCT, "43A09", "product 43A09",
     "Deurne", Y2023),
    ("hoeveel woongroepjongeren waren er in het 2e kwartaal van 2024", "jeugdigen", PRODUCT,
     "43A14", "product 43A14", "regio", Q2_2024),
    ("aantal gezinshuisjeugdigen in Helmond in de eerste helft van 2023", "jeugdigen", PRODUCT,
     "43A10", "product 43A10", "Helmond", H1_2023),
    ("hoeveel S2-cliënten in Helmond in 2023", "jeugdigen", SEGMENT, 2, "segment 2", "Helmond",
     Y2023),
    ("gezinshuiskosten Helmond 2024", "kosten", PRODUCT, "43A10", "product 43A10", "Helmond",
     Y2024),
    ("wat waren de pleegzorgkosten in de regio in 2023", "kosten", PRODUCT, "43A09",
     "product 43A09", "regio", Y2023),
    ("hoeveel woongroepkosten had Helmond in het 2e kwartaal van 2024", "kosten", PRODUCT,
     "43A14", "product 43A14", "Helmond", Q2_2024),
    ("crisiskosten in 2023", "kosten", SEGMENT, 5, "segment 5", "regio", Y2023),
    ("hoeveel pleegzorgtrajecten liepen er in Helmond in 2023", "lopend", PRODUCT, "43A09",
     "product 43A09", "Helmond", Y2023),
]  # fmt: skip


@pytest.mark.parametrize(("q", "measure", "where", "value", "tag", "area", "period"), COMPOUNDS)
def test_a_compound_is_the_filtered_figure(
    bot: Jeugdbot, con: duckdb.DuckDBPyConnection, q: str, measure: str, where: str,
    value: object, tag: str, area: str, period: tuple[date, date],
) -> None:  # fmt: skip
    ans = ask(bot, q)
    assert ans.kind == Kind.ANSWER, (q, ans.text)
    want = expected(con, measure, where, value, area, *period)
    assert want >= 5, "a cell big enough not to be hidden by the small-number rule"
    # the monitor's own count (a published figure may be quoted before it)
    got = monitor_figure(ans)
    tol = 1.0 if measure == "kosten" else 0.0
    assert abs(got - want) <= tol, (q, got, want, ans.text[:300])
    assert tag in understood(ans), (q, understood(ans))


# (compound, the same question in separate words)
SAME_AS_TWO_WORDS = [
    ("verblijfskosten Helmond 2024", "kosten verblijf Helmond 2024"),
    ("hoeveel pleegzorgaanbieders waren er in 2024", "hoeveel aanbieders pleegzorg 2024"),
    ("hoeveel ggzcliënten in Asten in 2023", "jeugdigen in zorg ggz Asten 2023"),
    ("gemiddelde pleegzorgkosten per cliënt in 2023", "kosten per cliënt pleegzorg 2023"),
    ("hoeveel nieuwe gezinshuistrajecten in 2024", "gestarte trajecten gezinshuis regio 2024"),
    ("dyslexiekosten in Deurne in 2023", "kosten dyslexie Deurne 2023"),
    # a name of several words typed as one, alone or as the head of a compound
    ("hoeveel jeugdggzcliënten in Asten in 2023", "jeugdigen in zorg jeugd-ggz Asten 2023"),
    ("hoeveel segment2-jeugdigen in 2024", "hoeveel jeugdigen in segment 2 in 2024"),
    ("kosten segment2 Helmond 2023", "kosten segment 2 Helmond 2023"),
]


@pytest.mark.parametrize(("q", "plain"), SAME_AS_TWO_WORDS)
def test_a_compound_reads_as_its_two_words(bot: Jeugdbot, q: str, plain: str) -> None:
    ans, ref = ask(bot, q), ask(bot, plain)
    assert ref.kind == Kind.ANSWER, ref.text
    assert ans.kind == Kind.ANSWER, (q, ans.text)
    assert ans.slots.get("metric") == ref.slots.get("metric"), (q, ans.slots, ref.slots)
    assert bold(ans) == bold(ref), (q, ans.text[:300], ref.text[:300])
    assert understood(ans) == understood(ref)


UNKNOWN_PREFIX = [
    ("hoeveel xyzjeugdigen in 2024", "xyzjeugdigen"),
    ("aantal blablacliënten in Helmond in 2023", "blablaclienten"),  # named as folded
    ("hoeveel gezinshuisplekken waren er in Asten in 2024", "gezinshuisplekken"),
    ("hoeveel schoolkinderen hadden jeugdhulp in Deurne in 2023", "schoolkinderen"),
]


@pytest.mark.parametrize(("q", "word"), UNKNOWN_PREFIX)
def test_a_measure_only_as_the_tail_of_an_unknown_word_is_asked_back(
    bot: Jeugdbot, q: str, word: str
) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.CLARIFY, (q, ans.text)
    assert ans.intent == "onbekend_woord", (q, ans.intent, ans.text)
    assert word in ans.text, (q, ans.text)
    assert not bold(ans) or all(not re.search(r"\d", b) for b in bold(ans)), ans.text


# Words that are one name or one measure already: never split, the figure as before.
NOT_SPLIT = [
    ("zorgkosten regio 2023", "zorgkosten"),  # the annual accounts, not "zorg kosten"
    ("hoeveel pleegkinderen in Helmond in 2023", "jeugdigen"),  # an alias of pleegzorg
    ("hoeveel jeugdhulpcliënten in 2024", "jeugdigen"),  # all jeugdhulp, no form of care
]


@pytest.mark.parametrize(("q", "metric"), NOT_SPLIT)
def test_a_word_that_is_one_name_stays_one(bot: Jeugdbot, q: str, metric: str) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.ANSWER, (q, ans.text)
    assert ans.slots.get("metric") == metric, (q, ans.slots)


def test_pleegkinderen_is_pleegzorg(bot: Jeugdbot, con: duckdb.DuckDBPyConnection) -> None:
    ans = ask(bot, "hoeveel pleegkinderen in Helmond in 2023")
    assert "product 43A09" in understood(ans)
    assert monitor_figure(ans) == expected(con, "jeugdigen", PRODUCT, "43A09", "Helmond", *Y2023)


def test_all_jeugdhulp_clients_are_all_jeugdigen(bot: Jeugdbot) -> None:
    ans = ask(bot, "hoeveel jeugdhulpcliënten in 2024")
    ref = ask(bot, "hoeveel jeugdigen in zorg in 2024")
    assert bold(ans) == bold(ref), ans.text


@pytest.mark.parametrize(
    ("q", "value"),
    [
        ("Hoeveel pleegzorgcliënten zaten bij niet-gecontracteerde aanbieders?", "*14*"),
        ("hoeveel woongroepcliënten zaten bij niet-gecontracteerde aanbieders", "*8*"),
        # what "hoeveel" counts decides: the aanbieders, not the cliënten beside them
        ("bij hoeveel niet-gecontracteerde aanbieders zitten pleegzorgcliënten?", "*3*"),
    ],
)
def test_a_compound_finds_its_published_figure(bot: Jeugdbot, q: str, value: str) -> None:
    ans = ask(bot, q)
    assert ans.kind == Kind.ANSWER and ans.intent == "kengetal", (q, ans.intent, ans.text)
    assert value in ans.text, (q, ans.text[:300])


def test_the_split_is_driven_by_the_resolvers_names(bot: Jeugdbot) -> None:
    """Head and tail come from data: every one-word name of a form of care the resolver knows
    splits from every measure noun of the lexicon; names and single measures stay whole."""
    r = bot.resolver
    names = r.care_names()
    assert {"pleegzorg", "gezinshuis", "woongroep", "s2", "ggz", "crisis"} <= names
    for head in ("pleegzorg", "gezinshuis", "woongroep", "ggz", "s2"):
        for tail in ("clienten", "jeugdigen", "kinderen", "jongeren", "kosten", "trajecten"):
            assert r.split_compounds(f"hoeveel {head}{tail}") == f"hoeveel {head} {tail}"
    assert r.split_compounds("Verblijfskosten 2024") == "Verblijfs kosten 2024"
    assert r.split_compounds("Pleegzorgcliënten?") == "Pleegzorg cliënten?"
    assert r.split_compounds("jeugdggzkosten") == "jeugd ggz kosten"
    assert r.split_compounds("segment2kosten") == "segment 2 kosten"
    whole_words = ["zorgkosten", "pleegkinderen", "crisispleegzorg", "gezinshuisouders"]
    whole_words += ["xyzjeugdigen", "gezinshuisplekken", "jeugdhulpcliënten", "pleegzorg"]
    for whole in whole_words:
        assert r.split_compounds(whole) == whole
